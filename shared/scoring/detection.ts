// The scorer's result types and the box maths everything else shares. A Detection is in pixels of
// the original (EXIF-oriented) image; `classId` indexes the card's `classes`.

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Detection extends Box {
  classId: number;
  label: string;
  score: number;
}

/** One image's result: its detections and the original image size after EXIF orientation. */
export interface ScoredImage {
  width: number;
  height: number;
  detections: Detection[];
}

/** A decoder's candidate, before thresholds, NMS and mapping back to the original image. */
export interface Candidate extends Box {
  classId: number;
  score: number;
}

export function boxArea(b: Box, plusOne = false): number {
  const e = plusOne ? 1 : 0;
  return Math.max(0, b.x2 - b.x1 + e) * Math.max(0, b.y2 - b.y1 + e);
}

export function iou(a: Box, b: Box, plusOne = false): number {
  const e = plusOne ? 1 : 0;
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + e;
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + e;
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (boxArea(a, plusOne) + boxArea(b, plusOne) - inter);
}
