// The local ONNX detection scorer: image bytes in, detections in original-image pixels out, with
// AutoML's inference parameters (thresholds, NMS, detection cap, tiling). Configured by the model
// card alone. The batch API overlaps decoding the next image with inferring the current one.
import { RolloutError } from '../errors.js';
import { loadOnnxRuntime } from '../native/load.js';
import { type InferenceParams, type ModelCard, ModelCardMismatchError, overrideInference } from './card.js';
import { decodeOutputs, type OutputTensor } from './decoders.js';
import type { Candidate, Detection } from './detection.js';
import { DEFAULT_MAX_PIXELS } from './image.js';
import { nonMaxSuppression } from './nms.js';
import { type PreparedImage, PreparedImageWorker, prepareImage } from './prepare.js';
import { type InputTensorData, toOriginal } from './preprocess.js';
import { checkSessionAgainstCard, getSession, type InferenceSession, resolveOutputName } from './session.js';

export interface ScorerOptions {
  intraOpThreads?: number;
  interOpThreads?: number;
  /** Images over this many pixels are refused with ImageTooLarge (default 40 MP). */
  maxPixels?: number;
}

export interface ScoredImage {
  /** Original image size after EXIF orientation. */
  width: number;
  height: number;
  detections: Detection[];
}

/** Inference parameter overrides by AutoML name (`box_score_thresh`, ...), strings or numbers. */
export type ParamOverrides = Record<string, unknown>;

export class DetectionScorer {
  private runChain: Promise<unknown> = Promise.resolve();
  private readonly outputNames = new Map<string | number, string>();
  /** Worker thread for the batch API; null when none can be started here. */
  private worker: PreparedImageWorker | null | undefined;

  private constructor(
    readonly modelPath: string,
    readonly card: ModelCard,
    private readonly session: InferenceSession,
    private readonly inputName: string,
    private readonly ort: Awaited<ReturnType<typeof loadOnnxRuntime>>,
    private readonly maxPixels: number,
  ) {}

  /** Loads (or reuses) the session and checks the model against its card. */
  static async open(
    modelPath: string,
    card: ModelCard,
    options: ScorerOptions = {},
  ): Promise<DetectionScorer> {
    const session = await getSession(modelPath, {
      intraOpThreads: options.intraOpThreads ?? card.runtime.intraOpThreads,
      interOpThreads: options.interOpThreads ?? card.runtime.interOpThreads,
    });
    const inputName = checkSessionAgainstCard(session, card, modelPath);
    return new DetectionScorer(
      modelPath,
      card,
      session,
      inputName,
      await loadOnnxRuntime(),
      options.maxPixels ?? DEFAULT_MAX_PIXELS,
    );
  }

  /** The card's inference parameters with overrides applied (validated). */
  params(overrides: ParamOverrides = {}): InferenceParams {
    return overrideInference(this.card.inference, overrides);
  }

  /** Decode, orient, resize and pack: everything before the model. */
  prepare(bytes: Uint8Array, params: InferenceParams, resource?: string): Promise<PreparedImage> {
    return prepareImage(bytes, this.card, params, this.maxPixels, resource);
  }

  /** Runs the model on one prepared tensor; runs are serialised so thread settings hold. */
  async run(data: InputTensorData): Promise<Record<string, OutputTensor>> {
    const tensor = new this.ort.Tensor(this.card.input.dtype, data, this.card.input.shape);
    const job = this.runChain.then(() => this.session.run({ [this.inputName]: tensor }));
    this.runChain = job.catch(() => undefined);
    try {
      return (await job) as unknown as Record<string, OutputTensor>;
    } catch (e) {
      throw new ModelCardMismatchError(
        `the model rejected the input the card describes: ${(e as Error).message.split('\n')[0]}`,
        this.modelPath,
      );
    }
  }

  private outputName(ref: string | number, what: string): string {
    let name = this.outputNames.get(ref);
    if (name === undefined) {
      name = resolveOutputName(this.session, ref, what);
      this.outputNames.set(ref, name);
    }
    return name;
  }

  /** Candidates of one view, in model-input pixels, after the per-view threshold and NMS. */
  decodeView(outputs: Record<string, OutputTensor>, params: InferenceParams): Candidate[] {
    const { card } = this;
    let candidates: Candidate[];
    try {
      candidates = decodeOutputs(card.output, {
        inputWidth: card.input.width,
        inputHeight: card.input.height,
        scoreThreshold: params.boxScoreThresh,
        get: (ref) => {
          const t = outputs[this.outputName(ref, String(ref))];
          if (!t)
            throw new ModelCardMismatchError(
              `model produced no output for card ref '${ref}'`,
              this.modelPath,
            );
          return t;
        },
      });
    } catch (e) {
      if (e instanceof RolloutError) throw e;
      throw new ModelCardMismatchError(
        `cannot decode the model outputs with the card: ${(e as Error).message}`,
        this.modelPath,
      );
    }
    const kept = candidates.filter((c) => c.classId >= 0);
    if (!card.output.applyNms) {
      return kept.sort((a, b) => b.score - a.score).slice(0, params.boxDetectionsPerImg);
    }
    return nonMaxSuppression(kept, {
      iouThreshold: params.nmsIouThresh,
      classAgnostic: card.output.nms === 'class-agnostic',
      plusOne: card.output.nmsPlusOne,
      maxKeep: params.boxDetectionsPerImg,
    });
  }

  /** Model, decoding, NMS, tile merge and mapping back to original pixels. */
  async infer(prepared: PreparedImage, params: InferenceParams): Promise<ScoredImage> {
    const perView: Candidate[][] = [];
    for (const view of prepared.views) {
      const outputs = await this.run(view.data);
      const { tile, placement } = view;
      perView.push(
        this.decodeView(outputs, params).map((c) => {
          const local = toOriginal(c, placement, tile.width, tile.height);
          return {
            ...local,
            x1: local.x1 + tile.left,
            y1: local.y1 + tile.top,
            x2: local.x2 + tile.left,
            y2: local.y2 + tile.top,
          };
        }),
      );
    }
    const group: number[] = [];
    const all: Candidate[] = [];
    for (const [v, list] of perView.entries()) {
      for (const c of list) {
        if (c.x2 > c.x1 && c.y2 > c.y1) {
          all.push(c);
          group.push(v);
        }
      }
    }
    let merged = all;
    if (prepared.views.length > 1) {
      // AutoML's merge: by score, a box removes same-class boxes from *other* views (tiles or the
      // whole image) overlapping it by more than tile_predictions_nms_thresh. Each view was already
      // capped at box_detections_per_img and the merged list is not cut again.
      merged = nonMaxSuppression(all, {
        iouThreshold: params.tilePredictionsNmsThresh,
        classAgnostic: false,
        plusOne: this.card.output.nmsPlusOne,
        groupOf: (i) => group[i] as number,
      });
    } else {
      merged.sort((a, b) => b.score - a.score);
      merged = merged.slice(0, params.boxDetectionsPerImg);
    }
    const detections = merged.map((c) => ({
      x1: c.x1,
      y1: c.y1,
      x2: c.x2,
      y2: c.y2,
      classId: c.classId,
      label: this.card.classes[c.classId] ?? `class_${c.classId}`,
      score: c.score,
    }));
    return { width: prepared.width, height: prepared.height, detections };
  }

  /** Scores one image (bytes of a JPEG/PNG/...). */
  async score(bytes: Uint8Array, overrides: ParamOverrides = {}, resource?: string): Promise<ScoredImage> {
    const params = this.params(overrides);
    return this.infer(await this.prepare(bytes, params, resource), params);
  }

  /** Scores many images in order, preparing image i+1 (in a worker thread when one can be
   * started) while image i is in the model. A failing image yields its error in place and the
   * batch goes on. */
  async scoreBatch(
    images: readonly Uint8Array[],
    overrides: ParamOverrides = {},
  ): Promise<Array<ScoredImage | RolloutError>> {
    const params = this.params(overrides);
    this.worker ??= PreparedImageWorker.start() ?? null;
    const worker = this.worker;
    const prepareOne = (i: number): Promise<PreparedImage> => {
      const bytes = images[i] as Uint8Array;
      const resource = `image ${i}`;
      if (!worker) return this.prepare(bytes, params, resource);
      // The worker gets a copy: the caller keeps its buffers.
      return worker
        .prepare(bytes.slice(), this.card, params, this.maxPixels, resource)
        .catch((e: unknown) =>
          e instanceof RolloutError ? Promise.reject(e) : this.prepare(bytes, params, resource),
        );
    };
    const settle = (i: number) =>
      prepareOne(i).then(
        (v) => ({ ok: true as const, v }),
        (e: unknown) => ({ ok: false as const, e }),
      );
    const results: Array<ScoredImage | RolloutError> = [];
    let next = images.length > 0 ? settle(0) : undefined;
    for (let i = 0; i < images.length; i++) {
      const cur = await (next as ReturnType<typeof settle>);
      next = i + 1 < images.length ? settle(i + 1) : undefined;
      try {
        if (!cur.ok) throw cur.e;
        results.push(await this.infer(cur.v, params));
      } catch (e) {
        if (e instanceof RolloutError) results.push(e);
        else throw e;
      }
    }
    return results;
  }

  /** Stops the batch API's worker thread, if one was started. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.close();
  }

  /** Scores sequentially without overlap (the baseline the pipelined batch is measured against). */
  async scoreSequential(
    images: readonly Uint8Array[],
    overrides: ParamOverrides = {},
  ): Promise<ScoredImage[]> {
    const out: ScoredImage[] = [];
    for (const img of images) out.push(await this.score(img, overrides));
    return out;
  }
}
