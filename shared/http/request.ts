// The one HTTP client of the suite's own requests (scoring calls, the Azure DevOps OIDC token, the
// local plane's admin API; the Azure SDKs bring their own pipeline): a per-attempt timeout, the
// caller's AbortSignal, and the one retry policy (./retry.ts) with Retry-After honoured. What it
// logs and the errors it throws are masked: SAS signatures always, and whatever `mask` hides. An
// error response's body is read only up to ERROR_BODY_BYTES and kept as a masked excerpt; a
// success's body is read as a stream up to `maxResponseBytes`: one announced or growing past it is
// refused (HttpResponseTooLarge) without reading the rest, and never retried.
// A host with its own CA (the local plane's registries) is trusted per request (`ca`), never
// process-wide; a large body (an image layer) is streamed from a source reopened per attempt.
import { Readable } from 'node:stream';
import { rootCertificates } from 'node:tls';
import { Agent, request as undiciRequest } from 'undici';
import { excerpt, maskSasSignatures } from '../secrets.js';
import { RolloutError } from '../errors.js';
import { DEFAULT_RETRY, isRetryable, type RetryPolicy, retryDelayMs, wait } from './retry.js';

export interface HttpRequest {
  url: string;
  /** GET, or POST when a body is given. */
  method?: string;
  headers?: Readonly<Record<string, string>>;
  /** Sent as is; use `json` for a JSON body. A function is a streamed body, opened anew for each
   * attempt (so a retry resends it whole); give its `content-length` in `headers`. */
  body?: Uint8Array | string | (() => Readable);
  /** Sent as JSON, with `content-type: application/json`. */
  json?: unknown;
  /** Per attempt (default 60 s). */
  timeoutMs?: number;
  retry?: RetryPolicy;
  signal?: AbortSignal | undefined;
  /** The host's masker (`SecretMasker.mask`), applied to every line logged and every error. */
  mask?: (text: string) => string;
  /** Where retries are reported, masked. */
  log?: (line: string) => void;
  /** PEM of a CA to trust besides the system's, for this request only (the local plane's CA). */
  ca?: string | undefined;
  /** Largest response body read (default DEFAULT_MAX_RESPONSE_BYTES); a larger one is refused. */
  maxResponseBytes?: number | undefined;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  attempts: number;
  latencyMs: number;
}

/** Of an error response's body, what is read for its excerpt; the rest is never read. */
const ERROR_BODY_BYTES = 64 * 1024;

/** What a response body may be unless the caller says otherwise: far above any JSON or manifest
 * the suite reads, far below what would threaten the process (a body is held in memory). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Why a request failed, as a stable code: it did not get through (or not a 2xx), its response was
 * too large to read, or its body is not what the caller can read. */
export type HttpErrorCode = 'HttpRequestFailed' | 'HttpResponseTooLarge' | 'HttpInvalidResponse';

/** A request that did not succeed once its attempts ran out (or that must not be retried). */
export class HttpError extends RolloutError {
  constructor(
    message: string,
    /** What went wrong on the last attempt: `HTTP 503`, `timed out`, `connection failed (...)`. */
    readonly reason: string,
    /** The last response's status, if there was a response. */
    readonly status: number | undefined,
    readonly attempts: number,
    /** The last response's headers, if there was a response. */
    readonly headers: Headers | undefined,
    /** The start of the last response's body, masked (`excerpt`), if it had one. */
    readonly bodyExcerpt?: string | undefined,
    code: HttpErrorCode = 'HttpRequestFailed',
  ) {
    super(code, message);
    this.name = 'HttpError';
  }
}

/** Sends the request; a 2xx response is returned with its body, anything else throws HttpError. */
export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const policy = req.retry ?? DEFAULT_RETRY;
  const masked = (text: string) => maskSasSignatures(req.mask ? req.mask(text) : text);
  const headers: Record<string, string> = { ...req.headers };
  let body = req.body;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers['content-type'] ??= 'application/json';
  }
  const method = req.method ?? (body === undefined ? 'GET' : 'POST');
  const what = describe(req);
  const started = performance.now();
  let reason = '';
  let status: number | undefined;
  let lastHeaders: Headers | undefined;
  let bodyExcerpt: string | undefined;
  let attempt = 0;
  while (attempt < policy.maxAttempts) {
    attempt++;
    const timeout = AbortSignal.timeout(req.timeoutMs ?? 60_000);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    let retryAfter: string | null = null;
    try {
      const res =
        typeof body === 'function'
          ? await sendStreamed(req.url, method, headers, body(), signal, req.ca)
          : await fetch(req.url, {
              method,
              headers,
              ...(body === undefined ? {} : { body }),
              signal,
              ...(req.ca ? { dispatcher: agentTrusting(req.ca) } : {}),
            } as RequestInit);
      status = res.status;
      lastHeaders = res.headers;
      if (res.ok) {
        const limit = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
        const read = await readBounded(res, limit);
        if ('over' in read) {
          // A client error, not the server's bad moment: the same answer would come again.
          reason = `the response is over the ${limit}-byte limit (${read.over})`;
          throw new HttpError(
            masked(`${what}: ${reason}`),
            reason,
            res.status,
            attempt,
            res.headers,
            undefined,
            'HttpResponseTooLarge',
          );
        }
        return {
          status: res.status,
          headers: res.headers,
          body: read.body,
          attempts: attempt,
          latencyMs: performance.now() - started,
        };
      }
      reason = `HTTP ${res.status}`;
      retryAfter = res.headers.get('retry-after');
      bodyExcerpt = await errorBodyExcerpt(res, masked);
      if (!isRetryable(res.status)) break;
    } catch (e) {
      if (req.signal?.aborted || e instanceof HttpError) throw e;
      status = undefined;
      lastHeaders = undefined;
      bodyExcerpt = undefined;
      reason =
        (e as Error).name === 'TimeoutError' ? 'timed out' : `connection failed (${(e as Error).message})`;
    }
    if (attempt < policy.maxAttempts) {
      const delay = retryDelayMs(attempt, retryAfter, policy);
      req.log?.(
        masked(
          `${what}: ${reason}; retrying in ${delay} ms (attempt ${attempt + 1} of ${policy.maxAttempts})`,
        ),
      );
      await wait(delay, req.signal);
    }
  }
  throw new HttpError(
    masked(`${what}: ${reason} after ${attempt} attempt(s)`),
    masked(reason),
    status,
    attempt,
    lastHeaders,
    bodyExcerpt,
  );
}

/**
 * A streamed body (an image layer) is sent with undici's `request`, which writes the Node stream
 * to the socket as it comes; through fetch it would pass through a web ReadableStream first, which
 * made a 50 MB upload ~30% slower here. The answer is wrapped as a fetch Response, so the rest of
 * `httpRequest` treats both paths alike.
 */
async function sendStreamed(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Readable,
  signal: AbortSignal,
  ca: string | undefined,
): Promise<Response> {
  const res = await undiciRequest(url, {
    method: method as 'PUT',
    headers,
    body,
    signal,
    ...(ca ? { dispatcher: agentTrusting(ca) } : {}),
  });
  const answer = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    for (const v of [value ?? []].flat()) answer.append(name, v);
  }
  // Statuses a Response may not carry a body with (and HEAD, which has none).
  if (method === 'HEAD' || [204, 205, 304].includes(res.statusCode)) {
    await res.body.dump();
    return new Response(null, { status: res.statusCode, headers: answer });
  }
  return new Response(Readable.toWeb(res.body) as ReadableStream<Uint8Array>, {
    status: res.statusCode,
    headers: answer,
  });
}

/** One connection pool per CA, kept for the process: a pool per request would reconnect every time. */
const agents = new Map<string, Agent>();
function agentTrusting(ca: string): Agent {
  let agent = agents.get(ca);
  if (!agent) {
    // Node's `ca` replaces the system's roots; keep them, so the option only adds.
    agent = new Agent({ connect: { ca: [...rootCertificates, ca] } });
    agents.set(ca, agent);
  }
  return agent;
}

/** A 2xx response's body, read as a stream and given up (the connection closed) as soon as it is
 * known to be over `limit` bytes: from its content-length before a byte is read, else as it
 * grows. A body that breaks off while being read throws, as a failed connection. */
async function readBounded(res: Response, limit: number): Promise<{ body: Buffer } | { over: string }> {
  const announced = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(announced) && announced > limit) {
    await res.body?.cancel().catch(() => undefined);
    return { over: `content-length ${announced}` };
  }
  if (!res.body) return { body: Buffer.alloc(0) };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) return { over: `stopped reading at ${size} bytes` };
      chunks.push(value);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return { body: Buffer.concat(chunks, size) };
}

/** A masked excerpt of an error response's body (ERROR_BODY_BYTES at most are read), or undefined
 * when it has none. A body that breaks off while being read is quoted as far as it came. */
async function errorBodyExcerpt(res: Response, mask: (text: string) => string): Promise<string | undefined> {
  if (!res.body) return undefined;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // Quote what arrived.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  return text ? excerpt(text, mask, { cutShort: size >= ERROR_BODY_BYTES }) : undefined;
}

/** `httpRequest`, with the response body read as JSON; a body that is not JSON is an HttpError. */
export async function requestJson<T>(req: HttpRequest): Promise<HttpResponse & { json: T }> {
  const res = await httpRequest(req);
  const text = res.body.toString('utf8');
  try {
    return { ...res, json: JSON.parse(text) as T };
  } catch {
    // Not JSON.parse's message: it quotes the body's first characters, cut where a secret may be.
    const reason = 'the response is not JSON';
    const quoted = excerpt(text, req.mask);
    throw new HttpError(
      `${describe(req)}: ${reason}: ${quoted}`,
      reason,
      res.status,
      res.attempts,
      res.headers,
      quoted,
      'HttpInvalidResponse',
    );
  }
}

/** Method and URL without its query (where SAS tokens and keys travel). */
function describe(req: HttpRequest): string {
  const url = new URL(req.url);
  const method = req.method ?? (req.body === undefined && req.json === undefined ? 'GET' : 'POST');
  return `${method} ${url.origin}${url.pathname}`;
}
