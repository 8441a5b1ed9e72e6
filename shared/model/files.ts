// The files of a model path (one file or a folder tree) and their content hash: the one hashing
// routine of the suite for model content. The hash names the upload folder and is the identity
// used for idempotent registration, so it must depend on nothing but relative paths and bytes.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { RolloutError } from '../errors.js';

export interface ModelFile {
  /** POSIX path relative to the model path (the file name when the model path is a file). */
  rel: string;
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

/** Every regular file under the model path. Symlinks are followed for the path itself only. */
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
  const files: ModelFile[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const info = entry.isSymbolicLink() ? await stat(full) : await lstat(full);
      if (info.isDirectory()) await walk(full, rel);
      else if (info.isFile()) files.push({ rel, abs: full, size: info.size });
    }
  };
  await walk(abs, '');
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
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
