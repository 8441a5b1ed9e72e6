// Zero downtime, measured: a load generator sends steady requests to the endpoint's scoring URI
// (routed by traffic, as clients call it) through a whole blue-green rollout and through a
// rollback. Every request must succeed, apart from those answered by the deployment a fault was
// injected into. The counts are printed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, type Harness, registerModel, startHarness } from '../local/testing/harness.js';
import { stepCommand } from '../shared/cli/step-command.js';
import { deploy } from '../shared/steps/catalog/deploy.js';
import { REPO } from './support/gate.js';

const WS = 'dev';
const EP = 'pid-symbols';
const FIXTURES = path.join(REPO, 'fixtures', 'deploy');

interface LoadCounts {
  sent: number;
  ok: number;
  /** Failed requests by the deployment that answered ('' when none said). */
  failedBy: Record<string, number>;
}

/** Steady load: `concurrency` loops, each one request after another with a short pause. */
function startLoad(uri: string, key: string, concurrency = 2, pauseMs = 15) {
  const counts: LoadCounts = { sent: 0, ok: 0, failedBy: {} };
  let running = true;
  const body = JSON.stringify({ input_data: { data: ['x'] } });
  const loop = async () => {
    // Bounded: stops when told, and in any case after 10 000 requests per loop.
    for (let i = 0; running && i < 10_000; i++) {
      counts.sent++;
      try {
        const res = await fetch(uri, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        if (res.ok) counts.ok++;
        else {
          const by = res.headers.get('azureml-model-deployment') ?? '';
          counts.failedBy[by] = (counts.failedBy[by] ?? 0) + 1;
        }
      } catch {
        counts.failedBy[''] = (counts.failedBy[''] ?? 0) + 1;
      }
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    counts,
    async stop(): Promise<LoadCounts> {
      running = false;
      await Promise.all(loops);
      return counts;
    },
  };
}

describe('deploy: zero downtime under steady load', () => {
  let h: Harness;
  let dir: string;

  const run = async (...extra: string[]) => {
    const err: string[] = [];
    const code = await stepCommand(deploy).run(
      [
        '--local',
        h.stateDir,
        '--workspace',
        WS,
        '--endpoint-file',
        path.join(FIXTURES, 'endpoint.yml'),
        '--smoke-request',
        path.join(dir, 'request.json'),
        '--bake-seconds',
        '0.5',
        '--probe-interval-ms',
        '50',
        '--min-requests',
        '2',
        ...extra,
      ],
      { stdout: () => undefined, stderr: (t) => err.push(t) },
    );
    return { code, log: err.join('\n') };
  };
  const yaml = (colour: string) => ['--deployment-file', path.join(FIXTURES, `deployment-${colour}.yml`)];

  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(path.join(os.tmpdir(), 'deploy-load-'));
    writeFileSync(path.join(dir, 'request.json'), JSON.stringify({ input_data: { data: ['x'] } }));
    for (const v of ['1', '2']) {
      await registerModel(h, WS, 'pid-symbols', v, {
        'model.onnx': `fake v${v}`,
        'model-card.yaml': 'x: 1\n',
      });
    }
    const first = await run(...yaml('blue'));
    expect(first.code, first.log).toBe(0);
  });
  afterAll(async () => h?.stop());

  const target = async () => {
    const e = await h.client.onlineEndpoints.get(h.rg, WS, EP);
    const keys = await h.client.onlineEndpoints.listKeys(h.rg, WS, EP);
    return { uri: e.properties.scoringUri as string, key: keys.primaryKey as string };
  };

  it('a whole rollout, blue -> green, drops no request', async () => {
    const { uri, key } = await target();
    const load = startLoad(uri, key);
    const r = await run(...yaml('green'), '--mirror-percent', '20', '--mirror-seconds', '0.5');
    const counts = await load.stop();
    console.log(
      `rollout under load: ${counts.sent} requests, ${counts.ok} ok, failed ${JSON.stringify(counts.failedBy)}`,
    );
    expect(r.code, r.log).toBe(0);
    expect(counts.sent).toBeGreaterThan(20);
    expect(counts.failedBy).toEqual({});
    expect(counts.ok).toBe(counts.sent);
  });

  it('a rollback drops no request apart from those the faulty deployment answered', async () => {
    const { uri, key } = await target();
    // The new deployment (blue) fails from the moment it takes 10%: only what it answers may fail.
    let injected = false;
    const watcher = (async () => {
      for (let i = 0; i < 3000 && !injected; i++) {
        const t = (await h.client.onlineEndpoints.get(h.rg, WS, EP)).properties.traffic ?? {};
        if ((t.blue ?? 0) > 0) {
          await admin(h, 'POST', '/v1/faults', {
            kind: 'deployment',
            mode: 'error',
            status: 500,
            endpoint: EP,
            deployment: 'blue',
            count: 100_000,
          });
          injected = true;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const load = startLoad(uri, key);
    const r = await run(...yaml('blue'));
    const counts = await load.stop();
    injected = true;
    await watcher;
    console.log(
      `rollback under load: ${counts.sent} requests, ${counts.ok} ok, failed ${JSON.stringify(counts.failedBy)}`,
    );
    expect(r.code).not.toBe(0);
    expect(r.log).toContain('rolling back from traffic:10');
    const { blue = 0, ...others } = counts.failedBy;
    expect(others).toEqual({});
    expect(counts.ok + blue).toBe(counts.sent);
    expect((await h.client.onlineEndpoints.get(h.rg, WS, EP)).properties.traffic).toEqual({ green: 100 });
  });
});
