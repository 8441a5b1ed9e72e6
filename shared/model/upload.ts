// Model files into a workspace datastore (opened by azure/datastore.ts), as `az ml model create`
// does: `@azure/storage-blob` block uploads streamed from disk with parallel blocks, a progress line,
// and files already present under the content-hash folder skipped.
import type { DatastoreOptions, OpenDatastore } from '../azure/datastore.js';
import { RolloutError } from '../errors.js';
import type { Host } from '../host/host.js';
import type { ModelFiles } from './files.js';

export interface UploadOptions extends DatastoreOptions {
  blockSize?: number;
  concurrency?: number;
}

export interface UploadResult {
  uploadedBytes: number;
  uploadedFiles: number;
  skippedFiles: number;
}

const MiB = 1024 * 1024;

/**
 * Upload every file to `<blobFolder>/<rel>`. Files whose blob already exists with the same size are
 * skipped: the folder is named by the content hash, and a block blob only appears once committed.
 */
export async function uploadModelFiles(
  store: OpenDatastore,
  model: ModelFiles,
  blobFolder: string,
  host: Host,
  signal: AbortSignal,
  options: UploadOptions = {},
): Promise<UploadResult> {
  const existing = new Map<string, number>();
  for await (const blob of store.container.listBlobsFlat({ prefix: `${blobFolder}/`, abortSignal: signal })) {
    existing.set(blob.name, blob.properties.contentLength ?? -1);
  }
  const todo = model.files.filter((f) => existing.get(`${blobFolder}/${f.rel}`) !== f.size);
  const result: UploadResult = {
    uploadedBytes: 0,
    uploadedFiles: 0,
    skippedFiles: model.files.length - todo.length,
  };
  const total = todo.reduce((n, f) => n + f.size, 0);
  if (todo.length === 0) {
    host.info(
      `all ${model.files.length} file(s) are already in ${store.name}/${blobFolder}; nothing to upload`,
    );
    return result;
  }
  host.info(`uploading ${todo.length} file(s), ${fmt(total)} to ${store.name}/${blobFolder}`);
  const progress = new Progress(total, (line) => host.info(line));
  const blockSize = options.blockSize ?? 8 * MiB;
  const concurrency = options.concurrency ?? 4;
  // Big files one at a time with parallel blocks; small ones several at a time. The first failure
  // stops the other uploads, and it is the one reported: the others only saw the abort.
  const stop = new AbortController();
  let firstFailure: RolloutError | undefined;
  const abortSignal = AbortSignal.any([signal, stop.signal]);
  let next = 0;
  const worker = async () => {
    for (let f = todo[next++]; f && !abortSignal.aborted; f = todo[next++]) {
      const blobPath = `${blobFolder}/${f.rel}`;
      try {
        await store.container.getBlockBlobClient(blobPath).uploadFile(f.abs, {
          blockSize,
          maxSingleShotSize: blockSize,
          concurrency,
          abortSignal,
          onProgress: (p) => progress.set(f.rel, p.loadedBytes),
        });
      } catch (e) {
        signal.throwIfAborted();
        if (stop.signal.aborted) return; // aborted because another upload failed first
        stop.abort();
        throw (firstFailure = new RolloutError(
          'ModelUploadFailed',
          `upload of ${f.rel} to datastore '${store.name}' failed: ${(e as Error).message.split('\n')[0]}`,
          {
            resource: `${store.name}/${blobPath}`,
            remediation:
              'check that the datastore credentials may write to its container; a re-run uploads only what is missing',
            cause: e,
          },
        ));
      }
      progress.set(f.rel, f.size);
      result.uploadedBytes += f.size;
      result.uploadedFiles++;
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(4, todo.length) }, worker));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (firstFailure) throw firstFailure;
  if (failed) throw failed.reason;
  progress.finish();
  return result;
}

/** One progress line at every 10% and at least every 10 s. */
class Progress {
  private readonly perFile = new Map<string, number>();
  done = 0;
  private lastStep = 0;
  private lastAt = Date.now();
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly log: (line: string) => void,
  ) {}

  set(file: string, bytes: number): void {
    this.done += bytes - (this.perFile.get(file) ?? 0);
    this.perFile.set(file, bytes);
    const step = Math.floor((this.done / this.total) * 10);
    if (step > this.lastStep || Date.now() - this.lastAt > 10_000) {
      this.lastStep = step;
      this.lastAt = Date.now();
      if (this.done < this.total) this.log(this.line());
    }
  }

  finish(): void {
    this.log(this.line());
  }

  private line(): string {
    const secs = Math.max((Date.now() - this.started) / 1000, 0.001);
    const pct = this.total === 0 ? 100 : Math.floor((this.done / this.total) * 100);
    return `upload ${pct}%: ${fmt(this.done)} of ${fmt(this.total)} (${fmt(this.done / secs)}/s)`;
  }
}

function fmt(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${Math.round(bytes)} B`;
}
