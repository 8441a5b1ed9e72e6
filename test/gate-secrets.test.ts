// Hardening item 1: a scoring endpoint that echoes its key (in an error body, a label, a header, a
// body that is not the protocol's JSON, encoded or not, inside a huge body) must not get the key
// into anything the gate writes. The gate runs as users run it, with debug logging on: the CLI
// (`AML_ROLLOUT_DEBUG=1`, `AML_ROLLOUT_ARTIFACTS_DIR`), the GitHub entry (`ACTIONS_STEP_DEBUG`)
// and the Azure DevOps entry (`SYSTEM_DEBUG`), each a process from source against a hostile HTTP
// endpoint started here. The step log, the report folder, the artifact folder and every file the
// host writes (outputs, summaries) are scanned for the key and its common encodings.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateReport } from '../shared/gate/report.js';
import { card, FIXTURES_READY, GOLDEN, model, REPO } from './support/gate.js';
import { filesUnder, secretScan } from './support/secret-scan.js';

/** An 88-character base64 key, as ARM hands out, with the characters URL encoding changes; it
 * starts with a letter, as JSON.parse then quotes its first 10 characters in its error. */
function endpointKey(): string {
  for (;;) {
    const key = randomBytes(64).toString('base64');
    if (/^[A-Za-z]/.test(key) && /\+/.test(key) && /\//.test(key)) return key;
  }
}
const KEY = endpointKey();
const KEY_ENV = 'GATE_SECRETS_TEST_KEY';
/** What the hostile endpoint answers for each golden image, in image order (one request each). */
const boxes = (label: string) =>
  JSON.stringify([
    { boxes: [{ box: { topX: 0.1, topY: 0.1, bottomX: 0.4, bottomY: 0.4 }, label, score: 0.9 }] },
  ]);
type Answer = { status: number; type: string; body: string; headers?: Record<string, string> };
type Behaviour = [string, (req: IncomingMessage, auth: string, key: string) => Answer];
const OK: Behaviour = ['ok', () => ({ status: 200, type: 'application/json', body: boxes('valve') })];
/** Answers the gate reports as failed requests: each must be quoted masked, in an excerpt. */
const ECHOES: Behaviour[] = [
  OK,
  [
    'error body',
    (_, auth, key) => ({
      status: 401,
      type: 'application/json',
      body: JSON.stringify({
        error: { code: 'Unauthorized', message: `key rejected: Authorization: ${auth}` },
        key,
        keyBase64: Buffer.from(key).toString('base64'),
      }),
    }),
  ],
  ['label', (_, auth) => ({ status: 200, type: 'application/json', body: boxes(auth) })],
  [
    'label, base64',
    (_, auth) => ({
      status: 200,
      type: 'application/json',
      body: boxes(Buffer.from(`Authorization: ${auth}`).toString('base64')),
    }),
  ],
  [
    'label, URL-encoded (lower-case hex)',
    (_, auth) => ({
      status: 200,
      type: 'application/json',
      body: boxes(encodeURIComponent(auth).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())),
    }),
  ],
  [
    'label, request headers as JSON',
    (req) => ({ status: 200, type: 'application/json', body: boxes(JSON.stringify(req.headers)) }),
  ],
  [
    'deployment header',
    (_, __, key) => ({
      status: 200,
      type: 'application/json',
      body: boxes('valve'),
      headers: { 'azureml-model-deployment': key },
    }),
  ],
  ['body is the key', (_, __, key) => ({ status: 200, type: 'text/plain', body: key })],
  [
    'huge label, the key at every offset',
    (_, auth) => ({
      status: 200,
      type: 'application/json',
      body: boxes(Array.from({ length: 3000 }, (_, i) => `${auth} ${'x'.repeat(i % 97)}`).join(' ')),
    }),
  ],
];
/** Valid JSON that is not the protocol's: today's decoder throws JSON.parse's own error, which
 * quotes the first 10 characters of the key and stops the whole gate. Its own run (CLI). */
const NOT_THE_PROTOCOL: Behaviour[] = [
  OK,
  [
    'body is the key as a JSON string',
    (_, __, key) => ({ status: 200, type: 'application/json', body: JSON.stringify([key]) }),
  ],
];
/** Small golden images; a golden set takes the first one per behaviour. */
const IMAGE_IDS = [17, 18, 19, 20, 21, 22, 23, 24, 25];

interface HostileEndpoint {
  server: Server;
  uri: string;
  /** The behaviour each request got. */
  seen: string[];
  /** Answer the next run's images with `behaviours`, in the order the images arrive. */
  answer(behaviours: Behaviour[]): void;
}

function startHostileEndpoint(): Promise<HostileEndpoint> {
  const byImage = new Map<string, number>();
  const seen: string[] = [];
  let behaviours: Behaviour[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // The same image (a retry) always gets the same answer; images in the order they arrive.
      const digest = createHash('sha256').update(Buffer.concat(chunks)).digest('hex');
      if (!byImage.has(digest)) byImage.set(digest, byImage.size);
      const [name, answer] = behaviours[(byImage.get(digest) as number) % behaviours.length] as Behaviour;
      seen.push(name);
      const auth = req.headers.authorization ?? '';
      const a = answer(req, auth, auth.replace(/^Bearer /, ''));
      res.writeHead(a.status, { 'content-type': a.type, ...a.headers });
      res.end(a.body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        server,
        uri: `http://127.0.0.1:${port}/score`,
        seen,
        answer: (b) => {
          behaviours = b;
          byImage.clear();
          seen.length = 0;
        },
      });
    }),
  );
}

/** The gate's entry as each host runs it: from source (tsx), and as shipped (`npm run build`'s
 * ncc bundle, which the host runs with plain node; skipped until it is built). */
const GATE_ENTRIES = [
  ['source', path.join(REPO, 'entries', 'gate.ts')],
  ['bundle', path.join(REPO, 'dist', 'gate', 'index.js')],
] as const;
const entryReady = (file: string) => existsSync(file);

function run(args: string[], env: Record<string, string>, cwd: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const tsx = pathToFileURL(path.join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const bundled = args[0]?.endsWith('.js') ?? false;
    const p = spawn(process.execPath, [...(bundled ? [] : ['--import', tsx]), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every place the key (in any of its leak forms, see test/support/secret-scan.ts) was found. */
const scan = secretScan({ key: KEY });

const readReport = (reportDir: string) =>
  JSON.parse(readFileSync(path.join(reportDir, 'gate.json'), 'utf8')) as GateReport;

/** The report says what each hostile answer was, in excerpts: never the key, never a whole body. */
function expectExcerpts(reportDir: string) {
  const report = readReport(reportDir);
  expect(report.errors).toMatchObject({ total: ECHOES.length, failed: ECHOES.length - 1 });
  expect(report.verdict).toBe('inconclusive');
  for (const f of report.errors.failures) expect(f.message.length, f.message).toBeLessThanOrEqual(600);
  const messages = report.errors.failures.map((f) => f.message).join('\n');
  // Quoted and masked, not dropped: a reader sees the endpoint echoed a credential.
  expect(messages).toContain('Bearer ***');
  expect(messages).toContain('HTTP 401');
  // Files stay small: excerpts, not the 450 kB label.
  for (const f of ['gate.json', 'run-data.json', 'junit.xml', 'summary.md'])
    expect(readFileSync(path.join(reportDir, f)).length, f).toBeLessThan(64 * 1024);
}

describe.skipIf(!FIXTURES_READY)('an endpoint that echoes its key: no secret in any file or log', () => {
  let dir: string;
  let endpoint: HostileEndpoint;
  /** A golden set of the first `count` small fixture images, one per hostile answer. */
  const goldenSet = (name: string, count: number) => {
    const golden = path.join(dir, name);
    mkdirSync(path.join(golden, 'images'), { recursive: true });
    const gt = JSON.parse(readFileSync(path.join(GOLDEN, 'instances.json'), 'utf8')) as {
      images: { id: number; file_name: string }[];
      annotations: { image_id: number }[];
    };
    const ids = new Set(IMAGE_IDS.slice(0, count));
    gt.images = gt.images.filter((i) => ids.has(i.id));
    gt.annotations = gt.annotations.filter((a) => ids.has(a.image_id));
    for (const i of gt.images)
      copyFileSync(path.join(GOLDEN, 'images', i.file_name), path.join(golden, 'images', i.file_name));
    writeFileSync(path.join(golden, 'instances.json'), JSON.stringify(gt));
    return golden;
  };
  const gateFlags = (golden: string) => ({
    golden,
    model: model('v1'),
    card: card('v1'),
    'scoring-uri': endpoint.uri,
    'key-env': KEY_ENV,
    deployment: 'green',
    concurrency: '1',
  });
  /** `aml-rollout gate` as a process, debug on, against the endpoint answering `behaviours`. */
  const cli = async (name: string, behaviours: Behaviour[]) => {
    const reportDir = path.join(dir, `${name}-report`);
    const artifacts = path.join(dir, `${name}-artifacts`);
    endpoint.answer(behaviours);
    const flags = Object.entries({
      ...gateFlags(goldenSet(`${name}-golden`, behaviours.length)),
      'report-dir': reportDir,
    }).flatMap(([k, v]) => [`--${k}`, v]);
    const r = await run(
      [path.join(REPO, 'entries', 'cli.ts'), 'gate', ...flags],
      { [KEY_ENV]: KEY, AML_ROLLOUT_DEBUG: '1', AML_ROLLOUT_ARTIFACTS_DIR: artifacts },
      dir,
    );
    return { r, reportDir, artifacts };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gate-secrets-'));
    endpoint = await startHostileEndpoint();
  });
  afterAll(async () => {
    await new Promise((r) => endpoint?.server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('the CLI (AML_ROLLOUT_DEBUG=1): step log, report folder and artifact folder', async () => {
    const { r, reportDir, artifacts } = await cli('cli', ECHOES);
    expect(scan({ stdout: r.stdout, stderr: r.stderr }, [reportDir, artifacts])).toEqual({});
    expect(endpoint.seen).toEqual(ECHOES.map((b) => b[0]));
    expect(r.code, r.stderr.slice(-2000)).toBe(1);
    expect(filesUnder(artifacts).length).toBeGreaterThanOrEqual(6);
    expectExcerpts(reportDir);
  });

  it("the CLI: JSON that is not the protocol's is an invalid answer, quoted masked, not a crash", async () => {
    const { r, reportDir, artifacts } = await cli('cli-protocol', NOT_THE_PROTOCOL);
    expect(scan({ stdout: r.stdout, stderr: r.stderr }, [reportDir, artifacts])).toEqual({});
    expect(endpoint.seen).toEqual(NOT_THE_PROTOCOL.map((b) => b[0]));
    const report = readReport(reportDir);
    expect(report.errors).toMatchObject({ failed: 1, total: 2 });
    expect(report.errors.failures[0]?.message).toMatch(
      /: the response is not automl JSON \(SyntaxError\): \["\*\*\*"\]$/,
    );
  });

  it.each(GATE_ENTRIES)(
    'the GitHub entry (%s; ACTIONS_STEP_DEBUG=true): log, outputs, step summary, runner temp and the artifact folder',
    async (kind, entry) => {
      if (!entryReady(entry)) return; // the bundle needs `npm run build`
      const reportDir = path.join(dir, `gh-${kind}-report`);
      endpoint.answer(ECHOES);
      const golden = goldenSet(`gh-${kind}-golden`, ECHOES.length);
      const output = path.join(dir, `gh-${kind}-output`);
      const summary = path.join(dir, `gh-${kind}-summary`);
      const runnerTemp = path.join(dir, `gh-${kind}-temp`);
      mkdirSync(runnerTemp);
      writeFileSync(output, '');
      writeFileSync(summary, '');
      const inputs = Object.fromEntries(
        Object.entries({ ...gateFlags(golden), 'report-dir': reportDir }).map(([k, v]) => [
          `INPUT_${k.toUpperCase()}`,
          v,
        ]),
      );
      const r = await run(
        [entry],
        {
          ...inputs,
          [KEY_ENV]: KEY,
          GITHUB_ACTIONS: 'true',
          GITHUB_OUTPUT: output,
          GITHUB_STEP_SUMMARY: summary,
          GITHUB_WORKSPACE: dir,
          RUNNER_TEMP: runnerTemp,
          ACTIONS_STEP_DEBUG: 'true',
          RUNNER_DEBUG: '1',
        },
        dir,
      );
      // The folder handed to the artifact upload is the one scanned.
      expect(r.stdout).toMatch(
        new RegExp(`artifact '[^']+' stays in ${reportDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      // The runner's own mask command is the one line allowed to carry the key.
      const log = (t: string) =>
        t
          .split('\n')
          .filter((l) => l !== `::add-mask::${KEY}`)
          .join('\n');
      expect(
        scan(
          {
            stdout: log(r.stdout),
            stderr: log(r.stderr),
            output: readFileSync(output, 'utf8'),
            summary: readFileSync(summary, 'utf8'),
          },
          [reportDir, runnerTemp],
        ),
      ).toEqual({});
      expect(r.code, r.stdout.slice(-2000)).toBe(1);
      expectExcerpts(reportDir);
    },
  );

  it.each(GATE_ENTRIES)(
    'the Azure DevOps entry (%s; SYSTEM_DEBUG=true): log, summary file, agent temp, uploaded report folder',
    async (kind, entry) => {
      if (!entryReady(entry)) return; // the bundle needs `npm run build`
      const reportDir = path.join(dir, `ado-${kind}-report`);
      endpoint.answer(ECHOES);
      const golden = goldenSet(`ado-${kind}-golden`, ECHOES.length);
      const agentTemp = path.join(dir, `ado-${kind}-temp`);
      mkdirSync(agentTemp);
      const inputs = Object.fromEntries(
        Object.entries({ ...gateFlags(golden), 'report-dir': reportDir }).map(([k, v]) => [
          `INPUT_${k.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()).toUpperCase()}`,
          v,
        ]),
      );
      const r = await run(
        [entry],
        {
          ...inputs,
          [KEY_ENV]: KEY,
          TF_BUILD: 'True',
          AGENT_TEMPDIRECTORY: agentTemp,
          SYSTEM_DEFAULTWORKINGDIRECTORY: dir,
          SYSTEM_DEBUG: 'true',
        },
        dir,
      );
      const log = (t: string) =>
        t
          .split('\n')
          .filter((l) => l !== `##vso[task.setsecret]${KEY}`)
          .join('\n');
      expect(r.stdout).toContain('##vso[task.debug]');
      expect(scan({ stdout: log(r.stdout), stderr: log(r.stderr) }, [reportDir, agentTemp])).toEqual({});
      // The folder handed to the artifact upload is the report folder.
      expect(r.stdout).toContain(`]${reportDir}`);
      expect(r.code, r.stdout.slice(-2000)).toBe(1);
      expectExcerpts(reportDir);
    },
  );
});

describe.skipIf(FIXTURES_READY)('an endpoint that echoes its key', () => {
  it.skip('skipped: fixtures/models/v1 is absent', () => undefined);
});
