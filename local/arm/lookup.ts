// Finding resources in the plane's state: by route parameters (throwing the 404 ARM answers with)
// or by name (undefined when absent). Names are case-insensitive, as ARM's are.
import { ArmError, notFound } from '../arm-http.js';
import { findKey, PROVIDER, str } from '../resources.js';
import type {
  ArmResource,
  DatastoreState,
  DeploymentState,
  EndpointState,
  PlaneState,
  WorkspaceState,
} from '../store.js';
import type { Params } from './router.js';

export function workspaceOf(st: PlaneState, p: Params): WorkspaceState {
  const w = findWorkspace(st, p.ws as string);
  if (!w) {
    throw new ArmError(
      404,
      'ResourceNotFound',
      `The Resource '${PROVIDER}/workspaces/${p.ws}' under resource group '${p.rg}' was not found.`,
    );
  }
  return w;
}

export function datastoreOf(st: PlaneState, p: Params): DatastoreState {
  const w = workspaceOf(st, p);
  const key = findKey(w.datastores, p.name as string);
  if (!key) throw notFound('datastore', `${w.resource.id}/datastores/${p.name}`);
  return w.datastores[key] as DatastoreState;
}

export function endpointOf(st: PlaneState, p: Params): EndpointState {
  const w = workspaceOf(st, p);
  const key = findKey(w.endpoints, p.ep as string);
  if (!key) throw notFound('online endpoint', `${w.resource.id}/onlineEndpoints/${p.ep}`);
  return w.endpoints[key] as EndpointState;
}

export function deploymentOf(st: PlaneState, p: Params): DeploymentState {
  const e = endpointOf(st, p);
  const key = findKey(e.deployments, p.dep as string);
  if (!key) throw notFound('online deployment', `${e.resource.id}/deployments/${p.dep}`);
  return e.deployments[key] as DeploymentState;
}

export function findWorkspace(st: PlaneState, ws: string): WorkspaceState | undefined {
  return st.workspaces[findKey(st.workspaces, ws) ?? ''];
}

export function findEndpoint(st: PlaneState, ws: string, ep: string): EndpointState | undefined {
  const w = findWorkspace(st, ws);
  return w?.endpoints[findKey(w.endpoints, ep) ?? ''];
}

export function findDeployment(
  st: PlaneState,
  ws: string,
  ep: string,
  dep: string,
): DeploymentState | undefined {
  const e = findEndpoint(st, ws, ep);
  return e?.deployments[findKey(e.deployments, dep) ?? ''];
}

/** A resource with an operation in progress refuses another change (409). */
export function isBusy(r: ArmResource): boolean {
  const s = str(r.properties.provisioningState);
  return s === 'Creating' || s === 'Updating' || s === 'Deleting' || s === 'Scaling';
}
