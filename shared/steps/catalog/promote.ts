// promote: carry a gated model and image from the dev workspace to prod, behind an approval.
import { StepNotAvailableError } from '../../errors.js';
import { azureInputs } from '../../azure/inputs.js';
import { defineStep } from '../definition.js';

export const promote = defineStep({
  id: 'promote',
  title: 'Promote to prod',
  description:
    'Copy a gated model version and inference image from the dev (CPU) workspace to prod (GPU); run it behind an environment approval.',
  available: false,
  inputs: {
    ...azureInputs,
    workspace: { kind: 'string', required: true, description: 'Target (prod) Azure ML workspace name.' },
    'source-workspace': { kind: 'string', required: true, description: 'Source (dev) workspace name.' },
    'source-resource-group': {
      kind: 'string',
      description: 'Source resource group; defaults to the target one.',
    },
    'model-ref': {
      kind: 'string',
      required: true,
      description: '`azureml:<name>:<version>` in the source workspace.',
    },
    image: { kind: 'string', description: 'Image with digest to copy to the prod registry.' },
    'target-registry': { kind: 'string', description: 'Prod registry host.' },
    'gate-report': {
      kind: 'path',
      description: 'gate.json of the passed gate; promotion refuses any other verdict.',
    },
  },
  outputs: {
    'model-ref': { description: 'Model reference in the target workspace.' },
    image: { description: 'Image reference in the target registry.' },
  },
  async run() {
    throw new StepNotAvailableError('promote');
  },
});
