// register-model: upload model files to the workspace datastore and register a model version.
// Inputs, outputs and behaviour live in shared/model.
import { registerModelInputs, registerModelOutputs } from '../../model/inputs.js';
import { runRegisterModelStep } from '../../model/step.js';
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
    return runRegisterModelStep(inputs, context);
  },
});
