// The model card: everything the scorer needs to know about one ONNX detector (input tensor,
// preprocessing, output decoding, class names, inference defaults). The scorer is configured by
// the card alone, never by model name. This module owns parsing and validation; the schema is
// documented in docs/model-card.md.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { RolloutError } from '../errors.js';

export const MODEL_CARD_SCHEMA = 'aml-rollout/model-card@1';

export type ResizeMode = 'stretch' | 'letterbox';
export type ResizeKernel = 'sharp' | 'opencv-bilinear' | 'pil-bilinear';
export type ResizeAlign = 'center' | 'top-left';
/** `resize`: scale the image to its target size and paste it; `warp`: sample every input pixel
 * through the inverse affine map with integer (not half-pixel) centres, as cv2.warpAffine /
 * warpPerspective do. Some upstream demos letterbox with a warp, and parity needs the same maths. */
export type ResizeGeometry = 'resize' | 'warp';
export type TensorLayout = 'NCHW' | 'NHWC';
export type ChannelOrder = 'RGB' | 'BGR';
export type InputDType = 'float32' | 'float16' | 'uint8';
export type DecoderKind = 'postprocessed' | 'yolo' | 'gfl' | 'ssd';
export type BoxFormat = 'xyxy' | 'xywh' | 'cxcywh' | 'yxyx';
export type BoxUnits = 'pixels' | 'normalized';
export type NmsMode = 'class-aware' | 'class-agnostic';
export type ScoreActivation = 'none' | 'sigmoid' | 'softmax';
/** A model output, by name or by position in the session's output list. */
export type OutputRef = string | number;

export interface InputSpec {
  /** Input tensor name; when absent the model's first input is used. */
  name?: string;
  /** `[1, 3, H, W]` for NCHW, `[1, H, W, 3]` for NHWC. */
  shape: [number, number, number, number];
  dtype: InputDType;
  layout: TensorLayout;
  channelOrder: ChannelOrder;
  /** Derived from shape. */
  height: number;
  width: number;
}

export interface ResizeSpec {
  mode: ResizeMode;
  kernel: ResizeKernel;
  align: ResizeAlign;
  geometry: ResizeGeometry;
  /** Raw 0..255 value per channel (RGB) for letterbox padding, before normalization. */
  padValue: [number, number, number];
  /** Letterbox only: allow scaling up images smaller than the input (YOLOv5 exports use false). */
  upscale: boolean;
  /** Letterbox only: how the scaled size is rounded (`floor(W*r)` in YOLOX, `round` elsewhere). */
  sizeRounding: 'round' | 'floor';
}

export interface NormalizeSpec {
  /** Multiplies raw 0..255 values first (1/255 for [0,1] inputs, 1 for raw). */
  scale: number;
  /** Per tensor channel (in the tensor's channel order), applied after `scale`: (v - mean) / std. */
  mean: [number, number, number];
  std: [number, number, number];
}

export interface PreprocessSpec {
  resize: ResizeSpec;
  normalize: NormalizeSpec;
  /** RGB background that transparent pixels are flattened onto. */
  alphaBackground: [number, number, number];
}

interface OutputCommon {
  /** Subtracted from label ids before looking up `classes` (1 when id 0 is background). */
  labelOffset: number;
  nms: NmsMode;
  /** Legacy `+1` pixel convention in box areas during NMS (YOLOX/Detectron demos). */
  nmsPlusOne: boolean;
  /** Run NMS at nms_iou_thresh in the scorer. Default true, except for `postprocessed` models,
   * whose graph already did it: repeating NMS after the graph clipped its boxes is not idempotent
   * and would drop boxes the framework keeps. */
  applyNms: boolean;
}

export interface PostprocessedOutput extends OutputCommon {
  decoder: 'postprocessed';
  outputs: { boxes: OutputRef; labels?: OutputRef; scores: OutputRef };
  boxFormat: BoxFormat;
  boxUnits: BoxUnits;
}

export interface YoloOutput extends OutputCommon {
  decoder: 'yolo';
  outputs: { predictions: OutputRef };
  /** Grid strides (YOLOX raw head). Empty: rows are already decoded boxes in input pixels. */
  strides: number[];
  /** Column 4 is an objectness score multiplied into every class score. */
  objectness: boolean;
  boxFormat: BoxFormat;
  scoreActivation: ScoreActivation;
}

export interface GflOutput extends OutputCommon {
  decoder: 'gfl';
  /** One class-score and one distance tensor per stride, in stride order. */
  outputs: { scores: OutputRef[]; distances: OutputRef[] };
  strides: number[];
  /** Distances are distributions over reg_max + 1 bins per side. */
  regMax: number;
  /** Cell centre = (col + cellOffset) * stride. */
  cellOffset: number;
  scoreActivation: ScoreActivation;
  /** Per level, keep this many cells with the best class score before NMS (0 = all). */
  preNmsTopKPerLevel: number;
}

export interface SsdPriors {
  strides: number[];
  minSizes: number[][];
  clamp: boolean;
}

export interface SsdOutput extends OutputCommon {
  decoder: 'ssd';
  outputs: { scores: OutputRef; boxes: OutputRef };
  /** `corners`: boxes already decoded (normalized x1,y1,x2,y2); `offsets`: raw prior offsets. */
  encoding: 'corners' | 'offsets';
  /** Score column holding the background class (skipped), or -1 for none. */
  backgroundClass: number;
  priors?: SsdPriors;
  centerVariance: number;
  sizeVariance: number;
  scoreActivation: ScoreActivation;
  /** Keep this many best candidates before NMS (0 = all). */
  preNmsTopK: number;
}

export type OutputSpec = PostprocessedOutput | YoloOutput | GflOutput | SsdOutput;

/** AutoML's six inference-time parameters. */
export interface InferenceParams {
  boxScoreThresh: number;
  nmsIouThresh: number;
  boxDetectionsPerImg: number;
  /** Columns x rows; undefined = no tiling. */
  tileGridSize: { cols: number; rows: number } | undefined;
  tileOverlapRatio: number;
  tilePredictionsNmsThresh: number;
}

export interface RuntimeSpec {
  intraOpThreads: number | undefined;
  interOpThreads: number | undefined;
}

export interface ModelCard {
  schema: typeof MODEL_CARD_SCHEMA;
  name: string | undefined;
  input: InputSpec;
  preprocess: PreprocessSpec;
  output: OutputSpec;
  classes: string[];
  inference: InferenceParams;
  runtime: RuntimeSpec;
}

/** AutoML's defaults (how-to-auto-train-image-models, object detection). */
export const AUTOML_INFERENCE_DEFAULTS: InferenceParams = {
  boxScoreThresh: 0.3,
  nmsIouThresh: 0.5,
  boxDetectionsPerImg: 100,
  tileGridSize: undefined,
  tileOverlapRatio: 0.25,
  tilePredictionsNmsThresh: 0.25,
};

/** The card is malformed or contradicts itself. */
export class ModelCardError extends RolloutError {
  constructor(field: string, message: string, source?: string) {
    super('InvalidModelCard', `model card${source ? ` ${source}` : ''}: '${field}' ${message}`, {
      resource: source ?? field,
      remediation: 'fix the card; the schema is in docs/model-card.md',
    });
    this.name = 'ModelCardError';
  }
}

/** The model does not match its card (input name, shape, outputs). */
export class ModelCardMismatchError extends RolloutError {
  constructor(message: string, resource?: string) {
    super('ModelCardMismatch', message, {
      ...(resource === undefined ? {} : { resource }),
      remediation: 'make the card describe the model: input name/shape/dtype and output names/positions',
    });
    this.name = 'ModelCardMismatchError';
  }
}

type Raw = Record<string, unknown>;

/** Reads fields off one object with a path prefix, so every error names the exact field. */
class FieldReader {
  constructor(
    private readonly obj: Raw,
    private readonly prefix: string,
    private readonly source: string | undefined,
  ) {}

  fail(key: string, message: string): never {
    throw new ModelCardError(this.path(key), message, this.source);
  }

  path(key: string): string {
    return this.prefix ? `${this.prefix}.${key}` : key;
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  raw(key: string): unknown {
    return this.obj[key];
  }

  object(key: string, required = true): FieldReader {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (required) this.fail(key, 'is required');
      return new FieldReader({}, this.path(key), this.source);
    }
    if (typeof v !== 'object' || Array.isArray(v)) this.fail(key, 'must be a mapping');
    return new FieldReader(v as Raw, this.path(key), this.source);
  }

  number(key: string, fallback?: number, range?: { min?: number; max?: number; integer?: boolean }): number {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (fallback === undefined) this.fail(key, 'is required');
      return fallback;
    }
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n))
      this.fail(key, `must be a number, got ${JSON.stringify(v)}`);
    if (range?.integer && !Number.isInteger(n)) this.fail(key, `must be an integer, got ${n}`);
    if (range?.min !== undefined && n < range.min) this.fail(key, `must be >= ${range.min}, got ${n}`);
    if (range?.max !== undefined && n > range.max) this.fail(key, `must be <= ${range.max}, got ${n}`);
    return n;
  }

  optionalNumber(key: string, range?: { min?: number; max?: number; integer?: boolean }): number | undefined {
    return this.has(key) ? this.number(key, undefined, range) : undefined;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  enumOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (fallback === undefined) this.fail(key, `is required (one of ${allowed.join(', ')})`);
      return fallback;
    }
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(key, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    }
    return v as T;
  }

  string(key: string, fallback?: string): string {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (fallback === undefined) this.fail(key, 'is required');
      return fallback;
    }
    if (typeof v !== 'string' || v === '') this.fail(key, 'must be a non-empty string');
    return v;
  }

  outputRef(key: string, fallback?: OutputRef): OutputRef {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (fallback === undefined) this.fail(key, 'is required (an output name or a 0-based index)');
      return fallback;
    }
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
    this.fail(key, `must be an output name or a 0-based index, got ${JSON.stringify(v)}`);
  }

  outputRefs(key: string): OutputRef[] {
    const v = this.obj[key];
    if (!Array.isArray(v) || v.length === 0)
      this.fail(key, 'must be a non-empty list of output names or indices');
    return v.map((item, i) =>
      new FieldReader({ [String(i)]: item }, this.path(key), this.source).outputRef(String(i)),
    );
  }

  numbers(key: string, fallback?: number[], length?: number): number[] {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (fallback === undefined) this.fail(key, 'is required');
      return fallback;
    }
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      this.fail(key, 'must be a list of numbers');
    }
    if (length !== undefined && v.length !== length)
      this.fail(key, `must have ${length} numbers, got ${v.length}`);
    return v as number[];
  }

  rgb(key: string, fallback: [number, number, number]): [number, number, number] {
    const v = this.obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'number') {
      if (v < 0 || v > 255) this.fail(key, 'must be in 0..255');
      return [v, v, v];
    }
    if (typeof v === 'string' && /^#[0-9a-f]{6}$/i.test(v)) {
      const n = Number.parseInt(v.slice(1), 16);
      return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    }
    const list = this.numbers(key, undefined, 3);
    if (list.some((x) => x < 0 || x > 255)) this.fail(key, 'values must be in 0..255');
    return list as [number, number, number];
  }
}

const RESIZE_MODES = ['stretch', 'letterbox'] as const;
const RESIZE_KERNELS = ['sharp', 'opencv-bilinear', 'pil-bilinear'] as const;
const ALIGNS = ['center', 'top-left'] as const;
const GEOMETRIES = ['resize', 'warp'] as const;
const LAYOUTS = ['NCHW', 'NHWC'] as const;
const ORDERS = ['RGB', 'BGR'] as const;
const DTYPES = ['float32', 'float16', 'uint8'] as const;
const DECODERS = ['postprocessed', 'yolo', 'gfl', 'ssd'] as const;
const BOX_FORMATS = ['xyxy', 'xywh', 'cxcywh', 'yxyx'] as const;
const BOX_UNITS = ['pixels', 'normalized'] as const;
const NMS_MODES = ['class-aware', 'class-agnostic'] as const;
const ACTIVATIONS = ['none', 'sigmoid', 'softmax'] as const;

function parseInput(r: FieldReader): InputSpec {
  const layout = r.enumOf('layout', LAYOUTS, 'NCHW');
  const shape = r.numbers('shape', undefined, 4);
  if (!shape.every((d) => Number.isInteger(d) && d > 0)) r.fail('shape', 'must be 4 positive integers');
  const [n, a, b, c] = shape as [number, number, number, number];
  if (n !== 1) r.fail('shape', `batch must be 1, got ${n}`);
  const channels = layout === 'NCHW' ? a : c;
  if (channels !== 3) r.fail('shape', `must have 3 channels in ${layout} position, got ${channels}`);
  const height = layout === 'NCHW' ? b : a;
  const width = layout === 'NCHW' ? c : b;
  const name = r.has('name') ? r.string('name') : undefined;
  return {
    ...(name === undefined ? {} : { name }),
    shape: [n, a, b, c],
    dtype: r.enumOf('dtype', DTYPES, 'float32'),
    layout,
    channelOrder: r.enumOf('channel_order', ORDERS, 'RGB'),
    height,
    width,
  };
}

function parsePreprocess(r: FieldReader): PreprocessSpec {
  const resize = r.object('resize', false);
  const normalize = r.object('normalize', false);
  const mode = resize.enumOf('mode', RESIZE_MODES, 'stretch');
  const kernel = resize.enumOf('kernel', RESIZE_KERNELS, 'sharp');
  const geometry = resize.enumOf('geometry', GEOMETRIES, 'resize');
  if (geometry === 'warp' && kernel !== 'opencv-bilinear') {
    resize.fail('geometry', "'warp' is only available with kernel 'opencv-bilinear'");
  }
  const scale = normalize.number('scale', 1 / 255, { min: Number.MIN_VALUE });
  const mean = normalize.numbers('mean', [0, 0, 0], 3) as [number, number, number];
  const std = normalize.numbers('std', [1, 1, 1], 3) as [number, number, number];
  if (std.some((s) => s === 0)) normalize.fail('std', 'must not contain 0');
  return {
    resize: {
      mode,
      kernel,
      align: resize.enumOf('align', ALIGNS, 'center'),
      geometry,
      padValue: resize.rgb('pad_value', [114, 114, 114]),
      upscale: resize.boolean('upscale', true),
      sizeRounding: resize.enumOf('size_rounding', ['round', 'floor'] as const, 'round'),
    },
    normalize: { scale, mean, std },
    alphaBackground: r.rgb('alpha_background', [255, 255, 255]),
  };
}

function parseOutput(r: FieldReader): OutputSpec {
  const decoder = r.enumOf('decoder', DECODERS);
  const outputs = r.object('outputs', false);
  const common: OutputCommon = {
    labelOffset: r.number('label_offset', 0, { integer: true }),
    nms: r.enumOf('nms', NMS_MODES, decoder === 'yolo' ? 'class-agnostic' : 'class-aware'),
    nmsPlusOne: r.boolean('nms_plus_one', false),
    applyNms: r.boolean('apply_nms', decoder !== 'postprocessed'),
  };
  switch (decoder) {
    case 'postprocessed': {
      const labels = outputs.has('labels') ? outputs.outputRef('labels') : undefined;
      return {
        ...common,
        decoder,
        outputs: {
          boxes: outputs.outputRef('boxes', 'boxes'),
          ...(labels === undefined ? {} : { labels }),
          scores: outputs.outputRef('scores', 'scores'),
        },
        boxFormat: r.enumOf('box_format', BOX_FORMATS, 'xyxy'),
        boxUnits: r.enumOf('box_units', BOX_UNITS, 'pixels'),
      };
    }
    case 'yolo': {
      const strides = r.numbers('strides', []);
      if (strides.some((s) => !Number.isInteger(s) || s <= 0)) r.fail('strides', 'must be positive integers');
      return {
        ...common,
        decoder,
        outputs: { predictions: outputs.outputRef('predictions', 0) },
        strides,
        objectness: r.boolean('objectness', true),
        boxFormat: r.enumOf('box_format', BOX_FORMATS, 'cxcywh'),
        scoreActivation: r.enumOf('score_activation', ACTIVATIONS, 'none'),
      };
    }
    case 'gfl': {
      const strides = r.numbers('strides');
      if (strides.length === 0 || strides.some((s) => !Number.isInteger(s) || s <= 0)) {
        r.fail('strides', 'must be a non-empty list of positive integers');
      }
      const scores = outputs.outputRefs('scores');
      const distances = outputs.outputRefs('distances');
      if (scores.length !== strides.length || distances.length !== strides.length) {
        outputs.fail('scores', `and 'distances' must each list one output per stride (${strides.length})`);
      }
      return {
        ...common,
        decoder,
        outputs: { scores, distances },
        strides,
        regMax: r.number('reg_max', 7, { min: 0, integer: true }),
        cellOffset: r.number('cell_offset', 0.5),
        scoreActivation: r.enumOf('score_activation', ACTIVATIONS, 'none'),
        preNmsTopKPerLevel: r.number('pre_nms_top_k_per_level', 1000, { min: 0, integer: true }),
      };
    }
    case 'ssd': {
      const encoding = r.enumOf('encoding', ['corners', 'offsets'] as const, 'corners');
      let priors: SsdPriors | undefined;
      if (r.has('priors')) {
        const p = r.object('priors');
        const strides = p.numbers('strides');
        const raw = p.raw('min_sizes');
        if (
          !Array.isArray(raw) ||
          raw.length !== strides.length ||
          !raw.every((l) => Array.isArray(l) && l.every((x) => typeof x === 'number' && x > 0))
        ) {
          p.fail('min_sizes', 'must be one list of positive sizes per stride');
        }
        priors = { strides, minSizes: raw as number[][], clamp: p.boolean('clamp', true) };
      }
      if (encoding === 'offsets' && priors === undefined)
        r.fail('priors', "is required when encoding is 'offsets'");
      return {
        ...common,
        decoder,
        outputs: {
          scores: outputs.outputRef('scores', 'scores'),
          boxes: outputs.outputRef('boxes', 'boxes'),
        },
        encoding,
        backgroundClass: r.number('background_class', 0, { min: -1, integer: true }),
        ...(priors === undefined ? {} : { priors }),
        centerVariance: r.number('center_variance', 0.1),
        sizeVariance: r.number('size_variance', 0.2),
        scoreActivation: r.enumOf('score_activation', ACTIVATIONS, 'none'),
        preNmsTopK: r.number('pre_nms_top_k', 0, { min: 0, integer: true }),
      };
    }
  }
}

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

function parseInference(r: FieldReader, base: InferenceParams): InferenceParams {
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

/** Validates a parsed YAML/JSON document as a model card. `source` names it in errors. */
export function parseModelCard(doc: unknown, source?: string): ModelCard {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ModelCardError('(root)', 'must be a mapping', source);
  }
  const r = new FieldReader(doc as Raw, '', source);
  const schema = r.string('schema');
  if (schema !== MODEL_CARD_SCHEMA) r.fail('schema', `must be '${MODEL_CARD_SCHEMA}', got '${schema}'`);
  const rawClasses = r.raw('classes');
  if (
    !Array.isArray(rawClasses) ||
    rawClasses.length === 0 ||
    !rawClasses.every((c) => typeof c === 'string')
  ) {
    r.fail('classes', 'must be a non-empty list of class names (label id i -> classes[i])');
  }
  const output = parseOutput(r.object('output'));
  const runtime = r.object('runtime', false);
  return {
    schema: MODEL_CARD_SCHEMA,
    name: r.has('name') ? r.string('name') : undefined,
    input: parseInput(r.object('input')),
    preprocess: parsePreprocess(r.object('preprocess', false)),
    output,
    classes: rawClasses as string[],
    inference: parseInference(r.object('inference', false), AUTOML_INFERENCE_DEFAULTS),
    runtime: {
      intraOpThreads: runtime.optionalNumber('intra_op_threads', { min: 1, integer: true }),
      interOpThreads: runtime.optionalNumber('inter_op_threads', { min: 1, integer: true }),
    },
  };
}

/** Parses card text (YAML, which includes JSON). */
export function parseModelCardText(text: string, source?: string): ModelCard {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ModelCardError('(root)', `is not valid YAML/JSON: ${(e as Error).message}`, source);
  }
  return parseModelCard(doc, source);
}

export async function loadModelCard(file: string): Promise<ModelCard> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new RolloutError('ModelCardNotFound', `cannot read model card ${file}: ${(e as Error).message}`, {
      resource: file,
      remediation: 'pass --card with the path of the model-card.yaml beside the model',
    });
  }
  return parseModelCardText(text, file);
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
