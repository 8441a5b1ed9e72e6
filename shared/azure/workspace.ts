// Which Azure ML workspace a step talks to, and the SDK client for it: the local plane when
// `local-state-dir` is given (subscription and resource group come from the plane), Azure otherwise
// (sign-in from the host). Every step that touches a workspace starts here.
import type {
  AzureMachineLearningWorkspaces,
  AzureMachineLearningWorkspacesOptionalParams,
} from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/core-auth';
import { InputError } from '../errors.js';
import type { Host } from '../host/host.js';
import type { workspaceInputs } from '../steps/common-inputs.js';
import type { InputsOf } from '../inputs/spec.js';

export type WorkspaceInputs = InputsOf<typeof workspaceInputs>;

export interface WorkspaceTarget {
  client: AzureMachineLearningWorkspaces;
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  /** `local` for the local plane, else the sign-in method (for logs). */
  via: string;
  /** The Azure sign-in, for data-plane calls (identity-based datastores); absent on the local plane. */
  credential?: TokenCredential;
}

/** Build the client for the workspace the inputs name. Makes no request. */
export async function connectWorkspace(
  host: Host,
  inputs: WorkspaceInputs,
  options: AzureMachineLearningWorkspacesOptionalParams = {},
): Promise<WorkspaceTarget> {
  const stateDir = inputs['local-state-dir'];
  if (stateDir) {
    const { connectLocalPlane, localPlaneClient } = await import('./local-plane.js');
    const plane = connectLocalPlane(stateDir);
    host.setSecret(plane.token);
    return {
      client: localPlaneClient(plane, options),
      subscriptionId: plane.subscriptionId,
      resourceGroup: plane.resourceGroup,
      workspace: inputs.workspace,
      via: 'local',
    };
  }
  const signIn = await host.azureCredential();
  const subscriptionId =
    inputs['subscription-id'] ?? signIn.subscriptionId ?? process.env.AZURE_SUBSCRIPTION_ID;
  if (!subscriptionId) {
    throw new InputError(
      'subscription-id',
      'is required (no subscription is known from the sign-in)',
      'give subscription-id, or set AZURE_SUBSCRIPTION_ID',
    );
  }
  const resourceGroup = inputs['resource-group'];
  if (!resourceGroup) {
    throw new InputError('resource-group', 'is required to find the workspace in Azure');
  }
  const { AzureMachineLearningWorkspaces } = await import('@azure/arm-machinelearning');
  return {
    client: new AzureMachineLearningWorkspaces(signIn.credential, subscriptionId, options),
    subscriptionId,
    resourceGroup,
    workspace: inputs.workspace,
    via: signIn.method,
    credential: signIn.credential,
  };
}
