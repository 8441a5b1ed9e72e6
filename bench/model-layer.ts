// model-layer against its peer, in one run: a 50 MB model pushed onto a 300 MB base that is already
// in the registry, by `pushModelLayer` (the layer built from the model files, then pushed) and by
// `skopeo copy` of the same final image from an OCI layout (the layer ready-made; skopeo finds
// the base layers there and sends the rest; `--preserve-digests` so it sends model-layer's
// uncompressed layer as it is instead of gzipping it, which would be a slower, other image). Two identical docker-registry instances, each behind a
// counting proxy, so neither run finds the other's blobs. Prints time and request bytes, as ratios
// to skopeo (goal <= 1.0x time, <= 1.05x the layer's bytes). BENCH_RUNS rounds, a new model each;
// BENCH_TRACE=1 prints model-layer's phases (layer built, pushed) with their times, and the CPU
// time each side used (this process for model-layer; skopeo's, through /usr/bin/time).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type DistributionHandle, startDistribution } from '../local/acr/distribution.js';
import { writeLayer } from '../shared/image/layer-tar.js';
import { pushModelLayer } from '../shared/image/model-layer.js';
import { blobFromBytes, RegistryClient } from '../shared/registry/client.js';
import { sha256Digest } from '../shared/registry/digest.js';
import { type ImageManifest, MEDIA_TYPES } from '../shared/registry/manifest.js';
import type { RegistryCounts } from '../test/support/counting-proxy.js';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const MB = 1024 * 1024;
const BASE_LAYERS = [150, 100, 50]; // MB each: 300 MB of base
const MODEL_MB = 50;

const dir = mkdtempSync(path.join(os.tmpdir(), 'aml-bench-model-layer-'));
const registries: { reg: DistributionHandle; proxy: ProxyChild; client: RegistryClient }[] = [];

interface ProxyChild {
  host: string;
  child: ChildProcess;
}

/** A counting proxy in its own process: in this one it would share the event loop with the
 * client under test, while skopeo, a process of its own, would not. */
async function startProxyChild(upstreamPort: number): Promise<ProxyChild> {
  const file = path.join(import.meta.dirname, '..', 'test', 'support', 'counting-proxy.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', file, String(upstreamPort)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return { host: line.toString().trim(), child };
}

async function counts(proxy: ProxyChild, method: 'GET' | 'DELETE' = 'GET'): Promise<RegistryCounts> {
  return (await (await fetch(`http://${proxy.host}/_counts`, { method })).json()) as RegistryCounts;
}

/** Asynchronously: the counting proxies answer skopeo from this same process. */
const trace = Boolean(process.env.BENCH_TRACE);
function skopeo(args: string[]): Promise<void> {
  const argv = ['skopeo', '--insecure-policy', ...args];
  if (trace) argv.unshift('/usr/bin/time', '-f', 'skopeo cpu %U s user + %S s system');
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`skopeo ${args.join(' ')} exited ${code}: ${err}`));
      if (trace) console.log(err.trim().split('\n').at(-1));
      resolve();
    });
  });
}

/** The synthetic base, built once (random bytes do not compress: sizes are what they say). */
async function makeBase() {
  const layers = [];
  for (const [i, mb] of BASE_LAYERS.entries()) {
    const f = path.join(dir, `base-${i}.bin`);
    writeFileSync(f, randomBytes(mb * MB));
    layers.push(
      await writeLayer(
        [{ path: `opt/base/${i}.bin`, abs: f, size: mb * MB }],
        path.join(dir, `base-${i}.tgz`),
      ),
    );
    rmSync(f);
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['serve'] },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      history: layers.map((_, i) => ({ created_by: `base layer ${i}` })),
    }),
  );
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: sha256Digest(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: MEDIA_TYPES.ociLayerGzip, digest: l.digest, size: l.size })),
  };
  return { layers, config, manifest: Buffer.from(JSON.stringify(manifest)) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

try {
  const base = await makeBase();
  for (const name of ['ours', 'peer']) {
    const reg = await startDistribution({ dir: path.join(dir, `registry-${name}`) });
    const proxy = await startProxyChild(reg.port);
    const client = new RegistryClient({ url: `http://${proxy.host}` });
    await client.uploadBlob('base', blobFromBytes(base.config));
    for (const l of base.layers) {
      await client.uploadBlob('base', {
        digest: l.digest,
        size: l.size,
        open: () => createReadStream(l.file),
      });
    }
    await client.putManifest('base', 'v1', base.manifest, MEDIA_TYPES.ociManifest);
    registries.push({ reg, proxy, client });
  }
  const [ours, peer] = registries as [(typeof registries)[0], (typeof registries)[0]];
  const baseDigest = sha256Digest(base.manifest);
  const rows: { oursMs: number; peerMs: number; oursBytes: number; peerBytes: number; layer: number }[] = [];

  for (let i = 0; i < runs; i++) {
    const model = path.join(dir, `model-${i}`);
    mkdirSync(model);
    writeFileSync(path.join(model, 'model.onnx'), randomBytes(MODEL_MB * MB));

    await counts(ours.proxy, 'DELETE');
    let start = performance.now();
    const cpu = process.cpuUsage();
    const res = await pushModelLayer({
      client: ours.client,
      base: `${ours.proxy.host}/base@${baseDigest}`,
      refs: [`${ours.proxy.host}/base:model-${i}`],
      model,
      modelDir: '/var/azureml-app/model',
      labels: { 'com.azure.ml.rollout.model': `bench:${i}` },
      ...(trace
        ? { log: (l: string) => console.log(`${(performance.now() - start).toFixed(0)} ms ${l}`) }
        : {}),
      workDir: dir,
    });
    const oursMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    if (trace) console.log(`model-layer cpu ${used.user / 1e6} s user + ${used.system / 1e6} s system`);
    const oursBytes = (await counts(ours.proxy)).bytes;

    // The same final image as an OCI layout (not timed), then copied into the peer registry.
    const layout = path.join(dir, `layout-${i}`);
    await skopeo([
      'copy',
      '--src-tls-verify=false',
      '--dest-oci-accept-uncompressed-layers',
      '--preserve-digests',
      `docker://${ours.proxy.host}/base:model-${i}`,
      `oci:${layout}:model`,
    ]);
    await counts(peer.proxy, 'DELETE');
    start = performance.now();
    await skopeo([
      'copy',
      '--dest-tls-verify=false',
      '--preserve-digests',
      `oci:${layout}:model`,
      `docker://${peer.proxy.host}/base:model-${i}`,
    ]);
    const peerMs = performance.now() - start;
    const peerBytes = (await counts(peer.proxy)).bytes;
    const peerDigest = (await peer.client.headManifest('base', `model-${i}`))?.digest;
    if (peerDigest !== res.digest)
      throw new Error(`skopeo stored ${peerDigest}, model-layer ${res.digest}: not the same image`);
    rows.push({ oursMs, peerMs, oursBytes, peerBytes, layer: res.layer.size });
    rmSync(layout, { recursive: true, force: true });
    rmSync(model, { recursive: true, force: true });
  }

  console.log(
    `model-layer: ${MODEL_MB} MB model onto a ${BASE_LAYERS.reduce((a, b) => a + b)} MB base already in the registry, ${runs} rounds`,
  );
  console.log(
    'round  model-layer ms  skopeo ms  time ratio  model-layer bytes  skopeo bytes  bytes/layer  bytes ratio',
  );
  for (const [i, r] of rows.entries()) {
    console.log(
      `${String(i).padStart(5)}  ${r.oursMs.toFixed(0).padStart(14)}  ${r.peerMs.toFixed(0).padStart(9)}  ${(r.oursMs / r.peerMs).toFixed(2).padStart(9)}x  ${String(r.oursBytes).padStart(17)}  ${String(r.peerBytes).padStart(12)}  ${(r.oursBytes / r.layer).toFixed(3).padStart(10)}x  ${(r.oursBytes / r.peerBytes).toFixed(3).padStart(10)}x`,
    );
  }
  // Each round pairs the two pushes under the same load: the median of the paired ratios.
  const timeRatio = median(rows.map((r) => r.oursMs / r.peerMs));
  const bytesRatio = median(rows.map((r) => r.oursBytes / r.layer));
  console.log(`median time ratio to skopeo copy: ${timeRatio.toFixed(2)}x (goal <= 1.0x)`);
  console.log(
    `median bytes sent / new layer: ${bytesRatio.toFixed(3)}x (goal <= 1.05x); to skopeo's bytes: ${median(rows.map((r) => r.oursBytes / r.peerBytes)).toFixed(3)}x`,
  );
} finally {
  for (const r of registries) {
    r.proxy.child.kill();
    await r.reg.stop();
  }
  rmSync(dir, { recursive: true, force: true });
}
