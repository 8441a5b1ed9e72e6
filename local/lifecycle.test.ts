// Must-show 6 and the CLI: state survives a restart (resources, keys, a deployment serving again),
// and `aml-rollout local up|down` runs the plane detached, idempotently.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { connectLocalPlane, LocalPlaneCredential, localPlaneClient } from '../shared/azure/local-plane.js';
import { localCommand } from '../shared/cli/commands/local.js';
import { RolloutError } from '../shared/errors.js';
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

describe('aml-rollout local up|down', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aml-plane-cli-'));
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } };
  };
  afterAll(async () => {
    await localCommand.run(['down', '--state-dir', dir], io().io);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts the plane detached, prints the same JSON when already up, and stops it', async () => {
    const first = io();
    expect(await localCommand.run(['up', '--state-dir', dir, '--provision-delay-ms', '0'], first.io)).toBe(0);
    expect(first.out).toHaveLength(1);
    const info = JSON.parse(first.out[0] as string) as Record<string, unknown>;
    for (const k of [
      'armEndpoint',
      'caCertPath',
      'token',
      'subscriptionId',
      'resourceGroup',
      'workspaces',
      'azuriteBlobEndpoint',
      'adminEndpoint',
    ]) {
      expect(info).toHaveProperty(k);
    }
    expect(Object.keys(info.workspaces as object)).toEqual(expect.arrayContaining(['dev', 'prod']));
    const second = io();
    expect(await localCommand.run(['up', '--state-dir', dir], second.io)).toBe(0);
    expect(second.out).toEqual(first.out);
    // Inside a CI runner's step the printed token is registered with the runner (on stderr, so
    // stdout stays one JSON object) before it is printed.
    for (const [name, value, line] of [
      ['GITHUB_ACTIONS', 'true', `::add-mask::${info.token}`],
      ['TF_BUILD', 'True', `##vso[task.setsecret]${info.token}`],
    ] as const) {
      vi.stubEnv('GITHUB_ACTIONS', '');
      vi.stubEnv('TF_BUILD', '');
      vi.stubEnv(name, value);
      const inRunner = io();
      expect(await localCommand.run(['up', '--state-dir', dir], inRunner.io)).toBe(0);
      vi.unstubAllEnvs();
      expect(inRunner.err).toEqual([line]);
      expect(inRunner.out).toEqual(first.out);
    }

    const plane = connectLocalPlane(dir);
    const ws = await localPlaneClient(plane).workspaces.get(plane.resourceGroup, 'dev');
    expect(ws.name).toBe('dev');

    const down = io();
    expect(await localCommand.run(['down', '--state-dir', dir], down.io)).toBe(0);
    const pid = info.pid as number;
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('refuses a local credential for a non-loopback host', () => {
    expect(() => new LocalPlaneCredential('t', 'https://management.azure.com')).toThrow(RolloutError);
    expect(() => new LocalPlaneCredential('t', 'https://127.0.0.1:1234')).not.toThrow();
  });
});
