// From a checked variant to the build a backend runs: the source hash, the tags (`<variant>-<hash>`
// first, then the optional extra tag), the labels. Pure apart from hashing files, so the step can
// plan every variant, ask the registry which tags exist, and build only the rest.
import { InputError, RolloutError } from '../errors.js';
import type { ModelFiles } from '../model/files.js';
import { DEFAULT_PLATFORM, type ImageBuild, LABEL_MODEL, LABEL_REVISION, LABEL_SOURCE } from './build.js';
import { sourceHash, type SourceHash } from './source-hash.js';
import type { ImageVariant } from './variants.js';

/** Docker's tag grammar. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** Lower-case path components, as the distribution spec allows. */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export interface ImageLabelValues {
  /** Repository URL (GITHUB_SERVER_URL/GITHUB_REPOSITORY, BUILD_REPOSITORY_URI). */
  source?: string | undefined;
  /** Commit the image was built from. */
  revision?: string | undefined;
  /** The model it serves: an `azureml:name:version` reference or the model content hash. */
  model?: string | undefined;
}

export function imageLabels(values: ImageLabelValues): Record<string, string> {
  const labels: Record<string, string> = {};
  if (values.source) labels[LABEL_SOURCE] = values.source;
  if (values.revision) labels[LABEL_REVISION] = values.revision;
  if (values.model) labels[LABEL_MODEL] = values.model;
  return labels;
}

export interface PlanOptions {
  /** `myacr.azurecr.io` (or `localhost:port` on the local plane). */
  loginServer: string;
  repository: string;
  /** The step's optional `tag` input, added to every variant. */
  extraTag?: string | undefined;
  labels: Readonly<Record<string, string>>;
  /** Digest of each of the variant's base images (keys: ImageVariant.baseImages). */
  baseDigests?: Readonly<Record<string, string>> | undefined;
  model?: ModelFiles | undefined;
  platform?: string;
  format?: 'oci' | 'docker';
}

export interface VariantPlan {
  variant: string;
  source: SourceHash;
  /** `<loginServer>/<repository>:<variant>-<hash>`: the ref whose presence means "skip". */
  primaryRef: string;
  build: ImageBuild;
}

export function checkTag(input: string, tag: string): string {
  if (!TAG.test(tag)) {
    throw new InputError(
      input,
      `'${tag}' is not a valid image tag`,
      'use letters, digits, _ . - (at most 128, not starting with . or -)',
    );
  }
  return tag;
}

export async function planVariant(
  variant: ImageVariant,
  options: PlanOptions,
  signal?: AbortSignal,
): Promise<VariantPlan> {
  if (!REPOSITORY.test(options.repository)) {
    throw new InputError(
      'repository',
      `'${options.repository}' is not a valid repository name`,
      'use lower-case path components such as detector/inference',
    );
  }
  const missing = variant.baseImages.filter((b) => options.baseDigests && !options.baseDigests[b]);
  if (missing.length > 0) {
    throw new RolloutError(
      'BaseDigestMissing',
      `variant '${variant.name}': no digest for base image ${missing.join(', ')}`,
    );
  }
  const platform = options.platform ?? DEFAULT_PLATFORM;
  const source = await sourceHash(
    {
      variant: variant.name,
      dockerfile: variant.dockerfile,
      context: variant.context,
      ignoreFile: variant.ignoreFile,
      buildArgs: variant.buildArgs,
      platform,
      baseDigests: options.baseDigests,
      model: options.model,
    },
    signal,
  );
  const at = `${options.loginServer}/${options.repository}`;
  const tags = [source.tag, ...(options.extraTag ? [checkTag('tag', options.extraTag)] : [])];
  const refs = tags.map((t) => `${at}:${t}`);
  return {
    variant: variant.name,
    source,
    primaryRef: refs[0] as string,
    build: {
      context: variant.context,
      dockerfile: variant.dockerfile,
      ignoreFile: variant.ignoreFile,
      buildArgs: variant.buildArgs,
      platform,
      labels: options.labels,
      target: variant.target,
      refs,
      ...(options.format ? { format: options.format } : {}),
    },
  };
}
