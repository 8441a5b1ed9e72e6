// Field-by-field reading of a raw card document: each accessor validates one value and every
// failure names the exact dotted field (`preprocess.resize.mode`) and the card's source.
import { ModelCardError } from './errors.js';
import type { OutputRef } from './types.js';

export type Raw = Record<string, unknown>;

/** Reads fields off one object with a path prefix, so every error names the exact field. */
export class FieldReader {
  constructor(
    private readonly obj: Raw,
    private readonly prefix: string,
    private readonly source: string | undefined,
    /** How a failure is raised: a card's by default; parameters given elsewhere (a step input,
     * an environment) name where they came from instead. */
    private readonly error: (field: string, message: string) => Error = (field, message) =>
      new ModelCardError(field, message, source),
  ) {}

  fail(key: string, message: string): never {
    throw this.error(this.path(key), message);
  }

  path(key: string): string {
    return this.prefix ? `${this.prefix}.${key}` : key;
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  raw(key: string): unknown {
    return this.obj[key];
  }

  object(key: string, required = true): FieldReader {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (required) this.fail(key, 'is required');
      return new FieldReader({}, this.path(key), this.source, this.error);
    }
    if (typeof v !== 'object' || Array.isArray(v)) this.fail(key, 'must be a mapping');
    return new FieldReader(v as Raw, this.path(key), this.source, this.error);
  }

  number(key: string, fallback?: number, range?: { min?: number; max?: number; integer?: boolean }): number {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (fallback === undefined) this.fail(key, 'is required');
      return fallback;
    }
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n))
      this.fail(key, `must be a number, got ${JSON.stringify(v)}`);
    if (range?.integer && !Number.isInteger(n)) this.fail(key, `must be an integer, got ${n}`);
    if (range?.min !== undefined && n < range.min) this.fail(key, `must be >= ${range.min}, got ${n}`);
    if (range?.max !== undefined && n > range.max) this.fail(key, `must be <= ${range.max}, got ${n}`);
    return n;
  }

  optionalNumber(key: string, range?: { min?: number; max?: number; integer?: boolean }): number | undefined {
    return this.has(key) ? this.number(key, undefined, range) : undefined;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  enumOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (fallback === undefined) this.fail(key, `is required (one of ${allowed.join(', ')})`);
      return fallback;
    }
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(key, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    }
    return v as T;
  }

  string(key: string, fallback?: string): string {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (fallback === undefined) this.fail(key, 'is required');
      return fallback;
    }
    if (typeof v !== 'string' || v === '') this.fail(key, 'must be a non-empty string');
    return v;
  }

  outputRef(key: string, fallback?: OutputRef): OutputRef {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (fallback === undefined) this.fail(key, 'is required (an output name or a 0-based index)');
      return fallback;
    }
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
    this.fail(key, `must be an output name or a 0-based index, got ${JSON.stringify(v)}`);
  }

  outputRefs(key: string): OutputRef[] {
    const v = this.obj[key];
    if (!Array.isArray(v) || v.length === 0)
      this.fail(key, 'must be a non-empty list of output names or indices');
    return v.map((item, i) =>
      new FieldReader({ [String(i)]: item }, this.path(key), this.source, this.error).outputRef(String(i)),
    );
  }

  numbers(key: string, fallback?: number[], length?: number): number[] {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (fallback === undefined) this.fail(key, 'is required');
      return fallback;
    }
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      this.fail(key, 'must be a list of numbers');
    }
    if (length !== undefined && v.length !== length)
      this.fail(key, `must have ${length} numbers, got ${v.length}`);
    return v as number[];
  }

  rgb(key: string, fallback: [number, number, number]): [number, number, number] {
    const v = this.obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'number') {
      if (v < 0 || v > 255) this.fail(key, 'must be in 0..255');
      return [v, v, v];
    }
    if (typeof v === 'string' && /^#[0-9a-f]{6}$/i.test(v)) {
      const n = Number.parseInt(v.slice(1), 16);
      return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    }
    const list = this.numbers(key, undefined, 3);
    if (list.some((x) => x < 0 || x > 255)) this.fail(key, 'values must be in 0..255');
    return list as [number, number, number];
  }
}
