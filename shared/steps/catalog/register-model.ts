// register-model: upload model files to the workspace datastore and register a model version.
// Everything is checked (inputs, files, model type, content hash) before the first Azure call;
// the behaviour lives in shared/model.
import { azureInputs } from '../common-inputs.js';
import { defineStep } from '../definition.js';

export const registerModel = defineStep({
  id: 'register-model',
  title: 'Register model',
  description:
    'Upload model files to the workspace datastore and register a model version, idempotently, with lineage tags.',
  available: true,
  inputs: {
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
      options: ['custom_model', 'mlflow_model', 'triton_model'],
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
  },
  outputs: {
    'model-name': { description: 'Registered model name.' },
    'model-version': { description: 'Registered model version.' },
    'model-id': { description: 'ARM id of the model version.' },
    'model-ref': { description: '`azureml:<name>:<version>`.' },
  },
  async run(inputs, { host, signal }) {
    // Loaded here, not at start-up: registration pulls the Azure SDKs (ARM, storage).
    const [{ resolveModelSpec }, { prepareModel, registerPreparedModel }, { connectWorkspace }] =
      await Promise.all([
        import('../../model/spec.js'),
        import('../../model/register.js'),
        import('../../azure/workspace.js'),
      ]);
    const spec = await resolveModelSpec(inputs);
    const prepared = await prepareModel(spec, host, signal);
    const target = await connectWorkspace(host, inputs);
    const model = await registerPreparedModel(target, prepared, host, signal, {
      datastore: inputs.datastore,
    });
    await host.appendSummary(
      [
        `### Model ${model.ref}`,
        '',
        `- ${model.created ? `registered, ${model.uploadedBytes} bytes uploaded` : 'already registered with the same files: nothing uploaded or created'}`,
        `- content sha256 \`${model.contentHash}\``,
        `- \`${model.modelUri}\``,
        '',
      ].join('\n'),
    );
    return {
      'model-name': model.name,
      'model-version': model.version,
      'model-id': model.id,
      'model-ref': model.ref,
    };
  },
});
