// Online deployments: create or update (AML's naming, count and immutability rules, instance type
// and quota), PATCH (scale, tags), delete (refused while the deployment takes traffic), getLogs and
// skus. Provisioning runs as a long-running operation: the private-network image rule, then the
// runtime's work (download the model, start serving).
import { ArmError, badArgument, readJson, sendJson } from '../../arm-http.js';
import { sameName } from '../../faults.js';
import { compact, findKey, obj, resource, str, systemData, TYPES } from '../../resources.js';
import {
  checkDeploymentCount,
  checkDeploymentDeletable,
  checkDeploymentName,
  checkInstanceType,
  checkInstanceTypeUnchanged,
  parseTrafficMap,
} from '../../rules.js';
import type { ArmResource, DeploymentState, EndpointState, JsonObject } from '../../store.js';
import type { ArmServices } from '../context.js';
import { deploymentOf, endpointOf, findDeployment, findWorkspace, isBusy, workspaceOf } from '../lookup.js';
import { ProvisioningError, sleep } from '../operations.js';
import { type ArmCall, type ArmRouter, type Params, sendList, WORKSPACES } from '../router.js';
import { checkImagePull as pullFromPlaneRegistry } from '../../acr/registries.js';
import { resolveAsset } from './assets.js';
import { identity } from './endpoints.js';
import { checkDeploymentQuota, instancesOf } from './usages.js';
import { isPrivateWorkspace, linkedRegistryLoginServer } from './workspaces.js';

export function deploymentRoutes(router: ArmRouter, s: ArmServices): void {
  const st = () => s.store.state;
  const base = `${WORKSPACES}/:ws/onlineEndpoints/:ep/deployments`;
  router.on('GET', base, 'OnlineDeployments_List', async (c, p) =>
    sendList(
      c,
      Object.values(endpointOf(st(), p).deployments).map((d) => d.resource),
    ),
  );
  router.on('GET', `${base}/:dep`, 'OnlineDeployments_Get', async (c, p) =>
    sendJson(c.res, 200, deploymentOf(st(), p).resource, c.ids),
  );
  router.on('PUT', `${base}/:dep`, 'OnlineDeployments_CreateOrUpdate', (c, p) => putDeployment(s, c, p));
  router.on('PATCH', `${base}/:dep`, 'OnlineDeployments_Update', (c, p) => patchDeployment(s, c, p));
  router.on('DELETE', `${base}/:dep`, 'OnlineDeployments_Delete', (c, p) => deleteDeployment(s, c, p));
  router.on('POST', `${base}/:dep/getLogs`, 'OnlineDeployments_GetLogs', async (c, p) => {
    const d = deploymentOf(st(), p);
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
  });
  router.on('GET', `${base}/:dep/skus`, 'OnlineDeployments_ListSkus', async (c, p) => {
    const d = deploymentOf(st(), p);
    const sku = obj(d.resource.sku);
    sendList(c, [
      {
        resourceType: TYPES.deployment,
        sku: { name: str(sku?.name) ?? 'Default', tier: 'Standard' },
        capacity: { minimum: 1, maximum: 20, default: 1, scaleType: 'Manual' },
      },
    ]);
  });
}

async function putDeployment(s: ArmServices, c: ArmCall, p: Params): Promise<void> {
  const w = workspaceOf(s.store.state, p);
  const epKey = findKey(w.endpoints, p.ep as string);
  if (!epKey) {
    throw new ArmError(
      404,
      'ParentResourceNotFound',
      `Can not perform requested operation on nested resource. Parent resource '${p.ep}' not found.`,
    );
  }
  const e = w.endpoints[epKey] as EndpointState;
  const name = p.dep as string;
  const nameError = checkDeploymentName(name);
  if (nameError) throw nameError;
  if (str(e.resource.properties.provisioningState) === 'Deleting') {
    throw new ArmError(409, 'Conflict', `Endpoint '${epKey}' is being deleted.`);
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
  if (existing && isBusy(existing.resource)) {
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
  const id = `${e.resource.id}/deployments/${name}`;
  if (computeType === 'Managed') {
    const instanceType = str(properties.instanceType) as string;
    const refused =
      checkInstanceType(instanceType, s.store.state.location) ??
      checkDeploymentQuota(s.store.state, id, instanceType, instancesOf(sku));
    if (refused) throw refused;
  }
  const r: ArmResource = {
    ...resource(id, key ?? name, TYPES.deployment, properties, existing?.resource),
    location: str(body.location) as string,
    tags: obj(body.tags) ?? {},
    kind: str(body.kind) ?? computeType,
    sku: {
      name: str(sku.name) ?? 'Default',
      capacity: typeof sku.capacity === 'number' ? sku.capacity : 1,
      ...(str(sku.tier) ? { tier: str(sku.tier) as string } : {}),
    },
  };
  if (obj(body.identity)) r.identity = identity(s.store.state, obj(body.identity));
  const state: DeploymentState = existing ?? {
    resource: r,
    logs: { storageInitializer: [], inferenceServer: [] },
  };
  state.resource = r;
  e.deployments[key ?? name] = state;
  const depName = key ?? name;
  const op = s.operations.provision(
    state.resource,
    existing ? 'update' : 'create',
    s.timings.deploymentProvisionMs,
    () => provisionWithFaults(s, w.resource.name, epKey, depName),
  );
  s.operations.accepted(c, existing ? 200 : 201, op, state.resource, false);
}

async function provisionWithFaults(s: ArmServices, ws: string, ep: string, dep: string): Promise<void> {
  const fault = s.faults.take('provisioning', (f) => sameName(f.endpoint, ep) && sameName(f.deployment, dep));
  if (fault?.mode === 'slow') await sleep(fault.delayMs ?? 2000);
  if (fault?.mode === 'fail') {
    const d = findDeployment(s.store.state, ws, ep, dep);
    const message = fault.message ?? 'Injected provisioning failure.';
    d?.logs.inferenceServer.push(`${new Date().toISOString()} ERROR ${message}`);
    throw new ProvisioningError(fault.code ?? 'DeploymentFailed', message);
  }
  checkImagePull(s, ws, ep, dep);
  await checkRegistryImage(s, ws, ep, dep);
  await s.runtime.provisionDeployment(ws, ep, dep);
}

/**
 * A deployment in a private workspace, or with egressPublicNetworkAccess Disabled, reaches only the
 * workspace's linked registry: any other environment image cannot be pulled, and AML fails the
 * deployment with the pull error in its logs. Environments built by AML (no `image`) land in the
 * linked registry, so they pass.
 */
function checkImagePull(s: ArmServices, ws: string, ep: string, dep: string): void {
  const st = s.store.state;
  const w = findWorkspace(st, ws);
  const d = findDeployment(st, ws, ep, dep);
  if (!w || !d) return;
  const privateWs = isPrivateWorkspace(w);
  const noEgress = str(d.resource.properties.egressPublicNetworkAccess) === 'Disabled';
  if (!privateWs && !noEgress) return;
  const env = resolveAsset(st, ws, str(d.resource.properties.environmentId), 'environments');
  const image = str(env?.properties.image);
  if (!image) return;
  const registry = linkedRegistryLoginServer(w);
  const host = imageRegistry(image);
  // The linked registry answers under its ACR name and, when the plane runs it, at `localhost:<port>`.
  const running = registry ? s.runtime.registries.find(registry.split('.')[0] as string) : undefined;
  if (registry && (host === registry || host === running?.loginServer)) return;
  const why = privateWs
    ? `workspace '${w.resource.name}' is private (publicNetworkAccess: Disabled)`
    : `the deployment has egressPublicNetworkAccess: Disabled`;
  const message = `Failed to pull image "${image}": registry ${host} is not reachable because ${why}; only the workspace's linked registry ${registry ?? '(none)'} is. Push or import the image into ${registry ?? 'the linked registry'} and reference it from there.`;
  const at = new Date().toISOString();
  d.logs.inferenceServer.push(`${at} Error: ImagePullFailed (ErrImagePull): ${message}`);
  d.logs.inferenceServer.push(`${at} Back-off pulling image "${image}" (ImagePullBackOff)`);
  throw new ProvisioningError('ImagePullFailed', message);
}

/**
 * An image on one of the plane's own registries must be there, as a real pull would find: a
 * missing tag or digest fails provisioning the way AML reports an image pull failure (error
 * message naming the image, the pull error in both containers' logs). Images elsewhere cannot be
 * checked offline and pass.
 */
async function checkRegistryImage(s: ArmServices, ws: string, ep: string, dep: string): Promise<void> {
  const st = s.store.state;
  const d = findDeployment(st, ws, ep, dep);
  if (!d) return;
  const env = resolveAsset(st, ws, str(d.resource.properties.environmentId), 'environments');
  const image = str(env?.properties.image);
  if (!image) return;
  const pull = await pullFromPlaneRegistry(s.runtime.registries, image);
  if (!pull.checked || pull.present) return;
  const message = `Failed to pull image "${image}": manifest for ${pull.repository}:${pull.reference} not found in registry ${pull.registry} (manifest unknown). Push the image to the registry (build-image), or fix the environment's image reference.`;
  const at = new Date().toISOString();
  for (const lines of [d.logs.storageInitializer, d.logs.inferenceServer]) {
    lines.push(`${at} Error: ImagePullFailed (ErrImagePull): ${message}`);
    lines.push(`${at} Back-off pulling image "${image}" (ImagePullBackOff)`);
  }
  throw new ProvisioningError('ImagePullFailed', message);
}

/** The registry host of an image reference, as docker resolves it (no host means Docker Hub). */
export function imageRegistry(image: string): string {
  const first = image.split('/')[0] as string;
  const isHost = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return (isHost ? first : 'docker.io').toLowerCase();
}

async function patchDeployment(s: ArmServices, c: ArmCall, p: Params): Promise<void> {
  const d = deploymentOf(s.store.state, p);
  if (isBusy(d.resource))
    throw new ArmError(409, 'Conflict', `Deployment '${d.resource.name}' has an operation in progress.`);
  const body = await readJson(c.req);
  if (obj(body.tags)) d.resource.tags = obj(body.tags) as JsonObject;
  const sku = obj(body.sku);
  const scaling = sku !== undefined && typeof sku.capacity === 'number';
  const instanceType = str(d.resource.properties.instanceType);
  if (scaling && instanceType && str(d.resource.properties.endpointComputeType) === 'Managed') {
    const refused = checkDeploymentQuota(s.store.state, d.resource.id, instanceType, instancesOf(sku));
    if (refused) throw refused;
  }
  if (sku) d.resource.sku = { ...(obj(d.resource.sku) ?? {}), ...sku };
  d.resource.systemData = systemData(d.resource.systemData);
  d.resource.properties.provisioningState = scaling ? 'Scaling' : 'Updating';
  const op = s.operations.provision(d.resource, 'update', s.timings.deploymentProvisionMs);
  s.operations.accepted(c, 202, op, undefined, true);
}

async function deleteDeployment(s: ArmServices, c: ArmCall, p: Params): Promise<void> {
  const w = workspaceOf(s.store.state, p);
  const e = endpointOf(s.store.state, p);
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
  const op = s.operations.start(d.resource.id, 'delete', s.timings.deleteMs, async () => {
    await s.runtime.stopDeployment(w.resource.name, epKey, key);
    s.runtime.removeDeploymentFiles(w.resource.name, epKey, key);
    delete e.deployments[key];
  });
  s.operations.accepted(c, 202, op, undefined, true);
}
