// register-model: upload model files to the workspace datastore and register a model version.
import { StepNotAvailableError } from '../../errors.js';
import { azureInputs } from '../common-inputs.js';
import { defineStep } from '../definition.js';

export const registerModel = defineStep({
  id: 'register-model',
  title: 'Register model',
  description:
    'Upload model files to the workspace datastore and register a model version, idempotently, with lineage tags.',
  available: false,
  inputs: {
    ...azureInputs,
    path: { kind: 'path', description: 'Model file or folder. Required unless `model-yaml` gives it.' },
    name: { kind: 'string', description: 'Model name. Required unless `model-yaml` gives it.' },
    version: { kind: 'string', default: 'auto', description: 'Model version, or `auto` for the next one.' },
    type: {
      kind: 'choice',
      default: 'custom_model',
      options: ['custom_model', 'mlflow_model', 'triton_model'],
      description: 'Model type.',
    },
    description: { kind: 'string', description: 'Model description.' },
    tags: { kind: 'list', description: 'Tags, one `key=value` per line.' },
    properties: { kind: 'list', description: 'Properties, one `key=value` per line.' },
    'model-yaml': { kind: 'path', description: '`az ml` model YAML; the other inputs override it.' },
  },
  outputs: {
    'model-name': { description: 'Registered model name.' },
    'model-version': { description: 'Registered model version.' },
    'model-id': { description: 'ARM id of the model version.' },
    'model-ref': { description: '`azureml:<name>:<version>`.' },
  },
  async run() {
    throw new StepNotAvailableError('register-model');
  },
});
