// An image made from files alone: no builder and no base, one reproducible layer (layer-tar) and
// its config, pushed to a registry the client is signed in to. The rehearsal makes the bases it
// adds models to with it, on a machine that has neither docker nor buildah. Pushes only what the
// registry lacks: the same files give the same digest, and a second push sends nothing.
import { blobFromBytes, type RegistryClient } from '../registry/client.js';
import { sha256Digest } from '../registry/digest.js';
import { type ImageConfig, type ImageManifest, MEDIA_TYPES } from '../registry/manifest.js';
import { hashLayer, type LayerFile, layerTar } from './layer-tar.js';

export interface FilesImage {
  /** The files and where they go in the image. */
  files: readonly LayerFile[];
  labels?: Readonly<Record<string, string>>;
  env?: Readonly<Record<string, string>>;
  entrypoint?: readonly string[];
  workingDir?: string;
}

export interface PushedFilesImage {
  digest: string;
  /** Whether anything was sent (false: the registry had it all under that tag). */
  pushed: boolean;
}

/** The config of a files image: a pure function of its inputs (no creation time), so reproducible. */
export function filesImageConfig(image: FilesImage, diffId: string): ImageConfig {
  return {
    architecture: 'amd64',
    os: 'linux',
    config: {
      Env: Object.entries(image.env ?? {}).map(([k, v]) => `${k}=${v}`),
      Labels: { ...image.labels },
      ...(image.entrypoint ? { Entrypoint: [...image.entrypoint] } : {}),
      ...(image.workingDir ? { WorkingDir: image.workingDir } : {}),
    },
    rootfs: { type: 'layers', diff_ids: [diffId] },
    history: [{ created: new Date(0).toISOString(), created_by: 'aml-rollout files image' }],
  };
}

export async function pushFilesImage(
  client: RegistryClient,
  repository: string,
  tag: string,
  image: FilesImage,
  signal?: AbortSignal,
): Promise<PushedFilesImage> {
  const layer = await hashLayer(image.files, signal);
  const config = Buffer.from(JSON.stringify(filesImageConfig(image, layer.digest)));
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: sha256Digest(config), size: config.length },
    layers: [{ mediaType: MEDIA_TYPES.ociLayer, digest: layer.digest, size: layer.size }],
  };
  const body = Buffer.from(JSON.stringify(manifest));
  const digest = sha256Digest(body);
  if ((await client.headManifest(repository, tag))?.digest === digest) return { digest, pushed: false };
  if (!(await client.hasBlob(repository, layer.digest))) {
    await client.uploadBlob(repository, {
      digest: layer.digest,
      size: layer.size,
      open: () => layerTar(image.files, signal),
    });
  }
  const configBlob = blobFromBytes(config);
  if (!(await client.hasBlob(repository, configBlob.digest))) await client.uploadBlob(repository, configBlob);
  await client.putManifest(repository, tag, body, manifest.mediaType);
  return { digest, pushed: true };
}
