// The model card's shape: the typed spec the scorer is configured by (input tensor, preprocessing,
// output decoding, classes, inference defaults). Parsing lives beside it, one file per section;
// `../card.ts` is the reader and the one import for callers.
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

export interface OutputCommon {
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
