// Must-show 1 and 2 on the fixture detector family (fixtures/models, fixtures/golden):
// parity with the torch references (same class, IoU >= 0.99, |score diff| <= 1e-3 for every
// detection of every golden image, untiled and tiled), and accuracy with a greedy AP50 matcher.
// Versions whose model or reference has not been generated yet are skipped by name.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelCard } from './card.js';
import { type Box, iou } from './detection.js';
import { type CocoResult, toCoco } from './format.js';
import { DetectionScorer } from './scorer.js';
import { ap50, type CocoDataset, REPO } from './test-support.js';

const GOLDEN = path.join(REPO, 'fixtures/golden');
const MODELS = path.join(REPO, 'fixtures/models');
const haveGolden = existsSync(path.join(GOLDEN, 'instances.json'));
const gt: CocoDataset = haveGolden
  ? JSON.parse(readFileSync(path.join(GOLDEN, 'instances.json'), 'utf8'))
  : { images: [], annotations: [], categories: [] };
const large = new Set(gt.images.filter((i) => i.width >= 1600 && i.height >= 1200).map((i) => i.id));
const categoryIds = new Map(gt.categories.map((c) => [c.name, c.id]));
const TILED = { tile_grid_size: '3x2' };

const hasModel = (v: string, file = 'model.onnx') => existsSync(path.join(MODELS, v, file));
const referencePath = (v: string) => path.join(GOLDEN, 'reference', `${v}.json`);

async function scoreAll(
  version: string,
  params: Record<string, unknown>,
  onlyIds?: Set<number>,
  file = 'model.onnx',
  cardFile = 'model-card.yaml',
) {
  const card = await loadModelCard(path.join(MODELS, version, cardFile));
  const scorer = await DetectionScorer.open(path.join(MODELS, version, file), card);
  const images = gt.images.filter((i) => !onlyIds || onlyIds.has(i.id));
  const bytes = await Promise.all(images.map((i) => readFile(path.join(GOLDEN, 'images', i.file_name))));
  const results = await scorer.scoreBatch(bytes, params);
  return images.flatMap((img, k) => {
    const r = results[k];
    if (!r || r instanceof Error) throw r ?? new Error('missing result');
    expect([r.width, r.height]).toEqual([img.width, img.height]);
    return toCoco(r, img.id, categoryIds);
  });
}

const toBox = (b: number[]): Box => ({
  x1: b[0] ?? 0,
  y1: b[1] ?? 0,
  x2: (b[0] ?? 0) + (b[2] ?? 0),
  y2: (b[1] ?? 0) + (b[3] ?? 0),
});

/** Every reference detection has exactly one counterpart, and nothing extra. */
function expectParity(ours: CocoResult[], reference: Array<Omit<CocoResult, 'label'>>) {
  for (const img of gt.images) {
    const mine = ours.filter((r) => r.image_id === img.id);
    const theirs = reference.filter((r) => r.image_id === img.id).sort((a, b) => b.score - a.score);
    const used = new Set<CocoResult>();
    const problems: string[] = [];
    for (const t of theirs) {
      let best: CocoResult | undefined;
      let bestIou = 0;
      for (const m of mine) {
        if (used.has(m) || m.category_id !== t.category_id) continue;
        const v = iou(toBox(m.bbox), toBox(t.bbox));
        if (v > bestIou) {
          bestIou = v;
          best = m;
        }
      }
      if (!best || bestIou < 0.99 || Math.abs(best.score - t.score) > 1e-3) {
        problems.push(
          `ref cat ${t.category_id} score ${t.score.toFixed(4)}: best IoU ${bestIou.toFixed(4)}, score ${best?.score.toFixed(4)}`,
        );
      } else used.add(best);
    }
    expect({ image: img.file_name, problems, extra: mine.length - used.size }).toEqual({
      image: img.file_name,
      problems: [],
      extra: 0,
    });
  }
}

describe.skipIf(!haveGolden)('golden set', () => {
  for (const version of ['v1', 'v2', 'regressed']) {
    const ready = hasModel(version) && existsSync(referencePath(version));
    describe.skipIf(!ready)(`${version}: parity with the torch reference`, () => {
      const ref = ready ? JSON.parse(readFileSync(referencePath(version), 'utf8')) : {};
      it('untiled, post-processed model.onnx', async () => {
        expectParity(await scoreAll(version, ref.untiled.params), ref.untiled.results);
      });
      it('tiled 3x2 (tiles + whole image, AutoML merge)', async () => {
        expectParity(await scoreAll(version, ref.tiled.params), ref.tiled.results);
      });
      it.skipIf(!hasModel(version, 'model-raw.onnx'))(
        'raw YOLO head model-raw.onnx decoded in the scorer',
        async () => {
          expectParity(
            await scoreAll(version, ref.untiled.params, undefined, 'model-raw.onnx', 'model-raw-card.yaml'),
            ref.untiled.results,
          );
        },
      );
    });
  }

  const mixedAp = async (version: string) => {
    const untiled = await scoreAll(version, {});
    const tiledLarge = await scoreAll(version, TILED, large);
    const mixed = [...untiled.filter((r) => !large.has(r.image_id as number)), ...tiledLarge];
    return {
      all: ap50(gt, mixed),
      largeTiled: ap50(gt, tiledLarge, large),
      largeUntiled: ap50(gt, untiled, large),
    };
  };

  describe.skipIf(!hasModel('v1'))('accuracy (AP50, greedy IoU matcher)', () => {
    const results = new Map<string, Awaited<ReturnType<typeof mixedAp>>>();
    const get = async (v: string) => {
      if (!results.has(v)) results.set(v, await mixedAp(v));
      return results.get(v) as Awaited<ReturnType<typeof mixedAp>>;
    };
    it.each(['v1', 'v2'].filter((v) => hasModel(v)))(
      '%s reaches AP50 >= 0.85 with tiling on the large diagrams',
      async (v) => {
        const r = await get(v);
        console.log(
          `${v}: AP50 ${r.all.ap.toFixed(4)} (large: tiled ${r.largeTiled.ap.toFixed(4)}, untiled ${r.largeUntiled.ap.toFixed(4)})`,
        );
        expect(r.all.ap).toBeGreaterThanOrEqual(0.85);
      },
    );
    it('tiling measurably beats no tiling on the large diagrams', async () => {
      const r = await get('v1');
      expect(r.largeTiled.ap - r.largeUntiled.ap).toBeGreaterThan(0.1);
    });
    it.skipIf(!hasModel('regressed'))(
      'regressed is clearly worse than v1 (>= 0.10 AP50 lower or a class missed)',
      async () => {
        const good = await get('v1');
        const bad = await get('regressed');
        console.log(`regressed: AP50 ${bad.all.ap.toFixed(4)} per class ${JSON.stringify(bad.all.perClass)}`);
        const missedClass = Object.values(bad.all.perClass).some((ap) => ap < 0.05);
        expect(good.all.ap - bad.all.ap >= 0.1 || missedClass).toBe(true);
      },
    );
  });
});
