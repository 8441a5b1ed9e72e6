// Must-show 7: each injected fault as the SDK (or a scoring client) sees it, the way Azure shows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPlaneClient } from '../shared/azure/local-plane.js';
import {
  admin,
  createDeployment,
  createEndpoint,
  FAKE_MODEL,
  type Harness,
  POLL,
  registerModel,
  rejection,
  setTraffic,
  startHarness,
} from './testing/harness.js';

describe('faults', () => {
  let h: Harness;
  let model: string;
  let uri: string;
  let key: string;
  const score = (headers: Record<string, string> = {}) =>
    fetch(uri, { method: 'POST', headers: { authorization: `Bearer ${key}`, ...headers }, body: '{}' });

  beforeAll(async () => {
    h = await startHarness();
    model = await registerModel(h, 'dev', 'faulty', '1', FAKE_MODEL);
    const ep = await createEndpoint(h, 'dev', 'ep-faults');
    uri = ep.properties.scoringUri as string;
    await createDeployment(h, 'dev', 'ep-faults', 'blue', model);
    await setTraffic(h, 'dev', 'ep-faults', { blue: 100 });
    key = (await h.client.onlineEndpoints.listKeys(h.rg, 'dev', 'ep-faults')).primaryKey as string;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('429 with Retry-After on a chosen operation reaches the SDK as RestError 429 with the header', async () => {
    await admin(h, 'POST', '/v1/faults', {
      kind: 'arm-error',
      operation: 'OnlineEndpoints_Get',
      status: 429,
      retryAfterSeconds: 7,
      count: 1,
    });
    const noRetry = localPlaneClient(h.conn, { retryOptions: { maxRetries: 0 } });
    const e = await rejection(noRetry.onlineEndpoints.get(h.rg, 'dev', 'ep-faults'));
    expect(e.statusCode).toBe(429);
    expect(e.code).toBe('TooManyRequests');
    expect(e.response?.headers.get('retry-after')).toBe('7');
    // The fault was used up: the next call succeeds.
    await expect(noRetry.onlineEndpoints.get(h.rg, 'dev', 'ep-faults')).resolves.toMatchObject({
      name: 'ep-faults',
    });
  });

  it('a transient 503 is retried by the SDK and the call succeeds', async () => {
    await admin(h, 'POST', '/v1/faults', {
      kind: 'arm-error',
      operation: 'OnlineDeployments_Get',
      status: 503,
      retryAfterSeconds: 1,
      count: 1,
    });
    await expect(h.client.onlineDeployments.get(h.rg, 'dev', 'ep-faults', 'blue')).resolves.toMatchObject({
      name: 'blue',
    });
    expect(((await admin(h, 'GET', '/v1/faults')) as { value: unknown[] }).value).toHaveLength(0);
  });

  it('a dropped ARM connection surfaces as a network error', async () => {
    await admin(h, 'POST', '/v1/faults', { kind: 'arm-drop', operation: 'Workspaces_Get', count: 1 });
    const noRetry = localPlaneClient(h.conn, { retryOptions: { maxRetries: 0 } });
    const e = await rejection(noRetry.workspaces.get(h.rg, 'dev'));
    expect(e.statusCode).toBeUndefined();
    expect(e.code).toMatch(/ECONNRESET|REQUEST_SEND_ERROR/);
  });

  it('Failed provisioning: the poller fails with the code, the resource shows Failed, the logs say why', async () => {
    await admin(h, 'POST', '/v1/faults', {
      kind: 'provisioning',
      mode: 'fail',
      deployment: 'doomed',
      code: 'OutOfQuota',
      message: 'Not enough quota for Standard_DS3_v2 in this region.',
      count: 1,
    });
    const e = await rejection(createDeployment(h, 'dev', 'ep-faults', 'doomed', model));
    expect(e.message).toBe(
      'The long-running operation has failed. OutOfQuota. Not enough quota for Standard_DS3_v2 in this region.',
    );
    const d = await h.client.onlineDeployments.get(h.rg, 'dev', 'ep-faults', 'doomed');
    expect(d.properties.provisioningState).toBe('Failed');
    const logs = await h.client.onlineDeployments.getLogs(h.rg, 'dev', 'ep-faults', 'doomed', {});
    expect(logs.content).toContain('Not enough quota');
  });

  it('slow provisioning: the resource stays Creating while the poller waits, then Succeeded', async () => {
    await admin(h, 'POST', '/v1/faults', {
      kind: 'provisioning',
      mode: 'slow',
      deployment: 'sluggish',
      delayMs: 1500,
      count: 1,
    });
    const poller = await h.client.onlineDeployments.beginCreateOrUpdate(
      h.rg,
      'dev',
      'ep-faults',
      'sluggish',
      {
        location: 'local',
        properties: { endpointComputeType: 'Managed', model, instanceType: 'Standard_DS3_v2' },
      },
      POLL,
    );
    const during = await h.client.onlineDeployments.get(h.rg, 'dev', 'ep-faults', 'sluggish');
    expect(during.properties.provisioningState).toBe('Creating');
    expect(poller.isDone()).toBe(false);
    const done = await poller.pollUntilDone();
    expect(done.properties.provisioningState).toBe('Succeeded');
  });

  it('a crashing deployment answers 502, logs the crash, and is restarted', async () => {
    await admin(h, 'POST', '/v1/faults', {
      kind: 'deployment',
      mode: 'crash',
      endpoint: 'ep-faults',
      deployment: 'blue',
      count: 1,
    });
    const crashed = await score();
    expect(crashed.status).toBe(502);
    let status = 0;
    for (let i = 0; i < 200 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await score()).status;
    }
    expect(status).toBe(200);
    const logs = await h.client.onlineDeployments.getLogs(h.rg, 'dev', 'ep-faults', 'blue', {});
    expect(logs.content).toContain('Container crashed');
  });

  it('wrong boxes, slow answers, model errors and dropped connections on the scoring URI', async () => {
    const good = (await (await score()).json()) as Array<{ boxes: Array<{ box: Record<string, number> }> }>;
    await admin(h, 'POST', '/v1/faults', {
      kind: 'deployment',
      mode: 'wrong-boxes',
      endpoint: 'ep-faults',
      deployment: 'blue',
      count: 1,
    });
    const wrong = (await (await score()).json()) as typeof good;
    expect(wrong[0]?.boxes[0]?.box).not.toEqual(good[0]?.boxes[0]?.box);

    await admin(h, 'POST', '/v1/faults', {
      kind: 'deployment',
      mode: 'slow',
      endpoint: 'ep-faults',
      deployment: 'blue',
      delayMs: 300,
      count: 1,
    });
    expect((await score()).status).toBe(200);

    await admin(h, 'POST', '/v1/faults', {
      kind: 'deployment',
      mode: 'error',
      endpoint: 'ep-faults',
      deployment: 'blue',
      status: 500,
      count: 1,
    });
    const failed = await score();
    expect(failed.status).toBe(424);
    expect(failed.headers.get('ms-azureml-model-error-statuscode')).toBe('500');

    await admin(h, 'POST', '/v1/faults', {
      kind: 'deployment',
      mode: 'drop',
      endpoint: 'ep-faults',
      deployment: 'blue',
      count: 1,
    });
    await expect(score()).rejects.toThrow();
    const c = (await admin(h, 'GET', '/v1/counters/dev/ep-faults')) as {
      deployments: Record<string, { errors: number }>;
    };
    expect(c.deployments.blue?.errors).toBeGreaterThanOrEqual(3);
  });
});
