// promote: carry a gated model version (copied server to server, registered with its evidence) and
// its inference image (ACR import by digest) from the dev workspace to prod; deploy then rolls out
// from promote's outputs. Inputs and outputs live in shared/promote/inputs.ts (cheap to load); the
// behaviour is loaded on run.
import { promoteInputs, promoteOutputs } from '../../promote/inputs.js';
import { defineStep } from '../definition.js';

export const promote = defineStep({
  id: 'promote',
  title: 'Promote to prod',
  description:
    'Copy a gated model version (server side, with its gate evidence) and its inference image (ACR import by digest) from the dev workspace to prod; refuses a model without a passing verdict for its content.',
  available: true,
  inputs: promoteInputs,
  outputs: promoteOutputs,
  async run(inputs, context) {
    const { runPromoteStep } = await import('../../promote/step.js');
    return runPromoteStep(inputs, context);
  },
});
