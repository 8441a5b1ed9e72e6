// What a registry's `WWW-Authenticate` header asks for: the scheme (Bearer with realm, service and
// scope, or Basic), parsed per RFC 7235 (quoted strings with escapes, commas inside quotes), and
// the repository scopes the distribution token protocol names (`repository:<name>:pull,push`).
import { RolloutError } from '../errors.js';

export interface RegistryChallenge {
  scheme: 'Bearer' | 'Basic';
  realm?: string;
  service?: string;
  /** Space-separated scopes, as the header gives them. */
  scope?: string;
}

export interface RepositoryScope {
  /** `repository` (or `registry` for catalog access). */
  type: string;
  name: string;
  actions: string[];
}

/** The first challenge of a scheme we speak, or a RolloutError naming what the registry asked for. */
export function parseChallenge(header: string | null | undefined): RegistryChallenge {
  for (const c of parseChallenges(header ?? '')) {
    const scheme = c.scheme.toLowerCase();
    if (scheme !== 'bearer' && scheme !== 'basic') continue;
    const out: RegistryChallenge = { scheme: scheme === 'bearer' ? 'Bearer' : 'Basic' };
    for (const key of ['realm', 'service', 'scope'] as const) {
      const value = c.params[key];
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  throw new RolloutError(
    'RegistryChallengeUnsupported',
    `the registry's sign-in challenge is not Bearer or Basic: '${(header ?? '').slice(0, 120)}'`,
    { remediation: 'use a registry that speaks the OCI distribution token protocol (ACR does)' },
  );
}

/** Every challenge of the header, with its parameters (names lower-cased, values unquoted). */
export function parseChallenges(header: string): { scheme: string; params: Record<string, string> }[] {
  const out: { scheme: string; params: Record<string, string> }[] = [];
  let i = 0;
  const skip = () => {
    while (i < header.length && /[\s,]/.test(header[i] as string)) i++;
  };
  const token = () => {
    const m = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(header.slice(i));
    i += m ? m[0].length : 0;
    return m ? m[0] : '';
  };
  while (true) {
    skip();
    const scheme = token();
    if (!scheme) break;
    const params: Record<string, string> = {};
    out.push({ scheme, params });
    while (true) {
      const save = i;
      skip();
      const name = token();
      while (header[i] === ' ') i++;
      if (!name || header[i] !== '=') {
        // Not `name=`: the next challenge's scheme (or a token68, which we do not use).
        i = save;
        break;
      }
      i++;
      while (header[i] === ' ') i++;
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < header.length && header[i] !== '"') {
          if (header[i] === '\\') i++;
          value += header[i] ?? '';
          i++;
        }
        i++;
      } else {
        value = token();
      }
      params[name.toLowerCase()] = value;
    }
  }
  return out;
}

/** `repository:a/b:pull,push repository:c:pull` -> scopes; a malformed item is skipped. */
export function parseScopes(scope: string | undefined): RepositoryScope[] {
  const out: RepositoryScope[] = [];
  for (const item of (scope ?? '').split(' ').filter(Boolean)) {
    // The name may hold a port-less host-like part but never a colon; the actions are last.
    const first = item.indexOf(':');
    const last = item.lastIndexOf(':');
    if (first < 0 || last === first) continue;
    out.push({
      type: item.slice(0, first),
      name: item.slice(first + 1, last),
      actions: item
        .slice(last + 1)
        .split(',')
        .filter(Boolean),
    });
  }
  return out;
}

export function formatScope(scope: RepositoryScope): string {
  return `${scope.type}:${scope.name}:${scope.actions.join(',')}`;
}

/** The scope a request on a repository needs. */
export function repositoryScope(repository: string, actions: readonly string[]): string {
  return formatScope({ type: 'repository', name: repository, actions: [...actions] });
}
