// ARM long-running operations as AML runs them: 201/202 with Azure-AsyncOperation, Location and
// Retry-After; operation records saved at every transition; the mfeOperationsStatus and
// mfeOperationResults resources a poller reads; provisioningState moving to Succeeded or Failed.
import { randomUUID } from 'node:crypto';
import { ArmError, sendJson } from '../arm-http.js';
import { API_VERSION, compact, PROVIDER } from '../resources.js';
import type { ArmResource, JsonObject, OperationRecord, StateStore } from '../store.js';
import { type ArmCall, type ArmRouter, LOCATION, type Params } from './router.js';

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

/** A provisioning failure with the code AML reports in the operation's error. */
export class ProvisioningError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

/** The body an `update` operation's result resource returns (the resource as it is now), if any. */
export type OperationResultBody = (op: OperationRecord, apiVersion: string) => ArmResource | undefined;

export class Operations {
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly store: StateStore,
    private readonly timings: PlaneTimings,
    private readonly armBase: () => string,
  ) {}

  routes(router: ArmRouter, resultBody: OperationResultBody): void {
    router.on('GET', `${LOCATION}/mfeOperationsStatus/:op`, 'OperationStatus', (c, p) => this.status(c, p));
    router.on('GET', `${LOCATION}/mfeOperationResults/:op`, 'OperationResult', (c, p) =>
      this.result(c, p, resultBody),
    );
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

  /** Answer an LRO's first request: the status code, the body, and where to poll. */
  accepted(
    c: ArmCall,
    status: number,
    op: OperationRecord,
    body: ArmResource | undefined,
    withLocation: boolean,
  ): void {
    const headers: Record<string, string> = {
      ...c.ids,
      'azure-asyncoperation': this.url('mfeOperationsStatus', op.id),
      'retry-after': String(this.timings.retryAfterSeconds),
    };
    if (withLocation) headers.location = this.url('mfeOperationResults', op.id);
    sendJson(c.res, status, body, headers);
  }

  /** A long-running create or update: the resource is 'Succeeded' once `work` (if any) is done
   * after `delayMs`, 'Failed' if it throws. */
  provision(
    resource: ArmResource,
    kind: OperationRecord['kind'],
    delayMs: number,
    work: () => Promise<void> = async () => undefined,
  ): OperationRecord {
    return this.start(
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

  /**
   * Record an operation and run its work in the background after `delayMs`. The resource state and
   * the operation record are saved at every transition, so a restart can see where things were.
   */
  start(
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
    this.store.state.operations[op.id] = op;
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

  /** After a restart: what was in flight did not finish. */
  interruptAll(): void {
    for (const op of Object.values(this.store.state.operations)) {
      if (op.status === 'InProgress') {
        op.status = 'Failed';
        op.error = {
          code: 'OperationInterrupted',
          message: 'The local plane restarted while this operation was running.',
        };
        op.endTime = new Date().toISOString();
      }
    }
  }

  private url(kind: 'mfeOperationsStatus' | 'mfeOperationResults', id: string): string {
    const st = this.store.state;
    return `${this.armBase()}/subscriptions/${st.subscriptionId}/providers/${PROVIDER}/locations/${st.location}/${kind}/${id}?api-version=${API_VERSION}`;
  }

  private find(p: Params): OperationRecord {
    const op = this.store.state.operations[p.op as string];
    if (!op) throw new ArmError(404, 'NotFound', `Operation '${p.op}' was not found.`);
    return op;
  }

  private async status(c: ArmCall, p: Params): Promise<void> {
    const op = this.find(p);
    const body: JsonObject = compact({
      id: this.url('mfeOperationsStatus', op.id).replace(this.armBase(), '').replace(/\?.*$/, ''),
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

  private async result(c: ArmCall, p: Params, resultBody: OperationResultBody): Promise<void> {
    const op = this.find(p);
    if (op.status === 'InProgress') {
      return sendJson(c.res, 202, undefined, {
        ...c.ids,
        location: this.url('mfeOperationResults', op.id),
        'retry-after': String(this.timings.retryAfterSeconds),
      });
    }
    if (op.status === 'Failed' && op.error) {
      throw new ArmError(400, op.error.code, op.error.message);
    }
    sendJson(c.res, 200, op.kind === 'update' ? resultBody(op, c.apiVersion) : undefined, c.ids);
  }
}
