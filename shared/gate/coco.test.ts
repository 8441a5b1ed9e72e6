import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  bboxIou,
  COCO_STAT_NAMES,
  type CocoDetection,
  type CocoEvaluation,
  type CocoGroundTruth,
  evaluateCoco,
  IOU_THRESHOLDS,
  RECALL_THRESHOLDS,
  searchsortedLeft,
} from './coco.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readJson = <T>(rel: string): T => JSON.parse(readFileSync(`${root}${rel}`, 'utf8')) as T;

type Box = [number, number, number, number];
const CATS = [
  { id: 1, name: 'a' },
  { id: 2, name: 'b' },
];
const image = (id: number) => ({ id, width: 640, height: 480, file_name: `${id}.png` });
function groundTruth(
  images: number[],
  anns: { image: number; cat?: number; box: Box; area?: number; crowd?: 0 | 1 }[],
): CocoGroundTruth {
  return {
    images: images.map(image),
    categories: CATS,
    annotations: anns.map((a, i) => ({
      id: i + 1,
      image_id: a.image,
      category_id: a.cat ?? 1,
      bbox: a.box,
      area: a.area ?? a.box[2] * a.box[3],
      iscrowd: a.crowd ?? 0,
    })),
  };
}
const det = (imageId: number, box: Box, score: number, cat = 1): CocoDetection => ({
  image_id: imageId,
  category_id: cat,
  bbox: box,
  score,
});

interface Reference {
  stats: Record<string, number>;
  perClass: CocoEvaluation['perClass'];
  perImage: CocoEvaluation['perImage'];
}

function maxDifference(ours: CocoEvaluation, ref: Reference): number {
  let max = 0;
  for (const name of COCO_STAT_NAMES)
    max = Math.max(max, Math.abs(ours.stats[name] - (ref.stats[name] as number)));
  expect(ours.perClass.map((c) => c.categoryId)).toEqual(ref.perClass.map((c) => c.categoryId));
  ref.perClass.forEach((c, i) => {
    const o = ours.perClass[i] as CocoEvaluation['perClass'][number];
    expect(o.name).toBe(c.name);
    for (const k of ['ap', 'ap50', 'recall'] as const) max = Math.max(max, Math.abs(o[k] - c[k]));
  });
  return max;
}

describe('building blocks', () => {
  it('IoU thresholds and recall points are numpy.linspace bit for bit', () => {
    expect(IOU_THRESHOLDS).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95]);
    expect(RECALL_THRESHOLDS).toHaveLength(101);
    expect(RECALL_THRESHOLDS[7]).toBe(7 * 0.01);
    expect(RECALL_THRESHOLDS[100]).toBe(1);
  });

  it('bboxIou: overlap, touching, disjoint, crowd (union = detection area)', () => {
    expect(bboxIou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(bboxIou([0, 0, 10, 10], [5, 0, 10, 10])).toBeCloseTo(50 / 150, 15);
    expect(bboxIou([0, 0, 10, 10], [10, 0, 10, 10])).toBe(0);
    expect(bboxIou([0, 0, 10, 10], [20, 20, 5, 5])).toBe(0);
    expect(bboxIou([10, 10, 10, 10], [0, 0, 100, 100], true)).toBeCloseTo(1, 12);
    expect(bboxIou([90, 90, 20, 20], [0, 0, 100, 100], true)).toBe(100 / 400);
  });

  it('searchsortedLeft is numpy searchsorted(side="left")', () => {
    expect(searchsortedLeft([0, 0.5, 0.5, 1], 0.5)).toBeCloseTo(1, 12);
    expect(searchsortedLeft([0, 0.5, 0.5, 1], 0.51)).toBe(3);
    expect(searchsortedLeft([0, 0.5], 1)).toBe(2);
    expect(searchsortedLeft([], 0)).toBe(0);
  });
});

describe('evaluateCoco: the COCOeval algorithm, case by case', () => {
  it('no detections: AP and AR 0 where there is ground truth, -1 where there is none', () => {
    const gt = groundTruth(
      [1, 2],
      [
        { image: 1, box: [10, 10, 50, 40] },
        { image: 2, box: [5, 5, 200, 150] },
      ],
    );
    const r = evaluateCoco(gt, []);
    expect(r.stats.AP).toBe(0);
    expect(r.stats.AR100).toBe(0);
    expect(r.stats.APs).toBe(-1); // no small ground truth
    expect(r.stats.APm).toBe(0);
    expect(r.perClass).toEqual([
      { categoryId: 1, name: 'a', ap: 0, ap50: 0, recall: 0 },
      { categoryId: 2, name: 'b', ap: -1, ap50: -1, recall: -1 },
    ]);
    expect(r.perImage).toEqual([
      { imageId: 1, tp: 0, fp: 0, fn: 1 },
      { imageId: 2, tp: 0, fp: 0, fn: 1 },
    ]);
  });

  it('no ground truth at all: every stat is -1', () => {
    const r = evaluateCoco(groundTruth([1], []), [det(1, [0, 0, 10, 10], 0.9)]);
    for (const name of COCO_STAT_NAMES) expect(r.stats[name]).toBe(-1);
    expect(r.perImage).toEqual([{ imageId: 1, tp: 0, fp: 1, fn: 0 }]);
  });

  it('a class without ground truth is -1 and its detections do not touch other classes', () => {
    const gt = groundTruth([1], [{ image: 1, box: [10, 10, 50, 40] }]);
    const own = [det(1, [12, 11, 48, 40], 0.9)];
    const r = evaluateCoco(gt, [
      ...own,
      det(1, [10, 10, 50, 40], 0.95, 2),
      det(1, [10, 10, 50, 40], 0.99, 7),
    ]);
    expect(r.perClass[1]).toEqual({ categoryId: 2, name: 'b', ap: -1, ap50: -1, recall: -1 });
    expect(r.stats).toEqual(evaluateCoco(gt, own).stats);
    expect(r.perImage).toEqual([{ imageId: 1, tp: 1, fp: 1, fn: 0 }]); // category 7 is dropped
  });

  it('duplicate detections: one TP, the rest FP; the better-scored one takes the ground truth', () => {
    const gt = groundTruth([1], [{ image: 1, box: [100, 100, 80, 60] }]);
    // IoU of the first (higher score) is 0.625: TP at .50, FP from .65 on, where the exact box takes it.
    const r = evaluateCoco(gt, [det(1, [100, 100, 80, 60], 0.8), det(1, [100, 100, 50, 60], 0.9)]);
    expect(bboxIou([100, 100, 50, 60], [100, 100, 80, 60])).toBe(0.625);
    expect(r.stats.AP50).toBeCloseTo(1, 12);
    expect(r.stats.AP75).toBeCloseTo(0.5, 12); // FP then TP: precision 1/2 at recall 1
    expect(r.perImage).toEqual([{ imageId: 1, tp: 1, fp: 1, fn: 0 }]);
    const same = evaluateCoco(gt, [det(1, [100, 100, 80, 60], 0.9), det(1, [100, 100, 80, 60], 0.8)]);
    expect(same.stats.AP).toBeCloseTo(1, 12);
    expect(same.perImage).toEqual([{ imageId: 1, tp: 1, fp: 1, fn: 0 }]);
  });

  it('maxDets: AR1 / AR10 / AR100 and the 100-detection cut per image and category', () => {
    const boxes: Box[] = [0, 1, 2].map((k) => [10 + 100 * k, 10, 40, 40]);
    const gt = groundTruth(
      [1],
      boxes.map((box) => ({ image: 1, box })),
    );
    const r = evaluateCoco(
      gt,
      boxes.map((b, k) => det(1, b, 0.5 + k / 10)),
    );
    expect(r.stats.AR1).toBeCloseTo(1 / 3, 12);
    expect(r.stats.AR10).toBeCloseTo(1, 12);
    // 100 better-scored FPs push the only TP out of the top 100.
    const fps = Array.from({ length: 100 }, (_, i) => det(1, [500, 300, 10 + i, 10], 0.9));
    const cut = evaluateCoco(groundTruth([1], [{ image: 1, box: [10, 10, 40, 40] }]), [
      det(1, [10, 10, 40, 40], 0.1),
      ...fps,
    ]);
    expect(cut.stats.AR100).toBe(0);
    expect(cut.perImage).toEqual([{ imageId: 1, tp: 0, fp: 100, fn: 1 }]);
    // ...but not in another category's: the cut is per category.
    const other = Array.from({ length: 100 }, (_, i) => det(1, [500, 300, 10 + i, 10], 0.9, 2));
    expect(
      evaluateCoco(groundTruth([1], [{ image: 1, box: [10, 10, 40, 40] }]), [
        det(1, [10, 10, 40, 40], 0.1),
        ...other,
      ]).stats.AR100,
    ).toBeCloseTo(1, 12);
  });

  it('area ranges use the annotation area field, boundaries count in both ranges, out-of-range FPs are ignored', () => {
    const gt = groundTruth(
      [1],
      [
        { image: 1, box: [10, 10, 32, 32] }, // exactly 32^2: small and medium
        { image: 1, box: [100, 100, 40, 40], area: 900 }, // field says small although w*h is medium
      ],
    );
    const r = evaluateCoco(gt, [
      det(1, [10, 10, 32, 32], 0.9),
      det(1, [100, 100, 40, 40], 0.8),
      det(1, [300, 300, 200, 200], 0.95), // large, unmatched: FP in 'all', ignored in 'small'/'medium'
    ]);
    expect(r.stats.APs).toBeCloseTo(1, 12);
    expect(r.stats.APm).toBeCloseTo(1, 12);
    expect(r.stats.APl).toBe(-1);
    expect(r.stats.ARs).toBeCloseTo(1, 12);
    expect(r.stats.AP).toBeLessThan(1);
    expect(r.perImage).toEqual([{ imageId: 1, tp: 2, fp: 1, fn: 0 }]);
  });

  it('crowd: detections inside a crowd region are ignored, a crowd is never a miss', () => {
    const gt = groundTruth(
      [1],
      [
        { image: 1, box: [0, 0, 300, 200], crowd: 1 },
        { image: 1, box: [400, 300, 50, 50] },
      ],
    );
    const r = evaluateCoco(gt, [
      det(1, [100, 100, 30, 30], 0.95),
      det(1, [150, 20, 30, 30], 0.9),
      det(1, [400, 300, 50, 50], 0.5),
    ]);
    expect(r.stats.AP).toBeCloseTo(1, 12);
    expect(r.stats.AR1).toBe(0); // the top detection is the ignored one
    expect(r.perImage).toEqual([{ imageId: 1, tp: 1, fp: 0, fn: 0 }]);
  });

  it('an image without ground truth: its detections are false positives; an empty image counts nothing', () => {
    const gt = groundTruth([1, 2, 3], [{ image: 1, box: [10, 10, 50, 50] }]);
    const r = evaluateCoco(gt, [det(1, [10, 10, 50, 50], 0.5), det(2, [10, 10, 50, 50], 0.9)]);
    expect(r.stats.AP50).toBeCloseTo(0.5, 12);
    expect(r.perImage).toEqual([
      { imageId: 1, tp: 1, fp: 0, fn: 0 },
      { imageId: 2, tp: 0, fp: 1, fn: 0 },
      { imageId: 3, tp: 0, fp: 0, fn: 0 },
    ]);
    expect(evaluateCoco(gt, [det(1, [10, 10, 50, 50], 0.5)], { imageIds: [1, 3] }).stats.AP).toBeCloseTo(
      1,
      12,
    );
  });

  it('ties: equal scores keep image-id order across images and results order within one', () => {
    const gt = groundTruth(
      [1, 2],
      [
        { image: 1, box: [10, 10, 50, 50] },
        { image: 2, box: [10, 10, 50, 50] },
      ],
    );
    // image 1 FP and image 2 TP at the same score: FP first.
    const fpFirst = evaluateCoco(gt, [
      det(2, [10, 10, 50, 50], 0.5),
      det(1, [300, 300, 50, 50], 0.5),
      det(1, [10, 10, 50, 50], 0.9),
    ]);
    // recall .5 at precision 1, then FP (image 1) then TP (image 2): precision 2/3 at recall 1.
    expect(fpFirst.stats.AP50).toBeCloseTo((51 * 1 + 50 * (2 / 3)) / 101, 12);
    const tpFirst = evaluateCoco(gt, [
      det(1, [10, 10, 50, 50], 0.9),
      det(2, [10, 10, 50, 50], 0.5),
      det(2, [300, 300, 50, 50], 0.5),
    ]);
    expect(tpFirst.stats.AP50).toBeCloseTo(1, 12);
    // Within an image, the detection listed first gets the ground truth.
    const one = groundTruth([1], [{ image: 1, box: [100, 100, 80, 60] }]);
    const worseFirst = evaluateCoco(one, [det(1, [100, 100, 50, 60], 0.7), det(1, [100, 100, 80, 60], 0.7)]);
    const betterFirst = evaluateCoco(one, [det(1, [100, 100, 80, 60], 0.7), det(1, [100, 100, 50, 60], 0.7)]);
    expect(worseFirst.stats.AP75).toBeCloseTo(0.5, 12);
    expect(betterFirst.stats.AP75).toBeCloseTo(1, 12);
  });
});

describe('evaluateCoco equals pycocotools (fixtures/gate/pycocotools)', () => {
  const golden = readJson<CocoGroundTruth>('fixtures/golden/instances.json');
  for (const version of ['v1', 'v2', 'regressed']) {
    it(`golden set, ${version} predictions from the project scorer: to 1e-6`, () => {
      const dets = readJson<CocoDetection[]>(`fixtures/gate/predictions/${version}.json`);
      const ref = readJson<Reference>(`fixtures/gate/pycocotools/${version}.json`);
      const ours = evaluateCoco(golden, dets);
      expect(maxDifference(ours, ref)).toBeLessThan(1e-6);
      expect(ours.perImage).toEqual(ref.perImage);
    });
  }

  for (const version of ['v1', 'v2', 'regressed']) {
    for (const run of ['untiled', 'tiled'] as const) {
      it(`golden set, torch reference ${version} ${run}: to 1e-6`, () => {
        const torch = readJson<Record<typeof run, { results: CocoDetection[] }>>(
          `fixtures/golden/reference/${version}.json`,
        );
        const ref = readJson<Reference>(`fixtures/gate/pycocotools/torch-${version}-${run}.json`);
        const ours = evaluateCoco(golden, torch[run].results);
        expect(maxDifference(ours, ref)).toBeLessThan(1e-6);
        expect(ours.perImage).toEqual(ref.perImage);
      });
    }
  }

  const dir = 'fixtures/gate/pycocotools/synthetic';
  const cases = readdirSync(`${root}${dir}`).filter((f) => f.endsWith('.json'));
  it('has the synthetic cases', () => expect(cases.length).toBeGreaterThanOrEqual(8));
  for (const file of cases) {
    it(`synthetic ${file}: to 1e-6`, () => {
      const c = readJson<{
        gt: CocoGroundTruth;
        detections: CocoDetection[];
        imageIds?: number[];
        pycocotools: Reference;
      }>(`${dir}/${file}`);
      const ours = evaluateCoco(c.gt, c.detections, c.imageIds ? { imageIds: c.imageIds } : {});
      expect(maxDifference(ours, c.pycocotools)).toBeLessThan(1e-6);
      expect(ours.perImage).toEqual(c.pycocotools.perImage);
    });
  }
});
