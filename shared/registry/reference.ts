// Image references: `host[:port]/repo[:tag][@sha256:...]`, split the way docker does (the first
// part is a registry host only when it has a dot, a colon or is `localhost`).
import { RolloutError } from '../errors.js';

export interface ImageReference {
  /** `host[:port]`. */
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImageReference(ref: string): ImageReference {
  const bad = (why: string) =>
    new RolloutError('InvalidImageReference', `image reference '${ref}': ${why}`, {
      resource: ref,
      remediation: 'write it as <registry>/<repository>@sha256:<digest> or <registry>/<repository>:<tag>',
    });
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw bad('the digest is not sha256:<64 hex digits>');
  }
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  if (!first || !(first.includes('.') || first.includes(':') || first === 'localhost'))
    throw bad('it names no registry host');
  let repository = rest.slice(slash + 1);
  let tag: string | undefined;
  const colon = repository.lastIndexOf(':');
  if (colon >= 0) {
    tag = repository.slice(colon + 1);
    repository = repository.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw bad(`'${tag}' is not a valid tag`);
  }
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository))
    throw bad(`'${repository}' is not a valid repository name`);
  return { registry: first, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

export function formatImageReference(r: ImageReference): string {
  return `${r.registry}/${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}
