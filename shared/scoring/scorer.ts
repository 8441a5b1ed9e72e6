// The local ONNX detection scorer: image bytes in, detections in original-image pixels out, with
// AutoML's inference parameters (thresholds, NMS, detection cap, tiling). Configured by the model
// card alone. The batch API scores whole images side by side in worker threads (pool.ts).
import os from 'node:os';
import { RolloutError } from '../errors.js';
import { loadOnnxRuntime } from '../native/load.js';
import { type InferenceParams, type ModelCard, ModelCardMismatchError, overrideInference } from './card.js';
import { decodeOutputs, type OutputTensor } from './decoders.js';
import type { Candidate, ScoredImage } from './detection.js';
import { DEFAULT_MAX_PIXELS } from './image.js';
import { nonMaxSuppression } from './nms.js';
import { PoolWorkerError, ScoringPool } from './pool.js';
import { forEachPreparedView, type PreparedImage, type PreparedView, prepareImage } from './prepare.js';
import { type InputTensorData, toOriginal } from './preprocess.js';
import { checkSessionAgainstCard, getSession, type InferenceSession, resolveOutputName } from './session.js';

export interface ScorerOptions {
  intraOpThreads?: number;
  interOpThreads?: number;
  /** Images over this many pixels are refused with ImageTooLarge (default 40 MP). */
  maxPixels?: number;
  /** Worker threads of the batch API, each with its own session and one intra-op thread
   * (default: the available cores, at most 4). 1 scores batches in this thread. */
  workers?: number;
}

/** More workers than this rarely pays: each holds its own session (memory) and sharp's decodes
 * share libuv's four threads. */
const MAX_DEFAULT_WORKERS = 4;
/** Enough for a tiled image's views plus the next image being prepared. */
const MAX_SPARE_TENSORS = 8;

/** Inference parameter overrides by AutoML name (`box_score_thresh`, ...), strings or numbers. */
export type ParamOverrides = Record<string, unknown>;

export class DetectionScorer {
  private runChain: Promise<unknown> = Promise.resolve();
  private readonly outputNames = new Map<string | number, string>();
  /** Spent input tensors, overwritten by the next images this scorer prepares itself. */
  private readonly spare: Float32Array[] = [];
  /** Workers of the batch API, started on the first batch; null when none can start here. */
  private pool: ScoringPool | null | undefined;

  private constructor(
    readonly modelPath: string,
    readonly card: ModelCard,
    private readonly session: InferenceSession,
    private readonly inputName: string,
    private readonly ort: Awaited<ReturnType<typeof loadOnnxRuntime>>,
    private readonly maxPixels: number,
    private readonly workers: number,
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
      options.workers ?? Math.min(os.availableParallelism(), MAX_DEFAULT_WORKERS),
    );
  }

  /** The card's inference parameters with overrides applied (validated); `origin` names the input
   * they were read from (see overrideInference). */
  params(overrides: ParamOverrides = {}, origin?: string): InferenceParams {
    return overrideInference(this.card.inference, overrides, origin);
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
    const outputs: Array<Record<string, OutputTensor>> = [];
    for (const view of prepared.views) outputs.push(await this.run(view.data));
    return this.detect(prepared, outputs, params);
  }

  /** Everything after the model, from each view's outputs: decoding, per-view threshold and NMS,
   * mapping back to original pixels, the tile merge. */
  detect(
    prepared: PreparedImage,
    outputs: ReadonlyArray<Record<string, OutputTensor>>,
    params: InferenceParams,
  ): ScoredImage {
    const perView = prepared.views.map((view, v) =>
      this.viewCandidates(view, outputs[v] as Record<string, OutputTensor>, params),
    );
    return this.merge(prepared.width, prepared.height, perView, params);
  }

  /** One view's candidates in original-image pixels. */
  private viewCandidates(
    view: Pick<PreparedView, 'tile' | 'placement'>,
    outputs: Record<string, OutputTensor>,
    params: InferenceParams,
  ): Candidate[] {
    const { tile, placement } = view;
    return this.decodeView(outputs, params).map((c) => {
      const local = toOriginal(c, placement, tile.width, tile.height);
      return {
        ...local,
        x1: local.x1 + tile.left,
        y1: local.y1 + tile.top,
        x2: local.x2 + tile.left,
        y2: local.y2 + tile.top,
      };
    });
  }

  /** The tile merge over every view's candidates, then labels from the card. */
  private merge(width: number, height: number, perView: Candidate[][], params: InferenceParams): ScoredImage {
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
    if (perView.length > 1) {
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
    const { classes } = this.card;
    const detections = merged.map((c) => {
      const label = classes[c.classId];
      // A postprocessed graph says its class count only through the labels it emits.
      if (label === undefined)
        throw new ModelCardMismatchError(
          `${this.modelPath} output class id ${c.classId} but the card names ${classes.length} class${classes.length === 1 ? '' : 'es'} (${classes.join(', ')}, ids 0-${classes.length - 1} after label_offset)`,
          this.modelPath,
        );
      return { x1: c.x1, y1: c.y1, x2: c.x2, y2: c.y2, classId: c.classId, label, score: c.score };
    });
    return { width, height, detections };
  }

  /** Scores one image (bytes of a JPEG/PNG/...). */
  score(bytes: Uint8Array, overrides: ParamOverrides = {}, resource?: string): Promise<ScoredImage> {
    return this.scoreWith(bytes, this.params(overrides), resource);
  }

  /** Scores one image with validated parameters. Its tensors never leave this call, so they are
   * recycled for the next image (`prepare` and `infer` on their own leave tensors alone). */
  async scoreWith(bytes: Uint8Array, params: InferenceParams, resource?: string): Promise<ScoredImage> {
    // View by view: each tile's tensor is run, decoded and recycled before the next tile is cut,
    // so a tiled image holds one tile's tensor and its candidates, whatever the grid.
    const { width, height, views } = await forEachPreparedView(
      bytes,
      this.card,
      params,
      this.maxPixels,
      resource,
      () => this.spare.pop(),
      async (view) => {
        const candidates = this.viewCandidates(view, await this.run(view.data), params);
        if (view.data instanceof Float32Array && this.spare.length < MAX_SPARE_TENSORS)
          this.spare.push(view.data);
        return candidates;
      },
    );
    return this.merge(width, height, views, params);
  }

  private async inferAndRecycle(prepared: PreparedImage, params: InferenceParams): Promise<ScoredImage> {
    const result = await this.infer(prepared, params);
    for (const v of prepared.views) {
      if (v.data instanceof Float32Array && this.spare.length < MAX_SPARE_TENSORS) this.spare.push(v.data);
    }
    return result;
  }

  /** Scores many images; results come back in input order. With two or more workers the images
   * are scored side by side in worker threads; otherwise (or where no worker can start, e.g. a
   * bundle without its score-worker) in this thread, preparing image i+1 while image i is in the
   * model. A failing image yields its error in place (named by `names[i]`, else `image i`) and
   * the batch goes on. */
  async scoreBatch(
    images: readonly Uint8Array[],
    overrides: ParamOverrides = {},
    names: readonly string[] = [],
  ): Promise<Array<ScoredImage | RolloutError>> {
    const params = this.params(overrides);
    const name = (i: number) => names[i] ?? `image ${i}`;
    const settle = (p: Promise<ScoredImage>) =>
      p.then(
        (v) => v,
        (e: unknown) => {
          if (e instanceof RolloutError) return e;
          throw e;
        },
      );
    if (this.workers > 1 && images.length > 1) {
      this.pool ??=
        ScoringPool.start(this.workers, {
          modelPath: this.modelPath,
          card: this.card,
          maxPixels: this.maxPixels,
        }) ?? null;
    }
    const { pool } = this;
    if (params.tileGridSize !== undefined && !(pool && images.length > 1)) {
      // A tiled image is scored view by view (scoreWith), not prepared whole ahead of time.
      const results: Array<ScoredImage | RolloutError> = [];
      for (const [i, b] of images.entries()) results.push(await settle(this.scoreWith(b, params, name(i))));
      return results;
    }
    if (pool && images.length > 1) {
      // A worker that cannot score at all (PoolWorkerError) is not the image's fault: score that
      // image here instead, so a batch never fails where one-by-one scoring would not.
      const one = (b: Uint8Array, i: number) =>
        pool.score(b, params, name(i)).catch((e: unknown) => {
          if (e instanceof PoolWorkerError) return this.scoreWith(b, params, name(i));
          throw e;
        });
      return Promise.all(images.map((b, i) => settle(one(b, i))));
    }
    const results: Array<ScoredImage | RolloutError> = [];
    const prepare = (i: number) => {
      const p = prepareImage(images[i] as Uint8Array, this.card, params, this.maxPixels, name(i), () =>
        this.spare.pop(),
      );
      p.catch(() => undefined); // awaited below; do not report it as unhandled meanwhile
      return p;
    };
    let next = images.length > 0 ? prepare(0) : undefined;
    for (let i = 0; i < images.length; i++) {
      const cur = next as Promise<PreparedImage>;
      next = i + 1 < images.length ? prepare(i + 1) : undefined;
      results.push(await settle(cur.then((p) => this.inferAndRecycle(p, params))));
    }
    return results;
  }

  /** Stops the batch API's workers, if any were started. */
  async close(): Promise<void> {
    const p = this.pool;
    this.pool = undefined;
    if (p) await p.close();
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
