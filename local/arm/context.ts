// What every resource module is given: the state, the runtime that runs deployments, the faults,
// the timings and the long-running operations. Modules get this, never each other's internals.
import type { PlaneRegistries } from '../acr/registries.js';
import type { FaultRegistry } from '../faults.js';
import type { RequestMetrics } from '../metrics.js';
import type { StateStore } from '../store.js';
import type { Operations, PlaneTimings } from './operations.js';

/** What the control plane needs from the rest of the plane. */
export interface PlaneRuntime {
  /** Start (or find) the endpoint's scoring listener; returns its scoring base URL. */
  openEndpoint(ws: string, ep: string): Promise<string>;
  closeEndpoint(ws: string, ep: string): Promise<void>;
  /** Download the model and start the serving process; throws ProvisioningError. Logs go into `dep.logs`. */
  provisionDeployment(ws: string, ep: string, dep: string): Promise<void>;
  stopDeployment(ws: string, ep: string, dep: string): Promise<void>;
  /** Remove the files a deleted endpoint (all its deployments) or deployment owned on disk. */
  removeDeploymentFiles(ws: string, ep: string, dep?: string): void;
  /** Remove a deleted model version's blobs (those under its `modelUri` on this plane's datastores). */
  removeModelFiles(ws: string, modelUri: string): Promise<void>;
  /** The data plane's per-request record, which Azure Monitor metrics are computed from. */
  metrics: RequestMetrics;
  /** The plane's container registries: the registries resource, and the image pull check. */
  registries: PlaneRegistries;
}

export interface ArmServices {
  store: StateStore;
  runtime: PlaneRuntime;
  faults: FaultRegistry;
  timings: PlaneTimings;
  operations: Operations;
}
