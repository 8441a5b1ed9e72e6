// The daemonless backend: `buildah bud` then `buildah push --digestfile` per ref. Inside a container
// (most self-hosted and ADO agents) only chroot isolation and vfs storage work; elsewhere the
// user's own buildah configuration stands unless an option says otherwise.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RolloutError } from '../../errors.js';
import {
  type BuildContext,
  checkDigest,
  LOGIN_FAILURE,
  type ImageBuild,
  type ImageBuilder,
  type PushedImage,
} from '../build.js';
import { registryHost } from '../../registry/reference.js';
import { runToolOrFail } from '../tool.js';

const BUILD_FAILURE = { failCode: 'BuildFailed', remediation: 'read the buildah output above' };

export interface BuildahOptions {
  binary?: string;
  /** `chroot` | `oci` | `rootless`; detected when absent. */
  isolation?: string;
  /** `vfs` | `overlay`; detected when absent. */
  storageDriver?: string;
  /** Storage folders (a test keeps its images apart from everyone else's). */
  root?: string;
  runroot?: string;
}

export interface HostFacts {
  /** /.dockerenv or /run/.containerenv exists: no nested namespaces, no overlay on overlay. */
  inContainer: boolean;
}

export interface BuildahMode {
  isolation: string | undefined;
  storageDriver: string | undefined;
}

/** Explicit options win; inside a container chroot + vfs, the only pair that works there. */
export function buildahMode(
  facts: HostFacts,
  options: Pick<BuildahOptions, 'isolation' | 'storageDriver'>,
): BuildahMode {
  return {
    isolation: options.isolation ?? (facts.inContainer ? 'chroot' : undefined),
    storageDriver: options.storageDriver ?? (facts.inContainer ? 'vfs' : undefined),
  };
}

export function hostFacts(): HostFacts {
  return { inContainer: existsSync('/.dockerenv') || existsSync('/run/.containerenv') };
}

/** Global flags (storage) that go before the buildah subcommand. */
export function buildahGlobals(options: BuildahOptions, mode: BuildahMode): string[] {
  return [
    ...(options.root ? ['--root', options.root] : []),
    ...(options.runroot ? ['--runroot', options.runroot] : []),
    ...(mode.storageDriver ? ['--storage-driver', mode.storageDriver] : []),
  ];
}

/** `registry` holds what pulling a base needs: a private base may live in the same registry (or
 * one the user signed in to), behind the same CA. */
export function budArgs(
  build: ImageBuild,
  mode: BuildahMode,
  registry: { authfile?: string; tls?: readonly string[] } = {},
): string[] {
  return [
    'bud',
    ...(registry.authfile ? ['--authfile', registry.authfile] : []),
    ...(registry.tls ?? []),
    '--platform',
    build.platform,
    '--format',
    build.format ?? 'oci',
    ...(mode.isolation ? ['--isolation', mode.isolation] : []),
    '--file',
    build.dockerfile,
    ...(build.ignoreFile ? ['--ignorefile', build.ignoreFile] : []),
    ...(build.target ? ['--target', build.target] : []),
    ...Object.entries(build.buildArgs).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
    ...Object.entries(build.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
    ...build.refs.flatMap((r) => ['--tag', r]),
    build.context,
  ];
}

/** Where buildah finds the user's own sign-ins (containers-auth.json(5)): the first that exists. */
export function userAuthFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return [
    env.REGISTRY_AUTH_FILE,
    env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json') : undefined,
    path.join(os.homedir(), '.config', 'containers', 'auth.json'),
    path.join(env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json'),
  ].find((f): f is string => !!f && existsSync(f));
}

/** The throwaway authfile's start: the user's sign-ins to other registries (a private base), none
 * for the hosts we sign in to, so our login is the one used and never lands in their file. */
export function seedAuths(user: unknown, hosts: readonly string[]): { auths: Record<string, unknown> } {
  const auths = (user as { auths?: unknown } | null)?.auths;
  if (!auths || typeof auths !== 'object') return { auths: {} };
  // Entries kept in a credential store are empty here (`{}`) and would read as no credentials.
  const usable = ([h, v]: [string, unknown]) =>
    !hosts.includes(h) && !!(v as { auth?: unknown } | null)?.auth;
  return { auths: Object.fromEntries(Object.entries(auths).filter(usable)) };
}

async function readJson(file: string | undefined): Promise<unknown> {
  if (!file) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined; // unreadable or not JSON: start without the user's sign-ins
  }
}

function tlsArgs(ctx: BuildContext): string[] {
  return [
    ...(ctx.tlsVerify === false ? ['--tls-verify=false'] : []),
    ...(ctx.certDir ? ['--cert-dir', ctx.certDir] : []),
  ];
}

export function buildahBuilder(options: BuildahOptions = {}): ImageBuilder {
  const binary = options.binary ?? 'buildah';
  return {
    name: 'buildah',
    async buildAndPush(build: ImageBuild, ctx: BuildContext): Promise<PushedImage> {
      if (build.refs.length === 0) throw new RolloutError('BuilderFailed', 'no image reference to push to');
      const mode = buildahMode(hostFacts(), options);
      const globals = buildahGlobals(options, mode);
      const run = (
        args: string[],
        stdin?: string,
        failure: { failCode: string; remediation: string } = BUILD_FAILURE,
      ) =>
        runToolOrFail({
          command: binary,
          args: [...globals, ...args],
          ...(stdin === undefined ? {} : { stdin }),
          log: ctx.log,
          mask: ctx.mask,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
          ...failure,
        });
      // The sign-in lives in a throwaway authfile, never in the user's own.
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'aml-rollout-buildah-'));
      try {
        const authfile = path.join(tmp, 'auth.json');
        const hosts = [...new Set(build.refs.map(registryHost))];
        const seed = seedAuths(await readJson(userAuthFile()), ctx.signIn ? hosts : []);
        await writeFile(authfile, JSON.stringify(seed), { mode: 0o600 });
        if (ctx.signIn) {
          const { username, password } = await ctx.signIn.loginSecret();
          ctx.onSecret(password);
          for (const host of hosts) {
            await run(
              [
                'login',
                '--authfile',
                authfile,
                ...tlsArgs(ctx),
                '--username',
                username,
                '--password-stdin',
                host,
              ],
              password,
              LOGIN_FAILURE,
            );
          }
        }
        await run(budArgs(build, mode, { authfile, tls: tlsArgs(ctx) }));
        let digest: string | undefined;
        for (const [i, ref] of build.refs.entries()) {
          const digestfile = path.join(tmp, `digest-${i}`);
          await run([
            'push',
            '--authfile',
            authfile,
            ...tlsArgs(ctx),
            '--format',
            build.format === 'docker' ? 'v2s2' : 'oci',
            '--digestfile',
            digestfile,
            ref,
            `docker://${ref}`,
          ]);
          const pushed = checkDigest(await readFile(digestfile, 'utf8'), 'buildah push');
          if (digest !== undefined && pushed !== digest) {
            throw new RolloutError(
              'BuildFailed',
              `buildah pushed ${ref} as ${pushed}, other tags as ${digest}`,
            );
          }
          digest = pushed;
        }
        return { digest: digest as string, refs: build.refs, builder: 'buildah' };
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    },
  };
}
