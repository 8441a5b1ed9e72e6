// Issue 15, items 11 and 12, through `aml-rollout local up|down|status`: a killed plane's children
// (Azurite, the registries' docker-registry) are reaped by the next `down` or taken over by the next
// `up` (never a second Azurite on one folder); `up` on a folder a wedged plane serves says so; health
// covers every child and Azurite that dies is restarted; a stopped plane is named as such.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectLocalPlane, processAlive } from '../shared/azure/local-plane.js';
import { localCommand } from '../shared/cli/commands/local.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'aml-plane-crash-'));

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await localCommand.run([...argv, '--state-dir', dir], {
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => err.push(t),
  });
  return { code, out, err };
}

/** Live processes whose command line names a path inside the state dir, by what they are. */
function serving(): { pid: number; what: 'plane' | 'azurite' | 'registry' | 'other' }[] {
  const found: { pid: number; what: 'plane' | 'azurite' | 'registry' | 'other' }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!args.some((a) => a === dir || a.startsWith(`${dir}/`))) continue;
    const what = args.includes('serve-plane')
      ? 'plane'
      : args.includes(path.join(dir, 'azurite'))
        ? 'azurite'
        : args[0]?.endsWith('docker-registry')
          ? 'registry'
          : 'other';
    found.push({ pid: Number(entry), what });
  }
  return found;
}
const count = (what: string) => serving().filter((p) => p.what === what).length;

async function until<T>(f: () => Promise<T> | T, ok: (t: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last = await f();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    last = await f();
  }
  return last;
}

afterAll(async () => {
  await cli('down');
  for (const p of serving()) process.kill(p.pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('a plane that dies, or whose children die', () => {
  it('restarts a dead Azurite, and status covers every child (item 12)', async () => {
    const up = await cli('up', '--provision-delay-ms', '0');
    expect(up.code).toBe(0);
    const status = await cli('status');
    expect(status.code).toBe(0);
    const health = JSON.parse(status.out[0] as string) as {
      ok: boolean;
      children: { role: string; pid: number; alive: boolean }[];
    };
    expect(health.ok).toBe(true);
    const roles = health.children.map((c) => c.role);
    expect(roles).toContain('azurite');
    const azurite = health.children.find((c) => c.role === 'azurite')?.pid as number;
    expect(serving().find((p) => p.pid === azurite)?.what).toBe('azurite');

    process.kill(azurite, 'SIGKILL');
    const after = await until(
      () => cli('status'),
      (s) => s.code === 0 && !(s.out[0] ?? '').includes(`"pid":${azurite},`),
    );
    expect(after.code).toBe(0);
    const again = JSON.parse(after.out[0] as string) as {
      children: { role: string; pid: number; alive: boolean }[];
    };
    const restarted = again.children.find((c) => c.role === 'azurite');
    expect(restarted?.alive).toBe(true);
    expect(restarted?.pid).not.toBe(azurite);
    // On its port: the blob endpoint clients were given answers again.
    const info = JSON.parse(up.out[0] as string) as { azuriteBlobEndpoint: string };
    const res = await fetch(`${info.azuriteBlobEndpoint}?comp=list`);
    expect(res.status).toBeGreaterThan(0);
    expect(count('azurite')).toBe(1);
  });

  it('names a killed plane, and the next up takes its folder over with one Azurite (items 11, 12)', async () => {
    const before = JSON.parse((await cli('up')).out[0] as string) as { pid: number; armEndpoint: string };
    const children = serving().filter((p) => p.what !== 'plane').length;
    expect(count('azurite')).toBe(1);
    process.kill(before.pid, 'SIGKILL');
    await until(
      () => processAlive(before.pid),
      (a) => !a,
    );
    // Its children outlive it ...
    expect(serving().filter((p) => p.what !== 'plane').length).toBe(children);
    // ... and a command against it says what is wrong, not ECONNREFUSED.
    const message = `the local plane is not running at ${before.armEndpoint}: run \`aml-rollout local up`;
    expect(() => connectLocalPlane(dir)).toThrow(message);
    const status = await cli('status');
    expect(status.code).toBe(3);
    expect(status.err.join('\n')).toContain(message);

    const up = await cli('up', '--provision-delay-ms', '0');
    expect(up.code).toBe(0);
    expect(count('azurite')).toBe(1);
    expect(count('plane')).toBe(1);
    expect((await cli('status')).code).toBe(0);
  });

  it('says so when up finds its folder served by a plane that does not answer (item 11)', async () => {
    const plane = (
      JSON.parse((await cli('up', '--provision-delay-ms', '0')).out[0] as string) as { pid: number }
    ).pid;
    process.kill(plane, 'SIGSTOP');
    try {
      const up = await cli('up');
      expect(up.code).toBe(1);
      expect(up.err.join('\n')).toContain(`the local plane (pid ${plane}) already serves ${dir}`);
      expect(count('plane')).toBe(1);
      expect(count('azurite')).toBe(1);
    } finally {
      process.kill(plane, 'SIGCONT');
    }
  });

  it('down after the plane was killed stops every child it left (item 11)', async () => {
    const plane = (
      JSON.parse((await cli('up', '--provision-delay-ms', '0')).out[0] as string) as { pid: number }
    ).pid;
    process.kill(plane, 'SIGKILL');
    await until(
      () => processAlive(plane),
      (a) => !a,
    );
    expect(count('azurite')).toBe(1);
    const down = await cli('down');
    expect(down.code).toBe(0);
    const result = JSON.parse(down.out[0] as string) as { reaped?: { role: string }[] };
    expect(result.reaped?.map((r) => r.role)).toContain('azurite');
    expect(serving()).toEqual([]);
  });
});
