// Microsoft.ContainerRegistry/registries (get, list by resource group) as ACR's REST API returns
// them at the api-version `@azure/arm-containerregistry` 11 sends: the plane's dev and prod
// registries, with their real login servers (`localhost:<port>`), no admin user, and prod as
// private as its workspace (Premium, public network access disabled).
import { ArmError, sendJson } from '../../arm-http.js';
import { systemData } from '../../resources.js';
import type { JsonObject } from '../../store.js';
import type { ArmServices } from '../context.js';
import { type ArmRouter, sendList, SUBSCRIPTION } from '../router.js';
import { isProdWorkspace } from './workspaces.js';

export const REGISTRY_PROVIDER = 'Microsoft.ContainerRegistry';
/** 2025-11-01 is what @azure/arm-containerregistry 11.0.0 sends for registries; older GA ones for other clients. */
export const REGISTRY_API_VERSIONS = [
  '2025-11-01',
  '2025-04-01',
  '2023-07-01',
  '2023-01-01-preview',
  '2019-05-01',
];
const REGISTRIES = `${SUBSCRIPTION}/resourceGroups/:rg/providers/${REGISTRY_PROVIDER}/registries`;

export function registryRoutes(router: ArmRouter, s: ArmServices): void {
  const opts = { apiVersions: REGISTRY_API_VERSIONS };
  router.on('GET', REGISTRIES, 'Registries_ListByResourceGroup', async (c) => sendList(c, bodies(s)), opts);
  router.on(
    'GET',
    `${REGISTRIES}/:name`,
    'Registries_Get',
    async (c, p) => {
      const body = bodies(s).find((b) => String(b.name).toLowerCase() === (p.name as string).toLowerCase());
      if (!body) {
        const st = s.store.state;
        throw new ArmError(
          404,
          'ResourceNotFound',
          `The Resource '${REGISTRY_PROVIDER}/registries/${p.name}' under resource group '${st.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
        );
      }
      sendJson(c.res, 200, body, c.ids);
    },
    opts,
  );
}

/** The registries that are running; without docker-registry there are none to serve. */
function bodies(s: ArmServices): JsonObject[] {
  const st = s.store.state;
  const registries = s.runtime.registries;
  return Object.entries(registries.connections() ?? {}).map(([key, conn]) => {
    const record = st.registries?.[key];
    const isPrivate = isProdWorkspace(key);
    const sku = isPrivate ? 'Premium' : 'Standard';
    const created = record?.createdAt ?? new Date(0).toISOString();
    return {
      sku: { name: sku, tier: sku },
      type: `${REGISTRY_PROVIDER}/registries`,
      id: conn.id,
      name: conn.name,
      location: st.location,
      tags: {},
      systemData: { ...systemData({ createdAt: created }), lastModifiedAt: created },
      properties: {
        loginServer: conn.loginServer,
        creationDate: created,
        provisioningState: 'Succeeded',
        status: { displayStatus: 'Running' },
        adminUserEnabled: false,
        policies: {
          quarantinePolicy: { status: 'disabled' },
          trustPolicy: { type: 'Notary', status: 'disabled' },
          retentionPolicy: { days: 7, status: 'disabled' },
          exportPolicy: { status: 'enabled' },
          azureADAuthenticationAsArmPolicy: { status: 'enabled' },
        },
        encryption: { status: 'disabled' },
        dataEndpointEnabled: false,
        dataEndpointHostNames: [],
        privateEndpointConnections: [],
        publicNetworkAccess: isPrivate ? 'Disabled' : 'Enabled',
        networkRuleBypassOptions: 'AzureServices',
        zoneRedundancy: 'Disabled',
        anonymousPullEnabled: false,
      },
    } as JsonObject;
  });
}
