// ACR Tasks quick builds on the plane, through the real @azure/arm-containerregistry 11 client:
// upload a context to the SAS URL, schedule a DockerBuildRequest, follow the run to its end, read
// its log from the log SAS link, and find the pushed digest in the registry. A failing build and
// bad requests too. Needs docker-registry and buildah (the build uses a `FROM scratch` base, so
// nothing is pulled).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
  ContainerRegistryManagementClient,
  DockerBuildRequest,
  Run,
} from '@azure/arm-containerregistry';
import { BlobClient, BlockBlobClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness.js';
import { registryClient } from '../testing/registry-http.js';

const has = (tool: string) => spawnSync(tool, ['--version']).status === 0;
const ready = has('docker-registry') && has('buildah');

/** A build context as `az acr build` uploads it: a gzipped tar of the folder. */
function contextArchive(files: Record<string, string>): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'acr-ctx-'));
  try {
    mkdirSync(path.join(dir, 'ctx'));
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, 'ctx', name), content);
    const r = spawnSync('tar', ['-czf', path.join(dir, 'ctx.tar.gz'), '-C', path.join(dir, 'ctx'), '.']);
    if (r.status !== 0) throw new Error(r.stderr.toString());
    return readFileSync(path.join(dir, 'ctx.tar.gz'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!ready)('ACR Tasks quick builds on the plane', () => {
  let h: Harness;
  let acr: ContainerRegistryManagementClient;

  const upload = async (files: Record<string, string>) => {
    const { uploadUrl, relativePath } = await acr.registries.getBuildSourceUploadUrl(h.rg, 'localplanedev');
    await new BlockBlobClient(uploadUrl as string).uploadData(contextArchive(files));
    return relativePath as string;
  };
  /** Follow a run to its end, as a client polls `runs.get`. */
  const finished = async (runId: string): Promise<Run> => {
    for (;;) {
      const run = await acr.runs.get(h.rg, 'localplanedev', runId);
      if (run.status !== 'Queued' && run.status !== 'Running') return run;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const logOf = async (runId: string) => {
    const { logLink } = await acr.runs.getLogSasUrl(h.rg, 'localplanedev', runId);
    const blob = new BlobClient(logLink as string);
    const props = await blob.getProperties();
    return { text: (await blob.downloadToBuffer()).toString('utf8'), complete: props.metadata?.complete };
  };
  const request = (sourceLocation: string, extra: Partial<DockerBuildRequest> = {}): DockerBuildRequest => ({
    type: 'DockerBuildRequest',
    imageNames: ['tasks/hello:v1'],
    isPushEnabled: true,
    dockerFilePath: 'Dockerfile',
    sourceLocation,
    platform: { os: 'Linux', architecture: 'amd64' },
    ...extra,
  });

  beforeAll(async () => {
    h = await startHarness();
    acr = registryClient(h.conn);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('builds an uploaded context with buildah, pushes it, and reports the digest and the log', async () => {
    const source = await upload({
      Dockerfile: 'FROM scratch\nARG GREETING\nLABEL greeting=$GREETING\nCOPY hello.txt /hello.txt\n',
      'hello.txt': 'hello from an ACR task\n',
    });
    const scheduled = await acr.registries.beginScheduleRunAndWait(
      h.rg,
      'localplanedev',
      request(source, { arguments: [{ name: 'GREETING', value: 'hi', isSecret: false }] }),
    );
    expect(scheduled.runId).toBeTruthy();
    const run = await finished(scheduled.runId as string);
    const log = await logOf(run.runId as string);
    expect(run.status, log.text).toBe('Succeeded');
    expect(run.runType).toBe('QuickRun');
    const dev = h.conn.registries?.dev.loginServer as string;
    expect(run.outputImages).toEqual([
      {
        registry: dev,
        repository: 'tasks/hello',
        tag: 'v1',
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      },
    ]);
    const digest = run.outputImages?.[0]?.digest as string;
    expect(await h.plane.registries.find('dev')?.hasManifest('tasks/hello', digest)).toBe(true);
    expect(log.complete).toBe('true');
    expect(log.text).toContain(`was successful`);
    expect(log.text).toContain(digest);
    expect(log.text).not.toMatch(/eyJ[\w-]+\.eyJ/); // the refresh token the run signed in with
  });

  it('fails a build that cannot run, with the error in the run and its log', async () => {
    const source = await upload({ Dockerfile: 'FROM scratch\nRUN /bin/false\n' });
    const scheduled = await acr.registries.beginScheduleRunAndWait(h.rg, 'localplanedev', request(source));
    const run = await finished(scheduled.runId as string);
    expect(run.status).toBe('Failed');
    const log = await logOf(run.runId as string);
    expect(log.text).toMatch(/failed after/);
    expect(log.complete).toBe('true');
  });

  it('refuses requests it cannot run with 400', async () => {
    await expect(
      acr.registries.beginScheduleRunAndWait(h.rg, 'localplanedev', request('source/nope.tar.gz')),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/was not uploaded/) });
    await expect(
      acr.registries.beginScheduleRunAndWait(h.rg, 'localplanedev', {
        type: 'EncodedTaskRunRequest',
        encodedTaskContent: 'e30=',
        platform: { os: 'Linux' },
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(acr.runs.get(h.rg, 'localplanedev', 'nope1')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe.skipIf(ready)('ACR Tasks quick builds on the plane', () => {
  it.skip('skipped: docker-registry or buildah is not installed (.ci/run installs them)', () => undefined);
});
