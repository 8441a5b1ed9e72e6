// The plane's two container registries (the ones the dev and prod workspaces link to): started
// and stopped with the plane, each an ACR front over its own distribution server (docker-registry
// when installed, else the plane's builtin one: ./distribution.ts) with storage under the state
// dir, on the port it had last time when that is free. When the registries cannot start (e.g.
// docker-registry forced but missing) the plane still runs and says they are unavailable. Also
// answers what provisioning asks: is an image on one of these registries, and is it there?
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseImageRef } from '../../shared/registry/reference.js';
import type { PlaneTls } from '../certs.js';
import { registryId, registryName } from '../resources.js';
import type { PlaneState } from '../store.js';
import type { RegistryBackend } from './distribution.js';
import { type RegistryFront, startRegistryFront } from './front.js';
import { type ImportImageParameters, importImage } from './import.js';
import { RegistryTasks, type TaskStorage } from './tasks.js';

/** Registry keys, after the workspaces whose `containerRegistry` they are. */
export const REGISTRY_KEYS = ['dev', 'prod'] as const;
export type RegistryKey = (typeof REGISTRY_KEYS)[number];

/** What `plane.json` says of each registry. */
export interface RegistryConnection {
  name: string;
  id: string;
  loginServer: string;
}

export interface PlaneRegistries {
  fronts: Map<RegistryKey, RegistryFront>;
  /** ACR Tasks quick builds on these registries (absent when the registries are unavailable). */
  tasks?: RegistryTasks;
  /** Why there are no registries (a forced docker-registry missing, or a failure), when there are none. */
  unavailable?: string;
  /** Undefined when the registries are unavailable. */
  connections(): Record<RegistryKey, RegistryConnection> | undefined;
  /** A registry by key (`dev`) or ARM name (`localplanedev`), case-insensitive. */
  find(keyOrName: string): RegistryFront | undefined;
  /** The registry an image reference's host names (its login server), if it is one of these. */
  forHost(host: string): RegistryFront | undefined;
  /** Copy an image from one of these registries into `target` (ACR's importImage). */
  importImage(target: RegistryFront, parameters: ImportImageParameters): Promise<void>;
  stop(): Promise<void>;
}

export interface RegistriesOptions {
  stateDir: string;
  tls: PlaneTls;
  /** The plane's state: registry records (name, last port) are read and updated in it; the caller saves. */
  state: PlaneState;
  binary?: string;
  backend?: RegistryBackend;
  /** Told of each docker-registry child once it runs (the builtin backend has none). */
  onChild?: (child: ChildProcess, role: string) => void;
  /** Where ACR Tasks keep uploaded sources and run logs (Azurite). */
  taskStorage: TaskStorage;
}

export async function startPlaneRegistries(o: RegistriesOptions): Promise<PlaneRegistries> {
  const st = o.state;
  st.registries ??= {};
  const fronts = new Map<RegistryKey, RegistryFront>();
  let unavailable: string | undefined;
  try {
    for (const key of REGISTRY_KEYS) {
      const record = (st.registries[key] ??= {
        name: registryName(key),
        port: 0,
        createdAt: new Date().toISOString(),
      });
      const front = await startRegistryFront({
        name: record.name,
        dir: path.join(o.stateDir, 'registries', record.name),
        tls: o.tls,
        preferredPort: record.port,
        tenantId: st.tenantId,
        entraToken: () => st.token,
        ...(o.binary ? { binary: o.binary } : {}),
        ...(o.backend ? { backend: o.backend } : {}),
        ...(o.onChild ? { onChild: o.onChild } : {}),
      });
      fronts.set(key, front);
      record.port = front.port;
    }
  } catch (e) {
    await Promise.all([...fronts.values()].map((f) => f.stop()));
    fronts.clear();
    const remediation = (e as { remediation?: string }).remediation;
    unavailable = `the plane's container registries are unavailable: ${e instanceof Error ? e.message : String(e)}${remediation ? `; ${remediation}` : ''}`;
  }
  const find = (keyOrName: string) => {
    const k = keyOrName.toLowerCase();
    for (const [key, f] of fronts) if (key === k || f.name.toLowerCase() === k) return f;
    return undefined;
  };
  const tasks = fronts.size > 0 ? new RegistryTasks(o.taskStorage, o.tls.ca) : undefined;
  const self: PlaneRegistries = {
    fronts,
    ...(tasks ? { tasks } : {}),
    ...(unavailable ? { unavailable } : {}),
    connections: () =>
      fronts.size === 0
        ? undefined
        : (Object.fromEntries(
            [...fronts].map(([key, f]) => [
              key,
              {
                name: f.name,
                id: registryId(st.subscriptionId, st.resourceGroup, key),
                loginServer: f.loginServer,
              },
            ]),
          ) as Record<RegistryKey, RegistryConnection>),
    find,
    forHost: (host) => [...fronts.values()].find((f) => f.loginServer === host.toLowerCase()),
    importImage: (target, parameters) => importImage(self, target, parameters),
    stop: async () => {
      await tasks?.close();
      await Promise.all([...fronts.values()].map((f) => f.stop()));
    },
  };
  return self;
}

/** Whether an image can be pulled, as far as the plane can know: only its own registries are checked. */
export type ImagePull =
  | { checked: false }
  | { checked: true; present: true }
  | { checked: true; present: false; registry: string; repository: string; reference: string };

export async function checkImagePull(registries: PlaneRegistries, image: string): Promise<ImagePull> {
  const ref = parseImageRef(image);
  if ('problem' in ref || !ref.registry) return { checked: false };
  const front = registries.forHost(ref.registry);
  if (!front) return { checked: false };
  const reference = ref.digest ?? ref.tag ?? 'latest';
  if (await front.hasManifest(ref.repository, reference)) return { checked: true, present: true };
  return { checked: true, present: false, registry: front.name, repository: ref.repository, reference };
}
