// Native packages (onnxruntime-node, sharp) cannot travel inside an ncc bundle: their .node
// binaries and shared libraries must sit in a real node_modules. Inside this repository they
// resolve from ours. A bundle copied elsewhere (a GitHub action checkout runs dist/ as is, an Azure
// DevOps task folder holds only index.js) installs the pinned versions once into the runner's tool
// cache and loads them from there on every later run.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { RolloutError } from '../errors.js';
import type { NativePackage } from './packages.js';

/** The runner's persistent tool cache, as each host names it. */
export function toolCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.AML_ROLLOUT_TOOL_CACHE ||
    env.RUNNER_TOOL_CACHE ||
    env.AGENT_TOOLSDIRECTORY ||
    path.join(os.homedir(), '.cache', 'aml-rollout')
  );
}

export function nativeCacheDir(pkg: NativePackage, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(
    toolCacheRoot(env),
    'aml-rollout-native',
    `${pkg.name}-${pkg.version}`,
    `${process.platform}-${process.arch}`,
  );
}

function isNotFound(e: unknown): boolean {
  const code = (e as { code?: string } | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * Loads a native package: from the surrounding node_modules when there is one, else from the tool
 * cache, installing it there first if needed. `log` hears about installs (they take a while).
 */
export async function importNative<T>(
  pkg: NativePackage,
  importer: () => Promise<T>,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<T> {
  try {
    return await importer();
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  const dir = nativeCacheDir(pkg);
  if (!existsSync(path.join(dir, 'node_modules', pkg.name, 'package.json'))) {
    log(`installing ${pkg.name}@${pkg.version} into the tool cache (${dir}); later runs reuse it`);
    await installInto(pkg, dir);
  }
  return createRequire(path.join(dir, 'package.json'))(pkg.name) as T;
}

async function installInto(pkg: NativePackage, dir: string): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true });
  // Install beside the target and rename into place, so a parallel job never sees half a package.
  const staging = await mkdtemp(`${dir}.staging-`);
  try {
    await writeFile(
      path.join(staging, 'package.json'),
      JSON.stringify({ private: true, dependencies: { [pkg.name]: pkg.version } }),
    );
    await npm(
      ['install', '--no-audit', '--no-fund', '--no-package-lock', '--omit=dev', '--loglevel=error'],
      staging,
    );
    try {
      await rename(staging, dir);
    } catch (e) {
      // Another job installed the same version first; theirs is as good as ours.
      if (!existsSync(path.join(dir, 'node_modules', pkg.name))) throw e;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function npm(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      // onnxruntime-node's install script would fetch CUDA binaries; the CPU ones ship in the package.
      env: { ...process.env, npm_config_onnxruntime_node_install: 'skip' },
      shell: process.platform === 'win32',
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', (e) =>
      reject(new RolloutError('NativeInstallFailed', `could not run npm: ${e.message}`)),
    );
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new RolloutError(
              'NativeInstallFailed',
              `npm install failed (exit ${code}): ${stderr.trim().slice(-500)}`,
              {
                remediation:
                  'check that the runner reaches the npm registry, or preinstall the package into the tool cache',
              },
            ),
          ),
    );
  });
}
