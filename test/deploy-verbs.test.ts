// deploy on the local plane, what the issue asks to see about concurrency, the verbs and secrets:
// two rollouts on one endpoint (one proceeds, the other waits and fails naming the holder), a
// dead runner's lease taken over once it expires, pause-before-promote then promote or reject
// from another process (as an approval would run it), status making no mutating request, and no
// key, token or SAS in anything a rollout prints or writes, with debug on. Deployments are served
// by the fake scorer; the CLI runs as a child process where another process is the point.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AzureBlobDatastore } from '@azure/arm-machinelearning';
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  BlobLeaseClient,
  BlobServiceClient,
  generateAccountSASQueryParameters,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  armRequest,
  type Harness,
  POLL,
  registerModel,
  setTraffic,
  startHarness,
  wsPath,
} from '../local/testing/harness.js';
import { datastoreBlobServiceUrl } from '../shared/azure/local-plane.js';
import { stepCommand } from '../shared/cli/step-command.js';
import { decodeJournal } from '../shared/rollout/journal.js';
import { lockBlobName } from '../shared/rollout/lock.js';
import { deploy } from '../shared/steps/catalog/deploy.js';
import { card, GOLDEN, model, REPO } from './support/gate.js';

const WS = 'dev';
const EP = 'pid-symbols';
const FIXTURES = path.join(REPO, 'fixtures', 'deploy');
const READS = new Set([
  'Datastores_ListSecrets',
  'OnlineEndpoints_ListKeys',
  'OnlineEndpoints_GetToken',
  'OnlineDeployments_GetLogs',
]);

interface DeployRun {
  code: number | null;
  outputs: Record<string, string>;
  stdout: string;
  log: string;
}

const parseOutputs = (stdout: string): Record<string, string> => {
  const line = stdout.trim();
  return line ? (JSON.parse(line) as Record<string, string>) : {};
};

describe('deploy: lock, verbs and secrets on the local plane', () => {
  let h: Harness;
  let dir: string;

  const defaults = (): Record<string, string> => ({
    '--local': h.stateDir,
    '--workspace': WS,
    '--endpoint-file': path.join(FIXTURES, 'endpoint.yml'),
    '--smoke-request': path.join(dir, 'request.json'),
    '--bake-seconds': '0.3',
    '--mirror-seconds': '0.3',
    '--probe-interval-ms': '50',
    '--min-requests': '2',
    // Latency on a busy two-core box is noise at these few milliseconds: not what these tests judge.
    '--max-p95-ratio': '1000',
  });
  /** The flags of a run: the defaults, less those `extra` names or `drop` lists, then `extra`. */
  const argv = (extra: string[], drop: string[] = []) => [
    ...Object.entries(defaults())
      .filter(([flag]) => !extra.includes(flag) && !drop.includes(flag))
      .flat(),
    ...extra,
  ];

  /** The deploy step in this process, as the CLI runs it. */
  const run = async (...extra: string[]): Promise<DeployRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await stepCommand(deploy).run(argv(extra), {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
    });
    const stdout = out.join('\n');
    return { code, outputs: parseOutputs(stdout), stdout, log: err.join('\n') };
  };

  /** `aml-rollout deploy ...` in a child process; `onLog` sees stderr as it comes. */
  const cli = (args: string[], env: Record<string, string> = {}, onLog?: (text: string) => void) =>
    new Promise<DeployRun>((resolve, reject) => {
      const p = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(REPO, 'entries', 'cli.ts'), 'deploy', ...args],
        {
          cwd: REPO,
          env: { ...process.env, ...env },
        },
      );
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        onLog?.(stderr);
      });
      p.on('error', reject);
      p.on('close', (code) =>
        resolve({ code, outputs: code === 0 ? parseOutputs(stdout) : {}, stdout, log: stderr }),
      );
    });

  const blue = () => ['--deployment-file', path.join(FIXTURES, 'deployment-blue.yml')];
  const green = () => ['--deployment-file', path.join(FIXTURES, 'deployment-green.yml')];
  const endpoint = () => h.client.onlineEndpoints.get(h.rg, WS, EP);
  const journal = async () => decodeJournal((await endpoint()).tags).record;
  const deployments = async () => {
    const names: string[] = [];
    for await (const d of h.client.onlineDeployments.list(h.rg, WS, EP)) names.push(d.name as string);
    return names.sort();
  };
  const mutating = async () => {
    const log = (await admin(h, 'GET', '/v1/arm-requests')) as {
      value: { method: string; path: string; operationId: string }[];
    };
    return log.value.filter((r) => !READS.has(r.operationId));
  };
  /** Mirror traffic as the 2023-04-01 API returns it (the 2022-10-01 SDK model drops it). */
  const mirror = async () => {
    const res = await armRequest(
      h.conn,
      'GET',
      `${wsPath(h.conn, WS)}/onlineEndpoints/${EP}?api-version=2023-04-01`,
    );
    return (
      (res.body as { properties: { mirrorTraffic?: Record<string, number> } }).properties.mirrorTraffic ?? {}
    );
  };
  const lockBlob = async () => {
    const ds = await h.client.datastores.get(h.rg, WS, 'workspaceblobstore');
    const secrets = (await h.client.datastores.listSecrets(h.rg, WS, 'workspaceblobstore')) as {
      key: string;
    };
    const props = ds.properties as { accountName: string; containerName: string };
    const service = new BlobServiceClient(
      datastoreBlobServiceUrl(props),
      new StorageSharedKeyCredential(props.accountName, secrets.key),
    );
    return service.getContainerClient(props.containerName).getBlockBlobClient(lockBlobName(WS, EP));
  };
  /** Polls until `ready` holds; bounded, fails with `what`. */
  const until = async (what: string, ready: () => Promise<boolean>, tries = 600) => {
    for (let i = 0; i < tries; i++) {
      if (await ready()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`gave up waiting for ${what}`);
  };

  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(path.join(os.tmpdir(), 'deploy-verbs-'));
    writeFileSync(path.join(dir, 'request.json'), JSON.stringify({ input_data: { data: ['x'] } }));
    for (const v of ['1', '2']) {
      await registerModel(h, WS, 'pid-symbols', v, {
        'model.onnx': `fake model v${v}`,
        'model-card.yaml': 'schema: aml-rollout/model-card@1\n',
      });
    }
    const first = await run(...blue());
    expect(first.code, first.log).toBe(0);
  });
  afterAll(async () => h?.stop());

  it('two rollouts at once: one proceeds, the other waits, then fails with EndpointLocked naming the holder', async () => {
    // The first holds the lock through a mirror window long enough for the second to give up.
    const ci = {
      GITHUB_RUN_ID: '4242',
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_REPOSITORY: 'org/repo',
    };
    const first = cli(argv([...green(), '--mirror-percent', '20', '--mirror-seconds', '12']), ci);
    await until('the first rollout to mirror', async () => (await journal())?.stage === 'mirror', 1200);
    expect((await journal())?.runId).toBe('github-4242-1');

    const second = await run(...green(), '--lock-timeout', '1');
    expect(second.code).not.toBe(0);
    expect(second.log).toContain('waiting up to 1 s');
    expect(second.log).toContain('EndpointLocked');
    expect(second.log).toContain('run github-4242-1 (https://github.example/org/repo/actions/runs/4242)');

    const done = await first;
    expect(done.code, done.log).toBe(0);
    expect(done.log).not.toContain('locked by');
    expect(done.outputs).toMatchObject({ deployment: 'green', 'previous-deployment': 'blue' });
    expect((await endpoint()).properties.traffic).toEqual({ green: 100 });
    expect(await deployments()).toEqual(['green']);
  });

  it("a dead runner's lease is waited for and taken over once it expires", async () => {
    // A lease nobody renews (Azure's shortest, 15 s), as a runner killed mid-rollout leaves it.
    const blob = await lockBlob();
    const dead = new BlobLeaseClient(blob);
    await dead.acquireLease(15);
    await blob.setMetadata({ runid: 'dead-runner-1' }, { conditions: { leaseId: dead.leaseId } });

    const r = await run(...blue(), '--lock-timeout', '45');
    expect(r.code, r.log).toBe(0);
    expect(r.log).toContain("endpoint 'pid-symbols' is locked by run dead-runner-1; waiting up to 45 s");
    expect(r.outputs).toMatchObject({ deployment: 'blue', 'previous-deployment': 'green', changed: 'true' });
    expect((await endpoint()).properties.traffic).toEqual({ blue: 100 });
    // Released at the end: the next rollout gets in at once.
    expect((await blob.getProperties()).leaseState).not.toBe('leased');
  });

  it('pause-before-promote stops with no traffic moved; deploy is refused; status reads only; promote in another process finishes', async () => {
    const paused = await run(
      ...green(),
      '--mirror-percent',
      '20',
      '--keep-old',
      'true',
      '--pause-before-promote',
      'true',
    );
    expect(paused.code, paused.log).toBe(0);
    expect(paused.log).toContain('paused after mirror');
    expect(paused.log).toMatch(/### Deploy pid-symbols: paused/);
    expect(paused.outputs).toMatchObject({ endpoint: EP, deployment: 'blue', changed: 'true' });
    expect(JSON.parse(paused.outputs.traffic as string)).toEqual({ blue: 100 });
    expect((await endpoint()).properties.traffic).toEqual({ blue: 100 });
    expect(await mirror()).toEqual({});
    expect(await deployments()).toEqual(['blue', 'green']);
    expect(await journal()).toMatchObject({ stage: 'paused', paused: 'mirror', newDeployment: 'green' });
    expect((await (await lockBlob()).getProperties()).leaseState).not.toBe('leased');

    // A new rollout is refused, with nothing changed.
    await admin(h, 'DELETE', '/v1/arm-requests');
    const refused = await run(...green());
    expect(refused.code).not.toBe(0);
    expect(refused.log).toContain('RolloutPaused');
    expect(await mutating()).toEqual([]);

    // status prints the journal and the traffic, and changes nothing.
    const status = await run('--action', 'status', '--endpoint', EP);
    expect(status.code, status.log).toBe(0);
    expect(status.log).toContain("rollout of 'green' (from 'blue')");
    expect(status.log).toContain('paused after mirror');
    expect(status.log).toContain("endpoint 'pid-symbols': traffic blue 100%");
    expect(status.outputs).toMatchObject({ deployment: 'blue', changed: 'false' });
    expect(await mutating()).toEqual([]);
    expect((await endpoint()).properties.traffic).toEqual({ blue: 100 });

    // The approval: promote, from another process, with no YAML and the probes from the golden
    // set; keep-old is the rollout's, as journalled, not this run's default.
    const promoted = await cli(
      argv(
        ['--action', 'promote', '--endpoint', EP, '--gate-golden', GOLDEN],
        ['--endpoint-file', '--smoke-request'],
      ),
    );
    expect(promoted.code, promoted.log).toBe(0);
    expect(promoted.log).toContain('promoting the rollout');
    const steps = promoted.log.split('\n').filter((l) => l.startsWith('traffic '));
    expect(steps).toEqual([
      'traffic 10%: blue 90%, green 10%',
      'traffic 50%: blue 50%, green 50%',
      'traffic 100%: green 100%',
      'traffic final: green 100%',
    ]);
    expect(promoted.outputs).toMatchObject({
      deployment: 'green',
      'previous-deployment': 'blue',
      changed: 'true',
    });
    expect(JSON.parse(promoted.outputs.traffic as string)).toEqual({ blue: 0, green: 100 });
    expect((await endpoint()).properties.traffic).toEqual({ blue: 0, green: 100 });
    expect(promoted.log).toContain("'green' serves 100%; 'blue' kept at 0%");
    expect(await deployments()).toEqual(['blue', 'green']);
    expect((await journal())?.stage).toBe('done');
    // The next scenario starts from green alone.
    await setTraffic(h, WS, EP, { green: 100 });
    await h.client.onlineDeployments.beginDeleteAndWait(h.rg, WS, EP, 'blue', POLL);
  });

  it('reject in another process restores the traffic exactly and removes the new deployment', async () => {
    const paused = await run(...blue(), '--pause-before-promote', 'true');
    expect(paused.code, paused.log).toBe(0);
    expect(await journal()).toMatchObject({ stage: 'paused', paused: 'gate', newDeployment: 'blue' });
    expect(await deployments()).toEqual(['blue', 'green']);

    const rejected = await cli(argv(['--action', 'reject', '--endpoint', EP], ['--endpoint-file']));
    expect(rejected.code, rejected.log).toBe(0);
    expect(rejected.log).toContain('rejecting the rollout');
    expect(rejected.outputs).toMatchObject({ deployment: 'green', changed: 'true' });
    expect(rejected.outputs['previous-deployment']).toBeUndefined();
    expect(JSON.parse(rejected.outputs.traffic as string)).toEqual({ green: 100 });
    expect((await endpoint()).properties.traffic).toEqual({ green: 100 });
    expect(await mirror()).toEqual({});
    expect(await deployments()).toEqual(['green']);
    expect((await journal())?.stage).toBe('rolled-back');

    // Nothing is paused any more: promote is refused, with nothing changed.
    await admin(h, 'DELETE', '/v1/arm-requests');
    const again = await run('--action', 'promote', '--endpoint', EP);
    expect(again.code).not.toBe(0);
    expect(again.log).toContain('NothingToPromote');
    expect(await mutating()).toEqual([]);
  });

  it('no key, token or SAS in stdout, stderr, outputs or reports, with debug on: a rollout, and failed ones', async () => {
    const keys = await h.client.onlineEndpoints.listKeys(h.rg, WS, EP);
    const plane = JSON.parse(readFileSync(path.join(h.stateDir, 'plane.json'), 'utf8')) as { token: string };
    const store = await h.client.datastores.get(h.rg, WS, 'workspaceblobstore');
    const props = store.properties as AzureBlobDatastore;
    const key = ((await h.client.datastores.listSecrets(h.rg, WS, 'workspaceblobstore')) as { key: string })
      .key;
    // The failed rollouts reach the lock through a SAS, as a datastore with SAS credentials gives it.
    const sas = generateAccountSASQueryParameters(
      {
        expiresOn: new Date(Date.now() + 3_600_000),
        permissions: AccountSASPermissions.parse('rwdlac'),
        resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
        services: AccountSASServices.parse('b').toString(),
      },
      new StorageSharedKeyCredential(props.accountName as string, key),
    ).toString();
    const signature = new URLSearchParams(sas).get('sig') as string;
    const secrets = [keys.primaryKey, keys.secondaryKey, plane.token, key, sas, signature].filter(
      (s): s is string => !!s,
    );
    expect(secrets).toHaveLength(6);
    const leaks = (text: string) =>
      secrets.filter(
        (s) =>
          text.includes(s) ||
          text.includes(Buffer.from(s).toString('base64')) ||
          text.includes(encodeURIComponent(s)),
      );
    const files = (folder: string): string[] =>
      readdirSync(folder, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name));
    const artifacts = path.join(dir, 'artifacts');
    const env = { AML_ROLLOUT_DEBUG: '1', AML_ROLLOUT_ARTIFACTS_DIR: artifacts };
    const reportDir = path.join(dir, 'gate-report');

    const ok = await cli(argv([...blue(), '--mirror-percent', '20']), env);
    expect(ok.code, ok.log).toBe(0);

    await h.client.datastores.createOrUpdate(h.rg, WS, 'workspaceblobstore', {
      properties: {
        ...props,
        credentials: { credentialsType: 'Sas', secrets: { secretsType: 'Sas', sasToken: `?${sas}` } },
      } as AzureBlobDatastore,
    });
    // The fake scorer's boxes are not the golden truth: the gate fails and the rollout rolls back.
    const gateFailed = await cli(
      argv([
        ...green(),
        '--gate-golden',
        GOLDEN,
        '--gate-model',
        model('v2'),
        '--gate-card',
        card('v2'),
        '--gate-report-dir',
        reportDir,
      ]),
      env,
    );
    expect(gateFailed.code).toBe(1);
    expect(gateFailed.log).toContain('rolling back from gate');
    // An error that is not ours (the SDK's RestError): debug prints its stack.
    await admin(h, 'POST', '/v1/faults', {
      kind: 'arm-error',
      operation: 'OnlineDeployments_CreateOrUpdate',
      status: 400,
      count: 1,
    });
    const armFailed = await cli(argv(green()), env);
    expect(armFailed.code).toBe(1);
    expect(armFailed.log).toContain('rolling back from deploying');
    expect(armFailed.log).toMatch(/^debug: .*Error/m);
    expect((await endpoint()).properties.traffic).toEqual({ blue: 100 });
    expect(await deployments()).toEqual(['blue']);

    const written = [...files(reportDir), ...files(artifacts)];
    expect(written.map((f) => path.basename(f))).toContain('gate.json');
    const seen: [string, string][] = [
      ...Object.entries({ ok, gateFailed, armFailed }).flatMap(([name, r]): [string, string][] => [
        [`${name} stdout`, r.stdout],
        [`${name} stderr`, r.log],
      ]),
      ...written.map((f): [string, string] => [f, readFileSync(f).toString('latin1')]),
    ];
    for (const [name, text] of seen) expect(leaks(text), name).toEqual([]);
  });
});
