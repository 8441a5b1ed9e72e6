// The HTTP helper against a real local server: which statuses are retried (and after how long the
// server asked), what is never retried, timeouts, cancellation, JSON, and masking of what it logs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretMasker } from '../secrets.js';
import { HttpError, httpRequest, requestJson } from './request.js';

const FAST = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 50 };
let server: Server;
let base: string;
/** Per path: the statuses still to answer before a 200, and the requests seen. */
const sized = { requests: 0 };
const plan = new Map<string, { statuses: number[]; seen: number; headers?: Record<string, string> }>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/slow') return void setTimeout(() => res.end('{}'), 2000);
    if (url.pathname === '/not-json') return void res.end('<html>');
    if (url.pathname === '/sized') {
      // 1 MiB, announced or chunked; `sized.written` counts what the socket took.
      const announce = url.searchParams.has('announce');
      res.writeHead(200, announce ? { 'content-length': String(1024 * 1024) } : {});
      sized.requests++;
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      let left = 64;
      let closed = false;
      res.on('close', () => (closed = true));
      res.on('error', () => undefined);
      const more = () => {
        while (!closed && left-- > 0) if (!res.write(chunk)) return void res.once('drain', more);
        if (!closed) res.end();
      };
      return void more();
    }
    if (url.pathname === '/echo-auth-401')
      return void res.writeHead(401).end(`{"error":"bad key","got":"${req.headers.authorization}"}`);
    if (url.pathname === '/echo-auth-200') return void res.end(`${req.headers.authorization}`);
    if (url.pathname === '/huge-error') {
      // 8 MB, of which the client reads only the start.
      res.writeHead(400);
      const chunk = `${req.headers.authorization} ${'y'.repeat(1000)}\n`.repeat(64);
      let left = 128;
      const more = () => {
        while (left-- > 0) if (!res.write(chunk)) return void res.once('drain', more);
        res.end();
      };
      res.on('error', () => undefined);
      return void more();
    }
    const p = plan.get(url.pathname) ?? { statuses: [], seen: 0 };
    p.seen++;
    const status = p.statuses.shift();
    if (status) {
      res.writeHead(status, { 'retry-after': '0', ...p.headers }).end('no');
      return;
    }
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'] ?? null, body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => server.close());

describe('httpRequest', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries %i, then succeeds', async (status) => {
    plan.set(`/r${status}`, { statuses: [status, status], seen: 0 });
    const res = await requestJson<{ method: string }>({ url: `${base}/r${status}`, retry: FAST });
    expect(res.attempts).toBe(3);
    expect(res.json.method).toBe('GET');
  });

  it.each([400, 401, 404, 413, 424])('never retries %i', async (status) => {
    plan.set(`/n${status}`, { statuses: [status], seen: 0, headers: { 'x-why': 'because' } });
    const e = (await httpRequest({ url: `${base}/n${status}`, retry: FAST }).catch((x) => x)) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect(e).toMatchObject({ code: 'HttpRequestFailed', status, attempts: 1, reason: `HTTP ${status}` });
    expect(e.headers?.get('x-why')).toBe('because');
    expect(plan.get(`/n${status}`)?.seen).toBe(1);
  });

  it('streams a body from a source it reopens for each attempt', async () => {
    plan.set('/stream', { statuses: [503], seen: 0 });
    let opened = 0;
    const res = await requestJson<{ method: string; body: string }>({
      url: `${base}/stream`,
      method: 'PUT',
      headers: { 'content-length': '10' },
      body: () => {
        opened++;
        return Readable.from([Buffer.from('01234'), Buffer.from('56789')]);
      },
      retry: FAST,
    });
    expect(res.json).toMatchObject({ method: 'PUT', body: '0123456789' });
    expect(opened).toBe(2);
  });

  it('a streamed body is refused and timed out as any other: status, headers, excerpt; timed out', async () => {
    plan.set('/stream-refused', { statuses: [400], seen: 0, headers: { 'x-why': 'because' } });
    const put = (url: string, timeoutMs?: number) =>
      httpRequest({
        url,
        method: 'PUT',
        headers: { 'content-length': '3' },
        body: () => Readable.from([Buffer.from('abc')]),
        retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
        ...(timeoutMs ? { timeoutMs } : {}),
      }).catch((x: unknown) => x as HttpError);
    const refused = await put(`${base}/stream-refused`);
    expect(refused).toMatchObject({ status: 400, reason: 'HTTP 400', bodyExcerpt: 'no' });
    expect((refused as HttpError).headers?.get('x-why')).toBe('because');
    expect(await put(`${base}/slow`, 100)).toMatchObject({ status: undefined, reason: 'timed out' });
  });

  it('gives up after the policy attempts, saying the last status', async () => {
    plan.set('/down', { statuses: [503, 503, 503, 503, 503], seen: 0 });
    await expect(httpRequest({ url: `${base}/down`, retry: FAST })).rejects.toThrow(
      /^GET http:\/\/127\.0\.0\.1:\d+\/down: HTTP 503 after 4 attempt\(s\)$/,
    );
  });

  it('retries a refused connection and reports it', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const e = (await httpRequest({ url: `http://127.0.0.1:${port}/`, retry: FAST }).catch(
      (x) => x,
    )) as HttpError;
    expect(e).toMatchObject({ status: undefined, attempts: 4 });
    expect(e.reason).toMatch(/^connection failed/);
  });

  it('times an attempt out, and stops at once when the caller aborts', async () => {
    const once = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };
    await expect(httpRequest({ url: `${base}/slow`, timeoutMs: 100, retry: once })).rejects.toMatchObject({
      reason: 'timed out',
    });
    const ac = new AbortController();
    const p = httpRequest({ url: `${base}/slow`, signal: ac.signal, retry: FAST });
    ac.abort(new Error('the job was cancelled'));
    await expect(p).rejects.toThrow('the job was cancelled');
  });

  it('sends JSON bodies, and refuses a body that is not JSON where JSON is expected', async () => {
    const res = await requestJson<{ method: string; type: string; body: string }>({
      url: `${base}/echo`,
      json: { a: 1 },
    });
    expect(res.json).toEqual({ method: 'POST', type: 'application/json', body: '{"a":1}' });
    await expect(requestJson({ url: `${base}/not-json` })).rejects.toMatchObject({
      code: 'HttpInvalidResponse',
      attempts: 1,
      reason: expect.stringMatching(/^the response is not JSON/),
    });
  });

  it('reads a body up to maxResponseBytes; refuses a larger one, announced or not, once, without retrying', async () => {
    for (const query of ['?announce', '']) {
      sized.requests = 0;
      const ok = await httpRequest({ url: `${base}/sized${query}`, maxResponseBytes: 1024 * 1024 });
      expect(ok.body.length).toBe(1024 * 1024);
      const e = (await httpRequest({
        url: `${base}/sized${query}`,
        maxResponseBytes: 100_000,
        retry: FAST,
      }).catch((x) => x)) as HttpError;
      expect(e).toBeInstanceOf(HttpError);
      expect(e).toMatchObject({ code: 'HttpResponseTooLarge', status: 200, attempts: 1 });
      expect(e.reason).toMatch(
        query
          ? /^the response is over the 100000-byte limit \(content-length 1048576\)$/
          : /^the response is over the 100000-byte limit \(stopped reading at \d+ bytes\)$/,
      );
      expect(sized.requests).toBe(2);
    }
  });

  it('quotes an answer it refuses as a masked, bounded excerpt, reading only the start of a huge one', async () => {
    const key = 'echoed-key-4f9a1c7e2b8d';
    const masker = new SecretMasker();
    masker.add(key);
    const call = async (path: string) =>
      (await requestJson({
        url: `${base}${path}`,
        headers: { authorization: `Bearer ${key}` },
        retry: FAST,
        mask: (t) => masker.mask(t),
      }).catch((x) => x)) as HttpError;
    const rejected = await call('/echo-auth-401');
    expect(rejected).toMatchObject({ status: 401, reason: 'HTTP 401' });
    expect(rejected.bodyExcerpt).toBe('{"error":"bad key","got":"Bearer ***"}');
    const notJson = await call('/echo-auth-200');
    expect(notJson.message).toMatch(/: the response is not JSON: Bearer \*\*\*$/);
    const huge = await call('/huge-error');
    expect(huge.bodyExcerpt).toMatch(/^Bearer \*\*\* y+… \(more than \d+ characters\)$/);
    expect(huge.bodyExcerpt?.length).toBeLessThan(300);
    for (const e of [rejected, notJson, huge]) expect(`${e.message} ${e.bodyExcerpt}`).not.toContain(key);
  });

  it('masks what it logs and throws: registered secrets, SAS signatures, and never the query', async () => {
    const masker = new SecretMasker();
    masker.add('k3y-in-the-path');
    plan.set('/k3y-in-the-path', { statuses: [503, 404], seen: 0 });
    const lines: string[] = [];
    const e = (await httpRequest({
      url: `${base}/k3y-in-the-path?sig=abcdef&code=query-secret`,
      retry: FAST,
      mask: (t) => masker.mask(t),
      log: (l) => lines.push(l),
    }).catch((x) => x)) as HttpError;
    const all = [...lines, e.message].join('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\/\*\*\*: HTTP 503; retrying in \d+ ms \(attempt 2 of 4\)$/);
    expect(all).not.toMatch(/k3y-in-the-path|abcdef|query-secret/);
  });
});
