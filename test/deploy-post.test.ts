// A cancelled or killed job mid-rollout, on the hosts: the deploy bundle run as GitHub and Azure
// DevOps run it (their variables, their state conventions), on the local plane.
// - The signal path: SIGTERM (GitHub's, and SIGINT for the CLI's Ctrl-C) mid-bake cancels the
//   step, which restores the traffic it found and releases the lock before it exits.
// - The post path: the main entry SIGKILLed mid-bake leaves traffic split and its lease held; the
//   post-job entry (`post.js`, GitHub `post:` / Azure DevOps `postjobexecution`), given the state
//   the main entry saved, restores the traffic and releases the lock at once (no lease to wait out).
// Needs the bundles (`npm run build`). Deployments are served by the fake scorer.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobLeaseClient, BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, type ExpectStatic, it } from 'vitest';
import { datastoreBlobServiceUrl } from '../shared/azure/local-plane.js';
import {
  admin,
  armRequest,
  type Harness,
  registerModel,
  startHarness,
  wsPath,
} from '../local/testing/harness.js';
import { adoName } from '../shared/host/ado-names.js';
import { stepCommand } from '../shared/cli/step-command.js';
import { decodeJournal } from '../shared/rollout/journal.js';
import { lockBlobName } from '../shared/rollout/lock.js';
import { deploy } from '../shared/steps/catalog/deploy.js';
import { repoRoot } from './support/bundle.js';

const WS = 'dev';
const FIXTURES = path.join(repoRoot, 'fixtures', 'deploy');
const MAIN = path.join(repoRoot, 'dist', 'deploy', 'index.js');
const POST = path.join(repoRoot, 'dist', 'deploy', 'post.js');
/** Killed or cancelled at this line, the first traffic step baking (a bake far longer than the test). */
const MID_BAKE = /traffic 10%: blue 90%, green 10%/;

interface Proc {
  child: ChildProcess;
  out: () => string;
  /** Resolves when `re` appears in stdout or stderr (bounded); rejects if the process ends first. */
  waitFor: (re: RegExp) => Promise<void>;
  exit: Promise<number | null>;
}

function start(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const onData = (d: Buffer) => {
    text += d.toString();
    for (const w of waiters.filter((x) => x.re.test(text))) w.resolve();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    out: () => text,
    exit,
    waitFor: (re) =>
      new Promise<void>((resolve, reject) => {
        if (re.test(text)) return resolve();
        const timer = setTimeout(() => reject(new Error(`no ${re} within 150 s:\n${text}`)), 150_000);
        waiters.push({
          re,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        void exit.then((code) => {
          clearTimeout(timer);
          reject(new Error(`exited (${code}) before ${re}:\n${text}`));
        });
      }),
  };
}

describe('deploy: a cancelled or killed job restores the endpoint', () => {
  let h: Harness;
  let dir: string;

  /** The deploy inputs by their canonical names. */
  const inputs = (endpoint: string): Record<string, string> => ({
    'local-state-dir': h.stateDir,
    workspace: WS,
    'endpoint-file': path.join(FIXTURES, 'endpoint.yml'),
    'deployment-file': path.join(FIXTURES, 'deployment-green.yml'),
    endpoint,
    'smoke-request': path.join(dir, 'request.json'),
    'bake-seconds': '600',
    'probe-interval-ms': '200',
    'min-requests': '2',
    'max-p95-ratio': '1000',
  });

  /** What a GitHub runner gives a step: INPUT_*, the file commands, the run's identity. */
  const githubEnv = (endpoint: string) => {
    const files = Object.fromEntries(
      ['output', 'summary', 'state'].map((f) => {
        const file = path.join(dir, `${endpoint}-${f}`);
        writeFileSync(file, '');
        return [f, file];
      }),
    ) as Record<'output' | 'summary' | 'state', string>;
    const env: Record<string, string> = {
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_STATE: files.state,
      GITHUB_WORKSPACE: dir,
      GITHUB_RUN_ID: `42${endpoint.length}`,
      GITHUB_RUN_ATTEMPT: '1',
    };
    for (const [k, v] of Object.entries(inputs(endpoint))) env[`INPUT_${k.toUpperCase()}`] = v;
    return { env, files };
  };

  /** The runner's hand-over to the post step: each saved `name<<delimiter` record as STATE_<name>. */
  const githubState = (file: string): Record<string, string> => {
    const out: Record<string, string> = {};
    const re = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm;
    for (const m of readFileSync(file, 'utf8').matchAll(re)) out[`STATE_${m[1]}`] = m[3] ?? '';
    return out;
  };

  /** What an Azure Pipelines agent gives a task: camelCase INPUT_*, TF_BUILD, its folders. */
  const adoEnv = (endpoint: string) => {
    const env: Record<string, string> = {
      TF_BUILD: 'True',
      AGENT_TEMPDIRECTORY: dir,
      SYSTEM_DEFAULTWORKINGDIRECTORY: dir,
      BUILD_BUILDID: '77',
    };
    for (const [k, v] of Object.entries(inputs(endpoint))) env[`INPUT_${adoName(k).toUpperCase()}`] = v;
    return env;
  };

  /** The agent's hand-over to the post-job execution: `task.settaskvariable` as VSTS_TASKVARIABLE_*. */
  const adoState = (stdout: string): Record<string, string> => {
    const out: Record<string, string> = {};
    const re = /^##vso\[task\.settaskvariable variable=([^;]+);[^\]]*\](.*)$/gm;
    for (const m of stdout.matchAll(re))
      out[`VSTS_TASKVARIABLE_${(m[1] ?? '').toUpperCase()}`] = (m[2] ?? '').replace(/%AZP25/g, '%');
    return out;
  };

  const endpointState = async (endpoint: string) => {
    const r = await armRequest(
      h.conn,
      'GET',
      `${wsPath(h.conn, WS)}/onlineEndpoints/${endpoint}?api-version=2023-04-01`,
    );
    const body = r.body as {
      tags?: Record<string, string>;
      properties: { traffic?: Record<string, number>; mirrorTraffic?: Record<string, number> };
    };
    return {
      traffic: body.properties.traffic ?? {},
      mirrorTraffic: body.properties.mirrorTraffic ?? {},
      stage: decodeJournal(body.tags).record?.stage,
    };
  };
  const deployments = async (endpoint: string) => {
    const names: string[] = [];
    for await (const d of h.client.onlineDeployments.list(h.rg, WS, endpoint)) names.push(d.name as string);
    return names.sort();
  };
  /** Whether the endpoint's rollout lock is free now: a lease taken (and given back) at once. */
  const lockFree = async (endpoint: string): Promise<boolean> => {
    const ds = await h.client.datastores.get(h.rg, WS, 'workspaceblobstore');
    const secrets = (await h.client.datastores.listSecrets(h.rg, WS, 'workspaceblobstore')) as {
      key?: string;
    };
    const props = ds.properties as { accountName: string; containerName: string };
    const service = new BlobServiceClient(
      datastoreBlobServiceUrl(ds.properties as { accountName: string }),
      new StorageSharedKeyCredential(props.accountName, secrets.key as string),
    );
    const blob = service.getContainerClient(props.containerName).getBlobClient(lockBlobName(WS, endpoint));
    const lease = new BlobLeaseClient(blob);
    try {
      await lease.acquireLease(15);
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 409) return false;
      throw e;
    }
    await lease.releaseLease();
    return true;
  };
  const firstDeploy = async (endpoint: string) => {
    const err: string[] = [];
    const code = await stepCommand(deploy).run(
      [
        '--local',
        h.stateDir,
        '--workspace',
        WS,
        '--endpoint-file',
        path.join(FIXTURES, 'endpoint.yml'),
        '--endpoint',
        endpoint,
        '--deployment-file',
        path.join(FIXTURES, 'deployment-blue.yml'),
        '--smoke-request',
        path.join(dir, 'request.json'),
      ],
      { stdout: () => undefined, stderr: (t) => err.push(t) },
    );
    if (code !== 0) throw new Error(err.join('\n'));
  };
  /** Restored exactly: blue alone at 100%, no mirror, green gone, journal rolled back, lock free. */
  const expectRestored = async (endpoint: string, expect: ExpectStatic, log: string) => {
    const end = await endpointState(endpoint);
    expect({ traffic: end.traffic, mirror: end.mirrorTraffic, stage: end.stage }, log).toEqual({
      traffic: { blue: 100 },
      mirror: {},
      stage: 'rolled-back',
    });
    expect(await deployments(endpoint)).toEqual(['blue']);
    expect(await lockFree(endpoint)).toBe(true);
  };

  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(path.join(os.tmpdir(), 'deploy-post-'));
    writeFileSync(path.join(dir, 'request.json'), JSON.stringify({ input_data: { data: ['x'] } }));
    await admin(h, 'PUT', '/v1/quotas/standardDSv2Family', { limit: 1000 });
    for (const v of ['1', '2']) {
      await registerModel(h, WS, 'pid-symbols', v, {
        'model.onnx': `fake model v${v}`,
        'model-card.yaml': 'schema: aml-rollout/model-card@1\n',
      });
    }
    await Promise.all(['sig-github', 'sig-cli', 'post-github', 'post-ado'].map(firstDeploy));
  });
  afterAll(async () => h?.stop());

  it.concurrent(
    'GitHub: SIGTERM mid-bake restores before the step exits; the post entry then finds nothing to do',
    async ({ expect }) => {
      const ep = 'sig-github';
      const { env, files } = githubEnv(ep);
      const main = start([MAIN], env);
      await main.waitFor(MID_BAKE);
      main.child.kill('SIGTERM');
      expect(await main.exit, main.out()).toBe(1);
      expect(main.out()).toContain('rolling back from traffic:10');
      expect(main.out()).toMatch(/::error::.*the job was cancelled/);
      await expectRestored(ep, expect, main.out());

      const post = start([POST], { ...env, ...githubState(files.state) });
      expect(await post.exit, post.out()).toBe(0);
      expect(post.out()).toContain("nothing to recover on 'sig-github'");
    },
  );

  it.concurrent('CLI: Ctrl-C (SIGINT) mid-bake restores before the command exits', async ({ expect }) => {
    const ep = 'sig-cli';
    const flags = Object.entries(inputs(ep)).flatMap(([k, v]) => [`--${k}`, v]);
    const cli = start(['--import', 'tsx', path.join(repoRoot, 'entries', 'cli.ts'), 'deploy', ...flags], {});
    await cli.waitFor(MID_BAKE);
    cli.child.kill('SIGINT');
    expect(await cli.exit, cli.out()).toBe(1);
    expect(cli.out()).toContain('rolling back from traffic:10');
    await expectRestored(ep, expect, cli.out());
  });

  it.concurrent(
    'GitHub: main killed mid-bake; the post entry with the saved state restores and releases the lock',
    async ({ expect }) => {
      const ep = 'post-github';
      const { env, files } = githubEnv(ep);
      const main = start([MAIN], env);
      await main.waitFor(MID_BAKE);
      main.child.kill('SIGKILL');
      await main.exit;
      // Left split, the lease held by a process that is gone.
      expect((await endpointState(ep)).traffic).toEqual({ blue: 90, green: 10 });
      expect(await lockFree(ep)).toBe(false);
      const state = githubState(files.state);
      expect(Object.keys(state)).toEqual(['STATE_aml_rollout_deploy']);

      const post = start([POST], { ...env, ...state });
      expect(await post.exit, post.out()).toBe(0);
      expect(post.out()).toContain('the job ended before its rollout did');
      expect(post.out()).toContain('traffic rollback: blue 100%');
      await expectRestored(ep, expect, post.out());
      expect(readFileSync(files.summary, 'utf8')).toContain('rolled back after the job ended');
    },
  );

  it.concurrent(
    'Azure DevOps: main killed mid-bake; the post-job execution with the task variable restores and releases the lock',
    async ({ expect }) => {
      const ep = 'post-ado';
      const env = adoEnv(ep);
      const main = start([MAIN], env);
      await main.waitFor(MID_BAKE);
      main.child.kill('SIGKILL');
      await main.exit;
      expect((await endpointState(ep)).traffic).toEqual({ blue: 90, green: 10 });
      expect(await lockFree(ep)).toBe(false);
      const state = adoState(main.out());
      expect(Object.keys(state)).toEqual(['VSTS_TASKVARIABLE_AML_ROLLOUT_DEPLOY']);

      const post = start([POST], { ...env, ...state });
      expect(await post.exit, post.out()).toBe(0);
      expect(post.out()).toContain('traffic rollback: blue 100%');
      expect(post.out()).toMatch(/##vso\[task\.complete result=Succeeded;\]/);
      await expectRestored(ep, expect, post.out());
    },
  );
});
