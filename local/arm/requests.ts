// The log of mutating ARM requests (PUT, PATCH, POST, DELETE) the plane received, for tests that
// assert a refused rollout changed nothing. Every request with one of those methods is logged, even
// one refused with 401/400/404; POSTs that only read (listKeys, listSecrets, token, getLogs) are
// logged too, and each entry carries its operationId so a test can leave them out.
export const MUTATING_METHODS = ['PUT', 'PATCH', 'POST', 'DELETE'] as const;

export interface LoggedRequest {
  method: string;
  /** The request path, without the query. */
  path: string;
  /** The swagger operationId of the route that matched, when one did. */
  operationId?: string;
  /** The status answered (0 when the connection was dropped or is still open). */
  status: number;
  at: string;
}

/** POST operations that read and change nothing. */
export const READ_ONLY_POSTS = new Set([
  'Datastores_ListSecrets',
  'OnlineEndpoints_ListKeys',
  'OnlineEndpoints_GetToken',
  'OnlineDeployments_GetLogs',
]);

const MAX_ENTRIES = 10_000;

export class MutatingRequestLog {
  private entries: LoggedRequest[] = [];
  private counts = new Map<string, number>();

  /** Log a request if its method mutates; the caller fills `operationId` and `status` as it learns them. */
  record(method: string, path: string): LoggedRequest | undefined {
    if (!(MUTATING_METHODS as readonly string[]).includes(method)) {
      // Reads are only counted: benchmarks compare a client's request count with a minimal one.
      if (method === 'GET') this.counts.set('GET', (this.counts.get('GET') ?? 0) + 1);
      return undefined;
    }
    const entry: LoggedRequest = { method, path, status: 0, at: new Date().toISOString() };
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
    return entry;
  }

  /** Totals per method (never truncated) and the most recent entries. */
  summary(): {
    total: number;
    byMethod: Record<string, number>;
    readOnlyPosts: number;
    /** GET requests, counted but not logged. */
    reads: number;
    value: LoggedRequest[];
  } {
    const byMethod = Object.fromEntries(MUTATING_METHODS.map((m) => [m, this.counts.get(m) ?? 0]));
    return {
      total: Object.values(byMethod).reduce((a, b) => a + b, 0),
      byMethod,
      readOnlyPosts: this.entries.filter((e) => READ_ONLY_POSTS.has(e.operationId ?? '')).length,
      reads: this.counts.get('GET') ?? 0,
      value: this.entries.map((e) => ({ ...e })),
    };
  }

  reset(): void {
    this.entries = [];
    this.counts.clear();
  }
}
