// acrAuth and the registry client's sign-in, against a real HTTPS peer on loopback trusted through
// the plane's test CA: a small ACR token service (exchange, token) with a registry route that
// challenges the way ACR does. Covers the state machine: one exchange, access tokens cached per
// scope until near expiry, a refresh token the registry no longer takes re-exchanged once, refusals
// as RegistryAuthFailed with a remediation, every token through onSecret, none printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensurePlaneTls } from '../local/certs.js';
import { describeError } from '../shared/errors.js';
import {
  ACR_REFRESH_TOKEN_USER,
  acrAuth,
  expiry,
  RegistryAuthFailedError,
} from '../shared/registry/acr-auth.js';
import { RegistryClient } from '../shared/registry/client.js';
import { SecretMasker } from '../shared/secrets.js';

const ENTRA = 'entra-token-for-acr-0123456789';
const NO_RETRY = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

/** The peer's state: counters, the refresh tokens it still accepts, its faults. */
const peer = {
  exchanges: 0,
  tokens: 0,
  scopesAsked: [] as string[][],
  valid: new Set<string>(),
  accessValid: new Set<string>(),
  refuseExchange: false,
  refuseTokens: false,
  accessExpiresIn: 3600,
  lastExchange: {} as Record<string, string>,
};
let server: Server;
let host: string;
let ca: string;
const dir = mkdtempSync(path.join(tmpdir(), 'acr-auth-'));

const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: ENTRA, expiresOnTimestamp: Date.now() + 3600_000 }),
};

beforeAll(async () => {
  const tls = await ensurePlaneTls(dir);
  ca = tls.ca;
  server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (req.url === '/oauth2/exchange' && req.method === 'POST') {
        peer.exchanges++;
        peer.lastExchange = Object.fromEntries(form);
        if (peer.refuseExchange || form.get('access_token') !== ENTRA || form.get('service') !== host)
          return json(401, { errors: [{ code: 'UNAUTHORIZED' }] });
        const rt = `refresh-${peer.exchanges}-abcdefgh`;
        peer.valid.add(rt);
        return json(200, { refresh_token: rt });
      }
      if (req.url === '/oauth2/token' && req.method === 'POST') {
        peer.tokens++;
        peer.scopesAsked.push(form.getAll('scope'));
        if (peer.refuseTokens || !peer.valid.has(form.get('refresh_token') ?? ''))
          return json(401, { errors: [{ code: 'UNAUTHORIZED', message: 'refresh token expired' }] });
        const at = `access-${peer.tokens}-abcdefgh`;
        peer.accessValid.add(at);
        return json(200, { access_token: at, expires_in: peer.accessExpiresIn });
      }
      if (req.url?.startsWith('/v2/')) {
        const auth = req.headers.authorization ?? '';
        if (auth.startsWith('Bearer ') && peer.accessValid.has(auth.slice(7))) return json(200, {});
        const repo = /^\/v2\/(.+)\/manifests\//.exec(req.url)?.[1];
        res.writeHead(401, {
          'www-authenticate':
            `Bearer realm="https://${host}/oauth2/token",service="${host}"` +
            (repo ? `,scope="repository:${repo}:pull"` : ''),
        });
        return res.end();
      }
      json(404, {});
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `localhost:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  Object.assign(peer, {
    exchanges: 0,
    tokens: 0,
    scopesAsked: [],
    refuseExchange: false,
    refuseTokens: false,
    accessExpiresIn: 3600,
  });
  peer.valid.clear();
  peer.accessValid.clear();
});

function signIn(extra: { tenant?: string } = {}) {
  const masker = new SecretMasker();
  const secrets: string[] = [];
  const auth = acrAuth(host, credential, {
    onSecret: (v) => {
      secrets.push(v);
      masker.add(v);
    },
    ca,
    retry: NO_RETRY,
    mask: (t) => masker.mask(t),
    ...extra,
  });
  return { auth, secrets, masker };
}

const challenge = (scope?: string) => ({
  scheme: 'Bearer' as const,
  realm: `https://${host}/oauth2/token`,
  service: host,
  ...(scope ? { scope } : {}),
});

describe('acrAuth', () => {
  it('exchanges once, then caches an access token per scope; every token goes to onSecret first', async () => {
    const { auth, secrets } = signIn({ tenant: 'tenant-1' });
    const a = await auth.authorize(challenge('repository:app:pull,push'));
    expect(a).toBe('Bearer access-1-abcdefgh');
    expect(await auth.authorize(challenge('repository:app:pull,push'))).toBe(a);
    expect(await auth.authorize(challenge('repository:other:pull'))).toBe('Bearer access-2-abcdefgh');
    expect(peer.exchanges).toBe(1);
    expect(peer.tokens).toBe(2);
    expect(peer.lastExchange).toMatchObject({
      grant_type: 'access_token',
      service: host,
      tenant: 'tenant-1',
    });
    expect(secrets).toEqual([ENTRA, 'refresh-1-abcdefgh', 'access-1-abcdefgh', 'access-2-abcdefgh']);
    expect(await auth.loginSecret()).toEqual({
      username: ACR_REFRESH_TOKEN_USER,
      password: 'refresh-1-abcdefgh',
    });
  });

  it('sends each scope of a multi-scope challenge as its own form field', async () => {
    const { auth } = signIn();
    await auth.authorize(challenge('repository:app:pull,push repository:base:pull'));
    expect(peer.scopesAsked).toEqual([['repository:app:pull,push', 'repository:base:pull']]);
  });

  it('asks again for an access token that is about to expire', async () => {
    peer.accessExpiresIn = 60; // inside the five-minute margin
    const { auth } = signIn();
    await auth.authorize(challenge('repository:app:pull'));
    await auth.authorize(challenge('repository:app:pull'));
    expect(peer.tokens).toBe(2);
    expect(peer.exchanges).toBe(1);
  });

  it('re-exchanges once when the registry no longer takes the refresh token', async () => {
    const { auth } = signIn();
    await auth.authorize(challenge('repository:app:pull'));
    peer.valid.clear(); // the refresh token expired on the registry's side
    expect(await auth.authorize(challenge('repository:app:push'))).toBe('Bearer access-3-abcdefgh');
    expect(peer.exchanges).toBe(2);
    expect((await auth.loginSecret()).password).toBe('refresh-2-abcdefgh');
  });

  it('fails with RegistryAuthFailed after one re-exchange when tokens stay refused, printing no token', async () => {
    const { auth, masker } = signIn();
    peer.refuseTokens = true;
    const e = await auth.authorize(challenge('repository:app:pull')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RegistryAuthFailedError);
    expect(e).toMatchObject({ code: 'RegistryAuthFailed', remediation: expect.stringMatching(/AcrPush/) });
    expect(peer.exchanges).toBe(2);
    const line = describeError(e);
    expect(line).toMatch(/HTTP 401/);
    expect(line).not.toMatch(/refresh-|access-|entra-token/);
    expect(masker.mask(`${line} ${ENTRA} refresh-1-abcdefgh`)).not.toMatch(/refresh-1|entra-token/);
  });

  it('fails with RegistryAuthFailed when the registry refuses the Entra token', async () => {
    peer.refuseExchange = true;
    const { auth } = signIn();
    await expect(auth.loginSecret()).rejects.toMatchObject({
      code: 'RegistryAuthFailed',
      message: expect.stringMatching(/refused to exchange the Entra token/),
      remediation: expect.stringMatching(/AcrPush.*tenant/),
    });
  });

  it('never sends a token to a realm on another host', async () => {
    const { auth } = signIn();
    await expect(
      auth.authorize({ ...challenge('repository:a:pull'), realm: 'https://evil.example/token' }),
    ).rejects.toMatchObject({
      code: 'RegistryAuthFailed',
    });
    expect(peer.exchanges).toBe(0);
  });

  it('answers a Basic challenge with the refresh-token user', async () => {
    const { auth } = signIn();
    const header = await auth.authorize({ scheme: 'Basic', realm: 'x' });
    expect(Buffer.from(header.slice(6), 'base64').toString()).toBe(
      `${ACR_REFRESH_TOKEN_USER}:refresh-1-abcdefgh`,
    );
  });

  it('reads expiry from a JWT, else expires_in, else the default', () => {
    const jwt = `h.${Buffer.from(JSON.stringify({ exp: 2_000_000_000 })).toString('base64url')}.s`;
    expect(expiry(jwt, 10, 1000, 0)).toBe(2_000_000_000_000);
    expect(expiry('opaque', 10, 1000, 0)).toBe(10_000);
    expect(expiry('opaque', undefined, 1000, 0)).toBe(1000);
  });
});

describe('RegistryClient sign-in', () => {
  it('answers the challenge once, then reuses the token for the same scope', async () => {
    const { auth } = signIn();
    const client = new RegistryClient({ url: `https://${host}`, auth, ca, retry: NO_RETRY });
    await client.ping();
    // The repository's challenge scope is known now: reads of it go signed from the start.
    await client.headManifest('app', 'v1');
    await client.headManifest('app', 'v2');
    expect(peer.exchanges).toBe(1);
    expect(peer.scopesAsked).toEqual([[], ['repository:app:pull']]);
  });

  it('says sign-in is needed when the registry challenges and no auth was given', async () => {
    const client = new RegistryClient({ url: `https://${host}`, ca, retry: NO_RETRY });
    await expect(client.ping()).rejects.toMatchObject({ code: 'RegistryAuthFailed' });
  });

  it('does not trust the plane CA unless given it', async () => {
    const client = new RegistryClient({ url: `https://${host}`, retry: NO_RETRY });
    await expect(client.ping()).rejects.toMatchObject({ reason: expect.stringMatching(/connection failed/) });
  });
});
