import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import {
  classifyStatus,
  countCheck,
  DEFAULT_HEALTH_THRESHOLDS,
  describeFigures,
  judgeHealth,
  p95,
  parseHealthThresholds,
  percentile,
  startFailureTally,
  type HealthInput,
  type LatencyBucket,
  type ProbeSample,
  type RequestBucket,
} from './health.js';

const ok = (n: number, latencyMs = 100): ProbeSample[] =>
  Array.from({ length: n }, () => ({ status: 200, latencyMs }));
const bucket = (
  deployment: string,
  statusCode: number | string,
  count: number,
  closed = true,
): RequestBucket => ({
  start: '2025-01-01T10:00:00Z',
  deployment,
  statusCode,
  count,
  closed,
});
const latency = (deployment: string, p95Ms: number, closed = true): LatencyBucket => ({
  start: '2025-01-01T10:00:00Z',
  deployment,
  p95Ms,
  closed,
});
const input = (over: Partial<HealthInput>): HealthInput => ({
  newDeployment: 'green',
  oldDeployment: 'blue',
  probes: { new: ok(20) },
  thresholds: { maxErrorRate: 0.01, minRequests: 10 },
  ...over,
});

describe('status classes', () => {
  it('5xx, 424, 408, 429 and no response are errors; other 4xx are client errors', () => {
    expect([200, 201, 204, 301].map(classifyStatus)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect([500, 502, 503, 504, 424, 408, 429, 0].map(classifyStatus)).toEqual(Array(8).fill('error'));
    expect([400, 401, 403, 404, 413, 415].map(classifyStatus)).toEqual(Array(6).fill('client'));
    expect(classifyStatus(undefined)).toBe('error');
    expect(classifyStatus(100)).toBe('error');
  });

  it('metric dimensions arrive as text, sometimes as classes', () => {
    expect(classifyStatus('200')).toBe('ok');
    expect(classifyStatus('424')).toBe('error');
    expect(classifyStatus('404')).toBe('client');
    expect(classifyStatus('2xx')).toBe('ok');
    expect(classifyStatus('5XX')).toBe('error');
    // A class cannot tell 429 from 400: counted as errors.
    expect(classifyStatus('4xx')).toBe('error');
    expect(classifyStatus('weird')).toBe('error');
  });
});

describe('nearest-rank percentiles', () => {
  it('p95 of 1..100 is 95, of 1..20 is 19, of one value is that value', () => {
    expect(p95(Array.from({ length: 100 }, (_, i) => i + 1))).toBe(95);
    expect(p95(Array.from({ length: 20 }, (_, i) => i + 1))).toBe(19);
    expect(p95([7])).toBe(7);
    expect(p95([])).toBeUndefined();
  });

  it('does not depend on order and ignores non-finite values', () => {
    expect(p95([300, 100, 200, Number.NaN])).toBe(300);
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 0.2)).toBe(1);
    expect(percentile([5, 1, 3, 2, 4], 1)).toBe(5);
  });
});

describe('thresholds', () => {
  it('defaults, and each bad value names its input', () => {
    expect(parseHealthThresholds({})).toEqual({
      ...DEFAULT_HEALTH_THRESHOLDS,
      maxP95Ms: undefined,
      maxP95Ratio: undefined,
    });
    expect(
      parseHealthThresholds({ maxErrorRate: 0.05, maxP95Ms: 500, maxP95Ratio: 1.5, minRequests: 30 }),
    ).toEqual({
      maxErrorRate: 0.05,
      maxP95Ms: 500,
      maxP95Ratio: 1.5,
      minRequests: 30,
    });
    const cases: [Parameters<typeof parseHealthThresholds>[0], string][] = [
      [{ maxErrorRate: 2 }, 'max-error-rate'],
      [{ minRequests: 0 }, 'min-requests'],
      [{ minRequests: 2.5 }, 'min-requests'],
      [{ maxP95Ms: 0 }, 'max-p95-ms'],
      [{ maxP95Ratio: 0.9 }, 'max-p95-ratio'],
    ];
    for (const [raw, name] of cases) {
      let error: unknown;
      try {
        parseHealthThresholds(raw);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).resource).toBe(name);
    }
  });
});

describe('judging a check', () => {
  it('healthy probes and live traffic pass, with figures', () => {
    const v = judgeHealth(
      input({
        probes: { new: ok(20, 120), old: ok(20, 100) },
        requests: [bucket('green', 200, 480), bucket('blue', 200, 4000)],
        latency: [latency('green', 150), latency('blue', 140)],
        thresholds: { maxErrorRate: 0.01, maxP95Ms: 500, maxP95Ratio: 1.5, minRequests: 10 },
      }),
    );
    expect(v.ok).toBe(true);
    expect(v.reasons).toEqual([]);
    expect(v.figures).toMatchObject({
      requests: 500,
      probes: 20,
      live: 480,
      errors: 0,
      errorRate: 0,
      probeP95Ms: 120,
      metricP95Ms: 150,
      p95Ms: 150,
      oldP95Ms: 140,
    });
    expect(v.figures.p95Ratio).toBeCloseTo(150 / 140);
    expect(describeFigures(v.figures)).toBe('errors 0/500 (0%), p95 150 ms, old 140 ms (x1.07)');
  });

  it('no data is not success: too few requests fail the check', () => {
    const v = judgeHealth(input({ probes: { new: ok(3) }, requests: [bucket('green', 200, 2)] }));
    expect(v.ok).toBe(false);
    expect(v.reasons).toEqual([
      "only 5 judged requests reached 'green' (3 probes, 2 live); at least 10 are needed: no data is not success",
    ]);
    const none = judgeHealth(input({ probes: { new: [] } }));
    expect(none.ok).toBe(false);
    expect(none.figures.errorRate).toBeUndefined();
    expect(none.reasons).toHaveLength(1);
  });

  it('5xx and 424 count as errors, with a breakdown', () => {
    const v = judgeHealth(
      input({
        probes: { new: [...ok(18), { status: 503, latencyMs: 30 }, { status: 0, latencyMs: 5000 }] },
        requests: [bucket('green', 200, 78), bucket('green', '424', 2)],
      }),
    );
    expect(v.ok).toBe(false);
    expect(v.figures.errors).toBe(4);
    expect(v.figures.requests).toBe(100);
    expect(v.figures.errorsByStatus).toEqual({ '503': 1, '0': 1, '424': 2 });
    expect(v.reasons).toEqual([
      'error rate 4% (4 of 100: 2x 424, 1x no response, 1x 503) is above max-error-rate 1%',
    ]);
  });

  it('an error rate at the threshold passes', () => {
    const v = judgeHealth(input({ probes: { new: [...ok(99), { status: 500, latencyMs: 10 }] } }));
    expect(v.figures.errorRate).toBe(0.01);
    expect(v.ok).toBe(true);
  });

  it('other 4xx are left out of the judgement, and said so', () => {
    const v = judgeHealth(
      input({
        probes: { new: [...ok(10), { status: 400, latencyMs: 5 }] },
        requests: [bucket('green', 401, 50), bucket('green', 404, 5), bucket('green', 200, 40)],
      }),
    );
    expect(v.ok).toBe(true);
    expect(v.figures).toMatchObject({ requests: 50, clientErrors: 56, errors: 0 });
    expect(v.notes).toContain(
      '56 client errors (4xx other than 408/424/429) left out: they say the request was wrong, not the deployment',
    );
  });

  it('client errors alone are no data', () => {
    const v = judgeHealth(input({ probes: { new: [] }, requests: [bucket('green', 400, 500)] }));
    expect(v.ok).toBe(false);
    expect(v.reasons[0]).toMatch(/only 0 judged requests/);
  });

  it('408 and 429 count: a deployment that times out or cannot keep up is unwell', () => {
    const v = judgeHealth(
      input({ requests: [bucket('green', 429, 10), bucket('green', 408, 10), bucket('green', 200, 80)] }),
    );
    expect(v.figures.errors).toBe(20);
    expect(v.ok).toBe(false);
  });

  it('a model status worse than the endpoint status decides the bucket', () => {
    const v = judgeHealth(
      input({
        probes: { new: [] },
        requests: [
          { start: 't', deployment: 'green', statusCode: 200, modelStatusCode: 500, count: 5, closed: true },
          { start: 't', deployment: 'green', modelStatusCode: '200', count: 20, closed: true },
          { start: 't', deployment: 'green', count: 1, closed: true },
        ],
      }),
    );
    expect(v.figures.errorsByStatus).toEqual({ '500': 5, unknown: 1 });
    expect(v.figures.live).toBe(26);
  });

  it('only closed buckets of the new deployment count (names without case)', () => {
    const v = judgeHealth(
      input({
        probes: { new: ok(10) },
        requests: [bucket('GREEN', 200, 30), bucket('green', 500, 30, false), bucket('blue', 500, 100)],
        latency: [latency('green', 9000, false)],
      }),
    );
    expect(v.ok).toBe(true);
    expect(v.figures.live).toBe(30);
    expect(v.figures.metricP95Ms).toBeUndefined();
    expect(v.figures.openBucketsIgnored).toBe(2);
    expect(v.notes).toContain('2 open metric buckets ignored (still filling)');
  });

  it('p95 above max-p95-ms fails; the worse of probes and metrics is judged', () => {
    const probes = [...ok(19, 100), { status: 200, latencyMs: 400 }];
    const v = judgeHealth(
      input({
        probes: { new: probes },
        latency: [latency('green', 200), latency('green', 650)],
        thresholds: { maxErrorRate: 0.01, maxP95Ms: 500, minRequests: 10 },
      }),
    );
    expect(v.figures.probeP95Ms).toBe(100);
    expect(v.figures.metricP95Ms).toBe(650);
    expect(v.reasons).toEqual(['p95 650 ms (probes 100 ms, metrics 650 ms) is above max-p95-ms 500']);
    const probesOnly = judgeHealth(
      input({
        probes: { new: [...ok(10, 100), ...ok(10, 900)] },
        thresholds: { maxErrorRate: 0.01, maxP95Ms: 500, minRequests: 10 },
      }),
    );
    expect(probesOnly.reasons).toEqual(['p95 900 ms (probes 900 ms, metrics none) is above max-p95-ms 500']);
  });

  it('p95 against the old deployment, compared like with like', () => {
    const v = judgeHealth(
      input({
        probes: { new: ok(20, 300), old: ok(20, 100) },
        latency: [latency('blue', 120)],
        thresholds: { maxErrorRate: 0.01, maxP95Ratio: 2, minRequests: 10 },
      }),
    );
    expect(v.figures.oldP95Ms).toBe(120);
    expect(v.figures.p95Ratio).toBe(2.5);
    expect(v.reasons).toEqual([
      "p95 300 ms (probes 300 ms, metrics none) is 2.50x the old deployment's 120 ms, above max-p95-ratio 2",
    ]);
  });

  it('a ratio between fast deployments is noise: judged only when also 50 ms slower', () => {
    const v = judgeHealth(
      input({
        probes: { new: ok(20, 41), old: ok(20, 14) },
        thresholds: { maxErrorRate: 0.01, maxP95Ratio: 2, minRequests: 10 },
      }),
    );
    expect(v.ok).toBe(true);
    expect(v.notes.join('\n')).toContain('under 50 ms a ratio is noise');
  });

  it('the ratio is not applied without an old deployment or its data, and says so', () => {
    const t = { maxErrorRate: 0.01, maxP95Ratio: 1.2, minRequests: 10 };
    const first = judgeHealth(input({ oldDeployment: undefined, thresholds: t }));
    expect(first.ok).toBe(true);
    expect(first.notes).toContain('max-p95-ratio not applied: there is no old deployment to compare with');
    const noOldData = judgeHealth(input({ thresholds: t }));
    expect(noOldData.ok).toBe(true);
    expect(noOldData.notes).toContain(
      "max-p95-ratio not applied: no latency data for the old deployment 'blue'",
    );
  });

  it('a latency threshold without any latency data fails', () => {
    const v = judgeHealth(
      input({
        probes: { new: [] },
        requests: [bucket('green', 200, 50)],
        thresholds: { maxErrorRate: 0.01, maxP95Ms: 500, minRequests: 10 },
      }),
    );
    expect(v.ok).toBe(false);
    expect(v.reasons).toEqual(["no latency data for 'green': no data is not success"]);
  });

  it('a near-zero old p95 does not divide by zero', () => {
    const v = judgeHealth(
      input({
        probes: { new: ok(20, 3), old: ok(20, 0) },
        thresholds: { maxErrorRate: 0.01, maxP95Ratio: 5, minRequests: 10 },
      }),
    );
    expect(v.figures.p95Ratio).toBe(3);
    expect(v.ok).toBe(true);
  });

  it('all failing rules are reported together', () => {
    const v = judgeHealth(
      input({
        probes: { new: [{ status: 500, latencyMs: 900 }] },
        thresholds: { maxErrorRate: 0.01, maxP95Ms: 500, minRequests: 10 },
      }),
    );
    expect(v.reasons).toHaveLength(3);
  });
});

describe('failure limit', () => {
  it('rolls back once the failed checks reach the limit; passes do not reset it', () => {
    let t = startFailureTally(2);
    t = countCheck(t, { ok: false });
    expect(t).toEqual({ limit: 2, checks: 1, failed: 1, exhausted: false });
    t = countCheck(t, { ok: true });
    expect(t.exhausted).toBe(false);
    t = countCheck(t, { ok: false });
    expect(t).toEqual({ limit: 2, checks: 3, failed: 2, exhausted: true });
  });

  it('a limit of 1 rolls back on the first failed check', () => {
    expect(countCheck(startFailureTally(1), { ok: false }).exhausted).toBe(true);
    expect(countCheck(startFailureTally(1), { ok: true }).exhausted).toBe(false);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses limit %s', (limit) => {
    expect(() => startFailureTally(limit)).toThrow(/input 'failure-limit'/);
  });
});
