// The register-model step's inputs and outputs, declared once: the step catalogue, the manifests
// and the CLI read these objects, and `ModelSpecInputs` is derived from them. Kept free of the
// SDKs and the scorer: the step catalogue loads this file at start-up.
import { azureInputs } from '../azure/inputs.js';
import type { InputSpecs, InputsOf, OutputSpecs, OutputsOf } from '../inputs/spec.js';

export const MODEL_TYPES = ['custom_model', 'mlflow_model', 'triton_model'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

export const registerModelInputs = {
  ...azureInputs,
  path: { kind: 'path', description: 'Model file or folder. Required unless `model-yaml` gives it.' },
  name: { kind: 'string', description: 'Model name. Required unless `model-yaml` gives it.' },
  version: {
    kind: 'string',
    description:
      'Model version, or `auto` (the default unless `model-yaml` gives one) for the next integer. A version holding the same files is returned instead of creating one.',
  },
  type: {
    kind: 'choice',
    options: MODEL_TYPES,
    description: 'Model type; `custom_model` unless `model-yaml` gives one.',
  },
  description: { kind: 'string', description: 'Model description.' },
  tags: { kind: 'list', description: 'Tags, one `key=value` per line.' },
  properties: { kind: 'list', description: 'Properties, one `key=value` per line.' },
  'model-yaml': { kind: 'path', description: '`az ml` model YAML; the other inputs override it.' },
  datastore: {
    kind: 'string',
    default: 'workspaceblobstore',
    description: 'Blob datastore of the workspace to upload to.',
  },
} as const satisfies InputSpecs;

export const registerModelOutputs = {
  'model-name': { description: 'Registered model name.' },
  'model-version': { description: 'Registered model version.' },
  'model-id': { description: 'ARM id of the model version.' },
  'model-ref': { description: '`azureml:<name>:<version>`.' },
  created: {
    description:
      '`true` when this run registered the version, `false` when one with the same content was there.',
  },
} as const satisfies OutputSpecs;

export type RegisterModelInputs = InputsOf<typeof registerModelInputs>;
export type RegisterModelOutputs = OutputsOf<typeof registerModelOutputs>;

/** What the model spec is made of: those inputs that say what to register. */
export type ModelSpecInputs = Pick<
  RegisterModelInputs,
  'path' | 'name' | 'version' | 'type' | 'description' | 'tags' | 'properties' | 'model-yaml'
>;
