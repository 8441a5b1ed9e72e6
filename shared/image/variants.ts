// The `variants` input: which images one build-image step makes (cpu, gpu) and how each differs.
// Parsed and checked in full (names, context folder, Dockerfile, its build arguments) before
// anything is built or pushed, so a typo fails the step at once with the input named.
//
// Syntax: items as every list input takes them (one per line, or comma-separated on one line);
// each item is `<variant>` or `<variant>=<setting>;<setting>;...`, a setting being
//   dockerfile=PATH | context=PATH | target=STAGE   what to build (PATH relative to the workspace)
//   NAME=VALUE                                      a build argument (`arg:NAME=VALUE` if NAME is
//                                                   one of the words above)
//   PATH                                            a bare first setting is the Dockerfile
// e.g. `cpu=BASE=node:20-bookworm-slim, gpu=images/gpu.Dockerfile;BASE=nvcr.io/nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04`.
// `\;` is a literal semicolon in a value. Settings a variant leaves out come from `defaults`.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { parseList, parsePairs } from '../inputs/parse.js';
import { ignoreFileFor } from './dockerignore.js';
import { DockerfileProblem, PREDEFINED_ARGS, readDockerfile } from './dockerfile.js';

export interface ImageVariant {
  name: string;
  /** Absolute. */
  context: string;
  dockerfile: string;
  /** The .dockerignore builders will use (and the source hash follows). */
  ignoreFile: string | undefined;
  buildArgs: Record<string, string>;
  target: string | undefined;
  /** FROM images after build-argument substitution: the caller resolves their digests. */
  baseImages: string[];
}

export interface VariantDefaults {
  /** Relative to the workspace. */
  context: string;
  /** Relative to the workspace; `{variant}` is replaced by the variant's name. */
  dockerfile: string;
  buildArgs?: Readonly<Record<string, string>>;
}

export interface VariantOptions {
  /** The variants the step knows (it has outputs for each). */
  known: readonly string[];
  workspaceDir: string;
  defaults: VariantDefaults;
  /** Input name for messages. */
  input?: string;
}

const WORDS = new Set(['dockerfile', 'context', 'target']);

/** One variant as written in the input, before the disk is checked. */
export interface VariantRequest {
  name: string;
  dockerfile?: string;
  context?: string;
  target?: string;
  args: Record<string, string>;
}

/** Splits the input text into variants without touching the disk. */
export function parseVariantList(
  raw: string,
  known: readonly string[],
  input = 'variants',
): VariantRequest[] {
  const out: VariantRequest[] = [];
  for (const item of parseList(raw)) {
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim();
    if (!known.includes(name)) {
      throw new InputError(input, `unknown variant '${name}'`, `use one of: ${known.join(', ')}`);
    }
    if (out.some((v) => v.name === name)) throw new InputError(input, `variant '${name}' is given twice`);
    const v: VariantRequest = { name, args: {} };
    const settings = eq < 0 ? [] : splitSettings(item.slice(eq + 1));
    settings.forEach((s, i) => {
      if (i === 0 && !s.includes('=')) {
        v.dockerfile = s;
        return;
      }
      const [pair] = Object.entries(parsePairs(input, [s]));
      const [key, value] = pair as [string, string];
      if (WORDS.has(key)) v[key as 'dockerfile' | 'context' | 'target'] = value;
      else v.args[key.startsWith('arg:') ? key.slice(4) : key] = value;
    });
    out.push(v);
  }
  if (out.length === 0)
    throw new InputError(input, 'names no variant', `give one or more of: ${known.join(', ')}`);
  return out;
}

function splitSettings(text: string): string[] {
  return text
    .split(/(?<!\\);/)
    .map((s) => s.replace(/\\;/g, ';').trim())
    .filter((s) => s !== '');
}

/** Parses `variants` and checks each against the disk: context folder, Dockerfile (readable, has
 * a FROM, declares every build argument given). Throws InputError naming the input. */
export function resolveVariants(raw: string, options: VariantOptions): ImageVariant[] {
  const input = options.input ?? 'variants';
  return parseVariantList(raw, options.known, input).map((v) => {
    const context = path.resolve(options.workspaceDir, v.context ?? options.defaults.context);
    const dockerfile = path.resolve(
      options.workspaceDir,
      v.dockerfile ?? options.defaults.dockerfile.replace(/\{variant\}/g, v.name),
    );
    if (!isDir(context)) {
      throw new InputError(
        input,
        `variant '${v.name}': context folder ${context} does not exist`,
        'give context=PATH relative to the workspace, or check out the repository first',
      );
    }
    let text: string;
    try {
      text = readFileSync(dockerfile, 'utf8');
    } catch (e) {
      throw new InputError(
        input,
        `variant '${v.name}': cannot read Dockerfile ${dockerfile} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        'give dockerfile=PATH relative to the workspace',
      );
    }
    const buildArgs = { ...options.defaults.buildArgs, ...v.args };
    let facts;
    try {
      facts = readDockerfile(text, buildArgs);
    } catch (e) {
      if (!(e instanceof DockerfileProblem)) throw e;
      throw new InputError(input, `variant '${v.name}': Dockerfile ${dockerfile} ${e.message}`);
    }
    for (const name of Object.keys(v.args)) {
      if (!facts.args.has(name) && !PREDEFINED_ARGS.has(name)) {
        throw new InputError(
          input,
          `variant '${v.name}': build argument '${name}' is not declared by an ARG in ${dockerfile}`,
          `declare it (ARG ${name}) or fix its spelling; declared: ${[...facts.args].join(', ') || 'none'}`,
        );
      }
    }
    if (v.target !== undefined && !facts.stages.includes(v.target)) {
      throw new InputError(
        input,
        `variant '${v.name}': target '${v.target}' is not a stage of ${dockerfile}`,
      );
    }
    return {
      name: v.name,
      context,
      dockerfile,
      ignoreFile: ignoreFileFor(context, dockerfile),
      buildArgs,
      target: v.target,
      baseImages: facts.baseImages,
    };
  });
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
