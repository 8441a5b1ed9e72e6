// `aml-rollout local up|down --state-dir DIR`: run the local AML control plane in the background.
// `up` starts it detached (or finds it already running), waits until it answers and prints one JSON
// object with everything a client needs; `down` stops it. `serve-plane` is the hidden foreground
// form the detached process runs.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  LOCAL_PLANE_CONNECTION_FILE,
  type LocalPlaneConnection,
  processAlive,
  readLocalPlaneConnection,
} from '../../azure/local-plane.js';
import { reapOrphans, servesStateDir } from '../../../local/children.js';
import { describeError } from '../../errors.js';
import { httpRequest } from '../../http/request.js';
import { NO_RETRY } from '../../http/retry.js';
import { runnerMaskCommand } from '../../secrets.js';
import type { CliCommand, CliIO } from '../command.js';
import { selfCommand } from '../../launch/cli.js';

const USAGE = `aml-rollout local up --state-dir DIR [--provision-delay-ms N]
aml-rollout local down --state-dir DIR
aml-rollout local status --state-dir DIR

up    starts the local AML control plane in the background (or finds the one already running on
      DIR) and prints one JSON object: armEndpoint, caCertPath, token, subscriptionId,
      resourceGroup, workspaces, azuriteBlobEndpoint, adminEndpoint.
down  stops it (and any process a killed plane left behind); state stays in DIR, and the next
      'up' brings every resource back.
status prints the plane's health: every child process (Azurite, registries, deployments), alive
      or dead, and which backend serves each registry (docker-registry or builtin); exits 0 when healthy, 1 when a child is dead, 3 when the plane is not running.`;

const START_TIMEOUT_MS = 90_000;

export const localCommand: CliCommand = {
  name: 'local',
  summary: 'Start or stop the local AML control plane (ARM over HTTPS, data plane, Azurite)',
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const [verb, ...rest] = argv;
    let values: { 'state-dir'?: string; 'provision-delay-ms'?: string; help?: boolean };
    try {
      ({ values } = parseArgs({
        args: rest,
        options: {
          'state-dir': { type: 'string' },
          'provision-delay-ms': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
      }));
    } catch (e) {
      io.stderr(`${describeError(e)}\n${USAGE}`);
      return 2;
    }
    if (values.help || !verb) {
      io.stdout(USAGE);
      return verb ? 0 : 2;
    }
    const dir = values['state-dir'];
    if (!dir) {
      io.stderr(`--state-dir is required\n${USAGE}`);
      return 2;
    }
    const stateDir = path.resolve(dir);
    const delay =
      values['provision-delay-ms'] === undefined ? undefined : Number(values['provision-delay-ms']);
    try {
      switch (verb) {
        case 'up':
          return await up(stateDir, delay, io);
        case 'down':
          return await down(stateDir, io);
        case 'status':
          return await status(stateDir, io);
        case 'serve-plane':
          return await servePlane(stateDir, delay, io);
        default:
          io.stderr(`unknown verb '${verb}'\n${USAGE}`);
          return 2;
      }
    } catch (e) {
      io.stderr(describeError(e));
      return 1;
    }
  },
};

/** The running plane on `stateDir`, if its process is alive and its admin API answers. */
export async function livePlane(stateDir: string): Promise<LocalPlaneConnection | undefined> {
  const conn = readLocalPlaneConnection(stateDir);
  if (!conn || !processAlive(conn.pid)) return undefined;
  try {
    // A probe, polled by `up`: one attempt, answered fast or not at all. `/v1/info` answers while
    // the plane runs, even when `/health` reports a dead child.
    await httpRequest({ url: `${conn.adminEndpoint}/v1/info`, timeoutMs: 2000, retry: NO_RETRY });
    return conn;
  } catch {
    return undefined;
  }
}

/** Prints the connection; inside a CI runner its token is registered with the runner first. */
function printConnection(c: LocalPlaneConnection, io: CliIO): void {
  const mask = runnerMaskCommand(c.token);
  if (mask) io.stderr(mask);
  io.stdout(JSON.stringify(printable(c)));
}

function printable(c: LocalPlaneConnection): Record<string, unknown> {
  return {
    armEndpoint: c.armEndpoint,
    caCertPath: c.caCertPath,
    token: c.token,
    subscriptionId: c.subscriptionId,
    resourceGroup: c.resourceGroup,
    location: c.location,
    tenantId: c.tenantId,
    workspaces: c.workspaces,
    azuriteBlobEndpoint: c.azuriteBlobEndpoint,
    adminEndpoint: c.adminEndpoint,
    stateDir: c.stateDir,
    pid: c.pid,
  };
}

async function up(stateDir: string, delay: number | undefined, io: CliIO): Promise<number> {
  const running = await livePlane(stateDir);
  if (running) {
    printConnection(running, io);
    return 0;
  }
  const stale = readLocalPlaneConnection(stateDir);
  if (stale && servesStateDir(stale.pid, stateDir)) {
    // Alive but not answering (still starting, or wedged): never start a second plane on the folder.
    io.stderr(
      `the local plane (pid ${stale.pid}) already serves ${stateDir} but does not answer at ${stale.adminEndpoint}; stop it with: aml-rollout local down --state-dir ${stateDir}`,
    );
    return 1;
  }
  mkdirSync(stateDir, { recursive: true });
  const log = openSync(path.join(stateDir, 'plane.log'), 'a');
  const self = selfCommand();
  const args = [...self.args, 'local', 'serve-plane', '--state-dir', stateDir];
  if (delay !== undefined) args.push('--provision-delay-ms', String(delay));
  const child = spawn(self.command, args, {
    detached: true,
    stdio: ['ignore', log, log],
    cwd: process.cwd(),
  });
  child.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const conn = await livePlane(stateDir);
    if (conn && conn.pid === child.pid) {
      printConnection(conn, io);
      return 0;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (child.pid && processAlive(child.pid)) process.kill(child.pid, 'SIGTERM');
  io.stderr(`the local plane did not start; see ${path.join(stateDir, 'plane.log')}`);
  return 1;
}

async function down(stateDir: string, io: CliIO): Promise<number> {
  const conn = readLocalPlaneConnection(stateDir);
  if (!conn || !servesStateDir(conn.pid, stateDir)) {
    // A killed plane leaves its children (and its connection file): stop them, forget it.
    const reaped = await reapOrphans(stateDir);
    rmSync(path.join(stateDir, LOCAL_PLANE_CONNECTION_FILE), { force: true });
    io.stdout(
      JSON.stringify({
        stopped: true,
        wasRunning: false,
        ...(reaped.length > 0 ? { reaped: reaped.map((r) => ({ role: r.role, pid: r.pid })) } : {}),
      }),
    );
    return 0;
  }
  try {
    await httpRequest({
      url: `${conn.adminEndpoint}/v1/shutdown`,
      method: 'POST',
      timeoutMs: 5000,
      retry: NO_RETRY,
    });
  } catch {
    process.kill(conn.pid, 'SIGTERM');
  }
  const deadline = Date.now() + 30_000;
  while (processAlive(conn.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (processAlive(conn.pid)) process.kill(conn.pid, 'SIGKILL');
  // Killed rather than stopped: its children are still recorded.
  await reapOrphans(stateDir);
  io.stdout(JSON.stringify({ stopped: true, wasRunning: true }));
  return 0;
}

async function status(stateDir: string, io: CliIO): Promise<number> {
  const conn = readLocalPlaneConnection(stateDir);
  if (!conn || !servesStateDir(conn.pid, stateDir)) {
    io.stderr(notRunning(conn?.armEndpoint, stateDir));
    return 3;
  }
  let res: Response;
  try {
    res = await fetch(`${conn.adminEndpoint}/health`, { signal: AbortSignal.timeout(5000) });
  } catch {
    io.stderr(notRunning(conn.armEndpoint, stateDir));
    return 3;
  }
  const health = (await res.json()) as Record<string, unknown>;
  io.stdout(JSON.stringify({ running: true, armEndpoint: conn.armEndpoint, pid: conn.pid, ...health }));
  return res.ok ? 0 : 1;
}

function notRunning(url: string | undefined, stateDir: string): string {
  return `the local plane is not running at ${url ?? stateDir}: run \`aml-rollout local up --state-dir ${stateDir}\``;
}

async function servePlane(stateDir: string, delay: number | undefined, io: CliIO): Promise<number> {
  // Imported here so the bundle's other commands never load the plane.
  const { startPlane } = await import('../../../local/plane.js');
  const timings =
    delay === undefined ? {} : { endpointProvisionMs: delay, deploymentProvisionMs: delay, deleteMs: delay };
  const plane = await startPlane({ stateDir, timings });
  const stop = () => void plane.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  io.stderr(`local plane listening: ${plane.connection.armEndpoint}`);
  await plane.stopped;
  process.off('SIGTERM', stop);
  process.off('SIGINT', stop);
  return 0;
}
