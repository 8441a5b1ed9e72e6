// The buildah backend for real: the suite's CPU inference image (images/cpu.Dockerfile) built onto
// a base made in this test (no pull), pushed to a real docker-registry on loopback, the digest
// checked against the registry's own, the manifest and labels read back; then the pushed image is
// pulled by digest, run (`buildah run`, its own ENTRYPOINT) and probed on the liveness, readiness and
// scoring routes of the suite's deployment YAML with a golden image. The GPU Dockerfile must build
// onto the same base (CUDA itself is a check for a GPU runner: docs/images.md).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistributionHandle, startDistribution } from '../local/acr/distribution.js';
import { buildahBuilder } from '../shared/image/backends/buildah.js';
import {
  type BuildContext,
  DEFAULT_PLATFORM,
  type ImageBuild,
  LABEL_MODEL,
  LABEL_REVISION,
  LABEL_SOURCE,
} from '../shared/image/build.js';
import { imageLabels, planVariant } from '../shared/image/plan.js';
import { type ImageVariant, resolveVariants } from '../shared/image/variants.js';
import { loadModelCard } from '../shared/scoring/card.js';
import { toAutoml } from '../shared/scoring/format.js';
import { DetectionScorer } from '../shared/scoring/scorer.js';
import { SecretMasker } from '../shared/secrets.js';
import { parseDeploymentYaml } from '../shared/spec/deployment.js';
import { makeNodeBase, type TestBuildah, testBuildah } from './support/buildah.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BASE = 'localhost/aml-rollout-test-base:node';
const SOURCE = 'https://github.com/contoso/pid-detector';
const REVISION = '0123456789abcdef0123456789abcdef01234567';
const MODEL_DIR = '/var/azureml-app/azureml-models/pid-symbols/1';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const ACCEPT = [
  OCI_MANIFEST,
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

describe('build-image with buildah: the suite inference image', () => {
  let b: TestBuildah;
  let registry: DistributionHandle;
  let host: string;
  let variants: ImageVariant[];
  const lines: string[] = [];
  const masker = new SecretMasker();
  const password = 'acr-refresh-token-7f3e9d0c-not-for-logs';
  const ctx: BuildContext = {
    log: (l) => lines.push(l),
    mask: (t) => masker.mask(t),
    onSecret: (v) => masker.add(v),
    tlsVerify: false,
    // docker-registry runs without auth, so `login` succeeds with anything: the sign-in path runs.
    signIn: { loginSecret: async () => ({ username: '00000000-0000-0000-0000-000000000000', password }) },
  };
  let cpu: { ref: string; digest: string } | undefined;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    b = testBuildah();
    await makeNodeBase(b, repo, BASE);
    registry = await startDistribution({ dir: path.join(b.dir, 'registry') });
    host = `127.0.0.1:${registry.port}`;
    variants = resolveVariants(
      `cpu=images/cpu.Dockerfile;BASE=${BASE}, gpu=images/gpu.Dockerfile;BASE=${BASE};NODE=${BASE}`,
      {
        known: ['cpu', 'gpu'],
        workspaceDir: repo,
        defaults: { context: '.', dockerfile: 'images/{variant}.Dockerfile' },
      },
    );
  });

  afterAll(async () => {
    for (const c of children) if (c.pid && c.exitCode === null) process.kill(-c.pid, 'SIGKILL');
    await registry?.stop();
    await b?.remove();
  });

  async function buildVariant(name: string) {
    const plan = await planVariant(variants.find((x) => x.name === name) as ImageVariant, {
      loginServer: host,
      repository: 'detector/inference',
      extraTag: `${name}-latest`,
      labels: imageLabels({ source: SOURCE, revision: REVISION, model: 'azureml:pid-symbols:1' }),
    });
    const pushed = await buildahBuilder(b.options).buildAndPush(plan.build, ctx);
    // Building changed nothing the hash covers: the next run would find this tag and skip.
    expect(
      (
        await planVariant(variants.find((x) => x.name === name) as ImageVariant, {
          loginServer: host,
          repository: 'detector/inference',
          labels: {},
        })
      ).primaryRef,
    ).toBe(plan.primaryRef);
    return { ...pushed, ref: plan.primaryRef, tag: plan.source.tag };
  }

  it('builds the CPU image, pushes it, and returns the digest the registry stored', async () => {
    const pushed = await buildVariant('cpu');
    expect(pushed.tag).toMatch(/^cpu-[0-9a-f]{12}$/);
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    cpu = { ref: pushed.ref, digest: pushed.digest };

    for (const tag of [pushed.tag, 'cpu-latest']) {
      const head = await fetch(`${registry.url}/v2/detector/inference/manifests/${tag}`, {
        method: 'HEAD',
        headers: { accept: ACCEPT },
      });
      expect(head.status).toBe(200);
      expect(head.headers.get('docker-content-digest')).toBe(pushed.digest);
    }
    const res = await fetch(`${registry.url}/v2/detector/inference/manifests/${pushed.digest}`, {
      headers: { accept: ACCEPT },
    });
    const manifest = (await res.json()) as {
      mediaType?: string;
      manifests?: unknown;
      config: { digest: string };
      layers: unknown[];
    };
    // A single-platform image manifest: no index, no attestation manifests.
    expect(res.headers.get('content-type')).toBe(OCI_MANIFEST);
    expect(manifest.manifests).toBeUndefined();
    expect(manifest.layers.length).toBeGreaterThan(1);
    const config = (await (
      await fetch(`${registry.url}/v2/detector/inference/blobs/${manifest.config.digest}`)
    ).json()) as { architecture: string; os: string; config: { Labels: Record<string, string> } };
    expect(config.os).toBe('linux');
    expect(config.architecture).toBe('amd64');
    expect(config.config.Labels).toMatchObject({
      [LABEL_SOURCE]: SOURCE,
      [LABEL_REVISION]: REVISION,
      [LABEL_MODEL]: 'azureml:pid-symbols:1',
    });
  });

  it('signs in through stdin only: the password is in no command line and no log line', () => {
    const login = lines.find((l) => l.includes(' login '));
    expect(login).toMatch(
      /--username 00000000-0000-0000-0000-000000000000 --password-stdin 127\.0\.0\.1:\d+$/,
    );
    expect(lines.join('\n')).not.toContain(password);
    expect(lines.join('\n')).not.toContain('***');
  });

  it('runs the pushed image: liveness, readiness and scoring routes answer as the deployment YAML says', async () => {
    if (!cpu) throw new Error('the CPU image was not built');
    const deployment = parseDeploymentYaml(
      readFileSync(path.join(repo, 'fixtures/deploy/deployment-blue.yml'), 'utf8'),
      'deployment-blue.yml',
    );
    const env = deployment.environment;
    if (env?.kind !== 'inline' || !env.environment.inferenceConfig) throw new Error('no inference_config');
    const routes = env.environment.inferenceConfig;

    const ctr = (
      await b.run([
        'from',
        '--pull-always',
        '--tls-verify=false',
        `docker://${host}/detector/inference@${cpu.digest}`,
      ])
    ).stdout
      .trim()
      .split('\n')
      .pop() as string;
    const image = JSON.parse((await b.run(['inspect', '--type', 'container', ctr])).stdout) as {
      OCIv1: { config: { Entrypoint: string[]; Env: string[]; ExposedPorts: Record<string, unknown> } };
    };
    const { Entrypoint, Env, ExposedPorts } = image.OCIv1.config;
    // The image listens where inference_config says; the test moves it to a free port only because
    // chroot isolation shares this machine's network with other tests.
    expect(Env).toContain(`AML_ROLLOUT_PORT=${routes.scoringRoute.port}`);
    expect(Object.keys(ExposedPorts)).toContain(`${routes.scoringRoute.port}/tcp`);
    await b.run(['copy', ctr, path.join(repo, 'fixtures/models/v1'), `${MODEL_DIR}/pid-symbols`]);

    const args = b.argv([
      'run',
      '--isolation',
      'chroot',
      '--env',
      `AZUREML_MODEL_DIR=${MODEL_DIR}`,
      '--env',
      'AML_ROLLOUT_PORT=0',
      ctr,
      '--',
      ...Entrypoint,
    ]);
    // Its own process group, so the test can stop buildah and the server it runs together.
    const child = spawn('buildah', args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      rl.on('line', (line) => {
        const m = /^\{"url":"http:\/\/[^:]+:(\d+)"/.exec(line);
        if (m) resolve(`http://127.0.0.1:${m[1]}`);
      });
      child.once('exit', (code) => reject(new Error(`the container exited with ${code}: ${stderr}`)));
    });

    for (const route of [routes.livenessRoute, routes.readinessRoute]) {
      const res = await fetch(`${url}${route.path}`);
      expect(res.status).toBe(200);
    }
    const golden = readFileSync(path.join(repo, 'fixtures/golden/images/scene-01.png'));
    const res = await fetch(`${url}${routes.scoringRoute.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input_data: { columns: ['image'], data: [golden.toString('base64')] } }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Array<{ boxes: Array<{ label: string; score: number }> }>;

    // The same scorer in this process, on the same model and image, gives the same boxes.
    const modelDir = path.join(repo, 'fixtures/models/v1');
    const scorer = await DetectionScorer.open(
      path.join(modelDir, 'model.onnx'),
      await loadModelCard(path.join(modelDir, 'model-card.yaml')),
    );
    const local = toAutoml(await scorer.score(golden, {}, 'scene-01'));
    expect(answer).toHaveLength(1);
    expect(answer[0]?.boxes.length).toBeGreaterThan(0);
    expect(answer[0]?.boxes.map((x) => x.label)).toEqual(local.boxes.map((x) => x.label));
    answer[0]?.boxes.forEach((box, i) => expect(box.score).toBeCloseTo(local.boxes[i]?.score ?? -1, 5));

    process.kill(-(child.pid as number), 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
  });

  it('builds and pushes the GPU Dockerfile onto the same base (CUDA runs on a GPU runner only)', async () => {
    const pushed = await buildVariant('gpu');
    expect(pushed.tag).toMatch(/^gpu-[0-9a-f]{12}$/);
    const head = await fetch(`${registry.url}/v2/detector/inference/manifests/${pushed.tag}`, {
      method: 'HEAD',
      headers: { accept: ACCEPT },
    });
    expect(head.headers.get('docker-content-digest')).toBe(pushed.digest);
    expect(pushed.digest).not.toBe(cpu?.digest);
  });

  it("a failing build fails with buildah's own words and pushes nothing", async () => {
    const dir = path.join(b.dir, 'failing');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BASE}\nRUN ["node", "-e", "process.exit(3)"]\n`);
    const build: ImageBuild = {
      context: dir,
      dockerfile: path.join(dir, 'Dockerfile'),
      buildArgs: {},
      platform: DEFAULT_PLATFORM,
      labels: {},
      refs: [`${host}/detector/failing:cpu-000000000000`],
    };
    const error = await buildahBuilder(b.options)
      .buildAndPush(build, ctx)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BuildFailed' });
    expect((error as Error).message).toMatch(/exit status 3/);
    const head = await fetch(`${registry.url}/v2/detector/failing/manifests/cpu-000000000000`, {
      method: 'HEAD',
      headers: { accept: ACCEPT },
    });
    expect(head.status).toBe(404);
  });
});
