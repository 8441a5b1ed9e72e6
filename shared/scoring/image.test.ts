// Decoding as the endpoint does: its scoring script reads images with PIL or cv2, and neither
// applies an embedded ICC profile, so the scorer must not either (or every pixel of such a photo
// moves, and local-vs-endpoint parity with it). And the pixel limit, checked from the header.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSharp } from '../native/load.js';
import { ImageTooLargeError } from './errors.js';
import { decodeImage } from './image.js';
import { pixelBombPng, png } from './test-support.js';

const PYTHON = '/usr/bin/python3';
const havePil = (() => {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import PIL, numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!havePil)('decodeImage and embedded ICC profiles', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'icc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the stored pixel values, exactly as PIL reads them, not the profile-converted ones', async () => {
    const sharp = await loadSharp();
    const [w, h] = [48, 32];
    const raw = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37 + 11) % 256);
    // Stored in Display P3 with its profile embedded: what phones write.
    const png = await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .withIccProfile('p3')
      .png()
      .toBuffer();
    expect((await sharp(png).metadata()).hasProfile).toBe(true);
    const file = path.join(dir, 'p3.png');
    writeFileSync(file, png);
    const pil = execFileSync(PYTHON, [
      '-c',
      'import sys, numpy as np; from PIL import Image; sys.stdout.write(np.asarray(Image.open(sys.argv[1]).convert("RGB")).tobytes().hex())',
      file,
    ]).toString();

    const ours = await decodeImage(png, { alphaBackground: [0, 0, 0] });
    expect([ours.width, ours.height]).toEqual([w, h]);
    expect(Buffer.from(ours.data).toString('hex')).toBe(pil);
    // The profile is not a no-op: applying it (sharp's default) gives other values.
    const managed = await sharp(png).raw().toBuffer();
    expect(managed.toString('hex')).not.toBe(pil);
  });
});

describe('decodeImage and the pixel limit', () => {
  it('refuses an image over the limit from its header, saying how large it is', async () => {
    const bomb = await pixelBombPng(30000);
    const err = await decodeImage(bomb, { alphaBackground: [0, 0, 0], resource: 'bomb.png' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImageTooLargeError);
    expect((err as Error).message).toBe(
      'image is 30000x30000 = 900000000 pixels, over the limit of 40000000',
    );
    const small = await decodeImage(await png(100, 100, 3), {
      alphaBackground: [0, 0, 0],
      maxPixels: 10_000,
    });
    expect([small.width, small.height]).toEqual([100, 100]);
    await expect(
      decodeImage(await png(101, 101, 3), { alphaBackground: [0, 0, 0], maxPixels: 10_000 }),
    ).rejects.toThrow('image is 101x101 = 10201 pixels, over the limit of 10000');
  });
});
