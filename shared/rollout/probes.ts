// The rollout's own probes: requests (golden images, or the smoke request) sent to the new and the
// old deployment through the `azureml-model-deployment` header, throughout a watch window, one
// attempt each: a retry would hide exactly the errors a probe is there to see. Each answer is one
// sample, judged by health.ts. Answers are read within the endpoint client's response bound (the
// target's `maxResponseBytes`, else DEFAULT_MAX_RESPONSE_BYTES): an answer over it is a failed
// probe, never a body held in memory.
import { setTimeout as sleep } from 'node:timers/promises';
import { answerMask, DEFAULT_MAX_RESPONSE_BYTES, type EndpointTarget } from '../endpoint/client.js';
import { HttpError, httpRequest } from '../http/request.js';

/** One request, encoded for the endpoint's protocol (see endpoint/client.ts `encodeRequest`). */
export interface ProbeRequest {
  name: string;
  body: Buffer;
  contentType: string;
  /** Route under the scoring URI's host; '' for the scoring URI itself. */
  path: string;
}

export interface ProbeSample {
  deployment: string;
  /** HTTP status; 0 when no answer came (connection failed, timed out) or the answer could not be
   * read (over the response bound), so health.ts counts it as an error. */
  status: number;
  latencyMs: number;
  /** Short reason for a failed sample, for the summary. */
  error?: string;
  at: number;
}

export interface ProbeWindow {
  target: Omit<EndpointTarget, 'deployment'>;
  deployments: readonly string[];
  requests: readonly ProbeRequest[];
  /** How long to probe, in ms; at least one round is always sent. */
  durationMs: number;
  /** Pause between rounds (one request to each deployment per round). */
  intervalMs: number;
  /**
   * Rounds to reach even when the window has closed (a slow answer can eat a short window), for
   * at most one more window length (at least EXTRA_FLOOR_MS): the check then has the requests it
   * needs to judge, without a hanging deployment stretching the bake without end.
   */
  minRounds?: number;
  signal?: AbortSignal | undefined;
}

const EXTRA_FLOOR_MS = 5_000;

/** One request to one deployment, as a sample. */
export async function probeOnce(
  target: Omit<EndpointTarget, 'deployment'>,
  deployment: string,
  request: ProbeRequest,
  signal?: AbortSignal,
): Promise<ProbeSample> {
  const at = Date.now();
  const started = performance.now();
  const headers: Record<string, string> = {
    'content-type': request.contentType,
    'azureml-model-deployment': deployment,
  };
  if (target.credential) headers.authorization = `Bearer ${target.credential}`;
  const url = request.path ? new URL(request.path, target.scoringUri).toString() : target.scoringUri;
  try {
    const res = await httpRequest({
      url,
      method: 'POST',
      headers,
      body: request.body,
      timeoutMs: target.timeoutMs ?? 60_000,
      retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
      signal,
      maxResponseBytes: target.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      mask: answerMask({ ...target, deployment }),
    });
    return { deployment, status: res.status, latencyMs: res.latencyMs, at };
  } catch (e) {
    if (signal?.aborted) throw e;
    const latencyMs = performance.now() - started;
    if (e instanceof HttpError) {
      // A 424 is the model container failing; Azure says with which status.
      const model = e.headers?.get('ms-azureml-model-error-statuscode');
      // A 2xx whose body was refused unread is no answer: its status must not count as success.
      const unread = e.code === 'HttpResponseTooLarge' || e.code === 'HttpInvalidResponse';
      return {
        deployment,
        status: unread ? 0 : (e.status ?? 0),
        latencyMs,
        error: `${e.reason}${model ? ` (model error ${model})` : ''}`,
        at,
      };
    }
    return { deployment, status: 0, latencyMs, error: (e as Error).message, at };
  }
}

/** Probe every deployment in rounds until the window closes; returns every sample. */
export async function probeWindow(w: ProbeWindow): Promise<ProbeSample[]> {
  const samples: ProbeSample[] = [];
  const end = Date.now() + w.durationMs;
  const hardEnd = end + Math.max(w.durationMs, EXTRA_FLOOR_MS);
  for (let round = 0; ; round++) {
    const request = w.requests[round % w.requests.length];
    if (!request) break;
    samples.push(...(await Promise.all(w.deployments.map((d) => probeOnce(w.target, d, request, w.signal)))));
    const until = round + 1 < (w.minRounds ?? 0) ? hardEnd : end;
    const left = until - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(w.intervalMs, left), undefined, w.signal ? { signal: w.signal } : {});
  }
  return samples;
}
