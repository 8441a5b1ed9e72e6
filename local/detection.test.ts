// Must-show 5: a real detection request (a golden fixture image) through the scoring URI, served
// by `aml-rollout serve` with the model downloaded from Azurite; CPU and GPU (FP16) deployments of
// the same registered model agree nearly, not exactly. Skipped, by name, without fixture models.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfCommand } from '../shared/launch/cli.js';
import {
  createDeployment,
  createEndpoint,
  type Harness,
  registerModel,
  setTraffic,
  startHarness,
} from './testing/harness.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODEL_DIR = path.join(REPO, 'fixtures', 'models', 'v1');
const IMAGES = path.join(REPO, 'fixtures', 'golden', 'images');
const READY =
  existsSync(path.join(MODEL_DIR, 'model.onnx')) &&
  existsSync(path.join(MODEL_DIR, 'model-card.yaml')) &&
  existsSync(IMAGES);

interface Box {
  box: { topX: number; topY: number; bottomX: number; bottomY: number };
  label: string;
  score: number;
}

describe.skipIf(!READY)('real detection through the scoring URI (fixtures/models/v1)', () => {
  let h: Harness;
  let uri: string;
  let key: string;
  beforeAll(async () => {
    h = await startHarness({ serveCommand: selfCommand });
    const files: Record<string, Buffer> = {};
    for (const f of ['model.onnx', 'model-fp16.onnx', 'model-card.yaml']) {
      if (existsSync(path.join(MODEL_DIR, f))) files[f] = readFileSync(path.join(MODEL_DIR, f));
    }
    const model = await registerModel(h, 'dev', 'detector', '1', files);
    const ep = await createEndpoint(h, 'dev', 'ep-detect');
    uri = ep.properties.scoringUri as string;
    await createDeployment(h, 'dev', 'ep-detect', 'cpu', model, { instanceType: 'Standard_DS3_v2' });
    await createDeployment(h, 'dev', 'ep-detect', 'gpu', model, { instanceType: 'Standard_NC6s_v3' });
    await setTraffic(h, 'dev', 'ep-detect', { cpu: 100 });
    key = (await h.client.onlineEndpoints.listKeys(h.rg, 'dev', 'ep-detect')).primaryKey as string;
  });
  afterAll(async () => {
    await h?.stop();
  });

  const detect = async (image: Buffer, deployment: string): Promise<Box[]> => {
    const res = await fetch(uri, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'azureml-model-deployment': deployment,
      },
      body: JSON.stringify({
        input_data: { columns: ['image'], index: [0], data: [image.toString('base64')] },
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('azureml-model-deployment')).toBe(deployment);
    const body = (await res.json()) as Array<{ boxes: Box[] }>;
    return body[0]?.boxes ?? [];
  };

  it('returns boxes from the deployment model, and CPU vs GPU scores are nearly but not exactly equal', async () => {
    const images = readdirSync(IMAGES)
      .filter((f) => /\.(png|jpe?g)$/i.test(f))
      .slice(0, 6);
    const cpuScores: number[] = [];
    const gpuScores: number[] = [];
    for (const name of images) {
      const img = readFileSync(path.join(IMAGES, name));
      const cpu = await detect(img, 'cpu');
      const gpu = await detect(img, 'gpu');
      for (const b of cpu) {
        expect(b.box.topX).toBeGreaterThanOrEqual(0);
        expect(b.box.bottomX).toBeLessThanOrEqual(1);
        // Pair each CPU box with the GPU box of the same label that overlaps it most.
        const match = gpu
          .filter((g) => g.label === b.label)
          .sort((x, y) => Math.abs(x.box.topX - b.box.topX) - Math.abs(y.box.topX - b.box.topX))[0];
        if (match) {
          cpuScores.push(b.score);
          gpuScores.push(match.score);
        }
      }
    }
    expect(cpuScores.length).toBeGreaterThan(0);
    const diffs = cpuScores.map((s, i) => Math.abs(s - (gpuScores[i] as number)));
    expect(Math.max(...diffs)).toBeLessThan(0.05);
    expect(diffs.some((d) => d > 0)).toBe(true);
  });
});

describe.skipIf(READY)('real detection through the scoring URI', () => {
  it.skip(`skipped: fixture model ${MODEL_DIR}/model.onnx or ${IMAGES} is absent`, () => undefined);
});
