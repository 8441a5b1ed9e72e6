// Online endpoints: create or update (traffic and mirrorTraffic rules), PATCH, delete, keys,
// regenerateKeys and aml_token. Opening and closing the scoring listener is the runtime's job.
import { createHmac, randomUUID } from 'node:crypto';
import { ArmError, badArgument, readJson, sendJson } from '../../arm-http.js';
import {
  compact,
  findKey,
  MIRROR_API_VERSION,
  obj,
  resource,
  str,
  systemData,
  TYPES,
} from '../../resources.js';
import { checkEndpointName, checkMirrorTraffic, checkTraffic, parseTrafficMap } from '../../rules.js';
import {
  type ArmResource,
  type EndpointState,
  type JsonObject,
  newKey,
  type PlaneState,
} from '../../store.js';
import type { ArmServices } from '../context.js';
import { endpointOf, isBusy, workspaceOf } from '../lookup.js';
import { type ArmCall, type ArmRouter, type Params, sendList, WORKSPACES } from '../router.js';

const AUTH_MODES = ['Key', 'AMLToken', 'AADToken'];

export function endpointRoutes(router: ArmRouter, s: ArmServices): void {
  const st = () => s.store.state;
  const base = `${WORKSPACES}/:ws/onlineEndpoints`;
  router.on('GET', base, 'OnlineEndpoints_List', async (c, p) =>
    sendList(
      c,
      Object.values(workspaceOf(st(), p).endpoints).map((e) => endpointBody(e, c.apiVersion)),
    ),
  );
  router.on('GET', `${base}/:ep`, 'OnlineEndpoints_Get', async (c, p) =>
    sendJson(c.res, 200, endpointBody(endpointOf(st(), p), c.apiVersion), c.ids),
  );
  router.on('PUT', `${base}/:ep`, 'OnlineEndpoints_CreateOrUpdate', (c, p) => putEndpoint(s, c, p));
  router.on('PATCH', `${base}/:ep`, 'OnlineEndpoints_Update', (c, p) => patchEndpoint(s, c, p));
  router.on('DELETE', `${base}/:ep`, 'OnlineEndpoints_Delete', (c, p) => deleteEndpoint(s, c, p));
  router.on('POST', `${base}/:ep/listKeys`, 'OnlineEndpoints_ListKeys', async (c, p) => {
    const e = endpointOf(st(), p);
    requireAuthMode(e, 'Key');
    sendJson(c.res, 200, { ...e.keys }, c.ids);
  });
  router.on('POST', `${base}/:ep/regenerateKeys`, 'OnlineEndpoints_RegenerateKeys', (c, p) =>
    regenerateKeys(s, c, p),
  );
  router.on('POST', `${base}/:ep/token`, 'OnlineEndpoints_GetToken', async (c, p) => {
    const e = endpointOf(st(), p);
    requireAuthMode(e, 'AMLToken');
    const now = Math.floor(Date.now() / 1000);
    sendJson(
      c.res,
      200,
      {
        accessToken: signAmlToken(st(), p.ws as string, e.resource.name, now + 3600),
        tokenType: 'Bearer',
        expiryTimeUtc: now + 3600,
        refreshAfterTimeUtc: now + 1800,
      },
      c.ids,
    );
  });
}

/** The endpoint as returned at `apiVersion`: mirrorTraffic only exists from 2023-04-01 on. */
export function endpointBody(e: EndpointState, apiVersion: string): ArmResource {
  if (apiVersion !== MIRROR_API_VERSION) return e.resource;
  return { ...e.resource, properties: { ...e.resource.properties, mirrorTraffic: { ...e.mirrorTraffic } } };
}

/** An aml_token: the endpoint it is for and its expiry, signed with the plane's secret. */
export function signAmlToken(st: PlaneState, ws: string, ep: string, exp: number): string {
  const payload = Buffer.from(JSON.stringify({ ws: ws.toLowerCase(), ep: ep.toLowerCase(), exp })).toString(
    'base64url',
  );
  const sig = createHmac('sha256', st.amlTokenSecret).update(payload).digest('base64url');
  return `${payload}.${sig}`;
}

export function verifyAmlToken(st: PlaneState, token: string, ws: string, ep: string): boolean {
  const [payload, sig] = token.split('.');
  if (!payload || !sig) return false;
  const want = createHmac('sha256', st.amlTokenSecret).update(payload).digest('base64url');
  if (want !== sig) return false;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      ws: string;
      ep: string;
      exp: number;
    };
    return claims.ws === ws.toLowerCase() && claims.ep === ep.toLowerCase() && claims.exp > Date.now() / 1000;
  } catch {
    return false;
  }
}

/** A managed identity as ARM returns it: the requested type with a fresh principal. */
export function identity(st: PlaneState, requested: JsonObject | undefined): JsonObject {
  const type = str(requested?.type) ?? 'SystemAssigned';
  if (type === 'None') return { type };
  return { type, principalId: randomUUID(), tenantId: st.tenantId };
}

function requireAuthMode(e: EndpointState, mode: 'Key' | 'AMLToken'): void {
  const actual = str(e.resource.properties.authMode) ?? 'Key';
  if (actual.toLowerCase() !== mode.toLowerCase()) {
    throw badArgument(
      'InvalidAuthMode',
      `This operation needs an endpoint with authMode '${mode}'; '${e.resource.name}' uses '${actual}'.`,
      'properties.authMode',
    );
  }
}

async function putEndpoint(s: ArmServices, c: ArmCall, p: Params): Promise<void> {
  const w = workspaceOf(s.store.state, p);
  const name = p.ep as string;
  const nameError = checkEndpointName(name);
  if (nameError) throw nameError;
  const body = await readJson(c.req);
  const props = obj(body.properties);
  if (!props || !str(props.authMode))
    throw badArgument('MissingProperty', 'properties.authMode is required.', 'properties.authMode');
  const authMode = str(props.authMode) as string;
  if (!AUTH_MODES.some((m) => m.toLowerCase() === authMode.toLowerCase())) {
    throw badArgument(
      'InvalidAuthMode',
      `authMode '${authMode}' is not one of Key, AMLToken, AADToken.`,
      'properties.authMode',
    );
  }
  const key = findKey(w.endpoints, name);
  const existing = key ? w.endpoints[key] : undefined;
  if (existing && isBusy(existing.resource)) {
    throw new ArmError(
      409,
      'Conflict',
      `Endpoint '${name}' has an operation in progress (${existing.resource.properties.provisioningState}); retry when it finishes.`,
    );
  }
  const deployments = existing ? Object.keys(existing.deployments) : [];
  const traffic = parseTrafficMap(props.traffic, 'properties.traffic');
  const trafficError = checkTraffic(traffic, deployments);
  if (trafficError) throw trafficError;
  let mirror = existing?.mirrorTraffic ?? {};
  if (c.apiVersion === MIRROR_API_VERSION) {
    mirror = parseTrafficMap(props.mirrorTraffic, 'properties.mirrorTraffic');
  }
  const mirrorError = checkMirrorTraffic(mirror, traffic, deployments);
  if (mirrorError) throw mirrorError;
  if (!str(body.location)) throw badArgument('MissingProperty', 'location is required.', 'location');
  const initialKeys = obj(props.keys);
  const id = `${w.resource.id}/onlineEndpoints/${name}`;
  const scoringBase = await s.runtime.openEndpoint(w.resource.name, key ?? name);
  const properties = compact({
    description: str(props.description),
    properties: obj(props.properties) ?? {},
    authMode: AUTH_MODES.find((m) => m.toLowerCase() === authMode.toLowerCase()),
    scoringUri: `${scoringBase}/score`,
    swaggerUri: `${scoringBase}/swagger.json`,
    provisioningState: existing ? 'Updating' : 'Creating',
    traffic,
    publicNetworkAccess: str(props.publicNetworkAccess) ?? 'Enabled',
    compute: str(props.compute),
  });
  const r: ArmResource = {
    ...resource(id, key ?? name, TYPES.endpoint, properties, existing?.resource),
    location: str(body.location) as string,
    tags: obj(body.tags) ?? {},
    kind: str(body.kind) ?? 'Managed',
    identity: identity(s.store.state, obj(body.identity)),
  };
  const state: EndpointState = existing ?? {
    resource: r,
    keys: {
      primaryKey: str(initialKeys?.primaryKey) ?? newKey(),
      secondaryKey: str(initialKeys?.secondaryKey) ?? newKey(),
    },
    mirrorTraffic: {},
    scoringPort: 0,
    deployments: {},
  };
  state.resource = r;
  state.mirrorTraffic = mirror;
  state.scoringPort = Number(new URL(scoringBase).port);
  w.endpoints[key ?? name] = state;
  const op = s.operations.provision(
    state.resource,
    existing ? 'update' : 'create',
    s.timings.endpointProvisionMs,
  );
  s.operations.accepted(c, existing ? 200 : 201, op, endpointBody(state, c.apiVersion), false);
}

async function patchEndpoint(s: ArmServices, c: ArmCall, p: Params): Promise<void> {
  const e = endpointOf(s.store.state, p);
  if (isBusy(e.resource))
    throw new ArmError(409, 'Conflict', `Endpoint '${e.resource.name}' has an operation in progress.`);
  const body = await readJson(c.req);
  if (obj(body.tags)) e.resource.tags = obj(body.tags) as JsonObject;
  if (obj(body.identity)) e.resource.identity = identity(s.store.state, obj(body.identity));
  e.resource.systemData = systemData(e.resource.systemData);
  e.resource.properties.provisioningState = 'Updating';
  const op = s.operations.provision(e.resource, 'update', s.timings.endpointProvisionMs);
  s.operations.accepted(c, 202, op, undefined, true);
}

async function deleteEndpoint(s: ArmServices, c: ArmCall, p: Params): Promise<void> {
  const w = workspaceOf(s.store.state, p);
  const key = findKey(w.endpoints, p.ep as string);
  if (!key) return sendJson(c.res, 204, undefined, c.ids);
  const e = w.endpoints[key] as EndpointState;
  if (str(e.resource.properties.provisioningState) === 'Deleting') {
    throw new ArmError(409, 'Conflict', `Endpoint '${key}' is already being deleted.`);
  }
  e.resource.properties.provisioningState = 'Deleting';
  for (const d of Object.values(e.deployments)) d.resource.properties.provisioningState = 'Deleting';
  const op = s.operations.start(e.resource.id, 'delete', s.timings.deleteMs, async () => {
    for (const dep of Object.keys(e.deployments)) await s.runtime.stopDeployment(w.resource.name, key, dep);
    await s.runtime.closeEndpoint(w.resource.name, key);
    s.runtime.removeDeploymentFiles(w.resource.name, key);
    delete w.endpoints[key];
  });
  s.operations.accepted(c, 202, op, undefined, true);
}

async function regenerateKeys(s: ArmServices, c: ArmCall, p: Params): Promise<void> {
  const e = endpointOf(s.store.state, p);
  requireAuthMode(e, 'Key');
  const body = await readJson(c.req);
  const keyType = str(body.keyType);
  if (keyType !== 'Primary' && keyType !== 'Secondary') {
    throw badArgument('InvalidKeyType', `keyType must be Primary or Secondary, got '${keyType}'.`, 'keyType');
  }
  const value = str(body.keyValue) ?? newKey();
  const op = s.operations.start(e.resource.id, 'regenerateKeys', 0, async () => {
    if (keyType === 'Primary') e.keys.primaryKey = value;
    else e.keys.secondaryKey = value;
  });
  s.operations.accepted(c, 202, op, undefined, true);
}
