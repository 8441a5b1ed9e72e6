// The plane's registries end to end: plane.json, the ARM registries resource through the real
// @azure/arm-containerregistry client, the admin API (counters, token faults), provisioning
// against an image that is there and one that is not, a restart keeping port and images, and a
// plane without docker-registry.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlane as PlaneClient } from '../../shared/azure/local-plane.js';
import {
  admin,
  createDeployment,
  createEndpoint,
  FAKE_MODEL,
  type Harness,
  registerModel,
  rejection,
  startHarness,
} from '../testing/harness.js';
import { acrAccessToken, pushTinyImage, registryClient } from '../testing/registry-http.js';

const hasRegistry = spawnSync('docker-registry', ['--version']).status === 0;

describe.skipIf(!hasRegistry)('the plane serves its registries', () => {
  let h: Harness;
  let model: string;
  /** The digest of `detector:v1` in dev, pushed by the admin API test. */
  let devDigest = '';
  const dev = () => h.conn.registries?.dev as NonNullable<PlaneClient['registries']>['dev'];

  beforeAll(async () => {
    h = await startHarness();
    model = await registerModel(h, 'dev', 'acr', '1', FAKE_MODEL);
    await createEndpoint(h, 'dev', 'ep-acr');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('names both registries in plane.json, as the workspaces link them', async () => {
    const regs = h.conn.registries;
    expect(regs?.dev.loginServer).toMatch(/^localhost:\d+$/);
    expect(regs?.prod.loginServer).toMatch(/^localhost:\d+$/);
    expect(regs?.dev.name).toBe('localplanedev');
    expect(regs?.prod.name).toBe('localplaneprod');
    const ws = await h.client.workspaces.get(h.rg, 'prod');
    expect(ws.containerRegistry).toBe(regs?.prod.id);
  });

  it('serves Microsoft.ContainerRegistry/registries get and list through the real SDK', async () => {
    const client = registryClient(h.conn);
    const r = await client.registries.get(h.rg, 'localplanedev');
    expect(r).toMatchObject({
      id: dev().id,
      name: 'localplanedev',
      type: 'Microsoft.ContainerRegistry/registries',
      location: h.conn.location,
      sku: { name: 'Standard', tier: 'Standard' },
      loginServer: dev().loginServer,
      adminUserEnabled: false,
      provisioningState: 'Succeeded',
      publicNetworkAccess: 'Enabled',
    });
    const all = [];
    for await (const x of client.registries.listByResourceGroup(h.rg)) all.push(x);
    expect(all.map((x) => x.name).sort()).toEqual(['localplanedev', 'localplaneprod']);
    expect(all.find((x) => x.name === 'localplaneprod')).toMatchObject({
      sku: { name: 'Premium' },
      publicNetworkAccess: 'Disabled',
    });
    await expect(client.registries.get(h.rg, 'nosuchregistry')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('counts requests and sets token faults through the admin API', async () => {
    await admin(h, 'DELETE', '/v1/registries/dev/counters');
    const { accessToken } = await acrAccessToken(
      dev().loginServer,
      h.conn.ca,
      h.conn.token,
      'repository:detector:pull,push',
    );
    devDigest = (await pushTinyImage(dev().loginServer, h.conn.ca, accessToken, 'detector', 'v1')).digest;
    const counters = (await admin(h, 'GET', '/v1/registries/localplanedev/counters')) as {
      requests: Record<string, number>;
      tokenExchanges: number;
      bytesReceived: number;
    };
    expect(counters.requests).toMatchObject({ blobUploadStart: 2, blobUploadPut: 2, manifestPut: 1 });
    expect(counters.tokenExchanges).toBe(1);
    expect(counters.bytesReceived).toBeGreaterThan(0);
    await admin(h, 'DELETE', '/v1/registries/dev/counters');
    expect(
      ((await admin(h, 'GET', '/v1/registries/dev/counters')) as typeof counters).requests.manifestPut,
    ).toBe(0);

    expect(await admin(h, 'PUT', '/v1/registries/dev/faults', { refuseTokens: true })).toMatchObject({
      refuseTokens: true,
      expireRefreshTokens: false,
    });
    await expect(
      acrAccessToken(dev().loginServer, h.conn.ca, h.conn.token, 'repository:detector:pull'),
    ).rejects.toThrow(/exchange: 401/);
    await admin(h, 'DELETE', '/v1/registries/dev/faults');
    await admin(h, 'PUT', '/v1/registries/dev/faults', { expireRefreshTokens: true });
    await expect(
      acrAccessToken(dev().loginServer, h.conn.ca, h.conn.token, 'repository:detector:pull'),
    ).rejects.toThrow(/token: 401/);
    await admin(h, 'DELETE', '/v1/registries/dev/faults');
    const listed = (await admin(h, 'GET', '/v1/registries')) as { value: Array<{ key: string }> };
    expect(listed.value.map((v) => v.key)).toEqual(['dev', 'prod']);
  });

  it('provisions a deployment whose image is in the registry, and fails one whose image is not as a pull failure', async () => {
    const image = `${dev().loginServer}/detector:v1`;
    const env = await h.client.environmentVersions.createOrUpdate(h.rg, 'dev', 'acr-env', '1', {
      properties: { image },
    });
    const ok = await createDeployment(h, 'dev', 'ep-acr', 'present', model, {
      environmentId: env.id as string,
    });
    expect(ok.properties.provisioningState).toBe('Succeeded');

    const missingImage = `${dev().loginServer}/detector@sha256:${'0'.repeat(64)}`;
    const missing = await h.client.environmentVersions.createOrUpdate(h.rg, 'dev', 'acr-env', '2', {
      properties: { image: missingImage },
    });
    const e = await rejection(
      createDeployment(h, 'dev', 'ep-acr', 'absent', model, { environmentId: missing.id as string }),
    );
    expect(e.message).toContain(`Failed to pull image "${missingImage}"`);
    const d = await h.client.onlineDeployments.get(h.rg, 'dev', 'ep-acr', 'absent');
    expect(d.properties.provisioningState).toBe('Failed');
    for (const containerType of ['InferenceServer', 'StorageInitializer'] as const) {
      const logs = await h.client.onlineDeployments.getLogs(h.rg, 'dev', 'ep-acr', 'absent', {
        containerType,
      });
      expect(logs.content).toMatch(
        /ErrImagePull.*manifest for detector:sha256:0{64} not found in registry localplanedev/,
      );
    }

    const elsewhere = await h.client.environmentVersions.createOrUpdate(h.rg, 'dev', 'acr-env', '3', {
      properties: { image: 'myacr.azurecr.io/detector:v9' },
    });
    const other = await createDeployment(h, 'dev', 'ep-acr', 'elsewhere', model, {
      environmentId: elsewhere.id as string,
    });
    expect(other.properties.provisioningState).toBe('Succeeded');
  });

  it('lets a private prod deployment pull from its linked registry at the login server the plane runs it on', async () => {
    const prod = h.conn.registries?.prod as NonNullable<PlaneClient['registries']>['prod'];
    const { accessToken } = await acrAccessToken(
      prod.loginServer,
      h.conn.ca,
      h.conn.token,
      'repository:detector:pull,push',
    );
    const pushed = await pushTinyImage(prod.loginServer, h.conn.ca, accessToken, 'detector', 'gpu-1');
    const prodModel = await registerModel(h, 'prod', 'acr', '1', FAKE_MODEL);
    await createEndpoint(h, 'prod', 'ep-acr-prod');
    const env = await h.client.environmentVersions.createOrUpdate(h.rg, 'prod', 'acr-env', '1', {
      properties: { image: `${prod.loginServer}/detector@${pushed.digest}` },
    });
    const d = await createDeployment(h, 'prod', 'ep-acr-prod', 'linked', prodModel, {
      environmentId: env.id as string,
    });
    expect(d.properties.provisioningState).toBe('Succeeded');
  });

  it('imports an image from dev into prod with its digest (importImage, a long-running operation)', async () => {
    const acr = registryClient(h.conn);
    const prodFront = h.plane.registries.find('prod');
    const params = {
      source: { resourceId: dev().id, sourceImage: 'detector:v1' },
      targetTags: ['promoted/detector:v1'],
      mode: 'NoForce' as const,
    };
    await acr.registries.beginImportImageAndWait(h.rg, 'localplaneprod', params, { updateIntervalInMs: 10 });
    expect(await prodFront?.hasManifest('promoted/detector', 'v1')).toBe(true);
    expect(await prodFront?.hasManifest('promoted/detector', devDigest)).toBe(true);
    const again = await rejection(
      acr.registries.beginImportImageAndWait(h.rg, 'localplaneprod', params, { updateIntervalInMs: 10 }),
    );
    expect(again.message).toMatch(/TagAlreadyExists|already exists/);
    const offline = await rejection(
      acr.registries.beginImportImageAndWait(
        h.rg,
        'localplaneprod',
        { source: { registryUri: 'mcr.microsoft.com', sourceImage: 'azureml/minimal:latest' } },
        { updateIntervalInMs: 10 },
      ),
    );
    expect(offline.message).toMatch(/cannot be reached from the local plane/);
    await expect(
      acr.registries.beginImportImageAndWait(h.rg, 'localplaneprod', { source: { sourceImage: 'x:1' } }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('keeps login servers and images across a plane restart', async () => {
    const before = h.conn.registries;
    await h.restart();
    expect(h.conn.registries).toEqual(before);
    expect(await h.plane.registries.find('dev')?.hasManifest('detector', 'v1')).toBe(true);
  });
});

describe.skipIf(hasRegistry)('the plane serves its registries', () => {
  it.skip('skipped: docker-registry is not installed (.ci/run installs it)', () => undefined);
});

describe('a plane without docker-registry', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ registryBinary: 'no-such-docker-registry' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('still starts, says why the registries are unavailable, and lists none', async () => {
    expect(h.conn.registries).toBeUndefined();
    expect(h.conn.registriesUnavailable).toMatch(
      /unavailable.*apt-get install docker-registry|no-such-docker-registry/,
    );
    const all = [];
    for await (const x of registryClient(h.conn).registries.listByResourceGroup(h.rg)) all.push(x);
    expect(all).toEqual([]);
    expect((await h.client.workspaces.get(h.rg, 'dev')).name).toBe('dev');
  });
});
