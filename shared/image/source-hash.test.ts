import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listModelFiles } from '../model/files.js';
import { sourceHash, type SourceHashInput, variantTag } from './source-hash.js';

describe('sourceHash', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'source-hash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ctx = path.join(dir, 'ctx');
  const model = path.join(dir, 'model');
  mkdirSync(path.join(ctx, 'src'), { recursive: true });
  mkdirSync(model);
  writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM base\nCOPY src /src\n');
  writeFileSync(path.join(ctx, 'src', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(ctx, 'notes.log'), 'ignored');
  writeFileSync(path.join(ctx, '.dockerignore'), '*.log\n');
  writeFileSync(path.join(model, 'model.onnx'), 'weights-1');

  const input = async (over: Partial<SourceHashInput> = {}): Promise<SourceHashInput> => ({
    variant: 'cpu',
    dockerfile: path.join(ctx, 'Dockerfile'),
    context: ctx,
    ignoreFile: path.join(ctx, '.dockerignore'),
    buildArgs: { A: '1', B: '2' },
    platform: 'linux/amd64',
    baseDigests: { 'node:20': `sha256:${'a'.repeat(64)}` },
    model: await listModelFiles(model),
    ...over,
  });

  it('is stable, tagged <variant>-<12 hex>, and indifferent to build-argument order', async () => {
    const a = await sourceHash(await input());
    const b = await sourceHash(await input({ buildArgs: { B: '2', A: '1' } }));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tag).toBe(`cpu-${a.hash.slice(0, 12)}`);
    expect(b.hash).toBe(a.hash);
    expect(variantTag('gpu', a.hash)).toBe(`gpu-${a.hash.slice(0, 12)}`);
  });

  it('changes with the Dockerfile, a context file, a build argument, the platform, the base and the model', async () => {
    const base = (await sourceHash(await input())).hash;
    const changed: string[] = [];
    const check = async (what: string, over: Partial<SourceHashInput> = {}) => {
      if ((await sourceHash(await input(over))).hash !== base) changed.push(what);
    };
    await check('args', { buildArgs: { A: '1', B: '3' } });
    await check('platform', { platform: 'linux/arm64' });
    await check('base', { baseDigests: { 'node:20': `sha256:${'b'.repeat(64)}` } });
    await check('no model', { model: undefined });
    writeFileSync(path.join(ctx, 'src', 'app.js'), 'console.log(2)');
    await check('context');
    writeFileSync(path.join(ctx, 'src', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM base\nCOPY src /app\n');
    await check('dockerfile');
    writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM base\nCOPY src /src\n');
    writeFileSync(path.join(model, 'model.onnx'), 'weights-2');
    await check('model');
    writeFileSync(path.join(model, 'model.onnx'), 'weights-1');
    expect(changed).toEqual(['args', 'platform', 'base', 'no model', 'context', 'dockerfile', 'model']);
    // Back to the original files: back to the original hash.
    expect((await sourceHash(await input())).hash).toBe(base);
  });

  it('ignores what .dockerignore leaves out of the context', async () => {
    const before = await sourceHash(await input());
    writeFileSync(path.join(ctx, 'notes.log'), 'changed, still ignored');
    const after = await sourceHash(await input());
    expect(after.hash).toBe(before.hash);
    expect(after.contextEntries).toBe(3); // .dockerignore, Dockerfile, src/app.js
  });
});
