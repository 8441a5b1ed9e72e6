// Every child process the plane starts (Azurite, the registries' docker-registry, deployment
// servers), recorded in `<state-dir>/children.json` as it starts and struck off when it exits, so a
// plane that was killed leaves a list the next `up` or `down` reaps. Health reads the same ledger:
// a required child (Azurite, docker-registry) that died shows as dead until it is replaced.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from '../shared/azure/local-plane.js';

export const CHILDREN_FILE = 'children.json';

export interface ChildRecord {
  pid: number;
  /** `azurite`, `registry:<name>`, `deployment:<ws>/<ep>/<dep>`. */
  role: string;
  startedAt: string;
}

export interface ChildHealth {
  role: string;
  pid: number;
  alive: boolean;
  /** Restarted by the plane when it dies (deployments) or must stay up (Azurite, registries). */
  required: boolean;
  exitCode?: number | null;
  signal?: string | null;
}

interface Entry {
  record: ChildRecord;
  child: ChildProcess;
  required: boolean;
}

export class ChildLedger {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly stateDir: string) {}

  /**
   * Record a child under its role (a new child replaces the one before under the same role).
   * A required child stays listed after it exits, as dead; another is struck off.
   */
  add(child: ChildProcess, role: string, required: boolean): void {
    if (child.pid === undefined) return;
    const entry: Entry = {
      record: { pid: child.pid, role, startedAt: new Date().toISOString() },
      child,
      required,
    };
    this.entries.set(role, entry);
    this.persist();
    child.once('exit', () => {
      if (this.entries.get(role) === entry) {
        if (!required) this.entries.delete(role);
        this.persist();
      }
    });
  }

  health(): ChildHealth[] {
    return [...this.entries.values()].map(({ record, child, required }) => {
      const alive = child.exitCode === null && child.signalCode === null;
      return {
        role: record.role,
        pid: record.pid,
        alive,
        required,
        ...(alive ? {} : { exitCode: child.exitCode, signal: child.signalCode }),
      };
    });
  }

  /** The plane stopped cleanly: nothing is left to reap. */
  clear(): void {
    this.entries.clear();
    rmSync(path.join(this.stateDir, CHILDREN_FILE), { force: true });
  }

  private persist(): void {
    const live = [...this.entries.values()]
      .filter((e) => e.child.exitCode === null && e.child.signalCode === null)
      .map((e) => e.record);
    const file = path.join(this.stateDir, CHILDREN_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(live, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  }
}

/**
 * Stop the children a dead plane left behind: each recorded pid still alive whose command line names
 * this state dir (so a recycled pid is never touched). Returns what was reaped.
 */
export async function reapOrphans(stateDir: string, graceMs = 3000): Promise<ChildRecord[]> {
  const file = path.join(stateDir, CHILDREN_FILE);
  if (!existsSync(file)) return [];
  let records: ChildRecord[];
  try {
    records = JSON.parse(readFileSync(file, 'utf8')) as ChildRecord[];
  } catch {
    records = [];
  }
  const ours = records.filter((r) => Number.isInteger(r.pid) && r.pid > 0 && servesStateDir(r.pid, stateDir));
  for (const r of ours) signal(r.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (ours.some((r) => processAlive(r.pid)) && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 50));
  }
  for (const r of ours) if (processAlive(r.pid)) signal(r.pid, 'SIGKILL');
  rmSync(file, { force: true });
  return ours;
}

/** Whether `pid` is a live process whose command line mentions `stateDir` (Linux /proc; elsewhere, alive). */
export function servesStateDir(pid: number, stateDir: string): boolean {
  if (!processAlive(pid)) return false;
  const proc = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    const dir = path.resolve(stateDir);
    return readFileSync(proc, 'utf8')
      .split('\0')
      .some((arg) => arg === dir || arg.startsWith(`${dir}${path.sep}`));
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
