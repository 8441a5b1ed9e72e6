import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ignoreFileFor, isIgnored, listContext, parseDockerignore } from './dockerignore.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('.dockerignore rules', () => {
  it('drops comments and blanks, reads exceptions, cleans leading slashes', () => {
    const rules = parseDockerignore('# comment\n\n/build/\n!build/keep.txt\n  *.log  \n');
    expect(rules.map((r) => [r.exception, r.pattern])).toEqual([
      [false, 'build'],
      [true, 'build/keep.txt'],
      [false, '*.log'],
    ]);
  });

  it('matches a folder and everything in it; the last matching rule wins', () => {
    const rules = parseDockerignore('build\n!build/keep.txt\n');
    expect(isIgnored(rules, 'build/out.o')).toBe(true);
    expect(isIgnored(rules, 'build/keep.txt')).toBe(false);
    expect(isIgnored(rules, 'src/build.ts')).toBe(false);
  });

  it('`*` stays within a folder, `**` crosses any number of them (including none)', () => {
    const rules = parseDockerignore('*.md\n**/*.map\n');
    expect(isIgnored(rules, 'README.md')).toBe(true);
    expect(isIgnored(rules, 'docs/x.md')).toBe(false);
    expect(isIgnored(rules, 'a.js.map')).toBe(true);
    expect(isIgnored(rules, 'dist/cli/a.js.map')).toBe(true);
  });

  it('`?`, classes and escapes as Go filepath.Match reads them', () => {
    const rules = parseDockerignore('file?.txt\nv[0-9].bin\nlit\\*.txt\n');
    expect(isIgnored(rules, 'file1.txt')).toBe(true);
    expect(isIgnored(rules, 'file12.txt')).toBe(false);
    expect(isIgnored(rules, 'v3.bin')).toBe(true);
    expect(isIgnored(rules, 'vx.bin')).toBe(false);
    expect(isIgnored(rules, 'lit*.txt')).toBe(true);
    expect(isIgnored(rules, 'litx.txt')).toBe(false);
  });
});

describe('listContext', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'context-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists what a builder sends, sorted, links as links, and skips folders no exception reaches', async () => {
    for (const f of ['a.txt', 'skip/x.txt', 'keep/in.txt', 'keep/out.log', 'deep/er/k.txt', 'Dockerfile']) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), f);
    }
    symlinkSync('/etc/passwd', path.join(dir, 'link'));
    writeFileSync(path.join(dir, '.dockerignore'), '*\n!a.txt\n!keep\n!link\n!deep/er/k.txt\nkeep/*.log\n');
    const entries = await listContext(dir, ignoreFileFor(dir, path.join(dir, 'Dockerfile')));
    expect(entries.map((e) => e.rel)).toEqual(['a.txt', 'deep/er/k.txt', 'keep/in.txt', 'link']);
    expect(entries.find((e) => e.rel === 'link')?.linkTarget).toBe('/etc/passwd');
    expect(entries.find((e) => e.rel === 'a.txt')?.size).toBe(5);
  });

  it('prefers <Dockerfile>.dockerignore beside the Dockerfile, as BuildKit does', () => {
    writeFileSync(path.join(dir, 'Dockerfile.dockerignore'), '*\n');
    expect(ignoreFileFor(dir, path.join(dir, 'Dockerfile'))).toBe(path.join(dir, 'Dockerfile.dockerignore'));
    expect(ignoreFileFor(path.join(dir, 'skip'), path.join(dir, 'skip', 'Dockerfile'))).toBeUndefined();
  });

  it("the repository's .dockerignore sends the CLI bundle and the linux x64 native packages only", async () => {
    const rules = parseDockerignore(
      (await import('node:fs')).readFileSync(path.join(repo, '.dockerignore'), 'utf8'),
    );
    expect(isIgnored(rules, 'dist/cli/index.js')).toBe(false);
    expect(isIgnored(rules, 'images/serve-model.mjs')).toBe(false);
    expect(isIgnored(rules, 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1')).toBe(
      false,
    );
    expect(
      isIgnored(rules, 'node_modules/onnxruntime-node/bin/napi-v6/darwin/x64/onnxruntime_binding.node'),
    ).toBe(true);
    expect(isIgnored(rules, 'node_modules/sharp/lib/index.js')).toBe(false);
    expect(isIgnored(rules, 'node_modules/typescript/package.json')).toBe(true);
    expect(isIgnored(rules, 'dist/deploy/index.js')).toBe(true);
    expect(isIgnored(rules, 'shared/errors.ts')).toBe(true);
    expect(isIgnored(rules, 'node_modules/onnxruntime-common/dist/cjs/index.js.map')).toBe(true);
  });
});
