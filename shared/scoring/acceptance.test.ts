// Must-show 3: third-party detectors from ../shared/acceptance run through a model card alone
// (fixtures/acceptance-cards/<model stem>.yaml) and reproduce the upstream results their MODEL.md
// records. The models and photos never enter the repo; this suite skips when the folder is absent.
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelCard } from './card.js';
import { type Box, iou } from './detection.js';
import { DetectionScorer } from './scorer.js';
import { ACCEPTANCE, HAVE_ACCEPTANCE, REPO } from './test-support.js';

const CARDS = path.join(REPO, 'fixtures/acceptance-cards');

async function scorerFor(folder: string, file: string): Promise<DetectionScorer> {
  const card = await loadModelCard(path.join(CARDS, `${path.basename(file, '.onnx')}.yaml`));
  return DetectionScorer.open(path.join(ACCEPTANCE, folder, file), card);
}

async function score(s: DetectionScorer, folder: string, image: string) {
  return s.score(await readFile(path.join(ACCEPTANCE, folder, 'images', image)));
}

const box = (x1: number, y1: number, x2: number, y2: number): Box => ({ x1, y1, x2, y2 });

describe.skipIf(!HAVE_ACCEPTANCE)('acceptance models (../shared/acceptance)', () => {
  const models = HAVE_ACCEPTANCE
    ? readdirSync(ACCEPTANCE, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) =>
          readdirSync(path.join(ACCEPTANCE, d.name))
            .filter((f) => f.endsWith('.onnx'))
            .map((f) => [d.name, f] as const),
        )
    : [];

  it.each(models)('%s/%s runs through its card alone', async (folder, file) => {
    const s = await scorerFor(folder, file);
    const images = readdirSync(path.join(ACCEPTANCE, folder, 'images'));
    const r = await score(s, folder, images[0] as string);
    expect(r.detections.length).toBeGreaterThan(0);
    for (const d of r.detections) {
      expect(d.x1).toBeGreaterThanOrEqual(0);
      expect(d.x2).toBeLessThanOrEqual(r.width);
      expect(s.card.classes).toContain(d.label);
    }
  });

  // NanoDet's demo_mnn reference images (MODEL.md): labels and scores printed, boxes read off to ±2 px.
  const nanodetReference: Record<string, Array<{ label: string; score: number; box: Box }>> = {
    '000252.jpg': [
      { label: 'bus', score: 0.7, box: box(139, 54, 290, 228) },
      { label: 'car', score: 0.541, box: box(190, 163, 296, 244) },
    ],
    '000258.jpg': [
      { label: 'person', score: 0.774, box: box(347, 28, 499, 331) },
      { label: 'dog', score: 0.648, box: box(200, 121, 393, 332) },
    ],
  };
  it.each(Object.keys(nanodetReference))(
    'NanoDet-m (nanodet.onnx, opencv-bilinear) reproduces the upstream result on %s',
    async (image) => {
      const s = await scorerFor('nanodet-m-320', 'nanodet.onnx');
      expect(s.card.preprocess.resize.kernel).toBe('opencv-bilinear');
      const r = await score(s, 'nanodet-m-320', image);
      const expected = nanodetReference[image] ?? [];
      expect(r.detections.map((d) => d.label).sort()).toEqual(expected.map((e) => e.label).sort());
      for (const e of expected) {
        const d = r.detections.find((x) => x.label === e.label);
        expect(d).toBeDefined();
        if (!d) continue;
        expect(Math.abs(d.score - e.score)).toBeLessThanOrEqual(0.005);
        expect(iou(d, e.box)).toBeGreaterThanOrEqual(0.95);
      }
    },
  );

  it('UltraFace RFB-320 finds the 5 faces of 3.jpg, and the raw-offset export decodes to the same boxes', async () => {
    const corners = await score(
      await scorerFor('ultraface-rfb320', 'version-RFB-320.onnx'),
      'ultraface-rfb320',
      '3.jpg',
    );
    expect(corners.detections.filter((d) => d.label === 'face')).toHaveLength(5);
    const offsets = await score(
      await scorerFor('ultraface-rfb320', 'version-RFB-320_without_postprocessing.onnx'),
      'ultraface-rfb320',
      '3.jpg',
    );
    expect(offsets.detections).toHaveLength(5);
    for (const d of corners.detections) {
      expect(Math.max(...offsets.detections.map((o) => iou(o, d)))).toBeGreaterThan(0.99);
    }
    const big = await score(
      await scorerFor('ultraface-rfb320', 'version-RFB-640.onnx'),
      'ultraface-rfb320',
      '3.jpg',
    );
    expect(big.detections).toHaveLength(5);
    for (const d of corners.detections)
      expect(Math.max(...big.detections.map((o) => iou(o, d)))).toBeGreaterThan(0.85);
  });

  it('YOLOX-Nano finds the bus and the car of 000252.jpg where NanoDet published them', async () => {
    const r = await score(await scorerFor('yolox-nano', 'yolox_nano.onnx'), 'yolox-nano', '000252.jpg');
    const bus = r.detections.find((d) => d.label === 'bus');
    const car = r.detections.find((d) => d.label === 'car');
    expect(bus && iou(bus, box(139, 54, 290, 228))).toBeGreaterThan(0.85);
    expect(car && iou(car, box(190, 163, 296, 244))).toBeGreaterThan(0.85);
  });
});
