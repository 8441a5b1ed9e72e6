// What to register, from the step inputs and an optional `az ml` model YAML (inputs win). Owns
// the form rules: AML asset names and versions, `key=value` tags and properties, model types.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError, RolloutError } from '../errors.js';
import { parsePairs } from '../inputs/parse.js';
import { MODEL_TYPES, type ModelSpecInputs, type ModelType } from './inputs.js';

export interface ModelSpec {
  name: string;
  /** An explicit version, or `auto` for the next integer. */
  version: string;
  type: ModelType;
  /** Absolute model path (file or folder). */
  path: string;
  description: string | undefined;
  tags: Record<string, string>;
  properties: Record<string, string>;
}

// As AML (and the local plane) check asset names; versions allow dots as well.
const NAME_RULE = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
const VERSION_RULE = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}$/;

/** Tag keys this step writes itself; users cannot set them. */
export const CONTENT_HASH_TAG = 'aml-rollout.content-sha256';
export const RESERVED_TAG_PREFIX = 'aml-rollout.';

export async function resolveModelSpec(inputs: ModelSpecInputs): Promise<ModelSpec> {
  const yaml = inputs['model-yaml'] ? await loadModelYaml(inputs['model-yaml']) : {};
  const name = inputs.name ?? yaml.name;
  if (!name) throw new InputError('name', 'is required (give name, or a model-yaml with name)');
  if (!NAME_RULE.test(name)) {
    throw new InputError(
      'name',
      `'${name}' is not a valid model name`,
      'start with a letter or digit; use only letters, digits, - and _; at most 255 characters',
    );
  }
  const version = inputs.version ?? yaml.version ?? 'auto';
  if (version !== 'auto' && !VERSION_RULE.test(version)) {
    throw new InputError('version', `'${version}' is not a valid model version`, 'use auto, or e.g. 3');
  }
  const type = inputs.type ?? yaml.type ?? 'custom_model';
  if (!(MODEL_TYPES as readonly string[]).includes(type)) {
    throw new InputError('type', `'${type}' is not one of: ${MODEL_TYPES.join(', ')}`);
  }
  const modelPath = inputs.path ?? yaml.path;
  if (!modelPath) throw new InputError('path', 'is required (give path, or a model-yaml with path)');
  return {
    name,
    version,
    type: type as ModelType,
    path: modelPath,
    description: inputs.description ?? yaml.description,
    tags: { ...yaml.tags, ...userPairs('tags', inputs.tags ?? []) },
    properties: { ...yaml.properties, ...userPairs('properties', inputs.properties ?? []) },
  };
}

/** `key=value` tags or properties given as inputs; keys of this step's own tags are refused. */
function userPairs(input: string, items: readonly string[]): Record<string, string> {
  const pairs = parsePairs(input, items);
  for (const key of Object.keys(pairs)) checkKey(input, key);
  return pairs;
}

function checkKey(input: string, key: string): void {
  if (key.startsWith(RESERVED_TAG_PREFIX)) {
    throw new InputError(input, `'${key}' is reserved for the tags this step writes`);
  }
}

interface ModelYaml {
  name?: string;
  version?: string;
  type?: string;
  path?: string;
  description?: string;
  tags?: Record<string, string>;
  properties?: Record<string, string>;
}

/** The fields of an `az ml model create -f` YAML this step understands; `path` is relative to the file. */
export async function loadModelYaml(file: string): Promise<ModelYaml> {
  const fail = (message: string) =>
    new RolloutError('InvalidModelYaml', `model YAML ${file}: ${message}`, {
      resource: file,
      remediation:
        'see https://aka.ms/ml-cli-v2-model-yaml-reference (name, version, path, type, description, tags)',
    });
  let doc: unknown;
  try {
    doc = parseYaml(await readFile(file, 'utf8'));
  } catch (e) {
    throw fail((e as Error).message);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw fail('is not a mapping');
  const d = doc as Record<string, unknown>;
  const scalar = (k: string): string | undefined => {
    const v = d[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    throw fail(`'${k}' must be a string`);
  };
  const map = (k: string): Record<string, string> | undefined => {
    const v = d[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw fail(`'${k}' must be a mapping`);
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
      checkKey(`model-yaml ${k}`, key);
      out[key] = String(value);
    }
    return out;
  };
  const rawPath = scalar('path');
  if (rawPath && /^[a-z][a-z0-9+.-]*:\/\//i.test(rawPath)) {
    throw fail(`'path' ${rawPath} is remote; this step registers local files`);
  }
  const out: ModelYaml = {};
  const set = <K extends keyof ModelYaml>(k: K, v: ModelYaml[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('name', scalar('name'));
  set('version', scalar('version'));
  set('type', scalar('type'));
  set('path', rawPath ? path.resolve(path.dirname(file), rawPath) : undefined);
  set('description', scalar('description'));
  set('tags', map('tags'));
  set('properties', map('properties'));
  return out;
}
