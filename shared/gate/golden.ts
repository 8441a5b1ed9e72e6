// A golden set on disk: `images/` plus COCO ground truth (`instances.json`), optionally
// `expectations.yaml` (per image, classes that must be detected). Shards split it by image.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { InputError, RolloutError } from '../errors.js';
import type { CocoGroundTruth } from './coco.js';

export interface GoldenImage {
  id: number;
  file: string;
  fileName: string;
  width: number;
  height: number;
}

export interface GoldenSet {
  dir: string;
  gt: CocoGroundTruth;
  images: GoldenImage[];
  categoryByName: Map<string, number>;
  /** image file name -> class names that must be found there. */
  mustDetect: Map<string, string[]>;
}

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string | undefined): Shard | undefined {
  if (!text) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new InputError('shard', `'${text}' is not i/n with 1 <= i <= n`);
  }
  return { index, count };
}

/** Images of one shard: every n-th image by id, so shards stay balanced and disjoint. */
export function shardImages(images: readonly GoldenImage[], shard: Shard | undefined): GoldenImage[] {
  const sorted = [...images].sort((a, b) => a.id - b.id);
  return shard ? sorted.filter((_, i) => i % shard.count === shard.index - 1) : sorted;
}

export async function loadGoldenSet(dir: string): Promise<GoldenSet> {
  const gtPath = path.join(dir, 'instances.json');
  if (!existsSync(gtPath))
    throw new InputError('golden', `${gtPath} does not exist`, 'a golden set is images/ plus instances.json');
  let gt: CocoGroundTruth;
  try {
    gt = JSON.parse(await readFile(gtPath, 'utf8')) as CocoGroundTruth;
  } catch (e) {
    throw new InputError('golden', `${gtPath} is not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(gt.images) || !Array.isArray(gt.annotations) || !Array.isArray(gt.categories)) {
    throw new InputError('golden', `${gtPath} is not COCO ground truth (images, annotations, categories)`);
  }
  const images = gt.images.map((img) => {
    const file = path.join(dir, 'images', img.file_name);
    if (!existsSync(file))
      throw new RolloutError('GoldenImageMissing', `golden image ${file} is missing`, { resource: file });
    return { id: img.id, file, fileName: img.file_name, width: img.width, height: img.height };
  });
  const mustDetect = new Map<string, string[]>();
  const expectations = path.join(dir, 'expectations.yaml');
  if (existsSync(expectations)) {
    const doc = parse(await readFile(expectations, 'utf8')) as {
      must_detect?: Record<string, string[]>;
    } | null;
    for (const [file, classes] of Object.entries(doc?.must_detect ?? {})) mustDetect.set(file, classes);
  }
  return { dir, gt, images, categoryByName: new Map(gt.categories.map((c) => [c.name, c.id])), mustDetect };
}
