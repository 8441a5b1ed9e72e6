// The ARM surface of Microsoft.MachineLearningServices (api-version 2022-10-01) as one object: it
// wires the router (arm/router.ts), the long-running operations (arm/operations.ts) and one module
// per resource (arm/resources/*.ts), and answers what the rest of the plane asks of it (find a
// deployment, resolve an asset, check an aml_token, resume after a restart). What deployments *do*
// (download, serve) is the runtime's job (supervisor.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArmServices, PlaneRuntime } from './arm/context.js';
import { findDeployment, findEndpoint } from './arm/lookup.js';
import { Operations, type PlaneTimings } from './arm/operations.js';
import { MutatingRequestLog } from './arm/requests.js';
import { assetRoutes, resolveAsset } from './arm/resources/assets.js';
import { datastoreRoutes } from './arm/resources/datastores.js';
import { deploymentRoutes } from './arm/resources/deployments.js';
import { endpointBody, endpointRoutes, signAmlToken, verifyAmlToken } from './arm/resources/endpoints.js';
import { metricRoutes } from './arm/resources/metrics.js';
import { registryRoutes } from './arm/resources/registries.js';
import { type QuotaLine, quotaLines, setQuotaLimit, usageRoutes } from './arm/resources/usages.js';
import { vmSizeRoutes } from './arm/resources/vm-sizes.js';
import { workspaceRoutes } from './arm/resources/workspaces.js';
import { ArmRouter } from './arm/router.js';
import type { FaultRegistry } from './faults.js';
import { str } from './resources.js';
import { isGpuInstanceType } from './rules.js';
import type { ArmResource, DeploymentState, EndpointState, StateStore } from './store.js';

export type { PlaneRuntime } from './arm/context.js';
export { type PlaneTimings, ProvisioningError, sleep } from './arm/operations.js';
export { defaultWorkspace } from './arm/resources/workspaces.js';

export class ControlPlane {
  readonly operations: Operations;
  /** Every mutating ARM request received (the admin API reads and resets it). */
  readonly requests = new MutatingRequestLog();
  private readonly router: ArmRouter;

  constructor(
    private readonly store: StateStore,
    private readonly runtime: PlaneRuntime,
    faults: FaultRegistry,
    readonly timings: PlaneTimings,
    armBase: () => string,
  ) {
    this.operations = new Operations(store, timings, armBase);
    this.router = new ArmRouter(() => store.state, faults, this.requests);
    const services: ArmServices = { store, runtime, faults, timings, operations: this.operations };
    this.operations.routes(this.router, (op, apiVersion) => this.updated(op.resourceId, apiVersion));
    workspaceRoutes(this.router, services);
    datastoreRoutes(this.router, services);
    assetRoutes(this.router, services);
    endpointRoutes(this.router, services);
    deploymentRoutes(this.router, services);
    vmSizeRoutes(this.router, services);
    usageRoutes(this.router, services);
    metricRoutes(this.router, services);
    registryRoutes(this.router, services);
  }

  get state() {
    return this.store.state;
  }

  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return this.router.handle(req, res);
  }

  /** Stop starting or finishing operations (shutdown); in-flight ones stay InProgress on disk. */
  close(): void {
    this.operations.close();
  }

  /** Wait for background operations to settle (used on shutdown). */
  settle(): Promise<void> {
    return this.operations.settle();
  }

  findDeployment(ws: string, ep: string, dep: string): DeploymentState | undefined {
    return findDeployment(this.state, ws, ep, dep);
  }

  findEndpoint(ws: string, ep: string): EndpointState | undefined {
    return findEndpoint(this.state, ws, ep);
  }

  /** Parse a deployment's model/environment references against this plane's workspaces. */
  resolveAsset(
    ws: string,
    ref: string | undefined,
    kind: 'models' | 'environments',
  ): ArmResource | undefined {
    return resolveAsset(this.state, ws, ref, kind);
  }

  isGpu(d: DeploymentState): boolean {
    return isGpuInstanceType(str(d.resource.properties.instanceType));
  }

  amlToken(ws: string, ep: string, exp: number): string {
    return signAmlToken(this.state, ws, ep, exp);
  }

  verifyAmlToken(token: string, ws: string, ep: string): boolean {
    return verifyAmlToken(this.state, token, ws, ep);
  }

  /** Dedicated-core quota lines (regional total, then each VM family): limit and cores held. */
  quotas(): QuotaLine[] {
    return quotaLines(this.state);
  }

  /** Set (or with `undefined`, reset) one quota limit by its usage name; saved with the state. */
  setQuota(name: string, limit: number | undefined): QuotaLine {
    const line = setQuotaLimit(this.state, name, limit);
    this.store.save();
    return line;
  }

  resetQuotas(): void {
    delete this.state.quotas;
    this.store.save();
  }

  /** An endpoint or deployment as it is now, for an update operation's result resource. */
  private updated(resourceId: string, apiVersion: string): ArmResource | undefined {
    const m = /\/workspaces\/([^/]+)\/onlineEndpoints\/([^/]+)(?:\/deployments\/([^/]+))?$/i.exec(resourceId);
    if (!m?.[1] || !m[2]) return undefined;
    if (m[3]) return this.findDeployment(m[1], m[2], m[3])?.resource;
    const e = this.findEndpoint(m[1], m[2]);
    return e ? endpointBody(e, apiVersion) : undefined;
  }

  /** After a restart: finish what was in flight and bring every live deployment back up. */
  async resume(): Promise<void> {
    const restarts: Promise<void>[] = [];
    const ops = this.operations;
    ops.interruptAll();
    for (const [wsName, w] of Object.entries(this.state.workspaces)) {
      for (const [epName, e] of Object.entries(w.endpoints)) {
        const eState = str(e.resource.properties.provisioningState);
        if (eState === 'Deleting') {
          ops.start(e.resource.id, 'delete', 0, async () => {
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
            ops.start(d.resource.id, 'delete', 0, async () => {
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
}
