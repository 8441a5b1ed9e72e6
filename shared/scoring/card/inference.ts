// The card's `inference` section (AutoML's six inference-time parameters) and the same parameters
// given by name from the CLI (`--param`), the environment or a request.
import { ModelCardError } from './errors.js';
import { FieldReader } from './fields.js';
import type { InferenceParams } from './types.js';

/** Parses `3x2` (columns x rows), or a `[3, 2]` pair. */
export function parseTileGridSize(v: unknown): { cols: number; rows: number } | undefined {
  if (v === undefined || v === null || v === '' || v === 'none') return undefined;
  let cols: number;
  let rows: number;
  if (Array.isArray(v) && v.length === 2) {
    [cols, rows] = v.map(Number) as [number, number];
  } else if (typeof v === 'string') {
    const m = /^\s*\(?\s*(\d+)\s*[x,X]\s*(\d+)\s*\)?\s*$/.exec(v);
    if (!m) throw new Error(`expected COLSxROWS like 3x2, got ${JSON.stringify(v)}`);
    cols = Number(m[1]);
    rows = Number(m[2]);
  } else {
    throw new Error(`expected COLSxROWS like 3x2, got ${JSON.stringify(v)}`);
  }
  if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1) {
    throw new Error(`tile grid must be positive integers, got ${cols}x${rows}`);
  }
  return { cols, rows };
}

export function parseInference(r: FieldReader, base: InferenceParams): InferenceParams {
  let tileGridSize = base.tileGridSize;
  if (r.has('tile_grid_size')) {
    try {
      tileGridSize = parseTileGridSize(r.raw('tile_grid_size'));
    } catch (e) {
      r.fail('tile_grid_size', (e as Error).message);
    }
  }
  return {
    boxScoreThresh: r.number('box_score_thresh', base.boxScoreThresh, { min: 0, max: 1 }),
    nmsIouThresh: r.number('nms_iou_thresh', base.nmsIouThresh, { min: 0, max: 1 }),
    boxDetectionsPerImg: r.number('box_detections_per_img', base.boxDetectionsPerImg, {
      min: 1,
      integer: true,
    }),
    tileGridSize,
    tileOverlapRatio: r.number('tile_overlap_ratio', base.tileOverlapRatio, { min: 0, max: 0.99 }),
    tilePredictionsNmsThresh: r.number('tile_predictions_nms_thresh', base.tilePredictionsNmsThresh, {
      min: 0,
      max: 1,
    }),
  };
}

/** Inference parameters by their AutoML names (snake_case), as they come from the CLI (`--param`),
 * environment variables (upper-cased) or a request. Unknown names are an error. */
export const INFERENCE_PARAM_NAMES = [
  'box_score_thresh',
  'nms_iou_thresh',
  'box_detections_per_img',
  'tile_grid_size',
  'tile_overlap_ratio',
  'tile_predictions_nms_thresh',
] as const;

export function overrideInference(
  base: InferenceParams,
  overrides: Record<string, unknown>,
): InferenceParams {
  for (const key of Object.keys(overrides)) {
    if (!(INFERENCE_PARAM_NAMES as readonly string[]).includes(key)) {
      throw new ModelCardError(
        `inference.${key}`,
        `is not an inference parameter (known: ${INFERENCE_PARAM_NAMES.join(', ')})`,
      );
    }
  }
  return parseInference(new FieldReader(overrides, 'inference', undefined), base);
}

/** Reads AutoML's parameter names upper-cased from an environment (BOX_SCORE_THRESH=0.5, ...). */
export function inferenceOverridesFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of INFERENCE_PARAM_NAMES) {
    const v = env[name.toUpperCase()];
    if (v !== undefined && v !== '') out[name] = v;
  }
  return out;
}
