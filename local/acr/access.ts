// What a registry request needs and what a token grants, in the Docker token-auth terms ACR uses:
// scopes (`repository:<name>:pull,push`), the access a `/v2/*` request requires, and the
// `WWW-Authenticate` challenge and error body ACR answers with. Pure functions; the front does I/O.

/** One grant, as in a token's `access` claim. */
export interface Access {
  type: string;
  name: string;
  actions: string[];
}

/** What one `/v2/*` request needs: nothing beyond a valid token (`/v2/`), or one action on one resource. */
export interface Need {
  type: 'repository' | 'registry';
  name: string;
  action: string;
  /** The actions the challenge's scope asks for (a push asks for pull too, as ACR's challenge does). */
  challengeActions: string[];
}

/**
 * Parse `scope` values (each may hold several space-separated scopes). A scope is
 * `type:name:actions`; the name may itself hold a `:` only for a port in a name, so the type is
 * the first field and the actions the last.
 */
export function parseScopes(values: string[]): Access[] {
  const out: Access[] = [];
  for (const value of values) {
    for (const scope of value.split(' ').filter(Boolean)) {
      const parts = scope.split(':');
      if (parts.length < 3) continue;
      const type = (parts[0] as string).replace(/\(.*\)$/, ''); // `repository(plugin)` is a repository
      const actions = (parts.at(-1) as string).split(',').filter(Boolean);
      out.push({ type, name: parts.slice(1, -1).join(':'), actions });
    }
  }
  return out;
}

/** The plane's identity owns both registries, so a token grants every action asked for. */
export function grant(requested: Access[]): Access[] {
  const merged = new Map<string, Access>();
  for (const a of requested) {
    const key = `${a.type}:${a.name}`;
    const m = merged.get(key) ?? { type: a.type, name: a.name, actions: [] };
    for (const act of a.actions) if (!m.actions.includes(act)) m.actions.push(act);
    merged.set(key, m);
  }
  return [...merged.values()];
}

export function allows(access: Access[], need: Pick<Need, 'type' | 'name' | 'action'>): boolean {
  return access.some(
    (a) =>
      a.type === need.type &&
      a.name === need.name &&
      (a.actions.includes(need.action) || a.actions.includes('*')),
  );
}

/** The repository name, the route kind and the rest of a `/v2/<name>/<kind>/<rest>` path. */
export function parseV2Path(pathname: string): { name: string; kind: string; rest: string } | undefined {
  const m = /^\/v2\/(.+?)\/(manifests|blobs|tags|referrers)\/(.*)$/.exec(pathname);
  return m ? { name: m[1] as string, kind: m[2] as string, rest: m[3] as string } : undefined;
}

/** The access a `/v2/*` request needs; undefined for `/v2/` itself (any valid token will do). */
export function needOf(method: string, pathname: string): Need | undefined {
  if (pathname === '/v2/' || pathname === '/v2') return undefined;
  if (pathname === '/v2/_catalog') {
    return { type: 'registry', name: 'catalog', action: '*', challengeActions: ['*'] };
  }
  const p = parseV2Path(pathname);
  const name = p?.name ?? pathname.replace(/^\/v2\//, '');
  if (method === 'GET' || method === 'HEAD') {
    return { type: 'repository', name, action: 'pull', challengeActions: ['pull'] };
  }
  if (method === 'DELETE') {
    return { type: 'repository', name, action: 'delete', challengeActions: ['delete'] };
  }
  return { type: 'repository', name, action: 'push', challengeActions: ['pull', 'push'] };
}

/** ACR's `WWW-Authenticate` value: realm and service always, scope when a resource is involved. */
export function challenge(
  loginServer: string,
  need?: Need,
  error?: 'insufficient_scope' | 'invalid_token',
): string {
  const parts = [`realm="https://${loginServer}/oauth2/token"`, `service="${loginServer}"`];
  if (need) parts.push(`scope="${need.type}:${need.name}:${need.challengeActions.join(',')}"`);
  if (error) parts.push(`error="${error}"`);
  return `Bearer ${parts.join(',')}`;
}

/** The distribution error body ACR sends (`{"errors":[{code,message,detail}]}`). */
export function registryError(code: string, message: string, detail: unknown = null): string {
  return JSON.stringify({ errors: [{ code, message, detail }] });
}

export const AUTH_REQUIRED =
  'authentication required, visit https://aka.ms/acr/authorization for more information.';
