// `importImage` between the plane's registries (what `az acr import` does, e.g. dev -> prod on
// promotion): the source named by ARM id or login server, copied in-process between the two
// registries' distribution servers (plain HTTP on loopback, no sign-in) with the suite's
// RegistryClient: an index's manifests first, each image's blobs streamed (skipped when the target
// has them, mounted when source and target are one registry), then the manifest's exact bytes, so
// the digest is kept. Works the same over docker-registry and the builtin backend. Sources outside
// the plane cannot be reached offline and fail the operation with that reason.
import { get } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { HttpError, httpRequest } from '../../shared/http/request.js';
import { RegistryClient } from '../../shared/registry/client.js';
import { isDigest, sha256Digest } from '../../shared/registry/digest.js';
import { ANY_MANIFEST_ACCEPT, isIndexMediaType } from '../../shared/registry/manifest.js';
import { parseImageRef } from '../../shared/registry/reference.js';
import type { RegistryFront } from './front.js';

export interface ImportImageParameters {
  source?: { resourceId?: string; registryUri?: string; sourceImage?: string };
  targetTags?: string[];
  untaggedTargetRepositories?: string[];
  mode?: 'NoForce' | 'Force';
}

/** How an import finds its source among the plane's registries (PlaneRegistries is one). */
export interface RegistryLookup {
  find(keyOrName: string): RegistryFront | undefined;
  forHost(host: string): RegistryFront | undefined;
}

/** A refused import, with the code the operation reports. */
export class ImportImageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The checks ACR makes before it accepts an import (400 when they fail). */
export function checkImportRequest(p: ImportImageParameters): string | undefined {
  if (!p.source?.sourceImage) return 'source.sourceImage is required';
  if (!p.source.resourceId && !p.source.registryUri)
    return 'source.resourceId or source.registryUri is required';
  if (p.untaggedTargetRepositories?.length)
    return 'untaggedTargetRepositories is not supported on the local plane';
  return undefined;
}

export async function importImage(
  registries: RegistryLookup,
  target: RegistryFront,
  p: ImportImageParameters,
): Promise<void> {
  const src = p.source as Required<Pick<NonNullable<ImportImageParameters['source']>, 'sourceImage'>> &
    NonNullable<ImportImageParameters['source']>;
  const source = src.resourceId
    ? registries.find(src.resourceId.split('/').at(-1) ?? '')
    : registries.forHost(src.registryUri?.replace(/^https?:\/\//, '').replace(/\/$/, '') ?? '');
  if (!source) {
    throw new ImportImageError(
      'InvalidSourceRegistry',
      `The source registry '${src.resourceId ?? src.registryUri}' cannot be reached from the local plane (offline); import only between its registries.`,
    );
  }
  const ref = parseImageRef(src.sourceImage);
  if ('problem' in ref || ref.registry) {
    throw new ImportImageError(
      'InvalidSourceImage',
      `The source image '${src.sourceImage}' must be <repository>[:tag][@digest] without a registry host.`,
    );
  }
  const tags = p.targetTags?.length ? p.targetTags : [src.sourceImage.replace(/@.*$/, '')];
  const copy = new ImageCopy(source, target);
  const root = await copy.fetch(ref.repository, ref.digest ?? ref.tag ?? 'latest');
  if (!root) {
    throw new ImportImageError(
      'ImportImageFailed',
      `The source image '${src.sourceImage}' was not found in registry '${source.name}'.`,
    );
  }
  for (const tag of tags) {
    const [repo, reference] = splitTag(tag);
    if (p.mode !== 'Force' && (await target.hasManifest(repo, reference))) {
      throw new ImportImageError(
        'TagAlreadyExists',
        `The target tag '${tag}' already exists in registry '${target.name}'; use mode Force to overwrite it.`,
      );
    }
    try {
      await copy.tree(ref.repository, repo, root);
      await copy.to.putManifest(repo, reference, root.body, root.mediaType);
    } catch (e) {
      if (e instanceof ImportImageError) throw e;
      throw new ImportImageError(
        'ImportImageFailed',
        `Importing the image failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
}

/** A manifest as stored: exact bytes, media type, digest. */
interface RawManifest {
  body: Buffer;
  mediaType: string;
  digest: string;
}

interface Descriptor {
  digest: string;
  size: number;
  urls?: string[];
}

/** One import's copy between two registries' distribution servers. */
class ImageCopy {
  readonly from: RegistryClient;
  readonly to: RegistryClient;

  constructor(
    private readonly source: RegistryFront,
    private readonly target: RegistryFront,
  ) {
    this.from = new RegistryClient({ url: source.upstreamUrl });
    this.to = new RegistryClient({ url: target.upstreamUrl });
  }

  /**
   * Any manifest, index or image, as its exact bytes (RegistryClient.getManifest reads single images
   * only); undefined when the source has none.
   */
  async fetch(repository: string, reference: string): Promise<RawManifest | undefined> {
    let res;
    try {
      res = await httpRequest({
        url: `${this.source.upstreamUrl}/v2/${repository}/manifests/${reference}`,
        headers: { accept: ANY_MANIFEST_ACCEPT },
        maxResponseBytes: 4 * 1024 * 1024,
      });
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return undefined;
      throw e;
    }
    const digest = sha256Digest(res.body);
    if (isDigest(reference) && digest !== reference) {
      throw new ImportImageError(
        'ImportImageFailed',
        `${repository}@${reference} does not hash to its digest`,
      );
    }
    const mediaType =
      res.headers.get('content-type')?.split(';')[0]?.trim() ||
      ((JSON.parse(res.body.toString('utf8')) as { mediaType?: string }).mediaType ?? '');
    return { body: res.body, mediaType, digest };
  }

  /** Everything `m` references, into `toRepo`: child manifests (by digest) or blobs. */
  async tree(fromRepo: string, toRepo: string, m: RawManifest): Promise<void> {
    const doc = JSON.parse(m.body.toString('utf8')) as {
      config?: Descriptor;
      layers?: Descriptor[];
      manifests?: Descriptor[];
    };
    if (isIndexMediaType(m.mediaType) || Array.isArray(doc.manifests)) {
      for (const d of doc.manifests ?? []) {
        if (await this.to.headManifest(toRepo, d.digest)) continue;
        const child = await this.fetch(fromRepo, d.digest);
        if (!child) throw new ImportImageError('ImportImageFailed', `${fromRepo}@${d.digest} is missing`);
        await this.tree(fromRepo, toRepo, child);
        await this.to.putManifest(toRepo, d.digest, child.body, child.mediaType);
      }
      return;
    }
    for (const d of [...(doc.config ? [doc.config] : []), ...(doc.layers ?? [])]) {
      if (d.urls?.length) continue; // a foreign layer: pulled from its URLs, never pushed
      await this.blob(fromRepo, toRepo, d);
    }
  }

  private async blob(fromRepo: string, toRepo: string, d: Descriptor): Promise<void> {
    if (await this.to.hasBlob(toRepo, d.digest)) return;
    if (this.source === this.target && (await this.to.mountBlob(toRepo, d.digest, fromRepo))) return;
    const url = `${this.source.upstreamUrl}/v2/${fromRepo}/blobs/${d.digest}`;
    // The target checks the bytes against the digest before it keeps them.
    await this.to.uploadBlob(toRepo, { digest: d.digest, size: d.size, open: () => streamed(url) });
  }
}

/** A GET's body as a stream, opened now; a non-200 answer fails the stream. */
function streamed(url: string): Readable {
  const out = new PassThrough();
  get(url, (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      out.destroy(new Error(`GET ${url}: HTTP ${res.statusCode}`));
      return;
    }
    res.on('error', (e) => out.destroy(e));
    res.pipe(out);
  }).on('error', (e) => out.destroy(e));
  return out;
}

function splitTag(tag: string): [string, string] {
  const colon = tag.lastIndexOf(':');
  return colon > tag.lastIndexOf('/') ? [tag.slice(0, colon), tag.slice(colon + 1)] : [tag, 'latest'];
}
