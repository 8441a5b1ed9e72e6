// `aml-rollout serve` and the inference image's entry (images/serve-model.mjs) read AutoML's
// inference parameters from the environment (issue 15, item 4): a refused value names the
// environment variable that holds it, never "model card", and the server never starts.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, TINY_CARD, TINY_MODEL } from '../shared/scoring/test-support.js';

const CLI = ['--import', 'tsx', path.join(REPO, 'entries/cli.ts')];
const SERVE_MODEL = path.join(REPO, 'images/serve-model.mjs');

const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, args, {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

const serve = (env: Record<string, string>, ...extra: string[]) =>
  run([...CLI, 'serve', '--model', TINY_MODEL, '--card', TINY_CARD, '--port', '0', ...extra], env);

let modelDir: string;
beforeAll(async () => {
  // A registered model folder as AML mounts it: the card beside the ONNX file.
  modelDir = await mkdtemp(path.join(os.tmpdir(), 'aml-serve-env-'));
  await copyFile(TINY_CARD, path.join(modelDir, 'model-card.yaml'));
  await copyFile(TINY_MODEL, path.join(modelDir, 'tiny-detector.onnx'));
});

describe('serve refuses an inference parameter from the environment by its variable', () => {
  it('TILE_GRID_SIZE=400x400 names TILE_GRID_SIZE, not the model card', () => {
    const r = serve({ TILE_GRID_SIZE: '400x400' });
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('"url"');
    expect(r.stderr).toContain('InvalidInput');
    expect(r.stderr).toContain('environment variable TILE_GRID_SIZE');
    expect(r.stderr).toContain('400x400');
    expect(r.stderr).not.toMatch(/model card/i);
  });

  it('BOX_SCORE_THRESH=abc names BOX_SCORE_THRESH', () => {
    const r = serve({ BOX_SCORE_THRESH: 'abc' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('environment variable BOX_SCORE_THRESH');
    expect(r.stderr).not.toMatch(/model card/i);
  });

  it('a refused --param names --param; a --param wins over the environment it replaces', () => {
    const bad = serve({}, '--param', 'tile_grid_size=400x400');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("input '--param'");
    expect(bad.stderr).not.toMatch(/model card/i);
    // The environment's bad value is replaced by --param, so it is not the one judged: the
    // --param's own (bad) value is what the refusal names.
    const both = serve({ TILE_GRID_SIZE: '400x400' }, '--param', 'tile_grid_size=0x1');
    expect(both.status).toBe(1);
    expect(both.stderr).toContain("input '--param'");
    expect(both.stderr).not.toContain('TILE_GRID_SIZE');
  });

  it('the inference image entry (serve-model.mjs, over the bundled CLI) says the same', () => {
    const r = run([SERVE_MODEL], {
      AZUREML_MODEL_DIR: modelDir,
      AML_ROLLOUT_MODEL_FILE: 'tiny-detector.onnx',
      AML_ROLLOUT_PORT: '0',
      TILE_GRID_SIZE: '400x400',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('"url"');
    expect(r.stderr).toContain('environment variable TILE_GRID_SIZE');
    expect(r.stderr).not.toMatch(/model card/i);
  });
});
