// `aml-rollout local up|down` runs the local plane detached, idempotently, and registers its token
// with the CI runner it runs under. (Restart survival: local/lifecycle.test.ts.)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { connectLocalPlane, LocalPlaneCredential, localPlaneClient } from '../shared/azure/local-plane.js';
import { localCommand } from '../shared/cli/commands/local.js';
import { RolloutError } from '../shared/errors.js';

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
