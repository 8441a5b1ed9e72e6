// Hardening items 5 and 6: what a misbehaving scoring endpoint (a real local HTTP server) costs the
// gate, through `aml-rollout gate`. A 2 GiB answer (announced or chunked, streamed by the server,
// never built in memory) is refused after at most the size limit is read, counted as a failed
// request with that reason, and the report is still written, the process staying under 1 GB
// (process.resourceUsage().maxRSS, as a child process). A hanging endpoint costs the phase's
// deadline, then the verdict is inconclusive with that reason. An answer that is not the
// protocol's JSON is an invalid response, quoted masked and never retried; only connection
// errors, 408, 429, 500, 502, 503, 504 are retried (after Retry-After), never 424 or another 4xx.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateReport } from '../shared/gate/report.js';
import { card, FIXTURES_READY, goldenSubset, model, REPO, runGate } from './support/gate.js';

const KEY = 'bounds-test-endpoint-key-0123456789abcdef';
const KEY_ENV = 'GATE_BOUNDS_TEST_KEY';
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const ok = JSON.stringify([
  { boxes: [{ box: { topX: 0.1, topY: 0.1, bottomX: 0.4, bottomY: 0.4 }, label: 'valve', score: 0.9 }] },
]);

/** What the endpoint does for one image: `attempt` counts that image's requests, from 1. */
type Behaviour = (res: ServerResponse, attempt: number, req: IncomingMessage) => void;

interface MisbehavingEndpoint {
  uri: string;
  /** Per image, in arrival order: every request's arrival time (ms) and bytes of body written. */
  requests: { at: number; written: number }[][];
  answer(behaviours: Behaviour[]): void;
  close(): Promise<void>;
}

async function startEndpoint(): Promise<MisbehavingEndpoint> {
  const byImage = new Map<string, number>();
  const requests: { at: number; written: number }[][] = [];
  let behaviours: Behaviour[] = [];
  const server: Server = createServer((req, res) => {
    const hash = createHash('sha256');
    req.on('data', (c: Buffer) => hash.update(c));
    req.on('end', () => {
      const digest = hash.digest('hex');
      if (!byImage.has(digest)) byImage.set(digest, byImage.size);
      const index = byImage.get(digest) as number;
      const seen = (requests[index] ??= []);
      seen.push({ at: performance.now(), written: 0 });
      const behave = behaviours[index % behaviours.length] as Behaviour;
      res.on('error', () => undefined);
      behave(res, seen.length, req);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`,
    requests,
    answer: (b) => {
      behaviours = b;
      byImage.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Streams `total` bytes of JSON-ish filler 1 MiB at a time, as fast as the client reads, until the
 * client goes away; `written` counts what the socket accepted. Nothing of it is held here. */
function stream(total: number, announce: boolean, log: { written: number }): Behaviour {
  return (res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(announce ? { 'content-length': String(total) } : {}),
    });
    const chunk = Buffer.alloc(MiB, 0x20);
    let closed = false;
    res.on('close', () => (closed = true));
    const more = () => {
      while (!closed && log.written < total) {
        log.written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      if (!closed) res.end();
    };
    more();
  };
}

const json = (status: number, body: string, headers: Record<string, string> = {}): Behaviour => {
  return (res) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
};
/** `first` on the first attempt, then the good answer. */
const thenOk =
  (first: Behaviour): Behaviour =>
  (res, attempt, req) =>
    attempt === 1 ? first(res, attempt, req) : json(200, ok)(res, attempt, req);

let dir: string;
let endpoint: MisbehavingEndpoint;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gate-bounds-'));
  endpoint = await startEndpoint();
  process.env[KEY_ENV] = KEY; // for the runs in this process
});
afterAll(async () => {
  delete process.env[KEY_ENV];
  await endpoint?.close();
  rmSync(dir, { recursive: true, force: true });
});

const flags = (golden: string, reportDir: string, extra: string[] = []) => [
  '--golden',
  golden,
  '--model',
  model('v1'),
  '--card',
  card('v1'),
  '--scoring-uri',
  endpoint.uri,
  '--key-env',
  KEY_ENV,
  '--concurrency',
  '1',
  '--report-dir',
  reportDir,
  ...extra,
];

/** `aml-rollout gate` as a child process (its own heap), reporting its peak resident memory. */
function gateProcess(argv: string[]) {
  return new Promise<{ code: number | null; stderr: string; peakKiB: number }>((resolve, reject) => {
    const tsx = pathToFileURL(path.join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const p = spawn(
      process.execPath,
      [
        '--require',
        path.join(REPO, 'test', 'support', 'peak-rss.cjs'),
        '--import',
        tsx,
        path.join(REPO, 'entries', 'cli.ts'),
        'gate',
        ...argv,
      ],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', [KEY_ENV]: KEY } },
    );
    let stderr = '';
    p.stdout.resume();
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) =>
      resolve({ code, stderr, peakKiB: Number(/peak-rss-kib (\d+)/.exec(stderr)?.[1] ?? Number.NaN) }),
    );
  });
}

const readReport = (reportDir: string) =>
  JSON.parse(readFileSync(path.join(reportDir, 'gate.json'), 'utf8')) as GateReport;

describe.skipIf(!FIXTURES_READY)('a misbehaving endpoint costs the gate bounded memory and time', () => {
  it('a 2 GiB answer, announced or chunked, is refused unread past the limit; the report is written; peak RSS < 1 GB', async () => {
    const announced = { written: 0 };
    const chunked = { written: 0 };
    endpoint.answer([stream(2 * GiB, true, announced), stream(2 * GiB, false, chunked), json(200, ok)]);
    const reportDir = path.join(dir, 'huge-report');
    const golden = goldenSubset(dir, 'huge-golden', [17, 18, 19]);
    const r = await gateProcess(flags(golden, reportDir, ['--max-response-mb', '16']));

    expect(r.code, r.stderr.slice(-3000)).toBe(1);
    expect(existsSync(path.join(reportDir, 'summary.md'))).toBe(true);
    const report = readReport(reportDir);
    expect(report.errors).toMatchObject({ failed: 2, total: 3 });
    const [first, second] = report.errors.failures;
    expect((first as { code?: string } | undefined)?.code).toBe('EndpointResponseTooLarge');
    expect(first?.message).toContain(
      `EndpointResponseTooLarge: the response is over the ${16 * MiB}-byte limit (content-length ${2 * GiB})`,
    );
    expect((second as { code?: string } | undefined)?.code).toBe('EndpointResponseTooLarge');
    expect(second?.message).toMatch(
      /the response is over the 16777216-byte limit \(stopped reading at \d+ bytes\)/,
    );
    // Not retried: one request per huge answer; the good image is scored.
    expect(endpoint.requests.map((r) => r.length)).toEqual([1, 1, 1]);
    // Refused before the whole body was read: the server got rid of little more than the limit
    // (plus what socket buffers took), far from its 2 GiB.
    expect(announced.written).toBeLessThan(256 * MiB);
    expect(chunked.written).toBeLessThan(256 * MiB);
    expect(r.peakKiB).toBeGreaterThan(0);
    expect(r.peakKiB * 1024).toBeLessThan(1e9);
    expect(report.verdict).toBe('inconclusive');
  }, 180_000);

  it('a hanging endpoint: the endpoint phase ends at its deadline, inconclusive with that reason', async () => {
    endpoint.answer([() => undefined]); // never answers
    const reportDir = path.join(dir, 'hang-report');
    const golden = goldenSubset(dir, 'hang-golden', [17, 18, 19]);
    const run = await runGate(flags(golden, reportDir, ['--endpoint-deadline', '2']));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('GateInconclusive');
    expect(run.report.verdict).toBe('inconclusive');
    expect(run.report.reasons[0]).toBe(
      "endpoint deadline reached: 3 of 3 images not scored within 2 s (raise 'endpoint-deadline' or check the endpoint's latency)",
    );
    expect(run.report.errors.failures.map((f) => (f as { code?: string }).code)).toEqual([
      'EndpointDeadlineReached',
      'EndpointDeadlineReached',
      'EndpointDeadlineReached',
    ]);
    expect(run.report.errors.failures[0]?.message).toContain(
      "not scored: the endpoint phase's deadline of 2 s passed (input 'endpoint-deadline')",
    );
    // The one in flight was abandoned, the others never sent.
    expect(endpoint.requests.map((r) => r.length)).toEqual([1]);
  }, 60_000);

  it('out-of-range limits are refused when the inputs are read', async () => {
    for (const [flag, value, message] of [
      ['--max-response-mb', '0', "input 'max-response-mb': 0 is below the minimum 1"],
      ['--max-response-mb', '4096', "input 'max-response-mb': 4096 is above the maximum 256"],
      ['--endpoint-deadline', 'soon', "input 'endpoint-deadline': 'soon' is not a number"],
    ] as const) {
      const reportDir = path.join(dir, `bad-${flag}-${value}`);
      endpoint.answer([json(200, ok)]);
      await expect(
        runGate(flags(goldenSubset(dir, 'bad-golden', [17]), reportDir, [flag, value])),
      ).rejects.toThrow(message);
      expect(endpoint.requests).toEqual([]);
    }
  });
});

describe.skipIf(!FIXTURES_READY)('what is retried: only what can recover', () => {
  it('invalid answers are classified and not retried; 424 and 4xx are final; 408/429/5xx/resets are retried after Retry-After', async () => {
    const behaviours: [string, Behaviour][] = [
      [
        'html',
        (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<html>Bearer ${KEY}</html>`),
      ],
      ['score not a number', json(200, ok.replace('0.9', '"high"'))],
      ['no boxes', json(200, JSON.stringify([{ detections: [] }]))],
      ['424', json(424, '{"message":"model failed"}', { 'ms-azureml-model-error-statuscode': '500' })],
      ['400', json(400, '{"message":"bad image"}')],
      ['503, Retry-After 1', thenOk(json(503, '{}', { 'retry-after': '1' }))],
      ['429', thenOk(json(429, '{}', { 'retry-after': '0' }))],
      ['408', thenOk(json(408, '{}'))],
      ['502', thenOk(json(502, '{}'))],
      ['connection reset', thenOk((res) => res.socket?.destroy())],
    ];
    endpoint.answer(behaviours.map(([, b]) => b));
    const ids = [17, 18, 19, 20, 21, 22, 24, 25, 26, 27];
    const reportDir = path.join(dir, 'retry-report');
    const run = await runGate(flags(goldenSubset(dir, 'retry-golden', ids), reportDir));
    const attempts = Object.fromEntries(behaviours.map(([name], i) => [name, endpoint.requests[i]?.length]));
    expect(attempts).toEqual({
      html: 1,
      'score not a number': 1,
      'no boxes': 1,
      '424': 1,
      '400': 1,
      '503, Retry-After 1': 2,
      '429': 2,
      '408': 2,
      '502': 2,
      'connection reset': 2,
    });
    // Retry-After honoured: the second 503 attempt came no sooner than the server asked.
    const [a, b] = endpoint.requests[5] ?? [];
    expect((b?.at ?? 0) - (a?.at ?? 0)).toBeGreaterThanOrEqual(950);
    const failures = run.report.errors.failures;
    expect(failures.map((f) => (f as { code?: string }).code)).toEqual([
      'EndpointInvalidResponse',
      'EndpointInvalidResponse',
      'EndpointInvalidResponse',
      'EndpointRequestFailed',
      'EndpointRequestFailed',
    ]);
    expect(failures[0]?.message).toContain(
      'EndpointInvalidResponse: the response is not JSON after 1 attempt(s): <html>Bearer ***</html>',
    );
    expect(failures[1]?.message).toContain(
      'the response is not automl JSON (detection 0: score is not a finite number)',
    );
    expect(failures[2]?.message).toContain('the response is not automl JSON (no boxes list)');
    expect(failures[3]?.message).toContain('HTTP 424 (model error 500) after 1 attempt(s)');
    expect(failures[4]?.message).toContain('HTTP 400 after 1 attempt(s)');
    expect(JSON.stringify(run.report)).not.toContain(KEY);
  }, 120_000);
});

describe.skipIf(FIXTURES_READY)('a misbehaving endpoint', () => {
  it.skip('skipped: fixtures/models/v1 is absent', () => undefined);
});
