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

export interface CocoDataset {
  images: Array<{ id: number; file_name: string; width: number; height: number }>;
  annotations: Array<{ image_id: number; category_id: number; bbox: number[] }>;
  categories: Array<{ id: number; name: string }>;
}

/** AP50 with a greedy matcher (per class, by descending score, IoU >= 0.5), all-point
 * interpolation, mean over classes with ground truth. Enough until the gate brings COCO metrics. */
export function ap50(
  gt: CocoDataset,
  results: ReadonlyArray<{ image_id: number | string; category_id: number; bbox: number[]; score: number }>,
  imageIds?: ReadonlySet<number>,
): { ap: number; perClass: Record<string, number> } {
  const ids = imageIds ?? new Set(gt.images.map((i) => i.id));
  const perClass: Record<string, number> = {};
  for (const cat of gt.categories) {
    const gts = new Map<number, Array<{ b: number[]; used: boolean }>>();
    let nGt = 0;
    for (const a of gt.annotations) {
      if (a.category_id !== cat.id || !ids.has(a.image_id)) continue;
      const list = gts.get(a.image_id) ?? [];
      list.push({ b: a.bbox, used: false });
      gts.set(a.image_id, list);
      nGt++;
    }
    if (nGt === 0) continue;
    const dets = results
      .filter((r) => r.category_id === cat.id && ids.has(r.image_id as number))
      .sort((a, b) => b.score - a.score);
    let tp = 0;
    let fp = 0;
    const rec: number[] = [];
    const prec: number[] = [];
    for (const d of dets) {
      const [x, y, w, h] = d.bbox as [number, number, number, number];
      let best = 0.5;
      let match: { used: boolean } | undefined;
      for (const g of gts.get(d.image_id as number) ?? []) {
        if (g.used) continue;
        const [gx, gy, gw, gh] = g.b as [number, number, number, number];
        const ix = Math.max(0, Math.min(x + w, gx + gw) - Math.max(x, gx));
        const iy = Math.max(0, Math.min(y + h, gy + gh) - Math.max(y, gy));
        const inter = ix * iy;
        const u = w * h + gw * gh - inter;
        const v = u > 0 ? inter / u : 0;
        if (v >= best) {
          best = v;
          match = g;
        }
      }
      if (match) {
        match.used = true;
        tp++;
      } else fp++;
      rec.push(tp / nGt);
      prec.push(tp / Math.max(tp + fp, 1e-9));
    }
    const mrec = [0, ...rec, 1];
    const mpre = [0, ...prec, 0];
    for (let i = mpre.length - 2; i >= 0; i--) mpre[i] = Math.max(mpre[i] as number, mpre[i + 1] as number);
    let ap = 0;
    for (let i = 0; i < mrec.length - 1; i++) {
      if (mrec[i + 1] !== mrec[i])
        ap += ((mrec[i + 1] as number) - (mrec[i] as number)) * (mpre[i + 1] as number);
    }
    perClass[cat.name] = ap;
  }
  const values = Object.values(perClass);
  return { ap: values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0, perClass };
}
