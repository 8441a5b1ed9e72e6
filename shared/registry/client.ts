// An OCI distribution client over the suite's one HTTP helper: sign-in through a RegistryAuth
// (challenge -> Authorization, reused per repository and action set so a push asks once), manifest
// GET/HEAD/PUT, blob HEAD/GET, monolithic upload streamed from its source, and cross-repository
// mount that falls back to uploading into the session the registry opened instead. Written by hand:
// `@azure/container-registry` has neither blob HEAD nor mount, uploads in 4 MiB PATCH chunks and
// keeps its refresh token to itself (docs/dependencies.md).
import { Readable } from 'node:stream';
import { RolloutError } from '../errors.js';
import { HttpError, type HttpRequest, type HttpResponse, httpRequest } from '../http/request.js';
import type { RetryPolicy } from '../http/retry.js';
import { RegistryAuthFailedError } from './acr-auth.js';
import type { RegistryAuth } from './auth.js';
import { parseChallenge, type RegistryChallenge, repositoryScope } from './challenge.js';
import { isDigest, sha256Digest } from './digest.js';
import { ANY_MANIFEST_ACCEPT, type ImageManifest, parseImageManifest } from './manifest.js';

export interface RegistryClientOptions {
  /** `https://<loginServer>`, or `http://127.0.0.1:<port>` for a bare local registry. */
  url: string;
  /** Omitted: the registry must not ask for sign-in. */
  auth?: RegistryAuth | undefined;
  /** PEM of a CA to trust for the registry (the local plane's). */
  ca?: string | undefined;
  mask?: ((text: string) => string) | undefined;
  log?: ((line: string) => void) | undefined;
  retry?: RetryPolicy | undefined;
  signal?: AbortSignal | undefined;
}

/** A blob to upload: its digest and size known beforehand, its bytes opened per attempt. */
export interface BlobSource {
  digest: string;
  size: number;
  open(): Readable | Uint8Array;
}

export interface FetchedManifest {
  manifest: ImageManifest;
  /** The exact bytes (their digest is the image's). */
  body: Buffer;
  digest: string;
  mediaType: string;
}

/** Largest manifest or config read into memory; ACR's own manifest limit is 4 MiB. */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

export class RegistryClient {
  private readonly base: string;
  /** The registry's challenge (realm, service), learnt from its first 401, reused for each scope. */
  private challenge: RegistryChallenge | undefined;

  constructor(private readonly options: RegistryClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** `GET /v2/`: the registry answers and, when it asks for sign-in, accepts ours. */
  async ping(): Promise<void> {
    await this.send('', [], { url: `${this.base}/v2/` });
  }

  /** The manifest of a tag or digest, as a single image; an index is refused with its reason. */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest> {
    const res = await this.send(repository, ['pull'], {
      url: this.url(repository, 'manifests', reference),
      headers: { accept: ANY_MANIFEST_ACCEPT },
    });
    if (res.body.length > MAX_DOCUMENT_BYTES) throw tooLarge(`${repository}:${reference}`);
    const ref = `${repository}${isDigest(reference) ? '@' : ':'}${reference}`;
    const manifest = parseImageManifest(res.body, res.headers.get('content-type'), ref);
    const digest = sha256Digest(res.body);
    const claimed = res.headers.get('docker-content-digest');
    if ((isDigest(reference) && digest !== reference) || (claimed && claimed !== digest)) {
      throw new RolloutError('ManifestDigestMismatch', `the manifest of ${ref} does not hash to its digest`, {
        resource: ref,
        remediation: 'the registry or something between it and this runner altered the manifest',
      });
    }
    return { manifest, body: res.body, digest, mediaType: manifest.mediaType };
  }

  /** Digest and media type of a tag or digest, or undefined when the registry has none. */
  async headManifest(
    repository: string,
    reference: string,
  ): Promise<{ digest: string; mediaType: string; size: number } | undefined> {
    const res = await this.sendOrMissing(repository, ['pull'], {
      url: this.url(repository, 'manifests', reference),
      method: 'HEAD',
      headers: { accept: ANY_MANIFEST_ACCEPT },
    });
    if (!res) return undefined;
    return {
      digest: res.headers.get('docker-content-digest') ?? (isDigest(reference) ? reference : ''),
      mediaType: res.headers.get('content-type')?.split(';')[0]?.trim() ?? '',
      size: Number(res.headers.get('content-length') ?? 0),
    };
  }

  async tagExists(repository: string, tag: string): Promise<boolean> {
    return (await this.headManifest(repository, tag)) !== undefined;
  }

  /** Puts the manifest under a tag or its digest; returns its digest. The bytes are sent as given. */
  async putManifest(repository: string, reference: string, body: Buffer, mediaType: string): Promise<string> {
    const digest = sha256Digest(body);
    const res = await this.send(repository, ['pull', 'push'], {
      url: this.url(repository, 'manifests', reference),
      method: 'PUT',
      headers: { 'content-type': mediaType },
      body,
    });
    const claimed = res.headers.get('docker-content-digest');
    if (claimed && claimed !== digest) {
      throw new RolloutError(
        'ManifestDigestMismatch',
        `registry stored ${repository}:${reference} as ${claimed}, not ${digest}`,
        { resource: `${repository}:${reference}` },
      );
    }
    return digest;
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const res = await this.sendOrMissing(repository, ['pull'], {
      url: this.url(repository, 'blobs', digest),
      method: 'HEAD',
    });
    return res !== undefined;
  }

  /** A small blob (an image config) read whole and checked against its digest. */
  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const res = await this.send(repository, ['pull'], { url: this.url(repository, 'blobs', digest) });
    if (res.body.length > MAX_DOCUMENT_BYTES) throw tooLarge(`${repository}@${digest}`);
    if (sha256Digest(res.body) !== digest) {
      throw new RolloutError(
        'BlobDigestMismatch',
        `blob ${repository}@${digest} does not hash to its digest`,
        {
          resource: `${repository}@${digest}`,
        },
      );
    }
    return res.body;
  }

  /** Monolithic upload: POST opens a session, one PUT `?digest=` streams the bytes. */
  async uploadBlob(repository: string, blob: BlobSource): Promise<void> {
    const res = await this.send(repository, ['pull', 'push'], {
      url: `${this.base}/v2/${repository}/blobs/uploads/`,
      method: 'POST',
      headers: { 'content-length': '0' },
      body: '',
    });
    await this.finishUpload(repository, res, blob);
  }

  /**
   * Mounts a blob the registry holds in another repository (no bytes sent); when it cannot (202),
   * uploads into the session it opened instead. Returns whether it mounted.
   */
  async mountOrUploadBlob(repository: string, blob: BlobSource, from: string): Promise<boolean> {
    const res = await this.openMount(repository, blob.digest, from);
    if (res.status === 201) return true;
    await this.finishUpload(repository, res, blob);
    return false;
  }

  /**
   * Mounts a blob the registry holds in another repository, sending no bytes; when it cannot,
   * the upload session it opened instead is cancelled and false returned (the caller has no bytes
   * to send: a base image's layer lives only in the registry).
   */
  async mountBlob(repository: string, digest: string, from: string): Promise<boolean> {
    const res = await this.openMount(repository, digest, from);
    if (res.status === 201) return true;
    const location = res.headers.get('location');
    if (location) {
      await this.send(repository, ['pull', 'push'], {
        url: new URL(location, `${this.base}/`).toString(),
        method: 'DELETE',
      }).catch(() => undefined); // an abandoned session expires on its own
    }
    return false;
  }

  private openMount(repository: string, digest: string, from: string): Promise<HttpResponse> {
    const q = new URLSearchParams({ mount: digest, from });
    return this.send(
      repository,
      ['pull', 'push'],
      {
        url: `${this.base}/v2/${repository}/blobs/uploads/?${q.toString()}`,
        method: 'POST',
        headers: { 'content-length': '0' },
        body: '',
      },
      // Mounting reads the other repository: ask for both in one token.
      `${repositoryScope(repository, ['pull', 'push'])} ${repositoryScope(from, ['pull'])}`,
    );
  }

  private async finishUpload(repository: string, opened: HttpResponse, blob: BlobSource): Promise<void> {
    const location = opened.headers.get('location');
    if (!location) {
      throw new RolloutError(
        'RegistryProtocolError',
        `registry opened an upload to ${repository} without a Location`,
        {
          resource: repository,
        },
      );
    }
    const target = new URL(location, `${this.base}/`);
    target.searchParams.set('digest', blob.digest);
    await this.send(repository, ['pull', 'push'], {
      url: target.toString(),
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
      body: () => {
        const b = blob.open();
        return b instanceof Uint8Array ? Readable.from([b]) : b;
      },
    });
  }

  private url(repository: string, kind: 'manifests' | 'blobs', reference: string): string {
    return `${this.base}/v2/${repository}/${kind}/${reference}`;
  }

  /** `send`, with a 404 answered as undefined (HEAD of something the registry lacks). */
  private async sendOrMissing(
    repository: string,
    actions: string[],
    req: HttpRequest,
  ): Promise<HttpResponse | undefined> {
    try {
      return await this.send(repository, actions, req);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** One request, signed in: with the header for its scope when the registry's challenge is known;
   * on a 401, once more with a token for its scope and the challenge's together. */
  private async send(
    repository: string,
    actions: string[],
    req: HttpRequest,
    scope = repository ? repositoryScope(repository, actions) : undefined,
  ): Promise<HttpResponse> {
    const o = this.options;
    const common = {
      ca: o.ca,
      mask: o.mask,
      log: o.log,
      signal: o.signal,
      ...(o.retry ? { retry: o.retry } : {}),
    };
    const withAuth = (authorization: string | undefined): HttpRequest => ({
      ...common,
      ...req,
      headers: { ...req.headers, ...(authorization ? { authorization } : {}) },
    });
    const known =
      this.challenge && o.auth ? await o.auth.authorize(this.forScope(this.challenge, scope)) : undefined;
    try {
      return await httpRequest(withAuth(known));
    } catch (e) {
      if (!(e instanceof HttpError) || e.status !== 401) throw e;
      const host = new URL(this.base).host;
      if (!o.auth) {
        throw new RegistryAuthFailedError(
          host,
          'asks for sign-in and none was given',
          'sign in to Azure before this step (the suite signs in to ACR with that identity)',
          e,
        );
      }
      const challenge = parseChallenge(e.headers?.get('www-authenticate'));
      this.challenge = { ...challenge };
      delete this.challenge.scope;
      // What we need and what the registry says it needs (they differ when it wants more).
      const wanted = [...new Set([...(scope ?? '').split(' '), ...(challenge.scope ?? '').split(' ')])]
        .filter(Boolean)
        .join(' ');
      const header = await o.auth.authorize(this.forScope(challenge, wanted || undefined));
      const refused = (cause: unknown) =>
        new RegistryAuthFailedError(
          host,
          `refused the token it issued for '${wanted || 'the registry'}' (HTTP 401)`,
          `give the signed-in identity the AcrPush role (AcrPull to read) on registry ${host}`,
          cause,
        );
      // The same token again would be refused again.
      if (header === known) throw refused(e);
      try {
        return await httpRequest(withAuth(header));
      } catch (e2) {
        if (!(e2 instanceof HttpError) || e2.status !== 401) throw e2;
        throw refused(e2);
      }
    }
  }

  private forScope(challenge: RegistryChallenge, scope: string | undefined): RegistryChallenge {
    const out: RegistryChallenge = { ...challenge };
    if (scope) out.scope = scope;
    else delete out.scope;
    return out;
  }
}

function tooLarge(ref: string): RolloutError {
  return new RolloutError('RegistryDocumentTooLarge', `${ref} is larger than ${MAX_DOCUMENT_BYTES} bytes`, {
    resource: ref,
  });
}

/** A blob whose bytes are in memory (configs, manifests' blobs, tests). */
export function blobFromBytes(bytes: Uint8Array): BlobSource {
  return { digest: sha256Digest(bytes), size: bytes.length, open: () => bytes };
}
