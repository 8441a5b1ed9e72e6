// The plane's registries end to end, on each backend (builtin always, docker-registry when
// installed): plane.json, the ARM registries resource through the real
// @azure/arm-containerregistry client, the admin API (counters, token faults), provisioning
// against an image that is there and one that is not, importImage dev -> prod, a restart keeping
// port and images; a plane started with AML_LOCAL_REGISTRY=builtin taking a push from the suite's
// own client; and a plane whose forced docker-registry is missing.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { TokenCredential } from '@azure/core-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlane as PlaneClient } from '../../shared/azure/local-plane.js';
import { acrAuth } from '../../shared/registry/acr-auth.js';
import { blobFromBytes, RegistryClient } from '../../shared/registry/client.js';
import { sha256Digest } from '../../shared/registry/digest.js';
import { MEDIA_TYPES } from '../../shared/registry/manifest.js';
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
import {
  acrAccessToken,
  pushTinyImage,
  registryClient,
  registryRequest,
  sha256,
} from '../testing/registry-http.js';
import { type RegistryBackend, REGISTRY_BACKEND_ENV } from './distribution.js';

const hasRegistry = spawnSync('docker-registry', ['--version']).status === 0;
const BACKENDS: RegistryBackend[] = hasRegistry ? ['builtin', 'docker-registry'] : ['builtin'];

describe.each(BACKENDS)('the plane serves its registries (%s)', (backend) => {
  let h: Harness;
  let model: string;
  /** The digest of `detector:v1` in dev, pushed by the admin API test. */
  let devDigest = '';
  const dev = () => h.conn.registries?.dev as NonNullable<PlaneClient['registries']>['dev'];

  beforeAll(async () => {
    h = await startHarness({ registryBackend: backend });
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
    const listed = (await admin(h, 'GET', '/v1/registries')) as {
      value: Array<{ key: string; backend: string }>;
    };
    expect(listed.value.map((v) => [v.key, v.backend])).toEqual([
      ['dev', backend],
      ['prod', backend],
    ]);
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
    const absent = await rejection(
      acr.registries.beginImportImageAndWait(
        h.rg,
        'localplaneprod',
        { source: { resourceId: dev().id, sourceImage: 'detector:nope' }, targetTags: ['x:1'] },
        { updateIntervalInMs: 10 },
      ),
    );
    expect(absent.message).toMatch(/not found in registry 'localplanedev'/);
  });

  it('imports an index with its image manifests, digests kept, and overwrites with mode Force', async () => {
    const { accessToken } = await acrAccessToken(
      dev().loginServer,
      h.conn.ca,
      h.conn.token,
      'repository:multi:pull,push',
    );
    const child = await pushTinyImage(dev().loginServer, h.conn.ca, accessToken, 'multi', 'amd64');
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: child.digest,
            size: 1,
            platform: { architecture: 'amd64', os: 'linux' },
          },
        ],
      }),
    );
    const put = await registryRequest(`https://${dev().loginServer}/v2/multi/manifests/v1`, {
      method: 'PUT',
      ca: h.conn.ca,
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/vnd.oci.image.index.v1+json',
      },
      body: index,
    });
    expect(put.status).toBe(201);
    const acr = registryClient(h.conn);
    const params = {
      source: { registryUri: dev().loginServer, sourceImage: 'multi:v1' },
      targetTags: ['multi:v1'],
      mode: 'Force' as const,
    };
    await acr.registries.beginImportImageAndWait(h.rg, 'localplaneprod', params, { updateIntervalInMs: 10 });
    await acr.registries.beginImportImageAndWait(h.rg, 'localplaneprod', params, { updateIntervalInMs: 10 });
    const prodFront = h.plane.registries.find('prod');
    expect(await prodFront?.hasManifest('multi', sha256(index))).toBe(true);
    expect(await prodFront?.hasManifest('multi', child.digest)).toBe(true);
  });

  it('keeps login servers and images across a plane restart', async () => {
    const before = h.conn.registries;
    await h.restart();
    expect(h.conn.registries).toEqual(before);
    expect(await h.plane.registries.find('dev')?.hasManifest('detector', 'v1')).toBe(true);
  });
});

describe.skipIf(hasRegistry)('the plane serves its registries (docker-registry)', () => {
  it.skip('skipped: docker-registry is not installed (.ci/run installs it)', () => undefined);
});

describe('a plane started with AML_LOCAL_REGISTRY=builtin', () => {
  let h: Harness;
  const before = process.env[REGISTRY_BACKEND_ENV];
  beforeAll(async () => {
    process.env[REGISTRY_BACKEND_ENV] = 'builtin';
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
    if (before === undefined) delete process.env[REGISTRY_BACKEND_ENV];
    else process.env[REGISTRY_BACKEND_ENV] = before;
  });

  it('says so in its health, with no registry child, and takes a push from shared/registry through the ACR front', async () => {
    const health = (await admin(h, 'GET', '/health')) as {
      ok: boolean;
      children: Array<{ role: string }>;
      registries: Record<string, { backend: string }>;
    };
    expect(health.ok).toBe(true);
    expect(health.registries).toMatchObject({ dev: { backend: 'builtin' }, prod: { backend: 'builtin' } });
    expect(health.children.map((c) => c.role).filter((r) => r.startsWith('registry:'))).toEqual([]);

    const dev = h.conn.registries?.dev as NonNullable<PlaneClient['registries']>['dev'];
    const credential: TokenCredential = {
      getToken: async () => ({ token: h.conn.token, expiresOnTimestamp: Date.now() + 3600_000 }),
    };
    const client = new RegistryClient({
      url: `https://${dev.loginServer}`,
      auth: acrAuth(dev.loginServer, credential, { onSecret: () => undefined, ca: h.conn.ca }),
      ca: h.conn.ca,
    });
    const layer = randomBytes(100_000);
    const config = Buffer.from(
      JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
    );
    await client.uploadBlob('app', blobFromBytes(layer));
    await client.uploadBlob('app', blobFromBytes(config));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config: { mediaType: MEDIA_TYPES.ociConfig, digest: sha256Digest(config), size: config.length },
        layers: [{ mediaType: MEDIA_TYPES.ociLayer, digest: sha256Digest(layer), size: layer.length }],
      }),
    );
    const digest = await client.putManifest('app', 'v1', manifest, MEDIA_TYPES.ociManifest);
    expect((await client.getManifest('app', 'v1')).digest).toBe(digest);
    expect(await h.plane.registries.find('dev')?.hasManifest('app', digest)).toBe(true);
    const counters = (await admin(h, 'GET', '/v1/registries/dev/counters')) as {
      requests: Record<string, number>;
    };
    expect(counters.requests).toMatchObject({ blobUploadStart: 2, blobUploadPut: 2, manifestPut: 1 });
  });
});

describe('a plane whose forced docker-registry is missing', () => {
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
