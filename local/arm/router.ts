// The ARM front door of the plane: one route table, bearer auth, api-version checks, injected ARM
// faults, subscription and resource-group checks, ARM error bodies, and the log of mutating
// requests. Each resource lives in its own module under ./resources and only adds routes here.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArmError, bodyTooLarge, MAX_ARM_BODY_BYTES, requestIds, sendJson } from '../arm-http.js';
import { type FaultRegistry, sameName } from '../faults.js';
import { PROVIDER, SUPPORTED_API_VERSIONS } from '../resources.js';
import type { JsonObject, PlaneState } from '../store.js';
import type { MutatingRequestLog } from './requests.js';

/** One ARM request as a handler sees it. */
export interface ArmCall {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  apiVersion: string;
  url: URL;
  ids: Record<string, string>;
}

export type Params = Record<string, string>;
export type Handler = (c: ArmCall, p: Params) => Promise<void>;

export interface RouteOptions {
  /** api-versions this route answers; the plane's ARM versions when absent. */
  apiVersions?: readonly string[];
}

interface Route {
  method: string;
  pattern: string[];
  operationId: string;
  handle: Handler;
  apiVersions: readonly string[];
}

/** Path prefixes, so a module writes `${WORKSPACES}/:ws/datastores` rather than the whole id. */
export const SUBSCRIPTION = '/subscriptions/:sub';
export const LOCATION = `${SUBSCRIPTION}/providers/${PROVIDER}/locations/:loc`;
export const WORKSPACES = `${SUBSCRIPTION}/resourceGroups/:rg/providers/${PROVIDER}/workspaces`;

export class ArmRouter {
  private readonly routes: Route[] = [];

  constructor(
    private readonly state: () => PlaneState,
    private readonly faults: FaultRegistry,
    private readonly requests: MutatingRequestLog,
  ) {}

  on(method: string, path: string, operationId: string, handle: Handler, options: RouteOptions = {}): void {
    this.routes.push({
      method,
      pattern: path.split('/').filter(Boolean),
      operationId,
      handle,
      apiVersions: options.apiVersions ?? SUPPORTED_API_VERSIONS,
    });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ids = requestIds(req);
    try {
      // Clients that join `/{resourceUri}` to the host (@azure/arm-monitor) send `//subscriptions/...`:
      // parsed relative to a base, that would be a host; prefixed, it stays a path.
      const url = new URL(`https://localhost${req.url ?? '/'}`);
      const method = (req.method ?? 'GET').toUpperCase();
      const segments = pathSegments(url.pathname);
      const logged = this.requests.record(method, segments ? `/${segments.join('/')}` : url.pathname);
      if (logged) res.once('close', () => (logged.status = res.headersSent ? res.statusCode : 0));
      this.authenticate(req);
      if (!segments) {
        throw new ArmError(
          400,
          'InvalidRequestUri',
          `The request path '${url.pathname}' is not valid percent-encoding.`,
        );
      }
      // Refused up front, for every route, whether or not it reads the body.
      if (Number(req.headers['content-length']) > MAX_ARM_BODY_BYTES) throw bodyTooLarge(MAX_ARM_BODY_BYTES);
      const apiVersion = url.searchParams.get('api-version');
      if (!apiVersion) {
        throw new ArmError(
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        );
      }
      const match = this.match(method, segments);
      if (logged && match) logged.operationId = match.route.operationId;
      const versions = match?.route.apiVersions ?? SUPPORTED_API_VERSIONS;
      if (!versions.includes(apiVersion)) {
        throw new ArmError(
          400,
          'InvalidApiVersionParameter',
          `The api-version '${apiVersion}' is invalid. The supported versions are '${versions.join(',')}'.`,
        );
      }
      if (!match) {
        throw new ArmError(404, 'NotFound', `No route for ${method} ${url.pathname}.`);
      }
      const { route, params } = match;
      const fault = this.faults.take('arm-error', (f) => sameName(f.operation, route.operationId));
      if (fault) {
        const retry = fault.retryAfterSeconds ?? 1;
        const code =
          fault.code ??
          (fault.status === 429
            ? 'TooManyRequests'
            : fault.status === 503
              ? 'ServiceUnavailable'
              : 'InternalServerError');
        throw new ArmError(fault.status, code, `Injected fault on ${route.operationId}.`, [], {
          'retry-after': String(retry),
        });
      }
      if (this.faults.take('arm-drop', (f) => sameName(f.operation, route.operationId))) {
        req.socket.destroy();
        return;
      }
      const st = this.state();
      if (params.sub !== undefined && params.sub !== st.subscriptionId) {
        throw new ArmError(
          404,
          'SubscriptionNotFound',
          `The subscription '${params.sub}' could not be found.`,
        );
      }
      if (params.rg !== undefined && params.rg.toLowerCase() !== st.resourceGroup.toLowerCase()) {
        throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${params.rg}' could not be found.`);
      }
      await route.handle({ req, res, method, apiVersion, url, ids }, params);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof ArmError) {
        sendJson(res, e.status, e.body(), { ...ids, ...e.headers });
      } else {
        sendJson(res, 500, { error: { code: 'InternalServerError', message: String(e) } }, ids);
      }
    }
  }

  private authenticate(req: IncomingMessage): void {
    const st = this.state();
    const auth = req.headers.authorization;
    const challenge = {
      'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${st.tenantId}", error="invalid_token", error_description="The access token is missing or invalid."`,
    };
    if (!auth) {
      throw new ArmError(
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
        [],
        challenge,
      );
    }
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    const given = Buffer.from(m?.[1] ?? '');
    const want = Buffer.from(st.token);
    if (!m || given.length !== want.length || !timingSafeEqual(given, want)) {
      throw new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', [], challenge);
    }
  }

  private match(method: string, segments: string[]): { route: Route; params: Params } | undefined {
    for (const r of this.routes) {
      if (r.method !== method || r.pattern.length !== segments.length) continue;
      const params: Params = {};
      let ok = true;
      for (let i = 0; i < r.pattern.length; i++) {
        const p = r.pattern[i] as string;
        const s = segments[i] as string;
        if (p.startsWith(':')) params[p.slice(1)] = s;
        else if (p.toLowerCase() !== s.toLowerCase()) {
          ok = false;
          break;
        }
      }
      if (ok) return { route: r, params };
    }
    return undefined;
  }
}

/** The decoded path segments, or undefined when the path's percent-encoding is broken (`%zz`). */
function pathSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** A list response (`{"value": [...]}`), as every ARM list operation answers. */
export function sendList(c: ArmCall, value: unknown[]): void {
  sendJson(c.res, 200, { value } as JsonObject, c.ids);
}
