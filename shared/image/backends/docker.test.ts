import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { SecretMasker } from '../../secrets.js';
import type { BuildContext, ImageBuild } from '../build.js';
import { buildxArgs, configForSignIn, dockerBuilder, dockerDaemon } from './docker.js';

const build: ImageBuild = {
  context: '/repo',
  dockerfile: '/repo/images/cpu.Dockerfile',
  ignoreFile: '/repo/.dockerignore',
  buildArgs: { BASE: 'node:20-bookworm-slim' },
  platform: 'linux/amd64',
  labels: { 'org.opencontainers.image.revision': 'abc' },
  target: 'run',
  refs: ['myacr.azurecr.io/detector:cpu-0123456789ab', 'myacr.azurecr.io/detector:v1'],
};

describe('docker buildx argv', () => {
  it('pushes one linux/amd64 image manifest: no provenance, no SBOM, digest in a metadata file', () => {
    expect(buildxArgs(build, '/tmp/m.json')).toEqual([
      'buildx',
      'build',
      '--push',
      '--platform',
      'linux/amd64',
      '--provenance=false',
      '--sbom=false',
      '--metadata-file',
      '/tmp/m.json',
      '--file',
      '/repo/images/cpu.Dockerfile',
      '--target',
      'run',
      '--build-arg',
      'BASE=node:20-bookworm-slim',
      '--label',
      'org.opencontainers.image.revision=abc',
      '--tag',
      'myacr.azurecr.io/detector:cpu-0123456789ab',
      '--tag',
      'myacr.azurecr.io/detector:v1',
      '/repo',
    ]);
  });
  it('adds provenance and SBOM attestations only when asked', () => {
    const args = buildxArgs({ ...build, attestations: true }, '/tmp/m.json');
    expect(args).toContain('--provenance=true');
    expect(args).toContain('--sbom=true');
  });

  it("keeps the user's settings and other sign-ins, drops the credential store and our hosts' entries", () => {
    expect(
      configForSignIn(
        {
          auths: { 'myacr.azurecr.io': { auth: 'b2xk' }, 'base.io': { auth: 'c2VjcmV0' } },
          credsStore: 'desktop',
          credHelpers: { 'myacr.azurecr.io': 'acr-env', 'gcr.io': 'gcloud' },
          currentContext: 'ci',
          aliases: { builder: 'buildx' },
        },
        ['myacr.azurecr.io'],
      ),
    ).toEqual({
      currentContext: 'ci',
      aliases: { builder: 'buildx' },
      auths: { 'base.io': { auth: 'c2VjcmV0' } },
      credHelpers: { 'gcr.io': 'gcloud' },
    });
  });
});

describe('docker backend', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-backend-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('with no daemon fails with one clear line', async () => {
    // No daemon at this address, whatever runs on the machine.
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///nonexistent/aml-rollout/docker.sock';
    onTestFinished(() => {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    });
    const daemon = await dockerDaemon();
    expect(daemon.ok).toBe(false);
    const error = await dockerBuilder()
      .buildAndPush(build, { log: () => undefined, mask: (t) => t, onSecret: () => undefined })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DockerDaemonUnavailable' });
    const line = (error as { toLine(): string }).toLine();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(
      /^DockerDaemonUnavailable: no Docker daemon answers \(.+\) \(start Docker on the runner/,
    );
  });

  it('signs in through stdin into a throwaway DOCKER_CONFIG and reads the digest from the metadata file', async () => {
    // A stand-in for the docker CLI (there is no daemon here): records argv, stdin and DOCKER_CONFIG.
    const record = path.join(dir, 'record');
    const fake = path.join(dir, 'docker');
    writeFileSync(
      fake,
      `#!/bin/sh
echo "ARGS $*" >> ${record}
echo "CONFIG $DOCKER_CONFIG $(cat "$DOCKER_CONFIG/config.json")" >> ${record}
case "$1" in
  info) echo 28.2.2 ;;
  login) pw=$(cat); echo "STDIN $pw" >> ${record}
         if [ "$pw" = refused-token-abc ]; then echo "Error response from daemon: unauthorized: authentication required" >&2; exit 1; fi
         echo "Login Succeeded" ;;
  buildx) while [ "$1" != "--metadata-file" ]; do shift; done
          echo '{"containerimage.digest":"sha256:${'c'.repeat(64)}"}' > "$2" ;;
esac
`,
    );
    chmodSync(fake, 0o755);
    const userConfig = path.join(dir, 'user');
    mkdirSync(path.join(userConfig, 'buildx'), { recursive: true });
    writeFileSync(
      path.join(userConfig, 'config.json'),
      JSON.stringify({
        auths: { 'myacr.azurecr.io': { auth: 'b2xk' } },
        credsStore: 'pass',
        currentContext: 'default',
      }),
    );
    const masker = new SecretMasker();
    const lines: string[] = [];
    const ctx: BuildContext = {
      log: (l) => lines.push(l),
      mask: (t) => masker.mask(t),
      onSecret: (v) => masker.add(v),
      signIn: {
        loginSecret: async () => ({
          username: '00000000-0000-0000-0000-000000000000',
          password: 'refresh-token-xyz',
        }),
      },
    };
    const pushed = await dockerBuilder({ binary: fake, userConfigDir: userConfig }).buildAndPush(build, ctx);
    expect(pushed).toEqual({ digest: `sha256:${'c'.repeat(64)}`, refs: build.refs, builder: 'docker' });
    const rec = readFileSync(record, 'utf8');
    expect(rec).toContain(
      'ARGS login --username 00000000-0000-0000-0000-000000000000 --password-stdin myacr.azurecr.io',
    );
    expect(rec).toContain('STDIN refresh-token-xyz');
    expect(rec.match(/^ARGS login/gm)).toHaveLength(1); // one login per registry host
    expect(rec).toMatch(/CONFIG \S+aml-rollout-docker-\S+ \{"currentContext":"default","auths":\{\}\}/);
    expect(
      rec
        .split('\n')
        .filter((l) => l.startsWith('ARGS'))
        .some((l) => l.includes('refresh-token-xyz')),
    ).toBe(false);
    expect(lines.join('\n')).not.toContain('refresh-token-xyz');

    // A refused sign-in: its own code, the registry's words, no password, no build.
    writeFileSync(record, '');
    const refused = await dockerBuilder({ binary: fake, userConfigDir: userConfig })
      .buildAndPush(build, {
        ...ctx,
        signIn: { loginSecret: async () => ({ username: 'u', password: 'refused-token-abc' }) },
      })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'RegistryAuthFailed',
      message: expect.stringMatching(/unauthorized: authentication required/),
      remediation: expect.stringMatching(/AcrPush/),
    });
    expect((refused as Error).message).not.toContain('refused-token-abc');
    expect(readFileSync(record, 'utf8')).not.toMatch(/ARGS buildx/);
  });
});
