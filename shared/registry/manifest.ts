// Image manifest and config shapes (OCI image-spec 1.1 and Docker v2 schema 2, which share them
// field for field) and the media types the client accepts. A manifest is checked to be a single
// image: ACR-backed consumers such as AML fail on an index, so one is refused here with that reason.
import { RolloutError } from '../errors.js';

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  /** Uncompressed; docker, containerd and ACR take it as they take the gzip one. */
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
} as const;

/** Both image manifest types, and the index types too: asked for an index, a registry answers
 * 404 to an Accept without them; with them, the index is recognised and refused with its reason. */
export const ANY_MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerList,
].join(', ');

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The image config; fields we do not touch are kept as they came. */
export interface ImageConfig {
  architecture: string;
  os: string;
  config?: {
    Env?: string[];
    Labels?: Record<string, string>;
    [key: string]: unknown;
  };
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: HistoryEntry[];
  [key: string]: unknown;
}

export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerList;
}

/** The manifest as a single image, or a RolloutError saying why it is not one. */
export function parseImageManifest(
  body: Buffer | string,
  contentType: string | null,
  ref: string,
): ImageManifest {
  let m: Partial<ImageManifest> & { manifests?: unknown };
  try {
    m = JSON.parse(body.toString()) as typeof m;
  } catch {
    throw new RolloutError('ImageManifestInvalid', `manifest of ${ref} is not JSON`, { resource: ref });
  }
  const mediaType = m.mediaType ?? contentType?.split(';')[0]?.trim() ?? '';
  if (isIndexMediaType(mediaType) || Array.isArray(m.manifests)) {
    throw new RolloutError(
      'ImageIsIndex',
      `${ref} is an image index (${mediaType || 'manifests list'}), not a single image manifest`,
      {
        resource: ref,
        remediation:
          "reference one platform's image by its digest (linux/amd64), or build with provenance and SBOM attestations off (buildx --provenance=false --sbom=false)",
      },
    );
  }
  if (
    m.schemaVersion !== 2 ||
    (mediaType !== MEDIA_TYPES.ociManifest && mediaType !== MEDIA_TYPES.dockerManifest) ||
    !m.config?.digest ||
    !Array.isArray(m.layers)
  ) {
    throw new RolloutError(
      'ImageManifestInvalid',
      `${ref} is not an OCI or Docker v2 schema 2 image manifest (media type '${mediaType}')`,
      { resource: ref, remediation: 'push the image with a current docker, buildah or skopeo' },
    );
  }
  return { ...m, mediaType } as ImageManifest;
}
