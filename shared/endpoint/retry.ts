// The one HTTP retry policy for scoring calls: 429 and 503 are the endpoint saying "not now" and are
// retried after Retry-After (seconds or an HTTP date) or an exponential backoff; other failures
// are retried a little, then reported. Every wait honours the caller's AbortSignal.
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
