// Inputs shared by every step that talks to Azure: where the workspace is and how to sign in.
// Sign-in differs per host (an azure/login session or OIDC on GitHub, a service connection on
// Azure DevOps), so those inputs are marked with the hosts that show them.
import type { InputSpecs } from '../inputs/spec.js';

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
    options: ['auto', 'azure-cli', 'oidc', 'client-secret', 'managed-identity'],
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
