// Test harness: a plane in a fresh temp state dir with near-zero delays and the fake scorer, an
// SDK client pointed at it, and helpers to register a model folder and create endpoints and
// deployments through the real SDK. Always `await h.stop()` in afterAll/afterEach.
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { RestError } from '@azure/core-rest-pipeline';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import {
  connectLocalPlane,
  datastoreBlobServiceUrl,
  localPlaneClient,
  type LocalPlane as PlaneClient,
} from '../../shared/azure/local-plane.js';
import type { SelfCommand } from '../../shared/launch/cli.js';
import { type LocalPlane, type PlaneOptions, startPlane } from '../plane.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export const fakeScorer = (): SelfCommand => ({
  command: process.execPath,
  args: ['--import', 'tsx', path.join(here, 'fake-scorer.ts')],
});

export const FAST = { endpointProvisionMs: 0, deploymentProvisionMs: 0, deleteMs: 0, retryAfterSeconds: 0 };
/** SDK pollers: poll every 10 ms instead of the default 2 s (Retry-After 0 leaves the option in charge). */
export const POLL = { updateIntervalInMs: 10 };

export interface Harness {
  stateDir: string;
  plane: LocalPlane;
  conn: PlaneClient;
  client: AzureMachineLearningWorkspaces;
  rg: string;
  stop(opts?: { keepState?: boolean }): Promise<void>;
  restart(): Promise<void>;
}

export async function startHarness(options: Partial<PlaneOptions> = {}, stateDir?: string): Promise<Harness> {
  const dir = stateDir ?? mkdtempSync(path.join(os.tmpdir(), 'aml-plane-'));
  const opts: PlaneOptions = {
    serveCommand: fakeScorer,
    restartDelayMs: 50,
    ...options,
    stateDir: dir,
    timings: { ...FAST, ...options.timings },
  };
  const h: Harness = {
    stateDir: dir,
    plane: await startPlane(opts),
    conn: undefined as unknown as PlaneClient,
    client: undefined as unknown as AzureMachineLearningWorkspaces,
    rg: '',
    async stop(o = {}) {
      await h.plane.stop();
      if (!o.keepState) rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await h.plane.stop();
      h.plane = await startPlane(opts);
      connect();
    },
  };
  const connect = () => {
    h.conn = connectLocalPlane(dir);
    h.client = localPlaneClient(h.conn);
    h.rg = h.conn.resourceGroup;
  };
  connect();
  return h;
}

/** Upload files into the workspace's default datastore (through listSecrets, as a client must) and register a model version. */
export async function registerModel(
  h: Harness,
  ws: string,
  name: string,
  version: string,
  files: Record<string, string | Buffer>,
): Promise<string> {
  const ds = await h.client.datastores.get(h.rg, ws, 'workspaceblobstore');
  const secrets = await h.client.datastores.listSecrets(h.rg, ws, 'workspaceblobstore');
  const props = ds.properties as {
    accountName: string;
    containerName: string;
    endpoint?: string;
    protocol?: string;
  };
  const key = (secrets as { key?: string }).key as string;
  const service = new BlobServiceClient(
    datastoreBlobServiceUrl(props),
    new StorageSharedKeyCredential(props.accountName, key),
  );
  const container = service.getContainerClient(props.containerName);
  const prefix = `LocalUpload/${name}/${version}`;
  for (const [file, content] of Object.entries(files)) {
    const buf = typeof content === 'string' ? Buffer.from(content) : content;
    await container.getBlockBlobClient(`${prefix}/${file}`).uploadData(buf);
  }
  const modelUri = `azureml://subscriptions/${h.conn.subscriptionId}/resourcegroups/${h.rg}/workspaces/${ws}/datastores/workspaceblobstore/paths/${prefix}`;
  const v = await h.client.modelVersions.createOrUpdate(h.rg, ws, name, version, {
    properties: { modelUri, modelType: 'custom_model', description: `${name} v${version}` },
  });
  return v.id as string;
}

export async function createEndpoint(
  h: Harness,
  ws: string,
  name: string,
  traffic: Record<string, number> = {},
  authMode: 'Key' | 'AMLToken' = 'Key',
) {
  return h.client.onlineEndpoints.beginCreateOrUpdateAndWait(
    h.rg,
    ws,
    name,
    { location: 'local', identity: { type: 'SystemAssigned' }, properties: { authMode, traffic } },
    POLL,
  );
}

export async function createDeployment(
  h: Harness,
  ws: string,
  endpoint: string,
  name: string,
  model: string,
  extra: {
    instanceType?: string;
    capacity?: number;
    environmentId?: string;
    environmentVariables?: Record<string, string>;
    egressPublicNetworkAccess?: 'Enabled' | 'Disabled';
  } = {},
) {
  return h.client.onlineDeployments.beginCreateOrUpdateAndWait(
    h.rg,
    ws,
    endpoint,
    name,
    {
      location: 'local',
      sku: { name: 'Default', capacity: extra.capacity ?? 1 },
      properties: {
        endpointComputeType: 'Managed',
        model,
        instanceType: extra.instanceType ?? 'Standard_DS3_v2',
        ...(extra.environmentId ? { environmentId: extra.environmentId } : {}),
        ...(extra.environmentVariables ? { environmentVariables: extra.environmentVariables } : {}),
        ...(extra.egressPublicNetworkAccess
          ? { egressPublicNetworkAccess: extra.egressPublicNetworkAccess }
          : {}),
      },
    },
    POLL,
  );
}

export async function setTraffic(h: Harness, ws: string, endpoint: string, traffic: Record<string, number>) {
  const e = await h.client.onlineEndpoints.get(h.rg, ws, endpoint);
  return h.client.onlineEndpoints.beginCreateOrUpdateAndWait(
    h.rg,
    ws,
    endpoint,
    { ...e, properties: { ...e.properties, traffic } },
    POLL,
  );
}

export const FAKE_MODEL = {
  'model.onnx': 'fake-onnx-bytes',
  'model-card.yaml': 'schema: aml-rollout/model-card@1\n',
};

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A raw HTTPS request to the plane's ARM surface (trusting its CA), for what the 2022-10-01 SDK cannot send. */
export function armRequest(
  conn: PlaneClient,
  method: string,
  pathAndQuery: string,
  body?: unknown,
  token: string | null = conn.token,
): Promise<RawResponse> {
  const url = new URL(pathAndQuery, conn.armEndpoint);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method,
        ca: conn.ca,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': String(payload.length) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])),
            body: text ? JSON.parse(text) : undefined,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export function wsPath(conn: PlaneClient, ws: string): string {
  return conn.workspaces[ws] as string;
}

/** Set live and mirror traffic in one PUT at the first api-version that has mirrorTraffic. */
export async function setMirror(
  h: Harness,
  ws: string,
  endpoint: string,
  traffic: Record<string, number>,
  mirror: Record<string, number>,
) {
  const path = `${wsPath(h.conn, ws)}/onlineEndpoints/${endpoint}?api-version=2023-04-01`;
  const current = await armRequest(h.conn, 'GET', path);
  const e = current.body as { location: string; properties: Record<string, unknown> };
  return armRequest(h.conn, 'PUT', path, {
    location: e.location,
    properties: { authMode: e.properties.authMode, traffic, mirrorTraffic: mirror },
  });
}

export async function admin(h: Harness, method: string, p: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${h.conn.adminEndpoint}${p}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return res.status === 204 ? undefined : res.json();
}

/** The specific reason of an ARM error (`error.details[0].code`), where the plane puts it. */
export function detailCode(e: RestError): string | undefined {
  const body = (e.details ?? (e.response?.bodyAsText ? JSON.parse(e.response.bodyAsText) : undefined)) as
    { error?: { details?: Array<{ code: string }> } } | undefined;
  return body?.error?.details?.[0]?.code;
}

/** The error a request that must be refused was refused with (fails when it was not). */
export async function rejection(p: Promise<unknown>): Promise<RestError> {
  try {
    await p;
  } catch (e) {
    return e as RestError;
  }
  throw new Error('expected the request to be refused');
}
