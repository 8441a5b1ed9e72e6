import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LABEL_MODEL, LABEL_REVISION, LABEL_SOURCE } from './build.js';
import { checkTag, imageLabels, planVariant } from './plan.js';
import { resolveVariants } from './variants.js';

describe('planVariant', () => {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'plan-'));
  afterAll(() => rmSync(ws, { recursive: true, force: true }));
  mkdirSync(path.join(ws, 'images'));
  writeFileSync(path.join(ws, 'images', 'cpu.Dockerfile'), 'ARG BASE=node:20\nFROM ${BASE}\n');
  const [cpu] = resolveVariants('cpu', {
    known: ['cpu'],
    workspaceDir: ws,
    defaults: { context: '.', dockerfile: 'images/{variant}.Dockerfile' },
  });
  const digest = `sha256:${'d'.repeat(64)}`;

  it('tags <variant>-<hash> first, then the extra tag, on the registry and repository given', async () => {
    const labels = imageLabels({ source: 'https://github.com/o/r', revision: 'abc', model: 'azureml:m:1' });
    expect(labels).toEqual({
      [LABEL_SOURCE]: 'https://github.com/o/r',
      [LABEL_REVISION]: 'abc',
      [LABEL_MODEL]: 'azureml:m:1',
    });
    const plan = await planVariant(cpu!, {
      loginServer: 'myacr.azurecr.io',
      repository: 'detector/inference',
      extraTag: 'v1.2.0',
      labels,
      baseDigests: { 'node:20': digest },
    });
    expect(plan.primaryRef).toBe(`myacr.azurecr.io/detector/inference:${plan.source.tag}`);
    expect(plan.source.tag).toMatch(/^cpu-[0-9a-f]{12}$/);
    expect(plan.build).toMatchObject({
      platform: 'linux/amd64',
      labels,
      refs: [plan.primaryRef, 'myacr.azurecr.io/detector/inference:v1.2.0'],
      dockerfile: path.join(ws, 'images', 'cpu.Dockerfile'),
    });
    // Labels (the commit) do not move the hash: a new commit that changed nothing skips the build.
    const again = await planVariant(cpu!, {
      loginServer: 'myacr.azurecr.io',
      repository: 'detector/inference',
      labels: imageLabels({ revision: 'def' }),
      baseDigests: { 'node:20': digest },
    });
    expect(again.primaryRef).toBe(plan.primaryRef);
  });

  it('refuses a bad tag, a bad repository, and a base image without its digest', async () => {
    expect(() => checkTag('tag', '-bad')).toThrow(/input 'tag': '-bad' is not a valid image tag/);
    expect(checkTag('tag', 'v1.0_rc-1')).toBe('v1.0_rc-1');
    await expect(
      planVariant(cpu!, { loginServer: 'r.io', repository: 'Detector', labels: {} }),
    ).rejects.toThrow(/input 'repository'/);
    await expect(
      planVariant(cpu!, { loginServer: 'r.io', repository: 'd', labels: {}, baseDigests: { other: digest } }),
    ).rejects.toMatchObject({ code: 'BaseDigestMissing' });
  });
});
