// The rollout's own probes: golden images sent to the new and the old deployment through the
// `azureml-model-deployment` header, throughout a bake window, one attempt each (a retry would hide
// exactly the errors a probe is there to see). Each answer is one sample, judged by health.ts.
import { setTimeout as sleep } from 'node:timers/promises';
import { EndpointError, type EndpointTarget, scoreImage } from '../endpoint/client.js';

export interface ProbeImage {
  name: string;
  bytes: Buffer;
  width: number;
  height: number;
}

export interface ProbeSample {
  deployment: string;
  /** HTTP status; 0 when no answer came (connection failed, timed out). */
  status: number;
  latencyMs: number;
  /** Short reason for a failed sample, for the summary. */
  error?: string;
  at: number;
}

export interface ProbeOptions {
  /** Endpoint scoring URI, credential and protocol; the deployment is set per probe. */
  target: Omit<EndpointTarget, 'deployment'>;
  deployments: readonly string[];
  images: readonly ProbeImage[];
  /** How long to probe, in ms; at least one round is always sent. */
  durationMs: number;
  /** Pause between rounds (one image to each deployment per round). */
  intervalMs: number;
  signal?: AbortSignal | undefined;
}

/** One request to one deployment, as a sample. */
export async function probeOnce(
  target: Omit<EndpointTarget, 'deployment'>,
  deployment: string,
  image: ProbeImage,
  signal?: AbortSignal,
): Promise<ProbeSample> {
  const started = performance.now();
  const at = Date.now();
  try {
    await scoreImage(
      { ...target, deployment, retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 } },
      image.bytes,
      { width: image.width, height: image.height },
      signal,
    );
    return { deployment, status: 200, latencyMs: performance.now() - started, at };
  } catch (e) {
    if (signal?.aborted) throw e;
    const latencyMs = performance.now() - started;
    if (e instanceof EndpointError) {
      return { deployment, status: e.status ?? 0, latencyMs, error: e.message, at };
    }
    return { deployment, status: 0, latencyMs, error: (e as Error).message, at };
  }
}

/** Probe every deployment in rounds until the window closes; returns every sample. */
export async function probeWindow(options: ProbeOptions): Promise<ProbeSample[]> {
  const samples: ProbeSample[] = [];
  const end = Date.now() + options.durationMs;
  let round = 0;
  do {
    const image = options.images[round % options.images.length];
    if (!image) break;
    const answers = await Promise.all(
      options.deployments.map((d) => probeOnce(options.target, d, image, options.signal)),
    );
    samples.push(...answers);
    round++;
    const left = end - Date.now();
    if (left <= 0) break;
    await sleep(
      Math.min(options.intervalMs, left),
      undefined,
      options.signal ? { signal: options.signal } : {},
    );
  } while (Date.now() < end);
  return samples;
}
