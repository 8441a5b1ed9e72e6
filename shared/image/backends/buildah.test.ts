import { describe, expect, it } from 'vitest';
import type { ImageBuild } from '../build.js';
import { budArgs, buildahGlobals, buildahMode, seedAuths } from './buildah.js';

const build: ImageBuild = {
  context: '/repo',
  dockerfile: '/repo/images/gpu.Dockerfile',
  ignoreFile: '/repo/.dockerignore',
  buildArgs: { BASE: 'cuda:12' },
  platform: 'linux/amd64',
  labels: { 'org.opencontainers.image.source': 'https://github.com/o/r' },
  refs: ['r.io/d:gpu-1', 'r.io/d:v1'],
};

describe('buildah argv', () => {
  it('inside a container uses chroot isolation and vfs storage; options and the host config win otherwise', () => {
    expect(buildahMode({ inContainer: true }, {})).toEqual({ isolation: 'chroot', storageDriver: 'vfs' });
    expect(buildahMode({ inContainer: false }, {})).toEqual({
      isolation: undefined,
      storageDriver: undefined,
    });
    expect(buildahMode({ inContainer: true }, { isolation: 'oci', storageDriver: 'overlay' })).toEqual({
      isolation: 'oci',
      storageDriver: 'overlay',
    });
  });

  it('builds one platform, OCI format by default, with the ignore file the source hash followed', () => {
    const mode = { isolation: 'chroot', storageDriver: 'vfs' };
    expect(buildahGlobals({ root: '/s', runroot: '/r' }, mode)).toEqual([
      '--root',
      '/s',
      '--runroot',
      '/r',
      '--storage-driver',
      'vfs',
    ]);
    expect(budArgs(build, mode, { authfile: '/tmp/a/auth.json', tls: ['--cert-dir', '/ca'] })).toEqual([
      'bud',
      '--authfile',
      '/tmp/a/auth.json',
      '--cert-dir',
      '/ca',
      '--platform',
      'linux/amd64',
      '--format',
      'oci',
      '--isolation',
      'chroot',
      '--file',
      '/repo/images/gpu.Dockerfile',
      '--ignorefile',
      '/repo/.dockerignore',
      '--build-arg',
      'BASE=cuda:12',
      '--label',
      'org.opencontainers.image.source=https://github.com/o/r',
      '--tag',
      'r.io/d:gpu-1',
      '--tag',
      'r.io/d:v1',
      '/repo',
    ]);
    expect(
      budArgs({ ...build, format: 'docker' }, { isolation: undefined, storageDriver: undefined }),
    ).toContain('docker');
  });

  it("starts the throwaway authfile from the user's other sign-ins, never their entry for our registry", () => {
    expect(
      seedAuths(
        {
          auths: { 'r.io': { auth: 'b2xk' }, 'base.io': { auth: 'eA==' }, 'kept.io': {} },
          credsStore: 'pass',
        },
        ['r.io'],
      ),
    ).toEqual({
      auths: { 'base.io': { auth: 'eA==' } },
    });
    expect(seedAuths(undefined, ['r.io'])).toEqual({ auths: {} });
  });
});
