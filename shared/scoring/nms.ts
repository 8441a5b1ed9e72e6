// Greedy hard non-maximum suppression, class-aware or class-agnostic, as torchvision's
// batched_nms and the upstream demos do it: highest score first, drop every later box whose IoU
// with a kept box exceeds the threshold.
import { type Candidate, iou } from './detection.js';

export interface NmsOptions {
  iouThreshold: number;
  classAgnostic: boolean;
  /** Legacy +1 pixel convention in areas. */
  plusOne?: boolean;
  /** Stop after this many kept boxes (0 = no limit). */
  maxKeep?: number;
  /** When set, boxes of the same group never suppress each other (AutoML's tile merge only removes
   * duplicates found by *different* tiles or the whole image). */
  groupOf?: (index: number) => number;
}

/** Returns the kept candidates, best score first. Ties keep input order (stable sort). */
export function nonMaxSuppression<T extends Candidate>(candidates: readonly T[], options: NmsOptions): T[] {
  const order = candidates
    .map((_, i) => i)
    .sort((a, b) => (candidates[b] as T).score - (candidates[a] as T).score);
  const kept: T[] = [];
  const suppressed = new Uint8Array(candidates.length);
  const plusOne = options.plusOne ?? false;
  const maxKeep = options.maxKeep ?? 0;
  for (let oi = 0; oi < order.length; oi++) {
    const i = order[oi] as number;
    if (suppressed[i]) continue;
    const a = candidates[i] as T;
    kept.push(a);
    if (maxKeep > 0 && kept.length >= maxKeep) break;
    for (let oj = oi + 1; oj < order.length; oj++) {
      const j = order[oj] as number;
      if (suppressed[j]) continue;
      const b = candidates[j] as T;
      if (!options.classAgnostic && a.classId !== b.classId) continue;
      if (options.groupOf && options.groupOf(i) === options.groupOf(j)) continue;
      if (iou(a, b, plusOne) > options.iouThreshold) suppressed[j] = 1;
    }
  }
  return kept;
}
