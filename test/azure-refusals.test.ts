// Hardening item 10: a wrong workspace, resource group or subscription, and a token ARM refuses
// (expired, for another audience or tenant, or not valid) end with a RolloutError code, the value
// at fault and a hint naming the input to check, not the SDK's raw message. Through the gate
// step's CLI against the local plane (the real SDK; a plane.json altered to a wrong subscription,
// group or token), and through connectWorkspace's client against a real HTTPS server answering as
// ARM does for tokens the plane cannot mint, with the hints each host's users know (GitHub, Azure
// DevOps).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../local/testing/harness.js';
import type { AzureAccess } from '../shared/azure/sign-in.js';
import { connectWorkspace } from '../shared/azure/workspace.js';
import { runCli } from '../shared/cli/main.js';
import type { HostKind } from '../shared/inputs/spec.js';
import { card, GOLDEN, model } from './support/gate.js';

let h: Harness;
let tmp: string;
beforeAll(async () => {
  h = await startHarness();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'azure-refusals-'));
}, 60_000);
afterAll(async () => {
  await h?.stop();
  rmSync(tmp, { recursive: true, force: true });
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

async function gate(stateDir: string, workspace: string) {
  const reportDir = path.join(tmp, `report-${path.basename(stateDir)}-${workspace}`);
  const err: string[] = [];
  const code = await runCli(
    [
      'gate',
      '--local',
      stateDir,
      '--workspace',
      workspace,
      '--endpoint',
      'ep',
      '--golden',
      GOLDEN,
      '--model',
      model('v1'),
      '--card',
      card('v1'),
      '--report-dir',
      reportDir,
    ],
    { stdout: () => undefined, stderr: (t) => err.push(t) },
  );
  return { code, stderr: err.join('\n'), reportDir };
}

describe('aml-rollout gate against the local plane: wrong target or token', () => {
  it('a wrong workspace, subscription, resource group or token gets a code, the value and the input to check', async () => {
    const cases: Array<[string, string, RegExp, string]> = [
      [
        h.stateDir,
        'nope',
        /AzureWorkspaceNotFound: workspace 'nope' was not found in resource group/,
        "check input 'workspace'",
      ],
      [
        alteredPlane('wrong-sub', { subscriptionId: '99999999-0000-0000-0000-000000000000' }),
        'dev',
        /AzureSubscriptionNotFound: subscription '99999999-0000-0000-0000-000000000000' was not found/,
        "input 'local-state-dir'",
      ],
      [
        alteredPlane('wrong-rg', { resourceGroup: 'rg-nope' }),
        'dev',
        /AzureResourceGroupNotFound: resource group 'rg-nope' was not found/,
        "input 'local-state-dir'",
      ],
      [
        alteredPlane('wrong-token', { token: 'not-the-planes-token' }),
        'dev',
        /AzureAuthenticationFailed: Azure refused the access token \(Azure: HTTP 401 InvalidAuthenticationToken/,
        "input 'local-state-dir'",
      ],
    ];
    for (const [stateDir, ws, message, hint] of cases) {
      const r = await gate(stateDir, ws);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(hint);
      expect(r.stderr).not.toContain('not-the-planes-token');
      expect(r.stderr).not.toMatch(/RestError|at .*node_modules/);
    }
  }, 120_000);
});

describe('connectWorkspace: ARM refusing the token, as Azure words it, hinted per host', () => {
  let server: Server;
  let answer = { status: 401, code: 'ExpiredAuthenticationToken', message: '' };
  let base: string;
  beforeAll(async () => {
    const tls = path.join(h.stateDir, 'tls');
    server = createServer(
      {
        cert: readFileSync(path.join(tls, 'server.pem')),
        key: readFileSync(path.join(tls, 'server-key.pem')),
      },
      (_req, res) => {
        res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: { code: answer.code, message: answer.message } }));
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `https://localhost:${(server.address() as AddressInfo).port}`;
    cpSync(path.join(tls, 'ca.pem'), path.join(tmp, 'ca.pem'));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const access = (host: HostKind): AzureAccess => ({
    signIn: async () => ({
      method: 'client-secret',
      credential: {
        getToken: async () => ({ token: 'arm-token-xyz', expiresOnTimestamp: Date.now() + 3600_000 }),
      },
    }),
    onSecret: () => undefined,
    host,
  });
  async function read(host: HostKind) {
    const ws = await connectWorkspace(
      { workspace: 'mlw', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg' },
      access(host),
      {
        endpoint: base,
        credentialScopes: [`${base}/.default`],
        tlsOptions: { ca: readFileSync(path.join(tmp, 'ca.pem'), 'utf8') },
        retryOptions: { maxRetries: 0 },
      },
    );
    return ws.client.onlineEndpoints.get(ws.resourceGroup, ws.workspace, 'ep').catch((e: unknown) => e);
  }

  it.each([
    [
      'ExpiredAuthenticationToken',
      "The access token expiry UTC time '12/3/2026 7:00:00 AM' is earlier than current UTC time.",
      'AzureTokenExpired',
      /the Azure access token has expired/,
    ],
    [
      'InvalidAuthenticationTokenAudience',
      "The access token has been obtained for wrong audience or resource 'https://storage.azure.com'.",
      'AzureTokenWrongAudience',
      /for another audience than Azure Resource Manager/,
    ],
    [
      'InvalidAuthenticationTokenTenant',
      "The access token is from the wrong issuer 'https://sts.windows.net/x/'.",
      'AzureTokenWrongTenant',
      /from another tenant/,
    ],
  ])('401 %s', async (armCode, armMessage, code, message) => {
    answer = { status: 401, code: armCode, message: armMessage };
    const gh = (await read('github')) as {
      code: string;
      message: string;
      remediation: string;
      resource: string;
    };
    expect(gh).toMatchObject({ code, resource: 'mlw' });
    expect(gh.message).toMatch(message);
    expect(gh.message).toContain(`(Azure: HTTP 401 ${armCode}: ${armMessage})`);
    expect(gh.remediation).toContain(
      "check the sign-in inputs 'auth', 'client-id', 'tenant-id' (or the azure/login step)",
    );
    const ado = (await read('ado')) as { code: string; remediation: string };
    expect(ado.code).toBe(code);
    expect(ado.remediation).toContain("check the service connection given in input 'azure-subscription'");
    expect(ado.remediation).not.toContain('client-id');
  });

  it('a subscription the identity cannot see, and a missing resource group, name the input per host', async () => {
    answer = {
      status: 404,
      code: 'SubscriptionNotFound',
      message: "The subscription '00000000-0000-0000-0000-000000000001' could not be found.",
    };
    expect(await read('github')).toMatchObject({
      code: 'AzureSubscriptionNotFound',
      resource: '00000000-0000-0000-0000-000000000001',
      remediation: expect.stringContaining("check input 'subscription-id' (or AZURE_SUBSCRIPTION_ID)"),
    });
    expect(await read('ado')).toMatchObject({
      code: 'AzureSubscriptionNotFound',
      remediation: expect.stringContaining(
        "the subscription of the service connection in 'azure-subscription'",
      ),
    });
    answer = {
      status: 403,
      code: 'AuthorizationFailed',
      message: "The client 'x' does not have authorization.",
    };
    expect(await read('github')).toMatchObject({ code: 'AzureAuthorizationFailed', resource: 'mlw' });
    // A child resource's 404 is the caller's to read: unchanged.
    answer = {
      status: 404,
      code: 'ResourceNotFound',
      message:
        "The Resource 'Microsoft.MachineLearningServices/workspaces/mlw/onlineEndpoints/ep' was not found.",
    };
    expect(await read('github')).toMatchObject({ name: 'RestError', statusCode: 404 });
  });
});
