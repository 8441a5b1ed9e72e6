// The client side of the local AML control plane: read a running plane's connection from its
// state dir, a token credential that only ever talks to loopback, and a real
// `AzureMachineLearningWorkspaces` client pointed at the plane (endpoint override + credential +
// trust for the plane's test CA through the pipeline's `tlsOptions`). Steps given `--local DIR`
// use this instead of @azure/identity.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  AzureMachineLearningWorkspaces,
  type AzureMachineLearningWorkspacesOptionalParams,
} from '@azure/arm-machinelearning';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { RolloutError } from '../errors.js';

/** What `aml-rollout local up` prints and what the plane writes to `<stateDir>/plane.json`. */
export interface LocalPlaneConnection {
  pid: number;
  armEndpoint: string;
  caCertPath: string;
  token: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tenantId: string;
  /** Workspace name -> ARM id (always at least `dev` and `prod`). */
  workspaces: Record<string, string>;
  /** Azurite blob service URL, path-style: `http://127.0.0.1:<port>/devstoreaccount1`. */
  azuriteBlobEndpoint: string;
  /**
   * The container registries the dev and prod workspaces link to (ACR's sign-in in front of
   * docker-registry, or the plane's builtin OCI server without it; HTTPS with the plane's CA).
   * Absent when they could not start (a forced docker-registry missing); `registriesUnavailable`
   * then says why.
   */
  registries?: { dev: LocalPlaneRegistry; prod: LocalPlaneRegistry };
  registriesUnavailable?: string;
  /** The plane's admin API (faults, counters); not part of anything Azure has. */
  adminEndpoint: string;
  stateDir: string;
}

/** One registry of the local plane, as an image reference and ARM name it. */
export interface LocalPlaneRegistry {
  /** ARM name (`localplanedev`). */
  name: string;
  /** ARM id (`/subscriptions/.../providers/Microsoft.ContainerRegistry/registries/localplanedev`). */
  id: string;
  /** `localhost:<port>`: the host of image references, and where `/oauth2/*` and `/v2/*` answer. */
  loginServer: string;
}

export const LOCAL_PLANE_CONNECTION_FILE = 'plane.json';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || host.endsWith('.localhost');
  } catch {
    return false;
  }
}

/**
 * A TokenCredential returning the local plane's bearer token. It refuses to exist for any
 * endpoint that is not loopback, so the plane's token can never be sent to a real Azure host.
 */
export class LocalPlaneCredential implements TokenCredential {
  constructor(
    private readonly token: string,
    readonly endpoint: string,
  ) {
    if (!isLoopbackUrl(endpoint)) {
      throw new RolloutError(
        'LocalPlaneNotLoopback',
        `the local plane credential only works with a loopback endpoint, not '${endpoint}'`,
        {
          resource: endpoint,
          remediation: 'use --local <state-dir> only with a plane started by `aml-rollout local up`',
        },
      );
    }
  }

  async getToken(): Promise<AccessToken> {
    return { token: this.token, expiresOnTimestamp: Date.now() + 3600_000 };
  }
}

export interface LocalPlane extends LocalPlaneConnection {
  credential: LocalPlaneCredential;
  /** PEM of the plane's test CA. */
  ca: string;
}

/** Read a running plane's connection from its state dir. */
export function readLocalPlaneConnection(stateDir: string): LocalPlaneConnection | undefined {
  const file = path.join(stateDir, LOCAL_PLANE_CONNECTION_FILE);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as LocalPlaneConnection;
}

export function connectLocalPlane(stateDir: string): LocalPlane {
  const conn = readLocalPlaneConnection(stateDir);
  // A plane that was killed leaves its connection behind: say so here, not as ECONNREFUSED later.
  if (!conn || !processAlive(conn.pid)) {
    throw new RolloutError(
      'LocalPlaneNotRunning',
      `the local plane is not running at ${conn?.armEndpoint ?? stateDir}: run \`aml-rollout local up\``,
      {
        resource: stateDir,
        remediation: `start it with: aml-rollout local up --state-dir ${stateDir}`,
      },
    );
  }
  return {
    ...conn,
    credential: new LocalPlaneCredential(conn.token, conn.armEndpoint),
    ca: readFileSync(conn.caCertPath, 'utf8'),
  };
}

/** Whether `pid` runs: a zombie (killed, not yet reaped by its parent) does not. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: alive, but not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // `/proc/<pid>/stat`: "pid (comm) S ...", S the state; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): the signal said it is there
  }
}

/** A real, unmodified SDK client for the plane. Options (retry, user agent...) pass through. */
export function localPlaneClient(
  plane: LocalPlane,
  options: AzureMachineLearningWorkspacesOptionalParams = {},
): AzureMachineLearningWorkspaces {
  return new AzureMachineLearningWorkspaces(plane.credential, plane.subscriptionId, {
    ...options,
    endpoint: plane.armEndpoint,
    // Raw requests through the client's pipeline (mirror traffic, metrics) build URLs from $host.
    $host: plane.armEndpoint,
    credentialScopes: [`${plane.armEndpoint}/.default`],
    tlsOptions: { ...(options.tlsOptions ?? {}), ca: plane.ca },
  });
}

/** Environment for child processes that must trust the plane's CA (Node reads it at start-up only). */
export function localPlaneChildEnv(plane: LocalPlaneConnection): Record<string, string> {
  return { NODE_EXTRA_CA_CERTS: plane.caCertPath };
}

/**
 * The blob service URL of a datastore, as a client builds it from the datastore's properties:
 * `protocol://account.blob.endpoint` on Azure, path-style `protocol://endpoint/account` for an
 * IP or localhost endpoint (Azurite, and so the local plane).
 */
export function datastoreBlobServiceUrl(props: {
  accountName?: string;
  endpoint?: string;
  protocol?: string;
}): string {
  const protocol = props.protocol ?? 'https';
  const endpoint = props.endpoint ?? 'core.windows.net';
  const host = endpoint.replace(/:\d+$/, '');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost')
    return `${protocol}://${endpoint}/${props.accountName}`;
  return `${protocol}://${props.accountName}.blob.${endpoint}`;
}
