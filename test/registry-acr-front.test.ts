// shared/registry end to end against the plane's ACR front (local/acr/front.ts: HTTPS with the
// plane CA, ACR's exchange/token endpoints and challenges, docker-registry behind): acrAuth signs
// in with the plane's Entra token, the client pushes, model-layer layers a model, and the front's
// own counters say what was sent; the token faults give RegistryAuthFailed, and a re-exchange.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryFront, startRegistryFront } from '../local/acr/front.js';
import { ensurePlaneTls } from '../local/certs.js';
import { pushModelLayer } from '../shared/image/model-layer.js';
import { acrAuth } from '../shared/registry/acr-auth.js';
import { blobFromBytes, RegistryClient } from '../shared/registry/client.js';
import { sha256Digest } from '../shared/registry/digest.js';
import { type ImageManifest, MEDIA_TYPES } from '../shared/registry/manifest.js';
import { SecretMasker } from '../shared/secrets.js';

const ENTRA = 'plane-entra-token-for-registry-e2e';
const dir = mkdtempSync(path.join(tmpdir(), 'acr-front-e2e-'));
let front: RegistryFront;
let ca: string;
const credential: TokenCredential = {
  getToken: async () => ({ token: ENTRA, expiresOnTimestamp: Date.now() + 3600_000 }),
};

function signedIn() {
  const masker = new SecretMasker();
  const auth = acrAuth(front.loginServer, credential, {
    onSecret: (v) => masker.add(v),
    ca,
    tenant: 'tenant-1',
    mask: (t) => masker.mask(t),
  });
  const client = new RegistryClient({
    url: `https://${front.loginServer}`,
    auth,
    ca,
    mask: (t) => masker.mask(t),
  });
  return { auth, client, masker };
}

beforeAll(async () => {
  const tls = await ensurePlaneTls(dir);
  ca = tls.ca;
  front = await startRegistryFront({
    name: 'localplanee2e',
    dir: path.join(dir, 'registry'),
    tls,
    tenantId: 'tenant-1',
    entraToken: () => ENTRA,
  });
});

afterAll(async () => {
  await front?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('shared/registry through the ACR front', () => {
  let baseDigest: string;

  it('signs in the ACR way and pushes a base image', async () => {
    const { client, auth } = signedIn();
    await client.ping();
    const layer = randomBytes(200_000);
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [sha256Digest(layer)] },
      }),
    );
    await client.uploadBlob('base', blobFromBytes(layer));
    await client.uploadBlob('base', blobFromBytes(config));
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, digest: sha256Digest(config), size: config.length },
      layers: [{ mediaType: MEDIA_TYPES.ociLayerGzip, digest: sha256Digest(layer), size: layer.length }],
    };
    baseDigest = await client.putManifest(
      'base',
      'v1',
      Buffer.from(JSON.stringify(manifest)),
      MEDIA_TYPES.ociManifest,
    );
    expect(await front.hasManifest('base', baseDigest)).toBe(true);
    expect(front.counters.values().tokenExchanges).toBe(1);
    expect((await auth.loginSecret()).username).toBe('00000000-0000-0000-0000-000000000000');
  });

  it('model-layer into another repository: mounts the base, one layer + config + manifest, bytes ~ the layer', async () => {
    const model = path.join(dir, 'model');
    mkdirSync(model);
    writeFileSync(path.join(model, 'model.onnx'), randomBytes(1_000_000));
    const { client } = signedIn();
    front.counters.reset();
    const res = await pushModelLayer({
      client,
      base: `${front.loginServer}/base@${baseDigest}`,
      refs: [`${front.loginServer}/infer:cpu-1`],
      model,
      modelDir: '/var/azureml-app/model',
      workDir: dir,
    });
    const c = front.counters.values();
    expect(c.requests).toMatchObject({
      blobMount: 1,
      blobUploadStart: 2,
      blobUploadPut: 2,
      blobUploadPatch: 0,
      manifestPut: 1,
    });
    expect(c.blobMountsHonoured).toBe(1);
    expect(c.bytesReceived).toBeLessThanOrEqual(1.05 * res.layer.size);
    expect(await front.hasManifest('infer', res.digest)).toBe(true);

    front.counters.reset();
    const again = await pushModelLayer({
      client,
      base: `${front.loginServer}/base@${baseDigest}`,
      refs: [`${front.loginServer}/infer:cpu-1`],
      model,
      modelDir: '/var/azureml-app/model',
      workDir: dir,
    });
    expect(again.digest).toBe(res.digest);
    const c2 = front.counters.values();
    expect(c2.requests).toMatchObject({ blobUploadStart: 0, blobUploadPut: 0, blobMount: 0, manifestPut: 0 });
    expect(c2.bytesReceived).toBe(0);
  });

  it('re-exchanges once when the refresh token expired, and fails clearly when tokens are refused', async () => {
    const { client, masker } = signedIn();
    await client.ping();
    front.tokens.expireIssuedRefreshTokens();
    front.counters.reset();
    expect(await client.tagExists('base', 'v1')).toBe(true);
    expect(front.counters.values().tokenExchanges).toBe(1);

    const fresh = signedIn();
    front.tokens.faults.refuseTokens = true;
    try {
      const e = await fresh.client.tagExists('base', 'v1').catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'RegistryAuthFailed', remediation: expect.stringMatching(/AcrPush/) });
      expect(masker.mask(String((e as Error).message))).toBe(String((e as Error).message));
    } finally {
      front.tokens.resetFaults();
    }
  });
});
