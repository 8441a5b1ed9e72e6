// register-model against the local plane + Azurite with the real SDKs: registration by type,
// idempotency with counted requests, and bad inputs (through the CLI) that must leave nothing behind.
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeployment,
  createEndpoint,
  type Harness,
  registerModel,
  startHarness,
} from '../local/testing/harness.js';
import { datastoreBlobServiceUrl, localPlaneClient } from '../shared/azure/local-plane.js';
import type { WorkspaceTarget } from '../shared/azure/workspace.js';
import { runCli } from '../shared/cli/main.js';
import { CliHost } from '../shared/host/cli.js';
import { LINEAGE_TAGS } from '../shared/model/lineage.js';
import { prepareModel, registerPreparedModel } from '../shared/model/register.js';
import { CONTENT_HASH_TAG, resolveModelSpec } from '../shared/model/spec.js';
import type { StorageRequest } from '../shared/azure/datastore.js';

const repo = path.resolve(import.meta.dirname, '..');
const fixture = (p: string) => path.join(repo, 'fixtures', p);
const WS = 'dev';

let h: Harness;
let tmp: string;
let container: ReturnType<BlobServiceClient['getContainerClient']>;
let service: BlobServiceClient;
let armRequests: string[] = [];
let storageRequests: StorageRequest[] = [];
let target: WorkspaceTarget;
let log: string[] = [];

const countingPolicy: PipelinePolicy = {
  name: 'count-requests',
  sendRequest(request, next) {
    armRequests.push(`${request.method} ${new URL(request.url).pathname}`);
    return next(request);
  },
};

function host(): CliHost {
  return new CliHost({}, { stdout: (t) => log.push(t), stderr: (t) => log.push(t) }, repo);
}

async function register(inputs: Parameters<typeof resolveModelSpec>[0]) {
  const signal = new AbortController().signal;
  const hst = host();
  const spec = await resolveModelSpec(inputs);
  const prepared = await prepareModel(spec, hst, signal);
  return registerPreparedModel(target, prepared, hst, signal, {
    observeRequest: (r) => storageRequests.push(r),
    env: {
      GITHUB_SHA: 'abc123',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'octo/models',
      GITHUB_RUN_ID: '42',
    },
  });
}

function resetCounters() {
  armRequests = [];
  storageRequests = [];
  log = [];
}

async function blobNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const b of container.listBlobsFlat()) names.push(b.name);
  return names.sort();
}

async function containerNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const c of service.listContainers()) names.push(c.name);
  return names.sort();
}

async function modelNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const c of h.client.modelContainers.list(h.rg, WS)) names.push(c.name as string);
  return names.sort();
}

/** Every file of `dir` (or the file) is a blob under `blobFolder` with the same bytes. */
async function expectBlobsMatch(local: string, blobFolder: string, files: string[]) {
  for (const rel of files) {
    const want = readFileSync(
      files.length === 1 && rel === path.basename(local) ? local : path.join(local, rel),
    );
    const got = await container.getBlockBlobClient(`${blobFolder}/${rel}`).downloadToBuffer();
    expect(got.equals(want), `${blobFolder}/${rel}`).toBe(true);
  }
}

beforeAll(async () => {
  h = await startHarness();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'register-model-'));
  target = {
    client: localPlaneClient(h.conn, {
      additionalPolicies: [{ policy: countingPolicy, position: 'perCall' }],
    }),
    subscriptionId: h.conn.subscriptionId,
    resourceGroup: h.rg,
    workspace: WS,
    via: 'local',
  };
  const ds = await h.client.datastores.get(h.rg, WS, 'workspaceblobstore');
  const props = ds.properties as {
    accountName: string;
    containerName: string;
    endpoint?: string;
    protocol?: string;
  };
  const secrets = (await h.client.datastores.listSecrets(h.rg, WS, 'workspaceblobstore')) as { key: string };
  service = new BlobServiceClient(
    datastoreBlobServiceUrl(props),
    new StorageSharedKeyCredential(props.accountName, secrets.key),
  );
  container = service.getContainerClient(props.containerName);
});

afterAll(async () => {
  await h?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function onnxFolder(): string {
  const dir = path.join(tmp, 'onnx', 'pid-symbols');
  mkdirSync(dir, { recursive: true });
  copyFileSync(fixture('models/v1/model.onnx'), path.join(dir, 'model.onnx'));
  copyFileSync(fixture('models/v1/model-card.yaml'), path.join(dir, 'model-card.yaml'));
  return dir;
}

function tritonFolder(): string {
  const dir = path.join(tmp, 'triton', 'repository');
  mkdirSync(path.join(dir, 'detector', '1'), { recursive: true });
  writeFileSync(path.join(dir, 'detector', 'config.pbtxt'), 'name: "detector"\nbackend: "onnxruntime"\n');
  copyFileSync(fixture('scoring/tiny-detector.onnx'), path.join(dir, 'detector', '1', 'model.onnx'));
  return dir;
}

function mlflowFolder(): string {
  const dir = path.join(tmp, 'mlflow', 'model');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'MLmodel'),
    'flavors:\n  python_function:\n    loader_module: mlflow.pyfunc.model\n',
  );
  writeFileSync(path.join(dir, 'python_model.pkl'), Buffer.from([0x80, 0x04, 0x95, 1, 2, 3]));
  writeFileSync(path.join(dir, 'conda.yaml'), 'name: env\n');
  return dir;
}

describe('register-model (local plane + Azurite)', () => {
  it('registers an ONNX folder, a Triton repository and an MLflow folder with type, URI, tags and bytes', async () => {
    const cases = [
      {
        name: 'pid-symbols',
        type: 'custom_model' as const,
        dir: onnxFolder(),
        files: ['model-card.yaml', 'model.onnx'],
      },
      {
        name: 'triton-detector',
        type: 'triton_model' as const,
        dir: tritonFolder(),
        files: ['detector/1/model.onnx', 'detector/config.pbtxt'],
      },
      {
        name: 'mlflow-detector',
        type: 'mlflow_model' as const,
        dir: mlflowFolder(),
        files: ['MLmodel', 'conda.yaml', 'python_model.pkl'],
      },
    ];
    for (const c of cases) {
      resetCounters();
      const r = await register({
        path: c.dir,
        name: c.name,
        type: c.type,
        tags: ['team=vision', 'stage=dev'],
      });
      expect(r).toMatchObject({ name: c.name, version: '1', ref: `azureml:${c.name}:1`, created: true });
      const totalBytes = c.files.reduce((n, f) => n + readFileSync(path.join(c.dir, f)).length, 0);
      expect(r.uploadedBytes).toBe(totalBytes);
      const v = await h.client.modelVersions.get(h.rg, WS, c.name, '1');
      expect(v.id).toBe(r.id);
      expect(v.properties.modelType).toBe(c.type);
      const blobFolder = `LocalUpload/${r.contentHash}/${path.basename(c.dir)}`;
      expect(v.properties.modelUri).toBe(
        `azureml://subscriptions/${h.conn.subscriptionId}/resourcegroups/${h.rg}/workspaces/${WS}/datastores/workspaceblobstore/paths/${blobFolder}`,
      );
      expect(v.properties.tags).toMatchObject({
        team: 'vision',
        stage: 'dev',
        [CONTENT_HASH_TAG]: r.contentHash,
        [LINEAGE_TAGS.commit]: 'abc123',
        [LINEAGE_TAGS.runUrl]: 'https://github.com/octo/models/actions/runs/42',
        [LINEAGE_TAGS.source]: 'https://github.com/octo/models',
      });
      expect(await blobNames()).toEqual(expect.arrayContaining(c.files.map((f) => `${blobFolder}/${f}`)));
      await expectBlobsMatch(c.dir, blobFolder, c.files);
      expect(log.join('\n')).toMatch(/upload 100%/);
    }
    // A single file: the URI names the file itself.
    resetCounters();
    const single = await register({ path: fixture('scoring/tiny-detector.onnx'), name: 'tiny-detector' });
    const sv = await h.client.modelVersions.get(h.rg, WS, 'tiny-detector', single.version);
    expect(sv.properties.modelUri).toMatch(
      new RegExp(`/paths/LocalUpload/${single.contentHash}/tiny-detector\\.onnx$`),
    );
    await expectBlobsMatch(fixture('scoring/tiny-detector.onnx'), `LocalUpload/${single.contentHash}`, [
      'tiny-detector.onnx',
    ]);
  });

  it('re-running with the same files uploads 0 bytes and creates nothing; a changed file gives a new version', async () => {
    const dir = onnxFolder();
    resetCounters();
    const again = await register({ path: dir, name: 'pid-symbols', tags: ['team=vision'] });
    expect(again).toMatchObject({ version: '1', created: false, uploadedBytes: 0 });
    expect(storageRequests).toEqual([]);
    // Only the version listing: no datastore, no PUT.
    expect(armRequests.every((r) => r.startsWith('GET '))).toBe(true);
    expect(armRequests.some((r) => r.includes('/datastores/'))).toBe(false);
    expect(log.join('\n')).toMatch(/nothing uploaded or created/);

    // Explicit version that already holds these files: returned as well.
    resetCounters();
    const explicit = await register({ path: dir, name: 'pid-symbols', version: '1' });
    expect(explicit).toMatchObject({ version: '1', created: false });
    expect(storageRequests).toEqual([]);

    const before = await blobNames();
    resetCounters();
    writeFileSync(
      path.join(dir, 'model-card.yaml'),
      `${readFileSync(path.join(dir, 'model-card.yaml'), 'utf8')}# v1.1\n`,
    );
    const changed = await register({ path: dir, name: 'pid-symbols' });
    expect(changed).toMatchObject({ version: '2', created: true });
    expect(changed.contentHash).not.toBe(again.contentHash);
    const puts = storageRequests.filter((r) => r.method === 'PUT');
    expect(puts.reduce((n, r) => n + r.bytes, 0)).toBe(changed.uploadedBytes);
    expect(armRequests.filter((r) => r.startsWith('PUT '))).toEqual([
      `PUT /subscriptions/${h.conn.subscriptionId}/resourceGroups/${h.rg}/providers/Microsoft.MachineLearningServices/workspaces/${WS}/models/pid-symbols/versions/2`,
    ]);
    expect((await blobNames()).length).toBe(before.length + 2);

    // Same files under a new version number that is taken by other content: refused, nothing sent.
    resetCounters();
    writeFileSync(path.join(dir, 'extra.txt'), 'x');
    await expect(register({ path: dir, name: 'pid-symbols', version: '1' })).rejects.toMatchObject({
      code: 'ModelVersionExists',
    });
    expect(storageRequests).toEqual([]);
  });

  it('links that stay inside the folder are followed once: the same content as a folder of copies', async () => {
    const linked = path.join(tmp, 'inside-links', 'detector');
    mkdirSync(path.join(linked, 'v2'), { recursive: true });
    copyFileSync(fixture('scoring/tiny-detector.onnx'), path.join(linked, 'v2', 'model.onnx'));
    writeFileSync(path.join(linked, 'v2', 'labels.txt'), 'symbol\ninstrument\n');
    symlinkSync('v2/labels.txt', path.join(linked, 'labels.txt'));
    symlinkSync('v2', path.join(linked, 'latest'));
    const copies = path.join(tmp, 'inside-copies', 'detector');
    for (const rel of [
      'v2/model.onnx',
      'v2/labels.txt',
      'labels.txt',
      'latest/model.onnx',
      'latest/labels.txt',
    ]) {
      mkdirSync(path.dirname(path.join(copies, rel)), { recursive: true });
      copyFileSync(path.join(linked, 'v2', path.basename(rel)), path.join(copies, rel));
    }
    resetCounters();
    const first = await register({ path: linked, name: 'linked-inside' });
    expect(first).toMatchObject({ version: '1', created: true });
    const files = ['labels.txt', 'latest/labels.txt', 'latest/model.onnx', 'v2/labels.txt', 'v2/model.onnx'];
    const blobFolder = `LocalUpload/${first.contentHash}/detector`;
    expect((await blobNames()).filter((n) => n.startsWith(`${blobFolder}/`))).toEqual(
      files.map((f) => `${blobFolder}/${f}`),
    );
    await expectBlobsMatch(copies, blobFolder, files);
    const again = await register({ path: copies, name: 'linked-inside' });
    expect(again).toMatchObject({ version: '1', created: false, contentHash: first.contentHash });
  });

  it('reuses blobs already under the content-hash folder (an upload that was interrupted before registration)', async () => {
    const dir = mlflowFolder();
    writeFileSync(path.join(dir, 'conda.yaml'), 'name: env2\n');
    const spec = await resolveModelSpec({ path: dir, name: 'mlflow-reuse', type: 'mlflow_model' });
    const prepared = await prepareModel(spec, host(), new AbortController().signal);
    // Put one of the three files there first, as a crashed earlier run would have.
    const folder = `LocalUpload/${prepared.hash}/model`;
    await container
      .getBlockBlobClient(`${folder}/MLmodel`)
      .uploadData(readFileSync(path.join(dir, 'MLmodel')));
    resetCounters();
    const r = await registerPreparedModel(target, prepared, host(), new AbortController().signal, {
      observeRequest: (x) => storageRequests.push(x),
    });
    expect(r.created).toBe(true);
    expect(r.uploadedBytes).toBe(readFileSync(path.join(dir, 'conda.yaml')).length + 6);
    expect(storageRequests.filter((x) => x.method === 'PUT').map((x) => new URL(x.url).pathname)).toEqual(
      expect.not.arrayContaining([expect.stringContaining('/MLmodel')]),
    );
  });

  it('a registered ONNX folder deploys on the plane (its storage initializer finds model and card)', async () => {
    const v = await h.client.modelVersions.get(h.rg, WS, 'pid-symbols', '1');
    await createEndpoint(h, WS, 'reg-check');
    const d = await createDeployment(h, WS, 'reg-check', 'blue', v.id as string);
    expect(d.properties.provisioningState).toBe('Succeeded');
  });

  it('with version auto, a number taken by another run between listing and PUT moves on to the next one', async () => {
    let raced = false;
    const racer: PipelinePolicy = {
      name: 'race',
      async sendRequest(request, next) {
        if (!raced && request.method === 'PUT' && /\/models\/race-model\/versions\/1\?/.test(request.url)) {
          raced = true;
          await registerModel(h, WS, 'race-model', '1', { 'other.bin': 'someone else' });
        }
        return next(request);
      },
    };
    const racing: WorkspaceTarget = {
      ...target,
      client: localPlaneClient(h.conn, { additionalPolicies: [{ policy: racer, position: 'perCall' }] }),
    };
    const hst = host();
    const spec = await resolveModelSpec({ path: fixture('scoring/tiny-detector.onnx'), name: 'race-model' });
    const prepared = await prepareModel(spec, hst, new AbortController().signal);
    const r = await registerPreparedModel(racing, prepared, hst, new AbortController().signal);
    expect(raced).toBe(true);
    expect(r).toMatchObject({ version: '2', created: true });
    expect(
      (await h.client.modelVersions.get(h.rg, WS, 'race-model', '2')).properties.tags?.[CONTENT_HASH_TAG],
    ).toBe(r.contentHash);
  });

  describe('bad inputs are clear errors and leave nothing behind', () => {
    const bad = (): Array<{ what: string; args: string[]; code: RegExp }> => {
      const empty = path.join(tmp, 'bad', 'empty.onnx');
      const corrupt = path.join(tmp, 'bad', 'corrupt.onnx');
      const mismatch = path.join(tmp, 'bad', 'mismatch');
      const triton = path.join(tmp, 'bad', 'triton');
      mkdirSync(mismatch, { recursive: true });
      mkdirSync(path.join(triton, 'detector', '1'), { recursive: true });
      writeFileSync(empty, '');
      writeFileSync(corrupt, 'this is not an onnx protobuf at all');
      copyFileSync(fixture('models/v1/model.onnx'), path.join(mismatch, 'model.onnx'));
      copyFileSync(fixture('scoring/tiny-detector.yaml'), path.join(mismatch, 'model-card.yaml'));
      writeFileSync(path.join(triton, 'detector', '1', 'model.plan'), 'engine');
      return [
        {
          what: 'missing path',
          args: ['--path', path.join(tmp, 'nope'), '--name', 'bad-missing'],
          code: /InvalidModelPath: .*does not exist/,
        },
        {
          what: 'empty file',
          args: ['--path', empty, '--name', 'bad-empty'],
          code: /InvalidModelPath: .*empty file/,
        },
        {
          what: 'corrupt ONNX',
          args: ['--path', corrupt, '--name', 'bad-corrupt'],
          code: /InvalidModel: .*not a valid ONNX model/,
        },
        {
          what: 'model/card mismatch',
          args: ['--path', mismatch, '--name', 'bad-mismatch'],
          code: /ModelCardMismatch: .*shape/,
        },
        {
          what: 'Triton folder without config',
          args: ['--path', triton, '--name', 'bad-triton', '--type', 'triton_model'],
          code: /InvalidModel: .*'detector' has no config\.pbtxt/,
        },
        {
          what: 'invalid name',
          args: ['--path', fixture('scoring/tiny-detector.onnx'), '--name', '-bad name!'],
          code: /InvalidInput: input 'name'/,
        },
        {
          what: 'unknown type',
          args: [
            '--path',
            fixture('scoring/tiny-detector.onnx'),
            '--name',
            'bad-type',
            '--type',
            'pytorch_model',
          ],
          code: /InvalidInput: input 'type': 'pytorch_model' is not one of/,
        },
      ];
    };

    it('links out of the folder, broken or looping are refused before any upload, naming the link and its target', async () => {
      const outside = path.join(tmp, 'outside');
      mkdirSync(outside, { recursive: true });
      writeFileSync(path.join(outside, 'secret.txt'), 'not for the datastore');
      symlinkSync('/etc/passwd', path.join(tmp, 'hop'));
      /** A model folder with real data plus the links `make` adds. */
      const folder = (name: string, make: (dir: string) => void) => {
        const dir = path.join(tmp, 'links', name);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'weights.bin'), 'weights');
        make(dir);
        return dir;
      };
      const cases: Array<{ what: string; dir: string; error: RegExp }> = [
        {
          what: 'a link to /etc/passwd',
          dir: folder('passwd', (d) => symlinkSync('/etc/passwd', path.join(d, 'labels.txt'))),
          error:
            /PathOutsideFolder: .*links\/passwd\/labels\.txt \(a link to \/etc\/passwd\) resolves to \/etc\/passwd, outside the model folder/,
        },
        {
          what: 'a linked directory outside',
          dir: folder('linked-dir', (d) => symlinkSync(outside, path.join(d, 'extra'))),
          error: new RegExp(
            `PathOutsideFolder: .*linked-dir/extra \\(a link to ${outside}\\) resolves to ${outside},`,
          ),
        },
        {
          what: 'a link chain that ends outside',
          dir: folder('chain', (d) => symlinkSync('../../hop', path.join(d, 'chain.txt'))),
          error:
            /PathOutsideFolder: .*chain\/chain\.txt \(a link to \.\.\/\.\.\/hop\) resolves to \/etc\/passwd,/,
        },
        {
          what: 'a link to a missing file',
          dir: folder('broken', (d) => symlinkSync('gone.bin', path.join(d, 'labels.txt'))),
          error:
            /BrokenLink: .*broken\/labels\.txt is a link to gone\.bin, which does not exist \(fix or remove/,
        },
        {
          what: 'two links pointing at each other',
          dir: folder('loop', (d) => {
            symlinkSync('b.bin', path.join(d, 'a.bin'));
            symlinkSync('a.bin', path.join(d, 'b.bin'));
          }),
          error: /LinkLoop: .*loop\/[ab]\.bin is a link to [ab]\.bin in a chain of links that loops/,
        },
        {
          what: 'a link to a folder that holds it',
          dir: folder('cycle', (d) => {
            mkdirSync(path.join(d, 'sub'));
            symlinkSync('..', path.join(d, 'sub', 'up'));
          }),
          error: /LinkLoop: .*cycle\/sub\/up is a link to .*cycle, a folder that holds the link/,
        },
      ];
      const blobsBefore = await blobNames();
      const containersBefore = await containerNames();
      const modelsBefore = await modelNames();
      for (const [i, c] of cases.entries()) {
        const out: string[] = [];
        const err: string[] = [];
        storageRequests = [];
        const code = await runCli(
          [
            'register-model',
            '--local',
            h.stateDir,
            '--workspace',
            WS,
            '--path',
            c.dir,
            '--name',
            `linked-${i}`,
          ],
          { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
        );
        expect(code, c.what).toBe(1);
        expect(out, c.what).toEqual([]);
        expect(err.join('\n'), c.what).toMatch(c.error);
        expect(err.join('\n'), c.what).not.toContain('not for the datastore');
      }
      expect(await blobNames()).toEqual(blobsBefore);
      expect(await containerNames()).toEqual(containersBefore);
      expect(await modelNames()).toEqual(modelsBefore);
    });

    it('each one fails with its own error; no blob, container or version was created', async () => {
      const blobsBefore = await blobNames();
      const containersBefore = await containerNames();
      const modelsBefore = await modelNames();
      for (const c of bad()) {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(['register-model', '--local', h.stateDir, '--workspace', WS, ...c.args], {
          stdout: (t) => out.push(t),
          stderr: (t) => err.push(t),
        });
        expect(code, c.what).toBe(1);
        expect(out, c.what).toEqual([]);
        expect(err.join('\n'), c.what).toMatch(c.code);
      }
      expect(await blobNames()).toEqual(blobsBefore);
      expect(await containerNames()).toEqual(containersBefore);
      expect(await modelNames()).toEqual(modelsBefore);
    });
  });
});
