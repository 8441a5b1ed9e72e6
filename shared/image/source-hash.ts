// A variant's source hash: everything that decides the image's bytes (Dockerfile, the context files
// a builder sends, build arguments, platform, the base image digest, the model files) and nothing
// that changes per run (labels carry the commit), so a commit that changed nothing in the image
// gives the same tag and the build is skipped. Files are hashed with the suite's one content hash.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { contentHash, type ModelFiles } from '../model/files.js';
import { listContext } from './dockerignore.js';

/** Characters of the hash in the tag: 48 bits, plenty against collisions within one repository. */
export const TAG_HASH_CHARS = 12;

export interface SourceHashInput {
  variant: string;
  /** Absolute paths. */
  dockerfile: string;
  context: string;
  /** The .dockerignore in force (ignoreFileFor), if any. */
  ignoreFile?: string | undefined;
  buildArgs: Readonly<Record<string, string>>;
  platform: string;
  /** Each FROM image (ImageVariant.baseImages) and its `sha256:...`, resolved by the caller: a
   * tag can move under us, and a multi-stage Dockerfile has more than one base. */
  baseDigests?: Readonly<Record<string, string>> | undefined;
  model?: ModelFiles | undefined;
}

export interface SourceHash {
  /** sha256 hex. */
  hash: string;
  /** `<variant>-<first 12 hex>`. */
  tag: string;
  /** How many context entries were hashed (a log line shows it: a huge number means a missing
   * .dockerignore). */
  contextEntries: number;
}

export function variantTag(variant: string, hash: string): string {
  return `${variant}-${hash.slice(0, TAG_HASH_CHARS)}`;
}

export async function sourceHash(input: SourceHashInput, signal?: AbortSignal): Promise<SourceHash> {
  const entries = await listContext(input.context, input.ignoreFile);
  const files = entries.filter((e) => e.linkTarget === undefined);
  const context = await contentHash(
    {
      root: input.context,
      isFile: false,
      files: files.map(({ rel, abs, size }) => ({ rel, abs, size })),
      totalBytes: files.reduce((n, f) => n + f.size, 0),
    },
    signal,
  );
  const sorted = (o: Readonly<Record<string, string>>) =>
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]);
  // A versioned, canonical document: key order fixed here, maps as sorted pairs.
  const doc = JSON.stringify({
    v: 1,
    dockerfile: createHash('sha256')
      .update(await readFile(input.dockerfile))
      .digest('hex'),
    context,
    links: entries.filter((e) => e.linkTarget !== undefined).map((e) => [e.rel, e.linkTarget]),
    buildArgs: sorted(input.buildArgs),
    platform: input.platform,
    baseDigests: sorted(input.baseDigests ?? {}),
    model: input.model ? await contentHash(input.model, signal) : null,
  });
  const hash = createHash('sha256').update(doc).digest('hex');
  return { hash, tag: variantTag(input.variant, hash), contextEntries: entries.length };
}
