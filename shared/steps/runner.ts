// Runs one step on one host: read and validate inputs, run, write outputs. The only place that
// turns a thrown error into a failed step, so every host reports failures the same way.
import { describeError, isRolloutError } from '../errors.js';
import type { Host } from '../host/host.js';
import type { StepDefinition } from './definition.js';
import { parseInputs } from '../inputs/parse.js';

export async function runStep(step: StepDefinition, host: Host, signal: AbortSignal): Promise<boolean> {
  try {
    const inputs = parseInputs(step.inputs, host);
    const outputs = await step.run(inputs, { host, signal });
    for (const [name, value] of Object.entries(outputs)) {
      if (value !== undefined) host.setOutput(name, value);
    }
    host.succeed();
    return true;
  } catch (e) {
    if (!isRolloutError(e) && e instanceof Error && e.stack) host.debug(e.stack);
    host.fail(describeError(e));
    return false;
  }
}

/** Cancellation for a whole process: the CI host sends SIGTERM/SIGINT when a job is cancelled. */
export function processSignal(): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort(new Error('the job was cancelled'));
  process.once('SIGTERM', abort);
  process.once('SIGINT', abort);
  return controller.signal;
}
