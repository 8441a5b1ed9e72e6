// Debian's `docker-registry` (CNCF distribution 2.x) as a child process: loopback only, storage
// under the given folder, the port it reports parsed from its start-up line. The local plane puts
// ACR's token exchange in front of it; tests may also use it bare.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RolloutError } from '../../shared/errors.js';

export const DISTRIBUTION_BINARY = 'docker-registry';

export interface DistributionHandle {
  /** `http://127.0.0.1:<port>`: plain HTTP, no auth (the front adds both). */
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface DistributionOptions {
  /** Where the registry keeps its config and blobs; survives restarts. */
  dir: string;
  /** 0 (default) lets the registry pick a free port. */
  port?: number;
  binary?: string;
  startTimeoutMs?: number;
}

export function startDistribution(options: DistributionOptions): Promise<DistributionHandle> {
  const { dir } = options;
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  const config = path.join(dir, 'config.yml');
  // One secret per registry folder: upload sessions stay valid across a restart.
  const secretFile = path.join(dir, 'http-secret');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(16).toString('hex'), { mode: 0o600 });
  const secret = readFileSync(secretFile, 'utf8').trim();
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: info', // the start-up line with the port is an info line
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${JSON.stringify(path.join(dir, 'data'))}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${options.port ?? 0}`,
      `  secret: ${secret}`,
      '',
    ].join('\n'),
  );
  const binary = options.binary ?? DISTRIBUTION_BINARY;
  const child = spawn(binary, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => fail(`did not report its port within ${options.startTimeoutMs ?? 15_000} ms`),
      options.startTimeoutMs ?? 15_000,
    );
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(
        new RolloutError('RegistryStartFailed', `${binary} ${why}: ${out.slice(-400)}`, {
          remediation: "install Debian's docker-registry (`apt-get install docker-registry`; `.ci/run` does)",
        }),
      );
    };
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      // Keep draining so the child never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      const port = Number(m[1]);
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (e) => fail(`could not start (${e.message})`));
    child.once('exit', (code) => fail(`exited with ${code}`));
  });
}
