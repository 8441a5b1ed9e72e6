// The `model-layer` backend: no builder. Takes a base image by digest from the target registry,
// appends ONE reproducible layer holding the model files at the path the deployment expects,
// updates the config (diff_id, history, labels, env), and pushes only what the registry lacks:
// base layers are already there (or mounted from the base's repository), an unchanged model's
// layer and config are found by HEAD, and a tag that already names the result is left alone. So a
// new model pushes one layer, the config and the manifest; the same model again pushes nothing.
// The layer is an uncompressed tar by default (model weights barely compress): hashed in one pass
// over the files, then streamed from them again into the upload, with no file written between.
import { mkdtemp, rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RolloutError } from '../errors.js';
import { listModelFiles } from '../model/files.js';
import { blobFromBytes, type BlobSource, type RegistryClient } from '../registry/client.js';
import { sha256Digest } from '../registry/digest.js';
import { type Descriptor, type ImageConfig, type ImageManifest, MEDIA_TYPES } from '../registry/manifest.js';
import { formatImageReference, type ImageReference, parseImageReference } from '../registry/reference.js';
import { hashLayer, type LayerFile, layerTar, writeLayer } from './layer-tar.js';

export interface ModelLayerOptions {
  /** Signed in to the target registry. */
  client: RegistryClient;
  /** `<registry>/<repository>@sha256:...`, in the target registry (any repository of it). */
  base: string;
  /** `<registry>/<repository>:<tag>`, at least one, all in the base's registry. */
  refs: readonly string[];
  /** The model: one file or a folder. */
  model: string;
  /** Absolute path inside the image where the model's files land (e.g. /var/azureml-app/model). */
  modelDir: string;
  /** Merged over the base's labels (source, revision, model reference). */
  labels?: Readonly<Record<string, string>>;
  /** Merged over the base's env; default AZUREML_MODEL_DIR=<modelDir>. */
  env?: Readonly<Record<string, string>>;
  /** Gzip the layer at this zlib level (0-9). Default: an uncompressed tar layer, which runtimes
   * pull as they do gzip: model weights barely compress, and deflating (~25 ms/MB here) or even
   * gzip's stored framing would cost more than the bytes it saves. Changing it changes the digest. */
  gzipLevel?: number;
  /** Where a gzipped layer's file is written (a temp folder under it, removed after). */
  workDir?: string;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface ModelLayerResult {
  /** The pushed manifest's digest. */
  digest: string;
  /** The target refs, each as `<registry>/<repository>:<tag>@<digest>`. */
  refs: string[];
  manifest: ImageManifest;
  layer: { digest: string; diffId: string; size: number };
  /** What was sent: blobs uploaded (and their bytes), blobs mounted, manifests put. */
  pushed: { blobs: number; bytes: number; mounted: number; manifests: number };
}

const HISTORY_COMMENT = 'aml-rollout model-layer';

/** The model layer's media type, in the base manifest's family. */
const LAYER_MEDIA_TYPES = {
  oci: { tar: MEDIA_TYPES.ociLayer, gzip: MEDIA_TYPES.ociLayerGzip },
  docker: { tar: MEDIA_TYPES.dockerLayer, gzip: MEDIA_TYPES.dockerLayerGzip },
} as const;

export async function pushModelLayer(o: ModelLayerOptions): Promise<ModelLayerResult> {
  const base = parseImageReference(o.base);
  if (!base.digest) {
    throw new RolloutError('ModelLayerBaseNotPinned', `base image '${o.base}' is not referenced by digest`, {
      resource: o.base,
      remediation: 'give the base as <registry>/<repository>@sha256:<digest>, so the result is reproducible',
    });
  }
  const targets = targetRefs(o.refs, base);
  const modelDir = inImageDir(o.modelDir);
  const model = await listModelFiles(o.model);
  const files = model.files.map((f) => ({ path: `${modelDir}/${f.rel}`, abs: f.abs, size: f.size }));
  const pushed = { blobs: 0, bytes: 0, mounted: 0, manifests: 0 };
  const work =
    o.gzipLevel === undefined ? undefined : await mkdtemp(path.join(o.workDir ?? tmpdir(), 'model-layer-'));
  try {
    // The base's manifest and config, and what the target tags name now, are read while the
    // layer is hashed.
    const [{ from, baseConfig }, current, layer] = await Promise.all([
      o.client.getManifest(base.repository, base.digest).then(async (from) => ({
        from,
        baseConfig: JSON.parse(
          (await o.client.getBlob(base.repository, from.manifest.config.digest)).toString(),
        ) as ImageConfig,
      })),
      Promise.all(
        [...targets].map(([repository, tags]) =>
          Promise.all(tags.map(async (t) => (await o.client.headManifest(repository, t))?.digest)),
        ),
      ),
      work === undefined ? tarLayer(files, o.signal) : gzipLayer(files, work, o.gzipLevel, o.signal),
    ]);
    const docker = from.manifest.mediaType === MEDIA_TYPES.dockerManifest;
    const layerDesc: Descriptor = {
      mediaType: LAYER_MEDIA_TYPES[docker ? 'docker' : 'oci'][layer.gzip ? 'gzip' : 'tar'],
      digest: layer.digest,
      size: layer.size,
    };
    const config = Buffer.from(
      JSON.stringify(
        modelLayerConfig(baseConfig, {
          diffId: layer.diffId,
          createdBy: `${HISTORY_COMMENT}: model ${layer.diffId} at /${modelDir}`,
          labels: o.labels ?? {},
          env: o.env ?? { AZUREML_MODEL_DIR: `/${modelDir}` },
        }),
      ),
    );
    const manifest = modelLayerManifest(from.manifest, base.digest, layerDesc, {
      mediaType: from.manifest.config.mediaType,
      digest: sha256Digest(config),
      size: config.length,
    });
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    const digest = sha256Digest(manifestBytes);
    o.log?.(
      `model-layer: ${files.length} file(s), layer ${layer.digest} (${layer.size} bytes), image ${digest}`,
    );

    for (const [n, [repository, tags]] of [...targets].entries()) {
      const stale = tags.filter((_, i) => current[n]?.[i] !== digest);
      if (stale.length === 0) {
        o.log?.(`model-layer: ${repository}:${tags.join(',')} already ${digest}; nothing to push`);
        continue;
      }
      await ensureBaseLayers(o.client, repository, base, from.manifest.layers, pushed);
      await Promise.all([
        ensureBlob(
          o.client,
          repository,
          { digest: layer.digest, size: layer.size, open: layer.open },
          pushed,
        ),
        ensureBlob(o.client, repository, blobFromBytes(config), pushed),
      ]);
      for (const tag of stale) {
        await o.client.putManifest(repository, tag, manifestBytes, manifest.mediaType);
        pushed.manifests++;
      }
    }
    o.log?.(
      `model-layer: pushed ${pushed.blobs} blob(s) (${pushed.bytes} bytes), mounted ${pushed.mounted}, ${pushed.manifests} manifest(s)`,
    );
    return {
      digest,
      refs: [...targets].flatMap(([repository, tags]) =>
        tags.map((tag) => formatImageReference({ registry: base.registry, repository, tag, digest })),
      ),
      manifest,
      layer: { digest: layer.digest, diffId: layer.diffId, size: layer.size },
      pushed,
    };
  } finally {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  }
}

interface ModelLayerBlob {
  digest: string;
  diffId: string;
  size: number;
  gzip: boolean;
  /** The layer's bytes, anew for each upload attempt. */
  open(): Readable;
}

/** The uncompressed layer: its digest is its diff_id; the bytes are made again for the upload. */
async function tarLayer(files: readonly LayerFile[], signal?: AbortSignal): Promise<ModelLayerBlob> {
  const { digest, size } = await hashLayer(files, signal);
  return { digest, diffId: digest, size, gzip: false, open: () => layerTar(files, signal) };
}

/** The gzipped layer, written to a file in `work`: the upload sends the bytes that were hashed. */
async function gzipLayer(
  files: readonly LayerFile[],
  work: string,
  gzipLevel: number | undefined,
  signal: AbortSignal | undefined,
): Promise<ModelLayerBlob> {
  const built = await writeLayer(files, path.join(work, 'layer.tar.gz'), { signal, gzipLevel });
  return {
    digest: built.digest,
    diffId: built.diffId,
    size: built.size,
    gzip: true,
    open: () => createReadStream(built.file, { highWaterMark: 1 << 20 }),
  };
}

/** The base's config with the model layer on top: a pure function of its inputs, so the same
 * base and model give the same config bytes (no build time anywhere). */
export function modelLayerConfig(
  base: ImageConfig,
  change: {
    diffId: string;
    createdBy: string;
    labels: Readonly<Record<string, string>>;
    env: Readonly<Record<string, string>>;
  },
): ImageConfig {
  const inner = { ...(base.config ?? {}) };
  inner.Labels = { ...(inner.Labels ?? {}), ...change.labels };
  // A variable set here replaces the base's; new ones are appended in name order.
  const keys = Object.keys(change.env).sort();
  inner.Env = [
    ...(inner.Env ?? []).filter((e) => !keys.includes(e.split('=')[0] ?? '')),
    ...keys.map((k) => `${k}=${change.env[k]}`),
  ];
  return {
    ...base,
    config: inner,
    rootfs: { type: 'layers', diff_ids: [...base.rootfs.diff_ids, change.diffId] },
    history: [
      ...(base.history ?? []),
      {
        // The base's creation time, not now: the config must not change when nothing did.
        ...(typeof base.created === 'string' ? { created: base.created } : {}),
        created_by: change.createdBy,
        comment: HISTORY_COMMENT,
      },
    ],
  };
}

export function modelLayerManifest(
  base: ImageManifest,
  baseDigest: string,
  layer: Descriptor,
  config: Descriptor,
): ImageManifest {
  const oci = base.mediaType === MEDIA_TYPES.ociManifest;
  return {
    schemaVersion: 2,
    mediaType: base.mediaType,
    config,
    layers: [...base.layers, layer],
    // Docker schema 2 has no annotations; OCI's base-image annotation says what this was built on.
    ...(oci ? { annotations: { 'org.opencontainers.image.base.digest': baseDigest } } : {}),
  };
}

/** Target repositories and their tags, all in the base's registry. */
function targetRefs(refs: readonly string[], base: ImageReference): Map<string, string[]> {
  if (refs.length === 0) {
    throw new RolloutError('ModelLayerNoTarget', 'model-layer was given no image to push', {
      remediation: 'give at least one <registry>/<repository>:<tag>',
    });
  }
  const out = new Map<string, string[]>();
  for (const ref of refs) {
    const r = parseImageReference(ref);
    if (r.registry !== base.registry || !r.tag || r.digest) {
      throw new RolloutError(
        'ModelLayerTargetInvalid',
        `target '${ref}' must be <registry>/<repository>:<tag> in the base image's registry ${base.registry}`,
        {
          resource: ref,
          remediation:
            'import the base image into the target registry first (az acr import), then reference it there',
        },
      );
    }
    out.set(r.repository, [...(out.get(r.repository) ?? []), r.tag]);
  }
  return out;
}

/** `/var/azureml-app/model` -> `var/azureml-app/model`; refuses relative and `..` paths. */
export function inImageDir(dir: string): string {
  const norm = path.posix.normalize(dir);
  if (!path.posix.isAbsolute(dir) || norm === '/' || norm.split('/').includes('..')) {
    throw new RolloutError(
      'ModelLayerPathInvalid',
      `model path in the image '${dir}' must be an absolute folder below /`,
      {
        resource: dir,
        remediation: 'give the folder the deployment reads the model from, e.g. /var/azureml-app/model',
      },
    );
  }
  return norm.replace(/^\/+|\/+$/g, '');
}

/** The base's layers in the target repository: there already when it is the base's repository;
 * else HEAD, then mounted from the base's repository (the bytes never leave the registry). */
async function ensureBaseLayers(
  client: RegistryClient,
  repository: string,
  base: ImageReference,
  layers: readonly Descriptor[],
  pushed: ModelLayerResult['pushed'],
): Promise<void> {
  if (repository === base.repository) return;
  await Promise.all(
    layers.map(async (l) => {
      if (await client.hasBlob(repository, l.digest)) return;
      if (await client.mountBlob(repository, l.digest, base.repository)) return void pushed.mounted++;
      throw new RolloutError(
        'ModelLayerMountRefused',
        `the registry would not mount base layer ${l.digest} from ${base.repository} into ${repository}`,
        {
          resource: `${base.registry}/${repository}`,
          remediation: `push into the base's repository (${base.repository}), or copy the base image into ${repository} first`,
        },
      );
    }),
  );
}

async function ensureBlob(
  client: RegistryClient,
  repository: string,
  blob: BlobSource,
  pushed: ModelLayerResult['pushed'],
): Promise<void> {
  if (await client.hasBlob(repository, blob.digest)) return;
  await client.uploadBlob(repository, blob);
  pushed.blobs++;
  pushed.bytes += blob.size;
}
