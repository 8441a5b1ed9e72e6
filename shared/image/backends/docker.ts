// The Docker backend: `docker buildx build --push`, single platform, provenance and SBOM
// attestations off (buildx >= 0.10 adds them as an image index, which ACR-backed consumers such as
// AML could not pull: docker/build-push-action#755, #778), the digest read from --metadata-file.
// The sign-in goes into a throwaway DOCKER_CONFIG that keeps the user's buildx builders, CLI
// plugins and other registries' sign-ins, but never writes our token into their config or keychain.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
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
import { runTool, runToolOrFail } from '../tool.js';

const BUILD_FAILURE = { failCode: 'BuildFailed', remediation: 'read the docker output above' };

export interface DockerOptions {
  binary?: string;
  /** The user's docker config folder (DOCKER_CONFIG, else ~/.docker): builders and plugins. */
  userConfigDir?: string;
}

/** The argv after `docker` for the build; pure, so a unit test pins it. */
export function buildxArgs(build: ImageBuild, metadataFile: string): string[] {
  return [
    'buildx',
    'build',
    '--push',
    '--platform',
    build.platform,
    // Attestations turn the push into an index (buildx >= 0.10), which ACR-backed consumers refused.
    `--provenance=${build.attestations === true}`,
    `--sbom=${build.attestations === true}`,
    '--metadata-file',
    metadataFile,
    '--file',
    build.dockerfile,
    ...(build.target ? ['--target', build.target] : []),
    ...Object.entries(build.buildArgs).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
    ...Object.entries(build.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
    ...build.refs.flatMap((r) => ['--tag', r]),
    build.context,
  ];
}

/** The user's config.json for our sign-in: their settings (current context, aliases such as a
 * buildx default builder) and sign-ins to other registries (private bases) stay; the credential
 * store goes, so our token lands in the throwaway file and never in their keychain; entries for
 * the hosts we sign in to go, so the new login is the one used. */
export function configForSignIn(
  userConfig: Record<string, unknown>,
  hosts: readonly string[],
): Record<string, unknown> {
  const { credsStore: _store, auths, credHelpers, ...rest } = userConfig;
  const without = (o: unknown) =>
    o && typeof o === 'object'
      ? Object.fromEntries(Object.entries(o).filter(([h]) => !hosts.includes(h)))
      : undefined;
  const keptAuths = without(auths);
  const keptHelpers = without(credHelpers);
  return {
    ...rest,
    ...(keptAuths ? { auths: keptAuths } : {}),
    ...(keptHelpers ? { credHelpers: keptHelpers } : {}),
  };
}

export function userDockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
}

async function throwawayConfig(userDir: string, into: string, hosts: readonly string[]): Promise<void> {
  let user: Record<string, unknown> = {};
  try {
    user = JSON.parse(readFileSync(path.join(userDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    // No user config: an empty one is what docker would use.
  }
  await writeFile(path.join(into, 'config.json'), JSON.stringify(configForSignIn(user, hosts)), {
    mode: 0o600,
  });
  // buildx keeps its builder instances and docker its contexts and plugins under the config folder.
  for (const sub of ['buildx', 'cli-plugins', 'contexts']) {
    if (existsSync(path.join(userDir, sub))) await symlink(path.join(userDir, sub), path.join(into, sub));
  }
}

/** Whether a Docker daemon answers; the first line of docker's complaint when not. */
export async function dockerDaemon(
  binary = 'docker',
  signal?: AbortSignal,
): Promise<{ ok: boolean; why: string }> {
  try {
    const r = await runTool({
      command: binary,
      args: ['info', '--format', '{{.ServerVersion}}'],
      ...(signal ? { signal } : {}),
    });
    if (r.code === 0 && r.stdout.trim()) return { ok: true, why: '' };
    const line = (
      r.stderr.split(/\r?\n/).find((l) => l.trim()) ?? `docker info exited with ${r.code}`
    ).trim();
    return { ok: false, why: line };
  } catch (e) {
    return { ok: false, why: (e as Error).message };
  }
}

export function dockerBuilder(options: DockerOptions = {}): ImageBuilder {
  const binary = options.binary ?? 'docker';
  return {
    name: 'docker',
    async buildAndPush(build: ImageBuild, ctx: BuildContext): Promise<PushedImage> {
      const daemon = await dockerDaemon(binary, ctx.signal);
      if (!daemon.ok) {
        throw new RolloutError('DockerDaemonUnavailable', `no Docker daemon answers (${daemon.why})`, {
          resource: binary,
          remediation: "start Docker on the runner, or set builder to 'buildah' (daemonless) or 'auto'",
        });
      }
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'aml-rollout-docker-'));
      try {
        const hosts = [...new Set(build.refs.map(registryHost))];
        await throwawayConfig(options.userConfigDir ?? userDockerConfigDir(), tmp, ctx.signIn ? hosts : []);
        // DOCKER_CONFIG names a folder, not a secret; the password only ever goes through stdin.
        const run = (
          args: string[],
          stdin?: string,
          failure: { failCode: string; remediation: string } = BUILD_FAILURE,
        ) =>
          runToolOrFail({
            command: binary,
            args,
            env: { DOCKER_CONFIG: tmp },
            ...(stdin === undefined ? {} : { stdin }),
            log: ctx.log,
            mask: ctx.mask,
            ...(ctx.signal ? { signal: ctx.signal } : {}),
            ...failure,
          });
        if (ctx.signIn) {
          const { username, password } = await ctx.signIn.loginSecret();
          ctx.onSecret(password);
          for (const host of hosts) {
            await run(['login', '--username', username, '--password-stdin', host], password, LOGIN_FAILURE);
          }
        }
        const metadataFile = path.join(tmp, 'metadata.json');
        await run(buildxArgs(build, metadataFile));
        const metadata = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>;
        const digest = checkDigest(String(metadata['containerimage.digest'] ?? ''), 'docker buildx');
        return { digest, refs: build.refs, builder: 'docker' };
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    },
  };
}
