// The deploy step: every check before the first change (YAML, names, traffic maths, model and
// environment, SKU, quota, the private-network image rule, the endpoint's traffic and journal),
// then ensure the endpoint, take the lock, and drive the blue-green machine. Verbs: `deploy`,
// `promote` / `reject` (a paused rollout), `status` (read only). After the job, the post-job entry
// (`runDeployPost`) recovers a rollout whose main entry was killed.
import { randomUUID } from 'node:crypto';
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { workspaceRef } from '../azure/inputs.js';
import { type LiveEndpoint, putEndpoint, readEndpoint, type WorkspaceClient } from '../azure/online.js';
import { connectWorkspace, type WorkspaceTarget } from '../azure/workspace.js';
import { describeError, InputError, isRolloutError, RolloutError } from '../errors.js';
import type { StepContext } from '../host/context.js';
import type { Host } from '../host/host.js';
import { runIdentity } from '../host/run-info.js';
import { rolloutChecks } from './checks.js';
import { deployGate } from './gate.js';
import { parseHealthThresholds } from './health.js';
import type { DeployInputs, DeployOutputs } from './inputs.js';
import {
  decideRecovery,
  decodeJournal,
  describeJournal,
  type JournalRecord,
  parseOnInterrupted,
  type Recovery,
  unfinishedRollout,
} from './journal.js';
import { acquireEndpointLock, type EndpointLock } from './lock.js';
import {
  driveRollout,
  type MachineIO,
  type MachineOptions,
  type MachineRun,
  rollBack,
  type RolloutChecks,
} from './machine.js';
import { planRollout, type RolloutPlan } from './plan.js';
import { loadPreflight, type Preflight } from './preflight.js';
import { timelineMarkdown, trafficMarkdownTable, trafficMermaid } from './timeline.js';
import { formatTraffic, parseMirrorPercent, parseTrafficSteps } from './traffic.js';

/** SDK poll interval on the local plane (its operations take milliseconds); Azure: Retry-After or 2 s. */
const LOCAL_POLL_MS = 200;

export async function runDeployStep(inputs: DeployInputs, ctx: StepContext): Promise<DeployOutputs> {
  const { host, azure } = ctx;
  // Everything about the inputs alone is checked before anything is read from Azure.
  parseTrafficSteps(inputs['traffic-steps']);
  parseMirrorPercent(inputs['mirror-percent']);
  const thresholds = parseHealthThresholds({
    maxErrorRate: inputs['max-error-rate'],
    maxP95Ms: inputs['max-p95-ms'],
    maxP95Ratio: inputs['max-p95-ratio'],
    minRequests: inputs['min-requests'],
  });
  const onInterrupted = parseOnInterrupted(inputs['on-interrupted']);
  const local = inputs['local-state-dir'] !== undefined;
  const pollIntervalMs = local ? LOCAL_POLL_MS : undefined;

  if (inputs.action === 'status') return status(inputs, ctx);
  const runInfo = runIdentity();
  const pre = await loadPreflight(inputs);
  const target = await connectWorkspace(workspaceRef(inputs), azure);
  const ws: WorkspaceClient = target;
  const endpointName = pre.endpointName;
  const context = await pre.check(
    target,
    (l) => host.info(l),
    (v) => host.setSecret(v),
  );
  let live = context.live;

  if (inputs.action === 'deploy') {
    // A paused or interrupted rollout is refused (or recovered) before anything changes.
    const read = decodeJournal(live?.tags);
    if (read.record?.stage === 'paused') decideRecovery(read, { action: 'deploy', onInterrupted });
    if (context.plan?.kind === 'unchanged') {
      host.info(`nothing to change: ${context.plan.reason}`);
      await host.appendSummary(`### Deploy ${endpointName}\n\nNothing to change: ${context.plan.reason}\n`);
      return outputs(live as LiveEndpoint, context.plan.live, undefined, 'false');
    }
  }

  const io: MachineIO = {
    log: (l) => host.info(l),
    warn: (l) => host.warning(l),
    timeline: [],
    traffic: live ? [{ label: 'start', traffic: live.traffic, mirrorTraffic: live.mirrorTraffic }] : [],
  };
  let createdEndpoint = false;
  if (!live) {
    if (inputs.action !== 'deploy') throw noEndpoint(endpointName);
    host.info(`creating endpoint '${endpointName}'`);
    const started = Date.now();
    await putEndpoint(ws, endpointName, context.endpointBody, { pollIntervalMs, signal: ctx.signal });
    createdEndpoint = true;
    io.timeline.push({
      stage: 'endpoint',
      startedAt: started,
      endedAt: Date.now(),
      outcome: 'ok',
      figures: 'created',
    });
    live = (await readEndpoint(ws, endpointName)) as LiveEndpoint;
  }

  // Saved before the lock is taken: a main entry killed from here on leaves its post-job entry what
  // it needs to take over the lease and restore the endpoint. Cleared once the rollout has settled.
  const leaseId = randomUUID();
  host.saveState(POST_STATE, JSON.stringify({ endpoint: endpointName, runId: runInfo.runId, leaseId }));
  const lock = await takeLock(host, target, endpointName, inputs, ctx, runInfo, {
    leaseId,
    timeoutMs: inputs['lock-timeout'] * 1000,
  }).catch((e: unknown) => {
    host.saveState(POST_STATE, '');
    throw e;
  });
  try {
    const result = await underLock();
    host.saveState(POST_STATE, '');
    return result;
  } catch (e) {
    // A failed rollout's summary shows how far it got and the restore, as a finished one does.
    if (io.timeline.length) await writeSummary(host, io, endpointName, `failed: ${describeError(e)}`);
    throw e;
  } finally {
    await lock
      .release()
      .catch((e: unknown) => host.warning(`could not release the lock: ${describeError(e)}`));
  }

  async function underLock(): Promise<DeployOutputs> {
    // Read again under the lock: another rollout may have finished or died meanwhile.
    live = (await readEndpoint(ws, endpointName)) as LiveEndpoint;
    const deploying = inputs.action === 'deploy';
    const recovery = decideRecovery(decodeJournal(live.tags), {
      action: inputs.action as 'deploy' | 'promote' | 'reject',
      onInterrupted,
      // A resume carries on with this run's deployment: refused when that is another one.
      newDeployment: deploying && context.plan?.kind === 'rollout' ? context.plan.newDeployment : undefined,
    });
    host.info(recovery.reason);
    const checks = await buildChecks(host, target, live, pre, thresholds, inputs, ctx);
    const options = machineOptions(inputs, pollIntervalMs);
    if (recovery.kind !== 'nothing') {
      const r = await recover(recovery, {
        host,
        ws,
        live,
        // A resume at `deploying` puts this run's deployment (promote resumes after the gate).
        deploymentBody: deploying ? pre.deploymentBody() : ({} as OnlineDeployment),
        checks,
        options,
        io,
        runInfo,
        keepOld: inputs['keep-old'],
        signal: ctx.signal,
      });
      if (recovery.kind === 'resume' || !recovery.thenDeploy)
        return finish(host, io, ws, endpointName, r.outcome, r.deployment, r.previous);
      live = (await readEndpoint(ws, endpointName)) as LiveEndpoint;
    }
    if (inputs.action !== 'deploy')
      throw new RolloutError('NothingPaused', `no paused rollout on '${endpointName}'`);
    const plan = planRollout(pre.planInputs(), pre.snapshot(live), {
      isSameDeployment: (d) => pre.isSame(d),
    });
    if (plan.kind === 'unchanged') {
      host.info(`nothing to change: ${plan.reason}`);
      return outputs(live, plan.live, undefined, 'false');
    }
    await pre.registerEnvironment(target, (l) => host.info(l));
    const now = new Date().toISOString();
    const record: JournalRecord = {
      runId: runInfo.runId,
      runUrl: runInfo.runUrl,
      stage: 'deploying',
      newDeployment: plan.newDeployment,
      oldDeployment: plan.oldDeployment,
      route: plan.route,
      startedAt: now,
      updatedAt: now,
      original: { traffic: { ...live.traffic }, mirrorTraffic: { ...live.mirrorTraffic } },
      createdEndpoint,
      createdDeployment: plan.action === 'create',
      keepOld: inputs['keep-old'],
    };
    for (const note of plan.notes) host.info(note);
    host.info(
      `rollout ${plan.oldDeployment ?? '(none)'} -> ${plan.newDeployment} on '${endpointName}': ${plan.firstDeployment ? 'first deployment, 100% after smoke and gate' : `steps ${plan.steps.map((s) => `${s.percent}%`).join(', ')}`}`,
    );
    const outcome = await driveRollout({
      ws,
      endpoint: endpointName,
      plan,
      deploymentBody: pre.deploymentBody(),
      record,
      checks,
      options,
      io,
      signal: ctx.signal,
    });
    return finish(host, io, ws, endpointName, outcome.kind, plan.newDeployment, plan.oldDeployment);
  }
}

/** What the main entry saves for the post-job entry while a rollout of this job may be unfinished. */
const POST_STATE = 'aml_rollout_deploy';

interface PostState {
  endpoint: string;
  runId: string;
  leaseId: string;
}

function readPostState(text: string | undefined): PostState | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Partial<PostState>;
    if (typeof v.endpoint === 'string' && typeof v.runId === 'string' && typeof v.leaseId === 'string')
      return { endpoint: v.endpoint, runId: v.runId, leaseId: v.leaseId };
  } catch {
    // Not ours, or cut short: nothing to recover from it.
  }
  return undefined;
}

/**
 * The post-job entry (GitHub `post:`, Azure DevOps `postjobexecution`), run after the job, even a
 * cancelled one: when the main entry died mid-rollout (killed after a cancel timed out, out of
 * memory), take over its lease, restore the traffic and mirror traffic its journal found (or
 * finish an interrupted finalize: only forward is safe there) through the same machine, and
 * release the lock. It reads only the saved state and the workspace inputs, and does nothing when
 * the main entry settled its rollout, or another run has taken the endpoint since.
 */
export async function runDeployPost(inputs: DeployInputs, ctx: StepContext): Promise<void> {
  const { host } = ctx;
  const saved = readPostState(host.getState(POST_STATE));
  if (!saved) {
    host.info('deploy: no rollout of this job was left unfinished');
    return;
  }
  const target = await connectWorkspace(workspaceRef(inputs), ctx.azure);
  let lock: EndpointLock;
  try {
    lock = await takeLock(
      host,
      target,
      saved.endpoint,
      inputs,
      ctx,
      { runId: saved.runId },
      {
        leaseId: saved.leaseId,
        timeoutMs: 0,
      },
    );
  } catch (e) {
    if (!isRolloutError(e) || e.code !== 'EndpointLocked') throw e;
    // Another run holds it now: it finds this job's journal and recovers it (on-interrupted).
    host.warning(`deploy: ${e.message}; that run recovers this job's rollout`);
    return;
  }
  try {
    const live = await readEndpoint(target, saved.endpoint);
    const read = decodeJournal(live?.tags);
    const j = unfinishedRollout(read);
    if (!live || !j || j.runId !== saved.runId || j.stage === 'paused') {
      host.info(
        `deploy: nothing to recover on '${saved.endpoint}': ${j ? describeJournal(j) : (read.reason ?? 'the rollout of this job has finished')}`,
      );
      return;
    }
    host.warning(`deploy: the job ended before its rollout did (${describeJournal(j)})`);
    const recovery = decideRecovery(read, { action: 'deploy', onInterrupted: 'rollback' });
    if (recovery.kind === 'nothing') return;
    const local = inputs['local-state-dir'] !== undefined;
    const io: MachineIO = {
      log: (l) => host.info(l),
      warn: (l) => host.warning(l),
      timeline: [],
      traffic: [{ label: 'found', traffic: live.traffic, mirrorTraffic: live.mirrorTraffic }],
    };
    const r = await recover(recovery, {
      host,
      ws: target,
      live,
      deploymentBody: {} as OnlineDeployment,
      checks: NO_CHECKS,
      options: machineOptions(inputs, local ? LOCAL_POLL_MS : undefined),
      io,
      runInfo: { runId: j.runId, runUrl: j.runUrl },
      keepOld: inputs['keep-old'],
      signal: ctx.signal,
    });
    await finish(
      host,
      io,
      target,
      saved.endpoint,
      `${r.outcome} after the job ended`,
      r.deployment,
      r.previous,
    );
  } finally {
    await lock
      .release()
      .catch((e: unknown) => host.warning(`could not release the lock: ${describeError(e)}`));
  }
}

/** The post-job entry rolls back or finishes a finalize: neither checks a deployment. */
const NO_CHECKS: RolloutChecks = {
  smoke: () => Promise.reject(new RolloutError('NoChecks', 'the post-job entry runs no smoke test')),
  watch: () => Promise.reject(new RolloutError('NoChecks', 'the post-job entry watches no traffic')),
};

function machineOptions(inputs: DeployInputs, pollIntervalMs: number | undefined): MachineOptions {
  return {
    provisionTimeoutMs: inputs['provision-timeout'] * 1000,
    bakeMs: inputs['bake-seconds'] * 1000,
    mirrorMs: inputs['mirror-seconds'] * 1000,
    failureLimit: inputs['failure-limit'],
    pauseBeforePromote: inputs['pause-before-promote'],
    keepFailed: inputs['keep-failed'],
    pollIntervalMs,
  };
}

/**
 * Recover a journalled rollout: roll it back, or carry it on from `recovery.from`. The run doing
 * it owns the journal from now on (its own post-job entry recovers it, should it die too).
 */
async function recover(
  recovery: Exclude<Recovery, { kind: 'nothing' }>,
  r: {
    host: Host;
    ws: WorkspaceClient;
    live: LiveEndpoint;
    deploymentBody: OnlineDeployment;
    checks: RolloutChecks;
    options: MachineOptions;
    io: MachineIO;
    runInfo: { runId: string; runUrl?: string | undefined };
    keepOld: boolean;
    signal: AbortSignal;
  },
): Promise<{ outcome: string; deployment: string | undefined; previous: string | undefined }> {
  const j: JournalRecord = { ...recovery.journal, runId: r.runInfo.runId, runUrl: r.runInfo.runUrl };
  const run: MachineRun = {
    ws: r.ws,
    endpoint: r.live.name,
    plan: journalPlan(j, r.live, r.keepOld),
    deploymentBody: r.deploymentBody,
    record: j,
    checks: r.checks,
    options: r.options,
    io: r.io,
    signal: r.signal,
  };
  if (recovery.kind === 'rollback') {
    await rollBack(run, recovery.reason);
    return { outcome: 'rolled back', deployment: j.oldDeployment, previous: undefined };
  }
  const outcome = await driveRollout(run, recovery.from);
  return { outcome: outcome.kind, deployment: j.newDeployment, previous: j.oldDeployment };
}

/** The plan of a journalled rollout, rebuilt from what the journal kept (`keepOld`: this run's
 * input, for a journal written before the record kept it). */
function journalPlan(j: JournalRecord, live: LiveEndpoint, keepOld: boolean): RolloutPlan {
  const plan = planRollout(
    {
      deploymentName: j.newDeployment,
      // Only guards an existing deployment against a change of SKU (a journal plan requests no
      // quota): the new deployment may not exist, when its runner died before Azure took the PUT.
      instanceType:
        live.deployments.find((d) => d.name.toLowerCase() === j.newDeployment.toLowerCase())?.instanceType ??
        'not created',
      instanceCount: 1,
      trafficSteps: j.route.steps,
      mirrorPercent: j.route.mirrorPercent,
      keepOld: j.keepOld ?? keepOld,
    },
    {
      exists: true,
      traffic: live.traffic,
      mirrorTraffic: live.mirrorTraffic,
      deployments: live.deployments.map((d) => d.resource),
    },
    {
      isSameDeployment: () => false,
      resuming: {
        newDeployment: j.newDeployment,
        createdDeployment: j.createdDeployment,
        original: j.original,
      },
    },
  );
  if (plan.kind !== 'rollout')
    throw new RolloutError('JournalUnreadable', 'the journal describes no rollout');
  return plan;
}

async function takeLock(
  host: Host,
  target: WorkspaceTarget,
  endpoint: string,
  inputs: DeployInputs,
  ctx: StepContext,
  runInfo: { runId: string; runUrl?: string },
  lease: { leaseId: string; timeoutMs: number },
): Promise<EndpointLock> {
  const { openDatastore } = await import('../azure/datastore.js');
  const store = await openDatastore(target, 'workspaceblobstore', (s) => ctx.azure.onSecret(s));
  return acquireEndpointLock(store.container, target.workspace, endpoint, runInfo, {
    ...lease,
    leaseSeconds: Math.round(inputs['lock-lease-seconds']),
    signal: ctx.signal,
    log: (l) => host.info(l),
    onLost: (e) => host.warning(describeError(e)),
  });
}

async function buildChecks(
  host: Host,
  ws: WorkspaceTarget,
  live: LiveEndpoint,
  pre: Preflight,
  thresholds: ReturnType<typeof parseHealthThresholds>,
  inputs: DeployInputs,
  ctx: StepContext,
) {
  const { resolveEndpoint } = await import('../azure/endpoints.js');
  const resolved = await resolveEndpoint({ ...workspaceRef(inputs), endpoint: live.name }, ctx.azure, (l) =>
    host.info(l),
  );
  const target = {
    scoringUri: resolved.scoringUri,
    protocol: pre.protocol,
    ...(resolved.credential ? { credential: resolved.credential } : {}),
    // What the gate quotes of an answer is masked by the run's masker.
    mask: (text: string) => host.mask(text),
  };
  return rolloutChecks({
    ws,
    endpointId: live.resource.id ?? '',
    target,
    requests: pre.probes,
    probeIntervalMs: inputs['probe-interval-ms'],
    thresholds,
    gate: pre.gate
      ? deployGate(
          host,
          pre.gate,
          target,
          pre.environmentVariables,
          (name) => {
            const d = live.deployments.find((x) => x.name.toLowerCase() === name.toLowerCase());
            return d?.environmentVariables ?? {};
          },
          { workspace: ws, endpoint: live.name, model: pre.gateModel(ws), image: pre.image },
        )
      : undefined,
    warn: (l) => host.warning(l),
    log: (l) => host.info(l),
  });
}

async function status(inputs: DeployInputs, ctx: StepContext): Promise<DeployOutputs> {
  const { host } = ctx;
  const name =
    inputs.endpoint ?? (inputs['endpoint-file'] ? await endpointNameOf(inputs['endpoint-file']) : undefined);
  if (!name) throw new InputError('endpoint', 'is required for action: status (or give endpoint-file)');
  const ws = await connectWorkspace(workspaceRef(inputs), ctx.azure);
  const live = await readEndpoint(ws, name);
  if (!live) throw noEndpoint(name);
  const read = decodeJournal(live.tags);
  const journal = read.record ? describeJournal(read.record) : `no rollout journal (${read.reason})`;
  host.info(
    `endpoint '${name}': traffic ${formatTraffic(live.traffic)}; mirror ${formatTraffic(live.mirrorTraffic)}`,
  );
  host.info(`journal: ${journal}`);
  for (const d of live.deployments) {
    host.info(`deployment '${d.name}': ${d.provisioningState}, ${d.instanceType} x ${d.instanceCount}`);
  }
  const serving = Object.entries(live.traffic).find(([, v]) => v > 0)?.[0];
  return outputs(live, serving, undefined, 'false');
}

async function endpointNameOf(file: string): Promise<string> {
  const { loadEndpointYaml } = await import('../spec/deploy-spec.js');
  return (await loadEndpointYaml(file)).name;
}

function noEndpoint(name: string): RolloutError {
  return new RolloutError('EndpointNotFound', `endpoint '${name}' does not exist`, {
    resource: name,
    remediation: 'run action: deploy with the endpoint YAML first',
  });
}

function outputs(
  live: LiveEndpoint,
  deployment: string | undefined,
  previous: string | undefined,
  changed: string,
): DeployOutputs {
  return {
    endpoint: live.name,
    ...(deployment ? { deployment } : {}),
    ...(previous ? { 'previous-deployment': previous } : {}),
    ...(live.scoringUri ? { 'scoring-uri': live.scoringUri } : {}),
    traffic: JSON.stringify(live.traffic),
    changed,
  };
}

const PAUSED_NOTE =
  'Paused before any traffic moved, waiting for a decision: run the step with `action: promote` to carry the rollout on, or `action: reject` to roll it back.';

/** The job summary: the timeline of stages and the traffic over time (Mermaid on GitHub, a table on ADO). */
async function writeSummary(host: Host, io: MachineIO, endpoint: string, outcome: string): Promise<void> {
  const chart = host.kind === 'ado' ? trafficMarkdownTable(io.traffic) : trafficMermaid(io.traffic);
  await host.appendSummary(
    [
      `### Deploy ${endpoint}: ${outcome}`,
      '',
      ...(outcome === 'paused' ? [PAUSED_NOTE, ''] : []),
      timelineMarkdown(io.timeline),
      '',
      '#### Traffic',
      '',
      chart,
      '',
    ].join('\n'),
  );
}

/** Outputs and summary of a rollout that ran: `deployment` serves once it is done, `previous` is the one it replaced. */
async function finish(
  host: Host,
  io: MachineIO,
  ws: WorkspaceClient,
  endpoint: string,
  outcome: string,
  deployment: string | undefined,
  previous: string | undefined,
): Promise<DeployOutputs> {
  const live = await readEndpoint(ws, endpoint);
  // Paused before any traffic moved: the old deployment still serves everything.
  if (outcome === 'paused') [deployment, previous] = [previous, undefined];
  await writeSummary(host, io, endpoint, outcome);
  return {
    endpoint,
    ...(deployment ? { deployment } : {}),
    ...(previous ? { 'previous-deployment': previous } : {}),
    ...(live?.scoringUri ? { 'scoring-uri': live.scoringUri } : {}),
    traffic: JSON.stringify(live?.traffic ?? {}),
    changed: 'true',
  };
}
