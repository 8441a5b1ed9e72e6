// The HTTP server on the tiny detector: the three protocols, health and metadata, and bad input
// as 400/413/422 with the next good request still answered (Must-show 5).

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelCard, parseModelCardText } from './card.js';
import { DetectionScorer } from './scorer.js';
import { type ScoringServer, startScoringServer } from './server.js';
import { jpeg, pixelBombPng, TINY_CARD, TINY_MODEL } from './test-support.js';

/** Python's base64.encodebytes: a newline every 76 characters and at the end. */
function encodebytes(b: Buffer): string {
  return `${(b.toString('base64').match(/.{1,76}/g) ?? []).join('\n')}\n`;
}

const automlBody = (...images: Buffer[]) =>
  JSON.stringify({
    input_data: { columns: ['image'], index: images.map((_, i) => i), data: images.map(encodebytes) },
  });

let server: ScoringServer;
let good: Buffer;

async function post(path: string, body: string | Buffer, type = 'application/json') {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': type },
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

async function expectGoodScore() {
  const r = await post('/score', automlBody(good));
  expect(r.status).toBe(200);
  expect((r.body as Array<{ boxes: unknown[] }>)[0]?.boxes.length).toBeGreaterThan(0);
}

beforeAll(async () => {
  const card = await loadModelCard(TINY_CARD);
  const scorer = await DetectionScorer.open(TINY_MODEL, card, { intraOpThreads: 1 });
  server = await startScoringServer({ scorer, modelName: 'tiny', maxRequestBytes: 1_000_000 });
  good = await jpeg(64, 64);
});
afterAll(() => server?.close());

describe('protocols', () => {
  it('AutoML JSON: one {boxes} per image, normalized corners, MIME base64 accepted', async () => {
    const r = await post('/score', automlBody(good, await jpeg(32, 64)));
    expect(r.status).toBe(200);
    const body = r.body as Array<{
      boxes: Array<{ box: Record<string, number>; label: string; score: number }>;
    }>;
    expect(body).toHaveLength(2);
    expect(body[0]?.boxes[0]).toEqual({
      box: { topX: 2 / 32, topY: 2 / 32, bottomX: 10 / 32, bottomY: 10 / 32 },
      label: 'valve',
      score: expect.closeTo(0.9, 6),
    });
    // the index key is optional
    const noIndex = await post(
      '/score',
      JSON.stringify({ input_data: { columns: ['image'], data: [encodebytes(good)] } }),
    );
    expect(noIndex.status).toBe(200);
  });
  it('raw image bytes on /score', async () => {
    const r = await post('/score', good, 'image/jpeg');
    expect(r.status).toBe(200);
  });
  it('KServe v2: infer, metadata, health', async () => {
    const r = await post(
      '/v2/models/tiny/infer',
      JSON.stringify({
        id: 'r1',
        inputs: [{ name: 'image', shape: [1], datatype: 'BYTES', data: [good.toString('base64')] }],
      }),
    );
    expect(r.status).toBe(200);
    const body = r.body as {
      id: string;
      model_name: string;
      outputs: Array<{ name: string; data: string[] }>;
    };
    expect(body).toMatchObject({ id: 'r1', model_name: 'tiny' });
    expect(JSON.parse(body.outputs[0]?.data[0] ?? '').boxes.length).toBeGreaterThan(0);
    for (const p of ['/v2/health/live', '/v2/health/ready', '/v2/models/tiny', '/v2/models/tiny/ready']) {
      expect((await fetch(`${server.url}${p}`)).status).toBe(200);
    }
    expect((await fetch(`${server.url}/v2/models/other`)).status).toBe(404);
  });
  it('TorchServe: raw bytes in, [{label: [x1,y1,x2,y2], score}] out; /ping', async () => {
    const r = await post('/predictions/tiny', good, 'application/octet-stream');
    expect(r.status).toBe(200);
    expect((r.body as Array<Record<string, unknown>>)[0]).toEqual({
      valve: [4, 4, 20, 20],
      score: expect.closeTo(0.9, 6),
    });
    const ping = await fetch(`${server.url}/ping`);
    expect(await ping.json()).toEqual({ status: 'Healthy' });
  });
});

describe('bad requests never take the server down', () => {
  const cases: Array<[string, () => Promise<string | Buffer>, number, string, string?]> = [
    ['zero-byte image', async () => automlBody(Buffer.alloc(0)), 400, 'InvalidImage'],
    ['truncated JPEG', async () => automlBody((await jpeg(256, 256)).subarray(0, 600)), 400, 'InvalidImage'],
    ['text file named .jpg', async () => automlBody(Buffer.from('just text\n')), 400, 'InvalidImage'],
    ['30000x30000 PNG', async () => automlBody(await pixelBombPng()), 413, 'ImageTooLarge'],
    ['not JSON', async () => '{"input_data": ', 400, 'BadRequest'],
    ['wrong JSON shape', async () => JSON.stringify({ data: [] }), 400, 'BadRequest'],
    [
      'body over the request limit',
      async () => automlBody(Buffer.alloc(1_200_000, 1)),
      413,
      'RequestTooLarge',
    ],
  ];
  it.each(cases)('%s', async (_, make, status, code) => {
    const r = await post('/score', await make());
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ code, error: expect.any(String) });
    await expectGoodScore();
  });
  it('a model that does not match its card answers 422, and the next request is served', async () => {
    const text = (await readFile(TINY_CARD, 'utf8')).replace(
      'decoder: postprocessed\n  outputs: { boxes: boxes, labels: labels, scores: scores }',
      'decoder: yolo\n  outputs: { predictions: boxes }\n  strides: [8]',
    );
    const scorer = await DetectionScorer.open(TINY_MODEL, parseModelCardText(text), { intraOpThreads: 1 });
    const bad = await startScoringServer({ scorer, modelName: 'tiny' });
    try {
      const r = await fetch(`${bad.url}/score`, { method: 'POST', body: automlBody(good) });
      expect(r.status).toBe(422);
      expect(await r.json()).toMatchObject({ code: 'ModelCardMismatch' });
      const again = await fetch(`${bad.url}/v2/health/live`);
      expect(again.status).toBe(200);
    } finally {
      await bad.close();
    }
    await expectGoodScore();
  });
  it('unknown routes are 404', async () => {
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });
});
