// build-image with `builder: acr-tasks` end to end on the local plane, as users run it
// (`aml-rollout build-image --local DIR --builder acr-tasks`): the real @azure/arm-containerregistry
// client uploads the context to the plane's build source SAS URL, schedules a DockerBuildRequest
// that the plane builds with buildah onto a base in the same registry and pushes through the ACR
// front, and the step streams the run's log. Shown: the request the plane received, the log in the
// step's output, the output digest equal to the registry's manifest (with the step's labels), a
// failing build as BuildFailed with the log's tail and nothing pushed, no SAS URL or token in any log.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../local/testing/harness.js';
import { registryClient } from '../local/testing/registry-http.js';
import { acrTasksBuilder } from '../shared/image/backends/acr-tasks.js';
import { runCli } from '../shared/cli/main.js';
import { LABEL_MODEL, LABEL_REVISION, LABEL_SOURCE } from '../shared/image/build.js';
import { acrAuth } from '../shared/registry/acr-auth.js';
import { RegistryClient } from '../shared/registry/client.js';
import { pushToRegistry, type TestBuildah, testBuildah } from './support/buildah.js';

const REPOSITORY = 'detector/tasks';
const SOURCE_ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'contoso/pid-detector',
  GITHUB_SHA: '89abcdef0123456789abcdef0123456789abcdef',
};
const tools = ['buildah', 'docker-registry'].filter((t) => spawnSync(t, ['--version']).error);

describe.skipIf(tools.length > 0)(
  `build-image with acr-tasks on the local plane${tools.length ? ` (skipped: ${tools.join(', ')} not installed)` : ''}`,
  () => {
    let h: Harness;
    let b: TestBuildah;
    let loginServer: string;
    let baseRef: string;
    let client: RegistryClient;
    let work: string;
    const secrets = new Set<string>();
    const logs: string[] = [];

    async function step(args: string[]) {
      let out = '';
      let err = '';
      const code = await runCli(
        ['build-image', '--local', h.stateDir, '--workspace', 'dev', '--repository', REPOSITORY, ...args],
        { stdout: (t: string) => void (out += `${t}\n`), stderr: (t: string) => void (err += `${t}\n`) },
      );
      logs.push(out, err);
      const last = out.trim().split('\n').at(-1) ?? '';
      return { code, out, err, outputs: code === 0 ? (JSON.parse(last) as Record<string, string>) : {} };
    }

    /** A build context with a .dockerignore that leaves `ignored.txt` out of the upload. */
    function context(name: string, dockerfile: string): string {
      const dir = path.join(work, name);
      mkdirSync(path.join(dir, 'app'), { recursive: true });
      writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
      writeFileSync(path.join(dir, 'app', 'hello.txt'), `hello from ${name}\n`);
      writeFileSync(path.join(dir, 'ignored.txt'), 'not uploaded\n');
      writeFileSync(path.join(dir, '.dockerignore'), 'ignored.txt\n');
      return dir;
    }

    const runs = () => h.plane.registries.tasks?.list('localplanedev') ?? [];

    beforeAll(async () => {
      h = await startHarness();
      loginServer = h.conn.registries?.dev.loginServer as string;
      work = mkdtempSync(path.join(tmpdir(), 'acr-tasks-step-'));
      Object.assign(process.env, SOURCE_ENV);
      // A tiny base in the registry (no pull from anywhere): the run must pull it as ACR does.
      b = testBuildah();
      const baseCtx = path.join(work, 'base');
      mkdirSync(baseCtx);
      writeFileSync(path.join(baseCtx, 'Dockerfile'), 'FROM scratch\nCOPY base.txt /base.txt\n');
      writeFileSync(path.join(baseCtx, 'base.txt'), 'the base\n');
      await b.run(['bud', '--isolation', 'chroot', '-t', 'localhost/acr-tasks-base:1', baseCtx]);
      const auth = acrAuth(loginServer, h.conn.credential, {
        onSecret: (v) => secrets.add(v),
        ca: h.conn.ca,
      });
      baseRef = `${loginServer}/base/tiny:1`;
      await pushToRegistry(b, { loginServer, ca: h.conn.ca, auth }, 'localhost/acr-tasks-base:1', baseRef);
      client = new RegistryClient({ url: `https://${loginServer}`, auth, ca: h.conn.ca });
    }, 300_000);

    afterAll(async () => {
      for (const k of Object.keys(SOURCE_ENV)) delete process.env[k];
      await b?.remove();
      rmSync(work, { recursive: true, force: true });
      await h?.stop();
    });

    it('builds in the registry: the request the plane got, the run log in the step output, the digest the registry holds, the labels', async () => {
      const ctx = context(
        'good',
        'ARG BASE\nFROM ${BASE} AS app\nARG GREETING\nCOPY app/ /app/\nFROM app AS final\n',
      );
      const before = runs().length;
      const r = await step([
        '--builder',
        'acr-tasks',
        '--context',
        ctx,
        '--variants',
        `cpu=dockerfile=${path.join(ctx, 'Dockerfile')};BASE=${baseRef};GREETING=hi;target=app`,
        '--tag',
        'release-1',
        '--model-ref',
        'azureml:pid-symbols:3',
      ]);
      expect(r.code, r.err).toBe(0);
      const digest = r.outputs['digest-cpu'] as string;
      expect(r.outputs['image-cpu']).toBe(`${loginServer}/${REPOSITORY}@${digest}`);
      const [hashTag] = (JSON.parse(r.outputs.images as string) as Record<string, { tags: string[] }>).cpu
        ?.tags as string[];

      // The request, as the plane received it from the SDK.
      const made = runs().slice(before);
      expect(made).toHaveLength(1);
      const run = made[0] as NonNullable<(typeof made)[0]>;
      expect(run.request).toEqual({
        type: 'DockerBuildRequest',
        imageNames: [`${REPOSITORY}:${hashTag}`, `${REPOSITORY}:release-1`],
        isPushEnabled: true,
        dockerFilePath: 'Dockerfile',
        target: 'aml-rollout-labelled',
        arguments: [
          { name: 'BASE', value: baseRef, isSecret: false },
          { name: 'GREETING', value: 'hi', isSecret: false },
        ],
        platform: { os: 'Linux', architecture: 'amd64' },
        sourceLocation: expect.stringMatching(/^source\/\d{8}\/[0-9a-f]{32}\.tar\.gz$/),
      });
      expect(run.status).toBe('Succeeded');

      // The run's log, streamed into the step's output line by line.
      expect(r.err).toContain(`acr-tasks: run ${run.runId} on localplanedev`);
      expect(r.err).toContain(`Queued a build with ID: ${run.runId}`);
      expect(r.err).toContain('Step 1/2 : building Dockerfile for linux/amd64');
      expect(r.err).toContain(`${loginServer}/${REPOSITORY}:release-1: digest: ${digest}`);
      expect(r.err).toContain(`Run ID: ${run.runId} was successful`);

      // The output digest is what the registry holds under both tags: one image manifest.
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
        [LABEL_MODEL]: 'azureml:pid-symbols:3',
      });
      // Built on the base the run pulled from the same registry: its layer comes first.
      const base = await client.getManifest('base/tiny', '1');
      expect(fetched.manifest.layers[0]?.digest).toBe(base.manifest.layers[0]?.digest);
    }, 600_000);

    it('a failing build is BuildFailed with the run id and the log tail; nothing is pushed', async () => {
      // ignored.txt is left out of the upload by .dockerignore, so COPY cannot find it.
      const ctx = context('bad', `FROM ${baseRef}\nCOPY ignored.txt /ignored.txt\n`);
      const before = runs().length;
      const r = await step([
        '--builder',
        'acr-tasks',
        '--context',
        ctx,
        '--variants',
        'cpu',
        '--tag',
        'broken-1',
      ]);
      expect(r.code).not.toBe(0);
      const run = runs().slice(before)[0];
      expect(run?.status).toBe('Failed');
      expect(r.err).toMatch(new RegExp(`BuildFailed.*ACR Tasks run ${run?.runId} Failed`));
      expect(r.err).toMatch(/ignored\.txt/);
      expect(r.err).toMatch(new RegExp(`Run ID: ${run?.runId} failed after`));
      expect(run?.outputImages).toEqual([]);
      expect(await client.headManifest(REPOSITORY, 'broken-1')).toBeUndefined();
    }, 600_000);

    it('a cancelled job cancels its run: the run ends Canceled and pushes nothing', async () => {
      const ctx = context('cancelled', `FROM ${baseRef}\nCOPY app/ /app/\n`);
      const backend = acrTasksBuilder(
        { name: 'localplanedev', resourceGroup: h.rg, loginServer, arm: async () => registryClient(h.conn) },
        { pollMs: 200 },
      );
      const abort = new AbortController();
      const lines: string[] = [];
      const before = runs().length;
      const ref = `${loginServer}/${REPOSITORY}:cancelled-1`;
      const built = backend.buildAndPush(
        {
          context: ctx,
          dockerfile: path.join(ctx, 'Dockerfile'),
          buildArgs: {},
          platform: 'linux/amd64',
          labels: {},
          refs: [ref],
        },
        {
          // Cancel as soon as the run is scheduled, as a cancelled CI job would mid-build.
          log: (l) => {
            lines.push(l);
            if (l.startsWith('acr-tasks: run ')) abort.abort(new Error('job cancelled'));
          },
          mask: (t) => t,
          onSecret: (v) => secrets.add(v),
          signal: abort.signal,
        },
      );
      await expect(built).rejects.toThrow('job cancelled');
      const run = runs().slice(before)[0];
      expect(lines).toContain(`acr-tasks: cancelling run ${run?.runId}`);
      // The plane records the end once its tools are killed.
      for (let i = 0; i < 100 && (run?.status === 'Running' || run?.status === 'Queued'); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(run?.status).toBe('Canceled');
      expect(await client.headManifest(REPOSITORY, 'cancelled-1')).toBeUndefined();
    }, 300_000);

    it('no SAS URL, token or password in any log', () => {
      const text = logs.join('\n');
      expect(text).not.toMatch(/[?&]sig=/);
      expect(text).not.toMatch(/blob\.core|:\d+\/devstoreaccount1\/acr-tasks\/\S*\?/);
      for (const s of [h.conn.token, ...secrets]) expect(text).not.toContain(s);
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
    });
  },
);
