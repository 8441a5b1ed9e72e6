// The registry's token service, as ACR runs it: an Entra access token is exchanged for a refresh
// token (`/oauth2/exchange`), which buys access tokens scoped to repositories (`/oauth2/token`).
// Tokens are JWTs, because clients such as `@azure/container-registry` read a refresh token's
// `exp` to know when to exchange again; they are signed with a per-registry secret kept beside
// the registry's storage, so a plane restart does not sign every client out. The faults tests set
// (refuse every token; expire refresh tokens) live here, where the check happens.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Access } from './access.js';

/** ACR's lifetimes: refresh tokens 3 hours, access tokens 75 minutes. */
export const REFRESH_TOKEN_SECONDS = 3 * 3600;
export const ACCESS_TOKEN_SECONDS = 75 * 60;

export interface TokenFaults {
  /** Every token request (exchange and token grants) is refused with 401, as a registry denying the identity. */
  refuseTokens: boolean;
  /** Every refresh token, also ones issued later, is expired (a client re-exchanges, and fails again). */
  expireRefreshTokens: boolean;
  /** Refresh tokens issued before this time (ms) are expired. */
  refreshTokensIssuedBefore?: number;
}

interface Claims {
  jti: string;
  sub: string;
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  /** Milliseconds, so a cut-off set right after an exchange is exact. */
  iatMs: number;
  grant_type: 'refresh_token' | 'access_token';
  tenant: string;
  access?: Access[];
}

export type TokenCheck<T> = { ok: true; value: T } | { ok: false; reason: string };

export class RegistryTokens {
  readonly faults: TokenFaults = { refuseTokens: false, expireRefreshTokens: false };
  private readonly secret: Buffer;

  constructor(
    dir: string,
    private readonly loginServer: string,
    private readonly tenantId: string,
  ) {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'token-secret');
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    this.secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  }

  resetFaults(): void {
    this.faults.refuseTokens = false;
    this.faults.expireRefreshTokens = false;
    delete this.faults.refreshTokensIssuedBefore;
  }

  /** Refresh tokens issued until now count as expired; later ones work. */
  expireIssuedRefreshTokens(): void {
    this.faults.refreshTokensIssuedBefore = Date.now() + 1;
  }

  issueRefreshToken(): string {
    return this.sign('refresh_token', REFRESH_TOKEN_SECONDS);
  }

  issueAccessToken(access: Access[]): string {
    return this.sign('access_token', ACCESS_TOKEN_SECONDS, access);
  }

  checkRefreshToken(token: string): TokenCheck<Claims> {
    const c = this.verify(token, 'refresh_token');
    if (!c.ok) return c;
    const cutoff = this.faults.refreshTokensIssuedBefore;
    if (this.faults.expireRefreshTokens || (cutoff !== undefined && c.value.iatMs < cutoff)) {
      return { ok: false, reason: 'the refresh token has expired' };
    }
    return c;
  }

  /** The access an access token grants, or why it is not valid. */
  checkAccessToken(token: string): TokenCheck<Access[]> {
    const c = this.verify(token, 'access_token');
    return c.ok ? { ok: true, value: c.value.access ?? [] } : c;
  }

  private sign(grantType: Claims['grant_type'], seconds: number, access?: Access[]): string {
    const now = Date.now();
    const claims: Claims = {
      jti: randomUUID(),
      sub: 'local-plane-user@localhost',
      aud: this.loginServer,
      iss: 'Azure Container Registry',
      iat: Math.floor(now / 1000),
      nbf: Math.floor(now / 1000) - 60,
      exp: Math.floor(now / 1000) + seconds,
      iatMs: now,
      grant_type: grantType,
      tenant: this.tenantId,
      ...(access ? { access } : {}),
    };
    const head = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64(JSON.stringify(claims));
    return `${head}.${body}.${this.mac(`${head}.${body}`)}`;
  }

  private verify(token: string, grantType: Claims['grant_type']): TokenCheck<Claims> {
    const [head, body, sig] = token.split('.');
    if (!head || !body || !sig) return { ok: false, reason: 'the token is malformed' };
    const want = Buffer.from(this.mac(`${head}.${body}`));
    const given = Buffer.from(sig);
    if (want.length !== given.length || !timingSafeEqual(want, given)) {
      return { ok: false, reason: 'the token signature is invalid' };
    }
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
    } catch {
      return { ok: false, reason: 'the token is malformed' };
    }
    if (claims.grant_type !== grantType)
      return { ok: false, reason: `the token is not a ${grantType.replace('_', ' ')}` };
    if (claims.aud !== this.loginServer) return { ok: false, reason: `the token is for ${claims.aud}` };
    if (claims.exp * 1000 <= Date.now()) return { ok: false, reason: 'the token has expired' };
    return { ok: true, value: claims };
  }

  private mac(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}

function b64(s: string): string {
  return Buffer.from(s).toString('base64url');
}
