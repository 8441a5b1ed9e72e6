// Storage of the builtin OCI registry under one folder, laid out as distribution lays it out so a
// reader of either finds the same things: content-addressed blobs (`blobs/sha256/<hex>`, manifests
// among them), per repository the blobs it may read (`repositories/<name>/_layers/sha256/<hex>`),
// its manifests (`_manifests/revisions/sha256/<hex>`, holding the media type) and tags
// (`_manifests/tags/<tag>`, holding a digest), and upload sessions as files that grow
// (`uploads/<uuid>/data`). Every write lands in a temp file and is renamed into place, and a blob
// is renamed in only once its bytes hash to its digest.
import { createHash, type Hash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, type ReadStream, rmSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileDigest } from '../../../shared/registry/digest.js';

/** Repository names and tags per the OCI distribution spec. */
export const REPOSITORY_NAME =
  /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
export const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** Only sha256 is accepted (distribution accepts others; no client of the suite sends them). */
export const DIGEST = /^sha256:[a-f0-9]{64}$/;

export interface UploadSession {
  uuid: string;
  repository: string;
  /** Bytes received so far. */
  size: number;
}

export interface StoredManifest {
  digest: string;
  mediaType: string;
  file: string;
  size: number;
}

export class BuiltinStore {
  /** Running hashes of sessions fed only through this process (a restart re-reads the file). */
  private readonly hashes = new Map<string, { hash: Hash; size: number }>();

  constructor(readonly root: string) {
    // Temp files a killed plane left half-written; nothing refers to them.
    rmSync(path.join(root, 'tmp'), { recursive: true, force: true });
    for (const d of ['blobs/sha256', 'repositories', 'uploads', 'tmp'])
      mkdirSync(path.join(root, d), { recursive: true });
  }

  blobFile(digest: string): string {
    return path.join(this.root, 'blobs', 'sha256', digest.slice('sha256:'.length));
  }

  private repoDir(repository: string): string {
    return path.join(this.root, 'repositories', ...repository.split('/'));
  }

  private layerLink(repository: string, digest: string): string {
    return path.join(this.repoDir(repository), '_layers', 'sha256', digest.slice('sha256:'.length));
  }

  private revisionLink(repository: string, digest: string): string {
    return path.join(
      this.repoDir(repository),
      '_manifests',
      'revisions',
      'sha256',
      digest.slice('sha256:'.length),
    );
  }

  private tagFile(repository: string, tag: string): string {
    return path.join(this.repoDir(repository), '_manifests', 'tags', tag);
  }

  /** Size of a blob the repository may read, or undefined. */
  async blobSize(repository: string, digest: string): Promise<number | undefined> {
    if (!existsSync(this.layerLink(repository, digest))) return undefined;
    return (await stat(this.blobFile(digest)).catch(() => undefined))?.size;
  }

  openBlob(digest: string): ReadStream {
    return createReadStream(this.blobFile(digest), { highWaterMark: 1 << 20 });
  }

  async linkBlob(repository: string, digest: string): Promise<void> {
    await this.atomicWrite(this.layerLink(repository, digest), digest);
  }

  async unlinkBlob(repository: string, digest: string): Promise<boolean> {
    const link = this.layerLink(repository, digest);
    if (!existsSync(link)) return false;
    await rm(link, { force: true });
    return true;
  }

  // --- uploads

  async startUpload(repository: string): Promise<UploadSession> {
    const uuid = randomUUID();
    const dir = path.join(this.root, 'uploads', uuid);
    mkdirSync(dir);
    await writeFile(path.join(dir, 'data'), '');
    await this.atomicWrite(path.join(dir, 'repository'), repository);
    this.hashes.set(uuid, { hash: createHash('sha256'), size: 0 });
    return { uuid, repository, size: 0 };
  }

  async upload(repository: string, uuid: string): Promise<UploadSession | undefined> {
    if (!/^[0-9a-f-]{36}$/.test(uuid)) return undefined;
    const dir = path.join(this.root, 'uploads', uuid);
    const owner = await readFile(path.join(dir, 'repository'), 'utf8').catch(() => undefined);
    if (owner !== repository) return undefined;
    const size = (await stat(path.join(dir, 'data')).catch(() => undefined))?.size;
    return size === undefined ? undefined : { uuid, repository, size };
  }

  /** Appends a request body to a session, streamed; returns the new size. */
  async append(session: UploadSession, body: Readable): Promise<number> {
    const known = this.hashes.get(session.uuid);
    // A session from before a restart, or one a failed append left torn: hash from the file at the end.
    const running = known && known.size === session.size ? known : undefined;
    if (!running) this.hashes.delete(session.uuid);
    let size = session.size;
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          running?.hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(path.join(this.root, 'uploads', session.uuid, 'data'), { flags: 'a' }),
    );
    if (running) running.size = size;
    return size;
  }

  /**
   * Ends a session as the blob `digest`: its bytes verified, then renamed into the blob store and
   * linked into the repository. False (and the session gone, as distribution cancels it) when the
   * bytes hash to another digest.
   */
  async commit(session: UploadSession, digest: string): Promise<boolean> {
    const data = path.join(this.root, 'uploads', session.uuid, 'data');
    const running = this.hashes.get(session.uuid);
    const actual =
      running && running.size === session.size
        ? `sha256:${running.hash.copy().digest('hex')}`
        : (await fileDigest(data)).digest;
    if (actual !== digest) {
      await this.cancel(session.uuid);
      return false;
    }
    await rename(data, this.blobFile(digest));
    await this.linkBlob(session.repository, digest);
    await this.cancel(session.uuid);
    return true;
  }

  async cancel(uuid: string): Promise<void> {
    this.hashes.delete(uuid);
    await rm(path.join(this.root, 'uploads', uuid), { recursive: true, force: true });
  }

  /** A whole blob from one body (monolithic POST `?digest=`), through a throw-away session. */
  async putBlob(repository: string, digest: string, body: Readable): Promise<boolean> {
    const session = await this.startUpload(repository);
    try {
      session.size = await this.append(session, body);
    } catch (e) {
      await this.cancel(session.uuid);
      throw e;
    }
    return this.commit(session, digest);
  }

  // --- manifests and tags

  async resolve(repository: string, reference: string): Promise<string | undefined> {
    if (DIGEST.test(reference))
      return existsSync(this.revisionLink(repository, reference)) ? reference : undefined;
    const digest = (
      await readFile(this.tagFile(repository, reference), 'utf8').catch(() => undefined)
    )?.trim();
    return digest && existsSync(this.revisionLink(repository, digest)) ? digest : undefined;
  }

  async manifest(repository: string, reference: string): Promise<StoredManifest | undefined> {
    const digest = await this.resolve(repository, reference);
    if (!digest) return undefined;
    const mediaType = (await readFile(this.revisionLink(repository, digest), 'utf8')).trim();
    const file = this.blobFile(digest);
    const size = (await stat(file).catch(() => undefined))?.size;
    return size === undefined ? undefined : { digest, mediaType, file, size };
  }

  async putManifest(
    repository: string,
    tag: string | undefined,
    body: Buffer,
    mediaType: string,
  ): Promise<string> {
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    if (!existsSync(this.blobFile(digest))) await this.atomicWrite(this.blobFile(digest), body);
    await this.atomicWrite(this.revisionLink(repository, digest), mediaType);
    if (tag) await this.atomicWrite(this.tagFile(repository, tag), digest);
    return digest;
  }

  /** Deletes a tag, or a manifest by digest with every tag naming it. */
  async deleteManifest(repository: string, reference: string): Promise<boolean> {
    if (!DIGEST.test(reference)) {
      if (!(await this.resolve(repository, reference))) return false;
      await rm(this.tagFile(repository, reference), { force: true });
      return true;
    }
    if (!existsSync(this.revisionLink(repository, reference))) return false;
    for (const tag of (await this.tags(repository)) ?? []) {
      if ((await this.resolve(repository, tag)) === reference)
        await rm(this.tagFile(repository, tag), { force: true });
    }
    await rm(this.revisionLink(repository, reference), { force: true });
    return true;
  }

  /** Tags, sorted; undefined when the repository is unknown (never tagged, as distribution has it). */
  async tags(repository: string): Promise<string[] | undefined> {
    const dir = path.join(this.repoDir(repository), '_manifests', 'tags');
    if (!existsSync(dir)) return undefined;
    const names = await readdir(dir);
    const live: string[] = [];
    for (const t of names) if (TAG.test(t) && (await this.resolve(repository, t))) live.push(t);
    return live.sort();
  }

  /** Repositories holding at least one manifest, sorted. */
  async repositories(): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string, prefix: string[]): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      if (entries.some((e) => e.name === '_manifests')) out.push(prefix.join('/'));
      for (const e of entries)
        if (e.isDirectory() && !e.name.startsWith('_'))
          await walk(path.join(dir, e.name), [...prefix, e.name]);
    };
    await walk(path.join(this.root, 'repositories'), []);
    return out.sort();
  }

  private async atomicWrite(file: string, content: string | Buffer): Promise<void> {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = path.join(this.root, 'tmp', randomUUID());
    await writeFile(tmp, content);
    await rename(tmp, file);
  }
}
