// One registry of the plane as ACR serves it: an HTTPS server on loopback (the plane's test CA) with
// ACR's sign-in (`/oauth2/exchange`, `/oauth2/token`, Bearer challenges, scopes) in front of its own
// distribution server (`docker-registry`, or the plane's builtin one: ./distribution.ts), which
// holds the images under the plane's state dir. Requests that pass are streamed both ways to it;
// its error bodies pass through unchanged.
import type { ChildProcess } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import {
  Agent,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request as httpRequest,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readBody } from '../arm-http.js';
import { closeServer, listen } from '../servers.js';
import {
  AUTH_REQUIRED,
  allows,
  challenge,
  grant,
  type Need,
  needOf,
  parseScopes,
  registryError,
} from './access.js';
import { RegistryCounters, requestKind } from './counters.js';
import { type DistributionHandle, type RegistryBackend, startDistribution } from './distribution.js';
import { RegistryTokens } from './tokens.js';

/** The user name ACR expects with a refresh token as password (docker/buildah/skopeo login). */
export const ACR_TOKEN_USER = '00000000-0000-0000-0000-000000000000';

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];

export interface RegistryFrontOptions {
  /** The registry's ARM name (`localplanedev`). */
  name: string;
  /** Storage of this registry (docker-registry's data, the token signing secret). */
  dir: string;
  tls: { cert: string; key: string };
  /** The port used last time; another free one when it is taken. */
  preferredPort?: number;
  tenantId: string;
  /** The only Entra access token `/oauth2/exchange` accepts: the plane's own. */
  entraToken: () => string;
  binary?: string;
  /** Forces the distribution backend (default: AML_LOCAL_REGISTRY, else docker-registry when installed). */
  backend?: RegistryBackend;
  /** Told of the docker-registry child once it runs (the plane records it in its ledger); the builtin backend has none. */
  onChild?: (child: ChildProcess, role: string) => void;
}

export interface RegistryFront {
  name: string;
  port: number;
  /** `localhost:<port>`, as image references name the registry. */
  loginServer: string;
  counters: RegistryCounters;
  tokens: RegistryTokens;
  /** Which distribution server holds the images. */
  backend: RegistryBackend;
  /** The distribution server's own `http://127.0.0.1:<port>` (no auth; for the plane's own copies). */
  upstreamUrl: string;
  /** Whether the registry holds a manifest for `repository` at a tag or digest (asked of docker-registry directly, not counted). */
  hasManifest(repository: string, reference: string): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startRegistryFront(o: RegistryFrontOptions): Promise<RegistryFront> {
  const upstream = await startDistribution({
    dir: o.dir,
    ...(o.binary ? { binary: o.binary } : {}),
    ...(o.backend ? { backend: o.backend } : {}),
  });
  if (upstream.child) o.onChild?.(upstream.child, `registry:${o.name}`);
  const agent = new Agent({ keepAlive: true });
  const counters = new RegistryCounters();
  // Requests can only arrive once the port (and so the login server the Front needs) is known.
  const ref: { front?: Front } = {};
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (!ref.front) return void res.destroy();
    ref.front.handle(req, res).catch((e: unknown) => {
      if (res.headersSent) res.destroy();
      else sendRegistryJson(res, 500, registryError('UNKNOWN', String(e)));
    });
  };
  const server = createHttpsServer({ cert: o.tls.cert, key: o.tls.key }, onRequest);
  let port: number;
  try {
    port = await listen(server, o.preferredPort ?? 0);
  } catch (e) {
    await upstream.stop();
    throw e;
  }
  const loginServer = `localhost:${port}`;
  // `localhost` may resolve to ::1 first; answer there too when the host has IPv6 loopback.
  const v6 = createHttpsServer({ cert: o.tls.cert, key: o.tls.key }, onRequest);
  await new Promise<void>((resolve) => {
    v6.once('error', () => resolve());
    v6.listen(port, '::1', () => resolve());
  });
  const tokens = new RegistryTokens(o.dir, loginServer, o.tenantId);
  const f = new Front(loginServer, upstream, agent, counters, tokens, o);
  ref.front = f;
  return {
    name: o.name,
    port,
    loginServer,
    counters,
    tokens,
    backend: upstream.backend,
    upstreamUrl: upstream.url,
    hasManifest: (repository, reference) => f.hasManifest(repository, reference),
    stop: async () => {
      await closeServer(v6);
      await closeServer(server);
      agent.destroy();
      await upstream.stop();
    },
  };
}

class Front {
  constructor(
    private readonly loginServer: string,
    private readonly upstream: DistributionHandle,
    private readonly agent: Agent,
    private readonly counters: RegistryCounters,
    private readonly tokens: RegistryTokens,
    private readonly o: RegistryFrontOptions,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `https://${this.loginServer}`);
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === '/oauth2/exchange') return this.exchange(req, res, method);
    if (url.pathname === '/oauth2/token') return this.token(req, res, method, url);
    if (url.pathname === '/v2' || url.pathname.startsWith('/v2/')) return this.v2(req, res, method, url);
    req.resume();
    sendRegistryJson(res, 404, registryError('NOT_FOUND', `no route ${url.pathname}`));
  }

  /** Entra access token -> ACR refresh token. */
  private async exchange(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    this.counters.add('tokenExchanges');
    if (method !== 'POST') return this.refuse(req, res, 405, 'UNSUPPORTED', 'use POST');
    const form = new URLSearchParams((await readBody(req, 1024 * 1024)).toString('utf8'));
    const grantType = form.get('grant_type');
    if (grantType !== 'access_token') {
      return this.refuse(
        req,
        res,
        400,
        'UNSUPPORTED',
        `grant_type '${grantType}' is not supported; use access_token`,
      );
    }
    if (form.get('service') !== this.loginServer) {
      return this.refuse(req, res, 400, 'BAD_REQUEST', `service must be '${this.loginServer}'`);
    }
    const tenant = form.get('tenant');
    if (tenant && tenant !== this.o.tenantId) {
      return this.refuse(
        req,
        res,
        401,
        'UNAUTHORIZED',
        `the tenant '${tenant}' is not this registry's tenant`,
      );
    }
    if (this.tokens.faults.refuseTokens) {
      return this.refuse(
        req,
        res,
        401,
        'UNAUTHORIZED',
        'the registry refused the access token (injected fault)',
      );
    }
    if (!sameSecret(form.get('access_token') ?? '', this.o.entraToken())) {
      return this.refuse(req, res, 401, 'UNAUTHORIZED', 'the access token is not valid for this registry');
    }
    sendRegistryJson(res, 200, JSON.stringify({ refresh_token: this.tokens.issueRefreshToken() }));
  }

  /**
   * Refresh token -> access token for the asked scopes. POST carries a form (refresh_token or
   * password grant); GET carries Basic auth with ACR's null-GUID user and the refresh token, which
   * is what docker, buildah and skopeo send after `login`.
   */
  private async token(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
    this.counters.add('tokenRequests');
    let params: URLSearchParams;
    let refreshToken: string | undefined;
    if (method === 'GET') {
      req.resume();
      params = url.searchParams;
      const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
      if (!basic?.[1]) return this.refuse(req, res, 401, 'UNAUTHORIZED', AUTH_REQUIRED);
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = decoded.slice(0, colon);
      if (colon < 0 || user !== ACR_TOKEN_USER) {
        return this.refuse(req, res, 401, 'UNAUTHORIZED', 'the admin user is disabled; sign in with a token');
      }
      refreshToken = decoded.slice(colon + 1);
    } else if (method === 'POST') {
      params = new URLSearchParams((await readBody(req, 1024 * 1024)).toString('utf8'));
      const grantType = params.get('grant_type');
      if (grantType === 'refresh_token') refreshToken = params.get('refresh_token') ?? '';
      else if (grantType === 'password' && params.get('username') === ACR_TOKEN_USER)
        refreshToken = params.get('password') ?? '';
      else return this.refuse(req, res, 400, 'UNSUPPORTED', `grant_type '${grantType}' is not supported`);
    } else {
      return this.refuse(req, res, 405, 'UNSUPPORTED', 'use GET or POST');
    }
    if (params.get('service') !== this.loginServer) {
      return this.refuse(req, res, 400, 'BAD_REQUEST', `service must be '${this.loginServer}'`);
    }
    if (this.tokens.faults.refuseTokens) {
      return this.refuse(
        req,
        res,
        401,
        'UNAUTHORIZED',
        'the registry refused the refresh token (injected fault)',
      );
    }
    const check = this.tokens.checkRefreshToken(refreshToken);
    if (!check.ok) return this.refuse(req, res, 401, 'UNAUTHORIZED', check.reason);
    const access = grant(parseScopes(params.getAll('scope')));
    const body: Record<string, string> = { access_token: this.tokens.issueAccessToken(access) };
    // docker login asks for an offline token to keep as its identity token: the refresh token it sent.
    if (method === 'GET' && params.get('offline_token') === 'true') body.refresh_token = refreshToken;
    sendRegistryJson(res, 200, JSON.stringify(body));
  }

  private async v2(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
    // @azure/container-registry sends `a%2Fb` for repository `a/b`; scopes name it decoded, as ACR does.
    const need = needOf(method, safeDecode(url.pathname));
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!bearer?.[1]) return this.challenge(req, res, need);
    const check = this.tokens.checkAccessToken(bearer[1]);
    if (!check.ok) return this.challenge(req, res, need, 'invalid_token');
    if (need && !allows(check.value, need)) return this.challenge(req, res, need, 'insufficient_scope');
    const kind = requestKind(method, url);
    if (kind === 'blobMount') {
      // As distribution does: without pull on the source repository, a mount is a plain upload.
      const from = url.searchParams.get('from') ?? '';
      if (!allows(check.value, { type: 'repository', name: from, action: 'pull' })) {
        url.searchParams.delete('mount');
        url.searchParams.delete('from');
      }
    }
    this.counters.count(requestKind(method, url));
    this.proxy(req, res, method, url);
  }

  private proxy(req: IncomingMessage, res: ServerResponse, method: string, url: URL): void {
    const headers: OutgoingHttpHeaders = { ...req.headers };
    for (const h of ['authorization', 'connection', 'keep-alive', 'proxy-connection']) delete headers[h];
    // docker-registry builds `Location` from these, so most come back already right.
    headers.host = this.loginServer;
    headers['x-forwarded-proto'] = 'https';
    const kind = requestKind(method, url);
    const up = httpRequest(
      `${this.upstream.url}${url.pathname}${url.search}`,
      { method, headers, agent: this.agent },
      (upRes) => {
        const out: OutgoingHttpHeaders = { ...upRes.headers };
        delete out.connection;
        delete out['keep-alive'];
        if (typeof out.location === 'string') out.location = this.frontLocation(out.location);
        if (kind === 'blobMount' && upRes.statusCode === 201) this.counters.add('blobMountsHonoured');
        res.writeHead(upRes.statusCode ?? 502, out);
        upRes.on('data', (c: Buffer) => this.counters.add('bytesSent', c.length));
        upRes.pipe(res);
      },
    );
    up.on('error', (e) => {
      if (res.headersSent) res.destroy();
      else
        sendRegistryJson(
          res,
          503,
          registryError('UNAVAILABLE', `registry storage unavailable: ${e.message}`),
        );
    });
    req.on('data', (c: Buffer) => this.counters.add('bytesReceived', c.length));
    req.pipe(up);
  }

  /**
   * An upstream `Location` made relative (`/v2/...`), as ACR sends it: clients resolve it against
   * the front, and @azure/container-registry only handles the relative form.
   */
  private frontLocation(location: string): string {
    if (!/^https?:\/\//i.test(location)) return location;
    const u = new URL(location);
    return `${u.pathname}${u.search}`;
  }

  private challenge(
    req: IncomingMessage,
    res: ServerResponse,
    need: Need | undefined,
    error?: 'insufficient_scope' | 'invalid_token',
  ): void {
    this.counters.add('challenges');
    req.resume();
    const detail =
      error === 'insufficient_scope' && need
        ? [{ Type: need.type, Name: need.name, Action: need.action }]
        : null;
    sendRegistryJson(res, 401, registryError('UNAUTHORIZED', AUTH_REQUIRED, detail), {
      'www-authenticate': challenge(this.loginServer, need, error),
    });
  }

  private refuse(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    code: string,
    message: string,
  ): void {
    req.resume();
    sendRegistryJson(res, status, registryError(code, message));
  }

  async hasManifest(repository: string, reference: string): Promise<boolean> {
    const res = await fetch(`${this.upstream.url}/v2/${repository}/manifests/${reference}`, {
      method: 'HEAD',
      headers: { accept: MANIFEST_TYPES.join(', ') },
    });
    return res.status === 200;
  }
}

function sendRegistryJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'docker-distribution-api-version': 'registry/2.0',
    ...headers,
  });
  res.end(body);
}

function sameSecret(given: string, want: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
