// A reproducible image layer (and the build context ACR Tasks uploads): a tar of files at given
// in-image paths, streamed from the files (`layerTar`), hashed in one pass (`hashLayer`: its digest
// is both the blob's and the diff_id, the layer being uncompressed), or gzipped to a file
// (`writeLayer`, for a caller that asks for compression). Reproducible: entries sorted by path,
// parent folders listed, fixed mtime/uid/gid (mode as given, 0644 by default) and no user names,
// so the same files give the same bytes and a push of an unchanged model sends nothing.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
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

/** Files are read in chunks this large: few chunks, so little per-chunk work on the way out. */
const READ_CHUNK = 1 << 20;

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
 * The layer's tar, streamed from the files (memory stays constant whatever their size); a new
 * call reads them anew, so a retried upload resends the same bytes. A file that changed since the
 * layer was hashed gives other bytes, which the registry refuses against the digest.
 */
export function layerTar(files: readonly LayerFile[], signal?: AbortSignal): Readable {
  const pack = tarPack();
  const fed = async () => {
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
      await new Promise<void>((resolve, reject) => {
        if (!entry.file || entry.file.size === 0 || link !== undefined) {
          return void pack.entry(header, Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
        }
        const source = createReadStream(entry.file.abs, { highWaterMark: READ_CHUNK });
        const sink = pack.entry(header, (err) => {
          if (!err) return resolve();
          source.destroy();
          reject(err);
        });
        source.once('error', (err) => {
          sink.destroy(err);
          reject(err);
        });
        source.pipe(sink);
      });
    }
    pack.finalize();
  };
  fed().catch((e: unknown) => pack.destroy(e as Error));
  return Readable.from(pack as AsyncIterable<Buffer>, { objectMode: false });
}

/** Digest and size of the layer's tar, read once and kept nowhere. */
export async function hashLayer(
  files: readonly LayerFile[],
  signal?: AbortSignal,
): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of layerTar(files, signal) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

export interface LayerOptions {
  signal?: AbortSignal | undefined;
  /** zlib level 0-9 (default 0). Part of the digest: keep it fixed per image. */
  gzipLevel?: number | undefined;
}

/**
 * Writes the layer gzipped to `out`, hashing the tar and the gzip on the way. The gzip's bytes
 * depend on the zlib that made them (Node's bundled one), so the file is what gets uploaded.
 */
export async function writeLayer(
  files: readonly LayerFile[],
  out: string,
  { signal, gzipLevel = 0 }: LayerOptions = {},
): Promise<BuiltLayer> {
  const tarHash = createHash('sha256');
  const gzHash = createHash('sha256');
  let size = 0;
  const tee = (onChunk: (chunk: Buffer) => void) =>
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        onChunk(chunk);
        done(null, chunk);
      },
    });
  await pipeline(
    layerTar(files, signal),
    tee((c) => tarHash.update(c)),
    createGzip({ level: gzipLevel }),
    tee((c) => {
      gzHash.update(c);
      size += c.length;
    }),
    createWriteStream(out),
    ...(signal ? [{ signal }] : []),
  );
  return {
    file: out,
    digest: `sha256:${gzHash.digest('hex')}`,
    diffId: `sha256:${tarHash.digest('hex')}`,
    size,
  };
}
