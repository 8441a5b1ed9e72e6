// Judging one health check of a deployment during a rollout, from the step's own probes and the
// endpoint's closed Azure Monitor buckets, and counting failed checks against `failure-limit`.
// Pure: the caller collects probes and metrics; this only decides.
//
// Rules:
// - fewer than `min-requests` judged requests (probes plus live) fail the check: no data is not success;
// - errors are 5xx, 424 (the model container failed), 408 (request timed out in the deployment),
//   429 (the deployment could not keep up), and probe transport failures (status 0);
// - other 4xx are left out of the judgement (counted, not judged): a 400, 401, 404 or 413 says the
//   caller sent something wrong, not that the deployment is unwell;
// - p95 from probes is exact (nearest rank); metric P95 buckets cannot be merged, so the worst closed
//   minute stands for them, and the check takes the worse of the two. The old deployment's p95 for
//   `max-p95-ratio` is computed the same way, so the ratio compares like with like;
// - only closed metric buckets count: an open minute is still filling and would understate errors.
import { InputError } from '../errors.js';
import { sameDeployment } from './traffic.js';

export interface ProbeSample {
  /** HTTP status; 0 when the request failed before a response (timeout, reset). */
  status: number;
  latencyMs: number;
}

/** One `RequestsPerMinute` bucket: a minute, a deployment, a status and how many requests. */
export interface RequestBucket {
  start: string;
  deployment: string;
  /** The endpoint's HTTP status (e.g. 200, "424", or a class such as "5xx"). */
  statusCode?: number | string | undefined;
  /** The status the model container returned, when the metric carries it. */
  modelStatusCode?: number | string | undefined;
  count: number;
  closed: boolean;
}

/** One `RequestLatency_P95` bucket for a deployment. */
export interface LatencyBucket {
  start: string;
  deployment: string;
  p95Ms: number;
  closed: boolean;
}

export interface HealthThresholds {
  /** Highest error rate accepted, 0..1. */
  maxErrorRate: number;
  /** Highest p95 latency accepted, in ms. */
  maxP95Ms?: number | undefined;
  /** Highest p95 accepted as a multiple of the old deployment's p95. */
  maxP95Ratio?: number | undefined;
  /** Fewest judged requests (probes plus live) for a check to count; at least 1. */
  minRequests: number;
}

/**
 * A p95 ratio between two fast deployments is noise (14 ms vs 41 ms is 3x and means nothing on a
 * busy machine): the ratio is judged only when the new deployment is also this much slower.
 */
export const RATIO_NOISE_MS = 50;

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = { maxErrorRate: 0.01, minRequests: 10 };

/** Validates thresholds from inputs; each error names its input. */
export function parseHealthThresholds(raw: {
  maxErrorRate?: number | undefined;
  maxP95Ms?: number | undefined;
  maxP95Ratio?: number | undefined;
  minRequests?: number | undefined;
}): HealthThresholds {
  const t: HealthThresholds = {
    maxErrorRate: raw.maxErrorRate ?? DEFAULT_HEALTH_THRESHOLDS.maxErrorRate,
    minRequests: raw.minRequests ?? DEFAULT_HEALTH_THRESHOLDS.minRequests,
    maxP95Ms: raw.maxP95Ms,
    maxP95Ratio: raw.maxP95Ratio,
  };
  if (!Number.isFinite(t.maxErrorRate) || t.maxErrorRate < 0 || t.maxErrorRate > 1)
    throw new InputError(
      'max-error-rate',
      `${t.maxErrorRate} is not a rate between 0 and 1`,
      'e.g. 0.01 for 1%',
    );
  if (!Number.isInteger(t.minRequests) || t.minRequests < 1)
    throw new InputError(
      'min-requests',
      `${t.minRequests} is not a whole number of at least 1`,
      'a check without requests proves nothing, so at least 1 is required',
    );
  if (t.maxP95Ms !== undefined && (!Number.isFinite(t.maxP95Ms) || t.maxP95Ms <= 0))
    throw new InputError('max-p95-ms', `${t.maxP95Ms} is not a positive number of milliseconds`);
  if (t.maxP95Ratio !== undefined && (!Number.isFinite(t.maxP95Ratio) || t.maxP95Ratio < 1))
    throw new InputError(
      'max-p95-ratio',
      `${t.maxP95Ratio} is not a ratio of at least 1`,
      'e.g. 1.5 accepts a p95 up to 1.5 times the old deployment',
    );
  return t;
}

export type StatusClass = 'ok' | 'error' | 'client';

const COUNTED_4XX = new Set([408, 424, 429]);

/** How a status counts: `error` against the deployment, `client` left out, `ok`. */
export function classifyStatus(status: number | string | undefined): StatusClass {
  if (status === undefined) return 'error';
  const text = String(status).trim().toLowerCase();
  if (/^\d+$/.test(text)) {
    const code = Number(text);
    if (code >= 200 && code < 400) return 'ok';
    if (code >= 400 && code < 500) return COUNTED_4XX.has(code) ? 'error' : 'client';
    return 'error'; // 0 (no response), 1xx, 5xx and anything odd
  }
  // A status class cannot tell 429 from 400, so a "4xx" bucket counts as errors (conservative).
  if (text === '2xx' || text === '3xx') return 'ok';
  return 'error';
}

const RANK: Record<StatusClass, number> = { ok: 0, client: 1, error: 2 };

/** The worse of a bucket's endpoint status and model status, and the status that decided it. */
function bucketClass(b: RequestBucket): { cls: StatusClass; status: string } {
  let worst: { cls: StatusClass; status: string } | undefined;
  for (const code of [b.statusCode, b.modelStatusCode]) {
    if (code === undefined || String(code).trim() === '') continue;
    const cls = classifyStatus(code);
    if (!worst || RANK[cls] > RANK[worst.cls]) worst = { cls, status: String(code).trim() };
  }
  return worst ?? { cls: 'error', status: 'unknown' };
}

/** Nearest-rank percentile (q in (0, 1]); undefined for no values. */
export function percentile(values: readonly number[], q: number): number | undefined {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

export function p95(values: readonly number[]): number | undefined {
  return percentile(values, 0.95);
}

export interface HealthFigures {
  /** Judged requests: probes plus live, client errors left out. */
  requests: number;
  probes: number;
  live: number;
  errors: number;
  /** Errors by status, e.g. { "503": 2, "424": 1 }. */
  errorsByStatus: Record<string, number>;
  clientErrors: number;
  errorRate: number | undefined;
  /** The judged p95: the worse of probes and metrics. */
  p95Ms: number | undefined;
  probeP95Ms: number | undefined;
  metricP95Ms: number | undefined;
  oldP95Ms: number | undefined;
  p95Ratio: number | undefined;
  openBucketsIgnored: number;
}

export interface HealthVerdict {
  ok: boolean;
  /** Why the check failed, one sentence each; empty when ok. */
  reasons: string[];
  /** Observations that did not decide anything (left-out client errors, skipped ratio...). */
  notes: string[];
  figures: HealthFigures;
}

export interface HealthInput {
  newDeployment: string;
  oldDeployment?: string | undefined;
  probes: { new: readonly ProbeSample[]; old?: readonly ProbeSample[] | undefined };
  requests?: readonly RequestBucket[] | undefined;
  latency?: readonly LatencyBucket[] | undefined;
  thresholds: HealthThresholds;
}

const pct = (r: number) => `${+(r * 100).toFixed(2)}%`;
const ms = (v: number) => `${Math.round(v)} ms`;

/** p95 for one deployment: probes exactly, metrics by their worst closed minute, then the worse. */
function latencyOf(probes: readonly ProbeSample[], buckets: readonly LatencyBucket[], deployment: string) {
  const probeP95Ms = p95(probes.filter((s) => classifyStatus(s.status) !== 'client').map((s) => s.latencyMs));
  const closed = buckets.filter((b) => b.closed && sameDeployment(b.deployment, deployment));
  const metricP95Ms = closed.length ? Math.max(...closed.map((b) => b.p95Ms)) : undefined;
  const both = [probeP95Ms, metricP95Ms].filter((v): v is number => v !== undefined);
  return { probeP95Ms, metricP95Ms, p95Ms: both.length ? Math.max(...both) : undefined };
}

export function judgeHealth(input: HealthInput): HealthVerdict {
  const t = input.thresholds;
  const reasons: string[] = [];
  const notes: string[] = [];
  const name = input.newDeployment;
  const errorsByStatus: Record<string, number> = {};
  let errors = 0;
  let clientErrors = 0;
  let probes = 0;
  let live = 0;
  const count = (cls: StatusClass, status: string, n: number) => {
    if (cls === 'client') {
      clientErrors += n;
      return false;
    }
    if (cls === 'error') {
      errors += n;
      errorsByStatus[status] = (errorsByStatus[status] ?? 0) + n;
    }
    return true;
  };
  for (const s of input.probes.new) if (count(classifyStatus(s.status), String(s.status), 1)) probes += 1;

  const allBuckets = [...(input.requests ?? []), ...(input.latency ?? [])];
  const openBucketsIgnored = allBuckets.filter((b) => !b.closed).length;
  for (const b of input.requests ?? []) {
    if (!b.closed || !sameDeployment(b.deployment, name)) continue;
    const { cls, status } = bucketClass(b);
    if (count(cls, status, b.count)) live += b.count;
  }

  const requests = probes + live;
  const errorRate = requests > 0 ? errors / requests : undefined;
  const mine = latencyOf(input.probes.new, input.latency ?? [], name);
  const old =
    input.oldDeployment === undefined
      ? undefined
      : latencyOf(input.probes.old ?? [], input.latency ?? [], input.oldDeployment).p95Ms;
  const ratio = mine.p95Ms !== undefined && old !== undefined ? mine.p95Ms / Math.max(old, 1) : undefined;

  if (requests < t.minRequests) {
    reasons.push(
      `only ${requests} judged requests reached '${name}' (${probes} probes, ${live} live); at least ${t.minRequests} are needed: no data is not success`,
    );
  }
  if (errorRate !== undefined && errorRate > t.maxErrorRate) {
    const by = Object.entries(errorsByStatus)
      .sort(([sa, a], [sb, b]) => b - a || sa.localeCompare(sb))
      .map(([s, n]) => `${n}x ${s === '0' ? 'no response' : s}`)
      .join(', ');
    reasons.push(
      `error rate ${pct(errorRate)} (${errors} of ${requests}: ${by}) is above max-error-rate ${pct(t.maxErrorRate)}`,
    );
  }
  const latencyText = () =>
    `p95 ${ms(mine.p95Ms ?? 0)} (probes ${mine.probeP95Ms === undefined ? 'none' : ms(mine.probeP95Ms)}, metrics ${mine.metricP95Ms === undefined ? 'none' : ms(mine.metricP95Ms)})`;
  if (t.maxP95Ms !== undefined || t.maxP95Ratio !== undefined) {
    if (mine.p95Ms === undefined) {
      if (requests >= t.minRequests) reasons.push(`no latency data for '${name}': no data is not success`);
    } else if (t.maxP95Ms !== undefined && mine.p95Ms > t.maxP95Ms) {
      reasons.push(`${latencyText()} is above max-p95-ms ${t.maxP95Ms}`);
    }
  }
  if (t.maxP95Ratio !== undefined && mine.p95Ms !== undefined) {
    if (ratio === undefined) {
      notes.push(
        input.oldDeployment === undefined
          ? 'max-p95-ratio not applied: there is no old deployment to compare with'
          : `max-p95-ratio not applied: no latency data for the old deployment '${input.oldDeployment}'`,
      );
    } else if (ratio > t.maxP95Ratio && (mine.p95Ms ?? 0) - (old ?? 0) < RATIO_NOISE_MS) {
      notes.push(
        `p95 is ${ratio.toFixed(2)}x the old deployment's, but only ${ms((mine.p95Ms ?? 0) - (old ?? 0))} slower: under ${RATIO_NOISE_MS} ms a ratio is noise, not judged`,
      );
    } else if (ratio > t.maxP95Ratio) {
      reasons.push(
        `${latencyText()} is ${ratio.toFixed(2)}x the old deployment's ${ms(old ?? 0)}, above max-p95-ratio ${t.maxP95Ratio}`,
      );
    }
  }
  if (clientErrors > 0) {
    notes.push(
      `${clientErrors} client errors (4xx other than 408/424/429) left out: they say the request was wrong, not the deployment`,
    );
  }
  if (openBucketsIgnored > 0) notes.push(`${openBucketsIgnored} open metric buckets ignored (still filling)`);

  return {
    ok: reasons.length === 0,
    reasons,
    notes,
    figures: {
      requests,
      probes,
      live,
      errors,
      errorsByStatus,
      clientErrors,
      errorRate,
      p95Ms: mine.p95Ms,
      probeP95Ms: mine.probeP95Ms,
      metricP95Ms: mine.metricP95Ms,
      oldP95Ms: old,
      p95Ratio: ratio,
      openBucketsIgnored,
    },
  };
}

/** One line of figures for a timeline: "errors 1/120 (0.83%), p95 180 ms, old 170 ms (x1.06)". */
export function describeFigures(f: HealthFigures): string {
  const parts = [
    `errors ${f.errors}/${f.requests}${f.errorRate === undefined ? '' : ` (${pct(f.errorRate)})`}`,
  ];
  if (f.p95Ms !== undefined) parts.push(`p95 ${ms(f.p95Ms)}`);
  if (f.oldP95Ms !== undefined)
    parts.push(`old ${ms(f.oldP95Ms)}${f.p95Ratio === undefined ? '' : ` (x${f.p95Ratio.toFixed(2)})`}`);
  return parts.join(', ');
}

/** Failed checks over the whole rollout; passes do not reset it (a flapping deployment is not healthy). */
export interface FailureTally {
  readonly limit: number;
  readonly checks: number;
  readonly failed: number;
  /** The limit is reached: roll back. */
  readonly exhausted: boolean;
}

export function startFailureTally(limit: number): FailureTally {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InputError(
      'failure-limit',
      `${limit} is not a whole number of at least 1`,
      'the number of failed checks after which the rollout rolls back',
    );
  }
  return { limit, checks: 0, failed: 0, exhausted: false };
}

export function countCheck(tally: FailureTally, verdict: Pick<HealthVerdict, 'ok'>): FailureTally {
  const failed = tally.failed + (verdict.ok ? 0 : 1);
  return { limit: tally.limit, checks: tally.checks + 1, failed, exhausted: failed >= tally.limit };
}
