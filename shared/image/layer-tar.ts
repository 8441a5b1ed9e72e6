// A reproducible image layer (and the build context ACR Tasks uploads): a tar of files at given
// paths, gzipped, written to a file in one pass that also yields its digest (of the gzip, what the
// manifest names) and its diff_id (of the tar, what the config names). Reproducible: entries
// sorted by path, parent folders listed, fixed mtime/uid/gid (mode as given, 0644 by default) and
// no user names, so the same files give the same digest (for a given Node, whose bundled zlib does
// the compressing) and a push of an unchanged model sends nothing.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import { type Header, pack as tarPack } from 'tar-stream';

export interface LayerFile {
  /** POSIX path inside the image, without the leading slash. */
  path: string;
  /** The file to read. */
  abs: string;
  size: number;
  /** Permission bits (default 0o644): a build context keeps its scripts executable. */
  mode?: number | undefined;
  /** A symbolic link travels as a link to this target (size 0, `abs` unread). */
  linkTarget?: string | undefined;
}

export interface BuiltLayer {
  file: string;
  /** sha256 of the gzip stream. */
  digest: string;
  /** sha256 of the uncompressed tar. */
  diffId: string;
  size: number;
}

/** The epoch every entry carries: a layer's digest must not depend on when it was built. */
const FIXED_MTIME = new Date(0);

/** Every entry, parent folders included, in code-unit order (a folder before what it holds). */
export function layerEntries(files: readonly LayerFile[]): { path: string; file?: LayerFile }[] {
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const entries = [
    ...[...dirs].map((path) => ({ path })),
    ...files.map((file) => ({ path: file.path, file })),
  ];
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Model weights barely compress (float tensors: deflate saves a few per cent) and deflating costs
 * ~25 ms/MB here, which would make a model push slower than copying the whole image: by default
 * the layer is a gzip of stored blocks (level 0, a valid `tar+gzip` every runtime pulls), about
 * the size of the files. A caller with text-heavy models may ask for a higher level.
 */
export const DEFAULT_GZIP_LEVEL = constants.Z_NO_COMPRESSION;

export interface LayerOptions {
  signal?: AbortSignal | undefined;
  /** zlib level 0-9 (default DEFAULT_GZIP_LEVEL). Part of the digest: keep it fixed per image. */
  gzipLevel?: number | undefined;
}

/** Writes the layer to `out`. Files are streamed; memory stays constant whatever their size. */
export async function writeLayer(
  files: readonly LayerFile[],
  out: string,
  { signal, gzipLevel = DEFAULT_GZIP_LEVEL }: LayerOptions = {},
): Promise<BuiltLayer> {
  const tarHash = createHash('sha256');
  const gzHash = createHash('sha256');
  let size = 0;
  const pack = tarPack();
  const gzip = createGzip({ level: gzipLevel });
  const written = pipeline(
    gzip,
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        gzHash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    }),
    createWriteStream(out),
    ...(signal ? [{ signal }] : []),
  );
  const fed = (async () => {
    for await (const chunk of pack as AsyncIterable<Buffer>) {
      tarHash.update(chunk);
      if (!gzip.write(chunk)) await once(gzip, 'drain');
    }
    gzip.end();
  })();
  // Surface a failure of either side while entries are still being added.
  const failed = Promise.race([written, fed]).then(
    () => undefined,
    (e: unknown) => e,
  );
  for (const entry of layerEntries(files)) {
    signal?.throwIfAborted();
    const link = entry.file?.linkTarget;
    const header: Header = {
      name: entry.file ? entry.path : `${entry.path}/`,
      type: link !== undefined ? 'symlink' : entry.file ? 'file' : 'directory',
      mode: entry.file ? (entry.file.mode ?? 0o644) : 0o755,
      uid: 0,
      gid: 0,
      uname: '',
      gname: '',
      mtime: FIXED_MTIME,
      size: link !== undefined ? 0 : (entry.file?.size ?? 0),
      linkname: link ?? '',
      devmajor: 0,
      devminor: 0,
    };
    const added = new Promise<void>((resolve, reject) => {
      const finished = (err?: Error | null) => (err ? reject(err) : resolve());
      if (!entry.file || entry.file.size === 0 || link !== undefined)
        return void pack.entry(header, Buffer.alloc(0), finished);
      const sink = pack.entry(header, finished);
      const source = createReadStream(entry.file.abs, { highWaterMark: 1 << 20 });
      source.on('error', reject);
      source.pipe(sink);
    });
    const e = await Promise.race([added, failed]);
    if (e) throw e;
  }
  pack.finalize();
  await fed;
  await written;
  return {
    file: out,
    digest: `sha256:${gzHash.digest('hex')}`,
    diffId: `sha256:${tarHash.digest('hex')}`,
    size,
  };
}
