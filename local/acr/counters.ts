// Per-registry request counters, so tests and benchmarks can say what a push cost: how many blob
// HEADs, upload starts, chunks, cross-repository mounts and manifest calls reached the registry,
// and how many bytes it received and sent. Only requests that passed sign-in are counted by kind
// (a client's first, unauthenticated try is counted once as a challenge), so the numbers are the
// registry API calls the client made.
import { parseV2Path } from './access.js';

export const REQUEST_KINDS = [
  'blobHead',
  'blobGet',
  'blobUploadStart',
  'blobMount',
  'blobUploadPatch',
  'blobUploadPut',
  'manifestHead',
  'manifestGet',
  'manifestPut',
  'delete',
  'other',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export interface RegistryCounterValues {
  requests: Record<RequestKind, number>;
  /** Cross-repository mounts the registry honoured (201); the rest started a normal upload (202). */
  blobMountsHonoured: number;
  /** `/oauth2/exchange` calls, and `/oauth2/token` calls (GET and POST), refused ones included. */
  tokenExchanges: number;
  tokenRequests: number;
  /** `/v2/*` requests answered 401 with a challenge (no token, a bad one, or too little scope). */
  challenges: number;
  /** Request body bytes of `/v2/*` requests (what a push uploads), and response body bytes sent. */
  bytesReceived: number;
  bytesSent: number;
}

/** Which kind of registry call a `/v2/*` request is. */
export function requestKind(method: string, url: URL): RequestKind {
  const p = parseV2Path(url.pathname);
  if (!p) return 'other';
  if (method === 'DELETE') return 'delete';
  if (p.kind === 'manifests') {
    if (method === 'HEAD') return 'manifestHead';
    if (method === 'GET') return 'manifestGet';
    if (method === 'PUT') return 'manifestPut';
    return 'other';
  }
  if (p.kind !== 'blobs') return 'other';
  if (p.rest.startsWith('uploads')) {
    if (method === 'POST') {
      return url.searchParams.has('mount') && url.searchParams.has('from') ? 'blobMount' : 'blobUploadStart';
    }
    if (method === 'PATCH') return 'blobUploadPatch';
    if (method === 'PUT') return 'blobUploadPut';
    return 'other';
  }
  if (method === 'HEAD') return 'blobHead';
  if (method === 'GET') return 'blobGet';
  return 'other';
}

export class RegistryCounters {
  private v: RegistryCounterValues = emptyCounters();

  count(kind: RequestKind): void {
    this.v.requests[kind] += 1;
  }

  add(field: Exclude<keyof RegistryCounterValues, 'requests'>, n = 1): void {
    this.v[field] += n;
  }

  values(): RegistryCounterValues {
    return { ...this.v, requests: { ...this.v.requests } };
  }

  reset(): void {
    this.v = emptyCounters();
  }
}

function emptyCounters(): RegistryCounterValues {
  return {
    requests: Object.fromEntries(REQUEST_KINDS.map((k) => [k, 0])) as Record<RequestKind, number>,
    blobMountsHonoured: 0,
    tokenExchanges: 0,
    tokenRequests: 0,
    challenges: 0,
    bytesReceived: 0,
    bytesSent: 0,
  };
}
