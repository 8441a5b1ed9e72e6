// The register-model step: everything is checked (inputs, files, model type, content hash) before
// the first Azure call, then the version with the same files is returned or a new one registered.
import { workspaceRef } from '../azure/inputs.js';
import { connectWorkspace } from '../azure/workspace.js';
import type { StepContext } from '../host/context.js';
import type { RegisterModelInputs, RegisterModelOutputs } from './inputs.js';
import { prepareModel, registerPreparedModel } from './register.js';
import { resolveModelSpec } from './spec.js';

export async function runRegisterModelStep(
  inputs: RegisterModelInputs,
  { host, signal, azure }: StepContext,
): Promise<RegisterModelOutputs> {
  const spec = await resolveModelSpec(inputs);
  const prepared = await prepareModel(spec, host, signal);
  const target = await connectWorkspace(workspaceRef(inputs), azure);
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
    created: String(model.created),
  };
}
