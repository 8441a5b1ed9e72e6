// Image references: `[host[:port]/]repository[:tag][@sha256:...]`, split the way docker does (the
// first part is a registry host only when it has a dot or a colon, is `localhost`, or has capitals).
// The one parser of image references: deployment YAML, the step inputs, the builders and the
// local plane's pull check all read references through it.
import { RolloutError } from '../errors.js';

/** A container image reference: `[registry/]repository[:tag][@sha256:<64 hex>]`. */
export interface ImageRef {
  /** Registry host (and port), when the reference names one. */
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

// The OCI distribution reference grammar (distribution/reference), restricted to sha256 digests.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const DOMAIN =
  /^(?:localhost|(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Parses an image reference, or says why it is not one. */
export function parseImageRef(text: string): ImageRef | { problem: string } {
  const bad = (why: string) => ({ problem: `'${text}' is not an image reference: ${why}` });
  if (text !== text.trim() || text === '') return bad('it is empty or has surrounding spaces');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return bad(`digest '${digest}' is not sha256:<64 lowercase hex>`);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag))
      return bad(`tag '${tag}' must be 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`);
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  const first = parts[0] ?? '';
  if (
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || /[A-Z]/.test(first))
  ) {
    registry = first;
    parts.shift();
    if (!DOMAIN.test(registry)) return bad(`registry '${registry}' is not a host name`);
  }
  if (parts.length === 0 || parts.some((p) => !PATH_COMPONENT.test(p))) {
    return bad('the repository must be lowercase letters and digits, separated by / . _ __ or -');
  }
  const repository = parts.join('/');
  if ((registry ? registry.length + 1 : 0) + repository.length > 255)
    return bad('the name is over 255 characters');
  return {
    ...(registry === undefined ? {} : { registry }),
    repository,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

export function formatImageRef(ref: ImageRef): string {
  return `${ref.registry ? `${ref.registry}/` : ''}${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** A reference that must name its registry (what is pushed to or pulled from a known registry). */
export interface ImageReference extends ImageRef {
  /** `host[:port]`. */
  registry: string;
}

/** Parses a reference that names its registry; throws `InvalidImageReference` saying why not. */
export function parseImageReference(ref: string): ImageReference {
  const parsed = parseImageRef(ref.trim());
  const bad = (why: string) =>
    new RolloutError('InvalidImageReference', why, {
      resource: ref,
      remediation: 'write it as <registry>/<repository>@sha256:<digest> or <registry>/<repository>:<tag>',
    });
  if ('problem' in parsed) throw bad(parsed.problem);
  if (!parsed.registry) throw bad(`image reference '${ref}': it names no registry host`);
  return parsed as ImageReference;
}

export const formatImageReference = (r: ImageReference): string => formatImageRef(r);

/** `host[:port]` of a reference, `docker.io` when it names none (docker's default). */
export function registryHost(ref: string): string {
  const parsed = parseImageRef(ref);
  return 'problem' in parsed ? 'docker.io' : (parsed.registry ?? 'docker.io');
}
