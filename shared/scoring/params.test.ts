// Must-show 4: each of AutoML's six inference parameters changes the result the way AutoML
// defines it. The tiny detector always proposes the same four boxes per view (scores 0.9, 0.8,
// 0.6, 0.35; the first two overlap with IoU 0.62), so every effect is exact.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelCard } from './card.js';
import { iou } from './detection.js';
import { DetectionScorer } from './scorer.js';
import { jpeg, TINY_CARD, TINY_MODEL } from './test-support.js';

let scorer: DetectionScorer;
let image: Buffer;
beforeAll(async () => {
  scorer = await DetectionScorer.open(TINY_MODEL, await loadModelCard(TINY_CARD), { intraOpThreads: 1 });
  image = await jpeg(128, 64);
});
const run = (params: Record<string, unknown>) => scorer.score(image, params).then((r) => r.detections);

describe('inference parameters', () => {
  it('box_score_thresh keeps only detections scoring above it', async () => {
    expect((await run({})).map((d) => d.score.toFixed(2))).toEqual(['0.90', '0.60', '0.35']);
    expect((await run({ box_score_thresh: 0.5 })).map((d) => d.score.toFixed(2))).toEqual(['0.90', '0.60']);
    expect(await run({ box_score_thresh: 0.95 })).toEqual([]);
  });

  it('nms_iou_thresh: boxes overlapping a better box of the same class above it are suppressed', async () => {
    // IoU of the 0.9 and 0.8 valves is 0.62: suppressed at 0.5, both kept at 0.7.
    expect((await run({ nms_iou_thresh: 0.5 })).filter((d) => d.label === 'valve')).toHaveLength(1);
    expect((await run({ nms_iou_thresh: 0.7 })).filter((d) => d.label === 'valve')).toHaveLength(2);
  });

  it('box_detections_per_img caps the detections, best first', async () => {
    expect((await run({ box_detections_per_img: 2 })).map((d) => d.score.toFixed(2))).toEqual([
      '0.90',
      '0.60',
    ]);
    expect(await run({ box_detections_per_img: 1 })).toHaveLength(1);
  });

  it('tile_grid_size scores tiles as well as the whole image', async () => {
    const whole = await run({});
    const tiled = await run({ tile_grid_size: '2x1', tile_overlap_ratio: 0 });
    expect(tiled.length).toBeGreaterThan(whole.length);
    // The right tile (x 64..128) is a 64x64 view: its valve maps to x 64 + 2*2 .. 64 + 10*2.
    expect(
      tiled.some((d) => d.label === 'valve' && Math.abs(d.x1 - 68) < 1e-6 && Math.abs(d.x2 - 84) < 1e-6),
    ).toBe(true);
    // Every tiled box lies inside the image.
    for (const d of tiled) expect(d.x2).toBeLessThanOrEqual(128);
  });

  it('tile_overlap_ratio moves and widens the tiles', async () => {
    const a = await run({ tile_grid_size: '2x1', tile_overlap_ratio: 0 });
    const b = await run({ tile_grid_size: '2x1', tile_overlap_ratio: 0.5 });
    // With overlap 0.5 on 128 px the tiles are 85 px wide and the right one starts at 43.
    const rightValveX1 = (ds: typeof a) =>
      ds
        .filter((d) => d.label === 'valve')
        .map((d) => Math.round(d.x1))
        .sort((x, y) => y - x)[0];
    expect(rightValveX1(a)).toBe(68);
    expect(rightValveX1(b)).toBe(43 + Math.round((2 * 85) / 32));
  });

  it('tile_predictions_nms_thresh merges overlapping tile and whole-image boxes', async () => {
    const loose = await run({
      tile_grid_size: '2x1',
      tile_overlap_ratio: 0.25,
      tile_predictions_nms_thresh: 0.99,
    });
    const strict = await run({
      tile_grid_size: '2x1',
      tile_overlap_ratio: 0.25,
      tile_predictions_nms_thresh: 0.01,
    });
    expect(strict.length).toBeLessThan(loose.length);
    for (const [i, a] of strict.entries()) {
      for (const b of strict.slice(i + 1))
        if (a.label === b.label) expect(iou(a, b)).toBeLessThanOrEqual(0.01);
    }
  });
});
