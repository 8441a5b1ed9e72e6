// Azure Monitor metrics of an endpoint: the pure bucket and filter maths on fixed events, then the
// route as @azure/arm-monitor 7.x calls it (GET {endpointId}/providers/Microsoft.Insights/metrics,
// api-version 2018-01-01) over the plane's HTTPS with its token, on real data-plane traffic, with
// the plane minute shortened through the admin API so a closed bucket shows up quickly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENDPOINT_METRICS,
  formatDuration,
  type MetricDefinition,
  parseDimensionFilter,
  parseDuration,
  parseTimespan,
  queryMetric,
  type RequestEvent,
} from './metrics.js';
import {
  admin,
  armRequest,
  createDeployment,
  createEndpoint,
  FAKE_MODEL,
  type Harness,
  registerModel,
  setTraffic,
  startHarness,
} from './testing/harness.js';

const metric = (name: string) => ENDPOINT_METRICS.find((m) => m.name === name) as MetricDefinition;
const ev = (at: number, dep: string, status = 200, ms = 10, modelStatus: number | undefined = status) => ({
  at,
  ws: 'dev',
  ep: 'ep',
  dep,
  status,
  ms,
  ...(modelStatus === undefined ? {} : { modelStatus }),
});

describe('metrics maths', () => {
  const events: RequestEvent[] = [
    ev(0, 'blue'),
    ev(10_000, 'blue', 200, 30),
    ev(20_000, 'green', 424, 50, 500),
    ev(61_000, 'blue', 200, 20),
    ev(62_000, 'blue', 429, 1, undefined),
  ];
  const base = {
    aggregations: ['total', 'average', 'count'] as const,
    start: 0,
    end: 120_000,
    grainMs: 60_000,
    minuteMs: 60_000,
    top: 10,
  };

  it('counts requests per minute, split by deployment and status code', () => {
    const series = queryMetric(events, {
      ...base,
      metric: metric('RequestsPerMinute'),
      filter: parseDimensionFilter("deployment eq '*' and statusCode eq '*'"),
    });
    const find = (dep: string, code: string) =>
      series.find((s) => s.metadata[0]?.[1] === dep && s.metadata[1]?.[1] === code)?.data;
    expect(find('blue', '200')?.map((p) => p.total)).toEqual([2, 1]);
    expect(find('blue', '429')?.map((p) => p.total)).toEqual([0, 1]);
    expect(find('green', '424')?.map((p) => p.total)).toEqual([1, 0]);
    expect(find('blue', '200')?.[0]).toEqual({ timeStamp: 0, total: 2, average: 2, count: 1 });
  });

  it('keeps only the filtered values, and the model status code of failed requests', () => {
    const series = queryMetric(events, {
      ...base,
      metric: metric('RequestsPerMinute'),
      filter: parseDimensionFilter("deployment eq 'green' and modelStatusCode eq '*'"),
    });
    expect(series).toHaveLength(1);
    expect(series[0]?.metadata).toEqual([
      ['deployment', 'green'],
      ['modelStatusCode', '500'],
    ]);
  });

  it('computes latency and its percentiles per deployment, ignoring dimensions the metric lacks', () => {
    const filter = parseDimensionFilter("deployment eq 'blue' and statusCode eq '*'");
    const latency = queryMetric(events, { ...base, metric: metric('RequestLatency'), filter });
    expect(latency[0]?.metadata).toEqual([['deployment', 'blue']]);
    expect(latency[0]?.data[0]).toEqual({ timeStamp: 0, total: 40, average: 20, count: 2 });
    const p95 = queryMetric(events, { ...base, metric: metric('RequestLatency_P95'), filter });
    expect(p95[0]?.data.map((p) => p.average)).toEqual([30, 20]);
    // An empty bucket has no latency: a bare timestamp; a timespan without requests, no series.
    const three = queryMetric(events, { ...base, end: 180_000, metric: metric('RequestLatency'), filter });
    expect(three[0]?.data[2]).toEqual({ timeStamp: 120_000 });
    const late = queryMetric(events, {
      ...base,
      start: 120_000,
      end: 180_000,
      metric: metric('RequestLatency'),
      filter,
    });
    expect(late).toEqual([]);
  });

  it('forms wider grains from plane minutes', () => {
    const series = queryMetric(events, {
      ...base,
      grainMs: 120_000,
      metric: metric('RequestsPerMinute'),
      aggregations: ['total', 'maximum', 'count'],
      filter: new Map(),
    });
    expect(series).toEqual([{ metadata: [], data: [{ timeStamp: 0, total: 5, maximum: 3, count: 2 }] }]);
  });

  it('parses filters, durations and timespans as Azure Monitor writes them', () => {
    expect(parseDimensionFilter("deployment eq 'blue' or deployment eq 'green'")).toEqual(
      new Map([['deployment', new Set(['blue', 'green'])]]),
    );
    expect(() => parseDimensionFilter("deployment eq 'blue' or statusCode eq '200'")).toThrow(
      /same dimension/,
    );
    expect(() => parseDimensionFilter("region eq 'x'")).toThrow(/unknown dimension/);
    expect(parseDuration('PT1M')).toBe(60_000);
    expect(parseDuration('P1DT1H')).toBe(90_000_000);
    expect(parseDuration('PT')).toBeUndefined();
    expect(formatDuration(60_000)).toBe('PT1M');
    expect(formatDuration(2_000)).toBe('PT2S');
    expect(formatDuration(86_400_000)).toBe('P1D');
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(parseTimespan('PT10M', now)).toEqual({ start: now - 600_000, end: now });
    expect(parseTimespan('2024-05-01T11:00:00Z/2024-05-01T11:30:00Z', now)).toEqual({
      start: Date.parse('2024-05-01T11:00:00Z'),
      end: Date.parse('2024-05-01T11:30:00Z'),
    });
    expect(parseTimespan('2024-05-01T11:00:00Z/PT5M', now).end).toBe(Date.parse('2024-05-01T11:05:00Z'));
  });
});

interface MonitorResponse {
  timespan: string;
  interval: string;
  namespace: string;
  value: Array<{
    id: string;
    name: { value: string };
    unit: string;
    errorCode: string;
    timeseries: Array<{
      metadatavalues: Array<{ name: { value: string }; value: string }>;
      data: Array<{ timeStamp: string; total?: number; average?: number }>;
    }>;
  }>;
}

describe('Microsoft.Insights/metrics of an endpoint over HTTPS', () => {
  let h: Harness;
  let endpointId: string;
  let scoringUri: string;
  let key: string;
  beforeAll(async () => {
    h = await startHarness();
    const model = await registerModel(h, 'dev', 'metered', '1', FAKE_MODEL);
    const ep = await createEndpoint(h, 'dev', 'ep-metrics');
    endpointId = ep.id as string;
    scoringUri = ep.properties.scoringUri as string;
    await createDeployment(h, 'dev', 'ep-metrics', 'blue', model);
    await createDeployment(h, 'dev', 'ep-metrics', 'green', model);
    await setTraffic(h, 'dev', 'ep-metrics', { blue: 100 });
    key = (await h.client.onlineEndpoints.listKeys(h.rg, 'dev', 'ep-metrics')).primaryKey as string;
  });
  afterAll(async () => {
    await h?.stop();
  });

  const score = (deployment?: string) =>
    fetch(scoringUri, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        ...(deployment ? { 'azureml-model-deployment': deployment } : {}),
      },
      body: '{}',
    });
  // The request @azure/arm-monitor 7.x sends for metrics.list(resourceUri, options).
  const metrics = async (query: Record<string, string>) => {
    const q = new URLSearchParams({ ...query, 'api-version': '2018-01-01' });
    // Its URL is `{host}/{resourceUri}/...` with resourceUri starting with '/': a double slash.
    return armRequest(
      h.conn,
      'GET',
      `${h.conn.armEndpoint}/${endpointId}/providers/Microsoft.Insights/metrics?${q}`,
    );
  };

  it('answers RequestsPerMinute and RequestLatency_P95 per deployment and status code in closed buckets', async () => {
    expect(await admin(h, 'PUT', '/v1/metrics/settings', { bucketSeconds: 1 })).toEqual({ bucketSeconds: 1 });
    await admin(h, 'POST', '/v1/faults', {
      kind: 'deployment',
      mode: 'error',
      endpoint: 'ep-metrics',
      deployment: 'green',
      status: 503,
      count: 1,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await score()).status);
    for (let i = 0; i < 3; i++) statuses.push((await score('green')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 424, 200, 200]);

    const query = {
      metricnames: 'RequestsPerMinute,RequestLatency_P95',
      timespan: 'PT10M',
      interval: 'PT1M',
      aggregation: 'Total,Average',
      $filter: "deployment eq '*' and statusCode eq '*'",
    };
    // A client counts closed buckets only; poll until every request sits in one.
    const closedTotals = (body: MonitorResponse) => {
      const end = Date.parse(body.timespan.split('/')[1] as string);
      const width = 1000;
      const out: Record<string, number> = {};
      for (const t of body.value[0]?.timeseries ?? []) {
        const label = t.metadatavalues.map((m) => m.value).join('/');
        for (const d of t.data)
          if (Date.parse(d.timeStamp) + width <= end) out[label] = (out[label] ?? 0) + (d.total ?? 0);
      }
      return out;
    };
    let body: MonitorResponse | undefined;
    let totals: Record<string, number> = {};
    for (let i = 0; i < 100; i++) {
      const res = await metrics(query);
      expect(res.status).toBe(200);
      body = res.body as MonitorResponse;
      totals = closedTotals(body);
      if (Object.values(totals).reduce((a, b) => a + b, 0) === 7) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(totals).toEqual({ 'blue/200': 4, 'green/424': 1, 'green/200': 2 });
    expect(body?.interval).toBe('PT1S');
    expect(body?.namespace).toBe('Microsoft.MachineLearningServices/workspaces/onlineEndpoints');
    const [rpm, p95] = body?.value ?? [];
    expect(rpm).toMatchObject({ name: { value: 'RequestsPerMinute' }, unit: 'Count', errorCode: 'Success' });
    expect(rpm?.id).toBe(`${endpointId}/providers/Microsoft.Insights/metrics/RequestsPerMinute`);
    expect(rpm?.timeseries[0]?.metadatavalues[0]?.name.value).toBe('deployment');
    expect(p95).toMatchObject({ name: { value: 'RequestLatency_P95' }, unit: 'MilliSeconds' });
    const p95Labels = p95?.timeseries.map((t) => t.metadatavalues.map((m) => `${m.name.value}=${m.value}`));
    expect(p95Labels?.sort()).toEqual([['deployment=blue'], ['deployment=green']]);
    const latencies = p95?.timeseries
      .flatMap((t) => t.data.map((d) => d.average))
      .filter((a) => a !== undefined);
    expect(latencies?.every((a) => typeof a === 'number' && a >= 0)).toBe(true);

    const byModel = await metrics({
      ...query,
      metricnames: 'RequestsPerMinute',
      $filter: "deployment eq 'green' and modelStatusCode eq '503'",
    });
    const series = (byModel.body as MonitorResponse).value[0]?.timeseries ?? [];
    expect(series.map((t) => t.metadatavalues.map((m) => m.value))).toEqual([['green', '503']]);
    expect(series[0]?.data.reduce((a, d) => a + (d.total ?? 0), 0)).toBe(1);
  });

  it('answers errors as Azure Monitor does, and lists the metric definitions', async () => {
    const unknown = await metrics({ metricnames: 'Bogus' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'BadRequest' });
    expect((unknown.body as { message: string }).message).toContain('Valid metrics: RequestsPerMinute');
    const badGrain = await metrics({ metricnames: 'RequestsPerMinute', interval: 'PT7M' });
    expect(badGrain.status).toBe(400);
    const wrongVersion = await armRequest(
      h.conn,
      'GET',
      `${endpointId}/providers/Microsoft.Insights/metrics?api-version=2022-10-01`,
    );
    expect(wrongVersion.status).toBe(400);
    const defs = await armRequest(
      h.conn,
      'GET',
      `${endpointId}/providers/Microsoft.Insights/metricDefinitions?api-version=2018-01-01`,
    );
    const names = (defs.body as { value: Array<{ name: { value: string } }> }).value.map((d) => d.name.value);
    expect(names).toEqual(
      expect.arrayContaining(['RequestsPerMinute', 'RequestLatency', 'RequestLatency_P95']),
    );
    await admin(h, 'PUT', '/v1/metrics/settings', { bucketSeconds: 60 });
  });
});
