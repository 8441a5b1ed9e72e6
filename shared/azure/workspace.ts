// Which Azure ML workspace to talk to, and the SDK client for it: the local plane when
// `localStateDir` is given (subscription and resource group come from the plane), Azure otherwise
// (through the sign-in it is handed). Takes a plain reference, so the CLI, the steps and the local
// plane's tests connect the same way. Everything that touches a workspace starts here.
import type {
  AzureMachineLearningWorkspaces,
  AzureMachineLearningWorkspacesOptionalParams,
} from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/core-auth';
import { InputError } from '../errors.js';
import { armErrorPolicy } from './arm-errors.js';
import type { AzureAccess } from './sign-in.js';
import type { LocalPlane } from './local-plane.js';

/** A workspace by name; subscription and resource group may come from the sign-in or the plane. */
export interface WorkspaceRef {
  workspace: string;
  subscriptionId?: string | undefined;
  resourceGroup?: string | undefined;
  /** A running local plane's state dir: target it instead of Azure. */
  localStateDir?: string | undefined;
}

export interface WorkspaceTarget {
  client: AzureMachineLearningWorkspaces;
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  /** `local` for the local plane, else the sign-in method (for logs). */
  via: string;
  /** The Azure sign-in, for data-plane calls (identity-based datastores); absent on the local plane. */
  credential?: TokenCredential;
  /** The local plane when it is the target (its credential, CA, registries). */
  plane?: LocalPlane;
}

/** Build the client for the workspace referenced. Makes no request. */
export async function connectWorkspace(
  ref: WorkspaceRef,
  access: AzureAccess,
  options: AzureMachineLearningWorkspacesOptionalParams = {},
): Promise<WorkspaceTarget> {
  if (ref.localStateDir) {
    const { connectLocalPlane, localPlaneClient } = await import('./local-plane.js');
    const plane = connectLocalPlane(ref.localStateDir);
    access.onSecret(plane.token);
    const client = localPlaneClient(plane, options);
    client.pipeline.addPolicy(
      armErrorPolicy({
        workspace: ref.workspace,
        subscriptionId: plane.subscriptionId,
        resourceGroup: plane.resourceGroup,
        host: access.host,
        localStateDir: ref.localStateDir,
      }),
    );
    return {
      client,
      subscriptionId: plane.subscriptionId,
      resourceGroup: plane.resourceGroup,
      workspace: ref.workspace,
      via: 'local',
      plane,
    };
  }
  const signIn = await access.signIn();
  const subscriptionId = ref.subscriptionId ?? signIn.subscriptionId ?? process.env.AZURE_SUBSCRIPTION_ID;
  if (!subscriptionId) {
    throw new InputError(
      'subscription-id',
      'is required (no subscription is known from the sign-in)',
      'give subscription-id, or set AZURE_SUBSCRIPTION_ID',
    );
  }
  const resourceGroup = ref.resourceGroup;
  if (!resourceGroup) {
    throw new InputError('resource-group', 'is required to find the workspace in Azure');
  }
  const { AzureMachineLearningWorkspaces } = await import('@azure/arm-machinelearning');
  const client = new AzureMachineLearningWorkspaces(signIn.credential, subscriptionId, options);
  // Wrong target or sign-in: a code and the input to check, not the SDK's raw message.
  client.pipeline.addPolicy(
    armErrorPolicy({ workspace: ref.workspace, subscriptionId, resourceGroup, host: access.host }),
  );
  return {
    client,
    subscriptionId,
    resourceGroup,
    workspace: ref.workspace,
    via: signIn.method,
    credential: signIn.credential,
  };
}
