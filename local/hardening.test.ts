// Issue 15, items 13-15, through the plane over HTTPS with the real SDK: asset names and versions
// validated as Azure does (400 {error: {code, message, target}}), request bodies over 4 MiB answered
// 413 in ARM's shape and never stored, and deletes that remove the files the resource owned.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datastoreBlobServiceUrl } from '../shared/azure/local-plane.js';
import {
  armRequest,
  createDeployment,
  createEndpoint,
  detailCode,
  FAKE_MODEL,
  type Harness,
  POLL,
  registerModel,
  rejection,
  setTraffic,
  startHarness,
  wsPath,
} from './testing/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const modelBody = (h: Harness) => ({
  properties: {
    modelUri: `azureml://subscriptions/${h.conn.subscriptionId}/resourcegroups/${h.rg}/workspaces/dev/datastores/workspaceblobstore/paths/LocalUpload/x`,
  },
});

describe('asset names and versions (item 13)', () => {
  it.each([
    ['a path in the version', 'ok-name', '..%2F..%2Fx', 'version'],
    ['a space in the version', 'ok-name', '1%201', 'version'],
    ['a NUL in the version', 'ok-name', '1%00', 'version'],
    ['400 digits as the version', 'ok-name', '9'.repeat(400), 'version'],
    ['a path as the name', '..%2F..%2Fx', '1', 'name'],
    ['a NUL in the name', 'a%00b', '1', 'name'],
  ])('refuses %s with 400 BadArgument and its target', async (_why, name, version, target) => {
    const res = await armRequest(
      h.conn,
      'PUT',
      `${wsPath(h.conn, 'dev')}/models/${name}/versions/${version}?api-version=2022-10-01`,
      modelBody(h),
    );
    expect(res.status).toBe(400);
    const error = (res.body as { error: { code: string; message: string; target?: string } }).error;
    expect(error.code).toBe('BadArgument');
    expect(error.target).toBe(target);
    expect(error.message).toMatch(/must match/);
    expect(error.message).not.toContain('\u0000');
  });

  it('refuses a bad version through the SDK, and nothing is registered', async () => {
    const e = await rejection(h.client.modelVersions.createOrUpdate(h.rg, 'dev', 'm13', 'a b', modelBody(h)));
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe('BadArgument');
    expect(detailCode(e)).toBe('InvalidAssetVersion');
    const list = [];
    for await (const c of h.client.modelContainers.list(h.rg, 'dev')) list.push(c.name);
    expect(list).not.toContain('m13');
  });

  it('accepts the versions Azure accepts (1, 1.0.2, v2_rc-1)', async () => {
    for (const v of ['1', '1.0.2', 'v2_rc-1']) {
      await expect(
        h.client.modelVersions.createOrUpdate(h.rg, 'dev', 'm13ok', v, modelBody(h)),
      ).resolves.toMatchObject({
        name: v,
      });
    }
  });

  it('answers a broken percent-encoding with 400, not 500', async () => {
    const res = await armRequest(h.conn, 'GET', `${wsPath(h.conn, 'dev')}/models/%zz?api-version=2022-10-01`);
    expect(res.status).toBe(400);
    expect((res.body as { error: { code: string } }).error.code).toBe('InvalidRequestUri');
  });
});

describe('request bodies over 4 MiB (item 14)', () => {
  it('answers 413 in ARM error shape through the SDK, and the state file stays small', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const e = await rejection(
      h.client.modelVersions.createOrUpdate(h.rg, 'dev', 'm14', '1', {
        properties: { ...modelBody(h).properties, description: big },
      }),
    );
    expect(e.statusCode).toBe(413);
    expect(e.code).toBe('RequestEntityTooLarge');
    expect(e.message).toMatch(/4 MiB/);
    expect(statSync(path.join(h.stateDir, 'plane-state.json')).size).toBeLessThan(1024 * 1024);
    // The plane still answers, and quickly serves the next request.
    await expect(h.client.workspaces.get(h.rg, 'dev')).resolves.toMatchObject({ name: 'dev' });
  });

  it('answers a 70 MB body with 413 rather than a reset connection', async () => {
    const res = await armRequest(
      h.conn,
      'PUT',
      `${wsPath(h.conn, 'dev')}/models/m14b/versions/1?api-version=2022-10-01`,
      { properties: { ...modelBody(h).properties, description: 'y'.repeat(70 * 1024 * 1024) } },
    );
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'RequestEntityTooLarge' } });
  });
});

describe('deletes remove what the resource owned (item 15)', () => {
  const blobs = async (prefix: string): Promise<string[]> => {
    const ds = await h.client.datastores.get(h.rg, 'dev', 'workspaceblobstore');
    const secrets = (await h.client.datastores.listSecrets(h.rg, 'dev', 'workspaceblobstore')) as {
      key: string;
    };
    const props = ds.properties as { accountName: string; containerName: string };
    const container = new BlobServiceClient(
      datastoreBlobServiceUrl(ds.properties as never),
      new StorageSharedKeyCredential(props.accountName, secrets.key),
    ).getContainerClient(props.containerName);
    const names: string[] = [];
    for await (const b of container.listBlobsFlat({ prefix })) names.push(b.name);
    return names;
  };

  it('deleting an endpoint removes its deployments folder', async () => {
    const model = await registerModel(h, 'dev', 'm15e', '1', FAKE_MODEL);
    await createEndpoint(h, 'dev', 'ep-gone');
    await createDeployment(h, 'dev', 'ep-gone', 'blue', model);
    await setTraffic(h, 'dev', 'ep-gone', { blue: 100 });
    const dir = path.join(h.stateDir, 'deployments', 'dev', 'ep-gone');
    expect(readdirSync(path.join(dir, 'blue', 'model')).length).toBeGreaterThan(0);
    await h.client.onlineEndpoints.beginDeleteAndWait(h.rg, 'dev', 'ep-gone', POLL);
    expect(existsSync(dir)).toBe(false);
  });

  it('deleting a deployment removes its folder', async () => {
    const model = await registerModel(h, 'dev', 'm15d', '1', FAKE_MODEL);
    await createEndpoint(h, 'dev', 'ep-keep');
    await createDeployment(h, 'dev', 'ep-keep', 'green', model);
    const dir = path.join(h.stateDir, 'deployments', 'dev', 'ep-keep', 'green');
    expect(existsSync(dir)).toBe(true);
    await h.client.onlineDeployments.beginDeleteAndWait(h.rg, 'dev', 'ep-keep', 'green', POLL);
    expect(existsSync(dir)).toBe(false);
  });

  it('deleting a model version removes its blobs, but not those another version still uses', async () => {
    await registerModel(h, 'dev', 'm15m', '1', FAKE_MODEL);
    expect((await blobs('LocalUpload/m15m/1/')).length).toBeGreaterThan(0);
    const v1 = await h.client.modelVersions.get(h.rg, 'dev', 'm15m', '1');
    // Version 2 re-registers the same content (as register-model does for an unchanged folder).
    await h.client.modelVersions.createOrUpdate(h.rg, 'dev', 'm15m', '2', {
      properties: { modelUri: v1.properties.modelUri },
    });
    await h.client.modelVersions.delete(h.rg, 'dev', 'm15m', '1');
    expect((await blobs('LocalUpload/m15m/1/')).length).toBeGreaterThan(0);
    await h.client.modelVersions.delete(h.rg, 'dev', 'm15m', '2');
    expect(await blobs('LocalUpload/m15m/1/')).toEqual([]);
  });
});
