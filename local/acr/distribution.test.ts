import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DistributionHandle, startDistribution } from './distribution.js';

describe('docker-registry child process', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'distribution-'));
  let reg: DistributionHandle | undefined;
  afterAll(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts on a free loopback port and answers the distribution API', async () => {
    reg = await startDistribution({ dir });
    const res = await fetch(`${reg.url}/v2/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  it('says which package to install when the binary is missing', async () => {
    await expect(startDistribution({ dir, binary: 'no-such-registry-binary' })).rejects.toMatchObject({
      code: 'RegistryStartFailed',
      remediation: expect.stringMatching(/apt-get install docker-registry/),
    });
  });
});
