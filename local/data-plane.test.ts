// Must-show 4: the scoring URI's auth, weighted routing, header routing and mirroring, counted
// per deployment through the admin API. Uses the fake scorer: routing does not need a model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickByWeight, toFp16 } from './data-plane.js';
import {
  admin,
  createDeployment,
  createEndpoint,
  FAKE_MODEL,
  type Harness,
  registerModel,
  setMirror,
  setTraffic,
  startHarness,
} from './testing/harness.js';

interface Counters {
  deployments: Record<
    string,
    { requests: number; mirrored: number; errors: number; latencyMs: { count: number } }
  >;
}

/** 99.9% two-sided bounds for a binomial count (normal approximation, z = 3.29). */
function binomialBounds(n: number, p: number): [number, number] {
  const sd = Math.sqrt(n * p * (1 - p));
  return [n * p - 3.29 * sd, n * p + 3.29 * sd];
}

async function score(uri: string, key: string | undefined, headers: Record<string, string> = {}) {
  const res = await fetch(uri, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body: '{"input_data":{"columns":["image"],"index":[0],"data":["x"]}}',
  });
  return {
    status: res.status,
    deployment: res.headers.get('azureml-model-deployment'),
    body: res.status === 200 ? ((await res.json()) as Array<{ deployment: string }>) : undefined,
  };
}

async function inBatches(n: number, size: number, f: () => Promise<unknown>): Promise<void> {
  for (let done = 0; done < n; done += size) {
    await Promise.all(Array.from({ length: Math.min(size, n - done) }, f));
  }
}

describe('data plane', () => {
  let h: Harness;
  let uri: string;
  let key: string;
  beforeAll(async () => {
    h = await startHarness();
    const model = await registerModel(h, 'dev', 'dp', '1', FAKE_MODEL);
    const ep = await createEndpoint(h, 'dev', 'ep-dp');
    uri = ep.properties.scoringUri as string;
    await createDeployment(h, 'dev', 'ep-dp', 'blue', model);
    await createDeployment(h, 'dev', 'ep-dp', 'green', model);
    await setTraffic(h, 'dev', 'ep-dp', { blue: 90, green: 10 });
    key = (await h.client.onlineEndpoints.listKeys(h.rg, 'dev', 'ep-dp')).primaryKey as string;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers 401 without a key or with a wrong one, and accepts both keys', async () => {
    expect((await score(uri, undefined)).status).toBe(401);
    expect((await score(uri, 'not-the-key')).status).toBe(401);
    expect((await score(uri, key)).status).toBe(200);
    const secondary = (await h.client.onlineEndpoints.listKeys(h.rg, 'dev', 'ep-dp')).secondaryKey as string;
    expect((await score(uri, secondary)).status).toBe(200);
  });

  it('splits 2,000 requests at blue=90 green=10 within 99.9% binomial bounds', async () => {
    await admin(h, 'DELETE', '/v1/counters/dev/ep-dp');
    const seen = { blue: 0, green: 0 } as Record<string, number>;
    await inBatches(2000, 50, async () => {
      const r = await score(uri, key);
      expect(r.status).toBe(200);
      const d = r.body?.[0]?.deployment as string;
      expect(r.deployment).toBe(d);
      seen[d] = (seen[d] ?? 0) + 1;
    });
    const [lo, hi] = binomialBounds(2000, 0.1);
    expect(seen.green).toBeGreaterThanOrEqual(lo);
    expect(seen.green).toBeLessThanOrEqual(hi);
    expect((seen.blue ?? 0) + (seen.green ?? 0)).toBe(2000);
    const c = (await admin(h, 'GET', '/v1/counters/dev/ep-dp')) as Counters;
    expect(c.deployments.green?.requests).toBe(seen.green);
    expect(c.deployments.blue?.requests).toBe(seen.blue);
    expect(c.deployments.blue?.latencyMs.count).toBe(seen.blue);
  });

  it('routes by the azureml-model-deployment header only to the named deployment, even at 0% traffic', async () => {
    await setTraffic(h, 'dev', 'ep-dp', { blue: 100, green: 0 });
    await admin(h, 'DELETE', '/v1/counters/dev/ep-dp');
    for (let i = 0; i < 30; i++) {
      const r = await score(uri, key, { 'azureml-model-deployment': 'green' });
      expect(r.status).toBe(200);
      expect(r.body?.[0]?.deployment).toBe('green');
    }
    const c = (await admin(h, 'GET', '/v1/counters/dev/ep-dp')) as Counters;
    expect(c.deployments.green?.requests).toBe(30);
    expect(c.deployments.blue).toBeUndefined();
    expect((await score(uri, key, { 'azureml-model-deployment': 'nope' })).status).toBe(404);
  });

  it('mirrors ~20% copies to the mirror target; the client always gets the live answer; pinned requests are not mirrored', async () => {
    const put = await setMirror(h, 'dev', 'ep-dp', { blue: 100, green: 0 }, { green: 20 });
    expect(put.status).toBe(200);
    await admin(h, 'DELETE', '/v1/counters/dev/ep-dp');
    const n = 1000;
    await inBatches(n, 50, async () => {
      const r = await score(uri, key);
      expect(r.status).toBe(200);
      expect(r.deployment).toBe('blue');
      expect(r.body?.[0]?.deployment).toBe('blue');
    });
    for (let i = 0; i < 20; i++) await score(uri, key, { 'azureml-model-deployment': 'blue' });
    // Mirrored copies are fire-and-forget: wait until the counters stop moving.
    let c = (await admin(h, 'GET', '/v1/counters/dev/ep-dp')) as Counters;
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const next = (await admin(h, 'GET', '/v1/counters/dev/ep-dp')) as Counters;
      if (next.deployments.green?.requests === c.deployments.green?.requests) break;
      c = next;
    }
    const mirrored = c.deployments.green?.mirrored ?? 0;
    const [lo, hi] = binomialBounds(n, 0.2);
    expect(mirrored).toBeGreaterThanOrEqual(lo);
    expect(mirrored).toBeLessThanOrEqual(hi);
    expect(c.deployments.green?.requests).toBe(mirrored);
    expect(c.deployments.blue?.requests).toBe(n + 20);
    await setMirror(h, 'dev', 'ep-dp', { blue: 100, green: 0 }, {});
  });

  it('picks by weight and rounds to FP16 as pure functions', () => {
    expect(pickByWeight({ a: 90, b: 10 }, 0.0)).toBe('a');
    expect(pickByWeight({ a: 90, b: 10 }, 0.95)).toBe('b');
    expect(pickByWeight({ a: 0 }, 0.5)).toBeUndefined();
    expect(toFp16(0.87654321)).not.toBe(0.87654321);
    expect(Math.abs(toFp16(0.87654321) - 0.87654321)).toBeLessThan(0.001);
    expect(toFp16(1)).toBe(1);
  });
});
