// Hardening item 4: tile_grid_size (and every inference parameter) is bounded and validated where
// it is read (the model card, the CLI's --param, the gate's params, a deployment's environment),
// before any image is decoded; and a tiled image is scored tile by tile, so the largest allowed
// grid on the largest image runs in bounded memory. Before, 100x100 took 110 s and 12 GB and
// 400x400 overflowed the stack.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../shared/cli/main.js';
import { MAX_DETECTIONS_PER_IMG, MAX_TILES } from '../shared/scoring/card.js';

const repo = path.resolve(import.meta.dirname, '..');
const v1 = path.join(repo, 'fixtures', 'models', 'v1');
const MODEL = path.join(v1, 'model.onnx');
const CARD = path.join(v1, 'model-card.yaml');
let tmp: string;
/** Bytes no decoder accepts: a refusal that names a parameter, not the image, came first. */
let corrupt: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tiling-bounds-'));
  corrupt = path.join(tmp, 'corrupt.png');
  writeFileSync(corrupt, Buffer.from('\x89PNG\r\n\x1a\n not really a png'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('inference parameters are bounded where they are read, before any image is decoded', () => {
  it('aml-rollout score --param: a grid over the bound (or any parameter out of range) is refused', async () => {
    const cases: Array<[string, string]> = [
      ['tile_grid_size=100x100', 'tile grid 100x100 is over the limit'],
      ['tile_grid_size=400x400', 'tile grid 400x400 is over the limit'],
      ['tile_grid_size=17x1', 'tile grid 17x1 is over the limit'],
      ['tile_grid_size=9x8', 'tile grid 9x8 is over the limit'],
      ['tile_grid_size=99999999x1', 'expected COLSxROWS like 3x2'],
      [`box_detections_per_img=${MAX_DETECTIONS_PER_IMG + 1}`, `must be <= ${MAX_DETECTIONS_PER_IMG}`],
      ['tile_overlap_ratio=1', 'must be <= 0.99'],
      ['box_score_thresh=NaN', 'must be a number'],
    ];
    for (const [param, message] of cases) {
      const r = await cli(['score', '--model', MODEL, '--card', CARD, '--image', corrupt, '--param', param]);
      expect(r.code, param).toBe(1);
      expect(r.stdout, param).toBe('');
      expect(r.stderr, param).toContain(`score: InvalidInput: input 'param': ${param}: `);
      expect(r.stderr, param).toContain(message);
      expect(r.stderr, param).toContain('(give AutoML inference parameters within their bounds');
      expect(r.stderr, param).not.toContain('InvalidImage'); // the image was never decoded
    }
    // The bound itself is allowed (the image is then decoded, and refused as corrupt).
    const atBound = await cli([
      'score',
      '--model',
      MODEL,
      '--card',
      CARD,
      '--image',
      corrupt,
      '--param',
      'tile_grid_size=8x8',
    ]);
    expect(atBound.stderr).toContain('InvalidImage');
    expect(MAX_TILES).toBe(64);
  });

  it('a model card with an unbounded tile_grid_size is refused when the card is loaded', async () => {
    const card = path.join(tmp, 'card-100x100.yaml');
    writeFileSync(
      card,
      readFileSync(CARD, 'utf8').replace(/tile_grid_size: null/, "tile_grid_size: '100x100'"),
    );
    const r = await cli(['score', '--model', MODEL, '--card', card, '--image', corrupt]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `score: InvalidModelCard: model card ${card}: 'inference.tile_grid_size' tile grid 100x100 is over the limit: at most 16 per side and 64 tiles (e.g. 8x8); each tile is one more model run (fix the card; the schema is in docs/model-card.md)`,
    );
  });

  it('aml-rollout gate --params: refused before the golden set is scored; no report', async () => {
    const golden = path.join(tmp, 'golden');
    cpSync(path.join(repo, 'fixtures', 'golden'), golden, { recursive: true });
    // Every golden image corrupt: decoding any of them would fail the run differently.
    const gt = JSON.parse(readFileSync(path.join(golden, 'instances.json'), 'utf8')) as {
      images: { file_name: string }[];
    };
    for (const img of gt.images) writeFileSync(path.join(golden, 'images', img.file_name), 'corrupt');
    const reportDir = path.join(tmp, 'gate-report');
    const r = await cli([
      'gate',
      '--golden',
      golden,
      '--model',
      MODEL,
      '--card',
      CARD,
      '--params',
      'tile_grid_size=200x200',
      '--report-dir',
      reportDir,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "InvalidInput: input 'params': tile_grid_size=200x200: tile grid 200x200 is over the limit",
    );
    expect(r.stderr).not.toContain('InvalidImage');
    expect(existsSync(reportDir)).toBe(false);
  });
});

describe("a deployment's environment (TILE_GRID_SIZE)", () => {
  it('aml-rollout serve, as a deployment runs it, refuses to start on an unbounded grid', async () => {
    // Started as its own process (a deployment's child): it must exit, not start serving.
    const tsx = pathToFileURL(path.join(repo, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const args = ['--import', tsx, path.join(repo, 'entries', 'cli.ts'), 'serve', '--model', MODEL];
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const p = spawn(process.execPath, [...args, '--card', CARD, '--port', '0'], {
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TILE_GRID_SIZE: '100x100' },
        });
        let stdout = '';
        let stderr = '';
        p.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('"url"')) p.kill(); // it started serving: the refusal is missing
        });
        p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        p.on('error', reject);
        p.on('close', (code) => resolve({ code, stdout, stderr }));
      },
    );
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
    // Named by the variable that holds it, not as the card's (issue 15, item 4).
    expect(r.stderr).toContain(
      "input 'environment variable TILE_GRID_SIZE': tile_grid_size=100x100: tile grid 100x100 is over the limit",
    );
    expect(r.stderr).not.toMatch(/model card/i);
  }, 120_000);
});

describe('the largest allowed grid on the largest image', () => {
  /** Runs the CLI from source in its own process and reads its peak RSS. */
  function scoreProcess(args: string[]): Promise<{ code: number | null; stdout: string; peakKiB: number }> {
    const tsx = pathToFileURL(path.join(repo, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const preload = path.join(repo, 'test', 'support', 'peak-rss.cjs');
    return new Promise((resolve, reject) => {
      const p = spawn(
        process.execPath,
        ['--require', preload, '--import', tsx, path.join(repo, 'entries', 'cli.ts'), 'score', ...args],
        { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } },
      );
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('error', reject);
      p.on('close', (code) => {
        const m = /peak-rss-kib (\d+)/.exec(stderr);
        if (!m) return reject(new Error(`no peak RSS (exit ${code}):\n${stderr.slice(-2000)}`));
        resolve({ code, stdout, peakKiB: Number(m[1]) });
      });
    });
  }

  it('8x8 on a 39 MP image scores tile by tile with a peak RSS under 1 GB', async () => {
    // Just under the scorer's 40 MP limit: a diagram-like image (white, with dark symbols).
    const image = path.join(tmp, 'huge.png');
    const [w, h] = [7600, 5100];
    const symbols = Array.from({ length: 40 }, (_, i) => ({
      input: { create: { width: 60, height: 40, channels: 3 as const, background: '#111' } },
      left: 100 + ((i * 977) % (w - 200)),
      top: 100 + ((i * 613) % (h - 200)),
    }));
    await sharp({ create: { width: w, height: h, channels: 3, background: '#fff' } })
      .composite(symbols)
      .png({ compressionLevel: 1 })
      .toFile(image);
    mkdirSync(path.join(tmp, 'out'), { recursive: true });
    const r = await scoreProcess([
      '--model',
      MODEL,
      '--card',
      CARD,
      '--image',
      image,
      '--param',
      'tile_grid_size=8x8',
      '--param',
      'box_detections_per_img=1000',
    ]);
    expect(r.code).toBe(0);
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
    expect(r.peakKiB).toBeGreaterThan(0);
    expect(r.peakKiB * 1024).toBeLessThan(1024 ** 3);
  }, 300_000);
});
