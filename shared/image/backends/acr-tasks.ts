// The builder that needs nothing on the runner: ACR Tasks quick builds, as `az acr build` runs them.
// The context (what .dockerignore leaves) goes up as a tar.gz to the registry's upload SAS URL, a
// `DockerBuildRequest` is scheduled, its log is streamed from the run's append blob until the blob
// says `Complete` and the run has ended, and the run's `outputImages` give the pushed digest.
// DockerBuildRequest has no labels: they ride in the uploaded Dockerfile as one appended LABEL.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {
  ContainerRegistryManagementClient,
  DockerBuildRequest,
  Run,
} from '@azure/arm-containerregistry';
import { BlobClient, BlockBlobClient } from '@azure/storage-blob';
import { InputError, RolloutError } from '../../errors.js';
import { wait } from '../../http/retry.js';
import {
  type BuildContext,
  checkDigest,
  type ImageBuild,
  type ImageBuilder,
  type PushedImage,
} from '../build.js';
import { listContext } from '../dockerignore.js';
import { type LayerFile, writeLayer } from '../layer-tar.js';

/** Where the registry's ARM resource is and the client to reach it (shared/azure/registries). */
export interface AcrTasksRegistry {
  name: string;
  resourceGroup: string;
  loginServer: string;
  arm(): Promise<ContainerRegistryManagementClient>;
}

export interface AcrTasksOptions {
  /** How often the run and its log are polled (default 1000 ms). */
  pollMs?: number;
  /** The run's timeout in seconds (ACR's default, 3600, when absent). */
  timeoutSeconds?: number;
}

/** The stage the labels are added in when a target stage is asked for. */
export const LABEL_STAGE = 'aml-rollout-labelled';
/** Where a Dockerfile from outside the context travels in the upload. */
export const OUTSIDE_DOCKERFILE = '.aml-rollout.Dockerfile';
/** How many log lines a failure quotes. */
const TAIL_LINES = 20;
const TERMINAL = new Set(['Succeeded', 'Failed', 'Canceled', 'Error', 'Timeout']);

/** The `# escape=` parser directive's character (a backtick on Windows-style Dockerfiles). */
export function escapeCharOf(dockerfile: string): string {
  for (const line of dockerfile.split(/\r?\n/)) {
    const m = /^#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(line);
    if (!m) break; // directives come first; anything else ends them
    if ((m[1] as string).toLowerCase() === 'escape') return m[2] as string;
  }
  return '\\';
}

/** A Dockerfile double-quoted word: the escape character before `"`, `$` and itself. */
function quoted(text: string, esc: string): string {
  let out = '';
  for (const c of text) out += c === '"' || c === '$' || c === esc ? `${esc}${c}` : c;
  return `"${out}"`;
}

/**
 * The Dockerfile as uploaded: the labels appended as one LABEL to the stage that is built (the last
 * one, or, with a target, a new stage on top of it that the run targets instead).
 */
export function labelledDockerfile(
  text: string,
  labels: Readonly<Record<string, string>>,
  target: string | undefined,
): { text: string; target: string | undefined } {
  const entries = Object.entries(labels);
  if (entries.length === 0) return { text, target };
  const esc = escapeCharOf(text);
  const label = `LABEL ${entries.map(([k, v]) => `${quoted(k, esc)}=${quoted(v, esc)}`).join(' ')}`;
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (!target) return { text: `${body}${label}\n`, target };
  return { text: `${body}FROM ${target} AS ${LABEL_STAGE}\n${label}\n`, target: LABEL_STAGE };
}

/** `linux/amd64[/v8]` as ACR's PlatformProperties. */
export function platformProperties(platform: string): DockerBuildRequest['platform'] {
  const [os, architecture, variant] = platform.split('/');
  if (os?.toLowerCase() !== 'linux' || !architecture) {
    throw new InputError(
      'platform',
      `'${platform}': ACR Tasks build linux images only`,
      'use linux/amd64 (what AML runs)',
    );
  }
  return { os: 'Linux', architecture, ...(variant ? { variant } : {}) };
}

/** Image names as a run takes them: the refs without the registry's login server. */
export function imageNames(refs: readonly string[], loginServer: string): string[] {
  return refs.map((ref) => {
    if (!ref.startsWith(`${loginServer}/`)) {
      throw new RolloutError('BuildFailed', `${ref} is not in ${loginServer}`, {
        resource: ref,
        remediation: 'ACR Tasks push only to the registry that runs them',
      });
    }
    return ref.slice(loginServer.length + 1);
  });
}

/** The request `scheduleRun` gets for a build whose context was uploaded to `sourceLocation`. */
export function dockerBuildRequest(
  build: ImageBuild,
  upload: {
    loginServer: string;
    sourceLocation: string;
    dockerFilePath: string;
    target?: string | undefined;
  },
  timeoutSeconds?: number,
): DockerBuildRequest {
  return {
    type: 'DockerBuildRequest',
    imageNames: imageNames(build.refs, upload.loginServer),
    isPushEnabled: true,
    dockerFilePath: upload.dockerFilePath,
    ...(upload.target ? { target: upload.target } : {}),
    arguments: Object.entries(build.buildArgs).map(([name, value]) => ({ name, value, isSecret: false })),
    platform: platformProperties(build.platform),
    sourceLocation: upload.sourceLocation,
    ...(timeoutSeconds ? { timeout: timeoutSeconds } : {}),
  };
}

/** The files of the upload: the context as .dockerignore leaves it, and the (labelled) Dockerfile
 * at its place in the context, or at OUTSIDE_DOCKERFILE when it lives elsewhere. */
export async function contextFiles(
  build: ImageBuild,
  dockerfileCopy: string,
): Promise<{ files: LayerFile[]; dockerFilePath: string }> {
  const rel = path.relative(build.context, build.dockerfile).split(path.sep).join('/');
  const dockerFilePath = rel.startsWith('../') || path.isAbsolute(rel) ? OUTSIDE_DOCKERFILE : rel;
  const files: LayerFile[] = [];
  for (const e of await listContext(build.context, build.ignoreFile)) {
    if (e.rel === dockerFilePath) continue;
    const mode = e.linkTarget === undefined ? (await stat(e.abs)).mode & 0o777 : 0o777;
    files.push({ path: e.rel, abs: e.abs, size: e.size, mode, linkTarget: e.linkTarget });
  }
  files.push({ path: dockerFilePath, abs: dockerfileCopy, size: (await stat(dockerfileCopy)).size });
  return { files, dockerFilePath };
}

export function acrTasksBuilder(registry: AcrTasksRegistry, options: AcrTasksOptions = {}): ImageBuilder {
  const pollMs = options.pollMs ?? 1000;
  return {
    name: 'acr-tasks',
    async buildAndPush(build: ImageBuild, ctx: BuildContext): Promise<PushedImage> {
      if (build.refs.length === 0) throw new RolloutError('BuilderFailed', 'no image reference to push to');
      // What the request would refuse, refused before anything is uploaded.
      const names = imageNames(build.refs, registry.loginServer);
      platformProperties(build.platform);
      const arm = await registry.arm();
      const { resourceGroup: rg, name } = registry;
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'aml-rollout-acr-tasks-'));
      let sourceLocation: string;
      let dockerFilePath: string;
      let target: string | undefined;
      try {
        const labelled = labelledDockerfile(
          await readFile(build.dockerfile, 'utf8'),
          build.labels,
          build.target,
        );
        target = labelled.target;
        const dockerfileCopy = path.join(tmp, 'Dockerfile');
        await writeFile(dockerfileCopy, labelled.text);
        const context = await contextFiles(build, dockerfileCopy);
        dockerFilePath = context.dockerFilePath;
        // Text compresses; the default layer level (stored blocks) is for model weights.
        const archive = await writeLayer(context.files, path.join(tmp, 'source.tar.gz'), {
          signal: ctx.signal,
          gzipLevel: 6,
        });
        const upload = await arm.registries.getBuildSourceUploadUrl(rg, name, { abortSignal: ctx.signal });
        if (!upload.uploadUrl || !upload.relativePath) {
          throw new RolloutError('BuildFailed', `registry ${name} gave no build source upload URL`);
        }
        ctx.onSecret(upload.uploadUrl);
        sourceLocation = upload.relativePath;
        ctx.log(`acr-tasks: uploading the context (${context.files.length} files, ${archive.size} bytes)`);
        await new BlockBlobClient(upload.uploadUrl).uploadFile(archive.file, { abortSignal: ctx.signal });
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
      const request = dockerBuildRequest(
        build,
        { loginServer: registry.loginServer, sourceLocation, dockerFilePath, target },
        options.timeoutSeconds,
      );
      const scheduled = await arm.registries.beginScheduleRunAndWait(rg, name, request, {
        abortSignal: ctx.signal,
      });
      const runId = scheduled.runId as string;
      ctx.log(`acr-tasks: run ${runId} on ${name} (${names.join(', ')})`);
      let run: Run;
      let tail: string[];
      try {
        ({ run, tail } = await follow(arm, rg, name, runId, ctx, pollMs));
      } catch (e) {
        if (!ctx.signal?.aborted) throw e;
        // A cancelled job must not leave a build running (and pushing) in the registry.
        ctx.log(`acr-tasks: cancelling run ${runId}`);
        await arm.runs.beginCancelAndWait(rg, name, runId).catch(() => undefined);
        throw ctx.signal.reason ?? e;
      }
      if (run.status !== 'Succeeded') {
        const why = run.runErrorMessage ? `: ${ctx.mask(run.runErrorMessage)}` : '';
        throw new RolloutError(
          'BuildFailed',
          `ACR Tasks run ${runId} ${run.status}${why}\n${tail.join('\n')}`,
          {
            resource: `${name}/runs/${runId}`,
            remediation: `read the run log above (az acr task logs --registry ${name} --run-id ${runId})`,
          },
        );
      }
      return {
        digest: outputDigest(run, registry.loginServer, names),
        refs: build.refs,
        builder: 'acr-tasks',
      };
    },
  };
}

/** The digest every pushed name got, from the run's `outputImages`. */
export function outputDigest(run: Run, loginServer: string, names: readonly string[]): string {
  const digests = names.map((n) => {
    const colon = n.lastIndexOf(':');
    const [repository, tag] =
      colon > n.lastIndexOf('/') ? [n.slice(0, colon), n.slice(colon + 1)] : [n, 'latest'];
    const out = run.outputImages?.find(
      (o) =>
        o.repository === repository &&
        (o.tag ?? 'latest') === tag &&
        (!o.registry || o.registry === loginServer),
    );
    return checkDigest(out?.digest ?? '', `ACR Tasks run ${run.runId} (${n})`);
  });
  if (new Set(digests).size > 1) {
    throw new RolloutError(
      'BuildFailed',
      `ACR Tasks run ${run.runId} pushed different digests: ${digests.join(', ')}`,
    );
  }
  return digests[0] as string;
}

/** Stream the run's log (masked, line by line) until the blob says Complete and the run ended. */
async function follow(
  arm: ContainerRegistryManagementClient,
  rg: string,
  name: string,
  runId: string,
  ctx: BuildContext,
  pollMs: number,
): Promise<{ run: Run; tail: string[] }> {
  const { logLink } = await arm.runs.getLogSasUrl(rg, name, runId, { abortSignal: ctx.signal });
  if (!logLink) throw new RolloutError('BuildFailed', `ACR Tasks run ${runId} has no log link`);
  ctx.onSecret(logLink);
  const blob = new BlobClient(logLink);
  const tail: string[] = [];
  let offset = 0;
  let partial = '';
  let quietAfterEnd = 0;
  const emit = (line: string) => {
    const masked = ctx.mask(line.replace(/\r$/, ''));
    ctx.log(masked);
    tail.push(masked);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  for (;;) {
    ctx.signal?.throwIfAborted();
    const run = await arm.runs.get(rg, name, runId, { abortSignal: ctx.signal });
    const ended = TERMINAL.has(run.status ?? '');
    const props = await blob.getProperties({ abortSignal: ctx.signal });
    const length = props.contentLength ?? 0;
    if (length > offset) {
      const part = await blob.downloadToBuffer(offset, length - offset, { abortSignal: ctx.signal });
      offset += part.length;
      const lines = (partial + part.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) emit(line);
    }
    const complete = props.metadata?.complete === 'true' || props.metadata?.Complete === 'true';
    // A run that ended but whose log never says Complete: stop after a few quiet polls.
    quietAfterEnd = ended && length <= offset ? quietAfterEnd + 1 : 0;
    if (ended && (complete || quietAfterEnd >= 3)) {
      if (partial) emit(partial);
      return { run, tail };
    }
    await wait(pollMs, ctx.signal);
  }
}
