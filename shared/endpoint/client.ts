// Scoring-protocol clients: send one image to a live endpoint (or one named deployment of it) and
// get detections back in original-image pixels, whatever the protocol. Requests go through the
// one HTTP helper (retry policy, per-request timeout, cancellation); the payload size is checked
// before anything is sent, the response's as it is read (a larger one is refused unread). An
// endpoint is not trusted with what it says: an answer that is not the protocol's JSON (or whose
// boxes and scores are not finite numbers) is an invalid response, never retried, and any error
// quotes the answer only as a masked excerpt (secrets.ts), since a hostile one echoes its key.
import { InputError, RolloutError } from '../errors.js';
import { HttpError, type HttpResponse, requestJson } from '../http/request.js';
import type { RetryPolicy } from '../http/retry.js';
import { excerpt, SecretMasker } from '../secrets.js';

export const SCORING_PROTOCOLS = ['automl', 'kserve', 'torchserve', 'json'] as const;
export type ScoringProtocol = (typeof SCORING_PROTOCOLS)[number];

export interface EndpointDetection {
  label: string;
  score: number;
  /** Pixels of the original (EXIF-oriented) image. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface EndpointTarget {
  scoringUri: string;
  /** Endpoint key or aml_token: sent as a bearer token. Never logged. */
  credential?: string;
  /** Route to one deployment with the `azureml-model-deployment` header. */
  deployment?: string;
  protocol: ScoringProtocol;
  /** Model name in KServe/TorchServe routes. */
  modelName?: string;
  timeoutMs?: number;
  /** Largest request body accepted (AML managed endpoints take 100 MB at most; default 25 MB). */
  maxPayloadBytes?: number;
  /** Largest response body read (default DEFAULT_MAX_RESPONSE_BYTES); a larger one is refused. */
  maxResponseBytes?: number;
  retry?: RetryPolicy;
  /** The run's masker (the host's `mask`): applied to whatever of an answer an error quotes,
   * before it is cut to an excerpt. Without one, only the credential (and SAS signatures). */
  mask?: (text: string) => string;
}

/** Host names that only ever reach this machine: plain http is allowed to them alone. */
function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Refuses a scoring URI the suite must not send an image and a key to: anything but an absolute
 * `https` URL, or `http` to a loopback host (a local scorer or plane). Checked when inputs are
 * read, so `file://`, `ftp://` or a relative path never reaches the HTTP client. */
export function checkScoringUri(uri: string, input = 'scoring-uri'): URL {
  const hint = "give the endpoint's https scoring URI (http only to localhost / 127.0.0.1 / [::1])";
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new InputError(input, `'${uri}' is not an absolute URL`, hint);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  throw new InputError(
    input,
    url.protocol === 'http:'
      ? `'${uri}' is plain http to ${url.hostname}, which is not loopback: the key would travel in clear`
      : `'${uri}' has scheme ${url.protocol.slice(0, -1)}; only https (and http to loopback) is allowed`,
    hint,
  );
}

export interface ScoringOutcome {
  detections: EndpointDetection[];
  /** The deployment that answered, as the endpoint says (header), if it says. */
  answeredBy?: string;
  attempts: number;
  latencyMs: number;
}

/** Largest scoring response read by default: a detection answer is kilobytes (100 boxes of
 * AutoML JSON are about 10 kB), so 16 MiB leaves room for tiled and verbose answers while
 * `concurrency` of them in flight stay far below the runner's memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Why scoring one image failed: the request did not get an answer (or not a 2xx), the answer was
 * over the size limit, or it was not the protocol's JSON; or the phase's deadline came first. */
export type EndpointErrorCode =
  | 'EndpointRequestFailed'
  | 'EndpointResponseTooLarge'
  | 'EndpointInvalidResponse'
  | 'EndpointDeadlineReached';

export class EndpointError extends RolloutError {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly attempts: number,
    code: EndpointErrorCode = 'EndpointRequestFailed',
  ) {
    super(code, message);
    this.name = 'EndpointError';
  }
}

const ENDPOINT_CODE: Record<string, EndpointErrorCode> = {
  HttpResponseTooLarge: 'EndpointResponseTooLarge',
  HttpInvalidResponse: 'EndpointInvalidResponse',
};

export interface Encoded {
  body: Buffer;
  contentType: string;
  path: string;
}

/** The request body, content type and route for one image, as `scoreImage` sends it. */
export function encodeRequest(target: EndpointTarget, image: Buffer): Encoded {
  const model = target.modelName ?? 'model';
  switch (target.protocol) {
    case 'automl':
    case 'json': {
      // As the AutoML samples send it: base64 with MIME line breaks (base64.encodebytes).
      const b64 = (image.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
      const body = { input_data: { columns: ['image'], index: [0], data: [`${b64}\n`] } };
      return { body: Buffer.from(JSON.stringify(body)), contentType: 'application/json', path: '' };
    }
    case 'kserve': {
      const body = {
        inputs: [{ name: 'image', shape: [1], datatype: 'BYTES', data: [image.toString('base64')] }],
      };
      return {
        body: Buffer.from(JSON.stringify(body)),
        contentType: 'application/json',
        path: `/v2/models/${model}/infer`,
      };
    }
    case 'torchserve':
      return { body: image, contentType: 'application/octet-stream', path: `/predictions/${model}` };
  }
}

type Box = { topX: number; topY: number; bottomX: number; bottomY: number };

/** An answer that parses but is not the protocol's shape; its message quotes nothing of the body. */
class ProtocolMismatch extends Error {
  override name = 'ProtocolMismatch';
}

/** Reads any supported response body into pixel-space detections; throws when the body is not the
 * protocol's shape or a box or score is not a finite number. */
export function decodeResponse(
  protocol: ScoringProtocol,
  body: unknown,
  width: number,
  height: number,
): EndpointDetection[] {
  const detections = decodeShape(protocol, body, width, height);
  detections.forEach((d, i) => {
    if (typeof d.label !== 'string' || !d.label) throw new ProtocolMismatch(`detection ${i} has no label`);
    for (const k of ['score', 'x1', 'y1', 'x2', 'y2'] as const) {
      if (typeof d[k] !== 'number' || !Number.isFinite(d[k]))
        throw new ProtocolMismatch(`detection ${i}: ${k} is not a finite number`);
    }
  });
  return detections;
}

function decodeShape(
  protocol: ScoringProtocol,
  body: unknown,
  width: number,
  height: number,
): EndpointDetection[] {
  if (protocol === 'torchserve') {
    // TorchServe's object detector: [{"<label>": [x1, y1, x2, y2], "score": s}, ...] in pixels.
    const rows = Array.isArray(body) ? (Array.isArray(body[0]) ? body[0] : body) : [];
    return (rows as Record<string, unknown>[]).map((row) => {
      const label = Object.keys(row).find((k) => k !== 'score') ?? '';
      const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = (row[label] as number[]) ?? [];
      return { label, score: Number(row.score), x1, y1, x2, y2 };
    });
  }
  if (protocol === 'kserve') {
    // KServe v2: the first output carries the AutoML JSON of each image as a BYTES string.
    const out = (body as { outputs?: { data?: unknown[] }[] }).outputs?.[0]?.data?.[0];
    return decodeShape('automl', typeof out === 'string' ? JSON.parse(out) : out, width, height);
  }
  // AutoML: one item per image, normalized corners.
  const first = Array.isArray(body) ? body[0] : body;
  const parsed = typeof first === 'string' ? JSON.parse(first) : first;
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { boxes?: unknown }).boxes))
    throw new ProtocolMismatch('no boxes list');
  const boxes = (parsed as { boxes: { box: Box; label: string; score: number }[] }).boxes;
  return boxes.map((b) => ({
    label: String(b.label),
    score: Number(b.score),
    x1: b.box.topX * width,
    y1: b.box.topY * height,
    x2: b.box.bottomX * width,
    y2: b.box.bottomY * height,
  }));
}

/** What masks text from `target`'s answers: its `mask`, else a masker that knows its credential. */
export function answerMask(target: EndpointTarget): (text: string) => string {
  if (target.mask) return target.mask;
  const masker = new SecretMasker();
  masker.add(target.credential);
  return (text) => masker.mask(text);
}

/** Scores one image; retries per the policy; throws EndpointError once attempts run out. */
export async function scoreImage(
  target: EndpointTarget,
  image: Buffer,
  size: { width: number; height: number },
  signal?: AbortSignal,
): Promise<ScoringOutcome> {
  const { body, contentType, path } = encodeRequest(target, image);
  const limit = target.maxPayloadBytes ?? 25 * 1024 * 1024;
  if (body.length > limit) {
    throw new EndpointError(
      `request of ${body.length} bytes is over the ${limit}-byte limit; not sent`,
      undefined,
      0,
    );
  }
  // AutoML JSON goes to the scoring URI itself; KServe and TorchServe routes hang off its host.
  const url = path ? new URL(path, target.scoringUri).toString() : target.scoringUri;
  const headers: Record<string, string> = { 'content-type': contentType };
  if (target.credential) headers.authorization = `Bearer ${target.credential}`;
  if (target.deployment) headers['azureml-model-deployment'] = target.deployment;
  const mask = answerMask(target);
  let res: HttpResponse & { json: unknown };
  try {
    res = await requestJson<unknown>({
      url,
      method: 'POST',
      headers,
      body,
      timeoutMs: target.timeoutMs ?? 60_000,
      maxResponseBytes: target.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      ...(target.retry ? { retry: target.retry } : {}),
      signal,
      mask,
    });
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    // A 424 is the model container failing; Azure says with which status.
    const modelStatus = e.headers?.get('ms-azureml-model-error-statuscode');
    throw new EndpointError(
      `${e.reason}${modelStatus ? ` (model error ${modelStatus})` : ''} after ${e.attempts} attempt(s)${e.bodyExcerpt ? `: ${e.bodyExcerpt}` : ''}`,
      e.status,
      e.attempts,
      ENDPOINT_CODE[e.code] ?? 'EndpointRequestFailed',
    );
  }
  let detections: EndpointDetection[];
  try {
    detections = decodeResponse(target.protocol, res.json, size.width, size.height);
  } catch (e) {
    // Not the error's own message: JSON.parse quotes the body, cut where a secret may be.
    throw new EndpointError(
      `the response is not ${target.protocol} JSON (${e instanceof ProtocolMismatch ? e.message : (e as Error).name}): ${excerpt(res.body.toString('utf8'), mask)}`,
      res.status,
      res.attempts,
      'EndpointInvalidResponse',
    );
  }
  const answeredBy = res.headers.get('azureml-model-deployment') ?? undefined;
  return {
    detections,
    ...(answeredBy ? { answeredBy } : {}),
    attempts: res.attempts,
    latencyMs: res.latencyMs,
  };
}
