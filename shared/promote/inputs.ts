// The promote step's inputs and outputs, declared once: the step catalogue, the manifests and the
// CLI read these objects, and `PromoteInputs` / `PromoteOutputs` are derived from them. Kept free
// of the SDKs: the step catalogue loads this file at start-up.
import { azureInputs } from '../azure/inputs.js';
import type { InputSpecs, InputsOf, OutputSpecs, OutputsOf } from '../inputs/spec.js';

export const promoteInputs = {
  ...azureInputs,
  'subscription-id': {
    kind: 'string',
    description:
      'Azure subscription id of the target (prod) workspace. On Azure DevOps defaults to the service connection subscription.',
  },
  'resource-group': { kind: 'string', description: 'Resource group of the target (prod) workspace.' },
  workspace: {
    kind: 'string',
    required: true,
    description: 'Target (prod) Azure ML workspace name: the model is registered there.',
  },
  'source-workspace': {
    kind: 'string',
    required: true,
    description: 'Source (dev) workspace name, where `model-ref` was registered and gated.',
  },
  'source-resource-group': {
    kind: 'string',
    description: 'Resource group of the source workspace; defaults to the target one.',
  },
  'source-subscription-id': {
    kind: 'string',
    description:
      "Subscription of the source workspace, reached with the same sign-in; defaults to the target's.",
  },
  'model-ref': {
    kind: 'string',
    required: true,
    description:
      '`azureml:<name>:<version>` in the source workspace. Its tags must carry a passing gate verdict for its own content.',
  },
  image: {
    kind: 'string',
    description:
      "Inference image to carry along, by digest, on the source workspace's linked registry (build-image output), e.g. `devacr.azurecr.io/detector@sha256:...`.",
  },
  'target-registry': {
    kind: 'string',
    description:
      "Prod registry login server; must be the target workspace's linked registry (the only one a private workspace pulls from), which is the default.",
  },
  'gate-report': {
    kind: 'path',
    description:
      "Extra evidence: the gate's `gate.json`. Its verdict must be `pass` and its AP and AP50 those on the model version.",
  },
  datastore: {
    kind: 'string',
    default: 'workspaceblobstore',
    description: 'Blob datastore of the target workspace the model files are copied to.',
  },
} as const satisfies InputSpecs;

export const promoteOutputs = {
  'model-ref': {
    description: '`azureml:<name>:<version>` in the target workspace, for deploy (`model`).',
  },
  image: {
    description:
      "The image in the target workspace's registry, by digest (`<prod login server>/<repository>@sha256:...`), for deploy (`image`). Empty without an `image` input.",
  },
  changed: { description: '`true` when anything was copied, registered or imported; `false` on a re-run.' },
} as const satisfies OutputSpecs;

export type PromoteInputs = InputsOf<typeof promoteInputs>;
export type PromoteOutputs = OutputsOf<typeof promoteOutputs>;
