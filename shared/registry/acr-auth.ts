// ACR's sign-in for Entra identities (no admin user): the Entra token is exchanged at
// `/oauth2/exchange` for a registry refresh token, which buys access tokens per scope at
// `/oauth2/token`. Tokens are cached until shortly before they expire, so a push of many blobs
// signs in once per repository; a refresh token the registry no longer accepts is re-exchanged
// once. Every token goes to `onSecret` (the masker) before anything could print it, and no token
// is ever sent to a host other than the login server.
import type { TokenCredential } from '@azure/core-auth';
import { RolloutError } from '../errors.js';
import { HttpError, requestJson } from '../http/request.js';
import type { RetryPolicy } from '../http/retry.js';
import type { RegistryAuth } from './auth.js';
import type { RegistryChallenge } from './challenge.js';

/** The user name ACR expects beside a refresh token (docker/buildah/skopeo login). */
export const ACR_REFRESH_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
/** The Entra audience of ACR's data plane; registries created before it existed take ARM's. */
export const ACR_ENTRA_SCOPE = 'https://containerregistry.azure.net/.default';

/** A token is replaced this long before it expires, so it never expires mid-request. */
const EXPIRY_MARGIN_MS = 5 * 60_000;
/** When neither the token (a JWT) nor the response says: ACR's own lifetimes, shortened. */
const DEFAULT_REFRESH_MS = 60 * 60_000;
const DEFAULT_ACCESS_MS = 10 * 60_000;

export interface AcrAuthOptions {
  /** Called with every token before it is used (the host's masker). */
  onSecret: (value: string) => void;
  /** The Entra tenant of the identity (ACR asks for it on exchange for guest identities). */
  tenant?: string | undefined;
  /** PEM of a CA to trust for the login server (the local plane's). */
  ca?: string | undefined;
  /** Entra scope (default ACR_ENTRA_SCOPE; `https://management.azure.com/.default` for old ones). */
  entraScope?: string | undefined;
  mask?: ((text: string) => string) | undefined;
  log?: ((line: string) => void) | undefined;
  retry?: RetryPolicy | undefined;
  signal?: AbortSignal | undefined;
}

interface Cached {
  token: string;
  expiresAt: number;
}

export class RegistryAuthFailedError extends RolloutError {
  constructor(loginServer: string, message: string, remediation: string, cause?: unknown) {
    super('RegistryAuthFailed', `registry ${loginServer}: ${message}`, {
      resource: loginServer,
      remediation,
      ...(cause === undefined ? {} : { cause }),
    });
    this.name = 'RegistryAuthFailedError';
  }
}

/** `host[:port]` of a login server given as a host or a URL. */
export function loginServerHost(loginServer: string): string {
  return /^[a-z]+:\/\//i.test(loginServer) ? new URL(loginServer).host : loginServer.replace(/\/+$/, '');
}

export function acrAuth(
  loginServer: string,
  credential: TokenCredential,
  options: AcrAuthOptions,
): RegistryAuth {
  const host = loginServerHost(loginServer);
  const origin = `https://${host}`;
  let refresh: Cached | undefined;
  let refreshing: Promise<Cached> | undefined;
  const access = new Map<string, Cached | Promise<Cached>>();
  const fresh = (c: Cached | undefined) => c !== undefined && c.expiresAt - EXPIRY_MARGIN_MS > Date.now();
  const secret = (value: string) => {
    options.onSecret(value);
    return value;
  };
  const post = async <T>(url: string, form: [string, string][]) =>
    (
      await requestJson<T>({
        url,
        method: 'POST',
        body: new URLSearchParams(form).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        ca: options.ca,
        mask: options.mask,
        log: options.log,
        signal: options.signal,
        ...(options.retry ? { retry: options.retry } : {}),
      })
    ).json;

  async function exchange(service: string): Promise<Cached> {
    const scope = options.entraScope ?? ACR_ENTRA_SCOPE;
    const entra = await credential.getToken(scope, options.signal ? { abortSignal: options.signal } : {});
    if (!entra?.token) {
      throw new RegistryAuthFailedError(
        host,
        `the Entra credential gave no token for ${scope}`,
        'check the workflow sign-in (azure/login, OIDC federation or the service connection)',
      );
    }
    secret(entra.token);
    const form: [string, string][] = [
      ['grant_type', 'access_token'],
      ['service', service],
      ['access_token', entra.token],
    ];
    if (options.tenant) form.push(['tenant', options.tenant]);
    let body: { refresh_token?: string };
    try {
      body = await post(`${origin}/oauth2/exchange`, form);
    } catch (e) {
      throw refused(e, 'refused to exchange the Entra token for a registry refresh token');
    }
    if (!body.refresh_token) throw refused(undefined, 'answered the token exchange without a refresh_token');
    return {
      token: secret(body.refresh_token),
      expiresAt: expiry(body.refresh_token, undefined, DEFAULT_REFRESH_MS),
    };
  }

  async function refreshToken(service: string): Promise<Cached> {
    if (fresh(refresh)) return refresh as Cached;
    refreshing ??= exchange(service).finally(() => (refreshing = undefined));
    refresh = await refreshing;
    return refresh;
  }

  async function accessToken(realm: string, service: string, scope: string | undefined): Promise<Cached> {
    const ask = async (rt: Cached) => {
      const form: [string, string][] = [
        ['grant_type', 'refresh_token'],
        ['service', service],
        ['refresh_token', rt.token],
      ];
      // Distribution's token protocol repeats `scope` once per scope.
      for (const s of (scope ?? '').split(' ').filter(Boolean)) form.push(['scope', s]);
      const body = await post<{ access_token?: string; expires_in?: number }>(realm, form);
      if (!body.access_token) throw refused(undefined, 'answered the token request without an access_token');
      return {
        token: secret(body.access_token),
        expiresAt: expiry(body.access_token, body.expires_in, DEFAULT_ACCESS_MS),
      };
    };
    const rt = await refreshToken(service);
    try {
      return await ask(rt);
    } catch (e) {
      if (!isRefusal(e)) throw refused(e, `could not get an access token for '${scope ?? 'the registry'}'`);
      // The refresh token expired or was revoked: exchange a new one, once.
      if (refresh === rt) refresh = undefined;
      const again = await refreshToken(service);
      try {
        return await ask(again);
      } catch (e2) {
        throw refused(
          e2,
          `refused an access token for '${scope ?? 'the registry'}' with a fresh refresh token`,
        );
      }
    }
  }

  function refused(cause: unknown, what: string): RegistryAuthFailedError {
    if (cause instanceof RegistryAuthFailedError) return cause;
    const status = cause instanceof HttpError && cause.status !== undefined ? ` (HTTP ${cause.status})` : '';
    return new RegistryAuthFailedError(
      host,
      `${what}${status}`,
      `give the signed-in identity the AcrPush role (AcrPull to read) on registry ${host}` +
        (options.tenant ? '' : ", and pass its tenant when it is a guest in the registry's tenant"),
      cause,
    );
  }

  return {
    async authorize(challenge: RegistryChallenge): Promise<string> {
      const service = challenge.service ?? host;
      if (challenge.scheme === 'Basic') {
        const rt = await refreshToken(service);
        return `Basic ${Buffer.from(`${ACR_REFRESH_TOKEN_USER}:${rt.token}`).toString('base64')}`;
      }
      const realm = challenge.realm ?? `${origin}/oauth2/token`;
      if (new URL(realm).origin !== origin) {
        throw new RegistryAuthFailedError(
          host,
          `its challenge sends tokens to another host (${new URL(realm).origin})`,
          'sign in to that registry directly; the suite sends ACR tokens only to the login server',
        );
      }
      const key = `${realm} ${service} ${challenge.scope ?? ''}`;
      const hit = access.get(key);
      if (hit && !(hit instanceof Promise) && fresh(hit)) return `Bearer ${hit.token}`;
      if (hit instanceof Promise) return `Bearer ${(await hit).token}`;
      const pending = accessToken(realm, service, challenge.scope);
      access.set(key, pending);
      try {
        const token = await pending;
        access.set(key, token);
        return `Bearer ${token.token}`;
      } catch (e) {
        access.delete(key);
        throw e;
      }
    },
    async loginSecret() {
      const rt = await refreshToken(host);
      return { username: ACR_REFRESH_TOKEN_USER, password: rt.token };
    },
  };
}

function isRefusal(e: unknown): boolean {
  return e instanceof HttpError && (e.status === 401 || e.status === 403);
}

/** When a token expires: the JWT's `exp` when it is one, else the response's `expires_in`, else
 * the default. ACR's tokens are JWTs; the local plane's may not be. */
export function expiry(
  token: string,
  expiresIn: number | undefined,
  fallbackMs: number,
  now = Date.now(),
): number {
  const payload = token.split('.')[1];
  if (payload) {
    try {
      const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
      if (typeof exp === 'number' && Number.isFinite(exp)) return exp * 1000;
    } catch {
      // Not a JWT: fall through.
    }
  }
  if (typeof expiresIn === 'number' && expiresIn > 0) return now + expiresIn * 1000;
  return now + fallbackMs;
}
