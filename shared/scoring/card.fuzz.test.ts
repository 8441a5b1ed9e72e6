// Issue 15's fuzz test of the model-card reader and the inference-parameter parser: seeded random
// and mutated cards (the fixtures' cards with fields deleted or replaced by any value, then written
// back as YAML, or raw text garbled), and random parameter names, values, environments and
// `key=value` items. Nothing may crash a reader: every refusal is a RolloutError with a code (a
// ModelCardError, an InputError), never a raw TypeError/RangeError/YAML error.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { RolloutError } from '../errors.js';
import { parsePairs } from '../inputs/parse.js';
import {
  AUTOML_INFERENCE_DEFAULTS,
  checkedInferenceOverridesFromEnv,
  INFERENCE_PARAM_NAMES,
  inferenceOverridesFromEnv,
  loadModelCard,
  overrideInference,
  parseModelCard,
  parseModelCardText,
} from './card.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const CARDS = [
  'fixtures/scoring/tiny-detector.yaml',
  'fixtures/models/v1/model-card.yaml',
  'fixtures/models/v1/model-raw-card.yaml',
  'fixtures/acceptance-cards/version-RFB-320_without_postprocessing.yaml',
  'fixtures/acceptance-cards/version-RFB-640.yaml',
];
let cards: Array<{ text: string; doc: Record<string, unknown> }>;
let dir: string;
const rejections: unknown[] = [];
const onRejection = (e: unknown) => rejections.push(e);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  cards = await Promise.all(
    CARDS.map(async (f) => {
      const text = await readFile(path.join(REPO, f), 'utf8');
      return { text, doc: parse(text) as Record<string, unknown> };
    }),
  );
  dir = await mkdtemp(path.join(os.tmpdir(), 'card-fuzz-'));
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Fails the property unless `run` returns or throws a RolloutError with a code. */
function onlyRolloutErrors(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof RolloutError) || typeof e.code !== 'string' || e.code === '')
      throw new Error(`not a RolloutError: ${String((e as Error)?.stack ?? e)}`);
  }
}

const oddValue = fc.oneof(
  fc.constantFrom(0, -1, 1e308, -0, 0.5, 255, 256, null, '', 'x', true, [], {}, [1, 2], [0, 0, 0, 0]),
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.array(fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)), { maxLength: 5 }),
  fc.anything({ maxDepth: 2 }),
);

/** Every path to a value in a document (keys and indices), so a mutation can reach any field. */
function pathsOf(doc: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (doc && typeof doc === 'object')
    for (const [k, v] of Object.entries(doc)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

const mutation = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('set', 'delete', 'addKey'),
  key: fc.constantFrom('extra', '__proto__', 'constructor', 'toString', 'tile_grid_size', 'classes'),
  value: oddValue,
});
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(doc: Record<string, unknown>, m: Mutation): Record<string, unknown> {
  const paths = pathsOf(doc);
  const at = paths[m.pick % paths.length] ?? [];
  if (at.length === 0) return m.op === 'set' ? (m.value as Record<string, unknown>) : doc;
  let parent: Record<string | number, unknown> = doc;
  for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = at[at.length - 1] as string | number;
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else Reflect.deleteProperty(parent, last);
  } else if (m.op === 'addKey') {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target))
      Reflect.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true });
  } else Reflect.set(parent, last, m.value);
  return doc;
}

/** A card document: one of the fixtures' cards with up to 6 mutations. */
const mutatedCard = fc
  .record({ which: fc.nat(CARDS.length - 1), ms: fc.array(mutation, { minLength: 1, maxLength: 6 }) })
  .map(({ which, ms }) => {
    let doc = structuredClone(cards[which]?.doc ?? {});
    for (const m of ms) doc = apply(doc, m);
    return doc;
  });

/** Card text: a mutated card as YAML, a fixture's text cut or spliced, or any string. */
const cardText = fc.oneof(
  { weight: 4, arbitrary: mutatedCard.map((d) => stringify(d)) },
  {
    weight: 2,
    arbitrary: fc
      .record({ which: fc.nat(CARDS.length - 1), at: fc.nat(3000), insert: fc.string({ maxLength: 20 }) })
      .map(({ which, at, insert }) => {
        const text = cards[which]?.text ?? '';
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + insert.length);
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'null', '[]', '7', '{', 'a: &x [*x, *x]', '!!binary AAAA', '? [a]\n: b'),
  },
  { weight: 1, arbitrary: fc.string() },
);

describe('model-card reader under random and mutated input', () => {
  it('reads the untouched fixtures (the starting points are valid)', () => {
    for (const [i, c] of cards.entries())
      expect(parseModelCardText(c.text, CARDS[i]).classes.length).toBeGreaterThan(0);
  });

  it('parseModelCard / parseModelCardText never crash: every refusal is a RolloutError', () => {
    fc.assert(
      fc.property(mutatedCard, cardText, (doc, text) => {
        onlyRolloutErrors(() => parseModelCard(doc, 'fuzz.yaml'));
        onlyRolloutErrors(() => parseModelCardText(text, 'fuzz.yaml'));
      }),
      { seed: 20261216, numRuns: 800, endOnFailure: true },
    );
  });

  it('loadModelCard on files holding the same never crashes', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(cardText, async (text) => {
        const file = path.join(dir, `card-${n++}.yaml`);
        await writeFile(file, text);
        await loadModelCard(file).catch((e: unknown) => {
          if (!(e instanceof RolloutError)) throw new Error(`not a RolloutError: ${String(e)}`);
        });
      }),
      { seed: 20261217, numRuns: 150, endOnFailure: true },
    );
    const missing = await loadModelCard(path.join(dir, 'nope.yaml')).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'ModelCardNotFound' });
    expect(rejections).toEqual([]);
  });
});

/** Parameter names: the six AutoML names mostly, and others (cased, prototype keys, junk). */
const paramName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INFERENCE_PARAM_NAMES) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('BOX_SCORE_THRESH', 'box_thresh', '__proto__', 'constructor', 'toString', ''),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
/** Values as they come: strings from an environment or a `--param`, or any value from a request. */
const paramValue = fc.oneof(
  fc.constantFrom('400x400', '3x2', '0x0', '16x5', '(3, 2)', '1e3', 'NaN', 'Infinity', '-0', ' 0.5 ', '0x10'),
  fc.constantFrom('none', '', ' ', '1,1', '999999x999999', '1.5x2', [3, 2], [400, 400], [1], ['a', 'b']),
  fc.string({ maxLength: 16 }),
  fc.double(),
  fc.integer(),
  fc.anything({ maxDepth: 1 }),
);

describe('inference-parameter parser under random names and values', () => {
  it('overrideInference never crashes, with or without an origin', () => {
    fc.assert(
      fc.property(
        fc.dictionary(paramName, paramValue, { maxKeys: 4 }),
        fc.option(fc.constantFrom('params', 'deployment', '--param', 'environment variable X')),
        (overrides, origin) => {
          onlyRolloutErrors(() =>
            overrideInference(AUTOML_INFERENCE_DEFAULTS, overrides, origin === null ? undefined : origin),
          );
        },
      ),
      { seed: 20261218, numRuns: 2000, endOnFailure: true },
    );
  });

  it('environments and key=value items never crash the readers that feed it', () => {
    const envName = fc.oneof(
      fc.constantFrom(...INFERENCE_PARAM_NAMES.map((n) => n.toUpperCase())),
      fc.string({ maxLength: 10 }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(envName, fc.oneof(fc.string({ maxLength: 16 }), paramValue.map(String)), {
          maxKeys: 5,
        }),
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 20 }),
            fc.tuple(paramName, fc.string()).map(([k, v]) => `${k}=${v}`),
          ),
          {
            maxLength: 4,
          },
        ),
        (env, items) => {
          onlyRolloutErrors(() =>
            overrideInference(AUTOML_INFERENCE_DEFAULTS, inferenceOverridesFromEnv(env), 'deployment'),
          );
          onlyRolloutErrors(() => checkedInferenceOverridesFromEnv(AUTOML_INFERENCE_DEFAULTS, env));
          onlyRolloutErrors(() =>
            overrideInference(AUTOML_INFERENCE_DEFAULTS, parsePairs('params', items), 'params'),
          );
        },
      ),
      { seed: 20261219, numRuns: 2000, endOnFailure: true },
    );
  });
});
