// Datastores: get, list, create or update, delete, and listSecrets. A datastore's secrets are kept
// apart from its resource body, as AML never returns them except through listSecrets.
import { badArgument, readJson, sendJson } from '../../arm-http.js';
import { findKey, obj, resource, str, TYPES } from '../../resources.js';
import { checkAssetName } from '../../rules.js';
import type { ArmServices } from '../context.js';
import { datastoreOf, workspaceOf } from '../lookup.js';
import { type ArmCall, type ArmRouter, type Params, sendList, WORKSPACES } from '../router.js';

export function datastoreRoutes(router: ArmRouter, s: ArmServices): void {
  const st = () => s.store.state;
  router.on('GET', `${WORKSPACES}/:ws/datastores`, 'Datastores_List', async (c, p) =>
    sendList(
      c,
      Object.values(workspaceOf(st(), p).datastores).map((d) => d.resource),
    ),
  );
  router.on('GET', `${WORKSPACES}/:ws/datastores/:name`, 'Datastores_Get', async (c, p) =>
    sendJson(c.res, 200, datastoreOf(st(), p).resource, c.ids),
  );
  router.on('PUT', `${WORKSPACES}/:ws/datastores/:name`, 'Datastores_CreateOrUpdate', (c, p) =>
    putDatastore(s, c, p),
  );
  router.on('DELETE', `${WORKSPACES}/:ws/datastores/:name`, 'Datastores_Delete', async (c, p) => {
    const w = workspaceOf(st(), p);
    const key = findKey(w.datastores, p.name as string);
    if (!key) return sendJson(c.res, 204, undefined, c.ids);
    delete w.datastores[key];
    s.store.save();
    sendJson(c.res, 200, undefined, c.ids);
  });
  router.on(
    'POST',
    `${WORKSPACES}/:ws/datastores/:name/listSecrets`,
    'Datastores_ListSecrets',
    async (c, p) => sendJson(c.res, 200, datastoreOf(st(), p).secrets, c.ids),
  );
}

async function putDatastore(s: ArmServices, c: ArmCall, p: Params): Promise<void> {
  const w = workspaceOf(s.store.state, p);
  const name = p.name as string;
  const nameError = checkAssetName('Datastore', name);
  if (nameError) throw nameError;
  const body = await readJson(c.req);
  const props = obj(body.properties);
  if (!props || !str(props.datastoreType))
    throw badArgument('MissingProperty', 'properties.datastoreType is required.', 'properties');
  const key = findKey(w.datastores, name);
  const previous = key ? w.datastores[key] : undefined;
  const credentials = obj(props.credentials) ?? { credentialsType: 'None' };
  const secrets = obj(credentials.secrets) ?? previous?.secrets ?? { secretsType: 'None' };
  const publicCredentials = { ...credentials };
  delete publicCredentials.secrets;
  const r = resource(
    `${w.resource.id}/datastores/${name}`,
    key ?? name,
    TYPES.datastore,
    {
      ...props,
      credentials: publicCredentials,
      isDefault: previous ? (previous.resource.properties.isDefault ?? false) : false,
    },
    previous?.resource,
  );
  w.datastores[key ?? name] = { resource: r, secrets };
  s.store.save();
  sendJson(c.res, previous ? 200 : 201, r, c.ids);
}
