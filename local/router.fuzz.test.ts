// Issue 15's fuzz test of the plane's ARM router: seeded random and mutated requests (methods,
// paths built from the plane's own routes with segments replaced by hostile values, api-versions,
// tokens, bodies: JSON, mutated resource bodies, raw bytes) over HTTPS. No request may crash the
// plane, leave an unhandled rejection or go unanswered, and every failure is an ARM error body
// (`{"error":{"code","message"}}`; Azure Monitor's `{"code","message"}` on the metrics routes).
import { request as httpsRequest } from 'node:https';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, wsPath } from './testing/harness.js';

let h: Harness;
const rejections: unknown[] = [];
const onRejection = (e: unknown) => rejections.push(e);
beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  h = await startHarness();
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await h?.stop();
});

interface Answer {
  status: number;
  text: string;
}

function send(
  method: string,
  pathAndQuery: string,
  body: Buffer | undefined,
  token: string | null,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      new URL(pathAndQuery, h.conn.armEndpoint),
      {
        method,
        ca: h.conn.ca,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Segments an attacker or a careless client would put where a name goes. */
const hostileSegment = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '..%2F..%2Fx',
    '%00',
    'a%00b',
    '%zz',
    '%',
    'a b',
    '%20',
    '~',
    'CON',
    '-',
    '_',
  ),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.nat({ max: 600 }).map((n) => '9'.repeat(n)),
  fc.constantFrom('dev', 'prod', 'blue', 'm', '1', 'workspaceblobstore', 'ep-fuzz', 'green'),
);

const templates = (): string[] => {
  const ws = wsPath(h.conn, 'dev');
  const loc = `/subscriptions/${h.conn.subscriptionId}/providers/Microsoft.MachineLearningServices/locations/local`;
  return [
    ws,
    `${ws}/datastores/{}`,
    `${ws}/datastores/{}/listSecrets`,
    `${ws}/models/{}`,
    `${ws}/models/{}/versions/{}`,
    `${ws}/environments/{}/versions/{}`,
    `${ws}/onlineEndpoints/{}`,
    `${ws}/onlineEndpoints/{}/listKeys`,
    `${ws}/onlineEndpoints/{}/regenerateKeys`,
    `${ws}/onlineEndpoints/{}/deployments/{}`,
    `${ws}/onlineEndpoints/{}/deployments/{}/getLogs`,
    `${ws}/onlineEndpoints/{}/providers/Microsoft.Insights/metrics`,
    `${loc}/vmSizes`,
    `${loc}/usages`,
    `${loc}/mfeOperationsStatus/{}`,
    `/subscriptions/{}/resourceGroups/{}/providers/Microsoft.MachineLearningServices/workspaces/{}`,
    '/{}/{}',
    '/',
  ];
};

const validBody = {
  location: 'local',
  identity: { type: 'SystemAssigned' },
  properties: {
    authMode: 'Key',
    traffic: { blue: 100 },
    modelUri: 'azureml://datastores/workspaceblobstore/paths/x',
    model: 'azureml:m:1',
    instanceType: 'Standard_DS3_v2',
    image: 'mcr.microsoft.com/x:1',
    keyType: 'Primary',
  },
  sku: { name: 'Default', capacity: 1 },
};

/** A valid-looking body with one field replaced by any JSON value. */
const mutatedBody = fc
  .record({
    path: fc.constantFrom(
      'location',
      'properties',
      'properties.traffic',
      'properties.model',
      'sku',
      'sku.capacity',
      'identity',
      'properties.traffic.blue',
      'properties.modelUri',
    ),
    value: fc.jsonValue({ maxDepth: 3 }),
  })
  .map(({ path, value }) => {
    const copy = JSON.parse(JSON.stringify(validBody)) as Record<string, unknown>;
    const keys = path.split('.');
    let at = copy;
    for (const k of keys.slice(0, -1)) {
      if (typeof at[k] !== 'object' || at[k] === null) at[k] = {};
      at = at[k] as Record<string, unknown>;
    }
    at[keys[keys.length - 1] as string] = value;
    return Buffer.from(JSON.stringify(copy));
  });

const body = fc.oneof(
  fc.constant(undefined),
  mutatedBody,
  fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
);

const request = fc.record({
  method: fc.constantFrom('GET', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS'),
  template: fc.nat(),
  segments: fc.array(hostileSegment, { minLength: 3, maxLength: 3 }),
  apiVersion: fc.oneof(
    fc.constantFrom('2022-10-01', '2022-10-01', '2023-04-01', '2018-01-01', '', 'x'),
    fc.string({ maxLength: 12 }).map(encodeURIComponent),
    fc.constant(undefined),
  ),
  extraQuery: fc.constantFrom(
    '',
    '&$filter=%zz',
    '&metricnames=RequestsPerMinute&timespan=x',
    '&top=-1&interval=P1D',
    '&%=%',
  ),
  token: fc.constantFrom<'good' | 'bad' | 'none'>('good', 'good', 'good', 'bad', 'none'),
  body,
});

function isArmError(text: string, metricsRoute: boolean): boolean {
  try {
    const parsed = JSON.parse(text) as {
      error?: { code?: unknown; message?: unknown };
      code?: unknown;
      message?: unknown;
    };
    const e = parsed.error ?? (metricsRoute ? parsed : undefined);
    return typeof e?.code === 'string' && e.code.length > 0 && typeof e.message === 'string';
  } catch {
    return false;
  }
}

describe('the ARM router under random and mutated requests', () => {
  it('answers every request, never 500, every failure an ARM error', async () => {
    const all = templates();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const template = all[r.template % all.length] as string;
        let i = 0;
        const pathname = template.replace(/\{\}/g, () => r.segments[i++ % r.segments.length] as string);
        const query = r.apiVersion === undefined ? '' : `?api-version=${r.apiVersion}`;
        const sep = query ? '' : '?x=1';
        const token = r.token === 'good' ? h.conn.token : r.token === 'bad' ? 'local-not-the-token' : null;
        const answer = await send(r.method, `${pathname}${query}${sep}${r.extraQuery}`, r.body, token);
        expect(answer.status, `${r.method} ${pathname}`).toBeGreaterThanOrEqual(200);
        expect(answer.status, `${r.method} ${pathname}: ${answer.text}`).toBeLessThan(500);
        if (answer.status >= 400) {
          expect(
            isArmError(answer.text, pathname.includes('Microsoft.Insights')),
            `${r.method} ${pathname}: ${answer.text}`,
          ).toBe(true);
        }
      }),
      { seed: 20261203, numRuns: 400, endOnFailure: true },
    );
    expect(rejections).toEqual([]);
    // Still serving.
    await expect(h.client.workspaces.get(h.rg, 'dev')).resolves.toMatchObject({ name: 'dev' });
  }, 60_000);
});
