// model-layer against a real docker-registry, behind a counting proxy (test/support: requests by
// kind and request bytes, as the registry received them): a synthetic base pushed with the client,
// the model layered on top, then a changed model (one layer, the config and the manifest), the same
// model again (nothing), another repository (base layers mounted, never sent), and the errors.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DistributionHandle, startDistribution } from '../local/acr/distribution.js';
import { blobFromBytes, RegistryClient } from '../shared/registry/client.js';
import { fileDigest, sha256Digest } from '../shared/registry/digest.js';
import { type ImageConfig, type ImageManifest, MEDIA_TYPES } from '../shared/registry/manifest.js';
import { hashLayer, layerTar, writeLayer } from '../shared/image/layer-tar.js';
import { pushModelLayer } from '../shared/image/model-layer.js';
import { type CountingProxy, startCountingProxy } from './support/counting-proxy.js';

const dir = mkdtempSync(path.join(tmpdir(), 'model-layer-'));
let reg: DistributionHandle;
let proxy: CountingProxy;
let host: string;
let client: RegistryClient;
let baseDigest: string;
let baseManifest: ImageManifest;

beforeAll(async () => {
  reg = await startDistribution({ dir: path.join(dir, 'registry') });
  proxy = await startCountingProxy(reg.port);
  host = proxy.host;
  client = new RegistryClient({ url: `http://${host}` });

  // A synthetic base: two real layers (random files) and a config naming them.
  const layers = [];
  for (const n of [1, 2]) {
    const f = path.join(dir, `base-${n}.bin`);
    writeFileSync(f, randomBytes(300_000));
    const built = await writeLayer(
      [{ path: `opt/base/${n}.bin`, abs: f, size: 300_000 }],
      path.join(dir, `base-${n}.tgz`),
    );
    layers.push(built);
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: '2026-01-01T00:00:00Z',
      config: { Env: ['PATH=/usr/bin', 'AZUREML_MODEL_DIR=/old'], Labels: { base: 'yes' }, Cmd: ['serve'] },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      history: layers.map((_, i) => ({ created_by: `base layer ${i}` })),
    } satisfies ImageConfig),
  );
  await client.uploadBlob('base', blobFromBytes(config));
  for (const l of layers) {
    await client.uploadBlob('base', blobFromBytes(readFileSync(l.file)));
  }
  baseManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: sha256Digest(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: MEDIA_TYPES.ociLayerGzip, digest: l.digest, size: l.size })),
  };
  baseDigest = await client.putManifest(
    'base',
    'v1',
    Buffer.from(JSON.stringify(baseManifest)),
    MEDIA_TYPES.ociManifest,
  );
});

afterAll(async () => {
  await proxy?.close();
  await reg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => proxy.reset());

function modelFolder(name: string, weights: Buffer): string {
  const m = path.join(dir, name);
  mkdirSync(path.join(m, 'meta'), { recursive: true });
  writeFileSync(path.join(m, 'model.onnx'), weights);
  writeFileSync(path.join(m, 'meta', 'labels.json'), '["car","person"]');
  return m;
}

const labels = {
  'org.opencontainers.image.source': 'https://github.com/o/r',
  'org.opencontainers.image.revision': 'abc123',
  'com.azure.ml.rollout.model': 'azureml:detector:3',
};

async function layerEntries(repository: string, digest: string) {
  const blob = Buffer.from(await (await fetch(`${reg.url}/v2/${repository}/blobs/${digest}`)).arrayBuffer());
  const entries: { name: string; mode: number; mtime: number; uid: number; size: number }[] = [];
  const ex = extract();
  ex.on('entry', (h, stream, next) => {
    entries.push({ name: h.name, mode: h.mode, mtime: h.mtime.getTime(), uid: h.uid, size: h.size });
    stream.on('end', next);
    stream.resume();
  });
  await new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
    // The model's layer is a plain tar; the base's are gzipped.
    ex.end(blob[0] === 0x1f && blob[1] === 0x8b ? gunzipSync(blob) : blob);
  });
  return entries;
}

describe('model-layer', () => {
  const weightsA = randomBytes(1_500_000);
  const weightsB = randomBytes(1_500_000);

  it('puts one layer with the model on the base, labels and env in the config, a single image manifest', async () => {
    const res = await pushModelLayer({
      client,
      base: `${host}/base@${baseDigest}`,
      refs: [`${host}/base:model-a`],
      model: modelFolder('model-a', weightsA),
      modelDir: '/var/azureml-app/model',
      labels,
      workDir: dir,
    });
    const got = await client.getManifest('base', 'model-a');
    expect(got.digest).toBe(res.digest);
    expect(got.mediaType).toBe(MEDIA_TYPES.ociManifest);
    expect(got.manifest.layers).toEqual([
      ...baseManifest.layers,
      expect.objectContaining({ digest: res.layer.digest }),
    ]);
    const config = JSON.parse(
      (await client.getBlob('base', got.manifest.config.digest)).toString(),
    ) as ImageConfig;
    expect(config.rootfs.diff_ids).toHaveLength(3);
    expect(config.rootfs.diff_ids[2]).toBe(res.layer.diffId);
    expect(config.config?.Labels).toEqual({ base: 'yes', ...labels });
    expect(config.config?.Env).toEqual(['PATH=/usr/bin', 'AZUREML_MODEL_DIR=/var/azureml-app/model']);
    expect(config.config?.Cmd).toEqual(['serve']);
    expect(config.history?.at(-1)).toMatchObject({
      created: '2026-01-01T00:00:00Z',
      comment: 'aml-rollout model-layer',
    });
    expect(await layerEntries('base', res.layer.digest)).toEqual([
      { name: 'var/', mode: 0o755, mtime: 0, uid: 0, size: 0 },
      { name: 'var/azureml-app/', mode: 0o755, mtime: 0, uid: 0, size: 0 },
      { name: 'var/azureml-app/model/', mode: 0o755, mtime: 0, uid: 0, size: 0 },
      { name: 'var/azureml-app/model/meta/', mode: 0o755, mtime: 0, uid: 0, size: 0 },
      { name: 'var/azureml-app/model/meta/labels.json', mode: 0o644, mtime: 0, uid: 0, size: 16 },
      { name: 'var/azureml-app/model/model.onnx', mode: 0o644, mtime: 0, uid: 0, size: 1_500_000 },
    ]);
    // Base layers were in the repository already: none was sent or even asked about.
    expect(proxy.counts['mount']).toBeUndefined();
    expect(res.pushed).toMatchObject({ blobs: 2, mounted: 0, manifests: 1 });
  });

  it('changing only the model pushes one layer, the config and the manifest, and little more than the layer', async () => {
    const res = await pushModelLayer({
      client,
      base: `${host}/base@${baseDigest}`,
      refs: [`${host}/base:model-b`],
      model: modelFolder('model-b', weightsB),
      modelDir: '/var/azureml-app/model',
      labels,
      workDir: dir,
    });
    // Counted by the proxy, as the registry received them.
    expect(proxy.counts['upload-start']).toBe(2);
    expect(proxy.counts['upload-put']).toBe(2);
    expect(proxy.counts['upload-patch']).toBeUndefined();
    expect(proxy.counts['mount']).toBeUndefined();
    expect(proxy.counts['manifest-put']).toBe(1);
    expect(proxy.counts['blob-head']).toBe(2); // the new layer and the config
    expect(proxy.bytes).toBeLessThanOrEqual(1.05 * res.layer.size);
    expect(proxy.bytes).toBeGreaterThanOrEqual(res.layer.size);
  });

  it('the same model again gives the same digest and pushes nothing, whatever the files say their mtimes are', async () => {
    const first = await client.headManifest('base', 'model-b');
    const again = modelFolder('model-b-again', weightsB);
    utimesSync(path.join(again, 'model.onnx'), new Date(2020, 1, 1), new Date(2020, 1, 1));
    proxy.reset();
    const res = await pushModelLayer({
      client,
      base: `${host}/base@${baseDigest}`,
      refs: [`${host}/base:model-b`],
      model: again,
      modelDir: '/var/azureml-app/model/',
      labels,
      workDir: dir,
    });
    expect(res.digest).toBe(first?.digest);
    expect(res.pushed).toEqual({ blobs: 0, bytes: 0, mounted: 0, manifests: 0 });
    expect(Object.keys(proxy.counts).sort()).toEqual(['blob-get', 'manifest-get', 'manifest-head']);
    expect(proxy.bytes).toBe(0);
  });

  it('into another repository: base layers are mounted, never sent; a new tag of a known image puts only its manifest', async () => {
    const res = await pushModelLayer({
      client,
      base: `${host}/base@${baseDigest}`,
      refs: [`${host}/infer:cpu-1`],
      model: modelFolder('model-b2', weightsB),
      modelDir: '/var/azureml-app/model',
      labels,
      workDir: dir,
    });
    expect(proxy.counts['mount']).toBe(2);
    expect(res.pushed).toMatchObject({ blobs: 2, mounted: 2, manifests: 1 });
    expect(proxy.bytes).toBeLessThanOrEqual(1.05 * res.layer.size);
    expect((await client.getManifest('infer', 'cpu-1')).digest).toBe(res.digest);

    proxy.reset();
    const tagged = await pushModelLayer({
      client,
      base: `${host}/base@${baseDigest}`,
      refs: [`${host}/infer:release`],
      model: modelFolder('model-b3', weightsB),
      modelDir: '/var/azureml-app/model',
      labels,
      workDir: dir,
    });
    expect(tagged.digest).toBe(res.digest);
    expect(tagged.pushed).toEqual({ blobs: 0, bytes: 0, mounted: 0, manifests: 1 });
  });

  it('layers a Docker v2 schema 2 base with Docker media types', async () => {
    const docker: ImageManifest = {
      ...baseManifest,
      mediaType: MEDIA_TYPES.dockerManifest,
      config: { ...baseManifest.config, mediaType: MEDIA_TYPES.dockerConfig },
      layers: baseManifest.layers.map((l) => ({ ...l, mediaType: MEDIA_TYPES.dockerLayerGzip })),
    };
    const d = await client.putManifest(
      'base',
      'docker',
      Buffer.from(JSON.stringify(docker)),
      MEDIA_TYPES.dockerManifest,
    );
    const res = await pushModelLayer({
      client,
      base: `${host}/base@${d}`,
      refs: [`${host}/base:docker-model`],
      model: path.join(dir, 'model-a', 'model.onnx'),
      modelDir: '/var/azureml-app/model',
      workDir: dir,
    });
    expect(res.manifest.mediaType).toBe(MEDIA_TYPES.dockerManifest);
    expect(res.manifest.layers.at(-1)?.mediaType).toBe(MEDIA_TYPES.dockerLayer);
    expect(res.manifest).not.toHaveProperty('annotations');
  });

  it('gzips the layer when asked, with the gzip media type; the diff_id stays the tar digest', async () => {
    const model = path.join(dir, 'model-a', 'model.onnx');
    const opts = {
      client,
      base: `${host}/base@${baseDigest}`,
      modelDir: '/var/azureml-app/model',
      workDir: dir,
    };
    const plain = await pushModelLayer({ ...opts, refs: [`${host}/base:plain`], model });
    const gz = await pushModelLayer({ ...opts, refs: [`${host}/base:gz`], model, gzipLevel: 6 });
    expect(plain.manifest.layers.at(-1)?.mediaType).toBe(MEDIA_TYPES.ociLayer);
    expect(plain.layer.diffId).toBe(plain.layer.digest);
    expect(gz.manifest.layers.at(-1)?.mediaType).toBe(MEDIA_TYPES.ociLayerGzip);
    expect(gz.layer.diffId).toBe(plain.layer.diffId);
    expect(gz.layer.digest).not.toBe(plain.layer.digest);
    expect(await layerEntries('base', gz.layer.digest)).toEqual(
      await layerEntries('base', plain.layer.digest),
    );
  });

  it('refuses an index base, a base by tag, a target elsewhere and a relative model path, pushing nothing', async () => {
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: [
          {
            mediaType: MEDIA_TYPES.ociManifest,
            digest: baseDigest,
            size: 1,
            platform: { os: 'linux', architecture: 'amd64' },
          },
        ],
      }),
    );
    const indexDigest = await client.putManifest('base', 'index', index, MEDIA_TYPES.ociIndex);
    proxy.reset();
    const model = path.join(dir, 'model-a');
    const run = (base: string, refs: string[], modelDir = '/m') =>
      pushModelLayer({ client, base, refs, model, modelDir, workDir: dir });
    await expect(run(`${host}/base@${indexDigest}`, [`${host}/x:1`])).rejects.toMatchObject({
      code: 'ImageIsIndex',
    });
    await expect(run(`${host}/base:v1`, [`${host}/x:1`])).rejects.toMatchObject({
      code: 'ModelLayerBaseNotPinned',
    });
    await expect(run(`${host}/base@${baseDigest}`, [`other.azurecr.io/x:1`])).rejects.toMatchObject({
      code: 'ModelLayerTargetInvalid',
      remediation: expect.stringMatching(/az acr import/),
    });
    await expect(run(`${host}/base@${baseDigest}`, [`${host}/x:1`], 'model')).rejects.toMatchObject({
      code: 'ModelLayerPathInvalid',
    });
    expect(proxy.counts['upload-put'] ?? 0).toBe(0);
    expect(proxy.counts['manifest-put'] ?? 0).toBe(0);
  });

  it('makes the same layer bytes for the same files', async () => {
    const f = path.join(dir, 'model-a', 'model.onnx');
    const a = await writeLayer([{ path: 'm/model.onnx', abs: f, size: 1_500_000 }], path.join(dir, 'a.tgz'));
    utimesSync(f, new Date(2001, 1, 1), new Date(2001, 1, 1));
    const b = await writeLayer([{ path: 'm/model.onnx', abs: f, size: 1_500_000 }], path.join(dir, 'b.tgz'));
    expect(b.digest).toBe(a.digest);
    expect((await fileDigest(b.file)).digest).toBe(a.digest);
    // The default, uncompressed layer: its digest is the tar's, the same as the gzipped one's diff_id.
    const tar = await hashLayer([{ path: 'm/model.onnx', abs: f, size: 1_500_000 }]);
    expect(tar.digest).toBe(a.diffId);
    const chunks: Buffer[] = [];
    for await (const c of layerTar([{ path: 'm/model.onnx', abs: f, size: 1_500_000 }]))
      chunks.push(c as Buffer);
    expect(sha256Digest(Buffer.concat(chunks))).toBe(tar.digest);
  });
});
