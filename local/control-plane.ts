// The ARM surface of Microsoft.MachineLearningServices (api-version 2022-10-01): routing, bearer
// auth, the resource handlers, AML's rules, and long-running operations (201/202 with
// Azure-AsyncOperation + Location + Retry-After, operation status resources, provisioningState
// transitions). What deployments *do* (download, serve) is the runtime's job (supervisor.ts).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArmError, badArgument, notFound, readJson, requestIds, sendJson } from './arm-http.js';
import { type FaultRegistry, sameName } from './faults.js';
import {
  API_VERSION,
  compact,
  findKey,
  MIRROR_API_VERSION,
  obj,
  PROVIDER,
  parseAssetRef,
  resource,
  SUPPORTED_API_VERSIONS,
  str,
  systemData,
  TYPES,
  workspaceId,
} from './resources.js';
import {
  checkAssetName,
  checkDeploymentCount,
  checkDeploymentDeletable,
  checkDeploymentName,
  checkEndpointName,
  checkInstanceTypeUnchanged,
  checkMirrorTraffic,
  checkTraffic,
  isGpuInstanceType,
  parseTrafficMap,
} from './rules.js';
import {
  type ArmResource,
  type AssetState,
  type DeploymentState,
  type EndpointState,
  type JsonObject,
  newKey,
  type OperationRecord,
  type StateStore,
  type WorkspaceState,
} from './store.js';

export interface PlaneTimings {
  /** How long an endpoint create/update stays Creating/Updating. */
  endpointProvisionMs: number;
  /** Delay before a deployment's provisioning work starts (the work itself takes what it takes). */
  deploymentProvisionMs: number;
  /** How long a delete stays Deleting. */
  deleteMs: number;
  /** Retry-After (seconds) on 201/202 and on in-progress operation status responses. */
  retryAfterSeconds: number;
}

export class ProvisioningError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the control plane needs from the rest of the plane. */
export interface PlaneRuntime {
  /** Start (or find) the endpoint's scoring listener; returns its scoring base URL. */
  openEndpoint(ws: string, ep: string): Promise<string>;
  closeEndpoint(ws: string, ep: string): Promise<void>;
  /** Download the model and start the serving process; throws ProvisioningError. Logs go into `dep.logs`. */
  provisionDeployment(ws: string, ep: string, dep: string): Promise<void>;
  stopDeployment(ws: string, ep: string, dep: string): Promise<void>;
}

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  apiVersion: string;
  segments: string[];
  ids: Record<string, string>;
}

type Route = {
  operationId: string;
  handle: (ctx: Ctx, p: Record<string, string>) => Promise<void>;
};

const WS_PREFIX = ['subscriptions', ':sub', 'resourceGroups', ':rg', 'providers', PROVIDER, 'workspaces'];

export class ControlPlane {
  private readonly pending = new Set<Promise<void>>();
  private readonly routes: Array<{ method: string; pattern: string[]; route: Route }> = [];
  private closed = false;

  constructor(
    private readonly store: StateStore,
    private readonly runtime: PlaneRuntime,
    private readonly faults: FaultRegistry,
    readonly timings: PlaneTimings,
    private readonly armBase: () => string,
  ) {
    this.defineRoutes();
  }

  get state() {
    return this.store.state;
  }

  /** Stop starting or finishing operations (shutdown); in-flight ones stay InProgress on disk. */
  close(): void {
    this.closed = true;
  }

  /** Wait for background operations to settle (used on shutdown). */
  async settle(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pending]);
  }

  // ---------------------------------------------------------------- request entry

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ids = requestIds(req);
    try {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const method = (req.method ?? 'GET').toUpperCase();
      this.authenticate(req);
      const apiVersion = url.searchParams.get('api-version');
      if (!apiVersion) {
        throw new ArmError(
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        );
      }
      if (!SUPPORTED_API_VERSIONS.includes(apiVersion)) {
        throw new ArmError(
          400,
          'InvalidApiVersionParameter',
          `The api-version '${apiVersion}' is invalid. The supported versions are '${SUPPORTED_API_VERSIONS.join(',')}'.`,
        );
      }
      const match = this.match(method, segments);
      if (!match) {
        throw new ArmError(404, 'NotFound', `No route for ${method} ${url.pathname}.`);
      }
      const { route, params } = match;
      const fault = this.faults.take('arm-error', (f) => sameName(f.operation, route.operationId));
      if (fault) {
        const retry = fault.retryAfterSeconds ?? 1;
        const code =
          fault.code ??
          (fault.status === 429
            ? 'TooManyRequests'
            : fault.status === 503
              ? 'ServiceUnavailable'
              : 'InternalServerError');
        throw new ArmError(fault.status, code, `Injected fault on ${route.operationId}.`, [], {
          'retry-after': String(retry),
        });
      }
      if (this.faults.take('arm-drop', (f) => sameName(f.operation, route.operationId))) {
        req.socket.destroy();
        return;
      }
      if (params.sub !== undefined && params.sub !== this.state.subscriptionId) {
        throw new ArmError(
          404,
          'SubscriptionNotFound',
          `The subscription '${params.sub}' could not be found.`,
        );
      }
      if (params.rg !== undefined && params.rg.toLowerCase() !== this.state.resourceGroup.toLowerCase()) {
        throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${params.rg}' could not be found.`);
      }
      await route.handle({ req, res, method, apiVersion, segments, ids }, params);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof ArmError) {
        sendJson(res, e.status, e.body(), { ...ids, ...e.headers });
      } else {
        sendJson(res, 500, { error: { code: 'InternalServerError', message: String(e) } }, ids);
      }
    }
  }

  private authenticate(req: IncomingMessage): void {
    const auth = req.headers.authorization;
    const challenge = {
      'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${this.state.tenantId}", error="invalid_token", error_description="The access token is missing or invalid."`,
    };
    if (!auth) {
      throw new ArmError(
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
        [],
        challenge,
      );
    }
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    const given = Buffer.from(m?.[1] ?? '');
    const want = Buffer.from(this.state.token);
    if (!m || given.length !== want.length || !timingSafeEqual(given, want)) {
      throw new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', [], challenge);
    }
  }

  private match(
    method: string,
    segments: string[],
  ): { route: Route; params: Record<string, string> } | undefined {
    for (const r of this.routes) {
      if (r.method !== method || r.pattern.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < r.pattern.length; i++) {
        const p = r.pattern[i] as string;
        const s = segments[i] as string;
        if (p.startsWith(':')) params[p.slice(1)] = s;
        else if (p.toLowerCase() !== s.toLowerCase()) {
          ok = false;
          break;
        }
      }
      if (ok) return { route: r.route, params };
    }
    return undefined;
  }

  private on(method: string, path: string, operationId: string, handle: Route['handle']): void {
    const rest = path.split('/').filter(Boolean);
    const pattern = path.startsWith('~') ? rest.slice(1) : [...WS_PREFIX, ...rest];
    this.routes.push({ method, pattern, route: { operationId, handle } });
  }

  // ---------------------------------------------------------------- routes

  private defineRoutes(): void {
    this.on(
      'GET',
      '~/subscriptions/:sub/providers/Microsoft.MachineLearningServices/locations/:loc/mfeOperationsStatus/:op',
      'OperationStatus',
      (c, p) => this.operationStatus(c, p),
    );
    this.on(
      'GET',
      '~/subscriptions/:sub/providers/Microsoft.MachineLearningServices/locations/:loc/mfeOperationResults/:op',
      'OperationResult',
      (c, p) => this.operationResult(c, p),
    );
    this.on('GET', '', 'Workspaces_ListByResourceGroup', async (c) => {
      sendJson(c.res, 200, { value: Object.values(this.state.workspaces).map((w) => w.resource) }, c.ids);
    });
    this.on('GET', ':ws', 'Workspaces_Get', async (c, p) => sendJson(c.res, 200, this.ws(p).resource, c.ids));

    // datastores
    this.on('GET', ':ws/datastores', 'Datastores_List', async (c, p) =>
      this.list(
        c,
        Object.values(this.ws(p).datastores).map((d) => d.resource),
      ),
    );
    this.on('GET', ':ws/datastores/:name', 'Datastores_Get', async (c, p) =>
      sendJson(c.res, 200, this.datastore(p).resource, c.ids),
    );
    this.on('PUT', ':ws/datastores/:name', 'Datastores_CreateOrUpdate', (c, p) => this.putDatastore(c, p));
    this.on('DELETE', ':ws/datastores/:name', 'Datastores_Delete', async (c, p) => {
      const w = this.ws(p);
      const key = findKey(w.datastores, p.name as string);
      if (!key) return sendJson(c.res, 204, undefined, c.ids);
      delete w.datastores[key];
      this.store.save();
      sendJson(c.res, 200, undefined, c.ids);
    });
    this.on('POST', ':ws/datastores/:name/listSecrets', 'Datastores_ListSecrets', async (c, p) =>
      sendJson(c.res, 200, this.datastore(p).secrets, c.ids),
    );

    // models and environments share the asset container/version shape
    for (const kind of ['models', 'environments'] as const) {
      const op = kind === 'models' ? 'Model' : 'Environment';
      this.on('GET', `:ws/${kind}`, `${op}Containers_List`, async (c, p) =>
        this.list(
          c,
          Object.values(this.assets(p, kind)).map((a) => a.container),
        ),
      );
      this.on('GET', `:ws/${kind}/:name`, `${op}Containers_Get`, async (c, p) =>
        sendJson(c.res, 200, this.asset(p, kind).container, c.ids),
      );
      this.on('PUT', `:ws/${kind}/:name`, `${op}Containers_CreateOrUpdate`, (c, p) =>
        this.putContainer(c, p, kind),
      );
      this.on('DELETE', `:ws/${kind}/:name`, `${op}Containers_Delete`, async (c, p) => {
        const all = this.assets(p, kind);
        const key = findKey(all, p.name as string);
        if (!key) return sendJson(c.res, 204, undefined, c.ids);
        delete all[key];
        this.store.save();
        sendJson(c.res, 200, undefined, c.ids);
      });
      this.on('GET', `:ws/${kind}/:name/versions`, `${op}Versions_List`, async (c, p) =>
        this.list(c, Object.values(this.asset(p, kind).versions)),
      );
      this.on('GET', `:ws/${kind}/:name/versions/:version`, `${op}Versions_Get`, async (c, p) =>
        sendJson(c.res, 200, this.assetVersion(p, kind), c.ids),
      );
      this.on('PUT', `:ws/${kind}/:name/versions/:version`, `${op}Versions_CreateOrUpdate`, (c, p) =>
        this.putVersion(c, p, kind),
      );
      this.on('DELETE', `:ws/${kind}/:name/versions/:version`, `${op}Versions_Delete`, async (c, p) => {
        const all = this.assets(p, kind);
        const key = findKey(all, p.name as string);
        const a = key ? all[key] : undefined;
        const vkey = a ? findKey(a.versions, p.version as string) : undefined;
        if (!a || !vkey) return sendJson(c.res, 204, undefined, c.ids);
        delete a.versions[vkey];
        this.refreshLatest(a);
        this.store.save();
        sendJson(c.res, 200, undefined, c.ids);
      });
    }

    // online endpoints
    this.on('GET', ':ws/onlineEndpoints', 'OnlineEndpoints_List', async (c, p) =>
      this.list(
        c,
        Object.values(this.ws(p).endpoints).map((e) => this.endpointBody(e, c.apiVersion)),
      ),
    );
    this.on('GET', ':ws/onlineEndpoints/:ep', 'OnlineEndpoints_Get', async (c, p) =>
      sendJson(c.res, 200, this.endpointBody(this.endpoint(p), c.apiVersion), c.ids),
    );
    this.on('PUT', ':ws/onlineEndpoints/:ep', 'OnlineEndpoints_CreateOrUpdate', (c, p) =>
      this.putEndpoint(c, p),
    );
    this.on('PATCH', ':ws/onlineEndpoints/:ep', 'OnlineEndpoints_Update', (c, p) => this.patchEndpoint(c, p));
    this.on('DELETE', ':ws/onlineEndpoints/:ep', 'OnlineEndpoints_Delete', (c, p) =>
      this.deleteEndpoint(c, p),
    );
    this.on('POST', ':ws/onlineEndpoints/:ep/listKeys', 'OnlineEndpoints_ListKeys', async (c, p) => {
      const e = this.endpoint(p);
      this.requireAuthMode(e, 'Key');
      sendJson(c.res, 200, { ...e.keys }, c.ids);
    });
    this.on('POST', ':ws/onlineEndpoints/:ep/regenerateKeys', 'OnlineEndpoints_RegenerateKeys', (c, p) =>
      this.regenerateKeys(c, p),
    );
    this.on('POST', ':ws/onlineEndpoints/:ep/token', 'OnlineEndpoints_GetToken', async (c, p) => {
      const e = this.endpoint(p);
      this.requireAuthMode(e, 'AMLToken');
      const now = Math.floor(Date.now() / 1000);
      sendJson(
        c.res,
        200,
        {
          accessToken: this.amlToken(p.ws as string, e.resource.name, now + 3600),
          tokenType: 'Bearer',
          expiryTimeUtc: now + 3600,
          refreshAfterTimeUtc: now + 1800,
        },
        c.ids,
      );
    });

    // online deployments
    this.on('GET', ':ws/onlineEndpoints/:ep/deployments', 'OnlineDeployments_List', async (c, p) =>
      this.list(
        c,
        Object.values(this.endpoint(p).deployments).map((d) => d.resource),
      ),
    );
    this.on('GET', ':ws/onlineEndpoints/:ep/deployments/:dep', 'OnlineDeployments_Get', async (c, p) =>
      sendJson(c.res, 200, this.deployment(p).resource, c.ids),
    );
    this.on('PUT', ':ws/onlineEndpoints/:ep/deployments/:dep', 'OnlineDeployments_CreateOrUpdate', (c, p) =>
      this.putDeployment(c, p),
    );
    this.on('PATCH', ':ws/onlineEndpoints/:ep/deployments/:dep', 'OnlineDeployments_Update', (c, p) =>
      this.patchDeployment(c, p),
    );
    this.on('DELETE', ':ws/onlineEndpoints/:ep/deployments/:dep', 'OnlineDeployments_Delete', (c, p) =>
      this.deleteDeployment(c, p),
    );
    this.on(
      'POST',
      ':ws/onlineEndpoints/:ep/deployments/:dep/getLogs',
      'OnlineDeployments_GetLogs',
      async (c, p) => {
        const d = this.deployment(p);
        const body = await readJson(c.req);
        const container = str(body.containerType) ?? 'InferenceServer';
        if (container !== 'InferenceServer' && container !== 'StorageInitializer') {
          throw badArgument(
            'InvalidContainerType',
            `containerType must be InferenceServer or StorageInitializer, got '${container}'.`,
          );
        }
        const lines = container === 'StorageInitializer' ? d.logs.storageInitializer : d.logs.inferenceServer;
        const tail = typeof body.tail === 'number' && body.tail > 0 ? lines.slice(-body.tail) : lines;
        sendJson(c.res, 200, { content: tail.join('\n') }, c.ids);
      },
    );
    this.on(
      'GET',
      ':ws/onlineEndpoints/:ep/deployments/:dep/skus',
      'OnlineDeployments_ListSkus',
      async (c, p) => {
        const d = this.deployment(p);
        const sku = obj(d.resource.sku);
        this.list(c, [
          {
            resourceType: TYPES.deployment,
            sku: { name: str(sku?.name) ?? 'Default', tier: 'Standard' },
            capacity: { minimum: 1, maximum: 20, default: 1, scaleType: 'Manual' },
          },
        ]);
      },
    );
  }

  // ---------------------------------------------------------------- lookups

  private ws(p: Record<string, string>): WorkspaceState {
    const key = findKey(this.state.workspaces, p.ws as string);
    if (!key) {
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource '${PROVIDER}/workspaces/${p.ws}' under resource group '${p.rg}' was not found.`,
      );
    }
    return this.state.workspaces[key] as WorkspaceState;
  }

  private datastore(p: Record<string, string>) {
    const w = this.ws(p);
    const key = findKey(w.datastores, p.name as string);
    if (!key) throw notFound('datastore', `${w.resource.id}/datastores/${p.name}`);
    return w.datastores[key] as NonNullable<WorkspaceState['datastores'][string]>;
  }

  private assets(p: Record<string, string>, kind: 'models' | 'environments'): Record<string, AssetState> {
    return this.ws(p)[kind];
  }

  private asset(p: Record<string, string>, kind: 'models' | 'environments'): AssetState {
    const all = this.assets(p, kind);
    const key = findKey(all, p.name as string);
    if (!key) throw notFound(kind, `${this.ws(p).resource.id}/${kind}/${p.name}`);
    return all[key] as AssetState;
  }

  private assetVersion(p: Record<string, string>, kind: 'models' | 'environments'): ArmResource {
    const a = this.asset(p, kind);
    const key = findKey(a.versions, p.version as string);
    if (!key) throw notFound(kind, `${a.container.id}/versions/${p.version}`);
    return a.versions[key] as ArmResource;
  }

  private endpoint(p: Record<string, string>): EndpointState {
    const w = this.ws(p);
    const key = findKey(w.endpoints, p.ep as string);
    if (!key) throw notFound('online endpoint', `${w.resource.id}/onlineEndpoints/${p.ep}`);
    return w.endpoints[key] as EndpointState;
  }

  private deployment(p: Record<string, string>): DeploymentState {
    const e = this.endpoint(p);
    const key = findKey(e.deployments, p.dep as string);
    if (!key) throw notFound('online deployment', `${e.resource.id}/deployments/${p.dep}`);
    return e.deployments[key] as DeploymentState;
  }

  private list(c: Ctx, value: unknown[]): void {
    sendJson(c.res, 200, { value } as JsonObject, c.ids);
  }

  // ---------------------------------------------------------------- datastores and assets

  private async putDatastore(c: Ctx, p: Record<string, string>): Promise<void> {
    const w = this.ws(p);
    const name = p.name as string;
    const nameError = checkAssetName('Datastore', name);
    if (nameError) throw nameError;
    const body = await readJson(c.req);
    const props = obj(body.properties);
    if (!props || !str(props.datastoreType))
      throw badArgument('MissingProperty', 'properties.datastoreType is required.', 'properties');
    const key = findKey(w.datastores, name);
    const previous = key ? w.datastores[key] : undefined;
    const credentials = obj(props.credentials) ?? { credentialsType: 'None' };
    const secrets = obj(credentials.secrets) ?? previous?.secrets ?? { secretsType: 'None' };
    const publicCredentials = { ...credentials };
    delete publicCredentials.secrets;
    const r = resource(
      `${w.resource.id}/datastores/${name}`,
      key ?? name,
      TYPES.datastore,
      {
        ...props,
        credentials: publicCredentials,
        isDefault: previous ? (previous.resource.properties.isDefault ?? false) : false,
      },
      previous?.resource,
    );
    w.datastores[key ?? name] = { resource: r, secrets };
    this.store.save();
    sendJson(c.res, previous ? 200 : 201, r, c.ids);
  }

  private async putContainer(
    c: Ctx,
    p: Record<string, string>,
    kind: 'models' | 'environments',
  ): Promise<void> {
    const w = this.ws(p);
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
    this.refreshLatest(state);
    w[kind][key ?? name] = state;
    this.store.save();
    sendJson(c.res, previous ? 200 : 201, state.container, c.ids);
  }

  private refreshLatest(a: AssetState): void {
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

  private async putVersion(
    c: Ctx,
    p: Record<string, string>,
    kind: 'models' | 'environments',
  ): Promise<void> {
    const w = this.ws(p);
    const name = p.name as string;
    const version = p.version as string;
    const nameError = checkAssetName(kind === 'models' ? 'Model' : 'Environment', name);
    if (nameError) throw nameError;
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
    this.refreshLatest(a);
    a.container.systemData = systemData(a.container.systemData);
    this.store.save();
    sendJson(c.res, previous ? 200 : 201, r, c.ids);
  }

  // ---------------------------------------------------------------- endpoints

  private endpointBody(e: EndpointState, apiVersion: string): ArmResource {
    if (apiVersion !== MIRROR_API_VERSION) return e.resource;
    return { ...e.resource, properties: { ...e.resource.properties, mirrorTraffic: { ...e.mirrorTraffic } } };
  }

  private requireAuthMode(e: EndpointState, mode: 'Key' | 'AMLToken'): void {
    const actual = str(e.resource.properties.authMode) ?? 'Key';
    if (actual.toLowerCase() !== mode.toLowerCase()) {
      throw badArgument(
        'InvalidAuthMode',
        `This operation needs an endpoint with authMode '${mode}'; '${e.resource.name}' uses '${actual}'.`,
        'properties.authMode',
      );
    }
  }

  amlToken(ws: string, ep: string, exp: number): string {
    const payload = Buffer.from(JSON.stringify({ ws: ws.toLowerCase(), ep: ep.toLowerCase(), exp })).toString(
      'base64url',
    );
    const sig = createHmac('sha256', this.state.amlTokenSecret).update(payload).digest('base64url');
    return `${payload}.${sig}`;
  }

  verifyAmlToken(token: string, ws: string, ep: string): boolean {
    const [payload, sig] = token.split('.');
    if (!payload || !sig) return false;
    const want = createHmac('sha256', this.state.amlTokenSecret).update(payload).digest('base64url');
    if (want !== sig) return false;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        ws: string;
        ep: string;
        exp: number;
      };
      return (
        claims.ws === ws.toLowerCase() && claims.ep === ep.toLowerCase() && claims.exp > Date.now() / 1000
      );
    } catch {
      return false;
    }
  }

  private busy(r: ArmResource): boolean {
    const s = str(r.properties.provisioningState);
    return s === 'Creating' || s === 'Updating' || s === 'Deleting' || s === 'Scaling';
  }

  private async putEndpoint(c: Ctx, p: Record<string, string>): Promise<void> {
    const w = this.ws(p);
    const name = p.ep as string;
    const nameError = checkEndpointName(name);
    if (nameError) throw nameError;
    const body = await readJson(c.req);
    const props = obj(body.properties);
    if (!props || !str(props.authMode))
      throw badArgument('MissingProperty', 'properties.authMode is required.', 'properties.authMode');
    const authMode = str(props.authMode) as string;
    if (!['Key', 'AMLToken', 'AADToken'].some((m) => m.toLowerCase() === authMode.toLowerCase())) {
      throw badArgument(
        'InvalidAuthMode',
        `authMode '${authMode}' is not one of Key, AMLToken, AADToken.`,
        'properties.authMode',
      );
    }
    const key = findKey(w.endpoints, name);
    const existing = key ? w.endpoints[key] : undefined;
    if (existing && this.busy(existing.resource)) {
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
    const scoringBase = await this.runtime.openEndpoint(w.resource.name, key ?? name);
    const properties = compact({
      description: str(props.description),
      properties: obj(props.properties) ?? {},
      authMode: ['Key', 'AMLToken', 'AADToken'].find((m) => m.toLowerCase() === authMode.toLowerCase()),
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
      identity: this.identity(obj(body.identity)),
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
    const op = this.provision(
      state.resource,
      existing ? 'update' : 'create',
      this.timings.endpointProvisionMs,
    );
    this.accepted(c, existing ? 200 : 201, op, this.endpointBody(state, c.apiVersion), false);
  }

  private identity(requested: JsonObject | undefined): JsonObject {
    const type = str(requested?.type) ?? 'SystemAssigned';
    if (type === 'None') return { type };
    return { type, principalId: randomUUID(), tenantId: this.state.tenantId };
  }

  private async patchEndpoint(c: Ctx, p: Record<string, string>): Promise<void> {
    const e = this.endpoint(p);
    if (this.busy(e.resource))
      throw new ArmError(409, 'Conflict', `Endpoint '${e.resource.name}' has an operation in progress.`);
    const body = await readJson(c.req);
    if (obj(body.tags)) e.resource.tags = obj(body.tags) as JsonObject;
    if (obj(body.identity)) e.resource.identity = this.identity(obj(body.identity));
    e.resource.systemData = systemData(e.resource.systemData);
    e.resource.properties.provisioningState = 'Updating';
    const op = this.provision(e.resource, 'update', this.timings.endpointProvisionMs);
    this.accepted(c, 202, op, undefined, true);
  }

  private async deleteEndpoint(c: Ctx, p: Record<string, string>): Promise<void> {
    const w = this.ws(p);
    const key = findKey(w.endpoints, p.ep as string);
    if (!key) return sendJson(c.res, 204, undefined, c.ids);
    const e = w.endpoints[key] as EndpointState;
    if (str(e.resource.properties.provisioningState) === 'Deleting') {
      throw new ArmError(409, 'Conflict', `Endpoint '${key}' is already being deleted.`);
    }
    e.resource.properties.provisioningState = 'Deleting';
    for (const d of Object.values(e.deployments)) d.resource.properties.provisioningState = 'Deleting';
    const op = this.startOperation(e.resource.id, 'delete', this.timings.deleteMs, async () => {
      for (const dep of Object.keys(e.deployments))
        await this.runtime.stopDeployment(w.resource.name, key, dep);
      await this.runtime.closeEndpoint(w.resource.name, key);
      delete w.endpoints[key];
    });
    this.accepted(c, 202, op, undefined, true);
  }

  private async regenerateKeys(c: Ctx, p: Record<string, string>): Promise<void> {
    const e = this.endpoint(p);
    this.requireAuthMode(e, 'Key');
    const body = await readJson(c.req);
    const keyType = str(body.keyType);
    if (keyType !== 'Primary' && keyType !== 'Secondary') {
      throw badArgument(
        'InvalidKeyType',
        `keyType must be Primary or Secondary, got '${keyType}'.`,
        'keyType',
      );
    }
    const value = str(body.keyValue) ?? newKey();
    const op = this.startOperation(e.resource.id, 'regenerateKeys', 0, async () => {
      if (keyType === 'Primary') e.keys.primaryKey = value;
      else e.keys.secondaryKey = value;
    });
    this.accepted(c, 202, op, undefined, true);
  }

  // ---------------------------------------------------------------- deployments

  private async putDeployment(c: Ctx, p: Record<string, string>): Promise<void> {
    const w = this.ws(p);
    const ewsKey = findKey(w.endpoints, p.ep as string);
    if (!ewsKey) {
      throw new ArmError(
        404,
        'ParentResourceNotFound',
        `Can not perform requested operation on nested resource. Parent resource '${p.ep}' not found.`,
      );
    }
    const e = w.endpoints[ewsKey] as EndpointState;
    const name = p.dep as string;
    const nameError = checkDeploymentName(name);
    if (nameError) throw nameError;
    if (str(e.resource.properties.provisioningState) === 'Deleting') {
      throw new ArmError(409, 'Conflict', `Endpoint '${ewsKey}' is being deleted.`);
    }
    const body = await readJson(c.req);
    const props = obj(body.properties);
    if (!props) throw badArgument('MissingProperty', 'properties is required.', 'properties');
    const computeType = str(props.endpointComputeType);
    if (computeType !== 'Managed' && computeType !== 'Kubernetes') {
      throw badArgument(
        'MissingProperty',
        "properties.endpointComputeType must be 'Managed' or 'Kubernetes'.",
        'properties.endpointComputeType',
      );
    }
    if (!str(body.location)) throw badArgument('MissingProperty', 'location is required.', 'location');
    const key = findKey(e.deployments, name);
    const existing = key ? e.deployments[key] : undefined;
    if (existing && this.busy(existing.resource)) {
      throw new ArmError(
        409,
        'Conflict',
        `Deployment '${name}' has an operation in progress (${existing.resource.properties.provisioningState}); retry when it finishes.`,
      );
    }
    if (!existing) {
      const countError = checkDeploymentCount(Object.keys(e.deployments).length);
      if (countError) throw countError;
    } else {
      const immutable = checkInstanceTypeUnchanged(
        str(existing.resource.properties.instanceType),
        str(props.instanceType),
      );
      if (immutable) throw immutable;
    }
    const properties = compact({
      description: str(props.description),
      properties: obj(props.properties) ?? {},
      codeConfiguration: obj(props.codeConfiguration),
      environmentId: str(props.environmentId),
      environmentVariables: obj(props.environmentVariables) ?? {},
      endpointComputeType: computeType,
      model: str(props.model),
      modelMountPath: str(props.modelMountPath),
      instanceType: str(props.instanceType) ?? (computeType === 'Managed' ? 'Standard_DS3_v2' : undefined),
      appInsightsEnabled: props.appInsightsEnabled ?? false,
      egressPublicNetworkAccess: str(props.egressPublicNetworkAccess) ?? 'Enabled',
      scaleSettings: obj(props.scaleSettings) ?? { scaleType: 'Default' },
      requestSettings: obj(props.requestSettings) ?? {
        requestTimeout: 'PT5S',
        maxConcurrentRequestsPerInstance: 1,
        maxQueueWait: 'PT0.5S',
      },
      livenessProbe: obj(props.livenessProbe) ?? {
        initialDelay: 'PT10M',
        period: 'PT10S',
        timeout: 'PT2S',
        successThreshold: 1,
        failureThreshold: 30,
      },
      readinessProbe: obj(props.readinessProbe) ?? {
        initialDelay: 'PT10S',
        period: 'PT10S',
        timeout: 'PT2S',
        successThreshold: 1,
        failureThreshold: 30,
      },
      provisioningState: existing ? 'Updating' : 'Creating',
    });
    if (computeType === 'Kubernetes') {
      properties.containerResourceRequirements = obj(props.containerResourceRequirements) ?? null;
    }
    const sku = obj(body.sku) ?? { name: 'Default', capacity: 1 };
    const r: ArmResource = {
      ...resource(
        `${e.resource.id}/deployments/${name}`,
        key ?? name,
        TYPES.deployment,
        properties,
        existing?.resource,
      ),
      location: str(body.location) as string,
      tags: obj(body.tags) ?? {},
      kind: str(body.kind) ?? computeType,
      sku: {
        name: str(sku.name) ?? 'Default',
        capacity: typeof sku.capacity === 'number' ? sku.capacity : 1,
        ...(str(sku.tier) ? { tier: str(sku.tier) as string } : {}),
      },
    };
    if (obj(body.identity)) r.identity = this.identity(obj(body.identity));
    const state: DeploymentState = existing ?? {
      resource: r,
      logs: { storageInitializer: [], inferenceServer: [] },
    };
    state.resource = r;
    e.deployments[key ?? name] = state;
    const depName = key ?? name;
    const op = this.provision(
      state.resource,
      existing ? 'update' : 'create',
      this.timings.deploymentProvisionMs,
      () => this.provisionWithFaults(w.resource.name, ewsKey, depName),
    );
    this.accepted(c, existing ? 200 : 201, op, state.resource, false);
  }

  private async provisionWithFaults(ws: string, ep: string, dep: string): Promise<void> {
    const fault = this.faults.take(
      'provisioning',
      (f) => sameName(f.endpoint, ep) && sameName(f.deployment, dep),
    );
    if (fault?.mode === 'slow') await sleep(fault.delayMs ?? 2000);
    if (fault?.mode === 'fail') {
      const d = this.findDeployment(ws, ep, dep);
      const message = fault.message ?? 'Injected provisioning failure.';
      d?.logs.inferenceServer.push(`${new Date().toISOString()} ERROR ${message}`);
      throw new ProvisioningError(fault.code ?? 'DeploymentFailed', message);
    }
    await this.runtime.provisionDeployment(ws, ep, dep);
  }

  findDeployment(ws: string, ep: string, dep: string): DeploymentState | undefined {
    const w = this.state.workspaces[findKey(this.state.workspaces, ws) ?? ''];
    const e = w?.endpoints[findKey(w.endpoints, ep) ?? ''];
    return e?.deployments[findKey(e.deployments, dep) ?? ''];
  }

  findEndpoint(ws: string, ep: string): EndpointState | undefined {
    const w = this.state.workspaces[findKey(this.state.workspaces, ws) ?? ''];
    return w?.endpoints[findKey(w.endpoints, ep) ?? ''];
  }

  private async patchDeployment(c: Ctx, p: Record<string, string>): Promise<void> {
    const d = this.deployment(p);
    if (this.busy(d.resource))
      throw new ArmError(409, 'Conflict', `Deployment '${d.resource.name}' has an operation in progress.`);
    const body = await readJson(c.req);
    if (obj(body.tags)) d.resource.tags = obj(body.tags) as JsonObject;
    const sku = obj(body.sku);
    const scaling = sku !== undefined && typeof sku.capacity === 'number';
    if (sku) d.resource.sku = { ...(obj(d.resource.sku) ?? {}), ...sku };
    d.resource.systemData = systemData(d.resource.systemData);
    d.resource.properties.provisioningState = scaling ? 'Scaling' : 'Updating';
    const op = this.provision(d.resource, 'update', this.timings.deploymentProvisionMs);
    this.accepted(c, 202, op, undefined, true);
  }

  private async deleteDeployment(c: Ctx, p: Record<string, string>): Promise<void> {
    const w = this.ws(p);
    const e = this.endpoint(p);
    const epKey = findKey(w.endpoints, p.ep as string) as string;
    const key = findKey(e.deployments, p.dep as string);
    if (!key) return sendJson(c.res, 204, undefined, c.ids);
    const d = e.deployments[key] as DeploymentState;
    const traffic = parseTrafficMap(e.resource.properties.traffic, 'traffic');
    const refused = checkDeploymentDeletable(key, traffic, e.mirrorTraffic);
    if (refused) throw refused;
    if (str(d.resource.properties.provisioningState) === 'Deleting') {
      throw new ArmError(409, 'Conflict', `Deployment '${key}' is already being deleted.`);
    }
    d.resource.properties.provisioningState = 'Deleting';
    const op = this.startOperation(d.resource.id, 'delete', this.timings.deleteMs, async () => {
      await this.runtime.stopDeployment(w.resource.name, epKey, key);
      delete e.deployments[key];
    });
    this.accepted(c, 202, op, undefined, true);
  }

  // ---------------------------------------------------------------- long-running operations

  private operationUrl(kind: 'mfeOperationsStatus' | 'mfeOperationResults', id: string): string {
    return `${this.armBase()}/subscriptions/${this.state.subscriptionId}/providers/${PROVIDER}/locations/${this.state.location}/${kind}/${id}?api-version=${API_VERSION}`;
  }

  /** Answer an LRO's first request: the status code, the body, and where to poll. */
  private accepted(
    c: Ctx,
    status: number,
    op: OperationRecord,
    body: ArmResource | undefined,
    withLocation: boolean,
  ): void {
    const headers: Record<string, string> = {
      ...c.ids,
      'azure-asyncoperation': this.operationUrl('mfeOperationsStatus', op.id),
      'retry-after': String(this.timings.retryAfterSeconds),
    };
    if (withLocation) headers.location = this.operationUrl('mfeOperationResults', op.id);
    sendJson(c.res, status, body, headers);
  }

  /**
   * Record an operation and run its work in the background after `delayMs`. The resource state and
   * the operation record are saved at every transition, so a restart can see where things were.
   */
  /** A long-running create or update: the resource is 'Succeeded' once `work` (if any) is done
   * after `delayMs`, 'Failed' if it throws. */
  private provision(
    resource: ArmResource,
    kind: OperationRecord['kind'],
    delayMs: number,
    work: () => Promise<void> = async () => undefined,
  ): OperationRecord {
    return this.startOperation(
      resource.id,
      kind,
      delayMs,
      async () => {
        await work();
        resource.properties.provisioningState = 'Succeeded';
      },
      () => {
        resource.properties.provisioningState = 'Failed';
      },
    );
  }

  startOperation(
    resourceId: string,
    kind: OperationRecord['kind'],
    delayMs: number,
    work: () => Promise<void>,
    onFail?: () => void,
  ): OperationRecord {
    const op: OperationRecord = {
      id: randomUUID(),
      resourceId,
      kind,
      status: 'InProgress',
      startTime: new Date().toISOString(),
    };
    this.state.operations[op.id] = op;
    this.store.save();
    const run = (async () => {
      await sleep(delayMs);
      if (this.closed) return;
      try {
        await work();
        op.status = 'Succeeded';
      } catch (e) {
        if (this.closed) return;
        op.status = 'Failed';
        op.error =
          e instanceof ProvisioningError
            ? { code: e.code, message: e.message }
            : { code: 'InternalServerError', message: e instanceof Error ? e.message : String(e) };
        onFail?.();
      }
      op.endTime = new Date().toISOString();
      this.store.save();
    })();
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
    return op;
  }

  private operation(p: Record<string, string>): OperationRecord {
    const op = this.state.operations[p.op as string];
    if (!op) throw new ArmError(404, 'NotFound', `Operation '${p.op}' was not found.`);
    return op;
  }

  private async operationStatus(c: Ctx, p: Record<string, string>): Promise<void> {
    const op = this.operation(p);
    const body: JsonObject = compact({
      id: this.operationUrl('mfeOperationsStatus', op.id).replace(this.armBase(), '').replace(/\?.*$/, ''),
      name: op.id,
      status: op.status,
      startTime: op.startTime,
      endTime: op.endTime,
      error: op.error,
    });
    const headers =
      op.status === 'InProgress'
        ? { ...c.ids, 'retry-after': String(this.timings.retryAfterSeconds) }
        : c.ids;
    sendJson(c.res, 200, body, headers);
  }

  private async operationResult(c: Ctx, p: Record<string, string>): Promise<void> {
    const op = this.operation(p);
    if (op.status === 'InProgress') {
      return sendJson(c.res, 202, undefined, {
        ...c.ids,
        location: this.operationUrl('mfeOperationResults', op.id),
        'retry-after': String(this.timings.retryAfterSeconds),
      });
    }
    if (op.status === 'Failed' && op.error) {
      throw new ArmError(400, op.error.code, op.error.message);
    }
    if (op.kind === 'update') {
      const m = /\/workspaces\/([^/]+)\/onlineEndpoints\/([^/]+)(?:\/deployments\/([^/]+))?$/i.exec(
        op.resourceId,
      );
      const e = m?.[1] && m[2] ? this.findEndpoint(m[1], m[2]) : undefined;
      if (m?.[3] && m[1] && m[2]) {
        const d = this.findDeployment(m[1], m[2], m[3]);
        if (d) return sendJson(c.res, 200, d.resource, c.ids);
      } else if (e) {
        return sendJson(c.res, 200, this.endpointBody(e, c.apiVersion), c.ids);
      }
    }
    sendJson(c.res, 200, undefined, c.ids);
  }

  /** After a restart: finish what was in flight and bring every live deployment back up. */
  async resume(): Promise<void> {
    const restarts: Promise<void>[] = [];
    for (const op of Object.values(this.state.operations)) {
      if (op.status === 'InProgress') {
        op.status = 'Failed';
        op.error = {
          code: 'OperationInterrupted',
          message: 'The local plane restarted while this operation was running.',
        };
        op.endTime = new Date().toISOString();
      }
    }
    for (const [wsName, w] of Object.entries(this.state.workspaces)) {
      for (const [epName, e] of Object.entries(w.endpoints)) {
        const eState = str(e.resource.properties.provisioningState);
        if (eState === 'Deleting') {
          this.startOperation(e.resource.id, 'delete', 0, async () => {
            for (const dep of Object.keys(e.deployments))
              await this.runtime.stopDeployment(wsName, epName, dep);
            await this.runtime.closeEndpoint(wsName, epName);
            delete w.endpoints[epName];
          });
          continue;
        }
        if (eState === 'Creating' || eState === 'Updating')
          e.resource.properties.provisioningState = 'Succeeded';
        // Reopen the scoring listener now (same port when free), so the scoring URI is live on return.
        const scoringBase = await this.runtime.openEndpoint(wsName, epName);
        e.scoringPort = Number(new URL(scoringBase).port);
        e.resource.properties.scoringUri = `${scoringBase}/score`;
        e.resource.properties.swaggerUri = `${scoringBase}/swagger.json`;
        for (const [depName, d] of Object.entries(e.deployments)) {
          const dState = str(d.resource.properties.provisioningState);
          if (dState === 'Failed') continue;
          if (dState === 'Deleting') {
            this.startOperation(d.resource.id, 'delete', 0, async () => {
              await this.runtime.stopDeployment(wsName, epName, depName);
              delete e.deployments[depName];
            });
            continue;
          }
          // Bring the process back before the plane reports ready: a restarted plane serves at once.
          restarts.push(
            this.runtime.provisionDeployment(wsName, epName, depName).then(
              () => {
                d.resource.properties.provisioningState = 'Succeeded';
              },
              (err: unknown) => {
                d.resource.properties.provisioningState = 'Failed';
                d.logs.inferenceServer.push(`Restart after plane restart failed: ${String(err)}`);
              },
            ),
          );
        }
      }
    }
    await Promise.all(restarts);
    this.store.save();
  }

  /** Parse a deployment's model/environment references against this plane's workspaces. */
  resolveAsset(
    ws: string,
    ref: string | undefined,
    kind: 'models' | 'environments',
  ): ArmResource | undefined {
    if (!ref) return undefined;
    const parsed = parseAssetRef(ref, kind);
    if (!parsed) return undefined;
    const w = this.state.workspaces[findKey(this.state.workspaces, parsed.workspace ?? ws) ?? ''];
    const a = w?.[kind][findKey(w[kind], parsed.name) ?? ''];
    return a?.versions[findKey(a.versions, parsed.version) ?? ''];
  }

  isGpu(d: DeploymentState): boolean {
    return isGpuInstanceType(str(d.resource.properties.instanceType));
  }
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

export function defaultWorkspace(
  sub: string,
  rg: string,
  name: string,
  location: string,
  tenantId: string,
): ArmResource {
  const id = workspaceId(sub, rg, name);
  const storage = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/localplane${name}`;
  return {
    ...resource(id, name, TYPES.workspace, {
      workspaceId: randomUUID(),
      description: `Local AML control plane workspace '${name}'`,
      friendlyName: name,
      keyVault: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/localplane${name}`,
      applicationInsights: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.insights/components/localplane${name}`,
      storageAccount: storage,
      discoveryUrl: `https://${location}.api.azureml.ms/discovery`,
      provisioningState: 'Succeeded',
      hbiWorkspace: false,
      publicNetworkAccess: 'Enabled',
      v1LegacyMode: false,
      mlFlowTrackingUri: `azureml://${location}.api.azureml.ms/mlflow/v1.0${id}`,
    }),
    location,
    tags: {},
    identity: { type: 'SystemAssigned', principalId: randomUUID(), tenantId },
    sku: { name: 'Basic', tier: 'Basic' },
  };
}
