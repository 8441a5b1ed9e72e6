// The scoring pool's worker threads: the committed bundle (dist/score-worker, what bundled steps
// start) scores like the in-thread scorer, bundles find it in both layouts, and a worker that
// cannot open its model fails its jobs instead of hanging them.
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelCard, type ModelCard } from './card.js';
import { bundledWorkerEntry, type PoolJob, type PoolReply, type PoolWorkerInit } from './pool.js';
import { DetectionScorer } from './scorer.js';
import { jpeg, REPO, TINY_CARD, TINY_MODEL } from './test-support.js';

const WORKER_BUNDLE = path.join(REPO, 'dist', 'score-worker', 'index.js');
let card: ModelCard;
let scorer: DetectionScorer;

beforeAll(async () => {
  card = await loadModelCard(TINY_CARD);
  scorer = await DetectionScorer.open(TINY_MODEL, card, { workers: 1 });
});
afterAll(() => scorer.close());

/** Sends one job to a worker started from `file` and waits for its reply. */
async function oneJob(file: string, init: PoolWorkerInit, job: PoolJob): Promise<PoolReply[]> {
  const worker = new Worker(file, { workerData: init });
  const replies: PoolReply[] = [];
  try {
    return await new Promise<PoolReply[]>((resolve, reject) => {
      worker.on('message', (m: PoolReply) => {
        replies.push(m);
        if (m.id === job.id) resolve(replies);
      });
      worker.on('error', reject);
      worker.postMessage(job);
    });
  } finally {
    await worker.terminate();
  }
}

describe('scoring pool workers', () => {
  it('the committed worker bundle scores an image exactly like the in-thread scorer', async () => {
    const bytes = await jpeg(64, 128);
    const params = scorer.params({});
    const replies = await oneJob(
      WORKER_BUNDLE,
      { modelPath: TINY_MODEL, card, maxPixels: 40_000_000 },
      { id: 7, bytes, params, resource: 'img.jpg' },
    );
    expect(replies).toEqual([{ id: 7, ok: true, value: await scorer.score(bytes) }]);
  });

  it('a worker that cannot open its model fails its jobs with the load error', async () => {
    const replies = await oneJob(
      WORKER_BUNDLE,
      { modelPath: path.join(REPO, 'no-such-model.onnx'), card, maxPixels: 40_000_000 },
      { id: 1, bytes: await jpeg(8, 8), params: scorer.params({}), resource: 'img.jpg' },
    );
    expect(replies.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ModelLoadFailed', 'ModelLoadFailed']);
  });

  it('bundles find the worker in the repository layout and in an Azure DevOps task folder', async () => {
    expect(bundledWorkerEntry(path.join(REPO, 'dist', 'gate'))).toBe(
      path.join(REPO, 'dist', 'gate', '..', 'score-worker', 'index.js'),
    );
    const task = await mkdtemp(path.join(os.tmpdir(), 'ado-task-'));
    await cp(path.join(REPO, 'dist', 'score-worker'), path.join(task, 'score-worker'), { recursive: true });
    expect(bundledWorkerEntry(task)).toBe(path.join(task, 'score-worker', 'index.js'));
    expect(bundledWorkerEntry(os.tmpdir())).toBeUndefined();
  });
});
