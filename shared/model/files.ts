// The files of a model path (one file or a folder tree) and their content hash: the one hashing
// routine of the suite for model content. The hash names the upload folder and is the identity
// used for idempotent registration, so it must depend on nothing but relative paths and bytes.
// Links inside a model folder are followed once and must stay inside it (shared/files/contained):
// a link to /etc/passwd in a repository must never reach a datastore.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { RolloutError } from '../errors.js';
import { listFilesInside, openFolder } from '../files/contained.js';

export interface ModelFile {
  /** POSIX path relative to the model path (the file name when the model path is a file). */
  rel: string;
  /** What is read: links resolved (inside the model folder). */
  abs: string;
  size: number;
}

export interface ModelFiles {
  /** The model path, absolute. */
  root: string;
  isFile: boolean;
  /** Sorted by `rel` (code-unit order, so the same on every OS). */
  files: ModelFile[];
  totalBytes: number;
}

export class ModelPathError extends RolloutError {
  constructor(file: string, message: string, remediation: string) {
    super('InvalidModelPath', `model path ${file}: ${message}`, { resource: file, remediation });
    this.name = 'ModelPathError';
  }
}

/**
 * Every regular file under the model path. The path itself may be a link; links inside a folder
 * are followed once and refused when they lead outside it, are broken, or loop.
 */
export async function listModelFiles(root: string): Promise<ModelFiles> {
  const abs = path.resolve(root);
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(abs);
  } catch {
    throw new ModelPathError(
      abs,
      'does not exist',
      'check the path input (relative paths start at the workspace)',
    );
  }
  if (st.isFile()) {
    if (st.size === 0)
      throw new ModelPathError(abs, 'is an empty file', 'point path at the model file itself');
    const file = { rel: path.basename(abs), abs, size: st.size };
    return { root: abs, isFile: true, files: [file], totalBytes: st.size };
  }
  if (!st.isDirectory())
    throw new ModelPathError(abs, 'is neither a file nor a folder', 'give a file or a folder');
  const folder = await openFolder(abs, 'model folder');
  const files: ModelFile[] = (
    await listFilesInside(
      folder,
      'copy the file into the model folder instead of linking to it, or point path at a folder that holds it',
    )
  ).map((f) => ({ rel: f.rel, abs: f.real, size: f.size }));
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  if (files.length === 0 || totalBytes === 0) {
    throw new ModelPathError(
      abs,
      'holds no data (no files, or only empty ones)',
      'point path at the model folder',
    );
  }
  return { root: abs, isFile: false, files, totalBytes };
}

/**
 * sha256 over each file in `rel` order as `rel NUL size NUL bytes`, streamed (constant memory).
 * The size makes the framing unambiguous; hex digest.
 */
export async function contentHash(model: ModelFiles, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for (const f of model.files) {
    signal?.throwIfAborted();
    hash.update(`${f.rel}\0${f.size}\0`);
    for await (const chunk of createReadStream(f.abs, { highWaterMark: 1 << 20, signal })) {
      hash.update(chunk as Buffer);
    }
  }
  return hash.digest('hex');
}
