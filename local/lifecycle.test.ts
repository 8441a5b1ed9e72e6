// Must-show 6: state survives a restart (resources, keys, a deployment serving again). The CLI
// that runs the plane detached (`aml-rollout local up|down`) is tested in test/local-cli.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import {
  createDeployment,
  createEndpoint,
  FAKE_MODEL,
  type Harness,
  registerModel,
  setTraffic,
  startHarness,
} from './testing/harness.js';

async function waitFor<T>(f: () => Promise<T>, ok: (t: T) => boolean, tries = 200): Promise<T> {
  let last = await f();
  for (let i = 0; i < tries && !ok(last); i++) {
    await new Promise((r) => setTimeout(r, 50));
    last = await f();
  }
  return last;
}

describe('restart', () => {
  let h: Harness | undefined;
  afterAll(async () => {
    await h?.stop();
  });

  it('keeps every resource and key, and the deployment serves again', async () => {
    h = await startHarness();
    const model = await registerModel(h, 'prod', 'keep', '1', FAKE_MODEL);
    const ep = await createEndpoint(h, 'prod', 'ep-keep');
    await createDeployment(h, 'prod', 'ep-keep', 'blue', model);
    await setTraffic(h, 'prod', 'ep-keep', { blue: 100 });
    const keys = await h.client.onlineEndpoints.listKeys(h.rg, 'prod', 'ep-keep');
    const before = { arm: h.conn.armEndpoint, token: h.conn.token, sub: h.conn.subscriptionId };

    await h.restart();

    expect(h.conn.armEndpoint).toBe(before.arm);
    expect(h.conn.token).toBe(before.token);
    expect(h.conn.subscriptionId).toBe(before.sub);
    const again = await h.client.onlineEndpoints.listKeys(h.rg, 'prod', 'ep-keep');
    expect(again).toEqual(keys);
    await expect(h.client.modelVersions.get(h.rg, 'prod', 'keep', '1')).resolves.toMatchObject({ name: '1' });
    const e = await h.client.onlineEndpoints.get(h.rg, 'prod', 'ep-keep');
    expect(e.properties.traffic).toEqual({ blue: 100 });
    expect(e.properties.scoringUri).toBe(ep.properties.scoringUri);
    const client = h.client;
    const rg = h.rg;
    const d = await waitFor(
      () => client.onlineDeployments.get(rg, 'prod', 'ep-keep', 'blue'),
      (x) => x.properties.provisioningState === 'Succeeded',
    );
    expect(d.properties.provisioningState).toBe('Succeeded');
    const res = await fetch(e.properties.scoringUri as string, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.primaryKey}` },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('azureml-model-deployment')).toBe('blue');
  });
});
