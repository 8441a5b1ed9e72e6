// The one HTTP client of the suite's own requests (scoring calls, the Azure DevOps OIDC token, the
// local plane's admin API; the Azure SDKs bring their own pipeline): a per-attempt timeout, the
// caller's AbortSignal, and the one retry policy (./retry.ts) with Retry-After honoured. What it
// logs and the errors it throws are masked: SAS signatures always, and whatever `mask` hides.
import { maskSasSignatures } from '../secrets.js';
import { RolloutError } from '../errors.js';
import { DEFAULT_RETRY, isRetryable, type RetryPolicy, retryDelayMs, wait } from './retry.js';

export interface HttpRequest {
  url: string;
  /** GET, or POST when a body is given. */
  method?: string;
  headers?: Readonly<Record<string, string>>;
  /** Sent as is; use `json` for a JSON body. */
  body?: Uint8Array | string;
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
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  attempts: number;
  latencyMs: number;
}

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
  ) {
    super('HttpRequestFailed', message);
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
  let attempt = 0;
  while (attempt < policy.maxAttempts) {
    attempt++;
    const timeout = AbortSignal.timeout(req.timeoutMs ?? 60_000);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    let retryAfter: string | null = null;
    try {
      const res = await fetch(req.url, { method, headers, ...(body === undefined ? {} : { body }), signal });
      status = res.status;
      lastHeaders = res.headers;
      if (res.ok) {
        return {
          status: res.status,
          headers: res.headers,
          body: Buffer.from(await res.arrayBuffer()),
          attempts: attempt,
          latencyMs: performance.now() - started,
        };
      }
      reason = `HTTP ${res.status}`;
      retryAfter = res.headers.get('retry-after');
      await res.body?.cancel();
      if (!isRetryable(res.status)) break;
    } catch (e) {
      if (req.signal?.aborted) throw e;
      status = undefined;
      lastHeaders = undefined;
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
  );
}

/** `httpRequest`, with the response body read as JSON; a body that is not JSON is an HttpError. */
export async function requestJson<T>(req: HttpRequest): Promise<HttpResponse & { json: T }> {
  const res = await httpRequest(req);
  try {
    return { ...res, json: JSON.parse(res.body.toString('utf8')) as T };
  } catch (e) {
    const reason = `the response is not JSON (${(e as Error).message})`;
    throw new HttpError(`${describe(req)}: ${reason}`, reason, res.status, res.attempts, res.headers);
  }
}

/** Method and URL without its query (where SAS tokens and keys travel). */
function describe(req: HttpRequest): string {
  const url = new URL(req.url);
  const method = req.method ?? (req.body === undefined && req.json === undefined ? 'GET' : 'POST');
  return `${method} ${url.origin}${url.pathname}`;
}
