import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeWindow } from './probes.js';

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
