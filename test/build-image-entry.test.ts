// The inference images' entry point (images/serve-model.mjs) on this machine: it finds the model
// AML mounts below AZUREML_MODEL_DIR and serves it, or says in one line what is missing. The image
// run itself is in build-image-buildah.test.ts; these are the cases that need no image.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(repo, 'images', 'serve-model.mjs');

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, AML_ROLLOUT_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr })),
  );
  return { child, exited };
}

describe('images/serve-model.mjs', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'serve-model-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says AZUREML_MODEL_DIR is missing, or holds no model card, in one line', async () => {
    const unset = start({ AZUREML_MODEL_DIR: '' });
    expect(await unset.exited).toEqual({
      code: 2,
      stderr: expect.stringMatching(/^serve-model: AZUREML_MODEL_DIR is not set/),
    });
    mkdirSync(path.join(dir, 'empty'));
    const empty = start({ AZUREML_MODEL_DIR: path.join(dir, 'empty') });
    expect(await empty.exited).toEqual({
      code: 2,
      stderr: expect.stringMatching(/no model-card\.yaml under .*empty/),
    });
  });

  it('serves the card found levels below AZUREML_MODEL_DIR with the ONNX file the card names', async () => {
    const mount = path.join(dir, 'azureml-models', 'pid-symbols', '1');
    cpSync(path.join(repo, 'fixtures', 'models', 'v1'), path.join(mount, 'v1'), { recursive: true });
    const { child, exited } = start({ AZUREML_MODEL_DIR: mount });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      void exited.then((r) => reject(new Error(`exited ${r.code}: ${r.stderr}`)));
    });
    const started = JSON.parse(line) as { url: string; model: string };
    expect(started.model).toBe('pid-symbols');
    const port = new URL(started.url).port;
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });
});
