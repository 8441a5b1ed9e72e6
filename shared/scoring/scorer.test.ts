// The scorer end to end on the tiny committed detector: decoding edge cases, typed errors for bad
// input (Must-show 5), card/model mismatches, formats, and the pipelined batch.
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RolloutError } from '../errors.js';
import { loadSharp } from '../native/load.js';
import { loadModelCard, type ModelCard, ModelCardMismatchError, parseModelCardText } from './card.js';
import { ImageDecodeError, ImageTooLargeError } from './errors.js';
import { toAutoml, toCoco } from './format.js';
import { decodeImage } from './image.js';
import type { ScoredImage } from './detection.js';
import { DetectionScorer } from './scorer.js';
import { jpeg, pixelBombPng, png, TINY_CARD, TINY_MODEL } from './test-support.js';

let card: ModelCard;
let scorer: DetectionScorer;
beforeAll(async () => {
  card = await loadModelCard(TINY_CARD);
  scorer = await DetectionScorer.open(TINY_MODEL, card, { intraOpThreads: 1 });
});

const WHITE: [number, number, number] = [255, 255, 255];

describe('decoding', () => {
  it('applies EXIF orientation: a 40x20 JPEG tagged orientation 6 is 20x40', async () => {
    const img = await decodeImage(await jpeg(40, 20, 6), { alphaBackground: WHITE });
    expect([img.width, img.height]).toEqual([20, 40]);
    const r = await scorer.score(await jpeg(40, 20, 6));
    expect([r.width, r.height]).toEqual([20, 40]);
  });
  it('flattens alpha onto the background and turns grayscale into RGB', async () => {
    const rgba = await decodeImage(await png(4, 4, 4), { alphaBackground: WHITE });
    expect(rgba.data.length).toBe(48);
    // 50% alpha over white: (10 + 255) / 2
    expect(rgba.data[0]).toBeGreaterThan(120);
    expect(rgba.data[0]).toBeLessThan(140);
    const gray = await decodeImage(await png(4, 4, 1), { alphaBackground: WHITE });
    expect(gray.data.length).toBe(48);
    expect(gray.data[0]).toBe(gray.data[1]);
    const grayAlpha = await decodeImage(await png(4, 4, 2), { alphaBackground: WHITE });
    expect(grayAlpha.data.length).toBe(48);
  });
});

describe('bad input is a typed error and the scorer keeps working', () => {
  const good = () => jpeg(64, 64);
  const cases: Array<[string, () => Promise<Buffer>, new (...a: never[]) => RolloutError, string]> = [
    ['zero bytes', async () => Buffer.alloc(0), ImageDecodeError, 'InvalidImage'],
    ['truncated JPEG', async () => (await jpeg(256, 256)).subarray(0, 600), ImageDecodeError, 'InvalidImage'],
    [
      'a text file named .jpg',
      async () => Buffer.from('hello, this is not an image\n'),
      ImageDecodeError,
      'InvalidImage',
    ],
    ['a 30000x30000 PNG (pixel bomb)', () => pixelBombPng(30000), ImageTooLargeError, 'ImageTooLarge'],
  ];
  it.each(cases)('%s', async (_, make, type, code) => {
    const err = await scorer.score(await make(), {}, 'bad.jpg').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(type);
    expect((err as RolloutError).code).toBe(code);
    expect((err as RolloutError).message.length).toBeGreaterThan(10);
    const ok = await scorer.score(await good());
    expect(ok.detections.length).toBeGreaterThan(0);
  });
  it('a real 30000x30000 image from sharp is refused by the limit before decoding', async () => {
    const sharp = await loadSharp();
    // 900 MP (2.7 GB as RGB) in an 8.7 MB PNG; sharp streams the encode (~20 s here).
    const bomb = await sharp({
      create: { width: 30000, height: 30000, channels: 3, background: { r: 0, g: 0, b: 0 } },
      limitInputPixels: false,
    })
      .toColourspace('b-w')
      .png({ compressionLevel: 1 })
      .toBuffer();
    await expect(scorer.score(bomb)).rejects.toBeInstanceOf(ImageTooLargeError);
    expect((await scorer.score(await jpeg(64, 64))).detections.length).toBeGreaterThan(0);
  }, 180_000);
});

describe('model vs card', () => {
  const variant = (from: string, to: string) =>
    readFile(TINY_CARD, 'utf8').then((t) => parseModelCardText(t.replace(from, to), 'variant'));

  it('refuses a card whose input shape does not match the model', async () => {
    const bad = await variant('shape: [1, 3, 32, 32]', 'shape: [1, 3, 64, 64]');
    await expect(DetectionScorer.open(TINY_MODEL, bad)).rejects.toThrow(ModelCardMismatchError);
    await expect(DetectionScorer.open(TINY_MODEL, bad)).rejects.toThrow(/\[1, 3, 32, 32\].*\[1, 3, 64, 64\]/);
  });
  it('refuses a card naming an input or output the model does not have', async () => {
    await expect(
      DetectionScorer.open(TINY_MODEL, await variant('name: images', 'name: input')),
    ).rejects.toThrow(/not an input/);
    await expect(
      DetectionScorer.open(TINY_MODEL, await variant('labels: labels', 'labels: classes')),
    ).rejects.toThrow(ModelCardMismatchError);
  });
  it('a decoder that cannot read the outputs fails per image with ModelCardMismatch', async () => {
    const bad = await variant(
      'decoder: postprocessed\n  outputs: { boxes: boxes, labels: labels, scores: scores }',
      'decoder: yolo\n  outputs: { predictions: boxes }\n  strides: [8]',
    );
    const s = await DetectionScorer.open(TINY_MODEL, bad);
    await expect(s.score(await jpeg(32, 32))).rejects.toThrow(ModelCardMismatchError);
  });
});

describe('results', () => {
  it('maps boxes to original pixels and formats AutoML and COCO results', async () => {
    // 64x128 stretched to 32x32: x * 2, y * 4
    const r = await scorer.score(await jpeg(64, 128));
    const top = r.detections[0];
    expect(top).toMatchObject({ label: 'valve', x1: 4, y1: 8, x2: 20, y2: 40 });
    expect(top?.score).toBeCloseTo(0.9, 6);
    const automl = toAutoml(r);
    expect(automl.boxes[0]).toEqual({
      box: { topX: 4 / 64, topY: 8 / 128, bottomX: 20 / 64, bottomY: 40 / 128 },
      label: 'valve',
      score: top?.score,
    });
    expect(toCoco(r, 7)[0]).toMatchObject({
      image_id: 7,
      category_id: 1,
      bbox: [4, 8, 16, 32],
      label: 'valve',
    });
    expect(toCoco(r, 7, new Map([['valve', 11]]))[0]?.category_id).toBe(11);
  });
  it.each([1, 2, 3])(
    'a batch on %i worker(s) returns the same results as one by one, in order, errors in place',
    async (workers) => {
      const batcher = await DetectionScorer.open(TINY_MODEL, card, { workers });
      try {
        const images = [await jpeg(64, 64), Buffer.alloc(0), await jpeg(50, 80), await png(30, 30, 4)];
        const batch = await batcher.scoreBatch(images);
        expect(batch[1]).toBeInstanceOf(ImageDecodeError);
        expect((batch[1] as ImageDecodeError).resource).toBe('image 1');
        for (const i of [0, 2, 3]) {
          expect(batch[i]).toEqual(await scorer.score(images[i] as Buffer));
        }
        const pool = (batcher as unknown as { pool?: { size: number } | null }).pool;
        expect(pool?.size ?? 1).toBe(workers);
        // More images than the workers hold at once come back in order; the caller's buffers stay.
        const many = await Promise.all(Array.from({ length: 12 }, (_, i) => jpeg(20 + i, 30)));
        const before = many.map((b) => Buffer.from(b));
        const sizes = (await batcher.scoreBatch(many)).map((r) => (r as ScoredImage).width);
        expect(sizes).toEqual(many.map((_, i) => 20 + i));
        expect(many).toEqual(before);
      } finally {
        await batcher.close();
      }
    },
  );
  it('scores a batch in this thread when the workers cannot open the model', async () => {
    // The scorer has its session; the file is gone before the workers start, so they fail to load.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'aml-pool-'));
    const model = path.join(dir, 'model.onnx');
    await copyFile(TINY_MODEL, model);
    const batcher = await DetectionScorer.open(model, card, { workers: 2, intraOpThreads: 1 });
    await rm(dir, { recursive: true });
    try {
      const images = [await jpeg(64, 64), Buffer.alloc(0), await jpeg(50, 80)];
      const batch = await batcher.scoreBatch(images);
      expect(batch[1]).toBeInstanceOf(ImageDecodeError);
      expect(batch[0]).toEqual(await scorer.score(images[0] as Buffer));
      expect(batch[2]).toEqual(await scorer.score(images[2] as Buffer));
    } finally {
      await batcher.close();
    }
  });
  it('reuses one session per model and thread setting', async () => {
    const again = await DetectionScorer.open(TINY_MODEL, card, { intraOpThreads: 1 });
    expect((again as unknown as { session: unknown }).session).toBe(
      (scorer as unknown as { session: unknown }).session,
    );
  });
});
