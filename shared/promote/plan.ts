// promote's decisions, pure: what the inputs ask for (a model version, an image by digest, the
// prod registry), whether a gate report agrees with the evidence on the model version, which
// version number and tags the prod registration gets, and which blobs and tag the copy and the
// import take. The I/O is step.ts's.
import type { ModelVersion } from '@azure/arm-machinelearning';
import { InputError } from '../errors.js';
import { EVIDENCE_TAGS, type GateEvidence } from '../gate/evidence.js';
import { nextVersion } from '../model/versions.js';
import { formatImageRef, type ImageRef, parseImageRef } from '../registry/reference.js';
import { parseAssetRef } from '../spec/refs.js';

/** Tags promote adds to the prod version (the dev version's tags are carried as they are). */
export const PROMOTION_TAGS = {
  /** ARM id of the dev model version promoted. */
  from: 'aml-rollout.promoted-from',
  /** The image promoted with it, in prod's registry by digest. */
  image: 'aml-rollout.promoted-image',
} as const;

/** AP and AP50 in the report and on the tags are the same numbers written twice. */
const METRIC_TOLERANCE = 1e-9;

export interface PromoteRequest {
  model: { name: string; version: string };
  /** The image to import: by digest, naming its registry (lower-cased). */
  image?: ImageRef & { registry: string; digest: string };
  /** `target-registry` as given, normalised (lower case, no scheme, no trailing slash). */
  targetRegistry?: string;
}

/** The inputs read and checked; throws InputError before anything is looked up. */
export function readPromoteRequest(inputs: {
  'model-ref': string;
  image?: string | undefined;
  'target-registry'?: string | undefined;
}): PromoteRequest {
  const ref = parseAssetRef(inputs['model-ref'], 'models');
  if ('problem' in ref) throw new InputError('model-ref', ref.problem, 'e.g. azureml:detector:3');
  if (ref.kind !== 'version') {
    throw new InputError(
      'model-ref',
      `'${inputs['model-ref']}' does not pin a version in the source workspace`,
      'give azureml:<name>:<version> (register-model output model-ref, the version the gate judged)',
    );
  }
  const request: PromoteRequest = { model: { name: ref.name, version: ref.version } };
  const imageText = inputs.image?.trim();
  if (imageText) {
    const image = parseImageRef(imageText);
    if ('problem' in image) throw new InputError('image', image.problem);
    if (!image.registry) {
      throw new InputError(
        'image',
        `'${imageText}' names no registry`,
        "give the image on the source workspace's linked registry, e.g. devacr.azurecr.io/detector@sha256:...",
      );
    }
    if (!image.digest) {
      throw new InputError(
        'image',
        `'${imageText}' is not pinned by digest: a tag may have moved since the gate`,
        'give <registry>/<repository>@sha256:<digest> (build-image output image-cpu / image-gpu)',
      );
    }
    request.image = { ...image, registry: image.registry.toLowerCase(), digest: image.digest };
  }
  const target = inputs['target-registry']?.trim();
  if (target) request.targetRegistry = normaliseRegistry(target);
  return request;
}

export function normaliseRegistry(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
}

/** Whether `given` (a login server or an ARM name) names the registry `linked`. */
export function namesRegistry(given: string, linked: { name: string; loginServer: string }): boolean {
  const g = normaliseRegistry(given);
  return g === linked.loginServer.toLowerCase() || g === linked.name.toLowerCase();
}

/**
 * Why a gate report (`gate.json`) does not back the evidence on the model version; undefined when
 * it does: a `pass` verdict, and the judged side's AP and AP50 (the endpoint's when the gate had
 * one, as the gate writes them) equal to the tags'.
 */
export function gateReportProblem(report: unknown, evidence: GateEvidence): string | undefined {
  if (typeof report !== 'object' || report === null) return 'it is not a gate report (not a JSON object)';
  const r = report as {
    verdict?: unknown;
    local?: { coco?: { AP?: unknown; AP50?: unknown } };
    endpoint?: { coco?: { AP?: unknown; AP50?: unknown } };
  };
  if (typeof r.verdict !== 'string') return 'it has no verdict: is it the gate.json of a gate run?';
  if (r.verdict !== 'pass') return `its verdict is '${r.verdict}'`;
  const judged = r.endpoint ?? r.local;
  const ap = judged?.coco?.AP;
  const ap50 = judged?.coco?.AP50;
  if (typeof ap !== 'number' || typeof ap50 !== 'number') return 'it has no AP / AP50 for the judged side';
  const differs = (a: number, b: number) => !(Math.abs(a - b) <= METRIC_TOLERANCE);
  if (differs(ap, evidence.ap) || differs(ap50, evidence.ap50)) {
    return `it reports AP ${ap} / AP50 ${ap50}, the model version's evidence AP ${evidence.ap} / AP50 ${evidence.ap50} (${EVIDENCE_TAGS.ap}): it is the report of another gate run`;
  }
  return undefined;
}

/** The dev version number when prod has no version of that name, else the next free integer. */
export function prodVersion(devVersion: string, prodVersions: readonly ModelVersion[]): string {
  const taken = prodVersions.some((v) => v.name?.toLowerCase() === devVersion.toLowerCase());
  return taken ? nextVersion(prodVersions) : devVersion;
}

/** The dev version's tags (content hash, lineage, evidence, the user's) and where they came from. */
export function prodTags(
  devTags: Readonly<Record<string, string>> | undefined,
  devModelId: string,
  prodImage: string | undefined,
): Record<string, string> {
  return {
    ...devTags,
    [PROMOTION_TAGS.from]: devModelId,
    ...(prodImage ? { [PROMOTION_TAGS.image]: prodImage } : {}),
  };
}

/** An ARM tag map without its null values (the SDK types tags as `string | null`). */
export function tagsOf(tags: Readonly<Record<string, string | null>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The blobs of a model path: the blob itself (a one-file model) or those under it (a folder). */
export function modelBlobNames(modelPath: string, names: readonly string[]): string[] {
  return names.filter((n) => n === modelPath || n.startsWith(`${modelPath}/`)).sort();
}

/** The tag the import writes in prod: the image's own tag, else one derived from the digest. */
export function importTargetTag(image: { repository: string; tag?: string; digest: string }): string {
  return `${image.repository}:${image.tag ?? image.digest.replace(':', '-')}`;
}

/** `<login server>/<repository>@<digest>`. */
export function imageByDigest(loginServer: string, repository: string, digest: string): string {
  return formatImageRef({ registry: loginServer, repository, digest });
}
