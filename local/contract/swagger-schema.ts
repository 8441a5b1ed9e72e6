// Turns the saved 2022-10-01 swagger (mfe.json + machineLearningServices.json) into JSON Schema that
// ajv can check response bodies against: external common-types refs point at our stand-in
// (common-types.json), `allOf` inheritance is flattened (swagger's additionalProperties:false
// would otherwise reject inherited properties), polymorphic bases become anyOf of their
// x-ms-discriminator-value subtypes, and x-nullable admits null.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- swagger documents are untyped JSON
type S = any;

export const REFERENCE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'shared',
  'reference',
  'aml-rest-2022-10-01',
);
const COMMON = path.join(path.dirname(fileURLToPath(import.meta.url)), 'common-types.json');

type File = 'mfe' | 'mls' | 'common';

export interface SpecOperation {
  file: File;
  method: string;
  template: string;
  regex: RegExp;
  operationId: string;
  responses: Record<string, S>;
  examples: Record<string, string>;
}

export class SwaggerSchemas {
  readonly docs: Record<File, S>;
  readonly definitions: Record<string, S> = {};
  readonly operations: SpecOperation[] = [];

  constructor(dir = REFERENCE_DIR) {
    this.docs = {
      mfe: JSON.parse(readFileSync(path.join(dir, 'mfe.json'), 'utf8')),
      mls: JSON.parse(readFileSync(path.join(dir, 'machineLearningServices.json'), 'utf8')),
      common: JSON.parse(readFileSync(COMMON, 'utf8')),
    };
    for (const file of ['mfe', 'mls', 'common'] as File[]) {
      for (const name of Object.keys(this.docs[file].definitions ?? {})) this.emit(`${file}__${name}`);
    }
    for (const file of ['mfe', 'mls'] as File[]) {
      for (const [template, item] of Object.entries(this.docs[file].paths as Record<string, S>)) {
        for (const [method, op] of Object.entries(item as Record<string, S>)) {
          if (method === 'parameters') continue;
          const regex = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`, 'i');
          const responses: Record<string, S> = {};
          for (const [status, r] of Object.entries((op.responses ?? {}) as Record<string, S>)) {
            responses[status] = r.schema ? this.convert(r.schema, file) : null;
          }
          const examples: Record<string, string> = {};
          for (const [title, ex] of Object.entries((op['x-ms-examples'] ?? {}) as Record<string, S>)) {
            examples[title] = String(ex.$ref).replace(/^\.\/examples\//, '');
          }
          this.operations.push({
            file,
            method: method.toUpperCase(),
            template,
            regex,
            operationId: op.operationId,
            responses,
            examples,
          });
        }
      }
    }
  }

  /** The JSON Schema a response body must match, or null when the operation returns no body. */
  responseSchema(
    method: string,
    urlPath: string,
    status: number,
  ): { op: SpecOperation; schema: S | null } | undefined {
    const op = this.operations.find((o) => o.method === method && o.regex.test(urlPath));
    if (!op) return undefined;
    const schema =
      op.responses[String(status)] !== undefined ? op.responses[String(status)] : op.responses.default;
    return { op, schema: schema === undefined ? null : schema };
  }

  rootSchema(schema: S): S {
    return { ...schema, definitions: this.definitions };
  }

  private resolve(ref: string, file: File): { file: File; name: string } {
    const [target, frag] = ref.split('#');
    const name = (frag ?? '').replace('/definitions/', '');
    if (!target) return { file, name };
    if (/common-types|managedidentity/.test(target)) return { file: 'common', name };
    if (/machineLearningServices\.json$/.test(target)) return { file: 'mls', name };
    if (/mfe\.json$/.test(target)) return { file: 'mfe', name };
    throw new Error(`unknown $ref ${ref}`);
  }

  private raw(key: string): { schema: S; file: File } {
    const [file, name] = key.split('__') as [File, string];
    const schema = this.docs[file].definitions?.[name];
    if (!schema) throw new Error(`no definition ${key}`);
    return { schema, file };
  }

  /** Own + inherited properties (raw, each with the file it came from) of a definition or inline schema. */
  private collect(
    schema: S,
    file: File,
    into: { props: Record<string, [S, File]>; required: Set<string> },
  ): void {
    for (const part of schema.allOf ?? []) {
      if (part.$ref) {
        const r = this.resolve(part.$ref, file);
        this.collect(this.raw(`${r.file}__${r.name}`).schema, r.file, into);
      } else {
        this.collect(part, file, into);
      }
    }
    for (const [k, v] of Object.entries((schema.properties ?? {}) as Record<string, S>))
      into.props[k] = [v, file];
    for (const r of schema.required ?? []) into.required.add(r);
  }

  private emit(key: string): void {
    if (this.definitions[key] || this.definitions[`${key}__concrete`]) return;
    const { schema, file } = this.raw(key);
    this.definitions[`${key}__concrete`] = {};
    this.definitions[`${key}__concrete`] = this.concrete(schema, file);
    if (schema.discriminator) {
      const [, name] = key.split('__');
      const derived: string[] = [];
      for (const f of ['mfe', 'mls'] as File[]) {
        for (const [n, d] of Object.entries((this.docs[f].definitions ?? {}) as Record<string, S>)) {
          if (!d['x-ms-discriminator-value']) continue;
          if ((d.allOf ?? []).some((p: S) => p.$ref && this.resolve(p.$ref, f).name === name))
            derived.push(`${f}__${n}`);
        }
      }
      for (const d of derived) this.emit(d);
      this.definitions[key] = derived.length
        ? { anyOf: derived.map((d) => ({ $ref: `#/definitions/${d}__concrete` })) }
        : { $ref: `#/definitions/${key}__concrete` };
    } else {
      this.definitions[key] = { $ref: `#/definitions/${key}__concrete` };
    }
  }

  private concrete(schema: S, file: File): S {
    if (!schema.allOf && !schema.properties) return this.convert(schema, file);
    const acc = { props: {} as Record<string, [S, File]>, required: new Set<string>() };
    this.collect(schema, file, acc);
    const out: S = { type: 'object', properties: {} };
    for (const [k, [v, f]] of Object.entries(acc.props)) out.properties[k] = this.convert(v, f);
    // ARM never returns x-ms-secret properties (the examples omit them too), so they cannot be required in a response.
    const required = [...acc.required].filter((r) => acc.props[r]?.[0]?.['x-ms-secret'] !== true);
    if (required.length) out.required = required;
    if (schema.additionalProperties === false) out.additionalProperties = false;
    else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      out.additionalProperties = this.convert(schema.additionalProperties, file);
    }
    return out;
  }

  convert(schema: S, file: File): S {
    if (schema === null || typeof schema !== 'object') return schema;
    const nullable = schema['x-nullable'] === true;
    let out: S;
    if (schema.$ref) {
      const r = this.resolve(schema.$ref, file);
      this.emit(`${r.file}__${r.name}`);
      out = { $ref: `#/definitions/${r.file}__${r.name}` };
    } else if (schema.allOf || (schema.properties && schema.type === 'object')) {
      out = this.concrete(schema, file);
    } else {
      out = {};
      for (const [k, v] of Object.entries(schema as Record<string, S>)) {
        if (
          k.startsWith('x-') ||
          k === 'discriminator' ||
          k === 'example' ||
          k === 'readOnly' ||
          k === 'description'
        )
          continue;
        if (k === 'items') out.items = this.convert(v, file);
        else if (k === 'additionalProperties')
          out.additionalProperties = typeof v === 'object' ? this.convert(v, file) : v;
        else if (k === 'properties') {
          out.properties = Object.fromEntries(
            Object.entries(v as Record<string, S>).map(([pk, pv]) => [pk, this.convert(pv, file)]),
          );
        } else out[k] = v;
      }
    }
    if (nullable) return { anyOf: [out, { type: 'null' }] };
    return out;
  }
}
