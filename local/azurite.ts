// Azurite's blob service as a child process of the plane: loopback only, data under the plane's
// state dir, the port it reports parsed from its start-up line. Backs `workspaceblobstore`.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { RolloutError } from '../shared/errors.js';

export interface AzuriteHandle {
  port: number;
  blobEndpoint: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function azuriteBlobMain(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
}

export async function startAzurite(
  stateDir: string,
  preferredPort: number,
  accountName: string,
  options: { samePortOnly?: boolean } = {},
): Promise<AzuriteHandle> {
  try {
    return await launch(stateDir, preferredPort, accountName);
  } catch (e) {
    if (preferredPort === 0 || options.samePortOnly) throw e;
    return launch(stateDir, 0, accountName);
  }
}

function launch(stateDir: string, port: number, accountName: string): Promise<AzuriteHandle> {
  const location = path.join(stateDir, 'azurite');
  mkdirSync(location, { recursive: true });
  const child = spawn(
    process.execPath,
    [
      azuriteBlobMain(),
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--location',
      location,
      '--skipApiVersionCheck',
      '--loose',
      '--disableProductStyleUrl',
      '--disableTelemetry',
      '--silent',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m?.[1]) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        const actual = Number(m[1]);
        resolve({
          port: actual,
          blobEndpoint: `http://127.0.0.1:${actual}/${accountName}`,
          child,
          stop: () => stopChild(child),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.once('exit', (code) => {
      reject(
        new RolloutError(
          'AzuriteStartFailed',
          `Azurite exited with code ${code} before listening: ${out.slice(-400)}`,
          {
            resource: location,
          },
        ),
      );
    });
  });
}

export function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
