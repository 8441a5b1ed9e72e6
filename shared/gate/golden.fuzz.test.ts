// Issue 15's fuzz test of the golden-set reader: seeded random and mutated ground truth (starting
// from fixtures/golden/instances.json: fields deleted or replaced by any JSON value, ids, boxes and
// file_names made hostile, arrays emptied or replaced, raw text truncated or garbled) plus random
// expectations.yaml, each written into a temp golden folder and read by loadGoldenSet. No input may
// crash the reader or leave an unhandled rejection; every refusal is a RolloutError with a code,
// never a raw TypeError/RangeError/ENOENT.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RolloutError } from '../errors.js';
import { loadGoldenSet } from './golden.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/golden/instances.json');
let dir: string;
let original: Record<string, unknown>;
const rejections: unknown[] = [];
const onRejection = (e: unknown) => rejections.push(e);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  original = JSON.parse(await readFile(FIXTURE, 'utf8')) as Record<string, unknown>;
  dir = await mkdtemp(path.join(os.tmpdir(), 'golden-fuzz-'));
  const images = path.join(dir, 'images');
  await mkdir(path.join(images, 'sub'), { recursive: true });
  // The fixture's images as empty files (the reader resolves them, it never decodes them), a
  // folder where an image could be, and links that stay inside and leave the folder.
  for (const img of original.images as Array<{ file_name: string }>)
    await writeFile(path.join(images, img.file_name), '');
  await writeFile(path.join(images, 'sub', 'inner.jpg'), '');
  await symlink('sub/inner.jpg', path.join(images, 'link-inside.jpg'));
  await symlink('/etc/passwd', path.join(images, 'link-outside.jpg'));
  await symlink('loop-b.jpg', path.join(images, 'loop-a.jpg'));
  await symlink('loop-a.jpg', path.join(images, 'loop-b.jpg'));
  await symlink('nowhere.jpg', path.join(images, 'dangling.jpg'));
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What a careless or hostile set puts where a file_name goes. */
const hostileFileName = fc.oneof(
  fc.constantFrom(
    '../../etc/passwd',
    '/etc/passwd',
    'link-outside.jpg',
    'link-inside.jpg',
    'loop-a.jpg',
    'dangling.jpg',
    'sub',
    'sub/',
    '.',
    '..',
    '',
    'missing.jpg',
    'a\u0000b.jpg',
    'sub/../large-01.jpg',
    '%2e%2e/%2e%2e/etc/passwd',
    'C:\\Windows\\win.ini',
    'x'.repeat(5000),
  ),
  fc.string(),
  fc.anything(),
);

/** Values for ids, boxes, sizes: numbers at their edges, other types, nothing. */
const oddValue = fc.oneof(
  fc.constantFrom(0, -1, 1e308, -0, 0.5, Number.MAX_SAFE_INTEGER + 2, null, '', '1', true, [], {}),
  fc.double(),
  fc.integer(),
  fc.array(fc.oneof(fc.double(), fc.constant(null), fc.string()), { maxLength: 6 }),
  fc.anything({ maxDepth: 2 }),
);

type Json = unknown;
/** One mutation of the ground truth: a path into it (indices and keys) and what to do there. */
const mutation = fc.record({
  section: fc.constantFrom('images', 'annotations', 'categories', 'info', '(root)'),
  index: fc.nat(40),
  key: fc.constantFrom(
    'id',
    'file_name',
    'width',
    'height',
    'image_id',
    'category_id',
    'bbox',
    'area',
    'iscrowd',
    'name',
    '__proto__',
    'constructor',
    'extra',
  ),
  op: fc.constantFrom('set', 'delete', 'replaceItem', 'replaceSection', 'emptySection', 'duplicateItem'),
  value: fc.oneof(oddValue, hostileFileName),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(doc: Record<string, Json>, m: Mutation) {
  if (m.section === '(root)') {
    if (m.op === 'delete') delete doc[m.key];
    else doc[m.key] = m.value;
    return;
  }
  const list = doc[m.section];
  if (m.op === 'replaceSection') {
    doc[m.section] = m.value;
    return;
  }
  if (m.op === 'emptySection') {
    doc[m.section] = [];
    return;
  }
  if (!Array.isArray(list) || list.length === 0) return;
  const i = m.index % list.length;
  if (m.op === 'replaceItem') list[i] = m.value;
  else if (m.op === 'duplicateItem') list.push(structuredClone(list[i]));
  else {
    const item = list[i] as Record<string, Json> | null;
    if (typeof item !== 'object' || item === null) return;
    if (m.op === 'delete') delete item[m.key];
    else if (m.key === 'file_name' && m.section === 'images') item.file_name = m.value;
    else item[m.key] = m.value;
  }
}

/** The text written: the mutated document, or raw text that is not quite JSON. */
const groundTruthText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.array(mutation, { minLength: 1, maxLength: 6 }).map((ms) => {
      const doc = structuredClone(original);
      for (const m of ms) apply(doc, m);
      return JSON.stringify(doc);
    }),
  },
  {
    weight: 1,
    arbitrary: fc.nat(4000).map((n) => JSON.stringify(original).slice(0, n)),
  },
  { weight: 1, arbitrary: fc.constantFrom('null', '[]', '0', '"x"', '{}', 'true', '{"images":null}') },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string() },
);

const expectationsText = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    'must_detect: { large-01.jpg: [valve] }',
    'must_detect: 3',
    'must_detect: [a, b]',
    'must_detect: { large-01.jpg: valve }',
    'must_detect: { large-01.jpg: [1, null, {a: 1}] }',
    '- just a list',
    ': : not yaml [',
    '"unterminated',
    'a: &x [*x]',
    '',
  ),
  fc.string(),
);

async function readSet(gtText: string, expectations: string | undefined) {
  await writeFile(path.join(dir, 'instances.json'), gtText);
  const exp = path.join(dir, 'expectations.yaml');
  if (expectations === undefined) await rm(exp, { force: true });
  else await writeFile(exp, expectations);
  return loadGoldenSet(dir);
}

describe('golden-set reader under random and mutated input', () => {
  it('reads the untouched fixture (the starting point is valid)', async () => {
    const set = await readSet(JSON.stringify(original), undefined);
    expect(set.images.length).toBe((original.images as unknown[]).length);
  });

  // Found by this fuzz test: each was a raw TypeError (or a YAML parser error) before.
  it.each([
    ['null', undefined, /not COCO ground truth/],
    ['7', undefined, /not COCO ground truth/],
    [undefined, 'must_detect: 3', /must_detect must map image file names/],
    [undefined, 'must_detect: { large-01.jpg: valve }', /must_detect.large-01.jpg must be a list/],
    [undefined, '- just a list', /must be a mapping/],
    [undefined, '"unterminated', /is not valid YAML/],
  ])('regression: instances %s, expectations %s is refused with a code', async (gt, exp, message) => {
    const err = await readSet(gt ?? JSON.stringify(original), exp).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutError);
    expect((err as RolloutError).code).toMatch(/^(InvalidInput|InvalidGoldenSet)$/);
    expect((err as Error).message).toMatch(message);
  });

  it('never crashes: every refusal is a RolloutError with a code', async () => {
    await fc.assert(
      fc.asyncProperty(groundTruthText, expectationsText, async (gt, exp) => {
        try {
          await readSet(gt, exp);
        } catch (e) {
          if (!(e instanceof RolloutError) || typeof e.code !== 'string' || e.code === '') {
            throw new Error(`not a RolloutError: ${String((e as Error)?.stack ?? e)}`);
          }
        }
      }),
      { seed: 20261215, numRuns: 1000, endOnFailure: true },
    );
    expect(rejections).toEqual([]);
  });
});
