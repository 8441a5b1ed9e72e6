// The rollout's own overhead: a blue-green rollout by the deploy step (bake 0, no mirror, steps
// 10/50/100) against the minimal sequence of SDK calls that does the same change by hand (create
// the deployment, set traffic three times, delete the old one), alternately on one local plane
// with provisioning delays at zero, in the same run. Printed: wall time and ARM requests of both,
// and their ratios. Then whether polling honours Retry-After: the same first deployment on planes
// whose operations take 3 s, once answering Retry-After: 1 and once without it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { admin, type Harness, registerModel, startHarness } from '../local/testing/harness.js';
import { stepCommand } from '../shared/cli/step-command.js';
import { loadDeploySpec } from '../shared/spec/deploy-spec.js';
import { toOnlineDeployment } from '../shared/spec/mapping.js';
import { deploy } from '../shared/steps/catalog/deploy.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const WS = 'dev';
const EP = 'pid-symbols';
const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'deploy');
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-deploy-'));
const request = path.join(dir, 'request.json');
writeFileSync(request, JSON.stringify({ input_data: { data: ['x'] } }));

interface Counts {
  mutating: number;
  reads: number;
}

async function counts(h: Harness): Promise<Counts> {
  const s = (await admin(h, 'GET', '/v1/arm-requests')) as {
    total: number;
    readOnlyPosts: number;
    reads: number;
  };
  return { mutating: s.total - s.readOnlyPosts, reads: s.reads + s.readOnlyPosts };
}

async function runStep(h: Harness, colour: 'blue' | 'green'): Promise<void> {
  const io = { stdout: () => undefined, stderr: () => undefined } as const;
  const log: string[] = [];
  const code = await stepCommand(deploy).run(
    [
      '--local',
      h.stateDir,
      '--workspace',
      WS,
      '--endpoint-file',
      path.join(FIXTURES, 'endpoint.yml'),
      '--deployment-file',
      path.join(FIXTURES, `deployment-${colour}.yml`),
      '--smoke-request',
      request,
      '--bake-seconds',
      '0',
      '--min-requests',
      '1',
      '--probe-interval-ms',
      '10',
    ],
    { ...io, stderr: (t) => log.push(t) },
  );
  if (code !== 0) throw new Error(`deploy ${colour} failed:\n${log.join('\n').slice(-2000)}`);
}

/** The same rollout by hand: the fewest SDK calls that do it (no checks, no journal, no lock). */
async function runMinimal(h: Harness, colour: 'blue' | 'green', old: string): Promise<void> {
  const { client, rg } = h;
  const spec = await loadDeploySpec({
    endpointFile: path.join(FIXTURES, 'endpoint.yml'),
    deploymentFile: path.join(FIXTURES, `deployment-${colour}.yml`),
  });
  const ws = await client.workspaces.get(rg, WS);
  const body = toOnlineDeployment(spec.deployment, {
    workspaceId: ws.id as string,
    location: ws.location as string,
  });
  const poll = { updateIntervalInMs: 200 };
  await client.onlineDeployments.beginCreateOrUpdateAndWait(
    rg,
    WS,
    EP,
    colour,
    { ...body, location: ws.location as string },
    poll,
  );
  for (const p of [10, 50, 100]) {
    const e = await client.onlineEndpoints.get(rg, WS, EP);
    const traffic = p === 100 ? { [colour]: 100 } : { [old]: 100 - p, [colour]: p };
    await client.onlineEndpoints.beginCreateOrUpdateAndWait(
      rg,
      WS,
      EP,
      { ...e, properties: { ...e.properties, traffic } },
      poll,
    );
  }
  await client.onlineDeployments.beginDeleteAndWait(rg, WS, EP, old, poll);
}

async function measure(h: Harness, fn: () => Promise<void>): Promise<Counts & { ms: number }> {
  await admin(h, 'DELETE', '/v1/arm-requests');
  const started = performance.now();
  await fn();
  const ms = performance.now() - started;
  return { ms, ...(await counts(h)) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function overhead(): Promise<void> {
  const h = await startHarness({
    timings: { deploymentProvisionMs: 0, endpointProvisionMs: 0, deleteMs: 0 },
  });
  try {
    for (const v of ['1', '2'])
      await registerModel(h, WS, 'pid-symbols', v, {
        'model.onnx': `fake v${v}`,
        'model-card.yaml': 'x: 1\n',
      });
    await runStep(h, 'blue'); // first deployment: the endpoint, the environment, blue at 100%
    const ours: (Counts & { ms: number })[] = [];
    const peer: (Counts & { ms: number })[] = [];
    // Each round: the step moves blue -> green, then the minimal sequence moves it back.
    const live: 'blue' | 'green' = 'blue';
    for (let i = 0; i < ROUNDS; i++) {
      const next = live === 'blue' ? 'green' : 'blue';
      ours.push(await measure(h, () => runStep(h, next)));
      peer.push(await measure(h, () => runMinimal(h, live, next)));
    }
    const o = {
      ms: median(ours.map((x) => x.ms)),
      mutating: median(ours.map((x) => x.mutating)),
      reads: median(ours.map((x) => x.reads)),
    };
    const p = {
      ms: median(peer.map((x) => x.ms)),
      mutating: median(peer.map((x) => x.mutating)),
      reads: median(peer.map((x) => x.reads)),
    };
    console.log(`rollout 10/50/100 with bake 0, provisioning 0, median of ${ROUNDS} rounds each`);
    console.log('                      wall ms   mutating ARM   read ARM');
    console.log(
      `deploy step        ${o.ms.toFixed(0).padStart(9)}   ${String(o.mutating).padStart(12)}   ${String(o.reads).padStart(8)}`,
    );
    console.log(
      `minimal sequence   ${p.ms.toFixed(0).padStart(9)}   ${String(p.mutating).padStart(12)}   ${String(p.reads).padStart(8)}`,
    );
    console.log(
      `ratio              ${(o.ms / p.ms).toFixed(2).padStart(8)}x   ${(o.mutating / p.mutating).toFixed(2).padStart(11)}x   ${(o.reads / p.reads).toFixed(2).padStart(7)}x`,
    );
    console.log(
      'the step adds: validation reads (workspace, model, SKU, quota), the journal (one tag PATCH per stage), the lock, smoke and probes, and a traffic read-back after every change',
    );
  } finally {
    await h.stop();
  }
}

async function retryAfter(): Promise<void> {
  const rows: string[] = [];
  for (const seconds of [1, 0]) {
    const h = await startHarness({
      timings: {
        deploymentProvisionMs: 3000,
        endpointProvisionMs: 0,
        deleteMs: 0,
        retryAfterSeconds: seconds,
      },
    });
    try {
      await registerModel(h, WS, 'pid-symbols', '1', { 'model.onnx': 'fake', 'model-card.yaml': 'x: 1\n' });
      const m = await measure(h, () => runStep(h, 'blue'));
      rows.push(
        `Retry-After ${seconds ? `${seconds} s` : 'absent'}: ${m.reads} reads in ${(m.ms / 1000).toFixed(1)} s`,
      );
    } finally {
      await h.stop();
    }
  }
  console.log(
    'first deployment whose provisioning takes 3 s (the step polls every 200 ms on the local plane unless told otherwise):',
  );
  for (const r of rows) console.log(`  ${r}`);
}

await overhead();
await retryAfter();
