// A golden set on disk: `images/` plus COCO ground truth (`instances.json`), optionally
// `expectations.yaml` (per image, classes that must be detected). Shards split it by image.
// Every `file_name` is resolved when the set is loaded, before any request, and must stay inside
// `images/` (shared/files/contained): a set from a pull request must not read other files.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { InputError, RolloutError } from '../errors.js';
import {
  type ContainedEntry,
  ContainmentError,
  type Folder,
  openFolder,
  resolveInside,
} from '../files/contained.js';
import type { CocoGroundTruth } from './coco.js';

export interface GoldenImage {
  id: number;
  /** What is read: `images/<file_name>` with its links resolved, inside `images/`. */
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
  const folder = await openImagesFolder(dir);
  const images: GoldenImage[] = [];
  for (const img of gt.images) images.push(await resolveImage(folder, img, gtPath));
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

async function openImagesFolder(dir: string): Promise<Folder> {
  const images = path.join(dir, 'images');
  const st = await stat(images).catch(() => undefined);
  if (!st?.isDirectory())
    throw new InputError(
      'golden',
      `${images} is not a folder`,
      'a golden set is images/ plus instances.json',
    );
  return openFolder(images, 'golden set images folder');
}

/** One ground-truth image: its file must be a file inside `images/`. */
async function resolveImage(
  folder: Folder,
  img: CocoGroundTruth['images'][number],
  gtPath: string,
): Promise<GoldenImage> {
  const entry = `image ${String(img.id)} ('${String(img.file_name)}' in ${gtPath})`;
  if (typeof img.file_name !== 'string' || img.file_name === '')
    throw new InputError('golden', `${entry}: file_name must be a path relative to images/`);
  let found: ContainedEntry | undefined;
  try {
    found = await resolveInside(
      folder,
      img.file_name,
      'keep every golden image inside images/ and give file_name relative to it',
    );
  } catch (e) {
    // The same refusal, said of the ground-truth entry that asked for it.
    if (!(e instanceof ContainmentError)) throw e;
    throw new ContainmentError(
      e.problem,
      e.resource ?? entry,
      `golden ${entry}: ${e.message}`,
      e.remediation ?? '',
      e,
    );
  }
  if (!found)
    throw new RolloutError(
      'GoldenImageMissing',
      `golden ${entry}: ${path.join(folder.path, img.file_name)} is missing`,
      {
        resource: path.join(folder.path, img.file_name),
        remediation: 'add the image to images/ or remove its entry (and its annotations) from instances.json',
      },
    );
  if (!found.stats.isFile())
    throw new RolloutError(
      'GoldenImageNotAFile',
      `golden ${entry}: ${found.path} is ${found.stats.isDirectory() ? 'a folder' : 'not a regular file'}, not an image`,
      { resource: found.path, remediation: 'file_name must name an image file inside images/' },
    );
  return { id: img.id, file: found.real, fileName: img.file_name, width: img.width, height: img.height };
}
