// Live traffic of an endpoint from Azure Monitor metrics (`Microsoft.Insights/metrics`, api-version
// 2018-01-01), read through the ML client's own pipeline (same sign-in, retry and TLS settings as
// every other ARM call; `@azure/arm-monitor` 8 needs node 22 and 7 adds nothing this REST call
// lacks). Metrics come in one-minute buckets and arrive late: each bucket says whether it has
// closed, and only closed buckets may be judged.
import { RolloutError } from '../errors.js';
import type { WorkspaceClient } from './online.js';

export const METRICS_API_VERSION = '2018-01-01';

export interface RequestBucket {
  /** Bucket start, ISO 8601. */
  start: string;
  deployment: string;
  statusCode: string;
  /** The model container's own status (a 424 from the endpoint carries it). */
  modelStatusCode: string | undefined;
  count: number;
  closed: boolean;
}

export interface LatencyBucket {
  start: string;
  deployment: string;
  p95Ms: number;
  closed: boolean;
}

export interface EndpointMetrics {
  requests: RequestBucket[];
  latency: LatencyBucket[];
}

interface MetricsResponse {
  interval?: string;
  value?: {
    name?: { value?: string };
    timeseries?: {
      metadatavalues?: { name?: { value?: string }; value?: string }[];
      data?: { timeStamp: string; total?: number; average?: number; maximum?: number }[];
    }[];
  }[];
}

/** `PT1M`, `PT30S`, `PT1H` as ms; one minute when absent or unreadable. */
export function isoDurationMs(text: string | undefined): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(text ?? '');
  if (!m || (!m[1] && !m[2] && !m[3])) return 60_000;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

async function query(
  ws: WorkspaceClient,
  resourceId: string,
  params: Record<string, string>,
  signal?: AbortSignal,
): Promise<MetricsResponse> {
  const { createPipelineRequest, createHttpHeaders } = await import('@azure/core-rest-pipeline');
  const search = new URLSearchParams({ 'api-version': METRICS_API_VERSION, ...params });
  const url = `${ws.client.$host.replace(/\/$/, '')}${resourceId}/providers/Microsoft.Insights/metrics?${search}`;
  const res = await ws.client.sendRequest(
    createPipelineRequest({
      url,
      method: 'GET',
      headers: createHttpHeaders({ accept: 'application/json' }),
      ...(signal ? { abortSignal: signal } : {}),
    }),
  );
  if (res.status >= 400) {
    throw new RolloutError(
      'MetricsUnavailable',
      `Azure Monitor metrics answered ${res.status} for ${resourceId}`,
      {
        resource: resourceId,
        remediation: 'the identity needs Monitoring Reader (or Reader) on the endpoint',
      },
    );
  }
  return JSON.parse(res.bodyAsText ?? '{}') as MetricsResponse;
}

function dimension(
  series: { metadatavalues?: { name?: { value?: string }; value?: string }[] },
  name: string,
): string | undefined {
  // Azure Monitor answers dimension names in lower case; match either way.
  const hit = series.metadatavalues?.find((m) => m.name?.value?.toLowerCase() === name.toLowerCase());
  return hit?.value;
}

/** Requests by deployment and status, and p95 latency by deployment, between `from` and `to`. */
export async function readEndpointMetrics(
  ws: WorkspaceClient,
  endpointId: string,
  window: { from: Date; to: Date; now?: number; signal?: AbortSignal },
): Promise<EndpointMetrics> {
  const now = window.now ?? Date.now();
  const timespan = `${window.from.toISOString()}/${window.to.toISOString()}`;
  const [requests, latency] = await Promise.all([
    query(
      ws,
      endpointId,
      {
        metricnames: 'RequestsPerMinute',
        aggregation: 'Total',
        interval: 'PT1M',
        timespan,
        $filter: "deployment eq '*' and statusCode eq '*' and modelStatusCode eq '*'",
      },
      window.signal,
    ),
    query(
      ws,
      endpointId,
      {
        metricnames: 'RequestLatency_P95',
        aggregation: 'Average',
        interval: 'PT1M',
        timespan,
        $filter: "deployment eq '*'",
      },
      window.signal,
    ),
  ]);
  const out: EndpointMetrics = { requests: [], latency: [] };
  const requestWidth = isoDurationMs(requests.interval);
  for (const metric of requests.value ?? []) {
    for (const series of metric.timeseries ?? []) {
      const deployment = dimension(series, 'deployment') ?? '';
      const statusCode = dimension(series, 'statusCode') ?? '';
      const model = dimension(series, 'modelStatusCode');
      for (const point of series.data ?? []) {
        const start = Date.parse(point.timeStamp);
        const count = point.total ?? 0;
        if (!count) continue;
        out.requests.push({
          start: point.timeStamp,
          deployment,
          statusCode,
          modelStatusCode: model === '' ? undefined : model,
          count,
          closed: start + requestWidth <= now,
        });
      }
    }
  }
  const latencyWidth = isoDurationMs(latency.interval);
  for (const metric of latency.value ?? []) {
    for (const series of metric.timeseries ?? []) {
      const deployment = dimension(series, 'deployment') ?? '';
      for (const point of series.data ?? []) {
        const value = point.average ?? point.maximum;
        if (value === undefined) continue;
        const start = Date.parse(point.timeStamp);
        out.latency.push({
          start: point.timeStamp,
          deployment,
          p95Ms: value,
          closed: start + latencyWidth <= now,
        });
      }
    }
  }
  return out;
}
