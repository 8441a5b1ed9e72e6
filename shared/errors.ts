// Typed errors for the whole suite. Every failure a user can act on carries a stable `code`,
// the resource involved and a remediation hint, so hosts can print one clear line and tests can
// assert on the code rather than on prose.

export interface RolloutErrorOptions {
  /** The thing the error is about: an input name, a resource id, a file path. */
  resource?: string;
  /** What the user can do about it. */
  remediation?: string;
  cause?: unknown;
  /** Step outputs that hold even though the step fails (a gate's verdict and report): the step
   * runner sets them before it marks the step failed. */
  outputs?: Readonly<Record<string, string>>;
}

export class RolloutError extends Error {
  readonly code: string;
  readonly resource: string | undefined;
  readonly remediation: string | undefined;
  readonly outputs: Readonly<Record<string, string>> | undefined;

  constructor(code: string, message: string, options: RolloutErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RolloutError';
    this.code = code;
    this.resource = options.resource;
    this.remediation = options.remediation;
    this.outputs = options.outputs;
  }

  /** One line for a log or an annotation: code, message, and the hint if there is one. */
  toLine(): string {
    return `${this.code}: ${this.message}${this.remediation ? ` (${this.remediation})` : ''}`;
  }
}

/** A step input is missing, malformed or out of range. Raised before anything is changed. */
export class InputError extends RolloutError {
  constructor(input: string, message: string, remediation?: string) {
    super('InvalidInput', `input '${input}': ${message}`, {
      resource: input,
      ...(remediation === undefined ? {} : { remediation }),
    });
    this.name = 'InputError';
  }
}

/** The step exists in the catalogue but its behaviour has not been built yet. */
export class StepNotAvailableError extends RolloutError {
  constructor(step: string) {
    super('StepNotAvailable', `step '${step}' is not available yet in this version of the suite`, {
      resource: step,
      remediation: 'pin a release that ships it, or follow the project issue for this step',
    });
    this.name = 'StepNotAvailableError';
  }
}

export function isRolloutError(e: unknown): e is RolloutError {
  return e instanceof RolloutError;
}

/** A readable line for any thrown value, without stack noise. */
export function describeError(e: unknown): string {
  if (isRolloutError(e)) return e.toLine();
  if (e instanceof Error) return e.message;
  return String(e);
}
