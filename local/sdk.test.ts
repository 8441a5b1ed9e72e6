// Must-show 1: every operation of the plane, driven by the unmodified @azure/arm-machinelearning
// client (its own LRO pollers) and @azure/storage-blob (upload through the datastore's secrets).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeployment,
  createEndpoint,
  FAKE_MODEL,
  type Harness,
  POLL,
  registerModel,
  setTraffic,
  startHarness,
} from './testing/harness.js';

describe('local plane through the real SDK', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('serves workspaces dev and prod with a default blob datastore', async () => {
    const dev = await h.client.workspaces.get(h.rg, 'dev');
    expect(dev.name).toBe('dev');
    expect(dev.id).toBe(h.conn.workspaces.dev);
    expect(dev.provisioningState).toBe('Succeeded');
    await expect(h.client.workspaces.get(h.rg, 'prod')).resolves.toMatchObject({ name: 'prod' });
    const stores = [];
    for await (const d of h.client.datastores.list(h.rg, 'dev')) stores.push(d);
    expect(stores.map((s) => s.name)).toContain('workspaceblobstore');
    const secrets = await h.client.datastores.listSecrets(h.rg, 'dev', 'workspaceblobstore');
    expect(secrets.secretsType).toBe('AccountKey');
  });

  it('creates, lists and deletes datastores', async () => {
    const created = await h.client.datastores.createOrUpdate(h.rg, 'dev', 'extrastore', {
      properties: {
        datastoreType: 'AzureBlob',
        accountName: 'devstoreaccount1',
        containerName: 'extra',
        credentials: { credentialsType: 'AccountKey', secrets: { secretsType: 'AccountKey', key: 'k' } },
      },
    });
    expect(created.properties.datastoreType).toBe('AzureBlob');
    await h.client.datastores.delete(h.rg, 'dev', 'extrastore');
    await expect(h.client.datastores.get(h.rg, 'dev', 'extrastore')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('registers models and environments, lists and deletes versions', async () => {
    const id = await registerModel(h, 'dev', 'detector', '1', FAKE_MODEL);
    expect(id).toMatch(/\/workspaces\/dev\/models\/detector\/versions\/1$/);
    const container = await h.client.modelContainers.get(h.rg, 'dev', 'detector');
    expect(container.properties.latestVersion).toBe('1');
    await h.client.modelContainers.createOrUpdate(h.rg, 'dev', 'detector', {
      properties: { description: 'detector' },
    });
    const versions = [];
    for await (const v of h.client.modelVersions.list(h.rg, 'dev', 'detector')) versions.push(v.name);
    expect(versions).toEqual(['1']);
    const containers = [];
    for await (const c of h.client.modelContainers.list(h.rg, 'dev')) containers.push(c.name);
    expect(containers).toContain('detector');
    await expect(h.client.modelVersions.get(h.rg, 'dev', 'detector', '1')).resolves.toMatchObject({
      name: '1',
    });

    await h.client.environmentContainers.createOrUpdate(h.rg, 'dev', 'onnx-env', {
      properties: { description: 'env' },
    });
    const env = await h.client.environmentVersions.createOrUpdate(h.rg, 'dev', 'onnx-env', '1', {
      properties: { image: 'mcr.microsoft.com/azureml/onnx:latest' },
    });
    expect(env.id).toMatch(/environments\/onnx-env\/versions\/1$/);
    await expect(h.client.environmentContainers.get(h.rg, 'dev', 'onnx-env')).resolves.toMatchObject({
      name: 'onnx-env',
    });
    await expect(h.client.environmentVersions.get(h.rg, 'dev', 'onnx-env', '1')).resolves.toMatchObject({
      name: '1',
    });
    const envs = [];
    for await (const e of h.client.environmentVersions.list(h.rg, 'dev', 'onnx-env')) envs.push(e.name);
    expect(envs).toEqual(['1']);
    for await (const _ of h.client.environmentContainers.list(h.rg, 'dev')) break;

    await registerModel(h, 'dev', 'scratch', '1', FAKE_MODEL);
    await h.client.modelVersions.delete(h.rg, 'dev', 'scratch', '1');
    await h.client.modelContainers.delete(h.rg, 'dev', 'scratch');
    await h.client.environmentVersions.createOrUpdate(h.rg, 'dev', 'scratch-env', '1', {
      properties: { image: 'x' },
    });
    await h.client.environmentVersions.delete(h.rg, 'dev', 'scratch-env', '1');
    await h.client.environmentContainers.delete(h.rg, 'dev', 'scratch-env');
    await expect(h.client.modelContainers.get(h.rg, 'dev', 'scratch')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('runs an endpoint and deployment lifecycle with LROs, keys, token, logs and skus', async () => {
    const model = await registerModel(h, 'dev', 'lifecycle', '1', FAKE_MODEL);
    const ep = await createEndpoint(h, 'dev', 'ep-life');
    expect(ep.properties.provisioningState).toBe('Succeeded');
    expect(ep.properties.scoringUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/score$/);

    const blue = await createDeployment(h, 'dev', 'ep-life', 'blue', model);
    expect(blue.properties.provisioningState).toBe('Succeeded');
    const deps = [];
    for await (const d of h.client.onlineDeployments.list(h.rg, 'dev', 'ep-life')) deps.push(d.name);
    expect(deps).toEqual(['blue']);

    const withTraffic = await setTraffic(h, 'dev', 'ep-life', { blue: 100 });
    expect(withTraffic.properties.traffic).toEqual({ blue: 100 });

    const patched = await h.client.onlineDeployments.beginUpdateAndWait(
      h.rg,
      'dev',
      'ep-life',
      'blue',
      { sku: { capacity: 2 } },
      POLL,
    );
    expect(patched.sku?.capacity).toBe(2);
    expect(patched.properties.provisioningState).toBe('Succeeded');
    const tagged = await h.client.onlineEndpoints.beginUpdateAndWait(
      h.rg,
      'dev',
      'ep-life',
      { tags: { team: 'vision' } },
      POLL,
    );
    expect(tagged.tags).toEqual({ team: 'vision' });

    const keys = await h.client.onlineEndpoints.listKeys(h.rg, 'dev', 'ep-life');
    expect(keys.primaryKey).toBeTruthy();
    await h.client.onlineEndpoints.beginRegenerateKeysAndWait(
      h.rg,
      'dev',
      'ep-life',
      { keyType: 'Primary' },
      POLL,
    );
    const rotated = await h.client.onlineEndpoints.listKeys(h.rg, 'dev', 'ep-life');
    expect(rotated.primaryKey).not.toBe(keys.primaryKey);
    expect(rotated.secondaryKey).toBe(keys.secondaryKey);

    const logs = await h.client.onlineDeployments.getLogs(h.rg, 'dev', 'ep-life', 'blue', {
      containerType: 'StorageInitializer',
    });
    expect(logs.content).toContain('Downloaded');
    const serverLogs = await h.client.onlineDeployments.getLogs(h.rg, 'dev', 'ep-life', 'blue', { tail: 5 });
    expect(serverLogs.content).toContain('ready');
    const skus = [];
    for await (const s of h.client.onlineDeployments.listSkus(h.rg, 'dev', 'ep-life', 'blue')) skus.push(s);
    expect(skus[0]?.capacity?.maximum).toBe(20);

    const res = await fetch(ep.properties.scoringUri as string, {
      method: 'POST',
      headers: { authorization: `Bearer ${rotated.primaryKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('azureml-model-deployment')).toBe('blue');

    await setTraffic(h, 'dev', 'ep-life', {});
    await h.client.onlineDeployments.beginDeleteAndWait(h.rg, 'dev', 'ep-life', 'blue', POLL);
    await expect(h.client.onlineDeployments.get(h.rg, 'dev', 'ep-life', 'blue')).rejects.toMatchObject({
      statusCode: 404,
    });
    await h.client.onlineEndpoints.beginDeleteAndWait(h.rg, 'dev', 'ep-life', POLL);
    await expect(h.client.onlineEndpoints.get(h.rg, 'dev', 'ep-life')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('hands out aml_token for AMLToken endpoints and accepts it on the scoring URI', async () => {
    const model = await registerModel(h, 'prod', 'tok', '1', FAKE_MODEL);
    const ep = await createEndpoint(h, 'prod', 'ep-token', {}, 'AMLToken');
    await createDeployment(h, 'prod', 'ep-token', 'blue', model);
    await setTraffic(h, 'prod', 'ep-token', { blue: 100 });
    const token = await h.client.onlineEndpoints.getToken(h.rg, 'prod', 'ep-token');
    expect(token.accessToken).toBeTruthy();
    const ok = await fetch(ep.properties.scoringUri as string, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.accessToken}` },
      body: '{}',
    });
    expect(ok.status).toBe(200);
    const bad = await fetch(ep.properties.scoringUri as string, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
      body: '{}',
    });
    expect(bad.status).toBe(401);
    await expect(h.client.onlineEndpoints.listKeys(h.rg, 'prod', 'ep-token')).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('answers 401 as ARM does for a wrong token', async () => {
    const res = await fetch(`${h.conn.armEndpoint}/subscriptions/x?api-version=2022-10-01`, {
      headers: { authorization: 'Bearer wrong' },
    }).catch((e: unknown) => e);
    // Node's fetch does not trust the plane's CA: the SDK path (tlsOptions) is the supported one.
    expect(res).toBeInstanceOf(Error);
  });
});
