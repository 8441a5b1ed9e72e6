// Fast tests of the pure parts of shared/model: the content hash, name/tag/YAML rules, lineage
// from CI environments, and validation by type (including a TorchServe .mar built here).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, listModelFiles } from './files.js';
import { ciRunUrl, LINEAGE_TAGS, lineageTags } from './lineage.js';
import { resolveModelSpec } from './spec.js';
import { validateModel } from './validate.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'model-unit-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string | Buffer>): string {
  const root = path.join(tmp, name);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

/** A zip with the given entries (deflated), as torch-model-archiver writes a .mar. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, packed);
    centrals.push(central, n);
    offset += 30 + n.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('content hash', () => {
  it('depends on relative paths and bytes only, not on the folder name or creation order', async () => {
    const a = tree('hash-a', { 'b.txt': 'B', 'a/x.bin': 'X' });
    const b = tree('hash-b', { 'a/x.bin': 'X', 'b.txt': 'B' });
    const c = tree('hash-c', { 'a/x.bin': 'X', 'b.txt': 'b' });
    const d = tree('hash-d', { 'a/xb.txt': 'XB', 'b.txt': '' }); // same bytes, other framing
    const h = async (p: string) => contentHash(await listModelFiles(p));
    expect(await h(a)).toBe(await h(b));
    expect(await h(a)).not.toBe(await h(c));
    expect(await h(a)).not.toBe(await h(d));
    expect(await h(a)).toMatch(/^[0-9a-f]{64}$/);
    const files = await listModelFiles(a);
    expect(files.files.map((f) => f.rel)).toEqual(['a/x.bin', 'b.txt']);
  });
});

describe('model spec', () => {
  it('checks names, versions and key=value pairs, and refuses the step own tag keys', async () => {
    const base = { path: '/m' };
    await expect(resolveModelSpec({ ...base, name: 'ok_name-1' })).resolves.toMatchObject({
      version: 'auto',
      type: 'custom_model',
    });
    for (const name of ['-x', 'a b', 'a.b', 'x'.repeat(256)]) {
      await expect(resolveModelSpec({ ...base, name })).rejects.toMatchObject({
        code: 'InvalidInput',
        resource: 'name',
      });
    }
    await expect(resolveModelSpec({ ...base, name: 'm', version: '1 2' })).rejects.toMatchObject({
      resource: 'version',
    });
    await expect(resolveModelSpec({ ...base, name: 'm', tags: ['novalue'] })).rejects.toMatchObject({
      resource: 'tags',
    });
    await expect(
      resolveModelSpec({ ...base, name: 'm', tags: ['aml-rollout.content-sha256=x'] }),
    ).rejects.toMatchObject({ resource: 'tags' });
    await expect(resolveModelSpec({ path: '/m' })).rejects.toMatchObject({ resource: 'name' });
    await expect(resolveModelSpec({ name: 'm' })).rejects.toMatchObject({ resource: 'path' });
    await expect(resolveModelSpec({ ...base, name: 'm', tags: ['url=a=b'] })).resolves.toMatchObject({
      tags: { url: 'a=b' },
    });
  });

  it('reads an az ml model YAML; path is relative to it, inputs override it, remote paths are refused', async () => {
    const dir = tree('yaml', {
      'model.yml':
        'name: from-yaml\nversion: 3\npath: ./weights\ntype: triton_model\ntags:\n  a: "1"\n  b: "2"\n',
      'remote.yml': 'name: r\npath: azureml://datastores/x/paths/y\n',
      'unknown-type.yml': 'name: r\npath: .\ntype: pytorch_model\n',
    });
    const spec = await resolveModelSpec({ 'model-yaml': path.join(dir, 'model.yml'), tags: ['b=3'] });
    expect(spec).toMatchObject({
      name: 'from-yaml',
      version: '3',
      type: 'triton_model',
      path: path.join(dir, 'weights'),
      tags: { a: '1', b: '3' },
    });
    const over = await resolveModelSpec({
      'model-yaml': path.join(dir, 'model.yml'),
      version: 'auto',
      name: 'other',
    });
    expect(over).toMatchObject({ name: 'other', version: 'auto' });
    await expect(resolveModelSpec({ 'model-yaml': path.join(dir, 'remote.yml') })).rejects.toMatchObject({
      code: 'InvalidModelYaml',
    });
    await expect(
      resolveModelSpec({ 'model-yaml': path.join(dir, 'unknown-type.yml') }),
    ).rejects.toMatchObject({
      resource: 'type',
    });
  });
});

describe('lineage', () => {
  it('reads GitHub Actions and Azure Pipelines environments', () => {
    const gh = lineageTags('/ws/models/v1', '/ws', {
      GITHUB_SHA: 'abc',
      GITHUB_SERVER_URL: 'https://github.example.com',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_RUN_ID: '7',
    });
    expect(gh).toEqual({
      [LINEAGE_TAGS.commit]: 'abc',
      [LINEAGE_TAGS.runUrl]: 'https://github.example.com/o/r/actions/runs/7',
      [LINEAGE_TAGS.source]: 'https://github.example.com/o/r',
      [LINEAGE_TAGS.sourcePath]: 'models/v1',
    });
    expect(
      ciRunUrl({
        SYSTEM_COLLECTIONURI: 'https://dev.azure.com/org/',
        SYSTEM_TEAMPROJECT: 'My Project',
        BUILD_BUILDID: '99',
      }),
    ).toBe('https://dev.azure.com/org/My%20Project/_build/results?buildId=99');
    const ado = lineageTags('/ws/m', '/ws', {
      BUILD_SOURCEVERSION: 'def',
      BUILD_REPOSITORY_URI: 'https://dev.azure.com/org/p/_git/r',
    });
    expect(ado[LINEAGE_TAGS.commit]).toBe('def');
    expect(ado[LINEAGE_TAGS.source]).toBe('https://dev.azure.com/org/p/_git/r');
  });
});

describe('validation by type', () => {
  it('accepts a TorchServe .mar with a manifest and refuses a broken or manifest-less one', async () => {
    const manifest = JSON.stringify({ runtime: 'python', model: { modelName: 'detector', handler: 'h.py' } });
    const good = tree('mar-good', {
      'detector.mar': zip({ 'MAR-INF/MANIFEST.json': manifest, 'model.pt': 'pt' }),
    });
    expect((await validateModel(await listModelFiles(good), 'custom_model')).checks).toEqual([
      "detector.mar: TorchServe archive, model 'detector'",
    ]);
    const noManifest = tree('mar-none', { 'x.mar': zip({ 'model.pt': 'pt' }) });
    await expect(validateModel(await listModelFiles(noManifest), 'custom_model')).rejects.toThrow(
      /no MAR-INF\/MANIFEST\.json/,
    );
    const notZip = tree('mar-bad', { 'x.mar': 'definitely not a zip archive, just text' });
    await expect(validateModel(await listModelFiles(notZip), 'custom_model')).rejects.toMatchObject({
      code: 'InvalidModel',
    });
  });

  it('wants MLmodel for MLflow and config.pbtxt + a numbered version for Triton', async () => {
    await expect(
      validateModel(await listModelFiles(tree('mlflow-no', { 'model.pkl': 'x' })), 'mlflow_model'),
    ).rejects.toThrow(/no MLmodel/);
    const noVersion = tree('triton-nov', { 'det/config.pbtxt': 'x', 'det/latest/model.plan': 'y' });
    await expect(validateModel(await listModelFiles(noVersion), 'triton_model')).rejects.toThrow(
      /no numbered version/,
    );
    const good = tree('triton-ok', {
      'det/config.pbtxt': 'x',
      'det/1/model.plan': 'y',
      'det/2/model.plan': 'z',
    });
    expect((await validateModel(await listModelFiles(good), 'triton_model')).checks).toEqual([
      'det: config.pbtxt, version(s) 1, 2',
    ]);
  });
});
