// `aml-rollout score` and `serve` run as real processes through entries/cli.ts (Must-show 6).
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { jpeg, REPO, TINY_CARD, TINY_MODEL } from './test-support.js';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', path.join(REPO, 'entries/cli.ts')];
let image: string;
let small: string;
/** `aml-rollout score` with the tiny detector and its card, plus `args`. */
const score = (...args: string[]) =>
  run(process.execPath, [...CLI, 'score', '--model', TINY_MODEL, '--card', TINY_CARD, ...args], {
    cwd: REPO,
  });

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aml-score-'));
  image = path.join(dir, 'img.jpg');
  await writeFile(image, await jpeg(64, 128));
  small = path.join(dir, 'small.jpg');
  await writeFile(small, await jpeg(16, 16));
});

describe('aml-rollout score', () => {
  it('prints AutoML results as JSON on stdout', async () => {
    const { stdout } = await score('--image', image);
    const out = JSON.parse(stdout) as Array<{ boxes: Array<{ label: string; score: number }> }>;
    expect(out).toHaveLength(1);
    expect(out[0]?.boxes.map((b) => b.label)).toEqual(['valve', 'pump', 'tank']);
  });
  it('takes --param and --format coco', async () => {
    const { stdout } = await score('--image', image, '--param', 'box_score_thresh=0.7', '--format', 'coco');
    const out = JSON.parse(stdout) as Array<{ image_id: string; bbox: number[]; category_id: number }>;
    expect(out).toEqual([
      expect.objectContaining({ image_id: 'img.jpg', category_id: 1, bbox: [4, 8, 16, 32] }),
    ]);
  });
  it('scores several images side by side and prints them in the order given', async () => {
    const coco = async (...images: string[]) =>
      JSON.parse(
        (await score(...images.flatMap((i) => ['--image', i]), '--format', 'coco')).stdout,
      ) as Array<{
        image_id: string;
      }>;
    const one = await coco(image);
    const two = await coco(small);
    expect(two.length).toBeGreaterThan(0);
    expect(await coco(image, small, image)).toEqual([...one, ...two, ...one]);
    const bad = await score('--image', image, '--image', TINY_CARD).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining(TINY_CARD) });
  });
  it('exits non-zero with a clear line for a bad image or a bad parameter', async () => {
    const bad = await score('--image', TINY_CARD).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('InvalidImage') });
    const param = await score('--image', image, '--param', 'box_thresh=1').catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(param).toMatchObject({ code: 1, stderr: expect.stringContaining('not an inference parameter') });
  });
});

describe('aml-rollout serve', () => {
  it('prints {"url"} when listening, reads parameters from the environment, stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [...CLI, 'serve', '--model', TINY_MODEL, '--card', TINY_CARD, '--port', '0'],
      {
        cwd: REPO,
        env: { ...process.env, BOX_SCORE_THRESH: '0.7' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', () => reject(new Error('serve exited before listening')));
    });
    const { url } = JSON.parse(line) as { url: string };
    expect((await fetch(`${url}/v2/health/ready`)).status).toBe(200);
    const res = await fetch(`${url}/score`, {
      method: 'POST',
      body: await jpeg(32, 32),
      headers: { 'content-type': 'image/jpeg' },
    });
    const body = (await res.json()) as Array<{ boxes: unknown[] }>;
    expect(body[0]?.boxes).toHaveLength(1); // only the 0.9 box passes BOX_SCORE_THRESH=0.7
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
