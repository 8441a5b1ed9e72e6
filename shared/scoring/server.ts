// A small HTTP server around one DetectionScorer (node:http, no framework). It speaks the three
// protocols AML deployments use — AutoML image JSON (`POST /score`), KServe v2
// (`/v2/models/{m}/infer`, `/v2/health/*`, `/v2/models/{m}`) and TorchServe (`POST
// /predictions/{m}`, `/ping`) — so the local control plane's deployments and users' local tests
// hit the same scorer the gate uses. Bad input is a typed error mapped to 400/413/422; the server
// keeps serving.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RolloutError } from '../errors.js';
import { BadRequestError, httpStatusFor, ImageDecodeError } from './errors.js';
import { toAutoml } from './format.js';
import type { ScoredImage } from './detection.js';
import type { DetectionScorer, ParamOverrides } from './scorer.js';

export type ServeProtocol = 'automl' | 'kserve' | 'torchserve';

export interface ScoringServerOptions {
  scorer: DetectionScorer;
  /** Model name in KServe/TorchServe routes; any name is accepted when unset. */
  modelName: string;
  /** What `POST /` speaks (the other routes are always served). Default automl. */
  protocol?: ServeProtocol;
  /** Inference parameter overrides for every request (from --param and the environment). */
  overrides?: ParamOverrides;
  /** Largest request body accepted, in bytes (default 32 MiB). */
  maxRequestBytes?: number;
  host?: string;
  port?: number;
}

export interface ScoringServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export const DEFAULT_MAX_REQUEST_BYTES = 32 * 1024 * 1024;

class RequestTooLargeError extends RolloutError {
  constructor(limit: number) {
    super('RequestTooLarge', `request body is over the limit of ${limit} bytes`, {
      remediation: 'send fewer or smaller images per request',
    });
    this.name = 'RequestTooLargeError';
  }
}

class NotFoundError extends RolloutError {
  constructor(what: string) {
    super('NotFound', what);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > limit) {
      reject(new RequestTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new RequestTooLargeError(limit));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, e: unknown): void {
  const status = e instanceof NotFoundError ? 404 : httpStatusFor(e);
  const body =
    e instanceof RolloutError
      ? { error: e.message, code: e.code, ...(e.remediation ? { remediation: e.remediation } : {}) }
      : { error: 'internal error while scoring', code: 'InternalError' };
  // After an oversized body the rest of the upload is not read: close the connection.
  sendJson(res, status, body, status === 413 ? { connection: 'close' } : {});
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new BadRequestError(`request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Standard base64, MIME line breaks allowed (Python's base64.encodebytes). */
export function decodeBase64Image(v: unknown, where: string): Buffer {
  if (typeof v !== 'string') throw new BadRequestError(`${where} must be a base64 string`);
  const compact = v.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact))
    throw new ImageDecodeError(`${where} is not valid base64`, where);
  return Buffer.from(compact, 'base64');
}

/** AutoML image JSON: {"input_data": {"columns": ["image"], "index": [...], "data": [b64, ...]}}. */
export function automlRequestImages(doc: unknown): Buffer[] {
  const input = (doc as { input_data?: unknown } | null)?.input_data as
    { columns?: unknown; data?: unknown } | undefined;
  if (!input || typeof input !== 'object') {
    throw new BadRequestError('body must be {"input_data": {"columns": ["image"], "data": [<base64>, ...]}}');
  }
  const data = input.data;
  if (!Array.isArray(data) || data.length === 0)
    throw new BadRequestError('input_data.data must be a non-empty list');
  const col = Array.isArray(input.columns) ? input.columns.indexOf('image') : -1;
  return data.map((row, i) => {
    // A split-frame row may be the bare string or a one-element list [string].
    const cell = Array.isArray(row) ? row[Math.max(col, 0)] : row;
    return decodeBase64Image(cell, `input_data.data[${i}]`);
  });
}

/** TorchServe object-detector response: [{<label>: [x1, y1, x2, y2], "score": s}, ...] in pixels. */
export function toTorchServe(result: ScoredImage): Array<Record<string, number[] | number>> {
  return result.detections.map((d) => ({ [d.label]: [d.x1, d.y1, d.x2, d.y2], score: d.score }));
}

export async function startScoringServer(options: ScoringServerOptions): Promise<ScoringServer> {
  const { scorer } = options;
  const overrides = options.overrides ?? {};
  scorer.params(overrides); // fail at start, not on the first request
  const limit = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const protocol = options.protocol ?? 'automl';
  const modelName = options.modelName;

  const scoreAll = async (images: Buffer[]): Promise<ScoredImage[]> => {
    const out: ScoredImage[] = [];
    for (const [i, img] of images.entries()) out.push(await scorer.score(img, overrides, `image ${i}`));
    return out;
  };
  const checkModel = (m: string) => {
    if (decodeURIComponent(m) !== modelName)
      throw new NotFoundError(`model '${m}' is not served here (serving '${modelName}')`);
  };
  const metadata = () => ({
    name: modelName,
    versions: ['1'],
    platform: 'onnxruntime_onnx',
    inputs: [{ name: 'image', datatype: 'BYTES', shape: [-1] }],
    outputs: [{ name: 'detections', datatype: 'BYTES', shape: [-1] }],
  });

  const automl = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req, limit);
    const type = String(req.headers['content-type'] ?? '');
    // Raw image bytes are accepted too (the deployment gets whatever the client posts).
    const images = type.includes('json') || body[0] === 0x7b ? automlRequestImages(parseJson(body)) : [body];
    sendJson(res, 200, (await scoreAll(images)).map(toAutoml));
  };
  const kserveInfer = async (req: IncomingMessage, res: ServerResponse) => {
    const doc = parseJson(await readBody(req, limit)) as { id?: unknown; inputs?: unknown };
    const inputs = doc?.inputs;
    if (!Array.isArray(inputs) || inputs.length === 0)
      throw new BadRequestError('body must have a non-empty "inputs" list');
    const first = inputs[0] as { data?: unknown; datatype?: unknown };
    if (!Array.isArray(first.data) || first.data.length === 0)
      throw new BadRequestError('inputs[0].data must be a non-empty list');
    const images = first.data.map((d, i) => decodeBase64Image(d, `inputs[0].data[${i}]`));
    const results = await scoreAll(images);
    sendJson(res, 200, {
      model_name: modelName,
      model_version: '1',
      ...(typeof doc.id === 'string' ? { id: doc.id } : {}),
      outputs: [
        {
          name: 'detections',
          datatype: 'BYTES',
          shape: [results.length],
          data: results.map((r) => JSON.stringify(toAutoml(r))),
        },
      ],
    });
  };
  const torchserve = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req, limit);
    const [result] = await scoreAll([body]);
    sendJson(res, 200, toTorchServe(result as ScoredImage));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const p = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const model = (re: RegExp): string | undefined => {
      const name = re.exec(p)?.[1];
      if (name !== undefined) checkModel(name);
      return name;
    };
    if (method === 'GET' || method === 'HEAD') {
      if (
        p === '/' ||
        p === '/health' ||
        p === '/v2/health/live' ||
        p === '/v2/health/ready' ||
        p === '/v2'
      ) {
        return sendJson(
          res,
          200,
          p === '/v2' ? { name: 'aml-rollout-scorer', version: '1' } : { status: 'ok' },
        );
      }
      if (p === '/ping') return sendJson(res, 200, { status: 'Healthy' });
      if (model(/^\/v2\/models\/([^/]+)(?:\/versions\/[^/]+)?$/)) return sendJson(res, 200, metadata());
      if (model(/^\/v2\/models\/([^/]+)(?:\/versions\/[^/]+)?\/ready$/)) {
        return sendJson(res, 200, { name: modelName, ready: true });
      }
      throw new NotFoundError(`no route GET ${p}`);
    }
    if (method === 'POST') {
      if (p === '/score') return automl(req, res);
      if (model(/^\/v2\/models\/([^/]+)(?:\/versions\/[^/]+)?\/infer$/)) return kserveInfer(req, res);
      if (model(/^\/predictions\/([^/]+)(?:\/[^/]+)?$/)) return torchserve(req, res);
      if (p === '/') {
        if (protocol === 'kserve') return kserveInfer(req, res);
        if (protocol === 'torchserve') return torchserve(req, res);
        return automl(req, res);
      }
    }
    throw new NotFoundError(`no route ${method} ${p}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, e);
      // Oversized uploads: stop reading the rest so the socket does not buffer it.
      if (e instanceof RequestTooLargeError) req.resume();
    });
  });
  // Requests queue behind the single model; keep idle keep-alive sockets from piling up.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
