// Microsoft.ContainerRegistry/registries (get, list by resource group) as ACR's REST API returns
// them at the api-version `@azure/arm-containerregistry` 11 sends: the plane's dev and prod
// registries, with their real login servers (`localhost:<port>`), no admin user, and prod as
// private as its workspace (Premium, public network access disabled); `importImage` between the
// plane's registries (a long-running operation). ACR Tasks quick builds (`listBuildSourceUploadUrl`,
// `scheduleRun`, runs get, `listLogSasUrl` and cancel) at 2019-06-01-preview, the version the same client
// sends for them; the builds themselves are local/acr/tasks.ts.
import type { RegistryFront } from '../../acr/front.js';
import { checkImportRequest, type ImportImageParameters, ImportImageError } from '../../acr/import.js';
import { type DockerBuildRequest, runBody, TaskRequestError } from '../../acr/tasks.js';
import { ArmError, readJson, sendJson } from '../../arm-http.js';
import { systemData } from '../../resources.js';
import type { JsonObject } from '../../store.js';
import type { ArmServices } from '../context.js';
import { ProvisioningError } from '../operations.js';
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
/** What @azure/arm-containerregistry 11 sends for Tasks (scheduleRun, runs). */
export const TASKS_API_VERSIONS = ['2019-06-01-preview'];
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
      if (!body) throw registryNotFound(s, p.name as string);
      sendJson(c.res, 200, body, c.ids);
    },
    opts,
  );
  router.on(
    'POST',
    `${REGISTRIES}/:name/importImage`,
    'Registries_ImportImage',
    async (c, p) => {
      const registries = s.runtime.registries;
      const target = registries.find(p.name as string);
      if (!target) throw registryNotFound(s, p.name as string);
      const parameters = (await readJson(c.req)) as unknown as ImportImageParameters;
      const refused = checkImportRequest(parameters);
      if (refused) throw new ArmError(400, 'InvalidParameters', refused);
      // A long-running operation, as ACR's: 202, then Azure-AsyncOperation and Location to poll.
      const op = s.operations.start(registryIdOf(s, target), 'importImage', 0, async () => {
        try {
          await registries.importImage(target, parameters);
        } catch (e) {
          if (e instanceof ImportImageError) throw new ProvisioningError(e.code, e.message);
          throw e;
        }
      });
      s.operations.accepted(c, 202, op, undefined, true);
    },
    opts,
  );
  taskRoutes(router, s);
}

function taskRoutes(router: ArmRouter, s: ArmServices): void {
  const opts = { apiVersions: TASKS_API_VERSIONS };
  const frontOf = (name: string): RegistryFront => {
    const front = s.runtime.registries.find(name);
    if (!front || !s.runtime.registries.tasks) throw registryNotFound(s, name);
    return front;
  };
  const tasks = () => s.runtime.registries.tasks as NonNullable<typeof s.runtime.registries.tasks>;
  router.on(
    'POST',
    `${REGISTRIES}/:name/listBuildSourceUploadUrl`,
    'Registries_GetBuildSourceUploadUrl',
    async (c, p) =>
      sendJson(c.res, 200, await tasks().sourceUploadUrl(frontOf(p.name as string).name), c.ids),
    opts,
  );
  router.on(
    'POST',
    `${REGISTRIES}/:name/scheduleRun`,
    'Registries_ScheduleRun',
    async (c, p) => {
      const front = frontOf(p.name as string);
      const request = (await readJson(c.req)) as unknown as DockerBuildRequest;
      try {
        const run = await tasks().schedule(front, request);
        sendJson(c.res, 200, runBody(registryIdOf(s, front), run), c.ids);
      } catch (e) {
        if (e instanceof TaskRequestError) throw new ArmError(400, 'BadRequest', e.message);
        throw e;
      }
    },
    opts,
  );
  const runOf = (p: Record<string, string>) => {
    const front = frontOf(p.name as string);
    const run = tasks().get(front.name, p.run as string);
    if (!run) {
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The run '${p.run}' was not found in registry '${front.name}'.`,
      );
    }
    return { front, run };
  };
  router.on(
    'GET',
    `${REGISTRIES}/:name/runs/:run`,
    'Runs_Get',
    async (c, p) => {
      const { front, run } = runOf(p);
      sendJson(c.res, 200, runBody(registryIdOf(s, front), run), c.ids);
    },
    opts,
  );
  router.on(
    'POST',
    `${REGISTRIES}/:name/runs/:run/listLogSasUrl`,
    'Runs_GetLogSasUrl',
    async (c, p) => sendJson(c.res, 200, { logLink: tasks().logLink(runOf(p).run) }, c.ids),
    opts,
  );
  // ACR answers 200 and the run reaches Canceled on its own; the client then follows `runs.get`.
  router.on(
    'POST',
    `${REGISTRIES}/:name/runs/:run/cancel`,
    'Runs_Cancel',
    async (c, p) => {
      tasks().cancel(runOf(p).run);
      c.res.writeHead(200, c.ids).end();
    },
    opts,
  );
}

function registryIdOf(s: ArmServices, front: RegistryFront): string {
  const st = s.store.state;
  return `/subscriptions/${st.subscriptionId}/resourceGroups/${st.resourceGroup}/providers/${REGISTRY_PROVIDER}/registries/${front.name}`;
}

function registryNotFound(s: ArmServices, name: string): ArmError {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${REGISTRY_PROVIDER}/registries/${name}' under resource group '${s.store.state.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
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
