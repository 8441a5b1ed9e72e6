// The README's first command, `npm start` (`aml-rollout rehearse`), as a user runs it: the built CLI
// in a child process. Twice on a "fresh machine" (no buildah, no docker-registry, no skopeo on PATH:
// the plane serves the registry API itself) - the second run changes nothing and says so - and once
// with Debian's docker-registry (and buildah when it runs here), as CI has both. Then the prod GPU
// SKU without quota: refused before any change, naming the family, the need and the limit. Nothing
// the run knows as a secret appears in its output or in any file it wrote.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/bundle.js';

const CLI = path.join(repoRoot, 'dist', 'cli', 'index.js');
/** The plane logs every request but GETs; these are reads too. */
const READS = new Set([
  'Datastores_ListSecrets',
  'OnlineEndpoints_ListKeys',
  'OnlineEndpoints_GetToken',
  'OnlineDeployments_GetLogs',
]);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      let outputs: Record<string, string> = {};
      try {
        outputs = JSON.parse(last) as Record<string, string>;
      } catch {
        // no outputs: a failed run
      }
      resolve({ code, stdout, stderr, outputs });
    });
  });
}

/** Every file under `dir`, as text. */
function filesUnder(dir: string): { file: string; text: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => statSync(f).size < 32 * 1024 * 1024)
    .map((file) => ({ file, text: readFileSync(file, 'latin1') }));
}

/** What the run knows as secrets, read from the plane's own state. */
function planeSecrets(stateDir: string): string[] {
  const state = JSON.parse(readFileSync(path.join(stateDir, 'plane-state.json'), 'utf8')) as {
    token: string;
    amlTokenSecret: string;
    workspaces: Record<string, { endpoints: Record<string, { keys?: Record<string, string> }> }>;
  };
  const keys = Object.values(state.workspaces).flatMap((w) =>
    Object.values(w.endpoints).flatMap((e) => Object.values(e.keys ?? {})),
  );
  return [state.token, state.amlTokenSecret, ...keys].filter((s) => typeof s === 'string' && s.length >= 8);
}

async function adminCall(stateDir: string, method: string, p: string, body?: unknown): Promise<unknown> {
  const conn = JSON.parse(readFileSync(path.join(stateDir, 'plane.json'), 'utf8')) as {
    adminEndpoint: string;
  };
  const res = await fetch(`${conn.adminEndpoint}${p}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return res.status === 204 ? undefined : res.json();
}

const dirs: string[] = [];
const stops: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A PATH with node and nothing else: what a machine has after `npm ci` alone. */
function freshMachineEnv(): NodeJS.ProcessEnv {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'rehearsal-bin-'));
  dirs.push(bin);
  symlinkSync(process.execPath, path.join(bin, 'node'));
  return { ...process.env, PATH: bin, AML_LOCAL_REGISTRY: 'builtin', NO_COLOR: '1' };
}

function expectNoSecrets(stateDir: string, runs: Run[]): void {
  const secrets = planeSecrets(stateDir);
  expect(secrets.length).toBeGreaterThan(2);
  const places = [
    ...runs.flatMap((r, i) => [
      { file: `run ${i} stdout`, text: r.stdout },
      { file: `run ${i} stderr`, text: r.stderr },
    ]),
    ...filesUnder(path.join(stateDir, 'reports')),
    { file: 'rehearsal.md', text: readFileSync(path.join(stateDir, 'rehearsal.md'), 'utf8') },
  ];
  for (const { file, text } of places) {
    for (const s of secrets) expect(text.includes(s), `a secret in ${file}`).toBe(false);
    expect(text, file).not.toMatch(/[?&]sig=[A-Za-z0-9%/+]{20,}/);
    expect(text, file).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./);
  }
}

describe('npm start: the whole pipeline offline', () => {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'rehearsal-fresh-'));
  dirs.push(stateDir);
  const env = freshMachineEnv();
  stops.push(() => cli(['local', 'down', '--state-dir', stateDir], env));
  const runs: Run[] = [];

  it('on a machine with only npm ci: plane, images, dev blue-green with its gate, promote, prod GPU with its gate', async () => {
    const r = await cli(['rehearse', '--state-dir', stateDir], env);
    runs.push(r);
    expect(r.code, r.stderr.slice(-4000)).toBe(0);
    expect(r.stderr).toContain('no buildah here: the bases serve, model-layer adds models');
    expect(r.outputs).toMatchObject({ changed: 'true', deployment: 'gpu' });
    expect(r.outputs['prod-image']).toMatch(/^localhost:\d+\/detector\/inference@sha256:[0-9a-f]{64}$/);
    expect(r.outputs['prod-model']).toMatch(/^azureml:pid-symbols:\d+$/);
    const report = readFileSync(path.join(stateDir, 'rehearsal.md'), 'utf8');
    expect(report).toMatch(
      /# Dev gate[\s\S]*Detection gate: PASS[\s\S]*# Prod gate[\s\S]*Detection gate: PASS/,
    );
    expect(r.stderr).toMatch(/timeline\n/);
  }, 900_000);

  it('run again, it changes nothing and says so', async () => {
    expect(runs).toHaveLength(1);
    const r = await cli(['rehearse', '--state-dir', stateDir], env);
    runs.push(r);
    expect(r.code, r.stderr.slice(-4000)).toBe(0);
    expect(r.outputs.changed).toBe('false');
    expect(r.stderr).toContain('nothing changed: every step found its work done');
    // deploy found v2 live in dev and in prod, and went back to nothing.
    expect(r.stderr).toMatch(/deploy v2 \(dev, cpu\)[^\n]*unchanged: green already serves/);
    expect(r.stderr).toMatch(/deploy v2 \(prod, gpu\)[^\n]*unchanged: gpu already serves/);
    expectNoSecrets(stateDir, runs);
  }, 600_000);

  it('a prod GPU SKU without quota fails before any change, naming the family, the need and the limit', async () => {
    expect(runs).toHaveLength(2);
    const prod = runs[0]?.outputs as Record<string, string>;
    await adminCall(stateDir, 'DELETE', '/v1/arm-requests');
    await adminCall(stateDir, 'PUT', '/v1/quotas/standardNCASv3_T4Family', { limit: 4 });
    try {
      const r = await cli(
        [
          'deploy',
          '--local',
          stateDir,
          '--workspace',
          'prod',
          '--endpoint-file',
          path.join(repoRoot, 'fixtures/deploy/endpoint.yml'),
          '--deployment-file',
          path.join(repoRoot, 'fixtures/deploy/deployment-gpu.yml'),
          '--deployment-name',
          'gpu-wide',
          '--instance-count',
          '2',
          '--model',
          prod['prod-model'] as string,
          '--image',
          prod['prod-image'] as string,
          '--gate-golden',
          path.join(repoRoot, 'fixtures/golden'),
          '--gate-model',
          path.join(repoRoot, 'fixtures/models/v2/model.onnx'),
          '--gate-card',
          path.join(repoRoot, 'fixtures/models/v2/model-card.yaml'),
        ],
        env,
      );
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('QuotaExceeded');
      expect(r.stderr).toMatch(/Standard_NC4as_T4_v3 x 2 needs 12 cores of standardNCASv3_T4Family/);
      expect(r.stderr).toMatch(/\d+ of 4 in use/);
      const log = (await adminCall(stateDir, 'GET', '/v1/arm-requests')) as {
        value: { method: string; operationId: string }[];
      };
      expect(log.value.filter((q) => !READS.has(q.operationId))).toEqual([]);
    } finally {
      await adminCall(stateDir, 'DELETE', '/v1/quotas/standardNCASv3_T4Family');
    }
  }, 300_000);
});

const onPath = (tool: string) =>
  (process.env.PATH ?? '').split(path.delimiter).some((d) => existsSync(path.join(d, tool)));
const hasDistribution = onPath('docker-registry');

describe.skipIf(!hasDistribution)(
  "npm start with Debian's docker-registry (and buildah when it runs here)",
  () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'rehearsal-tools-'));
    dirs.push(stateDir);
    const env = { ...process.env, AML_LOCAL_REGISTRY: 'docker-registry', NO_COLOR: '1' };
    stops.push(() => cli(['local', 'down', '--state-dir', stateDir], env));

    it('completes the pipeline', async () => {
      const r = await cli(['rehearse', '--state-dir', stateDir], env);
      expect(r.code, r.stderr.slice(-4000)).toBe(0);
      expect(r.outputs.changed).toBe('true');
      expectNoSecrets(stateDir, [r]);
    }, 1_200_000);
  },
);
