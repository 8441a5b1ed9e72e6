// A counting HTTP proxy in front of a registry, for tests and benchmarks: what the registry
// received, by request kind (blob HEAD, upload start/PUT/PATCH, cross-repository mount, manifest
// GET/HEAD/PUT) and request body bytes. Streams both ways; `reset()` between measured runs. The
// local plane's ACR front keeps its own counters; this one serves a bare docker-registry.
// `GET /_counts` answers the counts (and `DELETE /_counts` resets them) without reaching the
// registry, so a benchmark can run the proxy in its own process (`node --import tsx
// test/support/counting-proxy.ts <port>` prints its host) and not share its event loop.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RegistryCounts {
  counts: Record<string, number>;
  /** Request body bytes received, all requests together. */
  bytes: number;
}

export interface CountingProxy extends RegistryCounts {
  /** `127.0.0.1:<port>`: the registry host to name in image references. */
  host: string;
  reset(): void;
  close(): Promise<void>;
}

export function requestKind(method: string, url: URL): string {
  const m = method.toLowerCase();
  if (url.pathname.includes('/blobs/uploads/')) {
    if (m === 'post') return url.searchParams.has('mount') ? 'mount' : 'upload-start';
    return `upload-${m}`;
  }
  if (url.pathname.includes('/blobs/')) return `blob-${m}`;
  if (url.pathname.includes('/manifests/')) return `manifest-${m}`;
  return `other-${m}`;
}

export async function startCountingProxy(upstreamPort: number): Promise<CountingProxy> {
  const state: RegistryCounts = { counts: {}, bytes: 0 };
  const server = createServer((req, res) => {
    if (req.url === '/_counts') {
      if (req.method === 'DELETE') Object.assign(state, { counts: {}, bytes: 0 });
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state));
    }
    const kind = requestKind(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x'));
    state.counts[kind] = (state.counts[kind] ?? 0) + 1;
    req.on('data', (d: Buffer) => (state.bytes += d.length));
    // The Host header passes unchanged, so the registry's Location headers name the proxy.
    const up = request(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const proxy: CountingProxy = {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    get counts() {
      return state.counts;
    },
    get bytes() {
      return state.bytes;
    },
    reset() {
      state.counts = {};
      state.bytes = 0;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  return proxy;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const proxy = await startCountingProxy(Number(process.argv[2]));
  console.log(proxy.host);
}
