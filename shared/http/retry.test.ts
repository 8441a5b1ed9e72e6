import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, isRetryable, isThrottle, retryDelayMs, wait } from './retry.js';

const P = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 30_000 };

describe('retry policy', () => {
  it('429 and 503 are throttles; 500/502/504/408 are retried; 4xx and 424 are not', () => {
    expect([429, 503].map(isThrottle)).toEqual([true, true]);
    expect([500, 502, 504, 408, 429, 503].every(isRetryable)).toBe(true);
    expect([400, 401, 403, 404, 413, 424].some(isRetryable)).toBe(false);
    expect(DEFAULT_RETRY.maxAttempts).toBe(5);
  });

  it('Retry-After in seconds wins over the backoff', () => {
    expect(retryDelayMs(1, '3', P)).toBe(3000);
    expect(retryDelayMs(4, '0', P)).toBe(0);
    expect(retryDelayMs(1, '0.5', P)).toBe(500);
  });

  it('Retry-After as an HTTP date waits until then (never negative)', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(retryDelayMs(1, 'Wed, 21 Oct 2015 07:28:04 GMT', P, now)).toBe(4000);
    expect(retryDelayMs(1, 'Wed, 21 Oct 2015 07:27:00 GMT', P, now)).toBe(0);
  });

  it('is capped at maxDelayMs, whatever the server says', () => {
    expect(retryDelayMs(1, '3600', P)).toBe(30_000);
    expect(retryDelayMs(20, null, P)).toBe(30_000);
  });

  it('without (or with an unreadable) Retry-After: exponential backoff from baseDelayMs', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, null, P))).toEqual([200, 400, 800, 1600]);
    expect(retryDelayMs(2, 'soon', P)).toBe(400);
  });

  it('a wait stops when the caller aborts', async () => {
    const ac = new AbortController();
    const p = wait(60_000, ac.signal);
    ac.abort();
    await expect(p).rejects.toThrow(/abort/i);
    await expect(wait(0)).resolves.toBeUndefined();
  });
});
