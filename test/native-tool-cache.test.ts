// A bundle copied out of the repository has no node_modules beside it, as on a runner that runs
// dist/ from an action checkout or an Azure DevOps task folder. The first run installs the pinned
// native packages into the tool cache; later runs, of any bundle, reuse them.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NATIVE_PACKAGES } from '../shared/native/packages.js';
import { repoRoot } from './support/bundle.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'aml-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const model = path.join(repoRoot, 'fixtures/models/v1');
const images = path.join(repoRoot, 'fixtures/golden/images');
const toolCache = path.join(dir, 'tool-cache');
const copy = path.join(dir, 'copied-dist');
const env = (extra: Record<string, string>) => ({
  PATH: process.env.PATH ?? '',
  HOME: dir,
  RUNNER_TOOL_CACHE: toolCache,
  ...extra,
});

describe('native packages from the tool cache', () => {
  it('the bundled gate, run from a copy of dist/ as a GitHub action, installs onnxruntime-node and sharp once', () => {
    cpSync(path.join(repoRoot, 'dist/gate'), path.join(copy, 'gate'), { recursive: true });
    const output = path.join(dir, 'github-output');
    writeFileSync(output, '');
    const r = spawnSync(process.execPath, [path.join(copy, 'gate/index.js')], {
      cwd: dir,
      encoding: 'utf8',
      env: env({
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: output,
        GITHUB_WORKSPACE: repoRoot,
        INPUT_GOLDEN: 'fixtures/golden',
        INPUT_MODEL: 'fixtures/models/v2/model.onnx',
        INPUT_CARD: 'fixtures/models/v2/model-card.yaml',
        'INPUT_BASELINE-MODEL': 'fixtures/models/v1/model.onnx',
        INPUT_PARAMS: 'tile_grid_size=3x2',
        'INPUT_REPORT-DIR': path.join(dir, 'gate-report'),
      }),
    });
    expect(r.stderr).toContain('installing onnxruntime-node@');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    for (const pkg of NATIVE_PACKAGES) {
      expect(existsSync(path.join(toolCache, 'aml-rollout-native', `${pkg.name}-${pkg.version}`))).toBe(true);
    }
    expect(readFileSync(output, 'utf8')).toMatch(/^verdict<<.+\npass\n/m);
    expect(existsSync(path.join(dir, 'gate-report', 'report.html'))).toBe(true);
  });

  it('a second bundle reuses the cache and scores the same as the repository', () => {
    cpSync(path.join(repoRoot, 'dist/cli'), path.join(copy, 'cli'), { recursive: true });
    const image = path.join(images, readdirSync(images)[0] ?? '');
    const args = [
      'score',
      '--model',
      `${model}/model.onnx`,
      '--card',
      `${model}/model-card.yaml`,
      '--image',
      image,
      '--format',
      'coco',
    ];
    const copied = spawnSync(process.execPath, [path.join(copy, 'cli/index.js'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: env({}),
    });
    expect(copied.status, copied.stderr).toBe(0);
    expect(copied.stderr).not.toContain('installing');
    const inRepo = spawnSync(process.execPath, [path.join(repoRoot, 'dist/cli/index.js'), ...args], {
      encoding: 'utf8',
      env: env({}),
    });
    const detections = JSON.parse(copied.stdout) as unknown[];
    expect(detections.length).toBeGreaterThan(0);
    expect(JSON.parse(inRepo.stdout)).toEqual(detections);
  });
});
