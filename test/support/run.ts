// Runs a bundled entry as a CI host would: a clean environment plus the variables given.
import { spawnSync } from 'node:child_process';

export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runBundle(file: string, env: Record<string, string>, cwd?: string): ProcessResult {
  const r = spawnSync(process.execPath, [file], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    ...(cwd ? { cwd } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
