// Shared by the scorer's tests: paths of the committed fixtures and generators of bad images.
// (Not a test file itself; nothing in production imports it.)
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { loadSharp } from '../native/load.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TINY_MODEL = path.join(REPO, 'fixtures/scoring/tiny-detector.onnx');
export const TINY_CARD = path.join(REPO, 'fixtures/scoring/tiny-detector.yaml');
export const ACCEPTANCE = path.resolve(REPO, '..', 'shared', 'acceptance');
export const HAVE_ACCEPTANCE = existsSync(ACCEPTANCE);

export async function jpeg(width: number, height: number, orientation?: number): Promise<Buffer> {
  const sharp = await loadSharp();
  const img = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 30 } } }).jpeg();
  return orientation ? img.withMetadata({ orientation }).toBuffer() : img.toBuffer();
}

export async function png(width: number, height: number, channels: 1 | 2 | 3 | 4): Promise<Buffer> {
  const sharp = await loadSharp();
  const bg = { r: 10, g: 200, b: 100, alpha: 0.5 };
  let img = sharp({ create: { width, height, channels: channels === 4 ? 4 : 3, background: bg } });
  if (channels < 3) img = img.toColourspace('b-w');
  if (channels === 2) img = img.ensureAlpha(0.5);
  return img.png().toBuffer();
}

/** A real PNG from sharp whose header claims `size` x `size` pixels (CRC fixed): a decompression
 * bomb as far as any decoder can tell from the header. */
export async function pixelBombPng(size = 30000): Promise<Buffer> {
  const buf = Buffer.from(await png(16, 16, 3));
  // IHDR data starts after the 8-byte signature + 4-byte length + 4-byte type.
  buf.writeUInt32BE(size, 16);
  buf.writeUInt32BE(size, 20);
  buf.writeUInt32BE(zlib.crc32(buf.subarray(12, 29)) >>> 0, 29);
  return buf;
}
