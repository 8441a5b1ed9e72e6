// The plane's own OCI distribution endpoints, for machines without Debian's `docker-registry`: an
// HTTP server on loopback (no TLS, no auth: the ACR front adds both) answering what the suite,
// buildah, skopeo and docker use of the distribution API the way distribution 2.8 answers it
// (status codes, `Location`, `Docker-Upload-UUID`, `Range: 0-<n-1>`, `Docker-Content-Digest`, its
// error codes), storing through BuiltinStore. Bodies are streamed; only manifests (at most 4 MiB)
// are read whole.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { sha256Digest } from '../../../shared/registry/digest.js';
import { readBody } from '../../arm-http.js';
import { closeServer, listen } from '../../servers.js';
import { registryError } from '../access.js';
import { BuiltinStore, DIGEST, REPOSITORY_NAME, TAG } from './store.js';

/** distribution's own limit on a manifest's size. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];
const IMAGE_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
/** Types distribution serves only to a client that says it accepts them. */
const NEGOTIATED = new Set(['application/vnd.oci.image.manifest.v1+json', ...INDEX_TYPES]);

export interface BuiltinRegistry {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startBuiltinRegistry(o: { root: string; port?: number }): Promise<BuiltinRegistry> {
  const store = new BuiltinStore(o.root);
  const server = createServer((req, res) => {
    handle(store, req, res).catch((e: unknown) => {
      if (res.headersSent) res.destroy();
      else fail(req, res, 500, 'UNKNOWN', `unknown error: ${e instanceof Error ? e.message : String(e)}`);
    });
  });
  // Idle keep-alive sockets stay open, as docker-registry's do: the front's pooled connections are
  // never closed under it mid-request; and a long upload is never cut by Node's request timeout.
  server.keepAliveTimeout = 0;
  server.requestTimeout = 0;
  const port = await listen(server, o.port ?? 0);
  return { url: `http://127.0.0.1:${port}`, port, stop: () => closeServer(server) };
}

type Route =
  | { kind: 'base' }
  | { kind: 'catalog' }
  | { kind: 'tags'; name: string }
  | { kind: 'manifest'; name: string; reference: string }
  | { kind: 'blob'; name: string; digest: string }
  | { kind: 'uploads'; name: string; uuid: string };

function route(pathname: string): Route | undefined {
  if (pathname === '/v2/' || pathname === '/v2') return { kind: 'base' };
  if (pathname === '/v2/_catalog') return { kind: 'catalog' };
  // Matched from the end: a repository may itself have a component named `blobs` or `manifests`.
  let m = /^\/v2\/(.+)\/tags\/list$/.exec(pathname);
  if (m) return { kind: 'tags', name: m[1] as string };
  m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(pathname);
  if (m) return { kind: 'manifest', name: m[1] as string, reference: m[2] as string };
  m = /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/.exec(pathname);
  if (m) return { kind: 'uploads', name: m[1] as string, uuid: m[2] as string };
  m = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(pathname);
  if (m) return { kind: 'blob', name: m[1] as string, digest: m[2] as string };
  return undefined;
}

async function handle(store: BuiltinStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://registry');
  const method = (req.method ?? 'GET').toUpperCase();
  const r = route(url.pathname);
  if (!r) return fail(req, res, 404, 'NOT_FOUND', `no route ${url.pathname}`);
  if (r.kind === 'base') return json(req, res, 200, '{}');
  if (r.kind === 'catalog') {
    if (method !== 'GET') return unsupported(req, res, method);
    return json(req, res, 200, JSON.stringify({ repositories: await store.repositories() }));
  }
  if (r.name.length > 255 || !REPOSITORY_NAME.test(r.name)) {
    return fail(req, res, 400, 'NAME_INVALID', 'invalid repository name', { name: r.name });
  }
  const at = new Site(req, r.name);
  switch (r.kind) {
    case 'tags':
      return tags(store, req, res, method, r.name, url);
    case 'manifest':
      return manifest(store, req, res, method, at, r.reference);
    case 'blob':
      return blob(store, req, res, method, r.name, r.digest);
    case 'uploads':
      return uploads(store, req, res, method, at, r.uuid, url);
  }
}

/** Absolute URLs as distribution builds them, from the Host (and X-Forwarded-Proto) of the request. */
class Site {
  readonly base: string;
  constructor(
    req: IncomingMessage,
    readonly name: string,
  ) {
    const proto =
      String(req.headers['x-forwarded-proto'] ?? 'http')
        .split(',')[0]
        ?.trim() || 'http';
    this.base = `${proto}://${req.headers.host ?? '127.0.0.1'}/v2/${name}`;
  }
  blob(digest: string): string {
    return `${this.base}/blobs/${digest}`;
  }
  upload(uuid: string): string {
    return `${this.base}/blobs/uploads/${uuid}`;
  }
  manifest(digest: string): string {
    return `${this.base}/manifests/${digest}`;
  }
}

async function tags(
  store: BuiltinStore,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  name: string,
  url: URL,
): Promise<void> {
  if (method !== 'GET') return unsupported(req, res, method);
  const all = await store.tags(name);
  if (!all) return fail(req, res, 404, 'NAME_UNKNOWN', 'repository name not known to registry', { name });
  // Pagination as the spec has it: `n` tags after `last`, with a Link to the next page.
  const last = url.searchParams.get('last');
  const n = url.searchParams.has('n') ? Number(url.searchParams.get('n')) : undefined;
  let page = last ? all.filter((t) => t > last) : all;
  const headers: Record<string, string> = {};
  if (n !== undefined && Number.isInteger(n) && n >= 0 && page.length > n) {
    page = page.slice(0, n);
    headers.link = `</v2/${name}/tags/list?n=${n}&last=${encodeURIComponent(page.at(-1) ?? '')}>; rel="next"`;
  }
  return json(req, res, 200, JSON.stringify({ name, tags: page }), headers);
}

async function blob(
  store: BuiltinStore,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  name: string,
  digest: string,
): Promise<void> {
  if (!DIGEST.test(digest))
    return fail(req, res, 400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', {});
  if (method === 'DELETE') {
    if (!(await store.unlinkBlob(name, digest))) return blobUnknown(req, res, digest);
    return empty(req, res, 202, { 'docker-content-digest': digest });
  }
  if (method !== 'GET' && method !== 'HEAD') return unsupported(req, res, method);
  const size = await store.blobSize(name, digest);
  if (size === undefined) return blobUnknown(req, res, digest);
  req.resume();
  res.writeHead(200, {
    ...API,
    'content-type': 'application/octet-stream',
    'content-length': size,
    'docker-content-digest': digest,
    etag: `"${digest}"`,
    'cache-control': 'max-age=31536000',
  });
  if (method === 'HEAD') return void res.end();
  await pipeline(store.openBlob(digest), res);
}

async function uploads(
  store: BuiltinStore,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  at: Site,
  uuid: string,
  url: URL,
): Promise<void> {
  const name = at.name;
  if (uuid === '') {
    if (method !== 'POST') return unsupported(req, res, method);
    const mount = url.searchParams.get('mount');
    const from = url.searchParams.get('from');
    if (mount && from && DIGEST.test(mount) && REPOSITORY_NAME.test(from)) {
      // A blob the source repository may read becomes readable here; otherwise an ordinary upload.
      if ((await store.blobSize(from, mount)) !== undefined) {
        await store.linkBlob(name, mount);
        return empty(req, res, 201, { location: at.blob(mount), 'docker-content-digest': mount });
      }
    }
    const digest = url.searchParams.get('digest');
    if (digest !== null && !mount) {
      if (!DIGEST.test(digest)) return digestInvalid(req, res, digest);
      if (!(await store.putBlob(name, digest, req))) return digestInvalid(req, res, digest);
      return empty(req, res, 201, { location: at.blob(digest), 'docker-content-digest': digest });
    }
    const session = await store.startUpload(name);
    return uploadState(req, res, 202, at, session.uuid, 0);
  }
  const session = await store.upload(name, uuid);
  if (!session) return fail(req, res, 404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', {});
  if (method === 'GET') return uploadState(req, res, 204, at, uuid, session.size);
  if (method === 'DELETE') {
    await store.cancel(uuid);
    return empty(req, res, 204);
  }
  if (method === 'PATCH' || method === 'PUT') {
    // A chunk must start where the session ends (distribution answers 416 otherwise).
    const range = /^(\d+)-(\d+)$/.exec(String(req.headers['content-range'] ?? ''));
    if (method === 'PATCH' && range && Number(range[1]) !== session.size) {
      return fail(
        req,
        res,
        416,
        'BLOB_UPLOAD_INVALID',
        'blob upload invalid',
        {},
        uploadHeaders(at, uuid, session.size),
      );
    }
    if (method === 'PUT') {
      const digest = url.searchParams.get('digest');
      if (!digest || !DIGEST.test(digest)) return digestInvalid(req, res, digest ?? '');
      session.size = await store.append(session, req);
      if (!(await store.commit(session, digest))) return digestInvalid(req, res, digest);
      return empty(req, res, 201, { location: at.blob(digest), 'docker-content-digest': digest });
    }
    session.size = await store.append(session, req);
    return uploadState(req, res, 202, at, uuid, session.size);
  }
  return unsupported(req, res, method);
}

async function manifest(
  store: BuiltinStore,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  at: Site,
  reference: string,
): Promise<void> {
  const name = at.name;
  const isDigest = DIGEST.test(reference);
  if (!isDigest && !TAG.test(reference)) {
    return fail(req, res, 400, 'TAG_INVALID', 'manifest tag did not match URI', { Tag: reference });
  }
  const unknown = () =>
    fail(
      req,
      res,
      404,
      'MANIFEST_UNKNOWN',
      'manifest unknown',
      isDigest ? { Digest: reference } : { Tag: reference },
    );
  if (method === 'GET' || method === 'HEAD') {
    const m = await store.manifest(name, reference);
    if (!m) return unknown();
    const accept = String(req.headers.accept ?? '')
      .split(',')
      .map((t) => t.split(';')[0]?.trim());
    if (NEGOTIATED.has(m.mediaType) && !accept.includes(m.mediaType) && !accept.includes('*/*')) {
      const what = INDEX_TYPES.includes(m.mediaType) ? 'index' : 'manifest';
      return fail(
        req,
        res,
        404,
        'MANIFEST_UNKNOWN',
        `OCI ${what} found, but accept header does not support OCI ${what}s`,
      );
    }
    req.resume();
    res.writeHead(200, {
      ...API,
      'content-type': m.mediaType,
      'content-length': m.size,
      'docker-content-digest': m.digest,
      etag: `"${m.digest}"`,
    });
    if (method === 'HEAD') return void res.end();
    await pipeline(store.openBlob(m.digest), res);
    return;
  }
  if (method === 'DELETE') {
    if (!(await store.deleteManifest(name, reference))) return unknown();
    return empty(req, res, 202);
  }
  if (method !== 'PUT') return unsupported(req, res, method);
  let body: Buffer;
  try {
    body = await readBody(req, MAX_MANIFEST_BYTES);
  } catch {
    return fail(req, res, 400, 'SIZE_INVALID', `manifest larger than ${MAX_MANIFEST_BYTES} bytes`, {});
  }
  if (isDigest && sha256Digest(body) !== reference) {
    return fail(req, res, 400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', {});
  }
  const checked = await checkManifest(store, name, body, req.headers['content-type']);
  if ('code' in checked) return fail(req, res, 400, checked.code, checked.message, checked.detail);
  const digest = await store.putManifest(name, isDigest ? undefined : reference, body, checked.mediaType);
  return empty(req, res, 201, { location: at.manifest(digest), 'docker-content-digest': digest });
}

/**
 * A manifest distribution would accept: JSON of schema 2, an image whose config and layers the
 * repository holds (foreign layers with `urls` excepted), or an index whose manifests it holds.
 */
async function checkManifest(
  store: BuiltinStore,
  name: string,
  body: Buffer,
  contentType: string | undefined,
): Promise<{ mediaType: string } | { code: string; message: string; detail: unknown }> {
  const invalid = (why: string) => ({ code: 'MANIFEST_INVALID', message: 'manifest invalid', detail: why });
  let m: {
    schemaVersion?: number;
    mediaType?: string;
    config?: { digest?: string };
    layers?: Array<{ digest?: string; urls?: string[] }>;
    manifests?: Array<{ digest?: string }>;
  };
  try {
    m = JSON.parse(body.toString('utf8')) as typeof m;
  } catch (e) {
    return invalid(e instanceof Error ? e.message : 'not JSON');
  }
  if (typeof m !== 'object' || m === null || m.schemaVersion !== 2) return invalid('schemaVersion must be 2');
  const header = contentType?.split(';')[0]?.trim();
  const mediaType: string =
    header && header !== 'application/json'
      ? header
      : (m.mediaType ??
        (m.manifests
          ? 'application/vnd.oci.image.index.v1+json'
          : 'application/vnd.oci.image.manifest.v1+json'));
  if (m.mediaType && m.mediaType !== mediaType) {
    return invalid(`mediaType in manifest should be '${mediaType}' not '${m.mediaType}'`);
  }
  const unknownBlob = (digest: string) => ({
    code: 'MANIFEST_BLOB_UNKNOWN',
    message: 'blob unknown to registry',
    detail: digest,
  });
  if (INDEX_TYPES.includes(mediaType)) {
    if (!Array.isArray(m.manifests)) return invalid('an index needs manifests');
    for (const d of m.manifests) {
      if (!d.digest || !DIGEST.test(d.digest)) return invalid(`bad digest '${d.digest}'`);
      if (!(await store.resolve(name, d.digest))) return unknownBlob(d.digest);
    }
    return { mediaType };
  }
  if (!IMAGE_TYPES.includes(mediaType)) {
    return {
      code: 'MANIFEST_INVALID',
      message: 'manifest invalid',
      detail: `unsupported manifest media type '${mediaType}'`,
    };
  }
  if (!m.config?.digest || !Array.isArray(m.layers))
    return invalid('an image manifest needs config and layers');
  for (const d of [m.config, ...m.layers]) {
    if (!d.digest || !DIGEST.test(d.digest)) return invalid(`bad digest '${d.digest}'`);
    if ('urls' in d && Array.isArray(d.urls) && d.urls.length > 0) continue;
    if ((await store.blobSize(name, d.digest)) === undefined) return unknownBlob(d.digest);
  }
  return { mediaType };
}

const API = { 'docker-distribution-api-version': 'registry/2.0' };

function uploadHeaders(at: Site, uuid: string, size: number): Record<string, string> {
  return {
    location: at.upload(uuid),
    'docker-upload-uuid': uuid,
    range: `0-${Math.max(size - 1, 0)}`,
  };
}

function uploadState(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  at: Site,
  uuid: string,
  size: number,
): void {
  empty(req, res, status, uploadHeaders(at, uuid, size));
}

function empty(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  req.resume();
  res.writeHead(status, { ...API, ...(status === 204 ? {} : { 'content-length': 0 }), ...headers });
  res.end();
}

function json(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  req.resume();
  res.writeHead(status, {
    ...API,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function fail(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  detail: unknown = undefined,
  headers: Record<string, string> = {},
): void {
  // A refused upload's body is drained, not read into memory.
  json(
    req,
    res,
    status,
    detail === undefined
      ? JSON.stringify({ errors: [{ code, message }] })
      : registryError(code, message, detail),
    headers,
  );
}

function blobUnknown(req: IncomingMessage, res: ServerResponse, digest: string): void {
  fail(req, res, 404, 'BLOB_UNKNOWN', 'blob unknown to registry', digest);
}

function digestInvalid(req: IncomingMessage, res: ServerResponse, digest: string): void {
  fail(req, res, 400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', { Digest: digest });
}

function unsupported(req: IncomingMessage, res: ServerResponse, method: string): void {
  fail(req, res, 405, 'UNSUPPORTED', `the operation is unsupported: ${method}`, {});
}
