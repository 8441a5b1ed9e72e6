// Runs one step on one host: read and validate inputs, run, write outputs. The only place that
// reads a step's inputs, sets its outputs, and turns a thrown error into a failed step, so every
// host does each the same way. A step that fails after it has results (a gate verdict) throws a
// RolloutError carrying them: they are set before the step is marked failed.
import { authInputsOf } from '../azure/inputs.js';
import { describeError, isRolloutError } from '../errors.js';
import type { StepContext } from '../host/context.js';
import type { Host } from '../host/host.js';
import { parseInputs } from '../inputs/parse.js';
import type { StepDefinition } from './definition.js';

export async function runStep(step: StepDefinition, host: Host, signal: AbortSignal): Promise<boolean> {
  try {
    const inputs = parseInputs(step.inputs, host);
    setOutputs(host, await step.run(inputs, contextOf(host, inputs, signal)));
    host.succeed();
    return true;
  } catch (e) {
    if (isRolloutError(e) && e.outputs) setOutputs(host, e.outputs);
    if (!isRolloutError(e) && e instanceof Error && e.stack) host.debug(e.stack);
    host.fail(describeError(e));
    return false;
  }
}

/** The step's post-job entry (nothing when it has none): same inputs, no outputs. */
export async function runStepPost(step: StepDefinition, host: Host, signal: AbortSignal): Promise<boolean> {
  if (!step.post) return true;
  try {
    const inputs = parseInputs(step.inputs, host);
    await step.post(inputs, contextOf(host, inputs, signal));
    host.succeed();
    return true;
  } catch (e) {
    if (!isRolloutError(e) && e instanceof Error && e.stack) host.debug(e.stack);
    host.fail(describeError(e));
    return false;
  }
}

function contextOf(host: Host, inputs: Readonly<Record<string, unknown>>, signal: AbortSignal): StepContext {
  return {
    host,
    signal,
    azure: {
      signIn: () => host.azureCredential(authInputsOf(inputs)),
      onSecret: (value) => host.setSecret(value),
      host: host.kind,
    },
  };
}

function setOutputs(host: Host, outputs: Readonly<Record<string, string | undefined>>): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) host.setOutput(name, value);
  }
}

/**
 * Set (to `post`) by a bundle's post-job entry, `post.js`, before it loads the bundle: the hosts
 * run the post phase from the same bundle, and this says which phase it is, with no guessing
 * from saved state (a main entry killed before it saved anything must not be taken for a post).
 */
export const PHASE_VARIABLE = 'AML_ROLLOUT_PHASE';

export function isPostPhase(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[PHASE_VARIABLE] === 'post';
}

/** Cancellation for a whole process: the CI host sends SIGTERM/SIGINT when a job is cancelled. */
export function processSignal(): AbortSignal {
  return processCancellation().signal;
}

/** The same, listening only until `dispose` (a CLI step run inside a longer-lived process). */
export function processCancellation(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort(new Error('the job was cancelled'));
  process.once('SIGTERM', abort);
  process.once('SIGINT', abort);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGTERM', abort);
      process.off('SIGINT', abort);
    },
  };
}
