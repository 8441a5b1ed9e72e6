// deploy under faults on the local plane, each ending with the traffic AND the mirror traffic
// exactly as found, the new deployment removed, and a reason that says what went wrong: a
// deployment that never gets healthy, latency rising once it takes traffic, ARM answering 5xx on a
// traffic update (and on the restore too), a 429 storm (retried, the rollout succeeds), and a CI
// job cancelled mid-bake (a CLI child process sent SIGTERM). The endpoint starts with a mirror on
// a third deployment so every restore shows the mirror put back too.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  createDeployment,
  type Harness,
  registerModel,
  setMirror,
  startHarness,
} from '../local/testing/harness.js';
import { datastoreBlobServiceUrl } from '../shared/azure/local-plane.js';
import { readEndpoint } from '../shared/azure/online.js';
import { stepCommand } from '../shared/cli/step-command.js';
import { decodeJournal } from '../shared/rollout/journal.js';
import { acquireEndpointLock } from '../shared/rollout/lock.js';
import { deploy } from '../shared/steps/catalog/deploy.js';
import { REPO } from './support/gate.js';

const WS = 'dev';
const EP = 'pid-symbols';
const FIXTURES = path.join(REPO, 'fixtures', 'deploy');

interface DeployRun {
  code: number;
  outputs: Record<string, string>;
  log: string;
}

interface ArmRequest {
  method: string;
  operationId: string;
  status: number;
  at: string;
}

/** What every failed rollout must leave: the traffic and mirror found, and the same deployments. */
interface EndpointPicture {
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
  deployments: string[];
}

describe('deploy under faults on the local plane', () => {
  let h: Harness;
  let dir: string;
  let found: EndpointPicture;

  const defaults = (): Record<string, string> => ({
    '--local': h.stateDir,
    '--workspace': WS,
    '--endpoint-file': path.join(FIXTURES, 'endpoint.yml'),
    '--deployment-file': path.join(FIXTURES, 'deployment-green.yml'),
    '--smoke-request': path.join(dir, 'request.json'),
    '--bake-seconds': '0.3',
    '--mirror-seconds': '0.3',
    '--probe-interval-ms': '50',
    '--min-requests': '2',
    '--lock-timeout': '0',
  });
  const argv = (extra: string[]) => [
    ...Object.entries(defaults())
      .filter(([flag]) => !extra.includes(flag))
      .flat(),
    ...extra,
  ];

  /** Runs the deploy step as the CLI does; `extra` flags replace the defaults of the same name. */
  const run = async (...extra: string[]): Promise<DeployRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await stepCommand(deploy).run(argv(extra), {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
    });
    const stdout = out.join('\n');
    return {
      code,
      outputs: stdout ? (JSON.parse(stdout) as Record<string, string>) : {},
      log: err.join('\n'),
    };
  };

  const picture = async (): Promise<EndpointPicture> => {
    const live = await readEndpoint({ client: h.client, resourceGroup: h.rg, workspace: WS }, EP);
    if (!live) throw new Error(`endpoint ${EP} is missing`);
    return {
      traffic: live.traffic,
      mirrorTraffic: live.mirrorTraffic,
      deployments: live.deployments.map((d) => d.name).sort(),
    };
  };
  const journalStage = async () =>
    decodeJournal((await h.client.onlineEndpoints.get(h.rg, WS, EP)).tags).record?.stage;
  const armRequests = async (operationId: string) =>
    ((await admin(h, 'GET', '/v1/arm-requests')) as { value: ArmRequest[] }).value.filter(
      (r) => r.operationId === operationId,
    );
  const clearFaults = async () => {
    const faults = (await admin(h, 'GET', '/v1/faults')) as { value?: { id: string }[] } | { id: string }[];
    for (const f of Array.isArray(faults) ? faults : (faults.value ?? []))
      await admin(h, 'DELETE', `/v1/faults/${f.id}`);
  };

  /** Calls `act` once, the moment the live traffic gives the new deployment `percent`; stop() ends the watch. */
  const whenTraffic = (percent: number, act: () => Promise<void>) => {
    let done = false;
    const watching = (async () => {
      for (let i = 0; i < 3000 && !done; i++) {
        const t = (await h.client.onlineEndpoints.get(h.rg, WS, EP)).properties.traffic ?? {};
        if (t.green === percent) {
          await act();
          done = true;
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    return {
      get fired() {
        return done;
      },
      async stop() {
        const fired = done;
        done = true;
        await watching;
        return fired;
      },
    };
  };

  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(path.join(os.tmpdir(), 'deploy-faults-'));
    writeFileSync(path.join(dir, 'request.json'), JSON.stringify({ input_data: { data: ['x'] } }));
    for (const v of ['1', '2']) {
      await registerModel(h, WS, 'pid-symbols', v, {
        'model.onnx': `fake model v${v}`,
        'model-card.yaml': 'schema: aml-rollout/model-card@1\n',
      });
    }
    // blue serves 100%, and 10% of it is mirrored to a third deployment, 'shadow'.
    const first = await run('--deployment-file', path.join(FIXTURES, 'deployment-blue.yml'));
    expect(first.code, first.log).toBe(0);
    await createDeployment(h, WS, EP, 'shadow', 'azureml:pid-symbols:1');
    const set = await setMirror(h, WS, EP, { blue: 100, shadow: 0 }, { shadow: 10 });
    expect(set.status, JSON.stringify(set.body)).toBeLessThan(300);
    for (
      let i = 0;
      i < 500 &&
      (await h.client.onlineEndpoints.get(h.rg, WS, EP)).properties.provisioningState !== 'Succeeded';
      i++
    )
      await new Promise((r) => setTimeout(r, 10));
    found = await picture();
    expect(found).toEqual({
      traffic: { blue: 100, shadow: 0 },
      mirrorTraffic: { shadow: 10 },
      deployments: ['blue', 'shadow'],
    });
  });
  afterAll(async () => h?.stop());

  it('never healthy: provisioning outlasts provision-timeout -> timeout reason, restored, deployment removed', async () => {
    // The plane is still provisioning 'slow' when the step gives up: the delete must still work.
    await admin(h, 'DELETE', '/v1/arm-requests');
    await admin(h, 'POST', '/v1/faults', {
      kind: 'provisioning',
      mode: 'slow',
      endpoint: EP,
      deployment: 'slow',
      delayMs: 5000,
      count: 1,
    });
    const r = await run('--deployment-name', 'slow', '--provision-timeout', '1');
    expect(r.code).not.toBe(0);
    expect(r.log).toContain('DeploymentProvisioningFailed');
    expect(r.log).toContain("deployment 'slow' did not reach Succeeded within 1 s");
    expect(r.log).toContain('rolling back from deploying');
    expect(r.log).toContain('rolled back: traffic restored: blue 100%; mirror shadow 10%');
    expect((await armRequests('OnlineDeployments_Delete')).map((x) => x.status)).toEqual([202]);
    expect(await picture()).toEqual(found);
    expect(await journalStage()).toBe('rolled-back');
  });

  it('latency rising once the new deployment takes 10% -> HealthCheckFailed naming p95, restored', async () => {
    const watch = whenTraffic(10, async () => {
      await admin(h, 'POST', '/v1/faults', {
        kind: 'deployment',
        mode: 'slow',
        delayMs: 600,
        endpoint: EP,
        deployment: 'green',
      });
    });
    try {
      const r = await run('--bake-seconds', '1.5', '--max-p95-ms', '300');
      expect(await watch.stop(), 'the fault was injected at 10%').toBe(true);
      expect(r.code).not.toBe(0);
      expect(r.log).toContain('HealthCheckFailed');
      expect(r.log).toMatch(/rolling back from traffic:10: .*p95 .* is above max-p95-ms 300/);
      expect(await picture()).toEqual(found);
      expect(await journalStage()).toBe('rolled-back');
    } finally {
      await watch.stop();
      await clearFaults();
    }
  });

  it('ARM answers 500 on the 50% traffic update past the SDK retries -> restored once the fault is spent', async () => {
    await admin(h, 'DELETE', '/v1/arm-requests');
    // 4 for the step's PUT (the first try and the SDK's 3 retries), 1 more for the restore's first
    // try: the restore goes through on its first retry.
    const watch = whenTraffic(10, async () => {
      await admin(h, 'POST', '/v1/faults', {
        kind: 'arm-error',
        operation: 'OnlineEndpoints_CreateOrUpdate',
        status: 500,
        count: 5,
      });
    });
    try {
      const r = await run('--bake-seconds', '1');
      expect(await watch.stop(), 'the fault was injected at 10%').toBe(true);
      expect(r.code).not.toBe(0);
      expect(r.log).toMatch(
        /rolling back from traffic:50: .*Injected fault on OnlineEndpoints_CreateOrUpdate/,
      );
      expect(r.log).not.toContain('RollbackFailed');
      const puts = (await armRequests('OnlineEndpoints_CreateOrUpdate')).map((x) => x.status);
      // 10%: 200; 50%: 4 x 500; restore: 500 then 200.
      expect(puts).toEqual([200, 500, 500, 500, 500, 500, 200]);
      expect(await picture()).toEqual(found);
      expect(await journalStage()).toBe('rolled-back');
    } finally {
      await watch.stop();
      await clearFaults();
    }
  });

  it('a restore that ARM refuses too says RollbackFailed, keeps the journal at rolling-back, and a re-run finishes it', async () => {
    await admin(h, 'DELETE', '/v1/arm-requests');
    // 503 with Retry-After 0: the SDK retries at once. 8 = the step's 4 tries + the restore's 4.
    const watch = whenTraffic(10, async () => {
      await admin(h, 'POST', '/v1/faults', {
        kind: 'arm-error',
        operation: 'OnlineEndpoints_CreateOrUpdate',
        status: 503,
        retryAfterSeconds: 0,
        count: 8,
      });
    });
    try {
      const r = await run('--bake-seconds', '1');
      expect(await watch.stop(), 'the fault was injected at 10%').toBe(true);
      expect(r.code).not.toBe(0);
      expect(r.log).toContain('RollbackFailed');
      expect(r.log).toContain('re-run the step');
      const puts = (await armRequests('OnlineEndpoints_CreateOrUpdate')).map((x) => x.status);
      expect(puts).toEqual([200, ...Array<number>(8).fill(503)]);
      expect(await journalStage()).toBe('rolling-back');
      expect((await picture()).traffic).toEqual({ blue: 90, green: 10, shadow: 0 });

      const again = await run('--action', 'reject');
      expect(again.code, again.log).toBe(0);
      expect(again.log).toContain('finishing the interrupted rollback');
      expect(await picture()).toEqual(found);
      expect(await journalStage()).toBe('rolled-back');
    } finally {
      await watch.stop();
      await clearFaults();
    }
  });

  it('a CLI job cancelled (SIGTERM) mid-bake exits non-zero, says so, restores, removes green and frees the lock', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(REPO, 'entries', 'cli.ts'),
        'deploy',
        ...argv(['--bake-seconds', '120', '--probe-interval-ms', '200']),
      ],
      { cwd: REPO },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    const baking = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no traffic step within 90 s:\n${stderr}`)), 90_000);
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('traffic 10%')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`exited before the traffic step:\n${stderr}`)));
    });
    try {
      await baking;
      child.kill('SIGTERM');
      const end = await Promise.race([
        exited,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 30_000)),
      ]);
      expect(end, `still running 30 s after SIGTERM:\n${stderr}`).toBeDefined();
      expect(end?.signal, `killed by ${end?.signal} instead of rolling back:\n${stderr}`).toBeNull();
      expect(end?.code).not.toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toContain(
        'rolling back from traffic:10: RolloutCancelled: the rollout was cancelled at traffic:10 (the job was cancelled)',
      );
      expect(stderr).toContain('rolled back: traffic restored: blue 100%; mirror shadow 10%');
      expect(stderr).toMatch(/^error: RolloutCancelled: /m);
      expect(await picture()).toEqual(found);
      expect(await journalStage()).toBe('rolled-back');
      // The lease is free: another rollout takes it at once.
      const lock = await acquireEndpointLock(
        await lockContainer(),
        WS,
        EP,
        { runId: 'next' },
        { timeoutMs: 0 },
      );
      await lock.release();
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('a 429 storm on endpoint and deployment updates is retried after Retry-After, and the rollout succeeds', async () => {
    await admin(h, 'DELETE', '/v1/arm-requests');
    for (const operation of ['OnlineEndpoints_CreateOrUpdate', 'OnlineDeployments_CreateOrUpdate']) {
      await admin(h, 'POST', '/v1/faults', {
        kind: 'arm-error',
        operation,
        status: 429,
        retryAfterSeconds: 1,
        count: 3,
      });
    }
    try {
      // With a mirror stage, the first endpoint PUT is the raw 2023-04-01 one: it is retried too.
      const r = await run('--mirror-percent', '20');
      expect(r.code, r.log).toBe(0);
      expect(r.outputs).toMatchObject({
        deployment: 'green',
        'previous-deployment': 'blue',
        changed: 'true',
      });
      expect(r.log).toContain('traffic mirror: blue 100%; mirror green 20%');
      expect(r.log).toContain('traffic mirror cleared: blue 100%; mirror shadow 10%');
      for (const operation of ['OnlineEndpoints_CreateOrUpdate', 'OnlineDeployments_CreateOrUpdate']) {
        const reqs = await armRequests(operation);
        expect(
          reqs.slice(0, 4).map((x) => x.status),
          operation,
        ).toEqual([429, 429, 429, expect.any(Number)]);
        expect(reqs[3]?.status).toBeLessThan(300);
        // Each retry waited for the Retry-After the 429 gave (1 s), give or take clock rounding.
        for (let i = 1; i < 4; i++) {
          const gap = Date.parse((reqs[i] as ArmRequest).at) - Date.parse((reqs[i - 1] as ArmRequest).at);
          expect(gap, `${operation} retry ${i}`).toBeGreaterThanOrEqual(950);
        }
      }
      expect(((await admin(h, 'GET', '/v1/faults')) as { value: unknown[] }).value).toEqual([]);
      const end = await picture();
      expect(end).toEqual({
        traffic: { green: 100, shadow: 0 },
        mirrorTraffic: { shadow: 10 },
        deployments: ['green', 'shadow'],
      });
    } finally {
      await clearFaults();
    }
  });

  /** The container of the workspace's default datastore, where the rollout lock lives. */
  async function lockContainer() {
    const ds = await h.client.datastores.get(h.rg, WS, 'workspaceblobstore');
    const secrets = (await h.client.datastores.listSecrets(h.rg, WS, 'workspaceblobstore')) as {
      key?: string;
    };
    const props = ds.properties as {
      accountName: string;
      containerName: string;
      endpoint?: string;
      protocol?: string;
    };
    const service = new BlobServiceClient(
      datastoreBlobServiceUrl(props),
      new StorageSharedKeyCredential(props.accountName, secrets.key as string),
    );
    return service.getContainerClient(props.containerName);
  }
});
