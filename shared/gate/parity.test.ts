import { describe, expect, it } from 'vitest';
import type { CocoDetection } from './coco.js';
import { imageParity, parityHolds } from './parity.js';

const d = (category_id: number, bbox: [number, number, number, number], score: number): CocoDetection => ({
  image_id: 1,
  category_id,
  bbox,
  score,
});
const TOL = { iou: 0.9, scoreDelta: 0.02, scoreThreshold: 0.3 };

describe('parity', () => {
  it('identical detections match one to one with IoU 1 and no score difference', () => {
    const list = [d(1, [10, 10, 50, 50], 0.9), d(2, [100, 100, 20, 20], 0.6)];
    const p = imageParity(1, list, list, TOL);
    expect(p).toEqual({
      imageId: 1,
      matched: 2,
      localOnly: 0,
      endpointOnly: 0,
      borderline: 0,
      minIou: 1,
      maxScoreDelta: 0,
    });
    expect(parityHolds(p, TOL)).toBe(true);
  });

  it('FP16-sized differences (a fraction of a pixel, 1e-3 in score) keep parity', () => {
    const p = imageParity(1, [d(1, [10, 10, 50, 50], 0.9)], [d(1, [10.2, 9.9, 50.1, 50], 0.901)], TOL);
    expect(p.matched).toBe(1);
    expect(p.minIou).toBeGreaterThan(0.98);
    expect(p.maxScoreDelta).toBeCloseTo(0.001, 9);
    expect(parityHolds(p, TOL)).toBe(true);
  });

  it('a different class, or IoU under the tolerance, does not match', () => {
    const other = imageParity(1, [d(1, [10, 10, 50, 50], 0.9)], [d(2, [10, 10, 50, 50], 0.9)], TOL);
    expect(other).toMatchObject({ matched: 0, localOnly: 1, endpointOnly: 1 });
    expect(parityHolds(other, TOL)).toBe(false);
    // 50x50 vs shifted by 5 px: IoU 45*50/(2*2500-2250) = 0.818 < 0.9
    const shifted = imageParity(1, [d(1, [10, 10, 50, 50], 0.9)], [d(1, [15, 10, 50, 50], 0.9)], TOL);
    expect(shifted).toMatchObject({ matched: 0, localOnly: 1, endpointOnly: 1 });
  });

  it('a score difference over the tolerance breaks parity though the boxes match', () => {
    const p = imageParity(1, [d(1, [10, 10, 50, 50], 0.9)], [d(1, [10, 10, 50, 50], 0.85)], TOL);
    expect(p.matched).toBe(1);
    expect(p.maxScoreDelta).toBeCloseTo(0.05, 9);
    expect(parityHolds(p, TOL)).toBe(false);
  });

  it('unmatched detections near the score threshold are borderline and do not break parity', () => {
    // 0.31 is within scoreDelta of box_score_thresh 0.3: FP16 may drop it; 0.5 may not.
    const p = imageParity(
      1,
      [d(1, [10, 10, 50, 50], 0.9), d(2, [200, 200, 9, 9], 0.31)],
      [d(1, [10, 10, 50, 50], 0.9)],
      TOL,
    );
    expect(p).toMatchObject({ matched: 1, localOnly: 0, endpointOnly: 0, borderline: 1 });
    expect(parityHolds(p, TOL)).toBe(true);
    const strong = imageParity(1, [], [d(2, [200, 200, 9, 9], 0.5)], TOL);
    expect(strong).toMatchObject({ endpointOnly: 1, borderline: 0 });
    expect(parityHolds(strong, TOL)).toBe(false);
  });

  it('matches greedily by highest local score, each endpoint detection once', () => {
    const local = [d(1, [0, 0, 10, 10], 0.5), d(1, [0, 0, 10, 10], 0.9)];
    const endpoint = [d(1, [0, 0, 10, 10], 0.9)];
    const p = imageParity(1, local, endpoint, TOL);
    expect(p).toMatchObject({ matched: 1, localOnly: 1, maxScoreDelta: 0 });
  });

  it('no detections on either side is parity', () => {
    expect(parityHolds(imageParity(1, [], [], TOL), TOL)).toBe(true);
  });
});
