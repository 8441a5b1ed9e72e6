// OIDC federation outlives the GitHub assertion: every Azure token refresh asks the runner for a
// fresh ID token. Real pieces: @actions/core's getIDToken against a local runner token service,
// @azure/identity's ClientAssertionCredential (MSAL) against a local Entra token endpoint over HTTPS.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePlaneTls } from '../local/certs.js';
import { repoRoot } from './support/bundle.js';

const TENANT = '72f988bf-0000-4000-8000-000000000001';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const RUNNER_TOKEN = 'runner-request-token-9a8b7c';
const SERVICE_CONNECTION = 'sc-detector-dev';

let dir: string;
let runner: Server;
let entra: Server;
let caCertPath: string;
let idTokensIssued = 0;
const assertionsSeen: string[] = [];

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (d: Buffer) => {
      s += d.toString();
    });
    req.on('end', () => resolve(s));
  });
const listen = (s: Server) =>
  new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'oidc-'));
  const tls = await ensurePlaneTls(dir);
  caCertPath = tls.caCertPath;

  // The runner's ID token service (ACTIONS_ID_TOKEN_REQUEST_URL): a new token per request.
  // Azure DevOps's System.OidcRequestUri answers a POST per service connection with {oidcToken}.
  runner = createHttpServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${RUNNER_TOKEN}`) {
      res.writeHead(401).end();
      return;
    }
    idTokensIssued++;
    res.writeHead(200, { 'content-type': 'application/json' });
    const ado =
      new URL(req.url ?? '/', 'http://x').searchParams.get('serviceConnectionId') === SERVICE_CONNECTION;
    res.end(
      JSON.stringify(
        ado && req.method === 'POST'
          ? { oidcToken: `oidc-assertion-${idTokensIssued}` }
          : { value: `oidc-assertion-${idTokensIssued}` },
      ),
    );
  });
  const runnerPort = await listen(runner);
  process.env.TEST_RUNNER_URL = `http://127.0.0.1:${runnerPort}/idtoken?api-version=2.0`;
  process.env.TEST_ADO_OIDC_URL = `http://127.0.0.1:${runnerPort}/oidctoken`;

  // Entra ID: OpenID metadata and a token endpoint issuing short-lived tokens, so each getToken renews.
  let base = '';
  entra = createHttpsServer({ cert: tls.cert, key: tls.key }, async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    res.setHeader('content-type', 'application/json');
    if (url.pathname.endsWith('/.well-known/openid-configuration')) {
      res.end(
        JSON.stringify({
          token_endpoint: `${base}/${TENANT}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/${TENANT}/oauth2/v2.0/authorize`,
          issuer: `${base}/${TENANT}/v2.0`,
          end_session_endpoint: `${base}/${TENANT}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/${TENANT}/discovery/v2.0/keys`,
        }),
      );
      return;
    }
    if (url.pathname === `/${TENANT}/oauth2/v2.0/token` && req.method === 'POST') {
      const form = new URLSearchParams(await body(req));
      assertionsSeen.push(form.get('client_assertion') ?? '');
      // Within MSAL's 5-minute renewal window: the next getToken must renew, with a new assertion.
      res.end(
        JSON.stringify({
          token_type: 'Bearer',
          expires_in: 60,
          ext_expires_in: 60,
          access_token: `arm-token-${assertionsSeen.length}`,
        }),
      );
      return;
    }
    res.writeHead(404).end(JSON.stringify({ error: 'not_found' }));
  });
  base = `https://127.0.0.1:${await listen(entra)}`;
  process.env.TEST_AUTHORITY = base;
});

afterAll(() => {
  runner?.close();
  entra?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(env: Record<string, string>) {
  assertionsSeen.length = 0;
  // Asynchronously: the token service and Entra stand-ins answer from this same process.
  const r = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'test/support/oidc-signin.ts')],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        AZURE_AUTHORITY_HOST: process.env.TEST_AUTHORITY ?? '',
        NODE_EXTRA_CA_CERTS: caCertPath,
        TOKEN_COUNT: '3',
        ...env,
      },
    },
  ).catch((e: { stdout?: string; stderr?: string }) => ({
    stdout: e.stdout ?? '',
    stderr: e.stderr ?? String(e),
  }));
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  expect(line, r.stderr + r.stdout).toBeDefined();
  const result = JSON.parse((line ?? '').slice('RESULT '.length)) as { method: string; tokens: string[] };
  expect(result.method).toBe('oidc');
  expect(result.tokens).toEqual(['arm-token-1', 'arm-token-2', 'arm-token-3']);
  // Each renewal carried an assertion the token service had just issued, never one used before.
  // (The identity library may ask more often than it renews; it never reuses an old one.)
  expect(assertionsSeen).toHaveLength(3);
  expect(new Set(assertionsSeen).size).toBe(3);
  const serial = assertionsSeen.map((a) => Number(/^oidc-assertion-(\d+)$/.exec(a)?.[1]));
  expect(serial.every((n, i) => n > (serial[i - 1] ?? 0) && n <= idTokensIssued)).toBe(true);
  return r.stdout;
}

describe('OIDC federation', () => {
  it('GitHub: every Azure token renewal asks the runner for a fresh ID token', async () => {
    const stdout = await signIn({
      GITHUB_ACTIONS: 'true',
      ACTIONS_ID_TOKEN_REQUEST_URL: process.env.TEST_RUNNER_URL ?? '',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: RUNNER_TOKEN,
      'INPUT_CLIENT-ID': CLIENT,
      'INPUT_TENANT-ID': TENANT,
    });
    // getIDToken registers each assertion as a secret; it never appears unmasked in our output.
    for (const a of assertionsSeen) {
      expect(stdout.split('\n').filter((l) => l.includes(a) && !l.startsWith('::add-mask::'))).toEqual([]);
    }
  });

  it('Azure DevOps: a workload identity connection asks the pipeline for a fresh token on every renewal', async () => {
    const upper = SERVICE_CONNECTION.toUpperCase();
    const stdout = await signIn({
      TF_BUILD: 'True',
      INPUT_AZURESUBSCRIPTION: SERVICE_CONNECTION,
      [`ENDPOINT_AUTH_SCHEME_${upper}`]: 'WorkloadIdentityFederation',
      [`ENDPOINT_AUTH_PARAMETER_${upper}_TENANTID`]: TENANT,
      [`ENDPOINT_AUTH_PARAMETER_${upper}_SERVICEPRINCIPALID`]: CLIENT,
      [`ENDPOINT_DATA_${upper}_SUBSCRIPTIONID`]: '00000000-0000-4000-8000-000000000000',
      SYSTEM_OIDCREQUESTURI: process.env.TEST_ADO_OIDC_URL ?? '',
      SYSTEM_ACCESSTOKEN: RUNNER_TOKEN,
    });
    for (const a of assertionsSeen) {
      expect(
        stdout.split('\n').filter((l) => l.includes(a) && !l.startsWith('##vso[task.setsecret]')),
      ).toEqual([]);
    }
  });
});
