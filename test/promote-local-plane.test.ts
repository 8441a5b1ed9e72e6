// promote on the local plane (dev -> prod workspaces, their Azurite datastores and linked ACR
// fronts) through the real SDKs, run as the CLI runs it: refusals (no verdict, a failed one, one
// for other content, an image not by digest or not on dev's registry, a disagreeing gate report,
// a registry prod does not pull from) with no mutating request; the happy path copies the model
// server side (the storage bytes through the runner are counted), registers it in prod with the
// same hash and evidence, and imports the image with its digest; a re-run changes nothing; no
// secret reaches a log or an output.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, type Harness, startHarness } from '../local/testing/harness.js';
import type { StorageRequest, StorageResponse } from '../shared/azure/datastore.js';
import { datastoreBlobServiceUrl } from '../shared/azure/local-plane.js';
import { stepCommand } from '../shared/cli/step-command.js';
import { EVIDENCE_TAGS, evidenceTags, type GateEvidence } from '../shared/gate/evidence.js';
import { CONTENT_HASH_TAG } from '../shared/model/spec.js';
import { PROMOTION_TAGS } from '../shared/promote/plan.js';
import { type PromoteOptions, runPromoteStep } from '../shared/promote/step.js';
import { acrAuth } from '../shared/registry/acr-auth.js';
import { blobFromBytes, RegistryClient } from '../shared/registry/client.js';
import { sha256Digest } from '../shared/registry/digest.js';
import { MEDIA_TYPES } from '../shared/registry/manifest.js';
import type { StepDefinition } from '../shared/steps/definition.js';
import { promote } from '../shared/steps/catalog/promote.js';
import { registerModel as registerModelStep } from '../shared/steps/catalog/register-model.js';

const MiB = 1024 * 1024;
const MODEL_BYTES = 8 * MiB;
const NAME = 'detector';
const REPO = 'detector/inference';

interface Run {
  code: number;
  outputs: Record<string, string>;
  log: string;
}

describe('promote on the local plane', () => {
  let h: Harness;
  let dir: string;
  let devLogin: string;
  let prodLogin: string;
  let digest: string;
  let devImage: string;
  /** Everything any run printed, for the secrets check. */
  const printed: string[] = [];
  const versions: Record<'pass' | 'failed' | 'none' | 'other', string> = {
    pass: '',
    failed: '',
    none: '',
    other: '',
  };
  const EVIDENCE: Omit<GateEvidence, 'verdict' | 'contentHash'> = {
    ap: 0.6123456789,
    ap50: 0.9012345678,
    parity: '0/5',
    report: 'gate-report',
    run: 'https://github.com/octo/models/actions/runs/42',
    target: 'pid/blue',
    at: '2025-01-01T00:00:00.000Z',
  };

  const cli = async (step: StepDefinition, argv: string[]): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await stepCommand(step).run(argv, {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
    });
    printed.push(...out, ...err);
    const stdout = out.join('\n');
    return {
      code,
      outputs: stdout ? (JSON.parse(stdout) as Record<string, string>) : {},
      log: err.join('\n'),
    };
  };

  /** promote as the CLI runs it; `options` reach the step module (the storage observer). */
  const run = (args: Record<string, string>, options: PromoteOptions = {}) => {
    const step = {
      ...promote,
      run: (inputs: Parameters<typeof runPromoteStep>[0], ctx: Parameters<typeof runPromoteStep>[1]) =>
        runPromoteStep(inputs, ctx, options),
    } as unknown as StepDefinition;
    const flags = { '--local': h.stateDir, '--workspace': 'prod', '--source-workspace': 'dev', ...args };
    return cli(step, Object.entries(flags).flat());
  };

  const mutating = async () => {
    const log = (await admin(h, 'GET', '/v1/arm-requests')) as {
      value: { method: string; path: string; operationId: string }[];
    };
    return log.value.filter((r) => r.operationId !== 'Datastores_ListSecrets');
  };
  const resetRequests = () => admin(h, 'DELETE', '/v1/arm-requests');

  const registry = (login: string) =>
    new RegistryClient({
      url: `https://${login}`,
      auth: acrAuth(login, h.conn.credential, { onSecret: () => undefined, ca: h.conn.ca }),
      ca: h.conn.ca,
    });

  const container = async (ws: string) => {
    const ds = await h.client.datastores.get(h.rg, ws, 'workspaceblobstore');
    const key = ((await h.client.datastores.listSecrets(h.rg, ws, 'workspaceblobstore')) as { key: string })
      .key;
    const props = ds.properties as { accountName: string; containerName: string };
    return new BlobServiceClient(
      datastoreBlobServiceUrl(ds.properties as { accountName: string }),
      new StorageSharedKeyCredential(props.accountName, key),
    ).getContainerClient(props.containerName);
  };

  const prodVersions = async () => {
    const out: string[] = [];
    try {
      for await (const v of h.client.modelVersions.list(h.rg, 'prod', NAME)) out.push(v.name as string);
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode !== 404) throw e;
    }
    return out;
  };

  /** A model folder registered in dev by the register-model step; returns its version. */
  const registerDev = async (label: string, size: number): Promise<string> => {
    const folder = path.join(dir, `model-${label}`);
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'weights.bin'), randomBytes(size));
    writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ label }));
    const r = await cli(registerModelStep as unknown as StepDefinition, [
      '--local',
      h.stateDir,
      '--workspace',
      'dev',
      '--path',
      folder,
      '--name',
      NAME,
    ]);
    expect(r.code, r.log).toBe(0);
    return r.outputs['model-version'] as string;
  };

  /**
   * Stands for a previous gate run on that version: the gate writes these tags onto the version it
   * judged (models versions get, then createOrUpdate with the same modelUri).
   */
  const writeEvidence = async (version: string, verdict: GateEvidence['verdict'], judged?: string) => {
    const v = await h.client.modelVersions.get(h.rg, 'dev', NAME, version);
    const tags = v.properties.tags as Record<string, string>;
    const contentHash = judged ?? (tags[CONTENT_HASH_TAG] as string);
    await h.client.modelVersions.createOrUpdate(h.rg, 'dev', NAME, version, {
      properties: {
        ...v.properties,
        tags: { ...tags, ...evidenceTags({ ...EVIDENCE, verdict, contentHash }) },
      },
    });
  };

  const gateReport = (file: string, ap: number, ap50: number, verdict = 'pass') => {
    const p = path.join(dir, file);
    writeFileSync(
      p,
      JSON.stringify({
        verdict,
        reasons: [],
        images: 5,
        local: { coco: { AP: ap + 0.01, AP50: ap50 } },
        endpoint: { coco: { AP: ap, AP50: ap50 } },
      }),
    );
    return p;
  };

  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(path.join(os.tmpdir(), 'promote-test-'));
    if (!h.conn.registries) throw new Error(`the plane has no registries: ${h.conn.registriesUnavailable}`);
    devLogin = h.conn.registries.dev.loginServer;
    prodLogin = h.conn.registries.prod.loginServer;

    versions.pass = await registerDev('pass', MODEL_BYTES);
    versions.failed = await registerDev('failed', 1000);
    versions.none = await registerDev('none', 1000);
    versions.other = await registerDev('other', 1000);
    await writeEvidence(versions.pass, 'pass');
    await writeEvidence(versions.failed, 'fail');
    await writeEvidence(versions.other, 'pass', `sha256-of-other-content-${'0'.repeat(40)}`);

    // A tiny image pushed to dev's registry the way build-image does (no builder needed).
    const client = registry(devLogin);
    const layer = randomBytes(50_000);
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [sha256Digest(layer)] },
      }),
    );
    await client.uploadBlob(REPO, blobFromBytes(layer));
    await client.uploadBlob(REPO, blobFromBytes(config));
    const manifest = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, digest: sha256Digest(config), size: config.length },
      layers: [{ mediaType: MEDIA_TYPES.ociLayerGzip, digest: sha256Digest(layer), size: layer.length }],
    };
    digest = await client.putManifest(
      REPO,
      'cpu-1',
      Buffer.from(JSON.stringify(manifest)),
      MEDIA_TYPES.ociManifest,
    );
    devImage = `${devLogin}/${REPO}@${digest}`;
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('refuses before any change in prod', () => {
    it.each([
      ['a version without a verdict', () => ({ v: versions.none }), 'carries no gate verdict'],
      ['a failed verdict', () => ({ v: versions.failed }), "its gate verdict is 'fail'"],
      ['a verdict for other content', () => ({ v: versions.other }), 'made for other content'],
      [
        'an image not pinned by digest',
        () => ({ v: versions.pass, image: `${devLogin}/${REPO}:cpu-1` }),
        'is not pinned by digest',
      ],
      [
        "an image not on dev's linked registry",
        () => ({ v: versions.pass, image: `${prodLogin}/${REPO}@${digest}` }),
        () => `is not on ${devLogin}`,
      ],
      [
        "a target registry that is not prod's linked one",
        () => ({ v: versions.pass, image: devImage, target: devLogin }),
        () => `is not ${prodLogin}, the registry linked to workspace 'prod'`,
      ],
      [
        'an image dev does not have',
        () => ({ v: versions.pass, image: `${devLogin}/${REPO}@sha256:${'1'.repeat(64)}` }),
        'ImageNotFound',
      ],
      [
        'a gate report that disagrees with the evidence',
        () => ({ v: versions.pass, report: gateReport('other-run.json', EVIDENCE.ap - 0.05, EVIDENCE.ap50) }),
        'it is the report of another gate run',
      ],
      [
        'a gate report with a failed verdict',
        () => ({ v: versions.pass, report: gateReport('failed.json', EVIDENCE.ap, EVIDENCE.ap50, 'fail') }),
        "its verdict is 'fail'",
      ],
    ])('%s', async (_what, args, message) => {
      const a = args() as { v: string; image?: string; target?: string; report?: string };
      await resetRequests();
      const r = await run({
        '--model-ref': `azureml:${NAME}:${a.v}`,
        ...(a.image ? { '--image': a.image } : {}),
        ...(a.target ? { '--target-registry': a.target } : {}),
        ...(a.report ? { '--gate-report': a.report } : {}),
      });
      expect(r.code, r.log).toBe(1);
      expect(r.log).toContain(typeof message === 'string' ? message : message());
      expect(await mutating()).toEqual([]);
      expect(await prodVersions()).toEqual([]);
      expect(await registry(prodLogin).headManifest(REPO, digest)).toBeUndefined();
    });
  });

  it('copies the model server side, registers it with its evidence, and imports the image by digest', async () => {
    const requests: StorageRequest[] = [];
    const responses: StorageResponse[] = [];
    await resetRequests();
    const r = await run(
      {
        '--model-ref': `azureml:${NAME}:${versions.pass}`,
        '--image': devImage,
        '--target-registry': prodLogin,
        '--gate-report': gateReport('gate.json', EVIDENCE.ap, EVIDENCE.ap50),
      },
      { storage: { observeRequest: (q) => requests.push(q), observeResponse: (s) => responses.push(s) } },
    );
    expect(r.code, r.log).toBe(0);
    expect(r.outputs).toEqual({
      'model-ref': `azureml:${NAME}:${versions.pass}`,
      image: `${prodLogin}/${REPO}@${digest}`,
      changed: 'true',
    });

    // The model's bytes did not pass through the runner: both directions of every storage request.
    const through = [...requests, ...responses].reduce((n, x) => n + x.bytes, 0);
    expect(requests.some((q) => q.method === 'PUT')).toBe(true); // the copy requests
    expect(through).toBeLessThan(MODEL_BYTES / 100);
    // The count sees response bodies (the listing of dev's files), so a download would show.
    expect(responses.some((s) => s.method === 'GET' && s.bytes > 0)).toBe(true);

    // Registered in prod with the dev version's content hash, lineage and evidence.
    const dev = await h.client.modelVersions.get(h.rg, 'dev', NAME, versions.pass);
    const prod = await h.client.modelVersions.get(h.rg, 'prod', NAME, versions.pass);
    const devTags = dev.properties.tags as Record<string, string>;
    expect(prod.properties.tags).toEqual({
      ...devTags,
      [PROMOTION_TAGS.from]: dev.id,
      [PROMOTION_TAGS.image]: `${prodLogin}/${REPO}@${digest}`,
    });
    expect(prod.properties.tags?.[EVIDENCE_TAGS.verdict]).toBe('pass');
    expect(prod.properties.modelUri).toMatch(
      /\/workspaces\/prod\/datastores\/workspaceblobstore\/paths\/LocalUpload\//,
    );

    // The files in prod's container are dev's, byte for byte, made by a copy of the service.
    const devPath = (dev.properties.modelUri as string).split('/paths/')[1] as string;
    const devStore = await container('dev');
    const prodStore = await container('prod');
    for (const file of ['weights.bin', 'config.json']) {
      const src = await devStore.getBlobClient(`${devPath}/${file}`).downloadToBuffer();
      const dst = prodStore.getBlobClient(`${devPath}/${file}`);
      expect((await dst.downloadToBuffer()).equals(src), file).toBe(true);
      expect((await dst.getProperties()).copyStatus, file).toBe('success');
    }

    // The image in prod's registry has dev's digest; the ARM import was the only registry change.
    expect((await registry(prodLogin).headManifest(REPO, digest))?.digest).toBe(digest);
    const changes = (await mutating()).map((m) => m.operationId);
    expect(changes).toContain('Registries_ImportImage');
    expect(changes).toContain('ModelVersions_CreateOrUpdate');
  });

  it('a re-run finds the prod version and the image and changes nothing', async () => {
    const requests: StorageRequest[] = [];
    await resetRequests();
    const r = await run(
      { '--model-ref': `azureml:${NAME}:${versions.pass}`, '--image': devImage },
      { storage: { observeRequest: (q) => requests.push(q) } },
    );
    expect(r.code, r.log).toBe(0);
    expect(r.outputs).toEqual({
      'model-ref': `azureml:${NAME}:${versions.pass}`,
      image: `${prodLogin}/${REPO}@${digest}`,
      changed: 'false',
    });
    expect(r.log).toContain('nothing to promote');
    expect(await mutating()).toEqual([]);
    expect(requests).toEqual([]);
    expect(await prodVersions()).toEqual([versions.pass]);
  });

  it('takes the next free version in prod when the dev number is taken there', async () => {
    // Another version in dev, gated; prod already has its number (from the promotion above when
    // numbers line up, else made here by hand).
    const v = await registerDev('next', 2000);
    await writeEvidence(v, 'pass');
    const taken = await h.client.modelVersions.get(h.rg, 'prod', NAME, versions.pass);
    await h.client.modelVersions.createOrUpdate(h.rg, 'prod', NAME, v, {
      properties: { modelUri: taken.properties.modelUri as string, modelType: 'custom_model', tags: {} },
    });
    const r = await run({ '--model-ref': `azureml:${NAME}:${v}` });
    expect(r.code, r.log).toBe(0);
    expect(r.outputs['model-ref']).toBe(`azureml:${NAME}:${Number(v) + 1}`);
    expect(r.outputs.changed).toBe('true');
    expect(r.outputs.image).toBeUndefined();
  });

  it('no key, token or SAS in any log or output', () => {
    const text = printed.join('\n');
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(h.conn.token);
    expect(text).not.toContain(
      'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
    );
    expect(text).not.toMatch(/[?&]sig=(?!\*\*\*)/);
    expect(text).not.toMatch(/\bse=\d{4}-\d\d-\d\d/);
    expect(text).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/); // ACR refresh/access tokens are JWTs
  });
});
