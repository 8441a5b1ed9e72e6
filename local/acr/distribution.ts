// The OCI distribution server behind one registry of the plane, on loopback with plain HTTP and no
// auth (the ACR front adds both; tests may also use it bare), storage under the given folder:
// Debian's `docker-registry` (CNCF distribution 2.x) as a child process when it is installed, the
// port it reports parsed from its start-up line; else the plane's own in-process server
// (./builtin/). `AML_LOCAL_REGISTRY=builtin|docker-registry` forces one.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RolloutError } from '../../shared/errors.js';
import { startBuiltinRegistry } from './builtin/server.js';

export const DISTRIBUTION_BINARY = 'docker-registry';
/** Forces a backend: `builtin` or `docker-registry` (unset: docker-registry when on PATH). */
export const REGISTRY_BACKEND_ENV = 'AML_LOCAL_REGISTRY';
export const REGISTRY_BACKENDS = ['docker-registry', 'builtin'] as const;
export type RegistryBackend = (typeof REGISTRY_BACKENDS)[number];

export interface DistributionHandle {
  /** `http://127.0.0.1:<port>`: plain HTTP, no auth (the front adds both). */
  url: string;
  port: number;
  backend: RegistryBackend;
  /** The docker-registry process; the builtin backend runs in the plane's own process and has none. */
  child?: ChildProcess;
  stop(): Promise<void>;
}

export interface DistributionOptions {
  /** Where the registry keeps its config and blobs; survives restarts. */
  dir: string;
  /** 0 (default) lets the registry pick a free port. */
  port?: number;
  /** Overrides AML_LOCAL_REGISTRY and the PATH look-up. */
  backend?: RegistryBackend;
  /** A docker-registry binary; naming one chooses that backend unless `backend` or the env says otherwise. */
  binary?: string;
  startTimeoutMs?: number;
}

/** Which backend serves: the option, else the env, else docker-registry when it runs, else builtin. */
export function chooseBackend(
  options: Pick<DistributionOptions, 'backend' | 'binary'>,
  env: NodeJS.ProcessEnv = process.env,
): RegistryBackend {
  if (options.backend) return options.backend;
  const forced = env[REGISTRY_BACKEND_ENV]?.trim();
  if (forced) {
    if ((REGISTRY_BACKENDS as readonly string[]).includes(forced)) return forced as RegistryBackend;
    throw new RolloutError(
      'RegistryBackendInvalid',
      `${REGISTRY_BACKEND_ENV}='${forced}' names no registry backend`,
      { remediation: `set ${REGISTRY_BACKEND_ENV} to ${REGISTRY_BACKENDS.join(' or ')}, or unset it` },
    );
  }
  if (options.binary) return 'docker-registry';
  return hasDockerRegistry() ? 'docker-registry' : 'builtin';
}

let dockerRegistryFound: boolean | undefined;
function hasDockerRegistry(): boolean {
  dockerRegistryFound ??= spawnSync(DISTRIBUTION_BINARY, ['--version'], { stdio: 'ignore' }).status === 0;
  return dockerRegistryFound;
}

export async function startDistribution(options: DistributionOptions): Promise<DistributionHandle> {
  if (chooseBackend(options) === 'docker-registry') return startDockerRegistry(options);
  const reg = await startBuiltinRegistry({
    root: path.join(options.dir, 'builtin'),
    ...(options.port ? { port: options.port } : {}),
  });
  return { ...reg, backend: 'builtin' };
}

function startDockerRegistry(options: DistributionOptions): Promise<DistributionHandle> {
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
        backend: 'docker-registry',
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
