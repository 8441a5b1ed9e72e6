// The kernels against the real libraries: fixtures/scoring/resize_reference.py runs cv2 4.6 / PIL
// on seeded random images and the JS output must be identical, byte for byte.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compact, cropRgb, resizeOpenCvBilinear, resizePilBilinear, warpOpenCvBilinear } from './resize.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PYTHON = '/usr/bin/python3';

function havePythonLibs(): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import cv2, PIL, numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Case {
  op: 'cv2-resize' | 'pil-bilinear' | 'cv2-warp';
  w: number;
  h: number;
  seed: number;
  dw: number;
  dh: number;
  scale?: number;
  tx?: number;
  ty?: number;
  border?: [number, number, number];
}

const cases: Case[] = [
  { op: 'cv2-resize', w: 500, h: 333, seed: 1, dw: 320, dh: 213 },
  { op: 'cv2-resize', w: 768, h: 576, seed: 2, dw: 416, dh: 312 },
  { op: 'cv2-resize', w: 100, h: 70, seed: 3, dw: 320, dh: 240 },
  { op: 'cv2-resize', w: 1024, h: 768, seed: 4, dw: 320, dh: 240 },
  { op: 'cv2-resize', w: 640, h: 480, seed: 5, dw: 320, dh: 240 },
  { op: 'cv2-resize', w: 37, h: 29, seed: 6, dw: 13, dh: 41 },
  { op: 'cv2-resize', w: 1700, h: 1250, seed: 7, dw: 320, dh: 320 },
  { op: 'cv2-resize', w: 100, h: 900, seed: 9, dw: 320, dh: 200 },
  { op: 'cv2-resize', w: 50, h: 1000, seed: 10, dw: 17, dh: 3 },
  { op: 'pil-bilinear', w: 500, h: 333, seed: 1, dw: 320, dh: 213 },
  { op: 'pil-bilinear', w: 100, h: 70, seed: 3, dw: 320, dh: 240 },
  { op: 'pil-bilinear', w: 1024, h: 768, seed: 4, dw: 300, dh: 240 },
  { op: 'pil-bilinear', w: 37, h: 29, seed: 6, dw: 13, dh: 41 },
  {
    op: 'cv2-warp',
    w: 500,
    h: 333,
    seed: 1,
    dw: 320,
    dh: 320,
    scale: 0.64,
    tx: 0,
    ty: 53.44,
    border: [0, 0, 0],
  },
  {
    op: 'cv2-warp',
    w: 200,
    h: 300,
    seed: 8,
    dw: 320,
    dh: 320,
    scale: 320 / 300,
    tx: 53.33333,
    ty: 0,
    border: [114, 50, 3],
  },
];

describe.skipIf(!havePythonLibs())('resize kernels match cv2 4.6 and PIL bit for bit', () => {
  const out = JSON.parse(
    execFileSync(PYTHON, [path.join(repo, 'fixtures/scoring/resize_reference.py')], {
      input: JSON.stringify({ cases }),
      maxBuffer: 1 << 30,
    }).toString(),
  ) as Array<{ src: string; out: string }>;

  it.each(cases.map((c, i) => [`${c.op} ${c.w}x${c.h} -> ${c.dw}x${c.dh}`, i] as const))('%s', (_, i) => {
    const c = cases[i] as Case;
    const ref = out[i] as { src: string; out: string };
    const src = { width: c.w, height: c.h, data: new Uint8Array(Buffer.from(ref.src, 'hex')) };
    const got =
      c.op === 'cv2-resize'
        ? resizeOpenCvBilinear(src, c.dw, c.dh)
        : c.op === 'pil-bilinear'
          ? resizePilBilinear(src, c.dw, c.dh)
          : warpOpenCvBilinear(src, c.dw, c.dh, c.scale ?? 1, c.tx ?? 0, c.ty ?? 0, c.border ?? [0, 0, 0]);
    const expected = Buffer.from(ref.out, 'hex');
    expect(got.data.length).toBe(expected.length);
    let diffs = 0;
    for (let k = 0; k < expected.length; k++) if (expected[k] !== got.data[k]) diffs++;
    expect(diffs).toBe(0);
  });
});

describe('resize helpers', () => {
  it('crops a rectangle as a view, without copying', () => {
    const img = { width: 3, height: 2, data: Uint8Array.from({ length: 18 }, (_, i) => i) };
    const tile = cropRgb(img, 1, 0, 2, 2);
    expect(tile.data.buffer).toBe(img.data.buffer);
    expect(Array.from(compact(tile).data)).toEqual([3, 4, 5, 6, 7, 8, 12, 13, 14, 15, 16, 17]);
  });
  it('resizes and packs a tile view exactly like a packed copy of it', () => {
    const img = {
      width: 97,
      height: 61,
      data: Uint8Array.from({ length: 97 * 61 * 3 }, (_, i) => (i * 37) % 251),
    };
    const view = cropRgb(img, 13, 7, 41, 29);
    const copy = compact(view);
    expect(copy).not.toBe(view);
    for (const [w, h] of [
      [20, 10], // downscale (fused passes)
      [90, 70], // upscale (cached rows)
      [41, 29], // same size
    ] as const) {
      expect(resizeOpenCvBilinear(view, w, h)).toEqual(resizeOpenCvBilinear(copy, w, h));
      expect(resizePilBilinear(view, w, h)).toEqual(resizePilBilinear(copy, w, h));
    }
    const half = cropRgb(img, 1, 1, 40, 30);
    expect(resizeOpenCvBilinear(half, 20, 15)).toEqual(resizeOpenCvBilinear(compact(half), 20, 15)); // INTER_AREA
    expect(warpOpenCvBilinear(view, 32, 32, 0.7, 3, 5, [1, 2, 3])).toEqual(
      warpOpenCvBilinear(copy, 32, 32, 0.7, 3, 5, [1, 2, 3]),
    );
  });
  it('returns a copy for same-size resizes', () => {
    const img = { width: 2, height: 2, data: new Uint8Array(12).fill(7) };
    expect(resizeOpenCvBilinear(img, 2, 2).data).toEqual(img.data);
    expect(resizePilBilinear(img, 2, 2).data).toEqual(img.data);
  });
});
