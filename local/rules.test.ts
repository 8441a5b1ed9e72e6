// Must-show 3: one test per AML rule, through the real SDK (or a raw PUT where 2022-10-01 has no
// field for it), each asserting the status code and the error code Azure answers with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDeploymentCount, checkTraffic } from './rules.js';
import {
  createDeployment,
  createEndpoint,
  detailCode,
  FAKE_MODEL,
  type Harness,
  POLL,
  registerModel,
  rejection,
  setMirror,
  setTraffic,
  startHarness,
} from './testing/harness.js';

describe('AML rules', () => {
  let h: Harness;
  let model: string;
  beforeAll(async () => {
    h = await startHarness();
    model = await registerModel(h, 'dev', 'rules-model', '1', FAKE_MODEL);
    await createEndpoint(h, 'dev', 'ep-rules');
    await createDeployment(h, 'dev', 'ep-rules', 'blue', model);
    await createDeployment(h, 'dev', 'ep-rules', 'green', model);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('traffic must sum to 0 or 100', async () => {
    const e = await rejection(setTraffic(h, 'dev', 'ep-rules', { blue: 60, green: 30 }));
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe('BadArgument');
    expect(detailCode(e)).toBe('InvalidTrafficSum');
    await expect(setTraffic(h, 'dev', 'ep-rules', { blue: 90, green: 10 })).resolves.toBeTruthy();
    await expect(setTraffic(h, 'dev', 'ep-rules', { blue: 0, green: 0 })).resolves.toBeTruthy();
  });

  it('traffic must name existing deployments', async () => {
    const e = await rejection(setTraffic(h, 'dev', 'ep-rules', { blue: 50, purple: 50 }));
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe('BadArgument');
    expect(detailCode(e)).toBe('TrafficDeploymentNotFound');
  });

  it('mirror traffic goes to one deployment, at most 50%, never one with live traffic', async () => {
    const two = await setMirror(h, 'dev', 'ep-rules', { blue: 100 }, { green: 10, blue: 10 });
    expect(two.status).toBe(400);
    expect((two.body as { error: { code: string } }).error.code).toBe('BadArgument');
    const tooMuch = await setMirror(h, 'dev', 'ep-rules', { blue: 100 }, { green: 60 });
    expect(tooMuch.status).toBe(400);
    expect((tooMuch.body as { error: { details: Array<{ code: string }> } }).error.details[0]?.code).toBe(
      'InvalidMirrorTrafficValue',
    );
    const live = await setMirror(h, 'dev', 'ep-rules', { blue: 50, green: 50 }, { green: 20 });
    expect(live.status).toBe(400);
    expect((live.body as { error: { details: Array<{ code: string }> } }).error.details[0]?.code).toBe(
      'MirrorToLiveDeployment',
    );
    const ok = await setMirror(h, 'dev', 'ep-rules', { blue: 100 }, { green: 50 });
    expect(ok.status).toBe(200);
    await setMirror(h, 'dev', 'ep-rules', { blue: 0, green: 0 }, {});
  });

  it('a deployment with traffic cannot be deleted', async () => {
    await setTraffic(h, 'dev', 'ep-rules', { blue: 100 });
    const e = await rejection(
      h.client.onlineDeployments.beginDeleteAndWait(h.rg, 'dev', 'ep-rules', 'blue', POLL),
    );
    expect(e.statusCode).toBe(409);
    expect(e.code).toBe('Conflict');
    await setTraffic(h, 'dev', 'ep-rules', {});
  });

  it('instance_type cannot change on update', async () => {
    const e = await rejection(
      createDeployment(h, 'dev', 'ep-rules', 'blue', model, { instanceType: 'Standard_F4s_v2' }),
    );
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe('BadArgument');
    expect(detailCode(e)).toBe('InstanceTypeImmutable');
  });

  it('endpoint and deployment names follow AML naming rules', async () => {
    const ep = await rejection(createEndpoint(h, 'dev', '1-starts-with-digit'));
    expect(ep.statusCode).toBe(400);
    expect(ep.code).toBe('BadArgument');
    expect(detailCode(ep)).toBe('InvalidEndpointName');
    const dep = await rejection(createDeployment(h, 'dev', 'ep-rules', 'bad_name!', model));
    expect(dep.statusCode).toBe(400);
    expect(detailCode(dep)).toBe('InvalidDeploymentName');
    const long = await rejection(createDeployment(h, 'dev', 'ep-rules', `d${'x'.repeat(32)}`, model));
    expect(long.statusCode).toBe(400);
  });

  it('an endpoint holds at most 20 deployments', async () => {
    // The count rule is a pure decision; exercising it through 20 live processes would cost minutes.
    expect(checkDeploymentCount(19)).toBeUndefined();
    const e = checkDeploymentCount(20);
    expect(e?.status).toBe(400);
    expect(e?.code).toBe('BadArgument');
    expect(e?.details[0]?.code).toBe('TooManyDeployments');
    expect(checkTraffic({ a: 100 }, ['a'])).toBeUndefined();
  });

  it('an endpoint at 20 deployments refuses the 21st through the SDK', async () => {
    // Fill the endpoint with Failed deployments (missing model: no process is started), then one more.
    await createEndpoint(h, 'dev', 'ep-full');
    const missing = `${h.conn.workspaces.dev}/models/nope/versions/1`;
    for (let i = 0; i < 20; i++) {
      await rejection(createDeployment(h, 'dev', 'ep-full', `dep-${i}`, missing));
    }
    const e = await rejection(createDeployment(h, 'dev', 'ep-full', 'dep-20', missing));
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe('BadArgument');
    expect(detailCode(e)).toBe('TooManyDeployments');
  });

  it('a missing model or environment version fails provisioning with an AML-like error in the logs', async () => {
    const missingModel = `${h.conn.workspaces.dev}/models/rules-model/versions/99`;
    const e = await rejection(createDeployment(h, 'dev', 'ep-rules', 'nomodel', missingModel));
    // What the SDK's poller shows for a Failed operation: its error code and message, in the message.
    expect(e.message).toMatch(/^The long-running operation has failed\. ResourceNotFound\./);
    const d = await h.client.onlineDeployments.get(h.rg, 'dev', 'ep-rules', 'nomodel');
    expect(d.properties.provisioningState).toBe('Failed');
    const logs = await h.client.onlineDeployments.getLogs(h.rg, 'dev', 'ep-rules', 'nomodel', {
      containerType: 'StorageInitializer',
    });
    expect(logs.content).toMatch(/Model '.*versions\/99' was not found/);

    const missingEnv = `${h.conn.workspaces.dev}/environments/no-env/versions/1`;
    const e2 = await rejection(
      createDeployment(h, 'dev', 'ep-rules', 'noenv', model, { environmentId: missingEnv }),
    );
    expect(e2.message).toMatch(/has failed\. ResourceNotFound\./);
    const d2 = await h.client.onlineDeployments.get(h.rg, 'dev', 'ep-rules', 'noenv');
    expect(d2.properties.provisioningState).toBe('Failed');
    const logs2 = await h.client.onlineDeployments.getLogs(h.rg, 'dev', 'ep-rules', 'noenv', {});
    expect(logs2.content).toMatch(/Environment '.*no-env\/versions\/1' was not found/);
  });
});
