// Workspaces (get, list) and how the plane creates them: each has a linked container registry, and
// the prod ones are private (publicNetworkAccess Disabled, one approved private endpoint), as a
// production AML workspace usually is.
import { randomUUID } from 'node:crypto';
import { sendJson } from '../../arm-http.js';
import { registryId, resource, str, TYPES, workspaceId } from '../../resources.js';
import type { ArmResource, WorkspaceState } from '../../store.js';
import type { ArmServices } from '../context.js';
import { workspaceOf } from '../lookup.js';
import { type ArmRouter, sendList, WORKSPACES } from '../router.js';

export function workspaceRoutes(router: ArmRouter, s: ArmServices): void {
  router.on('GET', WORKSPACES, 'Workspaces_ListByResourceGroup', async (c) =>
    sendList(
      c,
      Object.values(s.store.state.workspaces).map((w) => w.resource),
    ),
  );
  router.on('GET', `${WORKSPACES}/:ws`, 'Workspaces_Get', async (c, p) =>
    sendJson(c.res, 200, workspaceOf(s.store.state, p).resource, c.ids),
  );
}

/** Workspaces named `prod` or `<anything>-prod` start private. */
export function isProdWorkspace(name: string): boolean {
  return /(^|-)prod$/i.test(name);
}

/** The login server of the workspace's linked registry (`<name>.azurecr.io`), if it has one. */
export function linkedRegistryLoginServer(w: WorkspaceState): string | undefined {
  const id = str(w.resource.properties.containerRegistry);
  const name = id ? /\/registries\/([^/]+)$/i.exec(id)?.[1] : undefined;
  return name ? `${name.toLowerCase()}.azurecr.io` : undefined;
}

export function isPrivateWorkspace(w: WorkspaceState): boolean {
  return str(w.resource.properties.publicNetworkAccess) === 'Disabled';
}

export function defaultWorkspace(
  sub: string,
  rg: string,
  name: string,
  location: string,
  tenantId: string,
): ArmResource {
  const id = workspaceId(sub, rg, name);
  const storage = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/localplane${name}`;
  const isPrivate = isProdWorkspace(name);
  return {
    ...resource(id, name, TYPES.workspace, {
      workspaceId: randomUUID(),
      description: `Local AML control plane workspace '${name}'`,
      friendlyName: name,
      keyVault: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/localplane${name}`,
      applicationInsights: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.insights/components/localplane${name}`,
      storageAccount: storage,
      containerRegistry: registryId(sub, rg, name),
      discoveryUrl: `https://${location}.api.azureml.ms/discovery`,
      provisioningState: 'Succeeded',
      hbiWorkspace: false,
      publicNetworkAccess: isPrivate ? 'Disabled' : 'Enabled',
      allowPublicAccessWhenBehindVnet: false,
      privateLinkCount: isPrivate ? 1 : 0,
      privateEndpointConnections: isPrivate ? [privateEndpointConnection(sub, rg, name)] : [],
      v1LegacyMode: false,
      mlFlowTrackingUri: `azureml://${location}.api.azureml.ms/mlflow/v1.0${id}`,
    }),
    location,
    tags: {},
    identity: { type: 'SystemAssigned', principalId: randomUUID(), tenantId },
    sku: { name: 'Basic', tier: 'Basic' },
  };
}

function privateEndpointConnection(sub: string, rg: string, ws: string) {
  const pe = `localplane-${ws}-pe`;
  return {
    id: `${workspaceId(sub, rg, ws)}/privateEndpointConnections/${pe}`,
    name: pe,
    type: `${TYPES.workspace}/privateEndpointConnections`,
    properties: {
      provisioningState: 'Succeeded',
      privateEndpoint: {
        id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/privateEndpoints/${pe}`,
      },
      privateLinkServiceConnectionState: {
        status: 'Approved',
        description: 'Auto-Approved',
        actionsRequired: 'None',
      },
    },
  };
}
