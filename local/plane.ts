// The local AML control plane as one object: state on disk, TLS, Azurite, the container registries
// (ACR fronts over docker-registry or the builtin OCI server), the ARM server (HTTPS), the data plane, deployment processes
// and the admin API. `startPlane` brings it up (resuming
// whatever the state dir holds); `stop` takes everything down and leaves no child or port behind.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import path from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { LocalPlaneConnection } from '../shared/azure/local-plane.js';
import { RolloutError } from '../shared/errors.js';
import { type SelfCommand, selfCommand } from '../shared/launch/cli.js';
import type { RegistryBackend } from './acr/distribution.js';
import { type PlaneRegistries, startPlaneRegistries } from './acr/registries.js';
import { createAdminServer } from './admin.js';
import { type AzuriteHandle, startAzurite } from './azurite.js';
import { ensurePlaneTls } from './certs.js';
import { ChildLedger, reapOrphans, servesStateDir } from './children.js';
import { ControlPlane, defaultWorkspace, type PlaneTimings } from './control-plane.js';
import { DataPlane } from './data-plane.js';
import { FaultRegistry } from './faults.js';
import { resource, TYPES } from './resources.js';
import { type Json, STATE_FILE, StateStore } from './store.js';
import { closeServer, listen } from './servers.js';
import { DeploymentSupervisor } from './supervisor.js';

export const CONNECTION_FILE = 'plane.json';
/** `prod` is private (publicNetworkAccess Disabled), as are extra workspaces named `*-prod`. */
export const DEFAULT_WORKSPACES = ['dev', 'prod'];
const NETWORK_PROPERTIES = [
  'containerRegistry',
  'publicNetworkAccess',
  'allowPublicAccessWhenBehindVnet',
  'privateLinkCount',
  'privateEndpointConnections',
];

export interface PlaneOptions {
  stateDir: string;
  /** Workspaces to create on first start (dev and prod are always there). */
  workspaces?: string[];
  timings?: Partial<PlaneTimings>;
  /** How to run `aml-rollout` for deployment processes; defaults to this same CLI. */
  serveCommand?: () => SelfCommand;
  restartDelayMs?: number;
  startTimeoutMs?: number;
  /** The docker-registry binary behind the registries (naming one chooses that backend; tests name a missing one). */
  registryBinary?: string;
  /** Forces the registries' backend (default: AML_LOCAL_REGISTRY, else docker-registry when installed, else builtin). */
  registryBackend?: RegistryBackend;
}

export const DEFAULT_TIMINGS: PlaneTimings = {
  endpointProvisionMs: 1000,
  deploymentProvisionMs: 1000,
  deleteMs: 500,
  retryAfterSeconds: 1,
};

export interface LocalPlane {
  connection: LocalPlaneConnection;
  faults: FaultRegistry;
  dataPlane: DataPlane;
  supervisor: DeploymentSupervisor;
  control: ControlPlane;
  store: StateStore;
  registries: PlaneRegistries;
  /** Resolves when the plane has stopped (by `stop()` or through the admin API). */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

export async function startPlane(options: PlaneOptions): Promise<LocalPlane> {
  const stateDir = path.resolve(options.stateDir);
  refuseIfServed(stateDir);
  // A plane that was killed left its children running: stop them before starting ours.
  await reapOrphans(stateDir);
  const resuming = existsSync(path.join(stateDir, STATE_FILE));
  const store = new StateStore(stateDir);
  const st = store.state;
  const tls = await ensurePlaneTls(stateDir);
  const ledger = new ChildLedger(stateDir);
  let closing = false;
  let azurite = await startAzurite(stateDir, st.azurite.port, st.azurite.accountName);
  // Azurite that dies is restarted on its port (clients keep its URL); health shows it dead until then.
  const watchAzurite = (handle: AzuriteHandle) => {
    ledger.add(handle.child, 'azurite', true);
    handle.child.once('exit', () => {
      if (closing) return;
      setTimeout(() => {
        if (closing) return;
        startAzurite(stateDir, handle.port, st.azurite.accountName, { samePortOnly: true })
          .then((next) => {
            if (closing) return void next.stop();
            azurite = next;
            watchAzurite(next);
          })
          .catch((e: unknown) =>
            process.stderr.write(`local plane: Azurite could not be restarted: ${String(e)}\n`),
          );
      }, 200);
    });
  };
  watchAzurite(azurite);
  let registries: PlaneRegistries | undefined;
  // Taken down in this order: stop taking requests, stop work, kill children, then storage.
  let arm: Server | undefined;
  let admin: Server | undefined;
  let control: ControlPlane | undefined;
  let supervisor: DeploymentSupervisor | undefined;
  let dataPlane: DataPlane | undefined;
  const teardown = async () => {
    closing = true;
    if (arm) await closeServer(arm);
    if (admin) await closeServer(admin);
    control?.close();
    await supervisor?.stopAll();
    await control?.settle();
    await dataPlane?.closeAll();
    await registries?.stop();
    await azurite.stop();
  };
  try {
    st.azurite.port = azurite.port;
    registries = await startPlaneRegistries({
      stateDir,
      tls,
      state: st,
      taskStorage: {
        blobEndpoint: () => azurite.blobEndpoint,
        accountName: st.azurite.accountName,
        accountKey: st.azurite.accountKey,
      },
      ...(options.registryBinary ? { binary: options.registryBinary } : {}),
      ...(options.registryBackend ? { backend: options.registryBackend } : {}),
      onChild: (child, role) => ledger.add(child, role, true),
    });
    const regs = registries;
    const faults = new FaultRegistry();
    let armBase = '';
    const getControl = () => control as ControlPlane;
    supervisor = new DeploymentSupervisor(
      {
        stateDir,
        serveCommand: options.serveCommand ?? selfCommand,
        restartDelayMs: options.restartDelayMs ?? 500,
        startTimeoutMs: options.startTimeoutMs ?? 120_000,
        blobEndpoint: () => azurite.blobEndpoint,
        ledger,
      },
      getControl,
      () => store.state,
    );
    const sup = supervisor;
    dataPlane = new DataPlane(getControl, sup, faults);
    const dp = dataPlane;
    control = new ControlPlane(
      store,
      {
        openEndpoint: (ws, ep) => dp.open(ws, ep),
        closeEndpoint: (ws, ep) => dp.close(ws, ep),
        provisionDeployment: (ws, ep, dep) => sup.provision(ws, ep, dep),
        stopDeployment: (ws, ep, dep) => sup.stop(ws, ep, dep),
        removeDeploymentFiles: (ws, ep, dep) => sup.removeFiles(ws, ep, dep),
        removeModelFiles: (ws, modelUri) => sup.removeModelBlobs(ws, modelUri),
        metrics: dp.metrics,
        registries: regs,
      },
      faults,
      { ...DEFAULT_TIMINGS, ...options.timings },
      () => armBase,
    );
    const ctl = control;
    await ensureWorkspaces(store, azurite, [...DEFAULT_WORKSPACES, ...(options.workspaces ?? [])]);

    arm = createHttpsServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      void ctl.handle(req, res);
    });
    const armPort = await listen(arm, st.ports.arm);
    armBase = `https://127.0.0.1:${armPort}`;

    let resolveStopped: () => void = () => undefined;
    const stopped = new Promise<void>((r) => {
      resolveStopped = r;
    });
    let stopping: Promise<void> | undefined;
    const connection: LocalPlaneConnection = {
      pid: process.pid,
      armEndpoint: armBase,
      caCertPath: tls.caCertPath,
      token: st.token,
      subscriptionId: st.subscriptionId,
      resourceGroup: st.resourceGroup,
      location: st.location,
      tenantId: st.tenantId,
      workspaces: Object.fromEntries(
        Object.values(st.workspaces).map((w) => [w.resource.name, w.resource.id]),
      ),
      azuriteBlobEndpoint: azurite.blobEndpoint,
      ...(regs.unavailable
        ? { registriesUnavailable: regs.unavailable }
        : { registries: regs.connections() }),
      adminEndpoint: '',
      stateDir,
    };
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        await teardown().catch(() => undefined);
        ledger.clear();
        store.save();
        const file = path.join(stateDir, CONNECTION_FILE);
        if (existsSync(file) && readConnectionPid(file) === process.pid) rmSync(file, { force: true });
        resolveStopped();
      })();
      return stopping;
    };
    admin = createAdminServer({
      faults,
      control: ctl,
      dataPlane: dp,
      supervisor: sup,
      registries: regs,
      info: () => connection as unknown as Json,
      children: () => ledger.health(),
      shutdown: () => void stop(),
    });
    const adminPort = await listen(admin, st.ports.admin);
    connection.adminEndpoint = `http://127.0.0.1:${adminPort}`;
    st.ports = { arm: armPort, admin: adminPort };
    store.save();
    if (resuming) await control.resume();
    writeFileSync(path.join(stateDir, CONNECTION_FILE), `${JSON.stringify(connection, null, 2)}\n`, {
      mode: 0o600,
    });
    return {
      connection,
      faults,
      dataPlane: dp,
      supervisor: sup,
      control: ctl,
      store,
      registries: regs,
      stopped,
      stop,
    };
  } catch (e) {
    await teardown().catch(() => undefined);
    throw e;
  }
}

/** Another live plane process already serves this state dir: say so rather than start a second. */
function refuseIfServed(stateDir: string): void {
  const pid = readConnectionPid(path.join(stateDir, CONNECTION_FILE));
  if (pid === undefined || pid === process.pid || !servesStateDir(pid, stateDir)) return;
  throw new RolloutError(
    'LocalPlaneAlreadyRunning',
    `the local plane (pid ${pid}) already serves ${stateDir}`,
    {
      resource: stateDir,
      remediation: `use it (aml-rollout local up --state-dir ${stateDir} prints its connection), or stop it first with aml-rollout local down --state-dir ${stateDir}`,
    },
  );
}

function readConnectionPid(file: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { pid?: number }).pid;
  } catch {
    return undefined;
  }
}

/** First start: the workspaces and their default blob datastore, each backed by an Azurite container. */
async function ensureWorkspaces(store: StateStore, azurite: AzuriteHandle, names: string[]): Promise<void> {
  const st = store.state;
  const blob = new BlobServiceClient(
    azurite.blobEndpoint,
    new StorageSharedKeyCredential(st.azurite.accountName, st.azurite.accountKey),
  );
  for (const name of [...new Set(names)]) {
    if (!st.workspaces[name]) {
      st.workspaces[name] = {
        resource: defaultWorkspace(st.subscriptionId, st.resourceGroup, name, st.location, st.tenantId),
        datastores: {},
        models: {},
        environments: {},
        endpoints: {},
      };
    }
    const w = st.workspaces[name];
    // A state written before workspaces had network settings gets them (the rest stays as it was).
    if (w.resource.properties.containerRegistry === undefined) {
      const fresh = defaultWorkspace(st.subscriptionId, st.resourceGroup, name, st.location, st.tenantId);
      for (const k of NETWORK_PROPERTIES) w.resource.properties[k] = fresh.properties[k] ?? null;
    }
    const workspaceGuid = String(w.resource.properties.workspaceId ?? name);
    const container = `azureml-blobstore-${workspaceGuid}`;
    const existing = w.datastores.workspaceblobstore;
    const properties = {
      description: 'Default blob datastore of the workspace (Azurite on loopback)',
      tags: {},
      properties: {},
      isDefault: true,
      credentials: { credentialsType: 'AccountKey' },
      datastoreType: 'AzureBlob',
      accountName: st.azurite.accountName,
      containerName: container,
      // Azurite is path-style on an IP host: blob service URL = protocol://endpoint/accountName.
      endpoint: `127.0.0.1:${azurite.port}`,
      protocol: 'http',
      serviceDataAccessAuthIdentity: 'None',
    };
    w.datastores.workspaceblobstore = {
      resource: resource(
        `${w.resource.id}/datastores/workspaceblobstore`,
        'workspaceblobstore',
        TYPES.datastore,
        properties,
        existing?.resource,
      ),
      secrets: { secretsType: 'AccountKey', key: st.azurite.accountKey },
    };
    await blob.getContainerClient(container).createIfNotExists();
  }
  store.save();
}
