// The OCI distribution client against a real docker-registry (Debian's, plain HTTP on loopback):
// blobs (HEAD, monolithic upload from bytes and streamed from a file, GET with its digest checked),
// manifests by tag and digest in both media types, an index refused where one image is required,
// cross-repository mount, and the fall-back to upload when the registry cannot mount.
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistributionHandle, startDistribution } from '../local/acr/distribution.js';
import { blobFromBytes, RegistryClient } from '../shared/registry/client.js';
import { fileDigest, sha256Digest } from '../shared/registry/digest.js';
import { type ImageManifest, MEDIA_TYPES } from '../shared/registry/manifest.js';

const dir = mkdtempSync(path.join(tmpdir(), 'registry-client-'));
let reg: DistributionHandle;
let client: RegistryClient;

beforeAll(async () => {
  reg = await startDistribution({ dir: path.join(dir, 'registry') });
  client = new RegistryClient({ url: reg.url });
});

afterAll(async () => {
  await reg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function imageOf(config: Buffer, layers: Buffer[], mediaType: string = MEDIA_TYPES.ociManifest): Buffer {
  const docker = mediaType === MEDIA_TYPES.dockerManifest;
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: docker ? MEDIA_TYPES.dockerConfig : MEDIA_TYPES.ociConfig,
      digest: sha256Digest(config),
      size: config.length,
    },
    layers: layers.map((l) => ({
      mediaType: docker ? MEDIA_TYPES.dockerLayerGzip : MEDIA_TYPES.ociLayerGzip,
      digest: sha256Digest(l),
      size: l.length,
    })),
  };
  return Buffer.from(JSON.stringify(manifest));
}

const config = Buffer.from(
  JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [] },
    config: {},
  }),
);

describe('RegistryClient against docker-registry', () => {
  it('answers ping without sign-in', async () => {
    await client.ping();
  });

  it('uploads blobs from bytes and streamed from a file, and HEADs them', async () => {
    const small = randomBytes(1000);
    expect(await client.hasBlob('app', sha256Digest(small))).toBe(false);
    await client.uploadBlob('app', blobFromBytes(small));
    expect(await client.hasBlob('app', sha256Digest(small))).toBe(true);

    const file = path.join(dir, 'layer.bin');
    writeFileSync(file, randomBytes(6 * 1024 * 1024));
    const { digest, size } = await fileDigest(file);
    await client.uploadBlob('app', { digest, size, open: () => createReadStream(file) });
    expect(await client.hasBlob('app', digest)).toBe(true);
    // The registry checked the digest of what arrived; read back, it hashes the same.
    const back = await fetch(`${reg.url}/v2/app/blobs/${digest}`);
    expect(sha256Digest(Buffer.from(await back.arrayBuffer()))).toBe(digest);
  });

  it('refuses an upload whose bytes do not match the digest', async () => {
    const blob = blobFromBytes(randomBytes(100));
    await expect(
      client.uploadBlob('app', { ...blob, digest: sha256Digest('something else') }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('puts and gets manifests by tag and digest, OCI and Docker v2 schema 2', async () => {
    const layer = randomBytes(2000);
    await client.uploadBlob('app', blobFromBytes(config));
    await client.uploadBlob('app', blobFromBytes(layer));
    for (const [tag, mediaType] of [
      ['oci', MEDIA_TYPES.ociManifest],
      ['docker', MEDIA_TYPES.dockerManifest],
    ] as const) {
      const body = imageOf(config, [layer], mediaType);
      const digest = await client.putManifest('app', tag, body, mediaType);
      expect(digest).toBe(sha256Digest(body));
      const byTag = await client.getManifest('app', tag);
      expect(byTag).toMatchObject({ digest, mediaType });
      expect(byTag.manifest.layers).toHaveLength(1);
      expect((await client.getManifest('app', digest)).body.equals(body)).toBe(true);
      expect(await client.headManifest('app', tag)).toMatchObject({ digest, mediaType, size: body.length });
      expect(await client.tagExists('app', tag)).toBe(true);
    }
    expect(await client.tagExists('app', 'never-pushed')).toBe(false);
    expect(await client.getBlob('app', sha256Digest(config))).toEqual(config);
  });

  it('refuses an image index where a single image is required, saying so', async () => {
    const image = await client.headManifest('app', 'oci');
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: [
          { ...image, mediaType: MEDIA_TYPES.ociManifest, platform: { architecture: 'amd64', os: 'linux' } },
        ],
      }),
    );
    await client.putManifest('app', 'multi', index, MEDIA_TYPES.ociIndex);
    await expect(client.getManifest('app', 'multi')).rejects.toMatchObject({
      code: 'ImageIsIndex',
      message: expect.stringMatching(/image index .* not a single image manifest/),
      remediation: expect.stringMatching(/provenance/),
    });
  });

  it('mounts a blob from another repository, and uploads when it cannot mount', async () => {
    const layer = randomBytes(3000);
    await client.uploadBlob('base', blobFromBytes(layer));
    expect(await client.mountOrUploadBlob('app2', blobFromBytes(layer), 'base')).toBe(true);
    expect(await client.hasBlob('app2', sha256Digest(layer))).toBe(true);

    const fresh = randomBytes(3000);
    expect(await client.mountOrUploadBlob('app2', blobFromBytes(fresh), 'base')).toBe(false);
    expect(await client.hasBlob('app2', sha256Digest(fresh))).toBe(true);

    // Without bytes to fall back on: false, and the session it opened is cancelled.
    const absent = sha256Digest('in no repository');
    expect(await client.mountBlob('app3', absent, 'base')).toBe(false);
    expect(await client.mountBlob('app3', sha256Digest(layer), 'base')).toBe(true);
    expect(await client.hasBlob('app3', absent)).toBe(false);
  });
});
