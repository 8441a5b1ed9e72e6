// Issue 15's refusals through the GitHub entries as shipped (the ncc bundles `dist/<step>/index.js`,
// run with plain node as the runner runs them, debug logging on) against one local plane: each
// hostile input fails the step on an `::error::` line carrying its RolloutError code, with nothing
// uploaded, no resource changed and no request sent where the refusal must come first. After each
// run the step log, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_STATE, the case's whole working
// folder (its report folder, the folder handed to the artifact upload) and RUNNER_TEMP are scanned
// for every secret the run knows: the plane's bearer token, the datastore account keys, the
// endpoint's keys, and any SAS signature or JWT. The items' own tests are listed in docs/security.md.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
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
      const files = Object.fromEntries(
        ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE'].map((v) => {
          const file = path.join(folder.runnerTemp, '..', v.toLowerCase());
          writeFileSync(file, '');
          return [v, file];
        }),
      );
      const before = await planeState();
      await admin(h, 'DELETE', '/v1/arm-requests');
      const env: Record<string, string> = {
        GITHUB_ACTIONS: 'true',
        ...files,
        GITHUB_WORKSPACE: folder.work,
        RUNNER_TEMP: folder.runnerTemp,
        ACTIONS_STEP_DEBUG: 'true',
        RUNNER_DEBUG: '1',
      };
      for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
      const r = await runBundle(entry(c.step), env, folder.work);

      // Refused, on an ::error:: line carrying the code; debug logging was on.
      expect(r.status, r.stdout.slice(-3000) + r.stderr.slice(-2000)).toBe(1);
      const errors = r.stdout
        .split('\n')
        .filter((l) => l.startsWith('::error'))
        .map(unescapeGithub);
      const failure = errors.find((l) => l.includes(c.code));
      expect(failure, errors.join('\n') || r.stdout.slice(-3000)).toBeDefined();
      expect(failure).toMatch(c.says);
      expect(failure).not.toMatch(/node_modules|ENOENT|EISDIR/);

      // Nothing uploaded, no resource changed, no request where the refusal comes first.
      // (The requests first: reading the state reads the datastore keys itself.)
      if (c.noRequest) expect(await armRequests()).toEqual([]);
      else expect(await mutating()).toEqual([]);
      expect(await planeState()).toEqual(before);

      // No secret in anything the run wrote; the runner's own mask commands may carry one.
      const log = (t: string) =>
        t
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::'))
          .join('\n');
      // The scan sees what it looks for: the mask commands carry the secrets the run registered.
      const masked = r.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
      if (masked.length)
        expect(secretScan(secrets)({ masked: masked.join('\n') }, [])).toHaveProperty('masked');
      const hostFiles = Object.fromEntries(
        Object.entries(files).map(([v, f]) => [v, readFileSync(f, 'utf8')]),
      );
      expect(
        secretScan(secrets)({ stdout: log(r.stdout), stderr: log(r.stderr), ...hostFiles }, [
          folder.work,
          folder.runnerTemp,
        ]),
      ).toEqual({});
    });
  },
);
