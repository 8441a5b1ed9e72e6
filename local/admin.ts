// The admin API: plain HTTP on its own loopback port, never on the ARM host, so nothing an SDK
// client does can reach it. Tests (and later the rollout health checks and the gate) read
// per-deployment counters and the log of mutating ARM requests here, inject faults, set quota
// limits and shorten the metrics' minute; per container registry, read and reset request counters
// and set token faults.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ChildHealth } from './children.js';
import type { PlaneRegistries } from './acr/registries.js';
import { ArmError, readJson, sendJson } from './arm-http.js';
import type { ControlPlane } from './control-plane.js';
import type { DataPlane } from './data-plane.js';
import type { FaultRegistry, FaultSpec } from './faults.js';
import type { Json } from './store.js';
import type { DeploymentSupervisor } from './supervisor.js';

export interface AdminDeps {
  faults: FaultRegistry;
  control: ControlPlane;
  dataPlane: DataPlane;
  supervisor: DeploymentSupervisor;
  registries: PlaneRegistries;
  info: () => Json;
  /** Every child process the plane runs, alive or dead. */
  children: () => ChildHealth[];
  shutdown: () => void;
}

const FAULT_KINDS = new Set(['arm-error', 'arm-drop', 'provisioning', 'deployment']);

export function createAdminServer(deps: AdminDeps): Server {
  return createServer((req, res) => {
    route(deps, req, res).catch((e: unknown) => {
      if (e instanceof ArmError) sendJson(res, e.status, e.body());
      else sendJson(res, 500, { error: { code: 'InternalServerError', message: String(e) } });
    });
  });
}

async function route(deps: AdminDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? 'GET';
  const [v1, what, a, b, c] = parts;
  if (method === 'GET' && parts.length === 1 && v1 === 'health') {
    // Healthy only when every required child (Azurite, each docker-registry) runs; a builtin
    // registry runs in the plane's own process, so it has no child and is up while the plane is.
    const children = deps.children();
    const dead = children.filter((c) => c.required && !c.alive).map((c) => c.role);
    const registries = Object.fromEntries(
      [...deps.registries.fronts].map(([k, f]) => [k, { name: f.name, backend: f.backend }]),
    );
    return sendJson(res, dead.length > 0 ? 503 : 200, {
      ok: dead.length === 0,
      ...(dead.length > 0 ? { dead } : {}),
      children,
      registries,
      ...(deps.registries.unavailable ? { registriesUnavailable: deps.registries.unavailable } : {}),
    } as unknown as Json);
  }
  if (v1 !== 'v1') throw new ArmError(404, 'NotFound', `no admin route ${url.pathname}`);

  if (what === 'info' && method === 'GET') return sendJson(res, 200, deps.info());
  if (what === 'shutdown' && method === 'POST') {
    sendJson(res, 202, { stopping: true });
    setImmediate(deps.shutdown);
    return;
  }
  if (what === 'counters') {
    if (method === 'GET' && a && b)
      return sendJson(res, 200, { deployments: deps.dataPlane.countersFor(a, b) } as unknown as Json);
    if (method === 'DELETE') {
      deps.dataPlane.resetCounters(a, b);
      return sendJson(res, 204, undefined);
    }
  }
  if (what === 'deployments' && method === 'GET' && a && b && c) {
    const t = deps.supervisor.target(a, b, c);
    if (!t) throw new ArmError(404, 'NotRunning', `deployment ${a}/${b}/${c} has no running process`);
    return sendJson(res, 200, {
      url: t.url,
      pid: t.child.pid ?? null,
      protocol: t.protocol,
      roundOutputsToFp16: t.roundOutputsToFp16,
    });
  }
  if (what === 'arm-requests' && !a) {
    if (method === 'GET') return sendJson(res, 200, deps.control.requests.summary() as unknown as Json);
    if (method === 'DELETE') {
      deps.control.requests.reset();
      return sendJson(res, 204, undefined);
    }
  }
  if (what === 'quotas') {
    if (method === 'GET' && !a)
      return sendJson(res, 200, { value: deps.control.quotas() } as unknown as Json);
    if (method === 'PUT' && a) {
      const limit = (await readJson(req)).limit;
      if (typeof limit !== 'number')
        throw new ArmError(400, 'BadArgument', 'body must be {"limit": <cores>}');
      return sendJson(res, 200, deps.control.setQuota(a, limit) as unknown as Json);
    }
    if (method === 'DELETE') {
      if (a) deps.control.setQuota(a, undefined);
      else deps.control.resetQuotas();
      return sendJson(res, 204, undefined);
    }
  }
  if (what === 'metrics') {
    const metrics = deps.dataPlane.metrics;
    if (a === 'settings' && method === 'GET')
      return sendJson(res, 200, { bucketSeconds: metrics.bucketSeconds });
    if (a === 'settings' && method === 'PUT') {
      const seconds = (await readJson(req)).bucketSeconds;
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > 60) {
        throw new ArmError(400, 'BadArgument', 'bucketSeconds must be an integer from 1 to 60');
      }
      metrics.bucketSeconds = seconds;
      return sendJson(res, 200, { bucketSeconds: seconds });
    }
    if (!a && method === 'DELETE') {
      metrics.clear();
      return sendJson(res, 204, undefined);
    }
  }
  if (what === 'registries') return registryRoute(deps.registries, req, res, method, a, b);
  if (what === 'faults') {
    if (method === 'GET') return sendJson(res, 200, { value: deps.faults.list() } as unknown as Json);
    if (method === 'POST' && !a) {
      const body = (await readJson(req)) as unknown as FaultSpec;
      if (!FAULT_KINDS.has(body.kind)) {
        throw new ArmError(400, 'BadArgument', `fault kind must be one of ${[...FAULT_KINDS].join(', ')}`);
      }
      return sendJson(res, 201, deps.faults.add(body) as unknown as Json);
    }
    if (method === 'DELETE') {
      if (a) deps.faults.remove(a);
      else deps.faults.clear();
      return sendJson(res, 204, undefined);
    }
  }
  throw new ArmError(404, 'NotFound', `no admin route ${method} ${url.pathname}`);
}

/**
 * `/v1/registries` lists them; `/v1/registries/{dev|prod|name}/counters` (GET, DELETE) and
 * `/v1/registries/{dev|prod|name}/faults` (GET; PUT `{refuseTokens?: boolean, expireRefreshTokens?:
 * boolean | "issued"}`, merged; DELETE clears). `"issued"` expires the refresh tokens issued so far
 * (new exchanges work); `true` expires every refresh token until cleared.
 */
async function registryRoute(
  registries: PlaneRegistries,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  key: string | undefined,
  what: string | undefined,
): Promise<void> {
  if (!key && method === 'GET') {
    const value = [...registries.fronts].map(([k, f]) => ({
      key: k,
      name: f.name,
      loginServer: f.loginServer,
      backend: f.backend,
    }));
    return sendJson(res, 200, {
      value,
      ...(registries.unavailable ? { unavailable: registries.unavailable } : {}),
    });
  }
  const front = key ? registries.find(key) : undefined;
  if (!front) {
    throw new ArmError(404, 'RegistryNotFound', registries.unavailable ?? `no registry '${key}' (dev, prod)`);
  }
  if (what === 'counters') {
    if (method === 'GET') return sendJson(res, 200, front.counters.values() as unknown as Json);
    if (method === 'DELETE') {
      front.counters.reset();
      return sendJson(res, 204, undefined);
    }
  }
  if (what === 'faults') {
    const faults = front.tokens.faults;
    if (method === 'PUT') {
      const body = await readJson(req);
      const { refuseTokens, expireRefreshTokens } = body;
      if (refuseTokens !== undefined && typeof refuseTokens !== 'boolean') {
        throw new ArmError(400, 'BadArgument', 'refuseTokens must be true or false');
      }
      if (
        expireRefreshTokens !== undefined &&
        typeof expireRefreshTokens !== 'boolean' &&
        expireRefreshTokens !== 'issued'
      ) {
        throw new ArmError(400, 'BadArgument', 'expireRefreshTokens must be true, false or "issued"');
      }
      if (typeof refuseTokens === 'boolean') faults.refuseTokens = refuseTokens;
      if (expireRefreshTokens === 'issued') front.tokens.expireIssuedRefreshTokens();
      else if (typeof expireRefreshTokens === 'boolean') faults.expireRefreshTokens = expireRefreshTokens;
    } else if (method === 'DELETE') {
      front.tokens.resetFaults();
      return sendJson(res, 204, undefined);
    } else if (method !== 'GET') {
      throw new ArmError(405, 'MethodNotAllowed', `${method} /v1/registries/${key}/faults`);
    }
    return sendJson(res, 200, { ...faults } as unknown as Json);
  }
  throw new ArmError(404, 'NotFound', `no admin route ${method} /v1/registries/${key}/${what ?? ''}`);
}
