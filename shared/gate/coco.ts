// COCO bbox evaluation, computed the way pycocotools' COCOeval does it (iouType 'bbox', default
// detection params, useCats=1): loadRes -> evaluate -> accumulate -> summarize. Our own code,
// written from the algorithm; fixtures/gate/ holds pycocotools' own figures to compare against.
//
// The details that make the numbers identical:
// - results get loadRes' treatment: area = w*h, iscrowd 0, id = index + 1 in the results list;
//   detections whose category is not a ground-truth category (or whose image is not evaluated)
//   are dropped, as COCOeval._prepare does through getAnnIds.
// - ground truth `ignore` = iscrowd; crowd boxes use IoU = intersection / detection area.
// - per (image, category): detections sorted by descending score with a stable sort (numpy's
//   mergesort) over their order in the results list, cut to the largest maxDet (100) — the cut is
//   per category, not per image; ground truth sorted stably with non-ignored first.
// - greedy matching per IoU threshold (threshold capped at 1 - 1e-10), ties go to the later gt;
//   a detection matched to an ignored gt is ignored, an unmatched detection outside the area
//   range is ignored. A match is recorded as the gt id, so (as in pycocotools) a gt with id 0
//   never counts as matched.
// - accumulate: per category/area/maxDet, detections of all images (in ascending image id order,
//   each cut to maxDet) are sorted stably by descending score; precision envelope; precision
//   sampled at 101 recall points with searchsorted(side='left'), zero past the last recall.
//   -1 where a category has no non-ignored gt (or nothing at all in the evaluated images).
// - summarize: mean over entries > -1, or -1 when there are none.

export interface CocoGroundTruth {
  images: { id: number; width: number; height: number; file_name: string }[];
  annotations: {
    id: number;
    image_id: number;
    category_id: number;
    bbox: [number, number, number, number];
    area: number;
    iscrowd?: 0 | 1;
  }[];
  categories: { id: number; name: string }[];
}

export interface CocoDetection {
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  score: number;
}

export const COCO_STAT_NAMES = [
  'AP',
  'AP50',
  'AP75',
  'APs',
  'APm',
  'APl',
  'AR1',
  'AR10',
  'AR100',
  'ARs',
  'ARm',
  'ARl',
] as const;
export type CocoStatName = (typeof COCO_STAT_NAMES)[number];
export type CocoStats = Record<CocoStatName, number>;

export interface CocoClassResult {
  categoryId: number;
  name: string;
  /** AP@[.50:.95], area all, maxDets 100 (-1 when the class has no ground truth). */
  ap: number;
  /** AP@.50, area all, maxDets 100 (-1 when the class has no ground truth). */
  ap50: number;
  /** Recall at IoU .50, area all, maxDets 100 (-1 when the class has no ground truth). */
  recall: number;
}

export interface CocoImageResult {
  imageId: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface CocoEvaluation {
  stats: CocoStats;
  perClass: CocoClassResult[];
  /** At IoU .5, maxDets 100 (per category, as COCOeval cuts), all areas, every score (>= 0). */
  perImage: CocoImageResult[];
}

export interface CocoEvalOptions {
  /** Evaluate only these images (pycocotools' params.imgIds); default: every ground-truth image. */
  imageIds?: number[];
}

type Box = readonly [number, number, number, number];

/** numpy.linspace(start, stop, num): i * ((stop - start) / (num - 1)) + start, last = stop. */
function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  const out: number[] = [];
  for (let i = 0; i < num; i++) out.push(i * step + start);
  out[num - 1] = stop;
  return out;
}

/** IoU thresholds .50:.05:.95, bit-identical to pycocotools' params.iouThrs. */
export const IOU_THRESHOLDS: readonly number[] = Object.freeze(
  linspace(0.5, 0.95, Math.round((0.95 - 0.5) / 0.05) + 1),
);
/** 101 recall points 0:.01:1, bit-identical to pycocotools' params.recThrs. */
export const RECALL_THRESHOLDS: readonly number[] = Object.freeze(linspace(0, 1, Math.round(1 / 0.01) + 1));
export const MAX_DETS = [1, 10, 100] as const;
export const AREA_RANGES: readonly (readonly [label: string, min: number, max: number])[] = [
  ['all', 0 ** 2, 1e5 ** 2],
  ['small', 0 ** 2, 32 ** 2],
  ['medium', 32 ** 2, 96 ** 2],
  ['large', 96 ** 2, 1e5 ** 2],
];
/** numpy.spacing(1). */
const EPS = 2.220446049250313e-16;

/**
 * IoU of two [x, y, w, h] boxes as pycocotools' bbIou computes it; with `crowd` the union is the
 * detection's area alone.
 */
export function bboxIou(dt: Box, gt: Box, crowd = false): number {
  const w = Math.min(dt[2] + dt[0], gt[2] + gt[0]) - Math.max(dt[0], gt[0]);
  if (w <= 0) return 0;
  const h = Math.min(dt[3] + dt[1], gt[3] + gt[1]) - Math.max(dt[1], gt[1]);
  if (h <= 0) return 0;
  const i = w * h;
  const da = dt[2] * dt[3];
  const u = crowd ? da : da + gt[2] * gt[3] - i;
  return i / u;
}

/** Indices of `keys` sorted ascending, stable (numpy argsort kind='mergesort'). */
function stableArgsort(keys: readonly number[]): number[] {
  const idx = keys.map((_, i) => i);
  return idx.sort((a, b) => {
    const ka = keys[a] as number;
    const kb = keys[b] as number;
    return ka < kb ? -1 : ka > kb ? 1 : a - b;
  });
}

/**
 * numpy.searchsorted(sorted, v, side='left'): first index i with sorted[i] >= v (NaN-free input).
 */
export function searchsortedLeft(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface EvalGt {
  id: number;
  bbox: Box;
  area: number;
  iscrowd: boolean;
}

interface EvalDt {
  id: number;
  bbox: Box;
  area: number;
  score: number;
}

/** evaluateImg's result for one image, category and area range (maxDet = 100). */
interface ImageEval {
  imageId: number;
  /** [T][D]: matched gt id, 0 when unmatched. */
  dtMatches: number[][];
  /** [T][G]: matched detection id, 0 when unmatched. */
  gtMatches: number[][];
  dtScores: number[];
  gtIgnore: boolean[];
  /** [T][D] */
  dtIgnore: boolean[][];
}

/** Detections sorted as COCOeval does (stable, descending score) and cut to maxDet. */
function sortDetections(dts: readonly EvalDt[], maxDet: number): EvalDt[] {
  return stableArgsort(dts.map((d) => -d.score))
    .slice(0, maxDet)
    .map((i) => dts[i] as EvalDt);
}

function evaluateImage(
  imageId: number,
  gts: readonly EvalGt[],
  dtsSorted: readonly EvalDt[],
  ious: readonly (readonly number[])[],
  areaMin: number,
  areaMax: number,
  maxDet: number,
): ImageEval | null {
  if (gts.length === 0 && dtsSorted.length === 0) return null;
  const ignoreOrig = gts.map((g) => g.iscrowd || g.area < areaMin || g.area > areaMax);
  const gtind = stableArgsort(ignoreOrig.map((x) => (x ? 1 : 0)));
  const gt = gtind.map((i) => gts[i] as EvalGt);
  const gtIg = gtind.map((i) => ignoreOrig[i] as boolean);
  const dt = dtsSorted.slice(0, maxDet);
  const T = IOU_THRESHOLDS.length;
  const G = gt.length;
  const D = dt.length;
  const gtm = Array.from({ length: T }, () => new Array<number>(G).fill(0));
  const dtm = Array.from({ length: T }, () => new Array<number>(D).fill(0));
  const dtIg = Array.from({ length: T }, () => new Array<boolean>(D).fill(false));
  if (G > 0 && D > 0) {
    for (let t = 0; t < T; t++) {
      const gtmT = gtm[t] as number[];
      const dtmT = dtm[t] as number[];
      const dtIgT = dtIg[t] as boolean[];
      for (let d = 0; d < D; d++) {
        let iou = Math.min(IOU_THRESHOLDS[t] as number, 1 - 1e-10);
        let m = -1;
        const row = ious[d] as readonly number[];
        for (let g = 0; g < G; g++) {
          const gObj = gt[g] as EvalGt;
          if ((gtmT[g] as number) > 0 && !gObj.iscrowd) continue;
          if (m > -1 && !gtIg[m] && gtIg[g]) break;
          const v = row[gtind[g] as number] as number;
          if (v < iou) continue;
          iou = v;
          m = g;
        }
        if (m === -1) continue;
        dtIgT[d] = gtIg[m] as boolean;
        dtmT[d] = (gt[m] as EvalGt).id;
        gtmT[m] = (dt[d] as EvalDt).id;
      }
    }
  }
  for (let d = 0; d < D; d++) {
    const a = (dt[d] as EvalDt).area;
    const outside = a < areaMin || a > areaMax;
    if (!outside) continue;
    for (let t = 0; t < T; t++) {
      if ((dtm[t] as number[])[d] === 0) (dtIg[t] as boolean[])[d] = true;
    }
  }
  return {
    imageId,
    dtMatches: dtm,
    gtMatches: gtm,
    dtScores: dt.map((d) => d.score),
    gtIgnore: gtIg,
    dtIgnore: dtIg,
  };
}

/** accumulate() for one category, area range and maxDet: precision [T][R] and recall [T]. */
function accumulateOne(
  evals: readonly ImageEval[],
  maxDet: number,
): { precision: number[][]; recall: number[] } | null {
  const T = IOU_THRESHOLDS.length;
  const R = RECALL_THRESHOLDS.length;
  if (evals.length === 0) return null;
  const scores: number[] = [];
  const dtmCat: number[][] = Array.from({ length: T }, () => []);
  const dtIgCat: boolean[][] = Array.from({ length: T }, () => []);
  let npig = 0;
  for (const e of evals) {
    const n = Math.min(maxDet, e.dtScores.length);
    for (let d = 0; d < n; d++) scores.push(e.dtScores[d] as number);
    for (let t = 0; t < T; t++) {
      const dm = e.dtMatches[t] as number[];
      const di = e.dtIgnore[t] as boolean[];
      for (let d = 0; d < n; d++) {
        (dtmCat[t] as number[]).push(dm[d] as number);
        (dtIgCat[t] as boolean[]).push(di[d] as boolean);
      }
    }
    for (const ig of e.gtIgnore) if (!ig) npig++;
  }
  if (npig === 0) return null;
  const inds = stableArgsort(scores.map((s) => -s));
  const nd = inds.length;
  const precision: number[][] = [];
  const recall: number[] = [];
  for (let t = 0; t < T; t++) {
    const dm = dtmCat[t] as number[];
    const di = dtIgCat[t] as boolean[];
    const rc = new Array<number>(nd);
    const pr = new Array<number>(nd);
    let tp = 0;
    let fp = 0;
    for (let j = 0; j < nd; j++) {
      const k = inds[j] as number;
      if (!di[k]) {
        if (dm[k] !== 0) tp++;
        else fp++;
      }
      rc[j] = tp / npig;
      pr[j] = tp / (fp + tp + EPS);
    }
    recall.push(nd ? (rc[nd - 1] as number) : 0);
    for (let i = nd - 1; i > 0; i--) {
      if ((pr[i] as number) > (pr[i - 1] as number)) pr[i - 1] = pr[i] as number;
    }
    const q = new Array<number>(R).fill(0);
    for (let r = 0; r < R; r++) {
      const pi = searchsortedLeft(rc, RECALL_THRESHOLDS[r] as number);
      if (pi >= nd) break;
      q[r] = pr[pi] as number;
    }
    precision.push(q);
  }
  return { precision, recall };
}

function meanDefined(values: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v > -1) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? -1 : sum / n;
}

/** COCOeval (bbox) on `gt` and `detections`: the 12 summary stats, per class and per image. */
export function evaluateCoco(
  gt: CocoGroundTruth,
  detections: readonly CocoDetection[],
  options: CocoEvalOptions = {},
): CocoEvaluation {
  const imgIds = [...new Set(options.imageIds ?? gt.images.map((i) => i.id))].sort((a, b) => a - b);
  const catIds = [...new Set(gt.categories.map((c) => c.id))].sort((a, b) => a - b);
  const imgSet = new Set(imgIds);
  const catSet = new Set(catIds);
  const key = (img: number, cat: number): string => `${img}\u0000${cat}`;

  // _prepare: group by (image, category), in annotation / results order.
  const gtsBy = new Map<string, EvalGt[]>();
  // pycocotools groups anns image by image (imgToAnns), keeping file order within an image.
  for (const a of gt.annotations) {
    if (!imgSet.has(a.image_id) || !catSet.has(a.category_id)) continue;
    const k = key(a.image_id, a.category_id);
    const list = gtsBy.get(k) ?? [];
    if (list.length === 0) gtsBy.set(k, list);
    list.push({ id: a.id, bbox: a.bbox, area: a.area, iscrowd: a.iscrowd === 1 });
  }
  const dtsBy = new Map<string, EvalDt[]>();
  detections.forEach((d, index) => {
    if (!imgSet.has(d.image_id) || !catSet.has(d.category_id)) return;
    const k = key(d.image_id, d.category_id);
    const list = dtsBy.get(k) ?? [];
    if (list.length === 0) dtsBy.set(k, list);
    // loadRes: area = w * h, id = index + 1, iscrowd = 0.
    list.push({ id: index + 1, bbox: d.bbox, area: d.bbox[2] * d.bbox[3], score: d.score });
  });

  const maxDetLast = MAX_DETS[MAX_DETS.length - 1] as number;
  const T = IOU_THRESHOLDS.length;
  // evaluate(): evalImgs[cat][area][img]
  const evalImgs: (ImageEval | null)[][][] = [];
  for (const catId of catIds) {
    const perArea: (ImageEval | null)[][] = AREA_RANGES.map(() => []);
    for (const imgId of imgIds) {
      const gts = gtsBy.get(key(imgId, catId)) ?? [];
      const dts = sortDetections(dtsBy.get(key(imgId, catId)) ?? [], maxDetLast);
      const ious = dts.map((d) => gts.map((g) => bboxIou(d.bbox, g.bbox, g.iscrowd)));
      AREA_RANGES.forEach(([, lo, hi], a) => {
        (perArea[a] as (ImageEval | null)[]).push(evaluateImage(imgId, gts, dts, ious, lo, hi, maxDetLast));
      });
    }
    evalImgs.push(perArea);
  }

  // accumulate(): precision[T][R][K][A][M] and recall[T][K][A][M], -1 where undefined.
  const R = RECALL_THRESHOLDS.length;
  const K = catIds.length;
  const A = AREA_RANGES.length;
  const M = MAX_DETS.length;
  const precisionAt = (t: number, r: number, k: number, a: number, m: number): number =>
    (((t * R + r) * K + k) * A + a) * M + m;
  const recallAt = (t: number, k: number, a: number, m: number): number => ((t * K + k) * A + a) * M + m;
  const precision = new Array<number>(T * R * K * A * M).fill(-1);
  const recall = new Array<number>(T * K * A * M).fill(-1);
  for (let k = 0; k < K; k++) {
    for (let a = 0; a < A; a++) {
      const evals = ((evalImgs[k] as (ImageEval | null)[][])[a] as (ImageEval | null)[]).filter(
        (e): e is ImageEval => e !== null,
      );
      for (let m = 0; m < M; m++) {
        const res = accumulateOne(evals, MAX_DETS[m] as number);
        if (!res) continue;
        for (let t = 0; t < T; t++) {
          recall[recallAt(t, k, a, m)] = res.recall[t] as number;
          const row = res.precision[t] as number[];
          for (let r = 0; r < R; r++) precision[precisionAt(t, r, k, a, m)] = row[r] as number;
        }
      }
    }
  }

  // summarize()
  const summarizeAp = (t: number | null, a: number, m: number, k: number | null = null): number => {
    const vals: number[] = [];
    for (let ti = 0; ti < T; ti++) {
      if (t !== null && ti !== t) continue;
      for (let r = 0; r < R; r++) {
        for (let ki = 0; ki < K; ki++) {
          if (k !== null && ki !== k) continue;
          vals.push(precision[precisionAt(ti, r, ki, a, m)] as number);
        }
      }
    }
    return meanDefined(vals);
  };
  const summarizeAr = (t: number | null, a: number, m: number, k: number | null = null): number => {
    const vals: number[] = [];
    for (let ti = 0; ti < T; ti++) {
      if (t !== null && ti !== t) continue;
      for (let ki = 0; ki < K; ki++) {
        if (k !== null && ki !== k) continue;
        vals.push(recall[recallAt(ti, ki, a, m)] as number);
      }
    }
    return meanDefined(vals);
  };
  const t50 = IOU_THRESHOLDS.indexOf(0.5);
  const t75 = IOU_THRESHOLDS.indexOf(0.75);
  const m100 = MAX_DETS.indexOf(100);
  const stats: CocoStats = {
    AP: summarizeAp(null, 0, m100),
    AP50: summarizeAp(t50, 0, m100),
    AP75: summarizeAp(t75, 0, m100),
    APs: summarizeAp(null, 1, m100),
    APm: summarizeAp(null, 2, m100),
    APl: summarizeAp(null, 3, m100),
    AR1: summarizeAr(null, 0, MAX_DETS.indexOf(1)),
    AR10: summarizeAr(null, 0, MAX_DETS.indexOf(10)),
    AR100: summarizeAr(null, 0, m100),
    ARs: summarizeAr(null, 1, m100),
    ARm: summarizeAr(null, 2, m100),
    ARl: summarizeAr(null, 3, m100),
  };

  const names = new Map<number, string>();
  for (const c of gt.categories) if (!names.has(c.id)) names.set(c.id, c.name);
  const perClass: CocoClassResult[] = catIds.map((categoryId, k) => ({
    categoryId,
    name: names.get(categoryId) ?? String(categoryId),
    ap: summarizeAp(null, 0, m100, k),
    ap50: summarizeAp(t50, 0, m100, k),
    recall: summarizeAr(t50, 0, m100, k),
  }));

  // Per image at IoU .5, area 'all', maxDets 100, summed over categories.
  const perImageMap = new Map<number, CocoImageResult>(
    imgIds.map((imageId) => [imageId, { imageId, tp: 0, fp: 0, fn: 0 }]),
  );
  for (let k = 0; k < K; k++) {
    for (const e of (evalImgs[k] as (ImageEval | null)[][])[0] as (ImageEval | null)[]) {
      if (!e) continue;
      const row = perImageMap.get(e.imageId) as CocoImageResult;
      const dm = e.dtMatches[t50] as number[];
      const di = e.dtIgnore[t50] as boolean[];
      for (let d = 0; d < dm.length; d++) {
        if (di[d]) continue;
        if (dm[d] !== 0) row.tp++;
        else row.fp++;
      }
      const gm = e.gtMatches[t50] as number[];
      for (let g = 0; g < gm.length; g++) if (!e.gtIgnore[g] && gm[g] === 0) row.fn++;
    }
  }
  return { stats, perClass, perImage: [...perImageMap.values()] };
}
