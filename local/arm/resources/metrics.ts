// Microsoft.Insights metrics and metricDefinitions of an online endpoint, as Azure Monitor answers
// `metrics.list(resourceUri, options)` of @azure/arm-monitor 7.x (api-version 2018-01-01): the
// request metrics computed by local/metrics.ts, split by the dimensions `$filter` names. Monitor's
// errors are `{"code","message"}`, not ARM's `{"error":{...}}`.
import { ArmError, sendJson } from '../../arm-http.js';
import {
  AGGREGATIONS,
  type Aggregation,
  type DataPoint,
  ENDPOINT_METRICS,
  formatDuration,
  type MetricDefinition,
  parseDimensionFilter,
  parseDuration,
  parseTimespan,
  queryMetric,
} from '../../metrics.js';
import { TYPES } from '../../resources.js';
import type { JsonObject } from '../../store.js';
import type { ArmServices } from '../context.js';
import { endpointOf } from '../lookup.js';
import { type ArmCall, type ArmRouter, type Params, WORKSPACES } from '../router.js';

export const MONITOR_API_VERSIONS = ['2018-01-01'];
const INTERVALS = ['PT1M', 'PT5M', 'PT15M', 'PT30M', 'PT1H', 'PT6H', 'PT12H', 'P1D'];
const MAX_POINTS = 1440;

export function metricRoutes(router: ArmRouter, s: ArmServices): void {
  const base = `${WORKSPACES}/:ws/onlineEndpoints/:ep/providers/Microsoft.Insights`;
  const options = { apiVersions: MONITOR_API_VERSIONS };
  router.on('GET', `${base}/metrics`, 'Metrics_List', (c, p) => monitor(c, () => metrics(s, c, p)), options);
  router.on(
    'GET',
    `${base}/metricDefinitions`,
    'MetricDefinitions_List',
    (c, p) => monitor(c, () => definitions(s, c, p)),
    options,
  );
}

async function monitor(c: ArmCall, work: () => void): Promise<void> {
  try {
    work();
  } catch (e) {
    if (!(e instanceof ArmError)) throw e;
    sendJson(c.res, e.status, { code: e.code, message: e.message }, c.ids);
  }
}

const badRequest = (message: string) => new ArmError(400, 'BadRequest', message);

function metrics(s: ArmServices, c: ArmCall, p: Params): void {
  const st = s.store.state;
  const e = endpointOf(st, p);
  const q = c.url.searchParams;
  const namespace = q.get('metricnamespace');
  if (namespace && namespace.toLowerCase() !== TYPES.endpoint.toLowerCase()) {
    throw badRequest(
      `Metric namespace '${namespace}' is not valid for this resource; use '${TYPES.endpoint}'.`,
    );
  }
  const names = (q.get('metricnames') ?? ENDPOINT_METRICS[0]?.name ?? '').split(',').map((n) => n.trim());
  const defs = names.map((n) => {
    const def = ENDPOINT_METRICS.find((m) => m.name.toLowerCase() === n.toLowerCase());
    if (!def) {
      throw badRequest(
        `Failed to find metric configuration for provider: Microsoft.MachineLearningServices, resource Type: workspaces/onlineEndpoints, metric: ${n}, Valid metrics: ${ENDPOINT_METRICS.map((m) => m.name).join(',')}`,
      );
    }
    return def;
  });
  const aggregations = aggregationsOf(q.get('aggregation'));
  const minuteMs = s.runtime.metrics.bucketSeconds * 1000;
  const interval = (q.get('interval') ?? 'PT1M').toUpperCase();
  let span: { start: number; end: number };
  let filter: ReturnType<typeof parseDimensionFilter>;
  try {
    span = parseTimespan(q.get('timespan'), Date.now());
    filter = parseDimensionFilter(q.get('$filter'));
  } catch (err) {
    throw badRequest((err as Error).message);
  }
  let grainMs: number;
  if (interval === 'FULL') {
    grainMs = span.end - span.start;
  } else {
    if (!INTERVALS.includes(interval)) {
      throw badRequest(`Invalid time grain '${interval}'; supported: ${INTERVALS.join(', ')}, FULL.`);
    }
    // Time grains are counted in plane minutes, so a shortened minute shortens every grain.
    grainMs = ((parseDuration(interval) as number) / 60_000) * minuteMs;
    span.start = Math.floor(span.start / grainMs) * grainMs;
    if ((span.end - span.start) / grainMs > MAX_POINTS) span.start = span.end - MAX_POINTS * grainMs;
    span.start = Math.floor(span.start / grainMs) * grainMs;
  }
  const top = Number(q.get('top') ?? (filter.size > 0 ? 10 : Number.MAX_SAFE_INTEGER));
  if (!Number.isInteger(top) || top < 1)
    throw badRequest(`top must be a positive integer, got '${q.get('top')}'.`);
  const metadataOnly = (q.get('resultType') ?? 'Data').toLowerCase() === 'metadata';
  const events = s.runtime.metrics.eventsFor(p.ws as string, e.resource.name, span.start, span.end);
  const value = defs.map((metric) => {
    const series = queryMetric(events, {
      metric,
      aggregations: aggregations ?? ['average'],
      start: span.start,
      end: span.end,
      grainMs,
      minuteMs,
      filter,
      top,
    });
    return {
      ...metricHeader(e.resource.id, metric),
      timeseries: series.map((t) => ({
        metadatavalues: t.metadata.map(([name, v]) => ({
          name: { value: name, localizedValue: name },
          value: v,
        })),
        ...(metadataOnly ? {} : { data: t.data.map(dataPoint) }),
      })),
      errorCode: 'Success',
    };
  });
  sendJson(
    c.res,
    200,
    {
      cost: Math.ceil((span.end - span.start) / 60_000) * defs.length,
      timespan: `${iso(span.start)}/${iso(span.end)}`,
      interval: formatDuration(grainMs),
      namespace: TYPES.endpoint,
      resourceregion: st.location,
      value,
    } as unknown as JsonObject,
    c.ids,
  );
}

function definitions(s: ArmServices, c: ArmCall, p: Params): void {
  const e = endpointOf(s.store.state, p);
  const value = ENDPOINT_METRICS.map((m) => ({
    id: `${e.resource.id}/providers/microsoft.insights/metricdefinitions/${m.name}`,
    resourceId: e.resource.id,
    namespace: TYPES.endpoint,
    name: { value: m.name, localizedValue: m.displayName },
    displayDescription: m.description,
    isDimensionRequired: false,
    unit: m.unit,
    primaryAggregationType: 'Average',
    supportedAggregationTypes: ['None', 'Average', 'Minimum', 'Maximum', 'Total', 'Count'],
    metricAvailabilities: INTERVALS.map((timeGrain) => ({ timeGrain, retention: 'P93D' })),
    dimensions: m.dimensions.map((d) => ({ value: d, localizedValue: d })),
  }));
  sendJson(c.res, 200, { value } as unknown as JsonObject, c.ids);
}

function aggregationsOf(text: string | null): Aggregation[] | undefined {
  if (!text) return undefined;
  return text.split(',').map((raw) => {
    const a = raw.trim().toLowerCase() as Aggregation;
    if (!AGGREGATIONS.includes(a)) {
      throw badRequest(`Invalid aggregation '${raw}'; supported: Average, Count, Maximum, Minimum, Total.`);
    }
    return a;
  });
}

function metricHeader(resourceId: string, m: MetricDefinition) {
  return {
    id: `${resourceId}/providers/Microsoft.Insights/metrics/${m.name}`,
    type: 'Microsoft.Insights/metrics',
    name: { value: m.name, localizedValue: m.displayName },
    displayDescription: m.description,
    unit: m.unit,
  };
}

function dataPoint(d: DataPoint): JsonObject {
  const { timeStamp, ...values } = d;
  return { timeStamp: iso(timeStamp), ...values };
}

/** ISO 8601 in UTC without milliseconds when they are zero, as Azure Monitor writes timestamps. */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
