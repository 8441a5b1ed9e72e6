// Faults tests inject through the admin API. Each fault names where it applies (an ARM operationId,
// a deployment) and how many times it fires; the control plane, the provisioning engine and the
// data plane each ask `take()` at the point where Azure would misbehave.
import { randomUUID } from 'node:crypto';

export type FaultSpec =
  /** ARM answers an operation with this status (429/5xx), an ARM error body and Retry-After. */
  | {
      kind: 'arm-error';
      operation: string;
      status: number;
      code?: string;
      retryAfterSeconds?: number;
      count?: number;
    }
  /** ARM drops the connection without answering. */
  | { kind: 'arm-drop'; operation: string; count?: number }
  /** A deployment's provisioning takes extra time, or ends Failed with this error. */
  | {
      kind: 'provisioning';
      mode: 'slow' | 'fail';
      endpoint?: string;
      deployment?: string;
      delayMs?: number;
      code?: string;
      message?: string;
      count?: number;
    }
  /** A deployment's serving process misbehaves on the data plane; `throttle` is the front end
   * answering 429 (or `status`) with Retry-After, as Azure does past max_concurrent_requests. */
  | {
      kind: 'deployment';
      mode: 'crash' | 'slow' | 'wrong-boxes' | 'drop' | 'error' | 'throttle';
      endpoint: string;
      deployment: string;
      delayMs?: number;
      status?: number;
      retryAfterSeconds?: number;
      count?: number;
    };

export type Fault = FaultSpec & { id: string; fired: number };

export class FaultRegistry {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault = { ...spec, id: randomUUID(), fired: 0 } as Fault;
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first live fault matching `pred`; counts one firing and retires it when its count is used up. */
  take<K extends Fault['kind']>(
    kind: K,
    pred: (f: Extract<Fault, { kind: K }>) => boolean,
  ): Extract<Fault, { kind: K }> | undefined {
    const found = this.faults.find((f) => f.kind === kind && pred(f as Extract<Fault, { kind: K }>)) as
      Extract<Fault, { kind: K }> | undefined;
    if (!found) return undefined;
    found.fired += 1;
    if (found.count !== undefined && found.fired >= found.count) this.remove(found.id);
    return found;
  }
}

export const sameName = (a: string | undefined, b: string): boolean =>
  a === undefined || a === '*' || a.toLowerCase() === b.toLowerCase();
