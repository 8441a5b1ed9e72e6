// The card's `inference` section (AutoML's six inference-time parameters) and the same parameters
// given by name from the CLI (`--param`), the environment or a request.
import { InputError } from '../../errors.js';
import { ModelCardError } from './errors.js';
import { FieldReader } from './fields.js';
import type { InferenceParams } from './types.js';

/** Largest tile grid: 64 tiles (each side at most 16). Every tile is one more model run, so time
 * grows with the grid; and at the scorer's pixel limit (40 MP) a 64-tile grid already cuts tiles of
 * about 790 x 790 px, the size of a detector's input: finer grids only upsample. */
export const MAX_TILES = 64;
export const MAX_TILE_GRID_SIDE = 16;
/** Largest per-view detection cap: AutoML's default is 100 and COCO judges at most 100 per image;
 * the cap also bounds the tile merge (one list of cap x views boxes). */
export const MAX_DETECTIONS_PER_IMG = 1000;

/** Parses `3x2` (columns x rows), or a `[3, 2]` pair, within the bounds above. */
export function parseTileGridSize(v: unknown): { cols: number; rows: number } | undefined {
  if (v === undefined || v === null || v === '' || v === 'none') return undefined;
  let cols: number;
  let rows: number;
  if (Array.isArray(v) && v.length === 2) {
    [cols, rows] = v.map(Number) as [number, number];
  } else if (typeof v === 'string') {
    const m = /^\s*\(?\s*(\d{1,6})\s*[x,X]\s*(\d{1,6})\s*\)?\s*$/.exec(v);
    if (!m) throw new Error(`expected COLSxROWS like 3x2, got ${JSON.stringify(v)}`);
    cols = Number(m[1]);
    rows = Number(m[2]);
  } else {
    throw new Error(`expected COLSxROWS like 3x2, got ${JSON.stringify(v)}`);
  }
  if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1) {
    throw new Error(`tile grid must be positive integers, got ${cols}x${rows}`);
  }
  if (cols > MAX_TILE_GRID_SIDE || rows > MAX_TILE_GRID_SIDE || cols * rows > MAX_TILES) {
    throw new Error(
      `tile grid ${cols}x${rows} is over the limit: at most ${MAX_TILE_GRID_SIDE} per side and ${MAX_TILES} tiles (e.g. 8x8); each tile is one more model run`,
    );
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
      max: MAX_DETECTIONS_PER_IMG,
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

/** The card's parameters with `overrides` applied, each validated against its bound. `origin`
 * names where the overrides were read (a step input such as `params`, a deployment's environment)
 * and makes a bad one an InputError about it; without it the error is the card's (a request). */
export function overrideInference(
  base: InferenceParams,
  overrides: Record<string, unknown>,
  origin?: string,
): InferenceParams {
  const error = (field: string, message: string): Error => {
    const name = field.replace(/^inference\./, '');
    return origin === undefined
      ? new ModelCardError(field, message)
      : new InputError(
          origin,
          `${name}=${String(overrides[name])}: ${message}`,
          'give AutoML inference parameters within their bounds (docs/model-card.md)',
        );
  };
  for (const key of Object.keys(overrides)) {
    if (!(INFERENCE_PARAM_NAMES as readonly string[]).includes(key)) {
      throw error(
        `inference.${key}`,
        `is not an inference parameter (known: ${INFERENCE_PARAM_NAMES.join(', ')})`,
      );
    }
  }
  return parseInference(new FieldReader(overrides, 'inference', undefined, error), base);
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

/** The environment's overrides (as inferenceOverridesFromEnv reads them), each validated against
 * `base` on its own so a refusal names the variable that holds it (`TILE_GRID_SIZE`), not the card
 * the value never came from. `skip` names parameters given elsewhere that win over the environment. */
export function checkedInferenceOverridesFromEnv(
  base: InferenceParams,
  env: NodeJS.ProcessEnv,
  skip: readonly string[] = [],
): Record<string, string> {
  const out = inferenceOverridesFromEnv(env);
  for (const name of skip) delete out[name];
  for (const [name, value] of Object.entries(out))
    overrideInference(base, { [name]: value }, `environment variable ${name.toUpperCase()}`);
  return out;
}
