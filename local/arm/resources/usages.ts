// Usages_List and the quota a managed online deployment must fit in: per VM family and in the
// regional total, the cores held by the plane's deployments (see coresHeld in skus.ts) against a
// limit the admin API can set. The check runs on a deployment's PUT and on a PATCH that scales it.
import { ArmError, sendJson } from '../../arm-http.js';
import { obj, str } from '../../resources.js';
import { checkQuota } from '../../rules.js';
import { coresHeld, findVmSize, TOTAL_DEDICATED, VM_FAMILIES } from '../../skus.js';
import type { JsonObject, PlaneState } from '../../store.js';
import type { ArmServices } from '../context.js';
import { type ArmRouter, LOCATION, type Params } from '../router.js';

export interface QuotaLine {
  name: string;
  limit: number;
  currentValue: number;
}

export function usageRoutes(router: ArmRouter, s: ArmServices): void {
  router.on('GET', `${LOCATION}/usages`, 'Usages_List', async (c, p) => {
    const st = s.store.state;
    requireLocation(st, p);
    sendJson(c.res, 200, { value: usages(st) }, c.ids);
  });
}

/** The plane has one location; ARM answers other regions' location-scoped calls with an error. */
export function requireLocation(st: PlaneState, p: Params): void {
  if ((p.loc ?? '').toLowerCase() !== st.location.toLowerCase()) {
    throw new ArmError(
      400,
      'InvalidLocation',
      `The location '${p.loc}' is not available for this subscription; the local plane runs in '${st.location}'.`,
    );
  }
}

/** Cores held per family and per workspace by deployments that exist (Failed ones hold none). */
function held(
  st: PlaneState,
  exceptId?: string,
): { family: Map<string, number>; byWorkspace: Map<string, Map<string, number>> } {
  const family = new Map<string, number>();
  const byWorkspace = new Map<string, Map<string, number>>();
  for (const w of Object.values(st.workspaces)) {
    for (const e of Object.values(w.endpoints)) {
      for (const d of Object.values(e.deployments)) {
        const r = d.resource;
        if (r.id.toLowerCase() === exceptId?.toLowerCase()) continue;
        if (str(r.properties.endpointComputeType) !== 'Managed') continue;
        if (str(r.properties.provisioningState) === 'Failed') continue;
        const size = findVmSize(str(r.properties.instanceType));
        if (!size) continue;
        const cores = coresHeld(size, instancesOf(r.sku));
        family.set(size.family, (family.get(size.family) ?? 0) + cores);
        const ws = byWorkspace.get(w.resource.id) ?? new Map<string, number>();
        ws.set(size.family, (ws.get(size.family) ?? 0) + cores);
        byWorkspace.set(w.resource.id, ws);
      }
    }
  }
  return { family, byWorkspace };
}

export function instancesOf(sku: unknown): number {
  const capacity = obj(sku)?.capacity;
  return typeof capacity === 'number' && capacity > 0 ? capacity : 1;
}

function limitOf(st: PlaneState, name: string, fallback: number): number {
  return st.quotas?.[name] ?? fallback;
}

/** The quota lines the admin API shows: the regional total, then each family. */
export function quotaLines(st: PlaneState): QuotaLine[] {
  const { family } = held(st);
  const total = [...family.values()].reduce((a, b) => a + b, 0);
  return [
    {
      name: TOTAL_DEDICATED.name,
      limit: limitOf(st, TOTAL_DEDICATED.name, TOTAL_DEDICATED.defaultLimit),
      currentValue: total,
    },
    ...VM_FAMILIES.map((f) => ({
      name: f.name,
      limit: limitOf(st, f.name, f.defaultLimit),
      currentValue: family.get(f.name) ?? 0,
    })),
  ];
}

/** Set a limit by usage name (case-insensitive); `undefined` restores the default. */
export function setQuotaLimit(st: PlaneState, name: string, limit: number | undefined): QuotaLine {
  const known = [TOTAL_DEDICATED.name, ...VM_FAMILIES.map((f) => f.name)].find(
    (n) => n.toLowerCase() === name.toLowerCase(),
  );
  if (!known) {
    throw new ArmError(
      404,
      'NotFound',
      `No quota named '${name}'; known: ${[TOTAL_DEDICATED.name, ...VM_FAMILIES.map((f) => f.name)].join(', ')}.`,
    );
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new ArmError(400, 'BadArgument', `limit must be a non-negative integer, got ${String(limit)}.`);
  }
  st.quotas = { ...st.quotas };
  if (limit === undefined) delete st.quotas[known];
  else st.quotas[known] = limit;
  return quotaLines(st).find((l) => l.name === known) as QuotaLine;
}

/** Refuse a managed deployment (by ARM id) that would need more cores than its family or the region has left. */
export function checkDeploymentQuota(
  st: PlaneState,
  deploymentId: string,
  instanceType: string,
  instances: number,
): ArmError | undefined {
  const size = findVmSize(instanceType);
  if (!size) return undefined;
  const { family } = held(st, deploymentId);
  const needed = coresHeld(size, instances);
  const fam = VM_FAMILIES.find((f) => f.name === size.family);
  const familyUsed = family.get(size.family) ?? 0;
  const base = { instanceType: size.name, subscriptionId: st.subscriptionId, needed };
  return (
    checkQuota({
      ...base,
      used: familyUsed,
      limit: limitOf(st, size.family, fam?.defaultLimit ?? 0),
      scope: 'family',
    }) ??
    checkQuota({
      ...base,
      used: [...family.values()].reduce((a, b) => a + b, 0),
      limit: limitOf(st, TOTAL_DEDICATED.name, TOTAL_DEDICATED.defaultLimit),
      scope: 'regional',
    })
  );
}

/** Usages_List's value, shaped like the 2022-10-01 example: regional total, families, then workspaces. */
function usages(st: PlaneState): JsonObject[] {
  const sub = `/subscriptions/${st.subscriptionId}`;
  const { byWorkspace } = held(st);
  const lines = quotaLines(st);
  const [total, ...families] = lines as [QuotaLine, ...QuotaLine[]];
  const usage = (
    id: string,
    type: string,
    value: string,
    localized: string,
    current: number,
    limit: number,
  ): JsonObject => ({
    id,
    amlWorkspaceLocation: st.location,
    type,
    currentValue: current,
    limit,
    name: { value, localizedValue: localized },
    unit: 'Count',
  });
  const out = [
    usage(
      `${sub}/usages`,
      'Microsoft.MachineLearningServices/dedicatedCores/usages',
      total.name,
      TOTAL_DEDICATED.display,
      total.currentValue,
      total.limit,
    ),
  ];
  for (const line of families) {
    const f = VM_FAMILIES.find((x) => x.name === line.name);
    const localized = `${f?.display ?? line.name} Cluster Dedicated vCPUs`;
    const idName = localized.replace(/ /g, '_');
    out.push(
      usage(
        `${sub}/usages/${idName}`,
        'Microsoft.MachineLearningServices/vmFamily/usages',
        line.name,
        localized,
        line.currentValue,
        line.limit,
      ),
    );
    for (const [wsId, perFamily] of byWorkspace) {
      const cores = perFamily.get(line.name);
      if (cores === undefined) continue;
      out.push(
        usage(
          `${wsId}/usages/${idName}`,
          'Microsoft.MachineLearningServices/workspaces/usages',
          line.name,
          localized,
          cores,
          line.limit,
        ),
      );
    }
  }
  return out;
}
