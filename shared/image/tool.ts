// Runs a builder CLI (docker, buildah) as a child process: argv only (no shell), an optional stdin
// (how a password reaches `login --password-stdin`, never argv or env), every output line masked
// before the caller's log hears it, cancellation through an AbortSignal. Host-agnostic on purpose
// (@actions/exec writes to the GitHub log directly, past the suite's masker and the ADO host).
import { spawn } from 'node:child_process';
import { RolloutError } from '../errors.js';

export interface ToolRun {
  command: string;
  args: readonly string[];
  /** Written to the child's stdin, then closed. */
  stdin?: string;
  /** Added to the inherited environment; never put a secret here (a crash dump may show it). */
  env?: Readonly<Record<string, string>>;
  cwd?: string;
  /** Hears each output line, already masked. */
  log?: (line: string) => void;
  mask?: (text: string) => string;
  signal?: AbortSignal;
  /** Error code when the tool exits non-zero. */
  failCode?: string;
  remediation?: string;
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The tool's own message when it fails: its last stderr lines (masked). */
const TAIL_CHARS = 800;

/** Runs to completion and resolves whatever the exit code; rejects only when it cannot start. */
export function runTool(run: ToolRun): Promise<ToolResult> {
  const mask = run.mask ?? ((t: string) => t);
  run.log?.(mask(`[command] ${[run.command, ...run.args].join(' ')}`));
  return new Promise((resolve, reject) => {
    const child = spawn(run.command, [...run.args], {
      cwd: run.cwd,
      env: { ...process.env, ...run.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      signal: run.signal,
    });
    let stdout = '';
    let stderr = '';
    const lines = (into: 'out' | 'err') => {
      let partial = '';
      return (chunk: Buffer) => {
        const text = chunk.toString();
        if (into === 'out') stdout += text;
        else stderr += text;
        const parts = (partial + text).split(/\r?\n/);
        partial = parts.pop() ?? '';
        for (const l of parts) if (l.trim()) run.log?.(mask(l));
      };
    };
    child.stdout.on('data', lines('out'));
    child.stderr.on('data', lines('err'));
    child.once('error', (e) => {
      // Cancelled: the caller's reason, not a builder failure.
      if (run.signal?.aborted) return reject(run.signal.reason);
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new RolloutError(
          missing ? 'BuilderNotInstalled' : (run.failCode ?? 'BuilderFailed'),
          missing ? `${run.command} is not installed (not found on PATH)` : `${run.command}: ${e.message}`,
          { resource: run.command, ...(run.remediation ? { remediation: run.remediation } : {}), cause: e },
        ),
      );
    });
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
    child.stdin.on('error', () => undefined); // a tool that exits before reading stdin
    child.stdin.end(run.stdin ?? '');
  });
}

/** Runs and throws a RolloutError with the tool's last stderr lines when it exits non-zero. */
export async function runToolOrFail(run: ToolRun): Promise<ToolResult> {
  const result = await runTool(run);
  if (result.code !== 0) {
    const mask = run.mask ?? ((t: string) => t);
    const tail = mask(result.stderr.trim() || result.stdout.trim()).slice(-TAIL_CHARS);
    throw new RolloutError(
      run.failCode ?? 'BuilderFailed',
      `${run.command} ${run.args[0] ?? ''} exited with ${result.code}: ${tail}`,
      { resource: run.command, ...(run.remediation ? { remediation: run.remediation } : {}) },
    );
  }
  return result;
}
