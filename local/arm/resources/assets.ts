// Model and environment assets: containers and immutable versions (get, list, create, delete). Both
// kinds share AML's container/version shape; the first version registered creates its container.
import { ArmError, badArgument, notFound, readJson, sendJson } from '../../arm-http.js';
import { compact, findKey, obj, parseAssetRef, resource, str, systemData, TYPES } from '../../resources.js';
import { checkAssetName, checkAssetVersion } from '../../rules.js';
import type { ArmResource, AssetState, JsonObject, PlaneState } from '../../store.js';
import type { ArmServices } from '../context.js';
import { findWorkspace, workspaceOf } from '../lookup.js';
import { type ArmCall, type ArmRouter, type Params, sendList, WORKSPACES } from '../router.js';

export type AssetKind = 'models' | 'environments';

export function assetRoutes(router: ArmRouter, s: ArmServices): void {
  const st = () => s.store.state;
  for (const kind of ['models', 'environments'] as const) {
    const op = kind === 'models' ? 'Model' : 'Environment';
    const base = `${WORKSPACES}/:ws/${kind}`;
    router.on('GET', base, `${op}Containers_List`, async (c, p) =>
      sendList(
        c,
        Object.values(workspaceOf(st(), p)[kind]).map((a) => a.container),
      ),
    );
    router.on('GET', `${base}/:name`, `${op}Containers_Get`, async (c, p) =>
      sendJson(c.res, 200, assetOf(st(), p, kind).container, c.ids),
    );
    router.on('PUT', `${base}/:name`, `${op}Containers_CreateOrUpdate`, (c, p) =>
      putContainer(s, c, p, kind),
    );
    router.on('DELETE', `${base}/:name`, `${op}Containers_Delete`, async (c, p) => {
      const all = workspaceOf(st(), p)[kind];
      const key = findKey(all, p.name as string);
      if (!key) return sendJson(c.res, 204, undefined, c.ids);
      delete all[key];
      s.store.save();
      sendJson(c.res, 200, undefined, c.ids);
    });
    router.on('GET', `${base}/:name/versions`, `${op}Versions_List`, async (c, p) =>
      sendList(c, Object.values(assetOf(st(), p, kind).versions)),
    );
    router.on('GET', `${base}/:name/versions/:version`, `${op}Versions_Get`, async (c, p) =>
      sendJson(c.res, 200, assetVersionOf(st(), p, kind), c.ids),
    );
    router.on('PUT', `${base}/:name/versions/:version`, `${op}Versions_CreateOrUpdate`, (c, p) =>
      putVersion(s, c, p, kind),
    );
    router.on('DELETE', `${base}/:name/versions/:version`, `${op}Versions_Delete`, async (c, p) => {
      const all = workspaceOf(st(), p)[kind];
      const key = findKey(all, p.name as string);
      const a = key ? all[key] : undefined;
      const vkey = a ? findKey(a.versions, p.version as string) : undefined;
      if (!a || !vkey) return sendJson(c.res, 204, undefined, c.ids);
      const modelUri = kind === 'models' ? str(a.versions[vkey]?.properties.modelUri) : undefined;
      delete a.versions[vkey];
      refreshLatest(a);
      s.store.save();
      // The version owned its blobs unless another model version (re-registered content) still uses them.
      if (modelUri && !modelUriInUse(st(), modelUri)) {
        await s.runtime.removeModelFiles(workspaceOf(st(), p).resource.name, modelUri);
      }
      sendJson(c.res, 200, undefined, c.ids);
    });
  }
}

/** Whether any model version left on the plane has this `modelUri`, or one inside or around it. */
function modelUriInUse(st: PlaneState, modelUri: string): boolean {
  const base = modelUri.replace(/\/+$/, '');
  for (const w of Object.values(st.workspaces)) {
    for (const a of Object.values(w.models)) {
      for (const v of Object.values(a.versions)) {
        const other = (str(v.properties.modelUri) ?? '').replace(/\/+$/, '');
        if (other === base || other.startsWith(`${base}/`) || base.startsWith(`${other}/`)) return true;
      }
    }
  }
  return false;
}

/** Resolve a deployment's model/environment reference against this plane's workspaces. */
export function resolveAsset(
  st: PlaneState,
  ws: string,
  ref: string | undefined,
  kind: AssetKind,
): ArmResource | undefined {
  if (!ref) return undefined;
  const parsed = parseAssetRef(ref, kind);
  if (!parsed) return undefined;
  const w = findWorkspace(st, parsed.workspace ?? ws);
  const a = w?.[kind][findKey(w[kind], parsed.name) ?? ''];
  return a?.versions[findKey(a.versions, parsed.version) ?? ''];
}

function assetOf(st: PlaneState, p: Params, kind: AssetKind): AssetState {
  const w = workspaceOf(st, p);
  const key = findKey(w[kind], p.name as string);
  if (!key) throw notFound(kind, `${w.resource.id}/${kind}/${p.name}`);
  return w[kind][key] as AssetState;
}

function assetVersionOf(st: PlaneState, p: Params, kind: AssetKind): ArmResource {
  const a = assetOf(st, p, kind);
  const key = findKey(a.versions, p.version as string);
  if (!key) throw notFound(kind, `${a.container.id}/versions/${p.version}`);
  return a.versions[key] as ArmResource;
}

async function putContainer(s: ArmServices, c: ArmCall, p: Params, kind: AssetKind): Promise<void> {
  const w = workspaceOf(s.store.state, p);
  const name = p.name as string;
  const nameError = checkAssetName(kind === 'models' ? 'Model' : 'Environment', name);
  if (nameError) throw nameError;
  const body = await readJson(c.req);
  const props = obj(body.properties) ?? {};
  const key = findKey(w[kind], name);
  const previous = key ? w[kind][key] : undefined;
  const container = resource(
    `${w.resource.id}/${kind}/${name}`,
    key ?? name,
    kind === 'models' ? TYPES.modelContainer : TYPES.environmentContainer,
    compact({
      ...props,
      isArchived: props.isArchived ?? false,
      latestVersion: undefined,
      nextVersion: undefined,
    }),
    previous?.container,
  );
  const state: AssetState = { container, versions: previous?.versions ?? {} };
  refreshLatest(state);
  w[kind][key ?? name] = state;
  s.store.save();
  sendJson(c.res, previous ? 200 : 201, state.container, c.ids);
}

function refreshLatest(a: AssetState): void {
  const versions = Object.keys(a.versions);
  const numeric = versions.map(Number).filter((n) => Number.isInteger(n));
  const latest = versions.length === 0 ? undefined : (versions[versions.length - 1] as string);
  const next = numeric.length === 0 ? '1' : String(Math.max(...numeric) + 1);
  a.container.properties = compact({
    ...a.container.properties,
    latestVersion: latest ?? null,
    nextVersion: next,
  });
}

async function putVersion(s: ArmServices, c: ArmCall, p: Params, kind: AssetKind): Promise<void> {
  const w = workspaceOf(s.store.state, p);
  const name = p.name as string;
  const version = p.version as string;
  const label = kind === 'models' ? 'Model' : 'Environment';
  const refused = checkAssetName(label, name) ?? checkAssetVersion(label, version);
  if (refused) throw refused;
  const body = await readJson(c.req);
  const props = obj(body.properties);
  if (!props) throw badArgument('MissingProperty', 'properties is required.', 'properties');
  if (kind === 'models' && !str(props.modelUri))
    throw badArgument('MissingProperty', 'properties.modelUri is required.', 'properties.modelUri');
  if (kind === 'environments' && !str(props.image) && !obj(props.build)) {
    throw badArgument(
      'MissingProperty',
      'An environment version needs properties.image or properties.build.',
      'properties.image',
    );
  }
  let key = findKey(w[kind], name);
  if (!key) {
    // AML creates the container on first version registration.
    w[kind][name] = {
      container: resource(
        `${w.resource.id}/${kind}/${name}`,
        name,
        kind === 'models' ? TYPES.modelContainer : TYPES.environmentContainer,
        { isArchived: false },
      ),
      versions: {},
    };
    key = name;
  }
  const a = w[kind][key] as AssetState;
  const vkey = findKey(a.versions, version);
  const previous = vkey ? a.versions[vkey] : undefined;
  if (previous) {
    const immutable = kind === 'models' ? 'modelUri' : 'image';
    if (previous.properties[immutable] !== props[immutable]) {
      throw new ArmError(
        409,
        'Conflict',
        `${kind === 'models' ? 'Model' : 'Environment'} version ${name}:${version} already exists with a different ${immutable}; asset versions are immutable. Register a new version.`,
      );
    }
  }
  const defaults: JsonObject =
    kind === 'models'
      ? { modelType: 'custom_model', isAnonymous: false, isArchived: false }
      : { osType: 'Linux', isAnonymous: false, isArchived: false, environmentType: 'UserCreated' };
  const r = resource(
    `${a.container.id}/versions/${version}`,
    vkey ?? version,
    kind === 'models' ? TYPES.modelVersion : TYPES.environmentVersion,
    { ...defaults, ...props },
    previous,
  );
  if (kind === 'environments') r.properties.environmentType = 'UserCreated';
  a.versions[vkey ?? version] = r;
  refreshLatest(a);
  a.container.systemData = systemData(a.container.systemData);
  s.store.save();
  sendJson(c.res, previous ? 200 : 201, r, c.ids);
}
