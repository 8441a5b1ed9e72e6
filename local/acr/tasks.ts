// ACR Tasks quick builds (`DockerBuildRequest`) on the plane's registries, as `az acr build` uses
// them: a SAS URL to upload the context (`listBuildSourceUploadUrl`), a run that really builds it
// with buildah and pushes through the registry's own front (signed in the ACR way, with a refresh
// token the registry issues itself), and the run's log as an append blob the client streams from
// a SAS link until its `Complete` metadata appears. Uploads and logs live in Azurite; runs live in
// memory (a plane restart forgets them).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BlobSASPermissions,
  BlobServiceClient,
  type ContainerClient,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import type { JsonObject } from '../store.js';
import { ACR_TOKEN_USER, type RegistryFront } from './front.js';

export const TASKS_CONTAINER = 'acr-tasks';

export interface TaskStorage {
  blobEndpoint: () => string;
  accountName: string;
  accountKey: string;
}

export interface DockerBuildRequest {
  type: string;
  imageNames?: string[];
  isPushEnabled?: boolean;
  noCache?: boolean;
  dockerFilePath?: string;
  target?: string;
  arguments?: Array<{ name: string; value: string; isSecret?: boolean }>;
  platform?: { os?: string; architecture?: string; variant?: string };
  sourceLocation?: string;
}

export type RunStatus = 'Queued' | 'Running' | 'Succeeded' | 'Failed' | 'Canceled';

export interface RunRecord {
  runId: string;
  registry: string;
  status: RunStatus;
  createTime: string;
  startTime?: string;
  finishTime?: string;
  lastUpdatedTime: string;
  platform: { os: string; architecture: string };
  outputImages: Array<{ registry: string; repository: string; tag?: string; digest: string }>;
  runErrorMessage?: string;
  logBlob: string;
  /** The request as received (secret argument values blanked), for tests to inspect. */
  request: DockerBuildRequest;
  /** `runs.cancel` asked for it: its tools are killed and it ends Canceled. */
  cancelRequested?: boolean;
}

/** Why a request cannot run, for a 400 with ACR's wording. */
export class TaskRequestError extends Error {}

export class RegistryTasks {
  private readonly runs = new Map<string, RunRecord>();
  private readonly children = new Map<ChildProcess, string>();
  private readonly pending = new Set<Promise<void>>();
  private counter = 0;
  private closed = false;

  constructor(
    private readonly storage: TaskStorage,
    private readonly caPem: string,
    private readonly buildah = 'buildah',
  ) {}

  /** A write-only SAS URL for one new source archive, and the relative path a run request names. */
  async sourceUploadUrl(registry: string): Promise<{ uploadUrl: string; relativePath: string }> {
    await this.container().createIfNotExists();
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const relativePath = `source/${day}/${randomBytes(16).toString('hex')}.tar.gz`;
    return { uploadUrl: this.sasUrl(`${registry}/${relativePath}`, 'cw'), relativePath };
  }

  get(registry: string, runId: string): RunRecord | undefined {
    const r = this.runs.get(runId);
    return r && r.registry === registry ? r : undefined;
  }

  /** The registry's runs, oldest first (tests read the requests they were scheduled with). */
  list(registry: string): RunRecord[] {
    return [...this.runs.values()].filter((r) => r.registry === registry);
  }

  /** A read-only SAS URL of the run's log blob. */
  logLink(run: RunRecord): string {
    return this.sasUrl(run.logBlob, 'r');
  }

  /** Validate, record and start a run; the build goes on in the background. */
  async schedule(front: RegistryFront, request: DockerBuildRequest): Promise<RunRecord> {
    if (request.type !== 'DockerBuildRequest') {
      throw new TaskRequestError(
        `run request type '${request.type}' is not supported on the local plane; use DockerBuildRequest`,
      );
    }
    if (!request.dockerFilePath) throw new TaskRequestError('dockerFilePath is required');
    if (!request.sourceLocation)
      throw new TaskRequestError('sourceLocation is required (from listBuildSourceUploadUrl)');
    const os = request.platform?.os ?? 'Linux';
    const architecture = request.platform?.architecture ?? 'amd64';
    if (os.toLowerCase() !== 'linux')
      throw new TaskRequestError(`platform os '${os}' is not supported; use Linux`);
    const source = this.container().getBlobClient(`${front.name}/${request.sourceLocation}`);
    if (!(await source.exists())) {
      throw new TaskRequestError(`sourceLocation '${request.sourceLocation}' was not uploaded`);
    }
    this.counter += 1;
    const runId = `c${randomBytes(2).toString('hex')}${this.counter}`;
    const now = new Date().toISOString();
    const run: RunRecord = {
      runId,
      registry: front.name,
      status: 'Queued',
      createTime: now,
      lastUpdatedTime: now,
      platform: { os: 'Linux', architecture },
      outputImages: [],
      logBlob: `${front.name}/logs/${runId}/rawtext.log`,
      request: {
        ...request,
        ...(request.arguments
          ? { arguments: request.arguments.map((a) => (a.isSecret ? { ...a, value: '***' } : { ...a })) }
          : {}),
      },
    };
    this.runs.set(runId, run);
    const log = this.container().getAppendBlobClient(run.logBlob);
    await log.create();
    const work = this.build(front, request, run).finally(() => this.pending.delete(work));
    this.pending.add(work);
    return run;
  }

  /** `runs.cancel`: kill the run's tools; it ends Canceled (a finished run stays as it ended). */
  cancel(run: RunRecord): void {
    if (run.status !== 'Queued' && run.status !== 'Running') return;
    run.cancelRequested = true;
    for (const [c, id] of this.children) if (id === run.runId) c.kill('SIGKILL');
  }

  /** Stop: kill running builds and wait for them to record their end. */
  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.children.keys()) c.kill('SIGKILL');
    await Promise.allSettled([...this.pending]);
  }

  private async build(front: RegistryFront, request: DockerBuildRequest, run: RunRecord): Promise<void> {
    const logClient = this.container().getAppendBlobClient(run.logBlob);
    let chain = Promise.resolve();
    const exec = (tool: string, args: string[], secrets?: string[], stdin?: string) =>
      this.exec(run, tool, args, log, secrets, stdin);
    const log = (text: string) => {
      const data = Buffer.from(text.endsWith('\n') ? text : `${text}\n`);
      chain = chain
        .then(() => logClient.appendBlock(data, data.length).then(() => undefined))
        .catch(() => undefined);
    };
    const work = mkdtempSync(path.join(tmpdir(), `acr-run-${run.runId}-`));
    const update = (status: RunStatus) => {
      run.status = status;
      run.lastUpdatedTime = new Date().toISOString();
    };
    let outcome: RunStatus = 'Failed';
    try {
      update('Running');
      run.startTime = run.lastUpdatedTime;
      log(`Queued a build with ID: ${run.runId}`);
      log('Waiting for an agent...');
      const context = path.join(work, 'context');
      mkdirSync(context);
      const archive = path.join(work, 'source.tar.gz');
      await this.container().getBlobClient(`${front.name}/${request.sourceLocation}`).downloadToFile(archive);
      log(`Downloading source code...`);
      await exec('tar', ['-xzf', archive, '-C', context]);
      const storage = [
        '--root',
        path.join(work, 'root'),
        '--runroot',
        path.join(work, 'runroot'),
        '--storage-driver',
        'vfs',
      ];
      const images = (request.imageNames ?? []).map((n) => `${front.loginServer}/${n}`);
      const local = images[0] ?? `localhost/acr-run-${run.runId}:latest`;
      const certDir = path.join(work, 'certs');
      mkdirSync(certDir);
      writeFileSync(path.join(certDir, 'ca.crt'), this.caPem);
      const authfile = path.join(work, 'auth.json');
      const args = [
        ...storage,
        'bud',
        '--authfile',
        authfile,
        '--cert-dir',
        certDir,
        '--isolation',
        'chroot',
        '--platform',
        `${run.platform.os.toLowerCase()}/${run.platform.architecture}`,
        '-f',
        path.join(context, request.dockerFilePath as string),
        ...(request.target ? ['--target', request.target] : []),
        ...(request.noCache ? ['--no-cache'] : []),
        ...(request.arguments ?? []).flatMap((a) => ['--build-arg', `${a.name}=${a.value}`]),
        ...images.slice(1).flatMap((i) => ['--tag', i]),
        '--tag',
        local,
        context,
      ];
      // Signed in before the build too: a base image in the same registry is pulled as ACR pulls it.
      const refresh = front.tokens.issueRefreshToken();
      await exec(
        this.buildah,
        [
          ...storage,
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
        [refresh],
        refresh,
      );
      log(
        `Step 1/2 : building ${request.dockerFilePath} for ${run.platform.os.toLowerCase()}/${run.platform.architecture}`,
      );
      await exec(
        this.buildah,
        args,
        request.arguments?.filter((a) => a.isSecret).map((a) => a.value),
      );
      if (request.isPushEnabled !== false && images.length > 0) {
        for (const image of images) {
          log(`Step 2/2 : pushing ${image}`);
          const digestFile = path.join(work, 'digest');
          await exec(this.buildah, [
            ...storage,
            'push',
            '--authfile',
            authfile,
            '--cert-dir',
            certDir,
            '--digestfile',
            digestFile,
            image,
            `docker://${image}`,
          ]);
          const digest = readFileSync(digestFile, 'utf8').trim();
          const rest = image.slice(front.loginServer.length + 1);
          const colon = rest.lastIndexOf(':');
          const repository = colon > rest.lastIndexOf('/') ? rest.slice(0, colon) : rest;
          const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : 'latest';
          run.outputImages.push({ registry: front.loginServer, repository, tag, digest });
          log(`${image}: digest: ${digest}`);
        }
      }
      log(`Run ID: ${run.runId} was successful after ${elapsed(run)}`);
      outcome = 'Succeeded';
    } catch (e) {
      run.runErrorMessage = e instanceof Error ? e.message : String(e);
      log(`Run ID: ${run.runId} failed after ${elapsed(run)}. Error: ${run.runErrorMessage}`);
      outcome = this.closed || run.cancelRequested ? 'Canceled' : 'Failed';
    } finally {
      rmSync(work, { recursive: true, force: true });
      await chain;
      // What `az acr` and our own streamer wait for before they stop reading the log.
      await logClient.setMetadata({ Complete: 'true' }).catch(() => undefined);
      // Only now: a client that sees the final status finds the whole log.
      run.finishTime = new Date().toISOString();
      update(outcome);
    }
  }

  /** Run a tool, its output into the log (secrets blanked); fails with its last lines. */
  private exec(
    run: RunRecord,
    tool: string,
    args: string[],
    log: (l: string) => void,
    secrets: string[] = [],
    stdin = '',
  ): Promise<void> {
    const scrub = (t: string) => secrets.reduce((acc, s) => (s ? acc.split(s).join('***') : acc), t);
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('the plane is stopping'));
      if (run.cancelRequested) return reject(new Error('the run was canceled'));
      const child = spawn(tool, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      this.children.set(child, run.runId);
      let tail = '';
      const onData = (c: Buffer) => {
        const text = scrub(c.toString());
        tail = (tail + text).slice(-2000);
        log(text);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('error', (e) => reject(new Error(`${tool} could not start: ${e.message}`)));
      child.once('close', (code, signal) => {
        this.children.delete(child);
        if (code === 0) return resolve();
        const sub = ['bud', 'login', 'push'].find((s) => args.includes(s)) ?? '';
        const last = tail.trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`${tool} ${sub} exited with ${signal ?? code}: ${last}`));
      });
      // A tool that exits before reading its input (a build that cannot run) closes the pipe:
      // the EPIPE is that same failure, which 'close' reports with the tool's own words.
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin);
    });
  }

  private container(): ContainerClient {
    const service = new BlobServiceClient(
      this.storage.blobEndpoint(),
      new StorageSharedKeyCredential(this.storage.accountName, this.storage.accountKey),
    );
    return service.getContainerClient(TASKS_CONTAINER);
  }

  private sasUrl(blobName: string, permissions: string): string {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: TASKS_CONTAINER,
        blobName,
        permissions: BlobSASPermissions.parse(permissions),
        startsOn: new Date(Date.now() - 5 * 60_000),
        expiresOn: new Date(Date.now() + 3600_000),
      },
      new StorageSharedKeyCredential(this.storage.accountName, this.storage.accountKey),
    );
    return `${this.storage.blobEndpoint()}/${TASKS_CONTAINER}/${blobName.split('/').map(encodeURIComponent).join('/')}?${sas.toString()}`;
  }
}

function elapsed(run: RunRecord): string {
  const ms = Date.now() - Date.parse(run.startTime ?? run.createTime);
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${s % 60}s`;
}

/** The Run resource ACR returns (api-version 2019-06-01-preview). */
export function runBody(registryId: string, run: RunRecord): JsonObject {
  return {
    id: `${registryId}/runs/${run.runId}`,
    name: run.runId,
    type: 'Microsoft.ContainerRegistry/registries/runs',
    properties: {
      runId: run.runId,
      status: run.status,
      lastUpdatedTime: run.lastUpdatedTime,
      runType: 'QuickRun',
      createTime: run.createTime,
      ...(run.startTime ? { startTime: run.startTime } : {}),
      ...(run.finishTime ? { finishTime: run.finishTime } : {}),
      outputImages: run.outputImages.map((i) => ({ ...i })),
      platform: { ...run.platform },
      agentConfiguration: { cpu: 2 },
      provisioningState: 'Succeeded',
      isArchiveEnabled: false,
      ...(run.runErrorMessage ? { runErrorMessage: run.runErrorMessage } : {}),
    },
  };
}
