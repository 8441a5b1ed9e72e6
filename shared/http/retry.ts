// The one HTTP retry policy (shared/http/request.ts applies it to every request the suite sends
// itself): 429 and 503 are the server saying "not now" and are retried after Retry-After (seconds
// or an HTTP date) or an exponential backoff; 408, 500, 502, 504 and connection failures are
// retried too; 424 (a model container failing) and other 4xx never are. Every wait honours the
// caller's AbortSignal.
import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff when the server gives no Retry-After; doubled each time. */
  baseDelayMs: number;
  /** Longest single wait, whatever Retry-After says. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 30_000 };
/** One attempt: for probes that are themselves polled (is the plane up yet?). */
export const NO_RETRY: RetryPolicy = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

export function isThrottle(status: number): boolean {
  return status === 429 || status === 503;
}

export function isRetryable(status: number): boolean {
  return isThrottle(status) || status === 500 || status === 502 || status === 504 || status === 408;
}

/** Milliseconds to wait before the next attempt. */
export function retryDelayMs(
  attempt: number,
  retryAfter: string | null,
  policy: RetryPolicy,
  now = Date.now(),
): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.min(Math.max(0, seconds * 1000), policy.maxDelayMs);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.min(Math.max(0, date - now), policy.maxDelayMs);
  }
  return Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
}

export function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return sleep(ms, undefined, signal ? { signal } : undefined);
}
