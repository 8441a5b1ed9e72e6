// Hardening item 10 through the real host entries: the gate's bundled entry (dist/gate/index.js,
// as the GitHub runner and the Azure DevOps agent run it, debug logging on) against a wrong
// workspace, a wrong subscription, a token the plane refuses, and an ARM that answers "token
// expired" or "wrong audience" ends with the step failed on one line that carries the RolloutError
// code and the hint naming the input to check: GitHub's `::error::`, Azure DevOps'
// `##vso[task.issue type=error]` (task-lib's spelling of `task.logissue`) and `##vso[task.complete result=Failed]`. The targets are the
// local plane (the real SDK) with its plane.json altered; the two token refusals the plane cannot
// mint come from an HTTPS server answering as ARM does, named in an altered plane.json as the
// plane's ARM endpoint. The token never appears in the log but in the host's own mask command.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../local/testing/harness.js';
import { repoRoot } from './support/bundle.js';
import { card, GOLDEN, model } from './support/gate.js';

const GATE = path.join(repoRoot, 'dist', 'gate', 'index.js');

/** The bundle as a host runs it: a clean environment plus `env`. Asynchronous: the plane answers
 * from this process, so a synchronous spawn would starve it. */
function runBundle(file: string, env: Record<string, string>, cwd: string) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const p = spawn(process.execPath, [file], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      cwd,
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let h: Harness;
let tmp: string;
let fakeArm: Server;
let fakeArmUrl: string;
/** What the fake ARM answers every request with. */
let armAnswer = { code: 'ExpiredAuthenticationToken', message: '' };

beforeAll(async () => {
  h = await startHarness();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'azure-refusals-entries-'));
  const tls = path.join(h.stateDir, 'tls');
  fakeArm = createServer(
    { cert: readFileSync(path.join(tls, 'server.pem')), key: readFileSync(path.join(tls, 'server-key.pem')) },
    (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: armAnswer }));
    },
  );
  await new Promise<void>((r) => fakeArm.listen(0, '127.0.0.1', r));
  fakeArmUrl = `https://localhost:${(fakeArm.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await new Promise<void>((r) => (fakeArm ? fakeArm.close(() => r()) : r()));
  await h?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A state dir whose plane.json is the running plane's with `change` applied. */
function alteredPlane(name: string, change: Record<string, string>): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  const conn = JSON.parse(readFileSync(path.join(h.stateDir, 'plane.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(path.join(dir, 'plane.json'), JSON.stringify({ ...conn, ...change }));
  return dir;
}

const planeToken = () =>
  (JSON.parse(readFileSync(path.join(h.stateDir, 'plane.json'), 'utf8')) as { token: string }).token;

/** The gate's inputs, by their action.yml names. */
function gateInputs(stateDir: string, workspace: string, reportDir: string): Record<string, string> {
  return {
    workspace,
    'local-state-dir': stateDir,
    endpoint: 'ep',
    golden: GOLDEN,
    model: model('v1'),
    card: card('v1'),
    'report-dir': reportDir,
  };
}

function github(inputs: Record<string, string>, name: string) {
  const output = path.join(tmp, `${name}-gh-output`);
  const summary = path.join(tmp, `${name}-gh-summary`);
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_WORKSPACE: tmp,
    RUNNER_TEMP: tmp,
    ACTIONS_STEP_DEBUG: 'true',
    RUNNER_DEBUG: '1',
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return runBundle(GATE, env, tmp);
}

function ado(inputs: Record<string, string>, name: string) {
  const agentTemp = path.join(tmp, `${name}-ado-temp`);
  mkdirSync(agentTemp, { recursive: true });
  const env: Record<string, string> = {
    TF_BUILD: 'True',
    AGENT_TEMPDIRECTORY: agentTemp,
    SYSTEM_DEFAULTWORKINGDIRECTORY: tmp,
    SYSTEM_DEBUG: 'true',
  };
  for (const [k, v] of Object.entries(inputs))
    env[`INPUT_${k.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()).toUpperCase()}`] = v;
  return runBundle(GATE, env, tmp);
}

/** `::error::` data is escaped by @actions/core (`%0A` for a newline, `%25` for `%`). */
const unescapeGithub = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

type Case = {
  name: string;
  stateDir: () => string;
  workspace: string;
  code: string;
  message: RegExp;
  hint: string;
  before?: () => void;
};

const CASES: Case[] = [
  {
    name: 'wrong workspace',
    stateDir: () => h.stateDir,
    workspace: 'nope',
    code: 'AzureWorkspaceNotFound',
    message: /workspace 'nope' was not found in resource group/,
    hint: "check input 'workspace'",
  },
  {
    name: 'wrong subscription',
    stateDir: () => alteredPlane('wrong-sub', { subscriptionId: '99999999-0000-0000-0000-000000000000' }),
    workspace: 'dev',
    code: 'AzureSubscriptionNotFound',
    message: /subscription '99999999-0000-0000-0000-000000000000' was not found/,
    hint: "input 'local-state-dir'",
  },
  {
    name: 'a token ARM refuses',
    stateDir: () => alteredPlane('wrong-token', { token: 'not-the-planes-token-4d1c' }),
    workspace: 'dev',
    code: 'AzureAuthenticationFailed',
    message: /Azure refused the access token \(Azure: HTTP 401 InvalidAuthenticationToken/,
    hint: "input 'local-state-dir'",
  },
  {
    name: 'an expired token',
    stateDir: () => alteredPlane('expired', { armEndpoint: fakeArmUrl }),
    workspace: 'dev',
    code: 'AzureTokenExpired',
    message: /the Azure access token has expired \(Azure: HTTP 401 ExpiredAuthenticationToken/,
    hint: "input 'local-state-dir'",
    before: () => {
      armAnswer = {
        code: 'ExpiredAuthenticationToken',
        message: "The access token expiry UTC time '12/3/2026 7:00:00 AM' is earlier than current UTC time.",
      };
    },
  },
  {
    name: 'a token for another audience',
    stateDir: () => alteredPlane('audience', { armEndpoint: fakeArmUrl }),
    workspace: 'dev',
    code: 'AzureTokenWrongAudience',
    message: /for another audience than Azure Resource Manager/,
    hint: "input 'local-state-dir'",
    before: () => {
      armAnswer = {
        code: 'InvalidAuthenticationTokenAudience',
        message:
          "The access token has been obtained for wrong audience or resource 'https://storage.azure.com'.",
      };
    },
  },
];

describe('wrong workspace, subscription or token through the bundled gate entry, on both hosts', () => {
  it('the bundle is built (npm run build)', () => {
    expect(existsSync(GATE), `${GATE} is missing: run npm run build`).toBe(true);
  });

  it.each(CASES)('$name: GitHub fails the step with ::error:: carrying the code and the hint', async (c) => {
    c.before?.();
    const reportDir = path.join(tmp, `gh-report-${c.code}`);
    const r = await github(gateInputs(c.stateDir(), c.workspace, reportDir), c.code);
    expect(r.status, r.stdout.slice(-3000)).toBe(1);
    const errors = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('::error'))
      .map(unescapeGithub);
    const failure = errors.find((l) => l.includes(c.code));
    expect(failure, errors.join('\n')).toBeDefined();
    expect(failure).toMatch(c.message);
    expect(failure).toContain(c.hint);
    expect(failure).not.toMatch(/RestError|node_modules/);
    // No token in the log but the runner's own mask command.
    for (const token of [planeToken(), 'not-the-planes-token-4d1c'])
      expect(r.stdout.split('\n').filter((l) => l.includes(token) && !l.startsWith('::add-mask::'))).toEqual(
        [],
      );
  });

  it.each(CASES)(
    '$name: Azure DevOps logs type=error and completes Failed, both carrying the code and the hint',
    async (c) => {
      c.before?.();
      const reportDir = path.join(tmp, `ado-report-${c.code}`);
      const r = await ado(gateInputs(c.stateDir(), c.workspace, reportDir), c.code);
      expect(r.status, r.stdout.slice(-3000)).not.toBe(0);
      expect(r.stdout).toContain('##vso[task.debug]');
      const lines = r.stdout.split('\n');
      const issue = lines.find((l) => /^##vso\[task\.(log)?issue type=error/.test(l) && l.includes(c.code));
      expect(issue, lines.filter((l) => l.startsWith('##vso[')).join('\n')).toBeDefined();
      expect(issue).toMatch(c.message);
      expect(issue).toContain(c.hint);
      const complete = lines.filter((l) => l.startsWith('##vso[task.complete')).at(-1);
      expect(complete).toMatch(/^##vso\[task\.complete result=Failed;\]/);
      expect(complete).toContain(c.code);
      expect(complete).toContain(c.hint);
      expect(issue).not.toMatch(/RestError|node_modules/);
      for (const token of [planeToken(), 'not-the-planes-token-4d1c'])
        expect(lines.filter((l) => l.includes(token) && !l.startsWith('##vso[task.setsecret]'))).toEqual([]);
    },
  );
});
