// Inputs shared by every step that talks to Azure: where the workspace is and how to sign in.
// Sign-in differs per host (an azure/login session or OIDC on GitHub, a service connection on
// Azure DevOps), so those inputs are marked with the hosts that show them. Also the two readings
// of them the rest of the code uses: a plain workspace reference, and the sign-in inputs that
// the runner hands to the host once. Kept free of the SDKs: the step catalogue loads this file.
import type { InputSpecs, InputsOf } from '../inputs/spec.js';
import { AZURE_AUTH_CHOICES, type AzureAuthChoice } from './sign-in.js';
import type { WorkspaceRef } from './workspace.js';

export const workspaceInputs = {
  'subscription-id': {
    kind: 'string',
    description:
      'Azure subscription id of the workspace. On Azure DevOps defaults to the service connection subscription.',
  },
  'resource-group': { kind: 'string', description: 'Resource group of the Azure ML workspace.' },
  workspace: { kind: 'string', required: true, description: 'Azure ML workspace name.' },
  'local-state-dir': {
    kind: 'path',
    description:
      'Target a running local AML plane (`aml-rollout local up --state-dir DIR`) instead of Azure. For rehearsals and tests.',
  },
} as const satisfies InputSpecs;

export const githubAuthInputs = {
  auth: {
    kind: 'choice',
    default: 'auto',
    options: AZURE_AUTH_CHOICES,
    hosts: ['github', 'cli'],
    description:
      'How to sign in to Azure. `auto`: client secret if given, else OIDC when the job has `id-token: write` and a client id, else the `azure/login` (az CLI) session.',
  },
  'client-id': {
    kind: 'string',
    hosts: ['github', 'cli'],
    description:
      'Application (client) id for OIDC federation, client secret or a user-assigned managed identity.',
  },
  'tenant-id': { kind: 'string', hosts: ['github', 'cli'], description: 'Microsoft Entra tenant id.' },
  'client-secret': {
    kind: 'secret',
    hosts: ['github', 'cli'],
    description: 'Client secret (prefer OIDC). Masked in every log.',
  },
} as const satisfies InputSpecs;

export const adoAuthInputs = {
  'azure-subscription': {
    kind: 'string',
    hosts: ['ado'],
    adoType: 'connectedService:AzureRM',
    description:
      'Azure Resource Manager service connection (service principal secret or workload identity federation).',
  },
} as const satisfies InputSpecs;

export const azureInputs = { ...workspaceInputs, ...githubAuthInputs, ...adoAuthInputs } as const;

export type WorkspaceInputs = InputsOf<typeof workspaceInputs>;
export type AuthInputs = InputsOf<typeof githubAuthInputs> & InputsOf<typeof adoAuthInputs>;

/** The workspace the inputs name (`workspace` may come from elsewhere when the step's own is optional). */
export function workspaceRef(
  inputs: Omit<WorkspaceInputs, 'workspace'> & { workspace: string },
): WorkspaceRef {
  return {
    workspace: inputs.workspace,
    subscriptionId: inputs['subscription-id'],
    resourceGroup: inputs['resource-group'],
    localStateDir: inputs['local-state-dir'],
  };
}

/** The sign-in inputs among a step's parsed (so validated) inputs; absent ones are undefined. */
export function authInputsOf(inputs: Readonly<Record<string, unknown>>): AuthInputs {
  const text = (name: keyof AuthInputs) => {
    const v = inputs[name];
    return typeof v === 'string' ? v : undefined;
  };
  return {
    // The parser checked it against AZURE_AUTH_CHOICES; hosts without the input (ADO) sign in their way.
    auth: (text('auth') ?? 'auto') as AzureAuthChoice,
    'client-id': text('client-id'),
    'tenant-id': text('tenant-id'),
    'client-secret': text('client-secret'),
    'azure-subscription': text('azure-subscription'),
  };
}
