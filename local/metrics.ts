// Azure Monitor metrics of online endpoints, computed from what the data plane saw: one event per
// request routed to a deployment (live or mirrored) with its status, the model's status and its
// latency. Events fall into buckets of one *plane minute*, 60 s unless a test shortens it through
// the admin API (`bucketSeconds`), so a closed bucket can be seen without waiting a real minute.
// The query maths (buckets, dimensions, aggregations) are pure functions below.

export interface RequestEvent {
  /** Epoch ms when the answer was sent. */
  at: number;
  ws: string;
  ep: string;
  dep: string;
  /** Status the client got (0 for a dropped connection). */
  status: number;
  /** Status the model container answered with, when it answered. */
  modelStatus?: number;
  ms: number;
}

export type Aggregation = 'average' | 'count' | 'maximum' | 'minimum' | 'total';
export const AGGREGATIONS: readonly Aggregation[] = ['average', 'count', 'maximum', 'minimum', 'total'];

export type Dimension = 'deployment' | 'statusCode' | 'statusCodeClass' | 'modelStatusCode';

export interface MetricDefinition {
  name: string;
  displayName: string;
  description: string;
  unit: 'Count' | 'MilliSeconds';
  dimensions: readonly Dimension[];
  /** How a bucket's value is formed: requests counted per plane minute, or request latencies. */
  source: 'requests' | 'latency' | { percentile: number };
}

/** The request metrics of Microsoft.MachineLearningServices/workspaces/onlineEndpoints. */
export const ENDPOINT_METRICS: readonly MetricDefinition[] = [
  {
    name: 'RequestsPerMinute',
    displayName: 'Requests per minute',
    description: 'The number of requests sent to online endpoint within a minute',
    unit: 'Count',
    dimensions: ['deployment', 'statusCode', 'statusCodeClass', 'modelStatusCode'],
    source: 'requests',
  },
  {
    name: 'RequestLatency',
    displayName: 'Request Latency',
    description: 'The complete interval of time taken for a request to be responded',
    unit: 'MilliSeconds',
    dimensions: ['deployment'],
    source: 'latency',
  },
  ...[50, 90, 95, 99].map((p): MetricDefinition => ({
    name: `RequestLatency_P${p}`,
    displayName: `Request Latency P${p}`,
    description: `The ${p}th percentile of the request latency, aggregated per minute`,
    unit: 'MilliSeconds',
    dimensions: ['deployment'],
    source: { percentile: p / 100 },
  })),
];

export const DIMENSIONS: readonly Dimension[] = [
  'deployment',
  'statusCode',
  'statusCodeClass',
  'modelStatusCode',
];

const MAX_EVENTS = 200_000;

/** The per-request record the data plane writes and the metrics route reads. */
export class RequestMetrics {
  /** Length of one plane minute, in seconds: 60 unless a test shortens it. */
  bucketSeconds = 60;
  private events: RequestEvent[] = [];

  record(e: RequestEvent): void {
    this.events.push({ ...e, ws: e.ws.toLowerCase(), ep: e.ep.toLowerCase() });
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
  }

  /** The endpoint's events with `from <= at < to`. */
  eventsFor(ws: string, ep: string, from: number, to: number): RequestEvent[] {
    const w = ws.toLowerCase();
    const e = ep.toLowerCase();
    return this.events.filter((x) => x.at >= from && x.at < to && x.ws === w && x.ep === e);
  }

  clear(): void {
    this.events = [];
  }
}

/** Nearest-rank-below percentile of sorted values (the data plane's counters use the same). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export function dimensionValue(e: RequestEvent, d: Dimension): string {
  switch (d) {
    case 'deployment':
      return e.dep;
    case 'statusCode':
      return String(e.status);
    case 'statusCodeClass':
      return e.status === 0 ? '' : `${Math.floor(e.status / 100)}xx`;
    case 'modelStatusCode':
      return e.modelStatus === undefined ? '' : String(e.modelStatus);
  }
}

/** `$filter` as Azure Monitor reads it: per dimension, the values kept (`*` keeps all and splits). */
export type DimensionFilter = Map<Dimension, Set<string> | '*'>;

export interface MetricsQuery {
  metric: MetricDefinition;
  aggregations: readonly Aggregation[];
  /** Bucket starts: `start` is aligned, `end` exclusive. */
  start: number;
  end: number;
  grainMs: number;
  /** One plane minute, the width RequestsPerMinute and the percentiles are formed over. */
  minuteMs: number;
  filter: DimensionFilter;
  /** At most this many time series, largest first (Azure's `top`, 10 by default with a filter). */
  top: number;
}

export interface DataPoint {
  timeStamp: number;
  average?: number;
  count?: number;
  maximum?: number;
  minimum?: number;
  total?: number;
}

export interface TimeSeries {
  metadata: Array<[Dimension, string]>;
  data: DataPoint[];
}

/** The time series of one metric over an endpoint's `events` within the query's buckets. */
export function queryMetric(events: readonly RequestEvent[], q: MetricsQuery): TimeSeries[] {
  // Dimensions a metric does not have are left out of its query rather than failing the others.
  const split = [...q.filter.keys()].filter((d) => q.metric.dimensions.includes(d));
  const kept = events.filter(
    (e) =>
      e.at >= q.start &&
      e.at < q.end &&
      split.every((d) => {
        const allowed = q.filter.get(d);
        return allowed === '*' || (allowed as Set<string>).has(dimensionValue(e, d).toLowerCase());
      }),
  );
  const groups = new Map<string, { metadata: Array<[Dimension, string]>; events: RequestEvent[] }>();
  for (const e of kept) {
    const metadata = split.map((d): [Dimension, string] => [d, dimensionValue(e, d)]);
    const key = JSON.stringify(metadata);
    const g = groups.get(key) ?? { metadata, events: [] };
    g.events.push(e);
    groups.set(key, g);
  }
  if (split.length === 0 && groups.size === 0) groups.set('[]', { metadata: [], events: [] });
  const series = [...groups.values()].map((g) => ({
    metadata: g.metadata,
    data: buckets(q).map((t) => point(q, t, g.events)),
    size: g.events.length,
  }));
  series.sort((a, b) => b.size - a.size);
  return series.slice(0, q.top).map(({ metadata, data }) => ({ metadata, data }));
}

function buckets(q: MetricsQuery): number[] {
  const out: number[] = [];
  for (let t = q.start; t < q.end; t += q.grainMs) out.push(t);
  return out;
}

function point(q: MetricsQuery, t: number, events: readonly RequestEvent[]): DataPoint {
  const inBucket = events.filter((e) => e.at >= t && e.at < t + q.grainMs);
  let values: number[];
  if (q.metric.source === 'latency') {
    values = inBucket.map((e) => e.ms);
  } else {
    // Per plane minute of the bucket: the request count, or the latency percentile of that minute.
    const minutes = Math.max(1, Math.round(q.grainMs / q.minuteMs));
    const source = q.metric.source;
    values = [];
    for (let i = 0; i < minutes; i++) {
      const from = t + i * q.minuteMs;
      const minute = inBucket.filter((e) => e.at >= from && e.at < from + q.minuteMs);
      if (source === 'requests') values.push(minute.length);
      else if (minute.length > 0)
        values.push(
          percentile(
            minute.map((e) => e.ms).sort((a, b) => a - b),
            source.percentile,
          ),
        );
    }
  }
  const p: DataPoint = { timeStamp: t };
  // No value at all (an empty latency bucket) is reported as a bare timestamp, as Azure does.
  if (values.length === 0) return p;
  const total = values.reduce((a, b) => a + b, 0);
  for (const a of q.aggregations) {
    if (a === 'total') p.total = total;
    if (a === 'count') p.count = values.length;
    if (a === 'average') p.average = total / values.length;
    if (a === 'maximum') p.maximum = Math.max(...values);
    if (a === 'minimum') p.minimum = Math.min(...values);
  }
  return p;
}

/** Parse `$filter` (`deployment eq 'blue' or deployment eq 'green' and statusCode eq '*'`). */
export function parseDimensionFilter(text: string | null): DimensionFilter {
  const filter: DimensionFilter = new Map();
  if (!text || !text.trim()) return filter;
  const clause = /^\s*([A-Za-z]+)\s+eq\s+'([^']*)'\s*(?:\b(and|or)\b)?/i;
  let rest = text;
  let joinedByOr: Dimension | undefined;
  while (rest.trim()) {
    const m = clause.exec(rest);
    if (!m)
      throw new Error(
        `cannot parse $filter near "${rest.trim()}": use <dimension> eq '<value>' joined by and/or`,
      );
    const dim = DIMENSIONS.find((d) => d.toLowerCase() === (m[1] as string).toLowerCase());
    if (!dim) throw new Error(`unknown dimension '${m[1]}' (known: ${DIMENSIONS.join(', ')})`);
    if (joinedByOr && joinedByOr !== dim) {
      throw new Error("the 'or' operator can only join values of the same dimension");
    }
    const value = (m[2] as string).toLowerCase();
    const current = filter.get(dim);
    if (value === '*' || current === '*') filter.set(dim, '*');
    else filter.set(dim, new Set([...(current ?? []), value]));
    joinedByOr = m[3]?.toLowerCase() === 'or' ? dim : undefined;
    rest = rest.slice(m[0].length);
  }
  return filter;
}

/** ISO 8601 duration (PT1M, PT2S, PT1H, P1D) in ms; undefined if it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined;
  const [, d, h, min, s] = m;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
}

export function formatDuration(ms: number): string {
  let s = Math.round(ms / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : d ? '' : 'T0S'}`;
}

/** A timespan `start/end`, `start/duration`, `duration/end` or `duration` (ending now); default the last hour. */
export function parseTimespan(text: string | null, now: number): { start: number; end: number } {
  if (!text) return { start: now - 3_600_000, end: now };
  const parts = text.split('/');
  const at = (s: string) => {
    const t = Date.parse(s);
    if (Number.isNaN(t)) throw new Error(`'${s}' is not an ISO 8601 date-time`);
    return t;
  };
  if (parts.length === 1) {
    const d = parseDuration(parts[0] as string);
    if (d === undefined) throw new Error(`timespan '${text}' is not start/end or an ISO 8601 duration`);
    return { start: now - d, end: now };
  }
  if (parts.length !== 2) throw new Error(`timespan '${text}' is not start/end`);
  const [a, b] = parts as [string, string];
  const da = parseDuration(a);
  const db = parseDuration(b);
  if (da !== undefined) return { start: at(b) - da, end: at(b) };
  if (db !== undefined) return { start: at(a), end: at(a) + db };
  const range = { start: at(a), end: at(b) };
  if (range.end <= range.start) throw new Error(`timespan '${text}' ends before it starts`);
  return range;
}
