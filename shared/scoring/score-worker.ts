// Worker-thread side of ScoringPool (pool.ts): opens its own scorer with one intra-op thread and
// scores whole images. Also the entry of the dist/score-worker bundle.
import { parentPort, workerData } from 'node:worker_threads';
import type { PoolJob, PoolReply, PoolWorkerInit } from './pool.js';
import { OPEN_FAILED, serializeError } from './pool.js';
import { DetectionScorer } from './scorer.js';

const port = parentPort;
if (port) {
  const init = workerData as PoolWorkerInit;
  const reply = (m: PoolReply) => port.postMessage(m);
  const opened = DetectionScorer.open(init.modelPath, init.card, {
    intraOpThreads: 1,
    interOpThreads: 1,
    maxPixels: init.maxPixels,
  });
  opened.catch((e: unknown) => reply({ id: OPEN_FAILED, ok: false, error: serializeError(e) }));
  port.on('message', (job: PoolJob) => {
    // Jobs are handled as they arrive: the next image decodes (sharp, on libuv's threads) while
    // this thread is blocked in the current one's session.run.
    opened
      .then((scorer) => scorer.scoreWith(job.bytes, job.params, job.resource))
      .then(
        (value) => reply({ id: job.id, ok: true, value }),
        (e: unknown) => reply({ id: job.id, ok: false, error: serializeError(e) }),
      );
  });
}
