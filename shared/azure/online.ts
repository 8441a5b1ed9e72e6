// Online endpoints and deployments as the rollout reads and changes them, through the SDK
// (`@azure/arm-machinelearning` 2.1.1, api-version 2022-10-01). The SDK's pipeline carries the one
// ARM retry policy (429 and 5xx, honouring Retry-After) and its pollers honour Retry-After too.
// `mirrorTraffic` is the exception: 2022-10-01 neither reads nor sends it, so it goes through the
// SDK's own pipeline as a raw request at 2023-04-01, which Azure accepts for the same resource.
import type {
  AzureMachineLearningWorkspaces,
  OnlineDeployment,
  OnlineEndpoint,
  ProvisioningState,
} from '@azure/arm-machinelearning';
import { setTimeout as sleep } from 'node:timers/promises';
import { RolloutError } from '../errors.js';

/** The workspace an operation runs in: the SDK client and where the workspace is. */
export interface WorkspaceClient {
  client: AzureMachineLearningWorkspaces;
  resourceGroup: string;
  workspace: string;
}

export type TrafficMap = Record<string, number>;

export interface LiveDeployment {
  name: string;
  provisioningState: string | undefined;
  instanceType: string | undefined;
  instanceCount: number;
  model: string | undefined;
  environmentId: string | undefined;
  environmentVariables: Record<string, string>;
  /** The resource as ARM returned it, for in-place updates. */
  resource: OnlineDeployment;
}

export interface LiveEndpoint {
  name: string;
  location: string;
  authMode: string | undefined;
  scoringUri: string | undefined;
  provisioningState: string | undefined;
  traffic: TrafficMap;
  mirrorTraffic: TrafficMap;
  tags: Record<string, string>;
  deployments: LiveDeployment[];
  /** The resource as ARM returned it, for updates that must keep what they do not change. */
  resource: OnlineEndpoint;
}

export interface WaitOptions {
  signal?: AbortSignal | undefined;
  /** Poll interval when the service sends no Retry-After (the SDK default is 2 s). */
  pollIntervalMs?: number | undefined;
}

const MIRROR_API_VERSION = '2023-04-01';

const statusOf = (e: unknown): number | undefined => (e as { statusCode?: number }).statusCode;

/** The endpoint with its deployments, traffic and mirror traffic; undefined when there is none. */
export async function readEndpoint(ws: WorkspaceClient, name: string): Promise<LiveEndpoint | undefined> {
  const { client, resourceGroup, workspace } = ws;
  let resource: OnlineEndpoint;
  try {
    resource = await client.onlineEndpoints.get(resourceGroup, workspace, name);
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
  const deployments: LiveDeployment[] = [];
  for await (const d of client.onlineDeployments.list(resourceGroup, workspace, name)) {
    deployments.push(liveDeployment(d));
  }
  const mirror = await readMirrorTraffic(ws, name);
  return {
    name: resource.name ?? name,
    location: resource.location,
    authMode: resource.properties.authMode,
    scoringUri: resource.properties.scoringUri,
    provisioningState: resource.properties.provisioningState,
    traffic: numbers(resource.properties.traffic),
    mirrorTraffic: mirror,
    tags: { ...resource.tags },
    deployments,
    resource,
  };
}

export function liveDeployment(d: OnlineDeployment): LiveDeployment {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.properties.environmentVariables ?? {})) if (v !== null) env[k] = v;
  return {
    name: d.name ?? '',
    provisioningState: d.properties.provisioningState,
    instanceType: d.properties.instanceType,
    instanceCount: d.sku?.capacity ?? 1,
    model: d.properties.model,
    environmentId: d.properties.environmentId,
    environmentVariables: env,
    resource: d,
  };
}

function numbers(map: Record<string, number> | undefined): TrafficMap {
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, Number(v)]));
}

function endpointUrl(ws: WorkspaceClient, name: string): string {
  const { client, resourceGroup, workspace } = ws;
  const path =
    `/subscriptions/${encodeURIComponent(client.subscriptionId)}/resourceGroups/${encodeURIComponent(resourceGroup)}` +
    `/providers/Microsoft.MachineLearningServices/workspaces/${encodeURIComponent(workspace)}` +
    `/onlineEndpoints/${encodeURIComponent(name)}`;
  return `${client.$host.replace(/\/$/, '')}${path}?api-version=${MIRROR_API_VERSION}`;
}

/** A raw request through the SDK's pipeline (sign-in, retry, TLS settings), at 2023-04-01. */
async function rawEndpointRequest(
  ws: WorkspaceClient,
  name: string,
  method: 'GET' | 'PUT',
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> | undefined; headers: Headers }> {
  const { createPipelineRequest, createHttpHeaders } = await import('@azure/core-rest-pipeline');
  const request = createPipelineRequest({
    url: endpointUrl(ws, name),
    method,
    headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const res = await ws.client.sendRequest(request);
  let json: Record<string, unknown> | undefined;
  try {
    json = res.bodyAsText ? (JSON.parse(res.bodyAsText) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  if (res.status >= 400) {
    const error = (json?.error ?? {}) as { code?: string; message?: string };
    throw new RolloutError(
      error.code ?? 'EndpointRequestFailed',
      `${method} endpoint '${name}' (api-version ${MIRROR_API_VERSION}) answered ${res.status}: ${error.message ?? 'no message'}`,
      { resource: name },
    );
  }
  return { status: res.status, json, headers: new Headers(res.headers.toJSON() as Record<string, string>) };
}

export async function readMirrorTraffic(ws: WorkspaceClient, name: string): Promise<TrafficMap> {
  const { json } = await rawEndpointRequest(ws, name, 'GET');
  const props = (json?.properties ?? {}) as { mirrorTraffic?: Record<string, number> };
  return numbers(props.mirrorTraffic);
}

/** Create or update the endpoint (never its traffic: callers pass the traffic it has). */
export async function putEndpoint(
  ws: WorkspaceClient,
  name: string,
  body: OnlineEndpoint,
  options: WaitOptions = {},
): Promise<OnlineEndpoint> {
  const { client, resourceGroup, workspace } = ws;
  return client.onlineEndpoints.beginCreateOrUpdateAndWait(resourceGroup, workspace, name, body, {
    ...(options.pollIntervalMs === undefined ? {} : { updateIntervalInMs: options.pollIntervalMs }),
    ...(options.signal ? { abortSignal: options.signal } : {}),
  });
}

/** The endpoint body to PUT: what ARM returned, minus read-only fields, with these changes. */
export function endpointBody(
  live: LiveEndpoint,
  change: { traffic?: TrafficMap; tags?: Record<string, string> },
): OnlineEndpoint {
  const { provisioningState: _p, scoringUri: _s, swaggerUri: _w, ...properties } = live.resource.properties;
  return {
    location: live.resource.location,
    ...(live.resource.identity ? { identity: live.resource.identity } : {}),
    ...(live.resource.kind ? { kind: live.resource.kind } : {}),
    ...(live.resource.sku ? { sku: live.resource.sku } : {}),
    tags: change.tags ?? live.tags,
    properties: { ...properties, traffic: change.traffic ?? live.traffic },
  };
}

/** Set traffic (SDK, 2022-10-01: mirror traffic is kept as it is). Tags kept. */
export async function setTraffic(
  ws: WorkspaceClient,
  live: LiveEndpoint,
  traffic: TrafficMap,
  options: WaitOptions = {},
): Promise<void> {
  await putEndpoint(ws, live.name, endpointBody(live, { traffic }), options);
}

/** Set traffic and mirror traffic in one PUT (2023-04-01 through the SDK pipeline), then wait. */
export async function setTrafficAndMirror(
  ws: WorkspaceClient,
  live: LiveEndpoint,
  traffic: TrafficMap,
  mirrorTraffic: TrafficMap,
  options: WaitOptions = {},
): Promise<void> {
  const body = endpointBody(live, { traffic }) as OnlineEndpoint & {
    properties: { mirrorTraffic?: TrafficMap };
  };
  body.properties.mirrorTraffic = mirrorTraffic;
  await rawEndpointRequest(ws, live.name, 'PUT', body);
  await waitForEndpoint(ws, live.name, options);
}

/** Replace the endpoint's tags (a PATCH: nothing else changes). The journal lives here. */
export async function setEndpointTags(
  ws: WorkspaceClient,
  name: string,
  tags: Record<string, string>,
  options: WaitOptions = {},
): Promise<void> {
  const { client, resourceGroup, workspace } = ws;
  await client.onlineEndpoints.beginUpdateAndWait(
    resourceGroup,
    workspace,
    name,
    { tags },
    {
      ...(options.pollIntervalMs === undefined ? {} : { updateIntervalInMs: options.pollIntervalMs }),
      ...(options.signal ? { abortSignal: options.signal } : {}),
    },
  );
}

const TERMINAL = new Set<string>(['Succeeded', 'Failed', 'Canceled']);

/** Wait until the endpoint has no operation in progress (after a raw PUT). */
async function waitForEndpoint(ws: WorkspaceClient, name: string, options: WaitOptions): Promise<void> {
  const { client, resourceGroup, workspace } = ws;
  for (;;) {
    const e = await client.onlineEndpoints.get(resourceGroup, workspace, name);
    const state = e.properties.provisioningState as string | undefined;
    if (!state || TERMINAL.has(state)) {
      if (state === 'Failed') {
        throw new RolloutError('EndpointUpdateFailed', `endpoint '${name}' update ended Failed`, {
          resource: name,
        });
      }
      return;
    }
    await sleep(options.pollIntervalMs ?? 2000, undefined, options.signal ? { signal: options.signal } : {});
  }
}

export class DeploymentProvisioningError extends RolloutError {
  constructor(
    readonly deployment: string,
    readonly state: ProvisioningState | string,
    message: string,
  ) {
    super('DeploymentProvisioningFailed', message, {
      resource: deployment,
      remediation: 'read the deployment logs printed above (StorageInitializer, InferenceServer)',
    });
    this.name = 'DeploymentProvisioningError';
  }
}

/**
 * Create or update a deployment and wait for the outcome, at most `timeoutMs`. The SDK poller
 * follows the operation (Azure-AsyncOperation, Retry-After); a Failed outcome or a timeout
 * throws, leaving cleanup to the caller, who knows what it created.
 */
export async function putDeployment(
  ws: WorkspaceClient,
  endpoint: string,
  name: string,
  body: OnlineDeployment,
  options: WaitOptions & { timeoutMs: number },
): Promise<LiveDeployment> {
  const { client, resourceGroup, workspace } = ws;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    // An operation still running on it (left by a runner that died mid-provisioning) makes Azure
    // refuse the PUT with 409 Conflict: let it end first, within the same timeout.
    await waitForDeploymentIdle(ws, endpoint, name, signal, options.pollIntervalMs);
    const poller = await client.onlineDeployments.beginCreateOrUpdate(
      resourceGroup,
      workspace,
      endpoint,
      name,
      body,
      {
        abortSignal: signal,
        ...(options.pollIntervalMs === undefined ? {} : { updateIntervalInMs: options.pollIntervalMs }),
      },
    );
    await poller.pollUntilDone({ abortSignal: signal });
  } catch (e) {
    if (options.signal?.aborted) throw options.signal.reason ?? e;
    if (timeout.aborted) {
      throw new DeploymentProvisioningError(
        name,
        'Timeout',
        `deployment '${name}' did not reach Succeeded within ${Math.round(options.timeoutMs / 1000)} s`,
      );
    }
    const d = await getDeployment(ws, endpoint, name);
    if (d?.provisioningState === 'Failed' || d?.provisioningState === 'Canceled') {
      throw new DeploymentProvisioningError(
        name,
        d.provisioningState,
        `deployment '${name}' provisioning ended ${d.provisioningState}: ${(e as Error).message}`,
      );
    }
    throw e;
  }
  const d = await getDeployment(ws, endpoint, name);
  if (!d || d.provisioningState !== 'Succeeded') {
    throw new DeploymentProvisioningError(
      name,
      d?.provisioningState ?? 'Missing',
      `deployment '${name}' ended ${d?.provisioningState ?? 'missing'}, not Succeeded`,
    );
  }
  return d;
}

async function waitForDeploymentIdle(
  ws: WorkspaceClient,
  endpoint: string,
  name: string,
  signal: AbortSignal,
  pollIntervalMs: number | undefined,
): Promise<void> {
  for (;;) {
    const state = (await getDeployment(ws, endpoint, name))?.provisioningState;
    if (state === undefined || TERMINAL.has(state)) return;
    await sleep(pollIntervalMs ?? 2000, undefined, { signal });
  }
}

export async function getDeployment(
  ws: WorkspaceClient,
  endpoint: string,
  name: string,
): Promise<LiveDeployment | undefined> {
  const { client, resourceGroup, workspace } = ws;
  try {
    return liveDeployment(await client.onlineDeployments.get(resourceGroup, workspace, endpoint, name));
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}

/** Delete a deployment and wait; a deployment that is already gone is fine. */
export async function deleteDeployment(
  ws: WorkspaceClient,
  endpoint: string,
  name: string,
  options: WaitOptions = {},
): Promise<void> {
  const { client, resourceGroup, workspace } = ws;
  try {
    await client.onlineDeployments.beginDeleteAndWait(resourceGroup, workspace, endpoint, name, {
      ...(options.pollIntervalMs === undefined ? {} : { updateIntervalInMs: options.pollIntervalMs }),
      ...(options.signal ? { abortSignal: options.signal } : {}),
    });
  } catch (e) {
    if (statusOf(e) !== 404) throw e;
  }
}

/** Delete an endpoint and wait (only ever one this run created and nothing else lives on). */
export async function deleteEndpoint(
  ws: WorkspaceClient,
  name: string,
  options: WaitOptions = {},
): Promise<void> {
  const { client, resourceGroup, workspace } = ws;
  try {
    await client.onlineEndpoints.beginDeleteAndWait(resourceGroup, workspace, name, {
      ...(options.pollIntervalMs === undefined ? {} : { updateIntervalInMs: options.pollIntervalMs }),
      ...(options.signal ? { abortSignal: options.signal } : {}),
    });
  } catch (e) {
    if (statusOf(e) !== 404) throw e;
  }
}

export type LogContainer = 'StorageInitializer' | 'InferenceServer';

/** The tail of a deployment's container log; empty when it cannot be read (it is diagnostics). */
export async function deploymentLogs(
  ws: WorkspaceClient,
  endpoint: string,
  name: string,
  container: LogContainer,
  tail = 200,
): Promise<string> {
  const { client, resourceGroup, workspace } = ws;
  try {
    const logs = await client.onlineDeployments.getLogs(resourceGroup, workspace, endpoint, name, {
      containerType: container,
      tail,
    });
    return logs.content ?? '';
  } catch {
    return '';
  }
}
