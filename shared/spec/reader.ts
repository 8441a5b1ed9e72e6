// Reads one `az ml` YAML document into plain values while collecting problems with their path
// and line: syntax errors, wrong types, values out of range, fields refused with a reason, and
// unknown fields. Documents are read with the YAML 1.1 schema, as the CLI (PyYAML) reads them, so
// `yes`/`no` are booleans there and here.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { SpecIssue, SpecSourceKind } from './issues.js';

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `request_settings.max_queue_wait_ms`, `identity.user_assigned_identities[0]`, `tags["a.b"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** How a value reads in a message: strings quoted, mappings and lists by kind. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return 'a date';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

export type Mapping = Record<string, unknown>;

export function isMapping(v: unknown): v is Mapping {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** One parsed document: its plain value, and where each path sits in the text. */
export class YamlDocument {
  readonly issues: SpecIssue[] = [];
  readonly value: unknown;
  private readonly lineCounter = new LineCounter();
  private readonly doc;

  constructor(
    text: string,
    readonly source: string,
    readonly kind: SpecSourceKind,
  ) {
    this.doc = parseDocument(text, {
      lineCounter: this.lineCounter,
      schema: 'yaml-1.1',
      merge: true,
      prettyErrors: false,
      uniqueKeys: true,
    });
    for (const e of this.doc.errors) {
      const pos = this.lineCounter.linePos(e.pos[0]);
      this.issues.push({
        kind,
        source,
        path: '',
        message: `is not valid YAML: ${e.message.split('\n')[0]}`,
        line: pos.line,
        column: pos.col,
      });
    }
    this.value = this.doc.errors.length ? undefined : this.doc.toJS({ maxAliasCount: 1000 });
  }

  get valid(): boolean {
    return this.doc.errors.length === 0;
  }

  /** The node at a path (aliases followed), and the key node when the last segment is a map key. */
  private find(path: readonly PathSegment[]): { node?: Node; key?: Node } {
    let node: unknown = this.doc.contents;
    let key: Node | undefined;
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
        );
        if (!pair) return {};
        key = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        key = undefined;
        node = node.items[seg];
      } else {
        return {};
      }
    }
    if (isAlias(node)) node = node.resolve(this.doc);
    return { node: (node ?? undefined) as Node | undefined, key };
  }

  /** 1-based line and column of the value at a path (or of its key). */
  position(
    path: readonly PathSegment[],
    of: 'value' | 'key' = 'value',
  ): { line: number; column: number } | undefined {
    const found = this.find(path);
    const node = of === 'key' ? (found.key ?? found.node) : (found.node ?? found.key);
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const pos = this.lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  /** A scalar exactly as written (`1.10`, `yes`), for values that must stay strings. */
  sourceText(path: readonly PathSegment[]): string | undefined {
    const { node } = this.find(path);
    return isScalar(node) ? node.source : undefined;
  }

  report(path: readonly PathSegment[], message: string, hint?: string, of: 'value' | 'key' = 'value'): void {
    // A missing field points at its parent, the nearest thing in the file.
    let pos = this.position(path, of);
    for (let n = path.length - 1; !pos && n > 0; n--) pos = this.position(path.slice(0, n), 'key');
    this.issues.push({
      kind: this.kind,
      source: this.source,
      path: formatPath(path),
      message,
      ...(hint ? { hint } : {}),
      ...(pos ? { line: pos.line, column: pos.column } : {}),
    });
  }
}

export interface IntegerRule {
  min?: number;
  max?: number;
  hint?: string;
}

/**
 * Typed reads of one mapping. Every key asked for becomes a known field; `finish()` reports the
 * rest as unknown, with the nearest known name as a suggestion.
 */
export class MappingReader {
  private readonly known = new Set<string>();

  constructor(
    readonly doc: YamlDocument,
    readonly path: readonly PathSegment[],
    readonly value: Mapping,
  ) {}

  private at(key: string): PathSegment[] {
    return [...this.path, key];
  }

  report(key: string, message: string, hint?: string, of: 'value' | 'key' = 'value'): void {
    this.doc.report(this.at(key), message, hint, of);
  }

  /** The raw value (undefined when absent); marks the key known. */
  raw(key: string): unknown {
    this.known.add(key);
    return this.value[key];
  }

  has(key: string): boolean {
    this.known.add(key);
    return key in this.value;
  }

  private typeError(key: string, expected: string, v: unknown, hint?: string): undefined {
    this.report(key, `expected ${expected}, got ${describeValue(v)}`, hint);
    return undefined;
  }

  string(key: string, check?: (v: string) => string | undefined, hint?: string): string | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return this.typeError(key, 'string', v, hint);
    const problem = check?.(v);
    if (problem) {
      this.report(key, problem, hint);
      return undefined;
    }
    return v;
  }

  requiredString(key: string, check?: (v: string) => string | undefined, hint?: string): string | undefined {
    if (this.raw(key) === undefined) {
      this.report(key, 'is required', hint);
      return undefined;
    }
    return this.string(key, check, hint);
  }

  integer(key: string, rule: IntegerRule = {}): number | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.typeError(key, 'integer', v, rule.hint);
    if (rule.min !== undefined && v < rule.min) {
      this.report(key, `must be at least ${rule.min}, got ${v}`, rule.hint);
      return undefined;
    }
    if (rule.max !== undefined && v > rule.max) {
      this.report(key, `must be at most ${rule.max}, got ${v}`, rule.hint);
      return undefined;
    }
    return v;
  }

  boolean(key: string): boolean | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') return this.typeError(key, 'boolean', v);
    return v;
  }

  /** One of `values`, compared case-insensitively as the CLI does; returned as listed. */
  choice<T extends string>(key: string, values: readonly T[], hint?: string): T | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return this.typeError(key, `one of ${values.join(', ')}`, v, hint);
    const found = values.find((c) => c.toLowerCase() === v.toLowerCase());
    if (!found) this.report(key, `expected one of ${values.join(', ')}, got ${describeValue(v)}`, hint);
    return found;
  }

  mapping(key: string): MappingReader | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (!isMapping(v)) return this.typeError(key, 'a mapping', v);
    return new MappingReader(this.doc, this.at(key), v);
  }

  /**
   * A mapping of names to string values (tags, properties, environment variables). Numbers and
   * booleans are taken as written (`1.10` stays "1.10"), since Azure stores these as strings.
   */
  stringMap(
    key: string,
    checkName?: (name: string) => string | undefined,
  ): Record<string, string> | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    if (!isMapping(v)) return this.typeError(key, 'a mapping of names to strings', v);
    const out: Record<string, string> = {};
    for (const [name, item] of Object.entries(v)) {
      const path = [...this.path, key, name];
      const problem = checkName?.(name);
      if (problem) {
        this.doc.report(path, problem, undefined, 'key');
        continue;
      }
      if (typeof item === 'string') out[name] = item;
      else if (typeof item === 'number' || typeof item === 'boolean' || item instanceof Date) {
        out[name] = this.doc.sourceText(path) ?? String(item);
      } else {
        this.doc.report(
          path,
          `expected a string value, got ${describeValue(item)}`,
          "write '' for an empty value",
        );
      }
    }
    return out;
  }

  /** A field the CLI knows that the deploy step does not take: reported with the reason if present. */
  refuse(key: string, message: string, hint?: string): void {
    if (this.has(key)) this.report(key, message, hint, 'key');
  }

  /** Output-only fields (`az ml ... show` prints them): accepted and ignored, as the CLI does. */
  ignore(keys: readonly string[], ignored: string[]): void {
    for (const key of keys) if (this.has(key)) ignored.push(formatPath(this.at(key)));
  }

  /** Reports every key no reader asked for. */
  finish(): void {
    for (const key of Object.keys(this.value)) {
      if (this.known.has(key)) continue;
      const near = nearest(key, [...this.known]);
      this.doc.report(
        this.at(key),
        'is not a field of this schema',
        near ? `did you mean '${near}'?` : `known fields: ${[...this.known].sort().join(', ')}`,
        'key',
      );
    }
  }
}

/** The known name within edit distance 2 (or a case-only difference), if any. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = k.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/** The document's root mapping, or a reported problem. */
export function rootMapping(doc: YamlDocument): MappingReader | undefined {
  if (!doc.valid) return undefined;
  if (!isMapping(doc.value)) {
    doc.report(
      [],
      `expected a mapping of fields, got ${doc.value == null ? 'an empty document' : describeValue(doc.value)}`,
    );
    return undefined;
  }
  return new MappingReader(doc, [], doc.value);
}
