// Pure maths: NMS, IoU, tiling, placement, packing, half floats, and each decoder on hand-made tensors.
import { describe, expect, it } from 'vitest';
import { parseModelCardText } from './card.js';
import { decodeOutputs, type OutputTensor, ssdPriors } from './decoders.js';
import { iou } from './detection.js';
import { nonMaxSuppression } from './nms.js';
import {
  packTensor,
  planPlacement,
  resizeAndPack,
  resizeForInput,
  toHalf,
  toOriginal,
} from './preprocess.js';
import { compact, cropRgb } from './resize.js';
import { tileGrid } from './tiling.js';

const box = (x1: number, y1: number, x2: number, y2: number, score: number, classId = 0) => ({
  x1,
  y1,
  x2,
  y2,
  score,
  classId,
});

describe('iou and nms', () => {
  it('computes IoU with and without the +1 convention', () => {
    expect(iou(box(0, 0, 10, 10, 1), box(5, 0, 15, 10, 1))).toBeCloseTo(50 / 150);
    expect(iou(box(0, 0, 10, 10, 1), box(20, 20, 30, 30, 1))).toBe(0);
    expect(iou(box(0, 0, 9, 9, 1), box(0, 0, 9, 9, 1), true)).toBe(1);
  });
  it('suppresses overlaps per class, keeps other classes, best first', () => {
    const c = [
      box(0, 0, 10, 10, 0.8),
      box(1, 0, 11, 10, 0.9),
      box(1, 0, 11, 10, 0.7, 1),
      box(50, 50, 60, 60, 0.5),
    ];
    const aware = nonMaxSuppression(c, { iouThreshold: 0.5, classAgnostic: false });
    expect(aware.map((b) => b.score)).toEqual([0.9, 0.7, 0.5]);
    const agnostic = nonMaxSuppression(c, { iouThreshold: 0.5, classAgnostic: true });
    expect(agnostic.map((b) => b.score)).toEqual([0.9, 0.5]);
    expect(nonMaxSuppression(c, { iouThreshold: 0.5, classAgnostic: false, maxKeep: 1 })).toHaveLength(1);
  });
});

describe('tileGrid', () => {
  it('covers the image with equal overlapping tiles (cols x rows), column by column', () => {
    const tiles = tileGrid(1600, 1200, { cols: 3, rows: 2 }, 0.25);
    expect(tiles).toHaveLength(6);
    const tw = 1600 / (0.25 + 0.75 * 3);
    expect(tiles[0]).toEqual({ left: 0, top: 0, width: 640, height: Math.round(1200 / 1.75) });
    expect(tiles[1]).toMatchObject({ left: 0, top: Math.round(0.75 * (1200 / 1.75)) });
    const last = tiles[5];
    expect(last && last.left + last.width).toBe(1600);
    expect(last && last.top + last.height).toBe(1200);
    // neighbours overlap by a quarter of a tile
    expect((tiles[0]?.width ?? 0) - (tiles[2]?.left ?? 0)).toBeCloseTo(0.25 * tw, -1);
  });
  it('without overlap tiles abut', () => {
    expect(tileGrid(100, 50, { cols: 2, rows: 1 }, 0)).toEqual([
      { left: 0, top: 0, width: 50, height: 50 },
      { left: 50, top: 0, width: 50, height: 50 },
    ]);
  });
});

const card = (extra: string) =>
  parseModelCardText(`schema: aml-rollout/model-card@1
input: { shape: [1, 3, 4, 8], channel_order: BGR }
classes: [a, b]
${extra}`);

describe('placement and packing', () => {
  it('stretches, letterboxes centred or top-left, and maps boxes back', () => {
    const stretch = card('output: { decoder: postprocessed }');
    const p = planPlacement(16, 16, stretch.input, stretch.preprocess);
    expect([p.scaleX, p.scaleY]).toEqual([0.5, 0.25]);
    const lb = card('output: { decoder: postprocessed }\npreprocess: { resize: { mode: letterbox } }');
    const q = planPlacement(16, 16, lb.input, lb.preprocess);
    expect(q).toMatchObject({ scaleX: 0.25, scaledWidth: 4, scaledHeight: 4, offsetX: 2, offsetY: 0 });
    expect(toOriginal(box(2, 0, 6, 4, 1), q, 16, 16)).toMatchObject({ x1: 0, y1: 0, x2: 16, y2: 16 });
    const tl = card(
      'output: { decoder: postprocessed }\npreprocess: { resize: { mode: letterbox, align: top-left } }',
    );
    expect(planPlacement(16, 16, tl.input, tl.preprocess)).toMatchObject({ offsetX: 0, offsetY: 0 });
  });
  it('packs NCHW in BGR order with mean/std and pads with pad_value', () => {
    const c = card(
      'output: { decoder: postprocessed }\npreprocess: { resize: { mode: letterbox, pad_value: [10, 20, 30] }, normalize: { scale: 1, mean: [1, 2, 3], std: [2, 2, 2] } }',
    );
    const placement = planPlacement(4, 4, c.input, c.preprocess); // 4x4 centred in 8x4
    const img = { width: 4, height: 4, data: new Uint8Array(48) };
    for (let i = 0; i < 16; i++) img.data.set([100, 150, 200], i * 3);
    const t = packTensor(img, placement, c.input, c.preprocess) as Float32Array;
    // channel 0 is B: (200 - 1) / 2 inside, pad B=30 -> (30 - 1) / 2
    expect(t[2]).toBe((200 - 1) / 2);
    expect(t[0]).toBe((30 - 1) / 2);
    // channel 2 is R
    expect(t[2 * 32 + 2]).toBe((100 - 3) / 2);
  });
  it('overwrites a reused tensor completely, pad included', () => {
    const c = card(
      'output: { decoder: postprocessed }\npreprocess: { resize: { mode: letterbox, pad_value: [10, 20, 30] } }',
    );
    const img = { width: 4, height: 4, data: new Uint8Array(48).fill(7) };
    const placement = planPlacement(4, 4, c.input, c.preprocess);
    const fresh = packTensor(img, placement, c.input, c.preprocess) as Float32Array;
    const spent = new Float32Array(fresh.length).fill(Number.NaN);
    const reused = packTensor(img, placement, c.input, c.preprocess, spent);
    expect(reused).toBe(spent);
    expect(reused).toEqual(fresh);
    // A tile view packs like its packed copy.
    const wide = { width: 9, height: 4, data: Uint8Array.from({ length: 108 }, (_, i) => i) };
    const tile = cropRgb(wide, 2, 0, 4, 4);
    expect(packTensor(tile, placement, c.input, c.preprocess)).toEqual(
      packTensor(compact(tile), placement, c.input, c.preprocess),
    );
    // A buffer of another size is not used.
    expect(packTensor(img, placement, c.input, c.preprocess, new Float32Array(3))).toHaveLength(96);
  });
  it('resizes and packs in one pass to exactly what resizing then packing gives', () => {
    const pixels = (w: number, h: number, seed: number) => ({
      width: w,
      height: h,
      data: Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37 + seed * 101 + ((i * i) % 251)) & 255),
    });
    const wide = pixels(61, 40, 3);
    const images = {
      downscale: pixels(37, 29, 1), // the one-pass path
      tile: cropRgb(wide, 11, 5, 30, 33), // a view with a row stride, same path
      exact2x: pixels(16, 8, 2), // OpenCV's INTER_AREA path: resize, then pack
      upscale: pixels(5, 3, 4), // horizontal rows cached: resize, then pack
    };
    const cards = [
      'output: { decoder: postprocessed }\npreprocess: { resize: { mode: stretch, kernel: opencv-bilinear } }',
      'output: { decoder: postprocessed }\npreprocess: { resize: { mode: letterbox, kernel: opencv-bilinear, pad_value: [10, 20, 30] }, normalize: { scale: 1, mean: [1, 2, 3], std: [2, 3, 4] } }',
    ].map(card);
    for (const c of cards) {
      for (const [name, img] of Object.entries(images)) {
        const placement = planPlacement(img.width, img.height, c.input, c.preprocess);
        const expected = packTensor(
          resizeForInput(img, placement, c.input, c.preprocess),
          placement,
          c.input,
          c.preprocess,
        );
        const spent = new Float32Array(expected.length).fill(Number.NaN);
        expect(resizeAndPack(img, placement, c.input, c.preprocess, spent), name).toEqual(expected);
      }
    }
  });
  it('rounds to half floats', () => {
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
    expect(toHalf(65504)).toBe(0x7bff);
    expect(toHalf(1e6)).toBe(0x7c00);
    expect(toHalf(0.1)).toBe(0x2e66);
  });
});

function ctx(tensors: Record<string, OutputTensor>, names: string[], w: number, h: number, thresh: number) {
  return {
    inputWidth: w,
    inputHeight: h,
    scoreThreshold: thresh,
    get: (ref: string | number) =>
      tensors[typeof ref === 'number' ? (names[ref] as string) : ref] as OutputTensor,
  };
}

describe('decoders', () => {
  it('postprocessed: formats, units, label offset, threshold', () => {
    const c = card(
      'output: { decoder: postprocessed, box_format: cxcywh, box_units: normalized, label_offset: 1, outputs: { boxes: 0, labels: 1, scores: 2 } }',
    );
    const out = decodeOutputs(
      c.output,
      ctx(
        {
          boxes: { dims: [2, 4], data: Float32Array.from([0.5, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1]) },
          labels: { dims: [2], data: BigInt64Array.from([2n, 1n]) },
          scores: { dims: [2], data: Float32Array.from([0.9, 0.2]) },
        },
        ['boxes', 'labels', 'scores'],
        8,
        4,
        0.3,
      ),
    );
    expect(out).toEqual([{ x1: 2, y1: 1, x2: 6, y2: 3, score: expect.closeTo(0.9, 5), classId: 1 }]);
  });

  it('yolo grid: (o + g) * s centres, exp sizes, objectness x class', () => {
    const c = card('output: { decoder: yolo, strides: [4], outputs: { predictions: 0 } }');
    // 8x4 input, stride 4 -> 2x1 grid, 2 classes -> rows of 7
    const data = Float32Array.from([0.5, 0.5, 0, 0, 0.9, 0.1, 0.8, 0.5, 0.5, Math.log(2), 0, 0.1, 0.9, 0.9]);
    const out = decodeOutputs(c.output, ctx({ output: { dims: [1, 2, 7], data } }, ['output'], 8, 4, 0.3));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ classId: 1, x1: 0, y1: 0, x2: 4, y2: 4 });
    expect(out[0]?.score).toBeCloseTo(0.72);
  });

  it('yolo decoded rows without strides', () => {
    const c = card('output: { decoder: yolo, objectness: false, box_format: xyxy }');
    const data = Float32Array.from([1, 1, 3, 3, 0.2, 0.6]);
    const out = decodeOutputs(c.output, ctx({ o: { dims: [1, 1, 6], data } }, ['o'], 8, 4, 0.5));
    expect(out).toEqual([{ x1: 1, y1: 1, x2: 3, y2: 3, score: expect.closeTo(0.6, 5), classId: 1 }]);
  });

  it('gfl: softmax-integral distances around cell centres, multi-label', () => {
    const c = card(
      'output: { decoder: gfl, strides: [4], reg_max: 1, outputs: { scores: [0], distances: [1] } }',
    );
    // 2 cells (8x4 input, stride 4); cell 1 scores both classes; distances: bins [0,1], logits equal -> 0.5 * 4 = 2
    const scores = Float32Array.from([0.1, 0.1, 0.7, 0.6]);
    const dist = new Float32Array(2 * 4 * 2);
    const out = decodeOutputs(
      c.output,
      ctx({ s: { dims: [2, 2], data: scores }, d: { dims: [2, 8], data: dist } }, ['s', 'd'], 8, 4, 0.5),
    );
    expect(out.map((o) => [o.classId, o.x1, o.y1, o.x2, o.y2])).toEqual([
      [0, 4, 0, 8, 4],
      [1, 4, 0, 8, 4],
    ]);
  });

  it('ssd priors: level, row, column, size order and prior-offset decoding', () => {
    const priors = ssdPriors({ strides: [4], minSizes: [[2, 4]], clamp: true }, 8, 4);
    expect(Array.from(priors.slice(0, 8))).toEqual([0.25, 0.5, 0.25, 0.5, 0.25, 0.5, 0.5, 1]);
    const c = card(
      'output: { decoder: ssd, encoding: offsets, label_offset: 1, priors: { strides: [4], min_sizes: [[2, 4]] } }',
    );
    const scores = Float32Array.from([0.1, 0.9, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1]);
    const boxes = new Float32Array(16);
    const out = decodeOutputs(
      c.output,
      ctx(
        { scores: { dims: [1, 4, 2], data: scores }, boxes: { dims: [1, 4, 4], data: boxes } },
        ['scores', 'boxes'],
        8,
        4,
        0.5,
      ),
    );
    expect(out).toEqual([{ x1: 1, y1: 1, x2: 3, y2: 3, score: expect.closeTo(0.9, 5), classId: 0 }]);
  });
});
