// ARM resource identity and shapes as Microsoft.MachineLearningServices returns them at
// api-version 2022-10-01: ids, types, systemData, and the read-only fields the service fills in.
import type { ArmResource, JsonObject } from './store.js';

export const PROVIDER = 'Microsoft.MachineLearningServices';
export const API_VERSION = '2022-10-01';
/** The first GA api-version with `mirrorTraffic`; the plane accepts it only to let clients set mirrors. */
export const MIRROR_API_VERSION = '2023-04-01';
export const SUPPORTED_API_VERSIONS = [API_VERSION, MIRROR_API_VERSION];

export const TYPES = {
  workspace: `${PROVIDER}/workspaces`,
  datastore: `${PROVIDER}/workspaces/datastores`,
  modelContainer: `${PROVIDER}/workspaces/models`,
  modelVersion: `${PROVIDER}/workspaces/models/versions`,
  environmentContainer: `${PROVIDER}/workspaces/environments`,
  environmentVersion: `${PROVIDER}/workspaces/environments/versions`,
  endpoint: `${PROVIDER}/workspaces/onlineEndpoints`,
  deployment: `${PROVIDER}/workspaces/onlineEndpoints/deployments`,
} as const;

export const LOCAL_USER = 'local-plane-user@localhost';

export function workspaceId(sub: string, rg: string, ws: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${PROVIDER}/workspaces/${ws}`;
}

/** ARM id of the registry the plane links to a workspace (one per workspace, like AML's default). */
export function registryId(sub: string, rg: string, ws: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${registryName(ws)}`;
}

/** Registry names are 5-50 alphanumerics. */
export function registryName(ws: string): string {
  return `localplane${ws.toLowerCase().replace(/[^a-z0-9]/g, '')}`.slice(0, 50);
}

export function systemData(previous?: JsonObject): JsonObject {
  const now = new Date().toISOString();
  return {
    createdAt: (previous?.createdAt as string | undefined) ?? now,
    createdBy: LOCAL_USER,
    createdByType: 'User',
    lastModifiedAt: now,
    lastModifiedBy: LOCAL_USER,
    lastModifiedByType: 'User',
  };
}

export function resource(
  id: string,
  name: string,
  type: string,
  properties: JsonObject,
  previous?: ArmResource,
): ArmResource {
  return { id, name, type, properties, systemData: systemData(previous?.systemData) };
}

/** Drop keys whose value is undefined, so bodies stay valid JSON values. */
export function compact(o: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v as JsonObject[string];
  return out;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function obj(v: unknown): JsonObject | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

/** A case-insensitive key lookup, as ARM names are case-insensitive. */
export function findKey<T>(record: Record<string, T>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(record).find((k) => k.toLowerCase() === lower);
}

export interface AssetRef {
  workspace?: string;
  name: string;
  version: string;
}

/**
 * Parse a model or environment reference the way AML accepts it in a deployment: an ARM id
 * (`/subscriptions/.../workspaces/w/models/n/versions/v`), an asset id (`azureml:n:v`,
 * `azureml://.../models/n/versions/v`), or `n:v`.
 */
export function parseAssetRef(ref: string, kind: 'models' | 'environments'): AssetRef | undefined {
  const arm = new RegExp(`/workspaces/([^/]+)/${kind}/([^/]+)/versions/([^/?]+)`, 'i').exec(ref);
  if (arm?.[1] && arm[2] && arm[3]) return { workspace: arm[1], name: arm[2], version: arm[3] };
  const uri = new RegExp(`^azureml://.*?/?${kind}/([^/]+)/versions/([^/?]+)`, 'i').exec(ref);
  if (uri?.[1] && uri[2]) return { name: uri[1], version: uri[2] };
  const short = /^(?:azureml:)?([^:/]+):([^:/]+)$/.exec(ref);
  if (short?.[1] && short[2]) return { name: short[1], version: short[2] };
  return undefined;
}
