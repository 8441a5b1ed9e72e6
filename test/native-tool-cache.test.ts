// A bundle copied out of the repository has no node_modules beside it, as on a runner that runs
// dist/ from an action checkout or an Azure DevOps task folder. The first run installs the pinned
// native packages into the tool cache; the second reuses them.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NATIVE_PACKAGES } from '../shared/native/packages.js';
import { repoRoot } from './support/bundle.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'aml-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const model = path.join(repoRoot, 'fixtures/models/v1');
const image = path.join(
  repoRoot,
  'fixtures/golden/images',
  readdirSync(path.join(repoRoot, 'fixtures/golden/images'))[0] ?? '',
);

function score(bundle: string, toolCache: string) {
  return spawnSync(
    process.execPath,
    [
      bundle,
      'score',
      '--model',
      `${model}/model.onnx`,
      '--card',
      `${model}/model-card.yaml`,
      '--image',
      image,
      '--format',
      'coco',
    ],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: dir, RUNNER_TOOL_CACHE: toolCache },
    },
  );
}

describe('native packages from the tool cache', () => {
  it('a bundle outside the repo installs onnxruntime-node and sharp once, then reuses them', () => {
    const copy = path.join(dir, 'copied-dist');
    cpSync(path.join(repoRoot, 'dist/cli'), path.join(copy, 'cli'), { recursive: true });
    const toolCache = path.join(dir, 'tool-cache');
    const bundle = path.join(copy, 'cli/index.js');

    const first = score(bundle, toolCache);
    expect(first.stderr).toContain('installing onnxruntime-node@');
    expect(first.status).toBe(0);
    for (const pkg of NATIVE_PACKAGES) {
      expect(existsSync(path.join(toolCache, 'aml-rollout-native', `${pkg.name}-${pkg.version}`))).toBe(true);
    }
    const detections = JSON.parse(first.stdout) as unknown[];
    expect(detections.length).toBeGreaterThan(0);

    const second = score(bundle, toolCache);
    expect(second.status).toBe(0);
    expect(second.stderr).not.toContain('installing');
    expect(JSON.parse(second.stdout)).toEqual(detections);
  });
});
