// deploy: create or update the endpoint and a new deployment from `az ml` YAML, then a blue-green
// rollout: 0% -> smoke -> gate -> optional mirror -> traffic steps with health checks -> finalize,
// restoring the traffic it found on any failure (after the job too, when its runner was killed).
// Inputs and outputs live in shared/rollout/inputs.ts (cheap to load); the behaviour is loaded on
// run.
import { deployInputs, deployOutputs } from '../../rollout/inputs.js';
import { defineStep } from '../definition.js';

export const deploy = defineStep({
  id: 'deploy',
  title: 'Blue-green deploy',
  description:
    'Create or update an online endpoint and a new deployment from `az ml` YAML, then shift traffic stepwise with health checks and automatic rollback.',
  available: true,
  inputs: deployInputs,
  outputs: deployOutputs,
  async run(inputs, context) {
    const { runDeployStep } = await import('../../rollout/step.js');
    return runDeployStep(inputs, context);
  },
  // After the job, even a cancelled one: a rollout its killed main entry left is restored.
  async post(inputs, context) {
    const { runDeployPost } = await import('../../rollout/step.js');
    return runDeployPost(inputs, context);
  },
});
