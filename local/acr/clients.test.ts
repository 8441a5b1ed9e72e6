// Docker-world clients sign in to the front the ACR way: `login --username 00000000-...
// --password-stdin` with an ACR refresh token (never in argv), trusting the plane's CA through
// `--cert-dir` (a folder holding it as ca.crt; TLS verification stays on), then push. skopeo
// copies an OCI layout made in the test; buildah pulls that layout into its own storage and pushes.
// On each backend behind the front: the builtin one always, docker-registry when installed.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePlaneTls, type PlaneTls } from '../certs.js';
import { writeOciLayout } from '../testing/oci-layout.js';
import { acrAccessToken } from '../testing/registry-http.js';
import type { RegistryBackend } from './distribution.js';
import { ACR_TOKEN_USER, type RegistryFront, startRegistryFront } from './front.js';

const has = (tool: string) => spawnSync(tool, ['--version']).status === 0;
const ready = has('skopeo');
const BACKENDS: RegistryBackend[] = has('docker-registry') ? ['builtin', 'docker-registry'] : ['builtin'];
const ENTRA = 'plane-token-for-cli-tests';

describe.runIf(ready).each(BACKENDS)('skopeo and buildah sign in the ACR way (%s)', (backend) => {
  // Lowercase: buildah names an image pulled from `oci:<dir>` after the path.
  const dir = path.join(tmpdir(), `acr-clients-${randomBytes(6).toString('hex')}`);
  const certDir = path.join(dir, 'certs');
  const layout = path.join(dir, 'layout');
  let tls: PlaneTls;
  let front: RegistryFront;
  let refreshToken: string;

  /**
   * Run a client (asynchronously: the front answers from this same process). The secret goes
   * through stdin only and must never come back in its output.
   */
  const run = (tool: string, args: string[], stdin?: string) =>
    new Promise<{ status: number | null; output: string }>((resolve, reject) => {
      for (const a of args) expect(a).not.toContain(refreshToken);
      const child = spawn(tool, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.once('error', reject);
      child.once('close', (status) => {
        expect(output).not.toContain(refreshToken);
        resolve({ status, output });
      });
      child.stdin.end(stdin ?? '');
    });

  beforeAll(async () => {
    mkdirSync(dir);
    tls = await ensurePlaneTls(dir);
    mkdirSync(certDir);
    writeFileSync(path.join(certDir, 'ca.crt'), tls.ca);
    front = await startRegistryFront({
      name: 'localplaneclients',
      dir: path.join(dir, 'registry'),
      tls,
      tenantId: 'tenant-1',
      entraToken: () => ENTRA,
      backend,
    });
    expect(front.backend).toBe(backend);
    refreshToken = (await acrAccessToken(front.loginServer, tls.ca, ENTRA, 'repository:x:pull')).refreshToken;
    writeOciLayout(layout, 'v1', { 'etc/hello.txt': 'hello from the test base\n' });
  });
  afterAll(async () => {
    await front?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('skopeo login --password-stdin, then skopeo copy pushes through the front', async () => {
    const authfile = path.join(dir, 'skopeo-auth.json');
    front.counters.reset();
    const login = await run(
      'skopeo',
      [
        'login',
        '--authfile',
        authfile,
        '--cert-dir',
        certDir,
        '--username',
        ACR_TOKEN_USER,
        '--password-stdin',
        front.loginServer,
      ],
      refreshToken,
    );
    expect(login.output).toContain('Login Succeeded');
    expect(login.status).toBe(0);
    const copy = await run('skopeo', [
      'copy',
      '--authfile',
      authfile,
      '--dest-cert-dir',
      certDir,
      `oci:${layout}:v1`,
      `docker://${front.loginServer}/skopeo/tiny:v1`,
    ]);
    expect(copy.status, copy.output).toBe(0);
    const c = front.counters.values();
    expect(c.tokenRequests).toBeGreaterThanOrEqual(2); // login's check, then the push's scoped token
    expect(c.requests.manifestPut).toBe(1);
    expect(c.requests.blobUploadStart + c.requests.blobMount).toBeGreaterThanOrEqual(2);
    expect(c.bytesReceived).toBeGreaterThan(0);
    const inspect = await run('skopeo', [
      'inspect',
      '--authfile',
      authfile,
      '--cert-dir',
      certDir,
      `docker://${front.loginServer}/skopeo/tiny:v1`,
    ]);
    expect(inspect.status, inspect.output).toBe(0);
    expect(JSON.parse(inspect.output.trim().split('\n\n')[0] ?? '{}')).toMatchObject({
      Architecture: 'amd64',
      Os: 'linux',
    });
    // And back out: every blob read through the front.
    const pulled = await run('skopeo', [
      'copy',
      '--authfile',
      authfile,
      '--src-cert-dir',
      certDir,
      `docker://${front.loginServer}/skopeo/tiny:v1`,
      `oci:${path.join(dir, 'pulled')}:v1`,
    ]);
    expect(pulled.status, pulled.output).toBe(0);
    expect(front.counters.values().requests.blobGet).toBeGreaterThanOrEqual(2);
  });

  it('skopeo login fails with a refresh token the registry no longer accepts', async () => {
    front.tokens.faults.expireRefreshTokens = true;
    try {
      const login = await run(
        'skopeo',
        [
          'login',
          '--authfile',
          path.join(dir, 'expired-auth.json'),
          '--cert-dir',
          certDir,
          '--username',
          ACR_TOKEN_USER,
          '--password-stdin',
          front.loginServer,
        ],
        refreshToken,
      );
      expect(login.status).not.toBe(0);
      // skopeo reports the token endpoint's 401 as bad credentials.
      expect(login.output).toMatch(/invalid username\/password|401|unauthorized/i);
    } finally {
      front.tokens.resetFaults();
    }
  });

  it.skipIf(!has('buildah'))('buildah login --password-stdin, then buildah push', async () => {
    const storage = path.join(dir, 'buildah');
    const common = [
      '--root',
      path.join(storage, 'root'),
      '--runroot',
      path.join(storage, 'runroot'),
      '--storage-driver',
      'vfs',
    ];
    const authfile = path.join(dir, 'buildah-auth.json');
    const pull = await run('buildah', [...common, 'pull', '--quiet', `oci:${layout}:v1`]);
    expect(pull.status, pull.output).toBe(0);
    const imageId = pull.output.trim().split('\n')[0] as string;
    const login = await run(
      'buildah',
      [
        ...common,
        'login',
        '--authfile',
        authfile,
        '--cert-dir',
        certDir,
        '--username',
        ACR_TOKEN_USER,
        '--password-stdin',
        front.loginServer,
      ],
      refreshToken,
    );
    expect(login.status, login.output).toBe(0);
    front.counters.reset();
    const push = await run('buildah', [
      ...common,
      'push',
      '--authfile',
      authfile,
      '--cert-dir',
      certDir,
      imageId,
      `docker://${front.loginServer}/buildah/tiny:v1`,
    ]);
    expect(push.status, push.output).toBe(0);
    expect(front.counters.values().requests.manifestPut).toBe(1);
    rmSync(storage, { recursive: true, force: true });
  });
});

describe.skipIf(ready)('skopeo and buildah sign in the ACR way', () => {
  it.skip('skipped: skopeo is not installed (.ci/run installs it)', () => undefined);
});
