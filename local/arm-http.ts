// ARM's wire conventions in one place: error bodies (`{"error":{"code","message"}}`), request ids,
// JSON responses, reading a request body. Every handler throws ArmError; the server turns it into
// the status, headers and body Azure would send.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json, JsonObject } from './store.js';

export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ArmErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
    /** The request part at fault (`name`, `version`, `properties.traffic`), as ARM's ErrorDetail has it. */
    readonly target?: string,
  ) {
    super(message);
    this.name = 'ArmError';
  }

  body(): JsonObject {
    const error: JsonObject = { code: this.code, message: this.message };
    if (this.target) error.target = this.target;
    if (this.details.length > 0) {
      error.details = this.details.map((d) => ({ ...d }) as JsonObject);
    }
    return { error };
  }
}

export const badArgument = (reason: string, message: string, target?: string): ArmError =>
  new ArmError(
    400,
    'BadArgument',
    message,
    [{ code: reason, message, ...(target ? { target } : {}) }],
    {},
    target,
  );

/** ARM request bodies above this are answered 413 before they are read whole (documented in docs/local-plane.md). */
export const MAX_ARM_BODY_BYTES = 4 * 1024 * 1024;

export const bodyTooLarge = (limit: number): ArmError =>
  new ArmError(
    413,
    'RequestEntityTooLarge',
    `The request body is larger than ${limit} bytes (${limit / 1024 / 1024} MiB), the most this service accepts.`,
    [],
    // The rest of the body is discarded, not read: the connection cannot be reused.
    { connection: 'close' },
  );

export const notFound = (what: string, id: string): ArmError =>
  new ArmError(404, 'ResourceNotFound', `The Resource '${id}' under resource group was not found. (${what})`);

export function sendJson(
  res: ServerResponse,
  status: number,
  body: Json | undefined,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * The whole body, or a 413 ArmError once it passes `limit`: a declared length over the limit is
 * refused before a byte is read; past the limit the rest is drained and dropped (never buffered), so
 * the client still gets the answer instead of a reset connection.
 */
export function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(bodyTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        chunks.length = 0;
        req.off('data', onData);
        req.resume();
        reject(bodyTooLarge(limit));
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function readJson(req: IncomingMessage, limit = MAX_ARM_BODY_BYTES): Promise<JsonObject> {
  const raw = await readBody(req, limit);
  if (raw.length === 0) return {};
  try {
    const parsed = JSON.parse(raw.toString('utf8')) as Json;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('not an object');
    }
    return parsed;
  } catch {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized.',
    );
  }
}

export function requestIds(req: IncomingMessage): Record<string, string> {
  const id = randomUUID();
  const client = req.headers['x-ms-client-request-id'];
  return {
    'x-ms-request-id': id,
    'x-ms-correlation-request-id': String(req.headers['x-ms-correlation-request-id'] ?? id),
    ...(typeof client === 'string' ? { 'x-ms-client-request-id': client } : {}),
  };
}
