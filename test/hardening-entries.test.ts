// Issue 15's refusals through the GitHub entries as shipped (the ncc bundles `dist/<step>/index.js`,
// run with plain node as the runner runs them, debug logging on) against one local plane: each
// hostile input fails the step on an `::error::` line carrying its RolloutError code, with nothing
// uploaded, no resource changed and no request sent where the refusal must come first. After each
// run the step log, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_STATE, the case's whole working
// folder (its report folder, the folder handed to the artifact upload) and RUNNER_TEMP are scanned
// for every secret the run knows: the plane's bearer token, the datastore account keys, the
// endpoint's keys, and any SAS signature or JWT. Items 5 and 6 (an oversized, a hanging and a
// non-JSON answer from a loopback endpoint echoing its key) end inconclusive with the report
// written, and add that key to the scan. The items' own tests are listed in docs/security.md.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  createEndpoint,
  type Harness,
  registerModel,
  startHarness,
} from '../local/testing/harness.js';
import { datastoreBlobServiceUrl } from '../shared/azure/local-plane.js';
import type { GateReport } from '../shared/gate/report.js';
import { repoRoot } from './support/bundle.js';
import { card, FIXTURES_READY, GOLDEN, goldenSubset, model } from './support/gate.js';
import { secretScan } from './support/secret-scan.js';

const entry = (step: string) => path.join(repoRoot, 'dist', step, 'index.js');
const BUILT = ['gate', 'register-model', 'promote'].every((s) => existsSync(entry(s)));
const MODEL_NAME = 'hardening-detector';
const UNGATED_VERSION = '1';

/** The bundle as the runner runs it: a clean environment plus `env`. Asynchronous: the plane answers
 * from this process, so a synchronous spawn would starve it. */
function runBundle(file: string, env: Record<string, string>, cwd: string) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const p = spawn(process.execPath, [file], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      cwd,
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `::error::` data is escaped by @actions/core (`%0A` for a newline, `%25` for `%`). */
const unescapeGithub = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

let h: Harness;
let tmp: string;
/** Every secret the runs can know, by name (filled once the plane is up). */
const secrets: Record<string, string> = {};

const container = async (ws: string) => {
  const ds = await h.client.datastores.get(h.rg, ws, 'workspaceblobstore');
  const key = ((await h.client.datastores.listSecrets(h.rg, ws, 'workspaceblobstore')) as { key: string })
    .key;
  const props = ds.properties as { accountName: string; containerName: string };
  return {
    key,
    client: new BlobServiceClient(
      datastoreBlobServiceUrl(ds.properties as { accountName: string }),
      new StorageSharedKeyCredential(props.accountName, key),
    ).getContainerClient(props.containerName),
  };
};
const blobs = async (ws: string) => {
  const names: string[] = [];
  for await (const b of (await container(ws)).client.listBlobsFlat()) names.push(b.name);
  return names.sort();
};
const versions = async (ws: string, name: string) => {
  const out: string[] = [];
  try {
    for await (const v of h.client.modelVersions.list(h.rg, ws, name)) out.push(v.name as string);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 404) throw e;
  }
  return out.sort();
};
/** The requests the plane logs: every ARM request but a GET (reads of keys included). */
const armRequests = async () =>
  (
    (await admin(h, 'GET', '/v1/arm-requests')) as {
      value: { method: string; path: string; operationId: string }[];
    }
  ).value;
/** The POSTs that only read keys (a datastore's, an endpoint's): everything else changes something. */
const KEY_READS = new Set(['Datastores_ListSecrets', 'OnlineEndpoints_ListKeys']);
const mutating = async () => (await armRequests()).filter((r) => !KEY_READS.has(r.operationId));

/** The state a refusal must leave alone: dev's and prod's blobs and model versions. */
const planeState = async () => ({
  devBlobs: await blobs('dev'),
  prodBlobs: await blobs('prod'),
  devVersions: await versions('dev', MODEL_NAME),
  prodVersions: await versions('prod', MODEL_NAME),
});

beforeAll(async () => {
  if (!BUILT || !FIXTURES_READY) return;
  h = await startHarness();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hardening-entries-'));
  await createEndpoint(h, 'dev', 'hardening-ep');
  // A version registered without any gate verdict, for promote to refuse.
  await registerModel(h, 'dev', MODEL_NAME, UNGATED_VERSION, { 'model.onnx': 'weights' });
  const keys = await h.client.onlineEndpoints.listKeys(h.rg, 'dev', 'hardening-ep');
  Object.assign(secrets, {
    'plane token': (
      JSON.parse(readFileSync(path.join(h.stateDir, 'plane.json'), 'utf8')) as { token: string }
    ).token,
    'dev datastore key': (await container('dev')).key,
    'prod datastore key': (await container('prod')).key,
    'endpoint primary key': keys.primaryKey as string,
    'endpoint secondary key': keys.secondaryKey as string,
  });
}, 60_000);
afterAll(async () => {
  await h?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A case's own folder: its working folder (GITHUB_WORKSPACE, cwd, report folder) and runner temp. */
function caseFolder(name: string) {
  const work = path.join(tmp, name, 'work');
  const runnerTemp = path.join(tmp, name, 'runner-temp');
  mkdirSync(work, { recursive: true });
  mkdirSync(runnerTemp, { recursive: true });
  return { work, runnerTemp, reportDir: path.join(work, 'report') };
}

/** A step's GitHub entry as shipped, as the runner runs it with debug logging on: `inputs` as
 * `INPUT_*`, fresh GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_STATE files next to the case's
 * runner temp, the case's working folder as GITHUB_WORKSPACE and cwd, plus `env`. */
async function runEntry(
  step: string,
  inputs: Record<string, string>,
  folder: ReturnType<typeof caseFolder>,
  env: Record<string, string> = {},
) {
  const files = Object.fromEntries(
    ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE'].map((v) => {
      const file = path.join(folder.runnerTemp, '..', v.toLowerCase());
      writeFileSync(file, '');
      return [v, file];
    }),
  );
  const all: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    ...files,
    GITHUB_WORKSPACE: folder.work,
    RUNNER_TEMP: folder.runnerTemp,
    ACTIONS_STEP_DEBUG: 'true',
    RUNNER_DEBUG: '1',
    ...env,
  };
  for (const [k, v] of Object.entries(inputs)) all[`INPUT_${k.toUpperCase()}`] = v;
  return { r: await runBundle(entry(step), all, folder.work), files };
}

/** The `::error::` lines of a step log, unescaped. */
const errorLines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .map(unescapeGithub);

/** No secret of `known` in anything the run wrote: its log, its host files, the case's working
 * folder and runner temp. Only the runner's own mask commands may carry one, and they must carry
 * at least one when present (the scan sees what it looks for). */
function expectNoLeak(
  known: Record<string, string>,
  r: { stdout: string; stderr: string },
  files: Record<string, string>,
  folder: ReturnType<typeof caseFolder>,
) {
  const log = (t: string) =>
    t
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
  const masked = r.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
  if (masked.length) expect(secretScan(known)({ masked: masked.join('\n') }, [])).toHaveProperty('masked');
  const hostFiles = Object.fromEntries(Object.entries(files).map(([v, f]) => [v, readFileSync(f, 'utf8')]));
  expect(
    secretScan(known)({ stdout: log(r.stdout), stderr: log(r.stderr), ...hostFiles }, [
      folder.work,
      folder.runnerTemp,
    ]),
  ).toEqual({});
}

/** The gate's base inputs for a case: the dev workspace on the plane, its endpoint, the fixtures. */
const gateInputs = (reportDir: string): Record<string, string> => ({
  workspace: 'dev',
  'local-state-dir': h.stateDir,
  endpoint: 'hardening-ep',
  golden: GOLDEN,
  model: model('v1'),
  card: card('v1'),
  'report-dir': reportDir,
});

/** A golden set in `dir` of one fixture image whose instances.json is changed by `change`. */
function goldenWith(dir: string, change: (gt: Record<string, unknown>) => void): string {
  const golden = goldenSubset(dir, 'golden', [17]);
  const file = path.join(golden, 'instances.json');
  const gt = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(gt);
  writeFileSync(file, JSON.stringify(gt));
  return golden;
}

interface Case {
  item: string;
  step: 'gate' | 'register-model' | 'promote';
  code: string;
  /** What the `::error::` line must also say. */
  says: RegExp;
  /** The step's inputs, built in the case's folder. */
  inputs(folder: ReturnType<typeof caseFolder>): Record<string, string>;
  /** Whether the refusal comes before any request the plane logs, key reads included (else: before
   * any mutating one). */
  noRequest: boolean;
}

const CASES: Case[] = [
  {
    item: 'item 2: register-model of a folder holding a link to /etc/passwd',
    step: 'register-model',
    code: 'PathOutsideFolder',
    says: /passwd.*\/etc\/passwd/,
    noRequest: false,
    inputs: ({ work }) => {
      const folder = path.join(work, 'model');
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'model.onnx'), 'weights');
      symlinkSync('/etc/passwd', path.join(folder, 'passwd'));
      return { workspace: 'dev', 'local-state-dir': h.stateDir, path: folder, name: MODEL_NAME };
    },
  },
  {
    item: "item 3: gate with a golden file_name '../../etc/passwd'",
    step: 'gate',
    code: 'PathOutsideFolder',
    says: /\.\.\/\.\.\/etc\/passwd/,
    noRequest: true,
    inputs: (f) => ({
      ...gateInputs(f.reportDir),
      golden: goldenWith(f.work, (gt) => {
        (gt.images as { file_name: string }[])[0]!.file_name = '../../etc/passwd';
      }),
    }),
  },
  {
    item: 'item 4: gate with params tile_grid_size=400x400',
    step: 'gate',
    code: 'InvalidInput',
    says: /tile_grid_size/,
    noRequest: true,
    inputs: (f) => ({ ...gateInputs(f.reportDir), params: 'tile_grid_size=400x400' }),
  },
  {
    item: 'item 7: gate with scoring-uri file:///etc/passwd',
    step: 'gate',
    code: 'InvalidInput',
    says: /scoring-uri/,
    noRequest: true,
    inputs: (f) => {
      const { endpoint: _endpoint, ...inputs } = gateInputs(f.reportDir);
      return { ...inputs, 'scoring-uri': 'file:///etc/passwd' };
    },
  },
  {
    item: 'item 8: gate with a golden set without annotations',
    step: 'gate',
    code: 'InvalidGoldenSet',
    says: /annotation/,
    noRequest: true,
    inputs: (f) => ({
      ...gateInputs(f.reportDir),
      golden: goldenWith(f.work, (gt) => {
        gt.annotations = [];
      }),
    }),
  },
  {
    item: 'item 9: gate with a card naming fewer classes than the model outputs',
    step: 'gate',
    code: 'ModelCardMismatch',
    says: /outputs 4 classes but the card names 3/,
    // The endpoint's keys are read before the model is loaded; nothing is scored or sent.
    noRequest: false,
    inputs: (f) => {
      const file = path.join(f.work, 'model-raw-card.yaml');
      const v1 = path.dirname(model('v1'));
      writeFileSync(
        file,
        readFileSync(path.join(v1, 'model-raw-card.yaml'), 'utf8').replace(
          /^classes: \[.*\]$/m,
          'classes: [valve, pump, instrument]',
        ),
      );
      return { ...gateInputs(f.reportDir), model: path.join(v1, 'model-raw.onnx'), card: file };
    },
  },
  {
    item: 'promote: a model version without a gate verdict',
    step: 'promote',
    code: 'NoPassingVerdict',
    says: /carries no gate verdict/,
    noRequest: false,
    inputs: () => ({
      workspace: 'prod',
      'source-workspace': 'dev',
      'local-state-dir': h.stateDir,
      'model-ref': `azureml:${MODEL_NAME}:${UNGATED_VERSION}`,
    }),
  },
];

describe.skipIf(!BUILT || !FIXTURES_READY)(
  "issue 15's refusals through the bundled GitHub entries, debug on: the code, nothing changed, no secret written",
  () => {
    it.each(CASES)('$item', async (c) => {
      const folder = caseFolder(c.step + '-' + CASES.indexOf(c));
      const inputs = c.inputs(folder);
      const before = await planeState();
      await admin(h, 'DELETE', '/v1/arm-requests');
      const { r, files } = await runEntry(c.step, inputs, folder);

      // Refused, on an ::error:: line carrying the code; debug logging was on.
      expect(r.status, r.stdout.slice(-3000) + r.stderr.slice(-2000)).toBe(1);
      const errors = errorLines(r.stdout);
      const failure = errors.find((l) => l.includes(c.code));
      expect(failure, errors.join('\n') || r.stdout.slice(-3000)).toBeDefined();
      expect(failure).toMatch(c.says);
      expect(failure).not.toMatch(/node_modules|ENOENT|EISDIR/);

      // Nothing uploaded, no resource changed, no request where the refusal comes first.
      // (The requests first: reading the state reads the datastore keys itself.)
      if (c.noRequest) expect(await armRequests()).toEqual([]);
      else expect(await mutating()).toEqual([]);
      expect(await planeState()).toEqual(before);

      // No secret in anything the run wrote.
      expectNoLeak(secrets, r, files, folder);
    });
  },
);

// Items 5 and 6 through the gate's entry: a misbehaving scoring endpoint, a real HTTP server on
// loopback given as `scoring-uri` with its key in `key-env`, that echoes the request's
// Authorization header (`Bearer <key>`) into what it answers. The gate still writes its report, the
// verdict is inconclusive, the step fails with the code, and the key is nowhere the run wrote.
const SCORING_KEY = 'Zq7wK2pXv9RtL4mN8bYc3HsJ6dFg1Ae5';
const SCORING_KEY_ENV = 'HARDENING_SCORING_KEY';
const MiB = 1024 ** 2;

/** What the endpoint does for one image, given the Authorization header it received. */
type Answer = (res: ServerResponse, authorization: string) => void;

/** A scoring endpoint answering every image with `answer`, counting requests per image (by the
 * request body's digest, in arrival order). */
async function startScoringEndpoint(answer: Answer) {
  const byImage = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const hash = createHash('sha256');
    req.on('data', (c: Buffer) => hash.update(c));
    req.on('end', () => {
      const digest = hash.digest('hex');
      byImage.set(digest, (byImage.get(digest) ?? 0) + 1);
      res.on('error', () => undefined);
      answer(res, req.headers.authorization ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`,
    requestsPerImage: () => [...byImage.values()],
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

interface EndpointCase {
  item: string;
  answer: Answer;
  inputs: Record<string, string>;
  /** The failures' code in gate.json, and what each failure's message must say. */
  failure: { code: string; says: string | RegExp };
  /** Requests per image the endpoint saw (no retry where 1). */
  requestsPerImage?: number[];
  /** The verdict's first reason, when the case names it. */
  reason?: string;
}

const ENDPOINT_CASES: EndpointCase[] = [
  {
    item: 'item 5: an answer over max-response-mb (1 MiB; ~3 MiB echoing the key) is a failed request',
    // ~3 MiB of JSON-ish filler carrying the echoed header, announced once, streamed once.
    answer: (res, authorization) => {
      const echo = Buffer.from(`{"echo":"${authorization}","pad":"`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(echo);
      for (let i = 0; i < 3 && !res.destroyed; i++) res.write(Buffer.alloc(MiB, 0x61));
      res.end(`"} ${authorization}`);
    },
    inputs: { 'max-response-mb': '1' },
    failure: { code: 'EndpointResponseTooLarge', says: `over the ${MiB}-byte limit` },
    requestsPerImage: [1, 1],
  },
  {
    item: 'item 5: a hanging endpoint with endpoint-deadline 2: inconclusive by the deadline',
    answer: () => undefined, // never answers
    inputs: { 'endpoint-deadline': '2' },
    failure: {
      code: 'EndpointDeadlineReached',
      says: "the endpoint phase's deadline of 2 s passed (input 'endpoint-deadline')",
    },
    reason:
      "endpoint deadline reached: 2 of 2 images not scored within 2 s (raise 'endpoint-deadline' or check the endpoint's latency)",
  },
  {
    item: 'item 6: an HTML body echoing the key is an invalid response, quoted masked, not retried',
    answer: (res, authorization) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<html>oops ${authorization}</html>`),
    inputs: {},
    failure: {
      code: 'EndpointInvalidResponse',
      says: 'the response is not JSON after 1 attempt(s): <html>oops Bearer ***</html>',
    },
    requestsPerImage: [1, 1],
  },
];

describe.skipIf(!BUILT || !FIXTURES_READY)(
  "issue 15's misbehaving endpoints through the gate's GitHub entry, debug on: report written, inconclusive, no key written",
  () => {
    it.each(ENDPOINT_CASES)(
      '$item',
      async (c) => {
        const folder = caseFolder('endpoint-' + ENDPOINT_CASES.indexOf(c));
        const endpoint = await startScoringEndpoint(c.answer);
        try {
          const { r, files } = await runEntry(
            'gate',
            {
              golden: goldenSubset(folder.work, 'golden', [17, 18]),
              model: model('v1'),
              card: card('v1'),
              'scoring-uri': endpoint.uri,
              'key-env': SCORING_KEY_ENV,
              concurrency: '1',
              'report-dir': folder.reportDir,
              ...c.inputs,
            },
            folder,
            { [SCORING_KEY_ENV]: SCORING_KEY },
          );

          // The step fails on an ::error:: line carrying the verdict's code.
          expect(r.status, r.stdout.slice(-3000) + r.stderr.slice(-2000)).toBe(1);
          const errors = errorLines(r.stdout);
          expect(
            errors.find((l) => l.includes('GateInconclusive')),
            errors.join('\n') || r.stdout.slice(-3000),
          ).toBeDefined();

          // The report is written anyway: every image a failed request with the case's reason.
          expect(existsSync(path.join(folder.reportDir, 'summary.md'))).toBe(true);
          const report = JSON.parse(
            readFileSync(path.join(folder.reportDir, 'gate.json'), 'utf8'),
          ) as GateReport;
          expect(report.verdict).toBe('inconclusive');
          expect(report.errors).toMatchObject({ failed: 2, total: 2 });
          for (const f of report.errors.failures) {
            expect((f as { code?: string }).code).toBe(c.failure.code);
            expect(f.message).toContain(c.failure.says);
          }
          expect(readFileSync(files.GITHUB_OUTPUT as string, 'utf8')).toMatch(/verdict<<.*\ninconclusive\n/);
          if (c.reason) expect(report.reasons[0]).toBe(c.reason);
          if (c.requestsPerImage) expect(endpoint.requestsPerImage()).toEqual(c.requestsPerImage);

          // The key the endpoint echoed is nowhere the run wrote, nor any secret of the plane; the
          // runner was asked to mask it (the one place it may appear).
          expect(r.stdout.split('\n')).toContain(`::add-mask::${SCORING_KEY}`);
          expectNoLeak({ ...secrets, 'scoring key': SCORING_KEY }, r, files, folder);
        } finally {
          await endpoint.close();
        }
      },
      60_000,
    );
  },
);
