// What a step's behaviour runs with, handed over by the step runner (shared/steps/runner.ts):
// the host, the job's cancellation, and Azure access built from the step's sign-in inputs.
// Here (layer 3) so the behaviour in shared/model, shared/gate, ... can take it without an arrow
// up to shared/steps.
import type { AzureAccess } from '../azure/sign-in.js';
import type { Host } from './host.js';

export interface StepContext {
  host: Host;
  /** Cancelled when the job is cancelled; every wait must honour it. */
  signal: AbortSignal;
  /** Sign-in from the step's own sign-in inputs (read once, by the runner) and the host's masker. */
  azure: AzureAccess;
}
