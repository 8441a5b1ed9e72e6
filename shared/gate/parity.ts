// Parity between the local scorer and the endpoint on the same image: detections matched one to
// one by class and IoU (greedy, highest local score first), then matched IoU, score deltas and
// what stayed unmatched on either side.
import { bboxIou, type CocoDetection } from './coco.js';

export interface ImageParity {
  imageId: number;
  matched: number;
  localOnly: number;
  endpointOnly: number;
  /** Unmatched detections scored within `scoreDelta` of the score threshold: FP16 vs FP32 can put
   * them on either side of it, so they are counted apart and do not break parity. */
  borderline: number;
  minIou: number;
  maxScoreDelta: number;
}

export interface ParityTolerance {
  iou: number;
  scoreDelta: number;
  /** The box_score_thresh both sides ran with. */
  scoreThreshold: number;
}

export function imageParity(
  imageId: number,
  local: readonly CocoDetection[],
  endpoint: readonly CocoDetection[],
  tolerance: ParityTolerance,
): ImageParity {
  const remaining = [...endpoint];
  const unmatchedLocal: CocoDetection[] = [];
  let matched = 0;
  let minIou = 1;
  let maxScoreDelta = 0;
  for (const l of [...local].sort((a, b) => b.score - a.score)) {
    let best = -1;
    let bestIou = tolerance.iou;
    remaining.forEach((e, i) => {
      if (e.category_id !== l.category_id) return;
      const iou = bboxIou(l.bbox, e.bbox);
      if (iou >= bestIou) {
        best = i;
        bestIou = iou;
      }
    });
    if (best < 0) {
      unmatchedLocal.push(l);
      continue;
    }
    const [e] = remaining.splice(best, 1);
    matched++;
    minIou = Math.min(minIou, bestIou);
    maxScoreDelta = Math.max(maxScoreDelta, Math.abs(l.score - (e?.score ?? 0)));
  }
  const strong = (d: CocoDetection) => d.score >= tolerance.scoreThreshold + tolerance.scoreDelta;
  const localOnly = unmatchedLocal.filter(strong).length;
  const endpointOnly = remaining.filter(strong).length;
  return {
    imageId,
    matched,
    localOnly,
    endpointOnly,
    borderline: unmatchedLocal.length - localOnly + remaining.length - endpointOnly,
    minIou: matched ? minIou : 1,
    maxScoreDelta,
  };
}

/** Whether an image's parity is within tolerance (matching already enforces class and IoU). */
export function parityHolds(p: ImageParity, tolerance: ParityTolerance): boolean {
  return p.localOnly === 0 && p.endpointOnly === 0 && p.maxScoreDelta <= tolerance.scoreDelta;
}
