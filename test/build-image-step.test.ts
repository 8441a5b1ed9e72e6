// The build-image step end to end, as users run it (`aml-rollout build-image --local DIR`): the
// workspace's linked registry is the local plane's ACR front (Entra token exchange, scoped tokens,
// docker-registry behind it), buildah builds the suite's CPU image onto a base that lives in that
// registry, model-layer adds a model to the pushed image, a re-run pushes nothing, a deployment
// with the pushed image provisions and one with a missing image fails with the pull error, and bad
// input or a refused sign-in fails before anything is pushed, with no token in any log.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  createDeployment,
  createEndpoint,
  FAKE_MODEL,
  type Harness,
  registerModel,
  startHarness,
} from '../local/testing/harness.js';
import { runCli } from '../shared/cli/main.js';
import { LABEL_MODEL, LABEL_REVISION, LABEL_SOURCE } from '../shared/image/build.js';
import { acrAuth } from '../shared/registry/acr-auth.js';
import { RegistryClient } from '../shared/registry/client.js';
import { makeNodeBase, pushToRegistry, type TestBuildah, testBuildah } from './support/buildah.js';

const repo = path.resolve(import.meta.dirname, '..');
const REPOSITORY = 'detector/inference';
const SOURCE_ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'contoso/pid-detector',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
};
const tools = ['buildah', 'docker-registry'].filter((t) => spawnSync(t, ['--version']).error);

interface Counters {
  requests: { blobUploadStart: number; blobUploadPut: number; manifestPut: number } & Record<string, number>;
  bytesReceived: number;
  tokenExchanges: number;
}

describe.skipIf(tools.length > 0)(
  `build-image step on the local plane${tools.length ? ` (skipped: ${tools.join(', ')} not installed)` : ''}`,
  () => {
    let h: Harness;
    let b: TestBuildah;
    let loginServer: string;
    let baseRef: string;
    let client: RegistryClient;
    const secrets = new Set<string>();
    const logs: string[] = [];
    let cpu: { image: string; digest: string } | undefined;

    async function step(
      args: string[],
    ): Promise<{ code: number; out: string; err: string; outputs: Record<string, string> }> {
      let out = '';
      let err = '';
      const code = await runCli(
        ['build-image', '--local', h.stateDir, '--workspace', 'dev', '--repository', REPOSITORY, ...args],
        {
          stdout: (t: string) => {
            out += `${t}\n`;
          },
          stderr: (t: string) => {
            err += `${t}\n`;
          },
        },
      );
      logs.push(out, err);
      const last = out.trim().split('\n').at(-1) ?? '';
      return { code, out, err, outputs: code === 0 ? (JSON.parse(last) as Record<string, string>) : {} };
    }

    const counters = async () => (await admin(h, 'GET', '/v1/registries/dev/counters')) as Counters;
    const resetCounters = () => admin(h, 'DELETE', '/v1/registries/dev/counters');

    beforeAll(async () => {
      h = await startHarness();
      loginServer = h.conn.registries?.dev.loginServer as string;
      b = testBuildah();
      // The step's buildah uses this storage too: the test's images never touch the machine's.
      const conf = path.join(b.dir, 'storage.conf');
      writeFileSync(
        conf,
        `[storage]\ndriver = "vfs"\ngraphroot = "${b.options.root}"\nrunroot = "${b.options.runroot}"\n`,
      );
      process.env.CONTAINERS_STORAGE_CONF = conf;
      Object.assign(process.env, SOURCE_ENV);
      // The base lives in the registry, as a team's pinned base image does in its ACR.
      const local = await makeNodeBase(b, repo, 'localhost/aml-rollout-step-base:node');
      const auth = acrAuth(loginServer, h.conn.credential, {
        onSecret: (v) => secrets.add(v),
        ca: h.conn.ca,
      });
      baseRef = `${loginServer}/base/node:1`;
      await pushToRegistry(b, { loginServer, ca: h.conn.ca, auth }, local, baseRef);
      client = new RegistryClient({ url: `https://${loginServer}`, auth, ca: h.conn.ca });
    }, 300_000);

    afterAll(async () => {
      delete process.env.CONTAINERS_STORAGE_CONF;
      for (const k of Object.keys(SOURCE_ENV)) delete process.env[k];
      await b?.remove();
      await h?.stop();
    });

    it('builds the CPU image with buildah into the linked registry; the output digest is the registry manifest, a single image with its labels', async () => {
      await resetCounters();
      const r = await step([
        '--builder',
        'buildah',
        '--variants',
        `cpu=images/cpu.Dockerfile;BASE=${baseRef}`,
        '--tag',
        'release-1',
        '--model-ref',
        'azureml:pid-symbols:1',
      ]);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain(`registry ${loginServer} (the workspace's linked registry)`);
      const digest = r.outputs['digest-cpu'] as string;
      expect(r.outputs['image-cpu']).toBe(`${loginServer}/${REPOSITORY}@${digest}`);
      const images = JSON.parse(r.outputs.images as string) as Record<
        string,
        { tags: string[]; skipped: boolean }
      >;
      expect(images.cpu?.skipped).toBe(false);
      const [hashTag] = images.cpu?.tags as string[];
      expect(hashTag).toMatch(/^cpu-[0-9a-f]{12}$/);
      for (const tag of [hashTag as string, 'release-1'])
        expect((await client.headManifest(REPOSITORY, tag))?.digest).toBe(digest);
      const fetched = await client.getManifest(REPOSITORY, digest);
      expect(fetched.mediaType).toMatch(/image\.manifest/);
      const config = JSON.parse(
        (await client.getBlob(REPOSITORY, fetched.manifest.config.digest)).toString(),
      ) as {
        architecture: string;
        config: { Labels: Record<string, string> };
      };
      expect(config.architecture).toBe('amd64');
      expect(config.config.Labels).toMatchObject({
        [LABEL_SOURCE]: 'https://github.com/contoso/pid-detector',
        [LABEL_REVISION]: SOURCE_ENV.GITHUB_SHA,
        [LABEL_MODEL]: 'azureml:pid-symbols:1',
      });
      expect((await counters()).requests.manifestPut).toBeGreaterThanOrEqual(2);
      cpu = { image: r.outputs['image-cpu'] as string, digest };
    }, 600_000);

    it('a second run with nothing changed pushes nothing and says it skipped', async () => {
      expect(cpu).toBeDefined();
      await resetCounters();
      const r = await step([
        '--builder',
        'buildah',
        '--variants',
        `cpu=images/cpu.Dockerfile;BASE=${baseRef}`,
        '--model-ref',
        'azureml:pid-symbols:1',
      ]);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(/cpu: skipped, .* is already there/);
      expect(r.outputs['digest-cpu']).toBe(cpu?.digest);
      const c = await counters();
      expect(c.requests.blobUploadStart).toBe(0);
      expect(c.requests.manifestPut).toBe(0);
    }, 300_000);

    it('model-layer adds the model to the pushed image: one layer, the config and the manifest; a re-run pushes nothing', async () => {
      expect(cpu).toBeDefined();
      await resetCounters();
      const args = [
        '--builder',
        'model-layer',
        '--base-image',
        cpu?.image as string,
        '--model-path',
        'fixtures/models/v2',
        '--model-ref',
        'azureml:pid-symbols:2',
      ];
      const r = await step(args);
      expect(r.code, r.err).toBe(0);
      const c = await counters();
      expect(c.requests).toMatchObject({ blobUploadStart: 2, blobUploadPut: 2, manifestPut: 1 });
      const layered = await client.getManifest(REPOSITORY, r.outputs['digest-cpu'] as string);
      const base = await client.getManifest(REPOSITORY, cpu?.digest as string);
      expect(layered.manifest.layers.length).toBe(base.manifest.layers.length + 1);
      const layer = layered.manifest.layers.at(-1) as { size: number };
      const config = layered.manifest.config as { size: number };
      expect(c.bytesReceived).toBeLessThanOrEqual(1.05 * (layer.size + config.size) + layered.body.length);

      await resetCounters();
      const again = await step(args);
      expect(again.code, again.err).toBe(0);
      expect(again.err).toContain('skipped');
      expect((await counters()).requests.manifestPut).toBe(0);
    }, 300_000);

    it('a deployment with the pushed image provisions; one with an image missing from the registry fails with the pull error in its logs', async () => {
      expect(cpu).toBeDefined();
      const model = await registerModel(h, 'dev', 'pid', '1', FAKE_MODEL);
      await createEndpoint(h, 'dev', 'ep-img');
      const env = await h.client.environmentVersions.createOrUpdate(h.rg, 'dev', 'built', '1', {
        properties: { image: cpu?.image as string },
      });
      const ok = await createDeployment(h, 'dev', 'ep-img', 'blue', model, {
        environmentId: env.id as string,
      });
      expect(ok.properties.provisioningState).toBe('Succeeded');

      const missing = `${loginServer}/${REPOSITORY}:cpu-000000000000`;
      const gone = await h.client.environmentVersions.createOrUpdate(h.rg, 'dev', 'built', '2', {
        properties: { image: missing },
      });
      await expect(
        createDeployment(h, 'dev', 'ep-img', 'green', model, { environmentId: gone.id as string }),
      ).rejects.toThrow(`Failed to pull image "${missing}"`);
      const logsOf = await h.client.onlineDeployments.getLogs(h.rg, 'dev', 'ep-img', 'green', {
        containerType: 'StorageInitializer',
      });
      expect(logsOf.content).toMatch(/not found in registry localplanedev/);
    }, 120_000);

    it('bad input fails with a clear error and pushes nothing', async () => {
      await resetCounters();
      const cases: [string[], RegExp][] = [
        [['--variants', 'tpu'], /input 'variants': unknown variant 'tpu'/],
        [['--variants', 'cpu=context=no/such/folder'], /context folder .* does not exist/],
        [['--variants', 'cpu=fixtures/deploy/endpoint.yml'], /Dockerfile .*(FROM|instruction)/i],
        [
          ['--builder', 'model-layer', '--variants', 'cpu'],
          /input 'base-image': is required|input 'model-path'/,
        ],
        [
          [
            '--builder',
            'model-layer',
            '--base-image',
            `${loginServer}/${REPOSITORY}:cpu-x`,
            '--model-path',
            'fixtures/models/v2',
          ],
          /not pinned by digest/,
        ],
        [['--tag', 'bad tag'], /input 'tag': 'bad tag' is not a valid image tag/],
      ];
      for (const [args, message] of cases) {
        const r = await step(args.includes('--builder') ? args : ['--builder', 'buildah', ...args]);
        expect(r.code, args.join(' ')).toBe(1);
        expect(r.err, args.join(' ')).toMatch(message);
      }
      const c = await counters();
      expect(c.requests.blobUploadStart + c.requests.manifestPut).toBe(0);
    }, 120_000);

    it('a registry refusing the token, or expired refresh tokens, fail before any build with RegistryAuthFailed', async () => {
      await resetCounters();
      const args = [
        '--builder',
        'buildah',
        '--variants',
        `cpu=images/cpu.Dockerfile;BASE=${baseRef}`,
        '--rebuild',
      ];
      await admin(h, 'PUT', '/v1/registries/dev/faults', { refuseTokens: true });
      try {
        const r = await step(args);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/RegistryAuthFailed|registry .*refused/i);
      } finally {
        await admin(h, 'DELETE', '/v1/registries/dev/faults');
      }
      await admin(h, 'PUT', '/v1/registries/dev/faults', { expireRefreshTokens: true });
      try {
        const r = await step(args);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/refresh token|RegistryAuthFailed|registry/i);
      } finally {
        await admin(h, 'DELETE', '/v1/registries/dev/faults');
      }
      const c = await counters();
      expect(c.requests.blobUploadStart + c.requests.manifestPut).toBe(0);
    }, 120_000);

    it('no token or password in any log or output', () => {
      const text = logs.join('\n');
      expect(text.length).toBeGreaterThan(0);
      for (const s of [h.conn.token, ...secrets]) expect(text).not.toContain(s);
      // ACR tokens are JWTs: none of their text may reach a log.
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
    });
  },
);
