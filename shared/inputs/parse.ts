// Turns the raw strings a host hands over into a step's typed inputs. All validation of input
// *form* happens here, before the step runs, and every error names the input. Also the one
// `key=value` list reader (tags, inference parameters, `--param` flags).
import path from 'node:path';
import { InputError } from '../errors.js';
import type { HostKind, InputSpec, InputSpecs, InputsOf } from './spec.js';

export interface RawInputSource {
  kind: HostKind;
  rawInput(name: string): string | undefined;
  workspaceDir(): string;
  setSecret(value: string): void;
}

export function inputAppliesTo(spec: InputSpec, host: HostKind): boolean {
  return !spec.hosts || spec.hosts.includes(host);
}

export function parseInputs<S extends InputSpecs>(specs: S, source: RawInputSource): InputsOf<S> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (!inputAppliesTo(spec, source.kind)) continue;
    const given = source.rawInput(name);
    const raw = given === undefined || given.trim() === '' ? spec.default : given;
    if (raw === undefined || raw.trim() === '') {
      if (spec.required) throw new InputError(name, 'is required but was not given');
      values[name] = undefined;
      continue;
    }
    values[name] = parseValue(name, spec, raw, source);
  }
  return values as InputsOf<S>;
}

function parseValue(name: string, spec: InputSpec, raw: string, source: RawInputSource): unknown {
  switch (spec.kind) {
    case 'string':
      return raw.trim();
    case 'secret':
      source.setSecret(raw);
      return raw;
    case 'boolean':
      return parseBoolean(name, raw);
    case 'number':
      return parseNumber(name, spec, raw);
    case 'list':
      return parseList(raw);
    case 'path':
      return path.resolve(source.workspaceDir(), raw.trim());
    case 'choice': {
      const value = raw.trim();
      if (!spec.options?.includes(value)) {
        throw new InputError(name, `'${value}' is not one of: ${spec.options?.join(', ')}`);
      }
      return value;
    }
  }
}

// The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

export function parseBoolean(name: string, raw: string): boolean {
  const value = raw.trim();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new InputError(name, `'${value}' is not a boolean`, 'use true or false');
}

export function parseNumber(name: string, spec: Pick<InputSpec, 'min' | 'max'>, raw: string): number {
  const value = raw.trim();
  const n = Number(value);
  if (value === '' || !Number.isFinite(n)) throw new InputError(name, `'${value}' is not a number`);
  if (spec.min !== undefined && n < spec.min)
    throw new InputError(name, `${n} is below the minimum ${spec.min}`);
  if (spec.max !== undefined && n > spec.max)
    throw new InputError(name, `${n} is above the maximum ${spec.max}`);
  return n;
}

/** One item per line; a single line may also be comma-separated. Blank lines and `#` comments drop. */
export function parseList(raw: string): string[] {
  const lines = raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 1) {
    return (lines[0] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  return lines;
}

/** `key=value` items into an object; the value may contain `=`, both sides are trimmed. */
export function parsePairs(input: string, items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? '' : item.slice(0, eq).trim();
    if (!key) throw new InputError(input, `'${item}' is not key=value`);
    out[key] = item.slice(eq + 1).trim();
  }
  return out;
}
