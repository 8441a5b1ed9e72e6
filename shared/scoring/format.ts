// Response formats: AutoML for Images object detection (normalized corners, label, score) and
// COCO results (`bbox` as [x, y, w, h] in pixels).
import type { ScoredImage } from './detection.js';

export interface AutomlBox {
  box: { topX: number; topY: number; bottomX: number; bottomY: number };
  label: string;
  score: number;
}

export interface AutomlImageResult {
  boxes: AutomlBox[];
}

export interface CocoResult {
  image_id: number | string;
  category_id: number;
  bbox: [number, number, number, number];
  score: number;
  label: string;
}

export function toAutoml(result: ScoredImage): AutomlImageResult {
  const { width, height } = result;
  return {
    boxes: result.detections.map((d) => ({
      box: { topX: d.x1 / width, topY: d.y1 / height, bottomX: d.x2 / width, bottomY: d.y2 / height },
      label: d.label,
      score: d.score,
    })),
  };
}

/** `categoryIds` maps a label to its COCO category id; by default id = class index + 1. */
export function toCoco(
  result: ScoredImage,
  imageId: number | string,
  categoryIds?: ReadonlyMap<string, number>,
): CocoResult[] {
  return result.detections.map((d) => ({
    image_id: imageId,
    category_id: categoryIds?.get(d.label) ?? d.classId + 1,
    bbox: [d.x1, d.y1, d.x2 - d.x1, d.y2 - d.y1],
    score: d.score,
    label: d.label,
  }));
}
