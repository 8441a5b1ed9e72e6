// register-model: upload model files to the workspace datastore and register a model version.
// Inputs and outputs live in shared/model/inputs.ts (cheap to load); the behaviour is loaded on
// run, not at start-up: registration pulls the Azure SDKs (ARM, storage).
import { registerModelInputs, registerModelOutputs } from '../../model/inputs.js';
import { defineStep } from '../definition.js';

export const registerModel = defineStep({
  id: 'register-model',
  title: 'Register model',
  description:
    'Upload model files to the workspace datastore and register a model version, idempotently, with lineage tags.',
  available: true,
  inputs: registerModelInputs,
  outputs: registerModelOutputs,
  async run(inputs, context) {
    const { runRegisterModelStep } = await import('../../model/step.js');
    return runRegisterModelStep(inputs, context);
  },
});
