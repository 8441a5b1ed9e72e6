// Everything before the model for one image: decode, orient, tile, resize, pack. A pure function
// of (bytes, card, parameters), so it can also run in a worker thread (prepare-worker.ts) while the
// main thread is inside onnxruntime's session.run, which blocks it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RolloutError } from '../errors.js';
import type { InferenceParams, ModelCard } from './card.js';
import { ModelCardMismatchError } from './card.js';
import { BadRequestError, ImageDecodeError, ImageTooLargeError } from './errors.js';
import { openImage, resizeWithSharp, toRgb } from './image.js';
import {
  type InputTensorData,
  type Placement,
  packTensor,
  planPlacement,
  resizeForInput,
} from './preprocess.js';
import { cropRgb, type RgbImage } from './resize.js';
import { type Tile, tileGrid } from './tiling.js';

/** One model input prepared from the whole image or one tile of it. */
export interface PreparedView {
  data: InputTensorData;
  placement: Placement;
  /** Where the view sits in the original image (the whole image for the untiled view). */
  tile: Tile;
}

export interface PreparedImage {
  width: number;
  height: number;
  views: PreparedView[];
}

async function prepareView(img: RgbImage, tile: Tile, card: ModelCard): Promise<PreparedView> {
  const { input, preprocess } = card;
  const placement = planPlacement(img.width, img.height, input, preprocess);
  const resized =
    preprocess.resize.kernel === 'sharp'
      ? await resizeWithSharp(img, placement.scaledWidth, placement.scaledHeight)
      : resizeForInput(img, placement, input, preprocess);
  return { data: packTensor(resized, placement, input, preprocess), placement, tile };
}

export async function prepareImage(
  bytes: Uint8Array,
  card: ModelCard,
  params: InferenceParams,
  maxPixels: number,
  resource?: string,
): Promise<PreparedImage> {
  const { input, preprocess } = card;
  const { pipeline, info } = await openImage(bytes, {
    alphaBackground: preprocess.alphaBackground,
    maxPixels,
    ...(resource === undefined ? {} : { resource }),
  });
  const whole: Tile = { left: 0, top: 0, width: info.width, height: info.height };
  if (preprocess.resize.kernel === 'sharp' && params.tileGridSize === undefined) {
    // One libvips pipeline from the compressed bytes: JPEG shrink-on-load makes this the fast path.
    const placement = planPlacement(info.width, info.height, input, preprocess);
    pipeline.resize(placement.scaledWidth, placement.scaledHeight, { fit: 'fill' });
    const img = await toRgb(pipeline, resource);
    return {
      width: info.width,
      height: info.height,
      views: [{ data: packTensor(img, placement, input, preprocess), placement, tile: whole }],
    };
  }
  const rgb = await toRgb(pipeline, resource);
  const views = [await prepareView(rgb, whole, card)];
  if (params.tileGridSize !== undefined) {
    for (const tile of tileGrid(rgb.width, rgb.height, params.tileGridSize, params.tileOverlapRatio)) {
      views.push(await prepareView(cropRgb(rgb, tile.left, tile.top, tile.width, tile.height), tile, card));
    }
  }
  return { width: rgb.width, height: rgb.height, views };
}

/** How a typed error crosses the worker boundary. */
export interface SerializedError {
  name: string;
  code: string;
  message: string;
  resource?: string | undefined;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof RolloutError)
    return { name: e.name, code: e.code, message: e.message, resource: e.resource };
  return { name: 'Error', code: 'InternalError', message: e instanceof Error ? e.message : String(e) };
}

export function deserializeError(e: SerializedError): Error {
  switch (e.code) {
    case 'InvalidImage':
      return new ImageDecodeError(e.message, e.resource);
    case 'ImageTooLarge':
      return new ImageTooLargeError(e.message, e.resource);
    case 'BadRequest':
      return new BadRequestError(e.message);
    case 'ModelCardMismatch':
      return new ModelCardMismatchError(e.message, e.resource);
    case 'InternalError':
      return new Error(e.message);
    default:
      return new RolloutError(e.code, e.message, e.resource === undefined ? {} : { resource: e.resource });
  }
}

/** prepareImage in a worker thread. From source (.ts) the worker gets the tsx loader; where the
 * worker file is not next to this module (a single-file bundle) `start` returns undefined and
 * callers prepare in-thread. */
export class PreparedImageWorker {
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (v: PreparedImage) => void; reject: (e: Error) => void }
  >();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: { id: number; ok: boolean; value?: PreparedImage; error?: SerializedError }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      // Idle workers must not keep the process alive; busy ones must.
      if (this.pending.size === 0) this.worker.unref();
      if (m.ok) p.resolve(m.value as PreparedImage);
      else p.reject(deserializeError(m.error as SerializedError));
    });
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', () => this.failAll(new Error('prepare worker exited')));
    worker.unref();
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  static start(): PreparedImageWorker | undefined {
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(fromSource ? './prepare-worker.ts' : './prepare-worker.js', import.meta.url);
    if (!existsSync(fileURLToPath(url))) return undefined;
    try {
      if (!fromSource) return new PreparedImageWorker(new Worker(url));
      // From source the worker needs the TypeScript loader; --import in a worker's execArgv does
      // not apply to its entry module, so register tsx first and import the entry through it.
      const tsxApi = import.meta.resolve('tsx/esm/api');
      const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
      return new PreparedImageWorker(new Worker(boot, { eval: true }));
    } catch {
      return undefined;
    }
  }

  prepare(
    bytes: Uint8Array,
    card: ModelCard,
    params: InferenceParams,
    maxPixels: number,
    resource?: string,
  ): Promise<PreparedImage> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, bytes, card, params, maxPixels, resource });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
