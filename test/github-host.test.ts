// The GitHub adapter, for real: a bundled step run as a process with the variables a runner sets.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from './support/bundle.js';
import { runBundle } from './support/run.js';

const SECRET = 'gh-secret-7f3a9c1e5b';
let echo: string;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gh-host-'));
  echo = inject('echoBundle');
});

function runnerEnv(inputs: Record<string, string>) {
  const output = path.join(dir, `output-${Math.random()}`);
  const summary = path.join(dir, `summary-${Math.random()}`);
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_WORKSPACE: dir,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return { env, output, summary };
}

/** GITHUB_OUTPUT holds `name<<delimiter\nvalue\ndelimiter` records. */
function parseOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm;
  for (const m of readFileSync(file, 'utf8').matchAll(re)) out[m[1] ?? ''] = m[3] ?? '';
  return out;
}

describe('GitHub adapter', () => {
  it('writes outputs and the step summary, and masks the secret everywhere', () => {
    const { env, output, summary } = runnerEnv({
      message: 'hello',
      token: SECRET,
      count: '2',
      loud: 'true',
      items: 'a\nb\nc',
    });
    const r = runBundle(echo, env);
    expect(r.status).toBe(0);
    expect(parseOutputs(output)).toEqual({
      echoed: 'HELLO HELLO',
      'item-count': '3',
      'secret-length': String(SECRET.length),
    });
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('## Echo');
    expect(md).toContain('HELLO HELLO');
    expect(md).not.toContain(SECRET);
    // The only place the secret may appear is the runner's own mask command.
    const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.includes(SECRET));
    expect(lines).toEqual([`::add-mask::${SECRET}`]);
    expect(r.stdout).toContain('using token *** for hello');
    expect(r.stdout).toContain('::group::details');
    expect(r.stdout).toContain('::warning file=model.yml,line=3::a warning with a place');
  });

  it.each([
    ['a missing required input', { count: '1' }, "input 'message': is required"],
    ['a bad number', { message: 'x', count: 'three' }, "input 'count': 'three' is not a number"],
    ['a bad boolean', { message: 'x', loud: 'yes please' }, "input 'loud': 'yes please' is not a boolean"],
  ])('fails on %s with one line naming the input, and does nothing else', (_, inputs, line) => {
    const { env, output, summary } = runnerEnv(inputs);
    const r = runBundle(echo, env);
    expect(r.status).not.toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([expect.stringContaining(`::error::InvalidInput: ${line}`)]);
    expect(readFileSync(output, 'utf8')).toBe('');
    expect(readFileSync(summary, 'utf8')).toBe('');
  });

  it('the umbrella action refuses an unknown command by name', () => {
    const { env, output } = runnerEnv({ command: 'deploy-everything' });
    const r = runBundle(path.join(repoRoot, 'dist/main/index.js'), env);
    expect(r.status).not.toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^::error::input 'command': 'deploy-everything' is not a step \(one of: build-image, /,
      ),
    ]);
    expect(readFileSync(output, 'utf8')).toBe('');
  });

  it('a real step bundle masks a secret input it was given', () => {
    const { env } = runnerEnv({
      workspace: 'dev',
      'client-secret': SECRET,
      golden: 'g',
      model: 'm.onnx',
      card: 'c.yaml',
    });
    const r = runBundle(path.join(repoRoot, 'dist/gate/index.js'), env);
    const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.includes(SECRET));
    expect(lines).toEqual([`::add-mask::${SECRET}`]);
  });
});
