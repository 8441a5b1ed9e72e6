// Typed errors of the scorer. Each carries a stable code; the server maps them to HTTP statuses
// (400 bad image or request, 413 too large, 422 model/card mismatch or unusable parameters).
import { RolloutError } from '../errors.js';

export { ModelCardError, ModelCardMismatchError } from './card.js';

/** The bytes are not an image sharp can decode (empty, truncated, not an image format). */
export class ImageDecodeError extends RolloutError {
  constructor(message: string, resource?: string, cause?: unknown) {
    super('InvalidImage', message, {
      ...(resource === undefined ? {} : { resource }),
      remediation: 'send a complete JPEG, PNG, WebP, GIF or TIFF file',
      ...(cause === undefined ? {} : { cause }),
    });
    this.name = 'ImageDecodeError';
  }
}

/** The image (or the request) is over the configured size limit. */
export class ImageTooLargeError extends RolloutError {
  constructor(message: string, resource?: string) {
    super('ImageTooLarge', message, {
      ...(resource === undefined ? {} : { resource }),
      remediation: 'downscale the image, or raise the scorer pixel limit (maxPixels) if it is legitimate',
    });
    this.name = 'ImageTooLargeError';
  }
}

/** A request the server cannot interpret (bad JSON, wrong shape, unknown parameter). */
export class BadRequestError extends RolloutError {
  constructor(message: string, remediation?: string) {
    super('BadRequest', message, remediation === undefined ? {} : { remediation });
    this.name = 'BadRequestError';
  }
}

/** HTTP status for a scorer error; 500 for anything unexpected. */
export function httpStatusFor(e: unknown): number {
  if (!(e instanceof RolloutError)) return 500;
  switch (e.code) {
    case 'InvalidImage':
    case 'BadRequest':
    case 'InvalidModelCard':
      return 400;
    case 'ImageTooLarge':
    case 'RequestTooLarge':
      return 413;
    case 'ModelCardMismatch':
    case 'ModelRunFailed':
      return 422;
    default:
      return 500;
  }
}
