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
  // Valid JSON is not yet an object (`null`, a number, a list).
  if (
    typeof gt !== 'object' ||
    gt === null ||
    !Array.isArray(gt.images) ||
    !Array.isArray(gt.annotations) ||
    !Array.isArray(gt.categories)
  ) {
    throw new InputError('golden', `${gtPath} is not COCO ground truth (images, annotations, categories)`);
  }
  const folder = await openImagesFolder(dir);
  checkGroundTruth(gt, gtPath);
  const images: GoldenImage[] = [];
  for (const img of gt.images) images.push(await resolveImage(folder, img, gtPath));
  const expectations = path.join(dir, 'expectations.yaml');
  const mustDetect = existsSync(expectations) ? await readExpectations(expectations) : new Map();
  return { dir, gt, images, categoryByName: new Map(gt.categories.map((c) => [c.name, c.id])), mustDetect };
}

/** `expectations.yaml`: `must_detect: { <file_name>: [class, ...] }`, every value checked. */
async function readExpectations(file: string): Promise<Map<string, string[]>> {
  const refuse = (why: string) =>
    new RolloutError('InvalidGoldenSet', `golden set ${file}: ${why}`, {
      resource: file,
      remediation: 'expectations.yaml is `must_detect:` mapping image file names to lists of class names',
    });
  let doc: unknown;
  try {
    doc = parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw refuse(`is not valid YAML (${(e as Error).message})`);
  }
  const mustDetect = new Map<string, string[]>();
  if (doc === null || doc === undefined) return mustDetect;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw refuse('must be a mapping');
  const given = (doc as Record<string, unknown>).must_detect;
  if (given === undefined || given === null) return mustDetect;
  if (typeof given !== 'object' || Array.isArray(given))
    throw refuse('must_detect must map image file names to lists of class names');
  for (const [name, classes] of Object.entries(given as Record<string, unknown>)) {
    if (!Array.isArray(classes) || !classes.every((c) => typeof c === 'string' && c !== ''))
      throw refuse(`must_detect.${name} must be a list of class names, got ${show(classes)}`);
    mustDetect.set(name, classes as string[]);
  }
  return mustDetect;
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

/** Errors listed in one refusal; the rest are counted (a hostile file may hold millions). */
const MAX_LISTED_ERRORS = 50;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const show = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v));

/** The ground truth as a whole, before anything is scored: a set that cannot measure anything (no
 * image, no annotation) or whose annotations point nowhere or hold boxes that are not boxes would
 * give AP = -1 or silently wrong metrics, so every such error is listed, each with its index.
 * Fills a missing `area` with the box's w * h (as pycocotools' loadRes does for results). */
export function checkGroundTruth(gt: CocoGroundTruth, gtPath: string): void {
  const errors: string[] = [];
  const categoryIds = new Set<unknown>();
  const names = new Set<string>();
  for (const [i, c] of (gt.categories as unknown[]).entries()) {
    const cat = (c ?? {}) as Record<string, unknown>;
    if (!isNumber(cat.id)) errors.push(`categories[${i}]: id must be a number, got ${show(cat.id)}`);
    else if (categoryIds.has(cat.id)) errors.push(`categories[${i}]: id ${cat.id} is used twice`);
    categoryIds.add(cat.id);
    if (typeof cat.name !== 'string' || cat.name === '')
      errors.push(`categories[${i}]: name must be a non-empty string, got ${show(cat.name)}`);
    else if (names.has(cat.name)) errors.push(`categories[${i}]: name '${cat.name}' is used twice`);
    else names.add(cat.name);
  }
  const imageIds = new Set<unknown>();
  for (const [i, m] of (gt.images as unknown[]).entries()) {
    const img = (m ?? {}) as Record<string, unknown>;
    if (!isNumber(img.id)) errors.push(`images[${i}]: id must be a number, got ${show(img.id)}`);
    else if (imageIds.has(img.id)) errors.push(`images[${i}]: id ${img.id} is used twice`);
    imageIds.add(img.id);
    for (const k of ['width', 'height'] as const)
      if (!isNumber(img[k]) || img[k] <= 0)
        errors.push(`images[${i}]: ${k} must be a positive number, got ${show(img[k])}`);
  }
  const annotationIds = new Set<unknown>();
  for (const [i, a] of (gt.annotations as unknown[]).entries()) {
    const ann = (a ?? {}) as Record<string, unknown>;
    const at = `annotations[${i}]`;
    if (!isNumber(ann.id)) errors.push(`${at}: id must be a number, got ${show(ann.id)}`);
    else if (annotationIds.has(ann.id)) errors.push(`${at}: id ${ann.id} is used twice`);
    annotationIds.add(ann.id);
    if (!imageIds.has(ann.image_id))
      errors.push(`${at}: image_id ${show(ann.image_id)} is not the id of an image in images`);
    if (!categoryIds.has(ann.category_id))
      errors.push(`${at}: category_id ${show(ann.category_id)} is not the id of a category in categories`);
    const box = ann.bbox;
    if (!Array.isArray(box) || box.length !== 4 || !box.every(isNumber))
      errors.push(`${at}: bbox must be [x, y, width, height] (4 finite numbers), got ${show(box)}`);
    else if ((box[2] as number) <= 0 || (box[3] as number) <= 0)
      errors.push(`${at}: bbox ${show(box)} has a width or height that is not positive`);
    else if (ann.area === undefined) ann.area = (box[2] as number) * (box[3] as number);
    if (ann.area !== undefined && (!isNumber(ann.area) || ann.area < 0))
      errors.push(`${at}: area must be a number >= 0, got ${show(ann.area)}`);
    if (ann.iscrowd !== undefined && ann.iscrowd !== 0 && ann.iscrowd !== 1)
      errors.push(`${at}: iscrowd must be 0 or 1, got ${show(ann.iscrowd)}`);
  }
  if (gt.images.length === 0) errors.push('images: the set has no image');
  if (gt.categories.length === 0) errors.push('categories: the set has no category');
  if (gt.annotations.length === 0)
    errors.push('annotations: the set has no annotation, so no metric could be measured (AP would be -1)');
  if (errors.length === 0) return;
  const listed = errors.slice(0, MAX_LISTED_ERRORS);
  const more = errors.length - listed.length;
  throw new RolloutError(
    'InvalidGoldenSet',
    `golden set ${gtPath} has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n  ${listed.join('\n  ')}${more > 0 ? `\n  ... and ${more} more` : ''}`,
    {
      resource: gtPath,
      remediation:
        'fix instances.json: every annotation needs a known image_id and category_id and a bbox [x, y, w, h] with w, h > 0 (docs/gate.md)',
    },
  );
}
