// buildah for tests: storage in a temp folder per test file (tests never share images or locks),
// chroot isolation and vfs storage (all that works inside this container), and a base image made
// here with no pull: the host's node binary plus the shared libraries it and the scorer's native
// packages link against, which is what an image like node:20-bookworm-slim provides.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BuildahOptions } from '../../shared/image/backends/buildah.js';
import type { RegistrySignIn } from '../../shared/image/build.js';
import { runToolOrFail, type ToolResult } from '../../shared/image/tool.js';

export interface TestBuildah {
  dir: string;
  /** For buildahBuilder(). */
  options: BuildahOptions;
  /** Runs `buildah <global storage flags> ...args`; throws on a non-zero exit. */
  run(args: string[]): Promise<ToolResult>;
  /** The same argv, for a long-running child (`buildah run`). */
  argv(args: string[]): string[];
  remove(): Promise<void>;
}

export function testBuildah(): TestBuildah {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aml-rollout-buildah-test-'));
  const options: BuildahOptions = {
    root: path.join(dir, 'root'),
    runroot: path.join(dir, 'run'),
    storageDriver: 'vfs',
    isolation: 'chroot',
  };
  const globals = [
    '--root',
    options.root as string,
    '--runroot',
    options.runroot as string,
    '--storage-driver',
    'vfs',
  ];
  return {
    dir,
    options,
    argv: (args) => [...globals, ...args],
    run: (args) =>
      runToolOrFail({ command: 'buildah', args: [...globals, ...args], failCode: 'TestBuildah' }),
    async remove() {
      // vfs layers are plain folders; containers left mounted would keep a few busy.
      await runToolOrFail({ command: 'buildah', args: [...globals, 'rm', '--all'] }).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Shared libraries (`ldd`) of each binary, outside `repoRoot` (those travel in node_modules). */
function sharedLibraries(binaries: readonly string[], repoRoot: string): string[] {
  const libs = new Set<string>();
  for (const b of binaries) {
    const out = execFileSync('ldd', [b], { encoding: 'utf8' });
    for (const m of out.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)) {
      const lib = m[1] as string;
      if (!path.resolve(lib).startsWith(repoRoot + path.sep)) libs.add(lib);
    }
  }
  return [...libs].sort();
}

/** The .node and .so files of the scorer's native packages in this checkout. */
async function nativeBinaries(repoRoot: string): Promise<string[]> {
  const dirs = [
    'node_modules/onnxruntime-node/bin/napi-v6/linux/x64',
    'node_modules/@img/sharp-linux-x64/lib',
    'node_modules/@img/sharp-libvips-linux-x64/lib',
  ];
  const out: string[] = [];
  for (const d of dirs) {
    for (const f of await readdir(path.join(repoRoot, d))) {
      if (/\.(node|so)(\.|$)/.test(f)) out.push(path.join(repoRoot, d, f));
    }
  }
  return out;
}

/** Commits `name`: /usr/local/bin/node (as the node images have it), its libraries and the native
 * packages' libraries at their host paths, PATH set, /tmp writable. Nothing is pulled. */
export async function makeNodeBase(b: TestBuildah, repoRoot: string, name: string): Promise<string> {
  const ctr = (await b.run(['from', 'scratch'])).stdout.trim();
  const mount = (await b.run(['mount', ctr])).stdout.trim();
  await mkdir(path.join(mount, 'usr/local/bin'), { recursive: true });
  await copyFile(process.execPath, path.join(mount, 'usr/local/bin/node'));
  for (const lib of sharedLibraries([process.execPath, ...(await nativeBinaries(repoRoot))], repoRoot)) {
    await mkdir(path.join(mount, path.dirname(lib)), { recursive: true });
    await copyFile(lib, path.join(mount, lib)); // copyFile follows links: the real library lands
  }
  await mkdir(path.join(mount, 'tmp'), { recursive: true, mode: 0o1777 });
  await b.run(['umount', ctr]);
  await b.run([
    'config',
    '--env',
    'PATH=/usr/local/bin:/usr/bin:/bin',
    '--os',
    'linux',
    '--arch',
    'amd64',
    ctr,
  ]);
  await b.run(['commit', '--format', 'oci', ctr, name]);
  await b.run(['rm', ctr]);
  return name;
}

/**
 * Signs buildah in to a registry the ACR way (login --password-stdin into a throwaway authfile,
 * the CA through --cert-dir) and pushes a local image there. Async on purpose: the local plane's
 * registry front answers from the test's own process.
 */
export async function pushToRegistry(
  b: TestBuildah,
  signIn: { loginServer: string; ca: string; auth: RegistrySignIn },
  localImage: string,
  ref: string,
): Promise<void> {
  const { username, password } = await signIn.auth.loginSecret();
  const certDir = path.join(b.dir, 'registry-ca');
  await mkdir(certDir, { recursive: true });
  await writeFile(path.join(certDir, 'ca.crt'), signIn.ca);
  const authfile = path.join(b.dir, 'auth.json');
  await runToolOrFail({
    command: 'buildah',
    args: b.argv([
      'login',
      '--authfile',
      authfile,
      '--cert-dir',
      certDir,
      '--username',
      username,
      '--password-stdin',
      signIn.loginServer,
    ]),
    stdin: password,
  });
  await b.run(['push', '--authfile', authfile, '--cert-dir', certDir, localImage, `docker://${ref}`]);
}
