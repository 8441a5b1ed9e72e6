// Image-level parallelism for batches: worker threads that each hold their own onnxruntime session
// (one intra-op thread) and score whole images. onnxruntime-node's session.run blocks the thread
// it runs on and one small model cannot keep several intra-op threads busy, so whole images side
// by side use the cores better than one image with more threads: while one worker is in the
// model, another decodes and resizes (sharp on libuv's pool, the cv2/PIL kernels in JavaScript).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RolloutError } from '../errors.js';
import type { InferenceParams, ModelCard } from './card.js';
import { ModelCardMismatchError } from './card.js';
import { BadRequestError, ImageDecodeError, ImageTooLargeError } from './errors.js';
import type { ScoredImage } from './detection.js';

/** What a worker needs to open its own scorer. */
export interface PoolWorkerInit {
  modelPath: string;
  card: ModelCard;
  maxPixels: number;
}

export interface PoolJob {
  id: number;
  bytes: Uint8Array;
  params: InferenceParams;
  resource: string;
}

/** A job's result; id OPEN_FAILED reports that the worker could not open its scorer. */
export type PoolReply =
  { id: number; ok: true; value: ScoredImage } | { id: number; ok: false; error: SerializedError };

export const OPEN_FAILED = -1;

/** A worker that cannot score at all (it died, or could not open the model the calling thread
 * opened): not the image's fault, so callers score that image in their own thread instead. */
export class PoolWorkerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PoolWorkerError';
  }
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

/** The worker bundle for a bundle in `bundleDir`: beside it (an Azure DevOps task folder holds
 * score-worker/) or one level up (the repository's dist/score-worker). */
export function bundledWorkerEntry(bundleDir: string): string | undefined {
  return [
    path.join(bundleDir, 'score-worker', 'index.js'),
    path.join(bundleDir, '..', 'score-worker', 'index.js'),
  ].find((f) => existsSync(f));
}

/** Where the worker's entry is: from source (.ts) score-worker.ts, loaded through tsx; in a bundle
 * (every module of dist/<entry>/ lives in that folder, in index.js or one of its `<id>.index.js`
 * chunks) the separately bundled dist/score-worker. Undefined when it cannot be found: callers then score in-thread. */
function workerEntry(): { file: string; fromSource: boolean } | undefined {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts'))
    return { file: path.join(path.dirname(here), 'score-worker.ts'), fromSource: true };
  const file = bundledWorkerEntry(path.dirname(here));
  return file === undefined ? undefined : { file, fromSource: false };
}

function spawn(init: PoolWorkerInit): Worker | undefined {
  const entry = workerEntry();
  if (!entry || !existsSync(entry.file)) return undefined;
  if (!entry.fromSource) return new Worker(entry.file, { workerData: init });
  // --import in a worker's execArgv does not apply to its entry module, so register tsx first and
  // import the TypeScript entry through it.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const href = pathToFileURL(entry.file).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(href)}); })`;
  return new Worker(boot, { eval: true, workerData: init });
}

interface Slot {
  worker: Worker;
  busy: number;
  /** Set once the worker has failed to start or died: its jobs fail, new ones go elsewhere. */
  dead?: Error;
}

/** Images a worker holds at once: one in the model while the next decodes. More would only
 * hold more decoded images in memory. */
const IN_FLIGHT_PER_WORKER = 2;

interface Queued {
  job: Omit<PoolJob, 'id'>;
  resolve: (v: ScoredImage) => void;
  reject: (e: Error) => void;
}

/** A fixed set of scoring workers; `score` queues an image and the least busy worker with room
 * takes it. */
export class ScoringPool {
  private nextId = 0;
  private readonly queue: Queued[] = [];
  private readonly pending = new Map<number, Queued & { slot: Slot }>();

  private constructor(private readonly slots: Slot[]) {
    for (const slot of slots) {
      slot.worker.on('message', (m: PoolReply) => this.onReply(slot, m));
      slot.worker.on('error', (e) =>
        this.fail(slot, new PoolWorkerError(`scoring worker failed: ${e.message}`, { cause: e })),
      );
      slot.worker.on('exit', (code) =>
        this.fail(slot, new PoolWorkerError(`scoring worker exited (code ${code})`)),
      );
      slot.worker.unref();
    }
  }

  /** Starts `size` workers, or returns undefined when no worker entry exists here (a bundle
   * without dist/score-worker). */
  static start(size: number, init: PoolWorkerInit): ScoringPool | undefined {
    const slots: Slot[] = [];
    for (let i = 0; i < size; i++) {
      const worker = spawn(init);
      if (!worker) break;
      slots.push({ worker, busy: 0 });
    }
    return slots.length > 0 ? new ScoringPool(slots) : undefined;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Scores `bytes` on a worker. The worker gets its own copy (transferred, not cloned again);
   * the caller keeps its buffer. */
  score(bytes: Uint8Array, params: InferenceParams, resource: string): Promise<ScoredImage> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { bytes: new Uint8Array(bytes), params, resource }, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (;;) {
      const live = this.slots.filter((s) => !s.dead);
      if (live.length === 0) {
        const why = this.slots[0]?.dead ?? new PoolWorkerError('no scoring worker is running');
        for (const q of this.queue.splice(0)) q.reject(why);
        return;
      }
      const slot = live.reduce((a, b) => (b.busy < a.busy ? b : a));
      if (slot.busy >= IN_FLIGHT_PER_WORKER) return;
      const next = this.queue.shift();
      if (!next) return;
      const id = this.nextId++;
      this.pending.set(id, { ...next, slot });
      slot.busy++;
      // Busy workers keep the process alive; idle ones must not.
      slot.worker.ref();
      const job: PoolJob = { id, ...next.job };
      slot.worker.postMessage(job, [job.bytes.buffer as ArrayBuffer]);
    }
  }

  private onReply(slot: Slot, m: PoolReply): void {
    if (!m.ok && m.id === OPEN_FAILED) {
      // The worker could not open its scorer (model or native module): nothing it gets can work.
      const cause = deserializeError(m.error);
      this.fail(
        slot,
        new PoolWorkerError(`scoring worker could not open the model: ${cause.message}`, { cause }),
      );
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    slot.busy--;
    if (slot.busy === 0) slot.worker.unref();
    if (m.ok) p.resolve(m.value);
    else p.reject(deserializeError(m.error));
    this.pump();
  }

  private fail(slot: Slot, e: Error): void {
    slot.dead ??= e;
    for (const [id, p] of this.pending) {
      if (p.slot !== slot) continue;
      this.pending.delete(id);
      p.reject(e);
    }
    slot.busy = 0;
    slot.worker.unref();
    this.pump();
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
