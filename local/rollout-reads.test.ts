// What a blue-green rollout reads and checks before it acts, through the real SDK over HTTPS: VM
// sizes, usages and the quota a deployment must fit in, the private prod workspace and its image
// rule, and the admin log of mutating ARM requests (so a refused rollout can be shown to change
// nothing).
import type { Usage } from '@azure/arm-machinelearning';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkQuota } from './rules.js';
import { coresHeld, findVmSize } from './skus.js';
import {
  admin,
  createDeployment,
  createEndpoint,
  detailCode,
  FAKE_MODEL,
  type Harness,
  POLL,
  registerModel,
  rejection,
  startHarness,
} from './testing/harness.js';

interface RequestLog {
  total: number;
  byMethod: Record<string, number>;
  value: Array<{ method: string; path: string; operationId?: string; status: number }>;
}

describe('quota maths', () => {
  it('holds ceil(1.2 x instances) x cores, as AML reserves 20% for upgrades', () => {
    const f4 = findVmSize('standard_f4s_v2');
    expect(f4?.vCPUs).toBe(4);
    // Azure: one Standard_F4s_v2 instance -> "Additional needed: 8".
    expect(coresHeld(f4!, 1)).toBe(8);
    expect(coresHeld(f4!, 5)).toBe(24);
    expect(coresHeld(findVmSize('Standard_NC6s_v3')!, 2)).toBe(18);
  });

  it('refuses only what does not fit, with the usage, limit and need in the message', () => {
    const q = { instanceType: 'Standard_DS3_v2', subscriptionId: 'sub', scope: 'family' as const };
    expect(checkQuota({ ...q, used: 8, limit: 16, needed: 8 })).toBeUndefined();
    const e = checkQuota({ ...q, used: 8, limit: 10, needed: 8 });
    expect(e?.status).toBe(400);
    expect(e?.details[0]?.code).toBe('OutOfQuota');
    expect(e?.message).toContain('Current usage/limit: 8/10. Additional needed: 8');
  });
});

describe('what the rollout reads, through the real SDK', () => {
  let h: Harness;
  let model: string;
  let prodModel: string;
  const usagesOf = async (): Promise<Usage[]> => {
    const all: Usage[] = [];
    for await (const u of h.client.usages.list(h.conn.location)) all.push(u);
    return all;
  };
  const family = (all: Usage[], name: string) =>
    all.find((u) => u.type === 'Microsoft.MachineLearningServices/vmFamily/usages' && u.name?.value === name);
  const requests = async () => (await admin(h, 'GET', '/v1/arm-requests')) as RequestLog;

  beforeAll(async () => {
    h = await startHarness();
    model = await registerModel(h, 'dev', 'reads', '1', FAKE_MODEL);
    prodModel = await registerModel(h, 'prod', 'reads', '1', FAKE_MODEL);
    await createEndpoint(h, 'dev', 'ep-reads');
    await createEndpoint(h, 'prod', 'ep-prod');
  });
  afterAll(async () => {
    await admin(h, 'DELETE', '/v1/quotas');
    await h?.stop();
  });

  it('lists managed online endpoint VM sizes, CPU and GPU, as VirtualMachineSizes_List does', async () => {
    const sizes = (await h.client.virtualMachineSizes.list(h.conn.location)).value ?? [];
    const ds3 = sizes.find((s) => s.name === 'Standard_DS3_v2');
    expect(ds3).toMatchObject({ family: 'standardDSv2Family', vCPUs: 4, gpus: 0, memoryGB: 14 });
    expect(ds3?.supportedComputeTypes).toContain('MIR');
    expect(sizes.find((s) => s.name === 'Standard_NC6s_v3')).toMatchObject({
      family: 'standardNCSv3Family',
      vCPUs: 6,
      gpus: 1,
    });
    expect(sizes.find((s) => s.name === 'Standard_NC4as_T4_v3')?.gpus).toBe(1);
    expect(sizes.map((s) => s.name)).toEqual(
      expect.arrayContaining(['Standard_DS2_v2', 'Standard_F4s_v2', 'Standard_E4s_v3']),
    );
    await expect(h.client.virtualMachineSizes.list('westeurope')).rejects.toMatchObject({ statusCode: 400 });
  });

  it('reports cores held per VM family, and refuses a deployment past the quota set through the admin API', async () => {
    const before = family(await usagesOf(), 'standardDSv2Family');
    expect(before).toMatchObject({ unit: 'Count', currentValue: 0, limit: 100 });
    expect(before?.name?.localizedValue).toBe('Standard DSv2 Family Cluster Dedicated vCPUs');

    await createDeployment(h, 'dev', 'ep-reads', 'blue', model);
    const held = await usagesOf();
    expect(family(held, 'standardDSv2Family')?.currentValue).toBe(8);
    const total = held.find((u) => u.type === 'Microsoft.MachineLearningServices/dedicatedCores/usages');
    expect(total?.currentValue).toBe(8);
    const inDev = held.find((u) => u.type === 'Microsoft.MachineLearningServices/workspaces/usages');
    expect(inDev?.id).toContain('/workspaces/dev/usages/');

    const set = await admin(h, 'PUT', '/v1/quotas/standardDSv2Family', { limit: 10 });
    expect(set).toEqual({ name: 'standardDSv2Family', limit: 10, currentValue: 8 });
    expect(family(await usagesOf(), 'standardDSv2Family')?.limit).toBe(10);

    await admin(h, 'DELETE', '/v1/arm-requests');
    const refused = await rejection(createDeployment(h, 'dev', 'ep-reads', 'green', model));
    expect(refused.statusCode).toBe(400);
    expect(refused.code).toBe('BadRequest');
    expect(detailCode(refused)).toBe('OutOfQuota');
    expect(refused.message).toContain(
      'Not enough quota available for Standard_DS3_v2 in SubscriptionId ' +
        `${h.conn.subscriptionId}. Current usage/limit: 8/10. Additional needed: 8`,
    );
    await expect(h.client.onlineDeployments.get(h.rg, 'dev', 'ep-reads', 'green')).rejects.toMatchObject({
      statusCode: 404,
    });
    const log = await requests();
    expect(log.total).toBe(1);
    expect(log.value[0]).toMatchObject({
      method: 'PUT',
      operationId: 'OnlineDeployments_CreateOrUpdate',
      status: 400,
    });

    // Scaling blue to 2 instances needs ceil(2.4) x 4 = 12 cores, more than the 10 allowed.
    const scale = await rejection(
      h.client.onlineDeployments.beginUpdateAndWait(
        h.rg,
        'dev',
        'ep-reads',
        'blue',
        { sku: { capacity: 2 } },
        POLL,
      ),
    );
    expect(detailCode(scale)).toBe('OutOfQuota');
    // A smaller size of another family still fits.
    await expect(
      createDeployment(h, 'dev', 'ep-reads', 'green', model, { instanceType: 'Standard_F2s_v2' }),
    ).resolves.toMatchObject({ properties: { provisioningState: 'Succeeded' } });
    await admin(h, 'DELETE', '/v1/quotas/standardDSv2Family');
    expect(family(await usagesOf(), 'standardDSv2Family')?.limit).toBe(100);
  });

  it('refuses an instance type that is unknown or not offered for online endpoints', async () => {
    for (const instanceType of ['Standard_Bogus_v9', 'Standard_DS11_v2']) {
      const e = await rejection(createDeployment(h, 'dev', 'ep-reads', 'bogus', model, { instanceType }));
      expect(e.statusCode).toBe(400);
      expect(detailCode(e)).toBe('InvalidInstanceType');
    }
  });

  it('serves prod as a private workspace with a linked registry, and dev as public', async () => {
    const prod = await h.client.workspaces.get(h.rg, 'prod');
    expect(prod.publicNetworkAccess).toBe('Disabled');
    expect(prod.containerRegistry).toBe(
      `/subscriptions/${h.conn.subscriptionId}/resourceGroups/${h.rg}/providers/Microsoft.ContainerRegistry/registries/localplaneprod`,
    );
    expect(prod.privateEndpointConnections?.[0]?.privateLinkServiceConnectionState?.status).toBe('Approved');
    const dev = await h.client.workspaces.get(h.rg, 'dev');
    expect(dev.publicNetworkAccess).toBe('Enabled');
    expect(dev.containerRegistry).toMatch(/\/registries\/localplanedev$/);
  });

  it('fails a private deployment whose image is outside the linked registry, as an image pull failure', async () => {
    const env = async (ws: string, name: string, image: string) =>
      (await h.client.environmentVersions.createOrUpdate(h.rg, ws, name, '1', { properties: { image } })).id;
    const mcr = await env('prod', 'public-image', 'mcr.microsoft.com/azureml/onnx:latest');
    const linked = await env('prod', 'linked-image', 'localplaneprod.azurecr.io/detector:1');

    const pulled = await rejection(
      createDeployment(h, 'prod', 'ep-prod', 'blue', prodModel, {
        environmentId: mcr,
      }),
    );
    expect(pulled.message).toContain('ImagePullFailed');
    expect(pulled.message).toContain('mcr.microsoft.com');
    const logs = await h.client.onlineDeployments.getLogs(h.rg, 'prod', 'ep-prod', 'blue', {});
    expect(logs.content).toContain('Failed to pull image "mcr.microsoft.com/azureml/onnx:latest"');

    await expect(
      createDeployment(h, 'prod', 'ep-prod', 'green', prodModel, {
        environmentId: linked,
      }),
    ).resolves.toMatchObject({ properties: { provisioningState: 'Succeeded' } });

    // In a public workspace the same rule holds for a deployment without public egress.
    const devMcr = await env('dev', 'public-image', 'mcr.microsoft.com/azureml/onnx:latest');
    const noEgress = await rejection(
      createDeployment(h, 'dev', 'ep-reads', 'private', model, {
        environmentId: devMcr,
        egressPublicNetworkAccess: 'Disabled',
      }),
    );
    expect(noEgress.message).toContain('egressPublicNetworkAccess: Disabled');
  });

  it('logs every mutating ARM request, with its operation so read-only POSTs can be left out', async () => {
    await admin(h, 'DELETE', '/v1/arm-requests');
    await h.client.onlineEndpoints.get(h.rg, 'dev', 'ep-reads');
    await h.client.virtualMachineSizes.list(h.conn.location);
    await usagesOf();
    expect((await requests()).total).toBe(0);

    await h.client.onlineEndpoints.listKeys(h.rg, 'dev', 'ep-reads');
    await h.client.onlineEndpoints.beginUpdateAndWait(h.rg, 'dev', 'ep-reads', { tags: { a: 'b' } }, POLL);
    const log = await requests();
    expect(log.byMethod).toEqual({ PUT: 0, PATCH: 1, POST: 1, DELETE: 0 });
    expect(log.value.map((r) => [r.method, r.operationId, r.status])).toEqual([
      ['POST', 'OnlineEndpoints_ListKeys', 200],
      ['PATCH', 'OnlineEndpoints_Update', 202],
    ]);
    expect(log.value[1]?.path).toMatch(/\/workspaces\/dev\/onlineEndpoints\/ep-reads$/);
  });
});
