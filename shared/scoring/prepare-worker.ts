// Worker-thread side of PreparedImageWorker: prepares images off the main thread so decoding the
// next image overlaps the current session.run. Tensor buffers are transferred, not copied.
import { parentPort } from 'node:worker_threads';
import type { InferenceParams, ModelCard } from './card.js';
import { prepareImage, serializeError } from './prepare.js';

interface Job {
  id: number;
  bytes: Uint8Array;
  card: ModelCard;
  params: InferenceParams;
  maxPixels: number;
  resource?: string;
}

parentPort?.on('message', (job: Job) => {
  prepareImage(job.bytes, job.card, job.params, job.maxPixels, job.resource).then(
    (value) => {
      const transfer = value.views.map((v) => v.data.buffer as ArrayBuffer);
      parentPort?.postMessage({ id: job.id, ok: true, value }, transfer);
    },
    (e: unknown) => parentPort?.postMessage({ id: job.id, ok: false, error: serializeError(e) }),
  );
});
