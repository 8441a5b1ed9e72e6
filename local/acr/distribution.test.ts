// The distribution server behind a registry, bare (plain HTTP on loopback), for each backend: the
// plane's builtin one always, Debian's docker-registry when it is installed. The same requests get
// the same answers from both: push (monolithic, chunked, mounted), pull, HEAD, tags, the refusals
// (digest mismatch, a manifest whose blobs are missing), and a restart that keeps content and an
// upload in progress. Plus how the backend is chosen.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobFromBytes, RegistryClient } from '../../shared/registry/client.js';
import { sha256Digest } from '../../shared/registry/digest.js';
import { MEDIA_TYPES } from '../../shared/registry/manifest.js';
import {
  chooseBackend,
  type DistributionHandle,
  type RegistryBackend,
  startDistribution,
} from './distribution.js';

const hasRegistry = spawnSync('docker-registry', ['--version']).status === 0;
const BACKENDS: RegistryBackend[] = hasRegistry ? ['builtin', 'docker-registry'] : ['builtin'];

interface Answer {
  status: number;
  headers: Headers;
  body: Buffer;
  code?: string;
}

describe.each(BACKENDS)('OCI distribution API (%s)', (backend) => {
  const dir = mkdtempSync(path.join(tmpdir(), `distribution-${backend}-`));
  let reg: DistributionHandle;
  beforeAll(async () => {
    reg = await startDistribution({ dir, backend });
  });
  afterAll(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (
    method: string,
    p: string,
    o: { body?: Buffer | string; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const url = /^https?:/.test(p) ? p : `${reg.url}${p}`;
    const res = await fetch(url, {
      method,
      headers: o.headers ?? {},
      ...(o.body === undefined ? {} : { body: o.body }),
    });
    const body = Buffer.from(await res.arrayBuffer());
    let code: string | undefined;
    if (res.status >= 400 && body.length > 0) {
      code = (JSON.parse(body.toString()) as { errors: Array<{ code: string }> }).errors[0]?.code;
    }
    return { status: res.status, headers: res.headers, body, ...(code ? { code } : {}) };
  };
  /** A session URL on this registry (docker-registry's Location is absolute, with its `_state`). */
  const session = (location: string | null) => {
    const u = new URL(location ?? '', reg.url);
    return `${reg.url}${u.pathname}${u.search}`;
  };
  const withDigest = (url: string, digest: string) => {
    const u = new URL(url);
    u.searchParams.set('digest', digest);
    return u.toString();
  };
  const push = async (repo: string, data: Buffer): Promise<string> => {
    const start = await call('POST', `/v2/${repo}/blobs/uploads/`);
    expect(start.status).toBe(202);
    const digest = sha256Digest(data);
    const put = await call('PUT', withDigest(session(start.headers.get('location')), digest), { body: data });
    expect(put.status).toBe(201);
    return digest;
  };
  const imageManifest = (config: string, layers: Array<{ digest: string; size: number }>) =>
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config: { mediaType: MEDIA_TYPES.ociConfig, digest: config, size: 2 },
        layers: layers.map((l) => ({ mediaType: MEDIA_TYPES.ociLayer, ...l })),
      }),
    );
  const putManifest = (repo: string, ref: string, body: Buffer, type: string = MEDIA_TYPES.ociManifest) =>
    call('PUT', `/v2/${repo}/manifests/${ref}`, { body, headers: { 'content-type': type } });

  it('answers GET /v2/ with the API version header', async () => {
    const res = await call('GET', '/v2/');
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
    expect(reg.backend).toBe(backend);
    expect(reg.child === undefined).toBe(backend === 'builtin');
  });

  it('takes a blob monolithically (POST, one PUT) and serves it with HEAD and GET', async () => {
    const data = randomBytes(300_000);
    const digest = await push('mono/app', data);
    const head = await call('HEAD', `/v2/mono/app/blobs/${digest}`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(data.length));
    expect(head.headers.get('docker-content-digest')).toBe(digest);
    const get = await call('GET', `/v2/mono/app/blobs/${digest}`);
    expect(get.body.equals(data)).toBe(true);
    // Another repository may not read it until it is mounted or pushed there.
    expect((await call('HEAD', `/v2/other/blobs/${digest}`)).status).toBe(404);
    expect((await call('GET', `/v2/other/blobs/${digest}`)).code).toBe('BLOB_UNKNOWN');
  });

  it.runIf(backend === 'builtin')('takes a blob in one POST ?digest= (201)', async () => {
    const data = Buffer.from('one request');
    const digest = sha256Digest(data);
    const res = await call('POST', `/v2/single/blobs/uploads/?digest=${digest}`, { body: data });
    expect(res.status).toBe(201);
    expect(res.headers.get('docker-content-digest')).toBe(digest);
    expect((await call('GET', `/v2/single/blobs/${digest}`)).body.toString()).toBe('one request');
  });

  it('takes a blob in chunks: PATCH answers Range and the session, GET tells the state, PUT ends it', async () => {
    const a = randomBytes(70_000);
    const b = randomBytes(30_000);
    const start = await call('POST', '/v2/chunked/blobs/uploads/');
    expect(start.status).toBe(202);
    expect(start.headers.get('range')).toBe('0-0');
    const uuid = start.headers.get('docker-upload-uuid');
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(start.headers.get('location')).toContain(`/v2/chunked/blobs/uploads/${uuid}`);
    const p1 = await call('PATCH', session(start.headers.get('location')), {
      body: a,
      headers: { 'content-type': 'application/octet-stream', 'content-range': `0-${a.length - 1}` },
    });
    expect(p1.status).toBe(202);
    expect(p1.headers.get('range')).toBe(`0-${a.length - 1}`);
    const state = await call('GET', session(p1.headers.get('location')));
    expect(state.status).toBe(204);
    expect(state.headers.get('range')).toBe(`0-${a.length - 1}`);
    // A chunk that does not start where the upload ends is refused (the OCI spec's 416; distribution
    // 2.8 ignores Content-Range on PATCH).
    if (backend === 'builtin') {
      const gap = await call('PATCH', session(p1.headers.get('location')), {
        body: b,
        headers: { 'content-range': `${a.length + 5}-${a.length + 4 + b.length}` },
      });
      expect(gap.status).toBe(416);
    }
    const p2 = await call('PATCH', session(p1.headers.get('location')), {
      body: b,
      headers: { 'content-range': `${a.length}-${a.length + b.length - 1}` },
    });
    expect(p2.headers.get('range')).toBe(`0-${a.length + b.length - 1}`);
    const digest = sha256Digest(Buffer.concat([a, b]));
    const put = await call('PUT', withDigest(session(p2.headers.get('location')), digest));
    expect(put.status).toBe(201);
    expect(put.headers.get('docker-content-digest')).toBe(digest);
    expect(put.headers.get('location')).toMatch(new RegExp(`/v2/chunked/blobs/${digest}$`));
    const get = await call('GET', `/v2/chunked/blobs/${digest}`);
    expect(get.body.equals(Buffer.concat([a, b]))).toBe(true);
  });

  it('refuses bytes that do not hash to the digest, and keeps none of them', async () => {
    const start = await call('POST', '/v2/bad/blobs/uploads/');
    const claimed = sha256Digest('what was promised');
    const put = await call('PUT', withDigest(session(start.headers.get('location')), claimed), {
      body: 'what was sent',
    });
    expect(put.status).toBe(400);
    expect(put.code).toBe('DIGEST_INVALID');
    expect((await call('HEAD', `/v2/bad/blobs/${claimed}`)).status).toBe(404);
  });

  it('mounts a blob from a repository that holds it (201), else opens an upload (202)', async () => {
    const digest = await push('mount/src', randomBytes(1000));
    const ok = await call('POST', `/v2/mount/dst/blobs/uploads/?mount=${digest}&from=mount/src`);
    expect(ok.status).toBe(201);
    expect(ok.headers.get('docker-content-digest')).toBe(digest);
    expect((await call('HEAD', `/v2/mount/dst/blobs/${digest}`)).status).toBe(200);
    const no = await call('POST', `/v2/mount/dst2/blobs/uploads/?mount=${digest}&from=nothing/here`);
    expect(no.status).toBe(202);
    expect(no.headers.get('docker-upload-uuid')).toBeTruthy();
    const cancelled = await call('DELETE', session(no.headers.get('location')));
    expect(cancelled.status).toBe(204);
    const gone = await call('GET', session(no.headers.get('location')));
    expect(gone.status).toBe(404);
    expect(gone.code).toMatch(/^BLOB_UPLOAD_(UNKNOWN|INVALID)$/);
  });

  it('stores manifests as their exact bytes, by tag and digest, and lists tags', async () => {
    const config = await push('img', Buffer.from('{}'));
    const layer = randomBytes(5000);
    const layerDigest = await push('img', layer);
    // Spacing a re-serialisation would lose: the digest is of these bytes.
    const body = Buffer.from(
      `${imageManifest(config, [{ digest: layerDigest, size: layer.length }]).toString()}\n  `,
    );
    const digest = sha256Digest(body);
    const put = await putManifest('img', 'v2', body);
    expect(put.status).toBe(201);
    expect(put.headers.get('docker-content-digest')).toBe(digest);
    expect(put.headers.get('location')).toMatch(new RegExp(`/v2/img/manifests/${digest}$`));
    expect((await putManifest('img', 'v1', body)).status).toBe(201);
    const accept = { accept: `${MEDIA_TYPES.ociManifest}, ${MEDIA_TYPES.dockerManifest}` };
    for (const ref of ['v1', digest]) {
      const get = await call('GET', `/v2/img/manifests/${ref}`, { headers: accept });
      expect(get.status).toBe(200);
      expect(get.body.equals(body)).toBe(true);
      expect(get.headers.get('content-type')).toBe(MEDIA_TYPES.ociManifest);
      expect(get.headers.get('docker-content-digest')).toBe(digest);
    }
    const head = await call('HEAD', '/v2/img/manifests/v2', { headers: accept });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(body.length));
    const tags = await call('GET', '/v2/img/tags/list');
    const listed = JSON.parse(tags.body.toString()) as { name: string; tags: string[] };
    expect({ ...listed, tags: listed.tags.sort() }).toEqual({ name: 'img', tags: ['v1', 'v2'] });
    expect((await call('GET', '/v2/no/such/repo/tags/list')).code).toBe('NAME_UNKNOWN');
    const missing = await call('GET', '/v2/img/manifests/v9', { headers: accept });
    expect([missing.status, missing.code]).toEqual([404, 'MANIFEST_UNKNOWN']);

    // An index over that image, by its digest, as an OCI index.
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: [{ mediaType: MEDIA_TYPES.ociManifest, digest, size: body.length }],
      }),
    );
    expect((await putManifest('img', 'multi', index, MEDIA_TYPES.ociIndex)).status).toBe(201);
    const gotIndex = await call('GET', '/v2/img/manifests/multi', {
      headers: { accept: MEDIA_TYPES.ociIndex },
    });
    expect(gotIndex.body.equals(index)).toBe(true);
    expect(gotIndex.headers.get('content-type')).toBe(MEDIA_TYPES.ociIndex);
  });

  it('refuses a manifest whose blobs or child manifests the repository lacks', async () => {
    const config = await push('holes', Buffer.from('{}'));
    const absent = sha256Digest(`absent ${Math.random()}`);
    const image = await putManifest('holes', 'v1', imageManifest(config, [{ digest: absent, size: 3 }]));
    expect([image.status, image.code]).toEqual([400, 'MANIFEST_BLOB_UNKNOWN']);
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: [{ mediaType: MEDIA_TYPES.ociManifest, digest: absent, size: 3 }],
      }),
    );
    const idx = await putManifest('holes', 'multi', index, MEDIA_TYPES.ociIndex);
    expect([idx.status, idx.code]).toEqual([400, 'MANIFEST_BLOB_UNKNOWN']);
    const junk = await putManifest('holes', 'v2', Buffer.from('not json'));
    expect([junk.status, junk.code]).toEqual([400, 'MANIFEST_INVALID']);
    expect((await call('GET', '/v2/holes/tags/list')).status).toBe(404);
  });

  it('streams a larger blob pushed by the suite RegistryClient', async () => {
    const client = new RegistryClient({ url: reg.url });
    await client.ping();
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const blob = blobFromBytes(data);
    await client.uploadBlob('big', blob);
    expect(await client.hasBlob('big', blob.digest)).toBe(true);
    expect(sha256Digest((await call('GET', `/v2/big/blobs/${blob.digest}`)).body)).toBe(blob.digest);
  });

  it('keeps blobs, manifests, tags and an upload in progress across a restart', async () => {
    const start = await call('POST', '/v2/resume/blobs/uploads/');
    const a = Buffer.from('first half, ');
    const p1 = await call('PATCH', session(start.headers.get('location')), { body: a });
    const pending = new URL(session(p1.headers.get('location')));
    await reg.stop();
    reg = await startDistribution({ dir, backend });
    const accept = { accept: MEDIA_TYPES.ociManifest };
    expect((await call('GET', '/v2/img/manifests/v1', { headers: accept })).status).toBe(200);
    expect(
      (
        JSON.parse((await call('GET', '/v2/img/tags/list')).body.toString()) as { tags: string[] }
      ).tags.sort(),
    ).toEqual(['multi', 'v1', 'v2']);
    const b = Buffer.from('second half');
    const p2 = await call('PATCH', `${reg.url}${pending.pathname}${pending.search}`, { body: b });
    expect(p2.status).toBe(202);
    const digest = sha256Digest(Buffer.concat([a, b]));
    expect((await call('PUT', withDigest(session(p2.headers.get('location')), digest))).status).toBe(201);
    expect((await call('GET', `/v2/resume/blobs/${digest}`)).body.toString()).toBe('first half, second half');
  });
});

describe('which backend serves', () => {
  it('is the option, else AML_LOCAL_REGISTRY, else docker-registry when installed, else builtin', () => {
    expect(chooseBackend({ backend: 'builtin' }, { AML_LOCAL_REGISTRY: 'docker-registry' })).toBe('builtin');
    expect(chooseBackend({}, { AML_LOCAL_REGISTRY: 'builtin' })).toBe('builtin');
    expect(chooseBackend({}, { AML_LOCAL_REGISTRY: 'docker-registry' })).toBe('docker-registry');
    expect(chooseBackend({ binary: '/opt/registry' }, {})).toBe('docker-registry');
    expect(chooseBackend({}, {})).toBe(hasRegistry ? 'docker-registry' : 'builtin');
    expect(() => chooseBackend({}, { AML_LOCAL_REGISTRY: 'zot' })).toThrow(
      expect.objectContaining({ code: 'RegistryBackendInvalid' }),
    );
  });

  it('says which package to install when a forced docker-registry is missing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'distribution-missing-'));
    await expect(startDistribution({ dir, binary: 'no-such-registry-binary' })).rejects.toMatchObject({
      code: 'RegistryStartFailed',
      remediation: expect.stringMatching(/apt-get install docker-registry/),
    });
    rmSync(dir, { recursive: true, force: true });
  });
});
