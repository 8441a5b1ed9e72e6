// The plane's state on disk: every workspace, asset, endpoint, key, deployment and operation, as
// one JSON document rewritten atomically after each change. Resource bodies are kept in the exact
// ARM shape the plane returns, so a restart serves the same bytes it served before.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ArmResource {
  id: string;
  name: string;
  type: string;
  properties: JsonObject;
  systemData: JsonObject;
  [key: string]: Json;
}

export interface DeploymentLogs {
  storageInitializer: string[];
  inferenceServer: string[];
}

export interface DeploymentState {
  resource: ArmResource;
  logs: DeploymentLogs;
}

export interface EndpointKeys {
  primaryKey: string;
  secondaryKey: string;
}

export interface EndpointState {
  resource: ArmResource;
  keys: EndpointKeys;
  /** Mirror traffic (api-version 2023-04-01 and later); kept apart because 2022-10-01 has no such property. */
  mirrorTraffic: Record<string, number>;
  /** Port of the endpoint's scoring listener, reused after a restart when it is still free. */
  scoringPort: number;
  deployments: Record<string, DeploymentState>;
}

export interface AssetState {
  container: ArmResource;
  versions: Record<string, ArmResource>;
}

export interface DatastoreState {
  resource: ArmResource;
  secrets: JsonObject;
}

export interface WorkspaceState {
  resource: ArmResource;
  datastores: Record<string, DatastoreState>;
  models: Record<string, AssetState>;
  environments: Record<string, AssetState>;
  endpoints: Record<string, EndpointState>;
}

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

export interface OperationRecord {
  id: string;
  /** ARM id of the resource the operation acts on. */
  resourceId: string;
  kind: 'create' | 'update' | 'delete' | 'regenerateKeys' | 'importImage';
  status: OperationStatus;
  startTime: string;
  endTime?: string;
  error?: { code: string; message: string };
}

export interface PlaneState {
  version: 1;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tenantId: string;
  /** The only bearer token the ARM surface accepts. */
  token: string;
  /** Signs aml_token values handed out by onlineEndpoints/token. */
  amlTokenSecret: string;
  azurite: { port: number; accountName: string; accountKey: string };
  ports: { arm: number; admin: number };
  workspaces: Record<string, WorkspaceState>;
  operations: Record<string, OperationRecord>;
  /** Dedicated-core limits set through the admin API, by usage name (`standardDSv2Family`, ...). */
  quotas?: Record<string, number>;
  /** The plane's container registries by key (`dev`, `prod`): ARM name, the front's last port, creation time. */
  registries?: Record<string, RegistryRecord>;
}

export interface RegistryRecord {
  name: string;
  port: number;
  createdAt: string;
}

export const STATE_FILE = 'plane-state.json';

/** Azurite's well-known development account (documented publicly; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function newState(): PlaneState {
  return {
    version: 1,
    subscriptionId: randomUUID(),
    resourceGroup: 'rg-local',
    location: 'local',
    tenantId: randomUUID(),
    token: `local-${randomBytes(24).toString('base64url')}`,
    amlTokenSecret: randomBytes(32).toString('base64url'),
    azurite: { port: 0, accountName: AZURITE_ACCOUNT, accountKey: AZURITE_KEY },
    ports: { arm: 0, admin: 0 },
    workspaces: {},
    operations: {},
  };
}

export class StateStore {
  readonly file: string;
  state: PlaneState;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, STATE_FILE);
    this.state = existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, 'utf8')) as PlaneState)
      : newState();
  }

  /** Write the whole document atomically (write + rename), so a crash never leaves half a file. */
  save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

export function newKey(): string {
  return randomBytes(32).toString('base64url');
}
