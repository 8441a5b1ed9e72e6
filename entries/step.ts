// Shared body of every bundled step entry: find the host, run the step (or, in the post-job phase,
// its post entry), set the exit code.

import { detectHost } from '../shared/host/detect.js';
import { findStep, steps } from '../shared/steps/catalog/index.js';
import { isPostPhase, processSignal, runStep, runStepPost } from '../shared/steps/runner.js';

export async function runHostedStep(stepId: string | undefined): Promise<void> {
  const host = await detectHost();
  const step = stepId ? findStep(stepId) : undefined;
  if (isPostPhase()) {
    // The main entry already said what was wrong with the command.
    process.exitCode = step && !(await runStepPost(step, host, processSignal())) ? 1 : 0;
    return;
  }
  if (!step) {
    host.fail(
      stepId
        ? `input 'command': '${stepId}' is not a step (one of: ${steps.map((s) => s.id).join(', ')})`
        : `input 'command': is required (one of: ${steps.map((s) => s.id).join(', ')})`,
    );
    process.exitCode = 1;
    return;
  }
  const ok = await runStep(step, host, processSignal());
  process.exitCode = ok ? 0 : 1;
}
