// The blue-green state machine: from the new deployment at 0% to the new deployment at 100%, one
// stage at a time, each journalled in the endpoint's tags before it acts, so a re-run can resume
// or roll back. What varies (how a deployment is smoke-tested, gated and judged) is behind
// `RolloutChecks`; the machine owns the order, the traffic and the restore. Any failure before
// `finalizing` restores the traffic and mirror traffic found at the start, exactly.
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import {
  deleteDeployment,
  deploymentLogs,
  DeploymentProvisioningError,
  getDeployment,
  type LiveEndpoint,
  putDeployment,
  readEndpoint,
  setEndpointTags,
  setTraffic,
  setTrafficAndMirror,
  type WorkspaceClient,
} from '../azure/online.js';
import { describeError, RolloutError } from '../errors.js';
import { describeFigures, type HealthVerdict } from './health.js';
import { forwardStages, type JournalRecord, type Stage, stagePercent, withJournal } from './journal.js';
import type { RolloutPlan } from './plan.js';
import type { StageOutcome, TimelineRow, TrafficSample } from './timeline.js';
import { compareTraffic, describeDifferences, formatTraffic, type TrafficMap } from './traffic.js';

/** The checks a rollout runs; each throws a RolloutError (or returns a failed verdict) to stop it. */
export interface RolloutChecks {
  /** Requests through the deployment header to the new deployment; returns a line of figures. */
  smoke(deployment: string, signal: AbortSignal): Promise<string>;
  /** The gate on the new deployment (and parity with the live one); undefined when not configured. */
  gate?: ((deployment: string, live: string | undefined, signal: AbortSignal) => Promise<string>) | undefined;
  /** Watch a window (probes and live metrics) and judge it. */
  watch(window: WatchWindow, signal: AbortSignal): Promise<HealthVerdict>;
}

export interface WatchWindow {
  stage: Stage;
  newDeployment: string;
  oldDeployment: string | undefined;
  durationMs: number;
  /** Mirrored traffic only: the new deployment's live answers are not seen by clients. */
  mirror: boolean;
}

export interface MachineOptions {
  provisionTimeoutMs: number;
  bakeMs: number;
  mirrorMs: number;
  failureLimit: number;
  pauseBeforePromote: boolean;
  keepFailed: boolean;
  pollIntervalMs?: number | undefined;
}

export interface MachineIO {
  log(line: string): void;
  warn(line: string): void;
  /** Called once per stage start and end, for the summary timeline. */
  timeline: TimelineRow[];
  traffic: TrafficSample[];
}

export interface MachineRun {
  ws: WorkspaceClient;
  endpoint: string;
  plan: RolloutPlan;
  deploymentBody: OnlineDeployment;
  record: JournalRecord;
  checks: RolloutChecks;
  options: MachineOptions;
  io: MachineIO;
  signal: AbortSignal;
}

export type MachineOutcome = { kind: 'done' } | { kind: 'paused'; after: Stage };

/** Stages the machine runs, in order, from `from` (stages before `deploying` belong to the step). */
export function machineStages(plan: RolloutPlan, from: Stage): Stage[] {
  const all = forwardStages(plan.route);
  const first = all.indexOf('deploying');
  const start = Math.max(first, all.indexOf(from));
  return all.slice(start).filter((s) => s !== 'done');
}

/** Drives the rollout from `from`; on failure restores the start and throws the reason. */
export async function driveRollout(run: MachineRun, from: Stage = 'deploying'): Promise<MachineOutcome> {
  return new Machine(run).drive(from);
}

/** Restores what the journalled rollout found at its start (a rejected or interrupted rollout). */
export async function rollBack(run: MachineRun, reason: string): Promise<void> {
  const m = new Machine(run);
  await m.restore(reason);
}

class Machine {
  private live!: LiveEndpoint;
  private failedChecks = 0;

  constructor(private readonly run: MachineRun) {}

  private get ws() {
    return this.run.ws;
  }

  private wait() {
    return { pollIntervalMs: this.run.options.pollIntervalMs };
  }

  async drive(from: Stage): Promise<MachineOutcome> {
    await this.refresh();
    const stages = machineStages(this.run.plan, from);
    let current: Stage = from;
    try {
      for (const stage of stages) {
        current = stage;
        this.run.signal.throwIfAborted();
        await this.journal(stage);
        await this.timed(stage, () => this.act(stage));
        if (this.shouldPauseAfter(stage)) {
          await this.journal('paused', stage);
          this.run.io.log(
            `paused after ${stage}: continue with action: promote, or undo with action: reject`,
          );
          return { kind: 'paused', after: stage };
        }
      }
      await this.journal('done');
      return { kind: 'done' };
    } catch (e) {
      if (current === 'finalizing') {
        // The new deployment already serves 100% and passed every check: only forward is safe.
        throw new RolloutError(
          'FinalizeFailed',
          `the rollout reached 100% on '${this.run.plan.newDeployment}' but could not finish: ${describeError(e)}`,
          {
            resource: this.run.endpoint,
            remediation: 're-run the step: it resumes at finalizing (the journal says so)',
            cause: e,
          },
        );
      }
      // Cancelled: whichever wait noticed first (its AbortError may not say why), the reason is the
      // cancellation. The rollback itself runs without the signal.
      const failure = this.run.signal.aborted ? this.cancelled(current) : e;
      await this.rollback(current, failure);
      throw failure;
    }
  }

  private cancelled(stage: Stage): RolloutError {
    const reason: unknown = this.run.signal.reason;
    return new RolloutError(
      'RolloutCancelled',
      `the rollout was cancelled at ${stage} (${reason === undefined ? 'aborted' : describeError(reason)})`,
      {
        resource: this.run.endpoint,
        remediation:
          'the traffic and mirror traffic found at the start were restored; re-run to deploy again',
      },
    );
  }

  private shouldPauseAfter(stage: Stage): boolean {
    if (!this.run.options.pauseBeforePromote) return false;
    // Pause once the new deployment is vetted, before the first traffic step.
    const stages = machineStages(this.run.plan, 'deploying');
    const next = stages[stages.indexOf(stage) + 1];
    return next !== undefined && stagePercent(next) !== undefined && stagePercent(stage) === undefined;
  }

  private async act(stage: Stage): Promise<string | undefined> {
    const { plan, checks, signal } = this.run;
    const p = stagePercent(stage);
    if (p !== undefined) return this.trafficStep(stage, p);
    switch (stage) {
      case 'deploying':
        return this.deploy();
      case 'smoke':
        return checks.smoke(plan.newDeployment, signal);
      case 'gate':
        return checks.gate ? checks.gate(plan.newDeployment, plan.oldDeployment, signal) : 'not configured';
      case 'mirror':
        return this.mirror();
      case 'finalizing':
        return this.finalize();
      default:
        return undefined;
    }
  }

  // ------------------------------------------------------------------ stages

  private async deploy(): Promise<string> {
    const { plan, endpoint, deploymentBody, options } = this.run;
    this.run.io.log(
      `${plan.action === 'create' ? 'creating' : 'updating'} deployment '${plan.newDeployment}' at 0% (${plan.nameWhy})`,
    );
    try {
      const d = await putDeployment(this.ws, endpoint, plan.newDeployment, deploymentBody, {
        timeoutMs: options.provisionTimeoutMs,
        signal: this.run.signal,
        pollIntervalMs: options.pollIntervalMs,
      });
      return `${d.provisioningState}: ${d.instanceType} x ${d.instanceCount}`;
    } catch (e) {
      if (e instanceof DeploymentProvisioningError) await this.printLogs(plan.newDeployment);
      throw e;
    }
  }

  private async mirror(): Promise<string> {
    const { plan, options } = this.run;
    const mirror = plan.mirror;
    if (!mirror) return 'no mirror';
    await this.writeTraffic('mirror', this.live.traffic, mirror.mirrorTraffic);
    const verdict = await this.run.checks.watch(
      {
        stage: 'mirror',
        newDeployment: plan.newDeployment,
        oldDeployment: plan.oldDeployment,
        durationMs: options.mirrorMs,
        mirror: true,
      },
      this.run.signal,
    );
    this.judge('mirror', verdict);
    // AML refuses traffic to a mirror target: clear the mirror before the first traffic step.
    await this.writeTraffic('mirror cleared', this.live.traffic, mirror.clearTo);
    return verdictLine(verdict);
  }

  private async trafficStep(stage: Stage, percent: number): Promise<string> {
    const { plan, options } = this.run;
    const step = plan.steps.find((s) => s.percent === percent);
    if (!step) throw new RolloutError('PlanMismatch', `no traffic step of ${percent}% in the plan`);
    await this.writeTraffic(`${percent}%`, step.traffic, step.mirrorTraffic);
    if (plan.firstDeployment) {
      return 'first deployment: no live traffic to shift from or judge; smoke and gate passed';
    }
    const verdict = await this.run.checks.watch(
      {
        stage,
        newDeployment: plan.newDeployment,
        oldDeployment: plan.oldDeployment,
        durationMs: options.bakeMs,
        mirror: false,
      },
      this.run.signal,
    );
    this.judge(stage, verdict);
    return verdictLine(verdict);
  }

  private async finalize(): Promise<string> {
    const { plan, endpoint } = this.run;
    const f = plan.finalize;
    const old = plan.oldDeployment;
    // A deployment about to be deleted leaves the traffic map (AML treats a missing name as 0%).
    const traffic =
      old && f.old?.action === 'delete'
        ? Object.fromEntries(
            Object.entries(f.traffic).filter(([name]) => name.toLowerCase() !== old.toLowerCase()),
          )
        : f.traffic;
    await this.writeTraffic('final', traffic, f.mirrorTraffic);
    if (!old || !f.old) return `'${plan.newDeployment}' serves 100%`;
    if (f.old.action === 'delete') {
      await deleteDeployment(this.ws, endpoint, old, this.wait());
      return `'${plan.newDeployment}' serves 100%; '${old}' deleted`;
    }
    if (f.old.scaleTo !== undefined) {
      const d = await getDeployment(this.ws, endpoint, old);
      if (d && d.instanceCount !== f.old.scaleTo) {
        const { provisioningState: _p, ...properties } = d.resource.properties;
        await putDeployment(
          this.ws,
          endpoint,
          old,
          {
            ...d.resource,
            properties,
            sku: { ...(d.resource.sku ?? { name: 'Default' }), capacity: f.old.scaleTo },
          },
          { timeoutMs: this.run.options.provisionTimeoutMs, pollIntervalMs: this.run.options.pollIntervalMs },
        );
      }
    }
    return `'${plan.newDeployment}' serves 100%; '${old}' kept at 0% on ${f.old.scaleTo ?? 'its'} instance(s)`;
  }

  // ------------------------------------------------------------------ rollback

  async restore(reason: string): Promise<void> {
    await this.refresh();
    this.run.io.log(`rolling back: ${reason}`);
    await this.rollback(this.run.record.stage, reason);
  }

  private async rollback(at: Stage, cause: unknown): Promise<void> {
    const { plan, endpoint, options } = this.run;
    const reason = typeof cause === 'string' ? cause : describeError(cause);
    if (typeof cause !== 'string') this.run.io.warn(`rolling back from ${at}: ${reason}`);
    const started = Date.now();
    try {
      await this.journal('rolling-back');
      await this.refresh();
      const restore = plan.restore;
      const diffs = [
        ...compareTraffic(restore.traffic, this.live.traffic),
        ...compareTraffic(restore.mirrorTraffic, this.live.mirrorTraffic),
      ];
      // Exactly the map found when the new deployment goes away; with explicit zeros when it stays.
      const deleting = restore.deleteNewDeployment && !options.keepFailed;
      const traffic = deleting ? restore.traffic : restore.writeTraffic;
      if (diffs.length || deleting) await this.writeTraffic('rollback', traffic, restore.mirrorTraffic);
      if (restore.deleteNewDeployment) {
        if (options.keepFailed) {
          this.run.io.log(`keep-failed: deployment '${plan.newDeployment}' is kept at 0% for debugging`);
        } else {
          await deleteDeployment(this.ws, endpoint, plan.newDeployment, this.wait());
        }
      }
      await this.journal('rolled-back');
      const restored = `traffic restored: ${formatTraffic(restore.traffic)}; mirror ${formatTraffic(restore.mirrorTraffic)}`;
      this.run.io.log(`rolled back: ${restored}`);
      this.row('rollback', started, 'rolled back', restored);
    } catch (e) {
      this.row('rollback', started, 'failed', describeError(e));
      throw new RolloutError(
        'RollbackFailed',
        `rollback after '${reason}' did not complete: ${describeError(e)}`,
        {
          resource: endpoint,
          remediation: 're-run the step: the journal in the endpoint tags makes it finish the rollback',
          cause: e,
        },
      );
    }
  }

  // ------------------------------------------------------------------ traffic and journal

  /** Write traffic (and mirror traffic when it changes), read it back, and compare. */
  private async writeTraffic(label: string, traffic: TrafficMap, mirrorTraffic: TrafficMap): Promise<void> {
    const mirrorChanges = compareTraffic(mirrorTraffic, this.live.mirrorTraffic).length > 0;
    if (mirrorChanges) {
      await setTrafficAndMirror(this.ws, this.live, { ...traffic }, { ...mirrorTraffic }, this.wait());
    } else {
      await setTraffic(this.ws, this.live, { ...traffic }, this.wait());
    }
    await this.refresh();
    const diffs = [
      ...compareTraffic(traffic, this.live.traffic),
      ...compareTraffic(mirrorTraffic, this.live.mirrorTraffic),
    ];
    if (diffs.length) {
      throw new RolloutError(
        'TrafficMismatch',
        `traffic read back after '${label}' differs from what was set: ${describeDifferences(diffs)}`,
        { resource: this.run.endpoint },
      );
    }
    this.run.io.traffic.push({ label, traffic: this.live.traffic, mirrorTraffic: this.live.mirrorTraffic });
    this.run.io.log(
      `traffic ${label}: ${formatTraffic(this.live.traffic)}${Object.keys(this.live.mirrorTraffic).length ? `; mirror ${formatTraffic(this.live.mirrorTraffic)}` : ''}`,
    );
  }

  private async journal(stage: Stage, pausedAfter?: Stage): Promise<void> {
    const record = this.run.record;
    record.stage = stage;
    record.updatedAt = new Date().toISOString();
    if (pausedAfter) record.paused = pausedAfter;
    else delete record.paused;
    const tags = withJournal(this.live.tags, record);
    await setEndpointTags(this.ws, this.run.endpoint, tags, this.wait());
    this.live.tags = tags;
  }

  private async refresh(): Promise<void> {
    const live = await readEndpoint(this.ws, this.run.endpoint);
    if (!live) {
      throw new RolloutError(
        'EndpointMissing',
        `endpoint '${this.run.endpoint}' disappeared during the rollout`,
        {
          resource: this.run.endpoint,
        },
      );
    }
    this.live = live;
  }

  private judge(stage: string, verdict: HealthVerdict): void {
    if (verdict.ok) return;
    this.failedChecks++;
    if (this.failedChecks >= this.run.options.failureLimit) {
      throw new RolloutError('HealthCheckFailed', `${stage}: ${verdict.reasons.join('; ')}`, {
        resource: this.run.plan.newDeployment,
        remediation:
          'see the figures in the summary; thresholds are the max-error-rate, max-p95-* and min-requests inputs',
      });
    }
    this.run.io.warn(
      `${stage}: check failed (${this.failedChecks} of ${this.run.options.failureLimit} allowed): ${verdict.reasons.join('; ')}`,
    );
  }

  private async printLogs(deployment: string): Promise<void> {
    for (const container of ['StorageInitializer', 'InferenceServer'] as const) {
      const text = await deploymentLogs(this.ws, this.run.endpoint, deployment, container);
      this.run.io.warn(`--- ${deployment} ${container} log ---\n${text || '(empty)'}`);
    }
  }

  private async timed(stage: Stage, fn: () => Promise<string | undefined>): Promise<void> {
    const started = Date.now();
    try {
      const figures = await fn();
      this.row(stage, started, 'ok', figures);
    } catch (e) {
      this.row(stage, started, 'failed', describeError(e));
      throw e;
    }
  }

  private row(stage: string, startedAt: number, outcome: StageOutcome, figures: string | undefined): void {
    this.run.io.timeline.push({ stage, startedAt, endedAt: Date.now(), outcome, figures });
  }
}

function verdictLine(v: HealthVerdict): string {
  return `${v.ok ? 'healthy' : 'unhealthy'}: ${describeFigures(v.figures)}${v.ok ? '' : ` — ${v.reasons.join('; ')}`}`;
}
