// Workspaces (get, list) and how the plane creates them.
import { randomUUID } from 'node:crypto';
import { sendJson } from '../../arm-http.js';
import { resource, TYPES, workspaceId } from '../../resources.js';
import type { ArmResource } from '../../store.js';
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

export function defaultWorkspace(
  sub: string,
  rg: string,
  name: string,
  location: string,
  tenantId: string,
): ArmResource {
  const id = workspaceId(sub, rg, name);
  const storage = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/localplane${name}`;
  return {
    ...resource(id, name, TYPES.workspace, {
      workspaceId: randomUUID(),
      description: `Local AML control plane workspace '${name}'`,
      friendlyName: name,
      keyVault: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/localplane${name}`,
      applicationInsights: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.insights/components/localplane${name}`,
      storageAccount: storage,
      discoveryUrl: `https://${location}.api.azureml.ms/discovery`,
      provisioningState: 'Succeeded',
      hbiWorkspace: false,
      publicNetworkAccess: 'Enabled',
      v1LegacyMode: false,
      mlFlowTrackingUri: `azureml://${location}.api.azureml.ms/mlflow/v1.0${id}`,
    }),
    location,
    tags: {},
    identity: { type: 'SystemAssigned', principalId: randomUUID(), tenantId },
    sku: { name: 'Basic', tier: 'Basic' },
  };
}
