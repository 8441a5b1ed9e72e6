// The scoring side: one loopback listener per endpoint. Authenticates (endpoint key or aml_token),
// picks a deployment by the `azureml-model-deployment` header or by the traffic weights, mirrors a
// share of unpinned requests per mirrorTraffic (copies' answers discarded), forwards to the
// deployment's serving process, and counts requests, errors and latencies per deployment (also
// recording each request for the endpoint's Azure Monitor metrics).
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { readBody } from './arm-http.js';
import type { ControlPlane } from './control-plane.js';
import { type FaultRegistry, sameName } from './faults.js';
import { percentile, RequestMetrics } from './metrics.js';
import { findKey, str } from './resources.js';
import type { EndpointState } from './store.js';
import type { DeploymentSupervisor, ServingTarget } from './supervisor.js';

export interface DeploymentCounters {
  requests: number;
  errors: number;
  /** Copies received through mirrorTraffic (also counted in `requests`). */
  mirrored: number;
  status: Record<string, number>;
  latencyMs: { count: number; sum: number; max: number; p50: number; p95: number };
}

interface CounterState {
  requests: number;
  errors: number;
  mirrored: number;
  status: Record<string, number>;
  samples: number[];
  sum: number;
  max: number;
}

const MAX_SAMPLES = 5000;

export class DataPlane {
  private readonly servers = new Map<string, Server>();
  private readonly counters = new Map<string, CounterState>();
  /** Every request routed to a deployment, for Azure Monitor metrics (arm/resources/metrics.ts). */
  readonly metrics = new RequestMetrics();

  constructor(
    private readonly control: () => ControlPlane,
    private readonly supervisor: DeploymentSupervisor,
    private readonly faults: FaultRegistry,
  ) {}

  /** Open (or reuse) the endpoint's listener, preferring the port it had before a restart. */
  async open(ws: string, ep: string): Promise<string> {
    const key = `${ws}/${ep}`.toLowerCase();
    const e = this.endpoint(ws, ep);
    const existing = this.servers.get(key);
    if (existing) return baseUrl(existing);
    const server = createServer((req, res) => {
      this.handle(ws, ep, req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, { message: String(err) });
        else res.destroy();
      });
    });
    server.keepAliveTimeout = 5000;
    const listen = (port: number) =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
    try {
      await listen(e?.scoringPort ?? 0);
    } catch {
      await listen(0);
    }
    this.servers.set(key, server);
    if (e) e.scoringPort = (server.address() as { port: number }).port;
    return baseUrl(server);
  }

  async close(ws: string, ep: string): Promise<void> {
    const key = `${ws}/${ep}`.toLowerCase();
    const server = this.servers.get(key);
    this.servers.delete(key);
    if (server) await closeServer(server);
  }

  async closeAll(): Promise<void> {
    const all = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(all.map(closeServer));
  }

  countersFor(ws: string, ep: string): Record<string, DeploymentCounters> {
    const prefix = `${ws}/${ep}/`.toLowerCase();
    const out: Record<string, DeploymentCounters> = {};
    const e = this.endpoint(ws, ep);
    for (const [key, c] of this.counters) {
      if (!key.startsWith(prefix)) continue;
      const lower = key.slice(prefix.length);
      const name = (e ? findKey(e.deployments, lower) : undefined) ?? lower;
      const sorted = [...c.samples].sort((a, b) => a - b);
      const pct = (q: number) => percentile(sorted, q);
      out[name] = {
        requests: c.requests,
        errors: c.errors,
        mirrored: c.mirrored,
        status: { ...c.status },
        latencyMs: { count: c.samples.length, sum: c.sum, max: c.max, p50: pct(0.5), p95: pct(0.95) },
      };
    }
    return out;
  }

  resetCounters(ws?: string, ep?: string): void {
    if (!ws || !ep) {
      this.counters.clear();
      return;
    }
    const prefix = `${ws}/${ep}/`.toLowerCase();
    for (const key of [...this.counters.keys()]) if (key.startsWith(prefix)) this.counters.delete(key);
  }

  private endpoint(ws: string, ep: string): EndpointState | undefined {
    return this.control().findEndpoint(ws, ep);
  }

  private count(
    ws: string,
    ep: string,
    dep: string,
    status: number,
    ms: number,
    mirrored: boolean,
    modelStatus: number | undefined,
  ): void {
    this.metrics.record({
      at: Date.now(),
      ws,
      ep,
      dep,
      status,
      ms,
      ...(modelStatus === undefined ? {} : { modelStatus }),
    });
    const key = `${ws}/${ep}/${dep}`.toLowerCase();
    let c = this.counters.get(key);
    if (!c) {
      c = { requests: 0, errors: 0, mirrored: 0, status: {}, samples: [], sum: 0, max: 0 };
      this.counters.set(key, c);
    }
    c.requests += 1;
    if (mirrored) c.mirrored += 1;
    if (status >= 400 || status === 0) c.errors += 1;
    const s = String(status);
    c.status[s] = (c.status[s] ?? 0) + 1;
    c.samples.push(ms);
    if (c.samples.length > MAX_SAMPLES) c.samples.shift();
    c.sum += ms;
    c.max = Math.max(c.max, ms);
  }

  private authorized(ws: string, e: EndpointState, req: IncomingMessage): boolean {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!m?.[1]) return false;
    const given = m[1];
    const mode = (str(e.resource.properties.authMode) ?? 'Key').toLowerCase();
    if (mode === 'key') return [e.keys.primaryKey, e.keys.secondaryKey].some((k) => safeEqual(k, given));
    if (mode === 'amltoken') return this.control().verifyAmlToken(given, ws, e.resource.name);
    return false;
  }

  private async handle(ws: string, ep: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const e = this.endpoint(ws, ep);
    if (!e) return send(res, 404, { message: `Endpoint '${ep}' does not exist.` });
    if (!this.authorized(ws, e, req)) {
      res.setHeader('www-authenticate', 'Bearer');
      return send(res, 401, {
        message: 'Unauthorized: a valid endpoint key or token is required in the Authorization header.',
      });
    }
    const body = await readBody(req);
    const pinned = req.headers['azureml-model-deployment'];
    let dep: string | undefined;
    if (typeof pinned === 'string' && pinned.length > 0) {
      dep = findKey(e.deployments, pinned);
      if (!dep)
        return send(res, 404, { message: `Deployment '${pinned}' was not found on endpoint '${ep}'.` });
    } else {
      dep = pickByWeight((e.resource.properties.traffic ?? {}) as Record<string, number>);
      if (!dep) {
        return send(res, 404, {
          message: "The endpoint doesn't have any valid deployment with positive weight.",
        });
      }
      for (const [target, pct] of Object.entries(e.mirrorTraffic)) {
        if (pct > 0 && Math.random() * 100 < pct) {
          const mirrorDep = findKey(e.deployments, target);
          if (mirrorDep) void this.forward(ws, ep, mirrorDep, req, body, undefined).catch(() => undefined);
        }
      }
    }
    await this.forward(ws, ep, dep, req, body, res);
  }

  /** Send one request to a deployment's process; `res` undefined means a mirrored copy (answer dropped). */
  private async forward(
    ws: string,
    ep: string,
    dep: string,
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse | undefined,
  ): Promise<void> {
    const started = performance.now();
    const mirrored = res === undefined;
    // `modelStatus`: what the model container answered, when the request reached it.
    const done = (status: number, modelStatus?: number) =>
      this.count(ws, ep, dep, status, performance.now() - started, mirrored, modelStatus);
    const fault = this.faults.take(
      'deployment',
      (f) => sameName(f.endpoint, ep) && sameName(f.deployment, dep),
    );
    if (fault?.mode === 'crash') this.supervisor.crash(ws, ep, dep);
    if (fault?.mode === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
    if (fault?.mode === 'drop') {
      done(0);
      res?.socket?.destroy();
      return;
    }
    if (fault?.mode === 'throttle') {
      const status = fault.status ?? 429;
      done(status);
      if (res)
        send(
          res,
          status,
          { message: 'Too many requests. Retry after the time in the Retry-After header.' },
          { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
        );
      return;
    }
    if (fault?.mode === 'error') {
      const status = fault.status ?? 500;
      done(424, status);
      if (res) modelError(res, dep, status, 'Injected deployment error');
      return;
    }
    const target = this.supervisor.target(ws, ep, dep);
    if (!target) {
      done(502);
      if (res)
        send(
          res,
          502,
          { message: `Deployment '${dep}' is not running.` },
          { 'azureml-model-deployment': dep },
        );
      return;
    }
    let upstream: { status: number; headers: Record<string, string>; body: Buffer };
    try {
      upstream = await proxy(target, req, body);
    } catch (err) {
      done(502);
      if (res)
        send(
          res,
          502,
          { message: `Deployment '${dep}' did not answer: ${String(err)}` },
          { 'azureml-model-deployment': dep },
        );
      return;
    }
    if (upstream.status >= 400) {
      done(424, upstream.status);
      if (res) modelError(res, dep, upstream.status, upstream.body.toString('utf8').slice(0, 200));
      return;
    }
    let out = upstream.body;
    const json = /json/i.test(upstream.headers['content-type'] ?? '');
    if (json && (target.roundOutputsToFp16 || fault?.mode === 'wrong-boxes')) {
      try {
        let parsed = JSON.parse(out.toString('utf8')) as unknown;
        if (target.roundOutputsToFp16) parsed = mapNumbers(parsed, toFp16);
        if (fault?.mode === 'wrong-boxes') parsed = wrongBoxes(parsed);
        out = Buffer.from(JSON.stringify(parsed));
      } catch {
        // not JSON after all: pass through untouched
      }
    }
    done(upstream.status, upstream.status);
    if (!res) return;
    res.writeHead(upstream.status, {
      'content-type': upstream.headers['content-type'] ?? 'application/json',
      'content-length': out.length,
      'azureml-model-deployment': dep,
    });
    res.end(out);
  }
}

function proxy(
  target: ServingTarget,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const base = new URL(target.url);
  const incoming = new URL(req.url ?? '/', 'http://x');
  const headers: Record<string, string> = { 'content-length': String(body.length) };
  const ct = req.headers['content-type'];
  if (typeof ct === 'string') headers['content-type'] = ct;
  const accept = req.headers.accept;
  if (typeof accept === 'string') headers.accept = accept;
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: `${base.pathname.replace(/\/$/, '')}${incoming.pathname}${incoming.search}`,
        headers,
      },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () =>
          resolve({
            status: up.statusCode ?? 502,
            headers: Object.fromEntries(
              Object.entries(up.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
            ),
            body: Buffer.concat(chunks),
          }),
        );
        up.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

function modelError(res: ServerResponse, dep: string, status: number, reason: string): void {
  send(
    res,
    424,
    { message: 'An unexpected error occurred in scoring script. Check the logs for more info.' },
    {
      'azureml-model-deployment': dep,
      'ms-azureml-model-error-statuscode': String(status),
      'ms-azureml-model-error-reason': reason.replace(/[^\x20-\x7e]/g, ' ').slice(0, 200),
    },
  );
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Weighted choice among deployments with positive traffic; undefined when none has any. */
export function pickByWeight(
  traffic: Record<string, number>,
  rnd: number = Math.random(),
): string | undefined {
  const live = Object.entries(traffic).filter(([, w]) => w > 0);
  const total = live.reduce((a, [, w]) => a + w, 0);
  if (total <= 0) return undefined;
  let x = rnd * total;
  for (const [name, w] of live) {
    x -= w;
    if (x < 0) return name;
  }
  return live[live.length - 1]?.[0];
}

/** Round a number to the nearest IEEE 754 half-precision value (what an FP16 GPU model emits). */
export function toFp16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const abs = Math.abs(x);
  if (abs >= 65520) return Math.sign(x) * Number.POSITIVE_INFINITY;
  const exp = Math.max(Math.floor(Math.log2(abs)), -14);
  const step = 2 ** (exp - 10);
  return Math.sign(x) * Math.round(abs / step) * step;
}

function mapNumbers(v: unknown, f: (n: number) => number): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : f(v);
  if (Array.isArray(v)) return v.map((x) => mapNumbers(x, f));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapNumbers(x, f)]));
  }
  return v;
}

/** Shift every AutoML-format box to the opposite corner: plausible JSON, wrong answer. */
function wrongBoxes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(wrongBoxes);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('topX' in o && 'bottomX' in o && typeof o.topX === 'number' && typeof o.bottomX === 'number') {
      const t = o as Record<string, number>;
      const w = (t.bottomX as number) - (t.topX as number);
      const h = (t.bottomY ?? 0) - (t.topY ?? 0);
      const topX = Math.max(0, 1 - (t.bottomX as number));
      const topY = Math.max(0, 1 - (t.bottomY ?? 0));
      return { ...o, topX, topY, bottomX: Math.min(1, topX + w), bottomY: Math.min(1, topY + h) };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, wrongBoxes(x)]));
  }
  return v;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function baseUrl(server: Server): string {
  const addr = server.address() as { port: number };
  return `http://127.0.0.1:${addr.port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
