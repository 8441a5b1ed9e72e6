// Hardening item 7: a scoring URI is where the gate sends every golden image and the endpoint key.
// Anything but https (or http to loopback) is refused when the inputs are read: before the golden
// set is loaded, before any image is scored, and no report is written.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../shared/cli/main.js';
import { checkScoringUri } from '../shared/endpoint/client.js';
import { card, GOLDEN, model } from './support/gate.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'scoring-uri-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('aml-rollout gate --scoring-uri', () => {
  it('refuses file://, ftp://, relative and plain-http-to-a-remote URIs before anything is read', async () => {
    const cases: Array<[string, RegExp]> = [
      [
        'file:///etc/passwd',
        /'file:\/\/\/etc\/passwd' has scheme file; only https \(and http to loopback\) is allowed/,
      ],
      ['ftp://example.com/score', /has scheme ftp; only https/],
      ['score', /'score' is not an absolute URL/],
      ['/score', /'\/score' is not an absolute URL/],
      ['http://example.com/score', /is plain http to example\.com, which is not loopback/],
      ['http://127.0.0.1.example.com/score', /which is not loopback/],
    ];
    for (const [uri, message] of cases) {
      const reportDir = path.join(tmp, encodeURIComponent(uri));
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(
        [
          'gate',
          '--golden',
          GOLDEN,
          '--model',
          model('v2'),
          '--card',
          card('v2'),
          '--scoring-uri',
          uri,
          '--report-dir',
          reportDir,
        ],
        { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
      );
      const stderr = err.join('\n');
      expect(code, uri).toBe(1);
      expect(stderr, uri).toContain(`InvalidInput: input 'scoring-uri': `);
      expect(stderr, uri).toMatch(message);
      expect(stderr, uri).toContain("give the endpoint's https scoring URI (http only to localhost");
      // Refused at input time: no golden image was read, no report written.
      expect(stderr, uri).not.toMatch(/golden set|verdict/);
      expect(existsSync(reportDir), uri).toBe(false);
    }
  });

  it('accepts https anywhere and http to loopback only', () => {
    for (const ok of [
      'https://ep.westeurope.inference.ml.azure.com/score',
      'http://127.0.0.1:5001/score',
      'http://localhost:8080/',
      'http://[::1]:9000/score',
    ])
      expect(checkScoringUri(ok).href).toBe(new URL(ok).href);
  });
});
