import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../endpoint/client.js';
import { classifyStatus } from './health.js';
import { probeOnce, probeWindow } from './probes.js';

describe('probe window', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    // Each answer takes longer than the whole window: a loaded runner or a slow model.
    server = createServer((_req, res) => setTimeout(() => res.end('{}'), 80));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const window = (minRounds?: number) =>
    probeWindow({
      target: { scoringUri: url, protocol: 'automl' },
      deployments: ['green'],
      requests: [{ name: 'r', body: Buffer.from('{}'), contentType: 'application/json', path: '' }],
      durationMs: 20,
      intervalMs: 5,
      ...(minRounds === undefined ? {} : { minRounds }),
    });

  it('sends at least one round, however short the window', async () => {
    expect((await window()).length).toBe(1);
  });

  it('goes on past a short window until the rounds min-requests needs are answered', async () => {
    const samples = await window(3);
    expect(samples.length).toBe(3);
    expect(samples.every((s) => s.status === 200)).toBe(true);
  });
});

describe('probe answers obey the response bound', () => {
  let server: Server;
  let url = '';
  const KEY = 'probe-secret-key-0123456789';
  beforeAll(async () => {
    // 2 MiB of a valid-looking answer that also echoes the caller's Authorization header.
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(`{"echo":"${String(req.headers.authorization)}","pad":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const request = { name: 'r', body: Buffer.from('{}'), contentType: 'application/json', path: '' };

  it('an answer over maxResponseBytes is a failed probe (status 0, the reason), not a 200 nor a crash', async () => {
    const sample = await probeOnce(
      { scoringUri: url, protocol: 'automl', credential: KEY, maxResponseBytes: 1024 * 1024 },
      'green',
      request,
    );
    expect(sample.status).toBe(0);
    expect(classifyStatus(sample.status)).toBe('error');
    expect(sample.error).toMatch(/over the 1048576-byte limit/);
    expect(JSON.stringify(sample)).not.toContain(KEY);
  });

  it('without a bound of its own the target gets the endpoint client default', async () => {
    const sample = await probeOnce({ scoringUri: url, protocol: 'automl' }, 'green', request);
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBeGreaterThan(3 * 1024 * 1024);
    expect(sample.status).toBe(200); // 2 MiB is under the default
  });
});
