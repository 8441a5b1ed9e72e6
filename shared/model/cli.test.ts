// `aml-rollout register-model` as a process against a plane started by the harness: the plane's
// connection file is all the CLI needs; outputs are one JSON object; neither the datastore account
// key nor a SAS token appears anywhere in what the process prints, even with debug logging on.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  generateAccountSASQueryParameters,
  SASProtocol,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../local/testing/harness.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const WS = 'dev';

let h: Harness;
let tmp: string;

beforeAll(async () => {
  h = await startHarness();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'register-model-cli-'));
});

afterAll(async () => {
  await h?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'entries/cli.ts', 'register-model', ...args], {
      cwd: repo,
      env: { ...process.env, AML_ROLLOUT_DEBUG: '1', ...env },
      maxBuffer: 16 << 20,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

type BlobProps = { accountName: string; containerName: string; endpoint: string; protocol: string };

function accountSas(account: string, key: string, permissions: string): string {
  return generateAccountSASQueryParameters(
    {
      permissions: AccountSASPermissions.parse(permissions),
      services: AccountSASServices.parse('b').toString(),
      resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
      protocol: SASProtocol.HttpsAndHttp,
      expiresOn: new Date(Date.now() + 3600_000),
    },
    new StorageSharedKeyCredential(account, key),
  ).toString();
}

function sasDatastore(props: BlobProps, sasToken: string) {
  return {
    properties: {
      datastoreType: 'AzureBlob',
      accountName: props.accountName,
      containerName: props.containerName,
      endpoint: props.endpoint,
      protocol: props.protocol,
      credentials: { credentialsType: 'Sas', secrets: { secretsType: 'Sas', sasToken } },
    } as never,
  };
}

function modelFolder(name: string, extra = ''): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(repo, 'fixtures/models/v2/model.onnx'), path.join(dir, 'model.onnx'));
  copyFileSync(path.join(repo, 'fixtures/models/v2/model-card.yaml'), path.join(dir, 'model-card.yaml'));
  if (extra) writeFileSync(path.join(dir, 'notes.txt'), extra);
  return dir;
}

describe('aml-rollout register-model (process)', () => {
  it('connects through the plane connection file, prints the outputs as JSON, and never prints the account key or a SAS', async () => {
    const dir = modelFolder('cli-model');
    const first = await cli([
      '--local',
      h.stateDir,
      '--workspace',
      WS,
      '--path',
      dir,
      '--name',
      'cli-model',
      '--tags',
      'team=vision',
      'owner=mlops',
    ]);
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out).toEqual({
      'model-name': 'cli-model',
      'model-version': '1',
      'model-id': expect.stringMatching(/\/workspaces\/dev\/models\/cli-model\/versions\/1$/),
      'model-ref': 'azureml:cli-model:1',
      created: 'true',
    });
    const v = await h.client.modelVersions.get(h.rg, WS, 'cli-model', '1');
    expect(v.properties.tags).toMatchObject({ team: 'vision', owner: 'mlops' });
    expect(first.stderr).toMatch(/upload 100%/);

    const again = await cli(['--local', h.stateDir, '--workspace', WS, '--path', dir, '--name', 'cli-model']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ 'model-version': '1', created: 'false' });
    expect(again.stderr).toMatch(/nothing uploaded or created/);

    // A datastore that gives a SAS instead of the account key.
    const ds = await h.client.datastores.get(h.rg, WS, 'workspaceblobstore');
    const props = ds.properties as BlobProps;
    const { key } = (await h.client.datastores.listSecrets(h.rg, WS, 'workspaceblobstore')) as {
      key: string;
    };
    const sas = accountSas(props.accountName, key, 'rwlac');
    await h.client.datastores.createOrUpdate(h.rg, WS, 'sasstore', sasDatastore(props, sas));
    const viaSas = await cli([
      '--local',
      h.stateDir,
      '--workspace',
      WS,
      '--path',
      modelFolder('sas-model', 'through a SAS'),
      '--name',
      'sas-model',
      '--datastore',
      'sasstore',
    ]);
    expect(viaSas.code, viaSas.stderr).toBe(0);
    expect(viaSas.stderr).toMatch(/upload 100%/);
    const sv = await h.client.modelVersions.get(h.rg, WS, 'sas-model', '1');
    expect(sv.properties.modelUri).toMatch(/\/datastores\/sasstore\/paths\/LocalUpload\//);

    // A failing upload (a read-only SAS: Azurite answers 403) must not leak it either.
    const readOnlySas = accountSas(props.accountName, key, 'rl');
    await h.client.datastores.createOrUpdate(h.rg, WS, 'readonlystore', sasDatastore(props, readOnlySas));
    const failing = await cli([
      '--local',
      h.stateDir,
      '--workspace',
      WS,
      '--path',
      modelFolder('sas-model-2', 'other'),
      '--name',
      'sas-model',
      '--datastore',
      'readonlystore',
    ]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(
      /error: ModelUploadFailed: upload of .* to datastore .readonlystore. failed: .*not authorized/,
    );

    const sig = decodeURIComponent(new URLSearchParams(sas).get('sig') ?? '');
    expect(sig.length).toBeGreaterThan(10);
    const roSig = decodeURIComponent(new URLSearchParams(readOnlySas).get('sig') ?? '');
    for (const r of [first, again, viaSas, failing]) {
      const text = `${r.stdout}\n${r.stderr}`;
      for (const secret of [key, sas, sig, encodeURIComponent(sig), readOnlySas, roSig, h.conn.token]) {
        expect(text.includes(secret), `secret in output:\n${text}`).toBe(false);
      }
    }
  });

  it('takes an az ml model YAML, with inputs overriding it', async () => {
    const dir = modelFolder('yaml-model', 'from yaml');
    const yamlFile = path.join(tmp, 'model.yml');
    writeFileSync(
      yamlFile,
      [
        '$schema: https://azuremlschemas.azureedge.net/latest/model.schema.json',
        'name: yaml-model',
        'version: 7',
        'path: ./yaml-model',
        'type: custom_model',
        'description: from the yaml',
        'tags: { source-of-truth: yaml, team: yaml }',
        '',
      ].join('\n'),
    );
    const r = await cli([
      '--local',
      h.stateDir,
      '--workspace',
      WS,
      '--model-yaml',
      yamlFile,
      '--tags',
      'team=cli',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)['model-ref']).toBe('azureml:yaml-model:7');
    const v = await h.client.modelVersions.get(h.rg, WS, 'yaml-model', '7');
    expect(v.properties.description).toBe('from the yaml');
    expect(v.properties.tags).toMatchObject({ 'source-of-truth': 'yaml', team: 'cli' });
    expect(v.properties.modelUri).toMatch(new RegExp(`/LocalUpload/[0-9a-f]{64}/${path.basename(dir)}$`));
  });
});
