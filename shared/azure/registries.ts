// Which Azure Container Registry a step pushes to or reads from, and how to sign in to it: the one
// given (a login server as is; a name looked up in the workspace's resource group), else the
// registry linked to the workspace (the one Azure ML pulls from, the only one a private workspace
// can pull from). Looked up through @azure/arm-containerregistry, against Azure or the local plane
// alike; the sign-in to the registry itself is shared/registry's.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import type { TokenCredential } from '@azure/core-auth';
import { RolloutError } from '../errors.js';
import type { LocalPlane } from './local-plane.js';
import type { WorkspaceTarget } from './workspace.js';

export interface ContainerRegistryTarget {
  /** ARM name (`myacr`). */
  name: string;
  /** `myacr.azurecr.io` (`localhost:<port>` on the local plane): the host of image references. */
  loginServer: string;
  /** The Entra identity exchanged for registry tokens. */
  credential: TokenCredential;
  /** PEM of a CA to trust (the local plane's test CA); absent on Azure. */
  ca?: string;
  /** A folder holding that CA as `ca.crt`, for buildah/skopeo `--cert-dir`. */
  certDir?: string;
  /** Where the registry's ARM resource is (ACR Tasks runs there). For a registry given by login
   * server these are the workspace's, and `name` the login server's first label. */
  subscriptionId: string;
  resourceGroup: string;
  /** The ARM client for the registry's subscription (Azure, or the local plane's ARM endpoint). */
  arm(): Promise<ContainerRegistryManagementClient>;
}

const REGISTRY_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)$/i;

export async function resolveContainerRegistry(
  target: WorkspaceTarget,
  given: string | undefined,
): Promise<ContainerRegistryTarget> {
  const credential = target.plane?.credential ?? target.credential;
  if (!credential)
    throw new RolloutError('NoCredential', 'no Azure sign-in to reach the container registry with');
  const local = target.plane ? localTrust(target.plane) : {};
  const text = given?.trim().toLowerCase();
  if (text && /[.:]/.test(text)) {
    // A login server needs no lookup (and the identity may not read the registry's ARM resource).
    const loginServer = text.replace(/^https?:\/\//, '').replace(/\/+$/, '');
    const { subscriptionId, resourceGroup } = target;
    // On the local plane a `localhost:<port>` login server names one of its registries.
    const known = Object.values(target.plane?.registries ?? {}).find((r) => r.loginServer === loginServer);
    return {
      name: known?.name ?? (loginServer.split(/[.:]/)[0] as string),
      loginServer,
      credential,
      ...local,
      subscriptionId,
      resourceGroup,
      arm: () => armClient(credential, subscriptionId, target.plane),
    };
  }
  let where: { subscriptionId: string; resourceGroup: string; name: string };
  if (text) {
    where = { subscriptionId: target.subscriptionId, resourceGroup: target.resourceGroup, name: text };
  } else {
    const ws = await target.client.workspaces.get(target.resourceGroup, target.workspace);
    const id = ws.containerRegistry;
    const m = id ? REGISTRY_ID.exec(id) : null;
    if (!m) {
      throw new RolloutError(
        'NoLinkedRegistry',
        `workspace '${target.workspace}' has no linked container registry${id ? ` (it names '${id}')` : ''}`,
        {
          resource: target.workspace,
          remediation:
            'give the registry input (an ACR name or login server), or link a registry to the workspace',
        },
      );
    }
    where = { subscriptionId: m[1] as string, resourceGroup: m[2] as string, name: m[3] as string };
  }
  const arm = await armClient(credential, where.subscriptionId, target.plane);
  let loginServer: string | undefined;
  try {
    loginServer = (await arm.registries.get(where.resourceGroup, where.name)).loginServer;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 404) throw e;
  }
  if (!loginServer) {
    throw new RolloutError(
      'RegistryNotFound',
      `container registry '${where.name}' is not in resource group '${where.resourceGroup}'`,
      {
        resource: where.name,
        remediation: 'give the registry by its login server (myacr.azurecr.io), or check the name',
      },
    );
  }
  return {
    name: where.name,
    loginServer: loginServer.toLowerCase(),
    credential,
    ...local,
    subscriptionId: where.subscriptionId,
    resourceGroup: where.resourceGroup,
    arm: () => armClient(credential, where.subscriptionId, target.plane),
  };
}

/** Loaded on first use: only registry look-ups and ACR Tasks need the ARM client. */
async function armClient(
  credential: TokenCredential,
  subscriptionId: string,
  plane: LocalPlane | undefined,
): Promise<ContainerRegistryManagementClient> {
  const { ContainerRegistryManagementClient } = await import('@azure/arm-containerregistry');
  return new ContainerRegistryManagementClient(
    credential,
    subscriptionId,
    plane
      ? {
          endpoint: plane.armEndpoint,
          credentialScopes: [`${plane.armEndpoint}/.default`],
          tlsOptions: { ca: plane.ca },
        }
      : {},
  );
}

/** The plane's CA, as PEM and as a `--cert-dir` folder the container tools read. */
function localTrust(plane: LocalPlane): { ca: string; certDir: string } {
  const certDir = path.join(plane.stateDir, 'registry-ca');
  mkdirSync(certDir, { recursive: true });
  writeFileSync(path.join(certDir, 'ca.crt'), plane.ca);
  return { ca: plane.ca, certDir };
}
