// The rollout plan: from the validated inputs and the endpoint as found, everything the state
// machine will do, decided before anything changes: the new deployment (name, create or update in
// place), the old one (or none: a first deployment takes 100% at once), the mirror stage, each
// traffic step's maps, the finalize step, the restore target, and the quota request. Or "unchanged"
// when the live deployment already runs what the YAML describes. Pure: the caller reads the
// endpoint and passes a fingerprint comparison (the YAML fingerprint lives with the spec code).
//
// Mirror traffic: found mirror traffic is kept through the rollout, except entries naming the new
// deployment (AML refuses live traffic to a mirrored deployment). The mirror stage sets
// `{new: mirror-percent}` alone (AML mirrors to one deployment), then clears back to that kept map.
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { InputError, RolloutError } from '../errors.js';
import { trafficStage, type StageRoute, type TrafficStage } from './journal.js';
import { checkIdle, checkInstanceTypeUnchanged, chooseDeploymentName } from './naming.js';
import type { QuotaRequest } from './quota.js';
import {
  checkTrafficSteps,
  describeTraffic,
  findDeployment,
  mirrorWithout,
  parseMirrorPercent,
  restoreTarget,
  trafficForStep,
  withZeros,
  type RestoreTarget,
  type TrafficMap,
} from './traffic.js';

/** AML's limit of deployments per endpoint. */
export const MAX_DEPLOYMENTS_PER_ENDPOINT = 20;

/** Provisioning states in which another operation owns the deployment. */
const BUSY_STATES = new Set(['creating', 'updating', 'deleting', 'scaling']);

export interface PlanInputs {
  /** The `deployment-name` input. */
  deploymentName?: string | undefined;
  /** `name` in the deployment YAML. */
  yamlName?: string | undefined;
  instanceType: string;
  instanceCount: number;
  trafficSteps: readonly number[];
  mirrorPercent: number;
  keepOld: boolean;
}

export interface EndpointSnapshot {
  /** false when the endpoint does not exist yet (then no deployments, no traffic). */
  exists: boolean;
  traffic?: TrafficMap | undefined;
  mirrorTraffic?: TrafficMap | undefined;
  deployments: readonly OnlineDeployment[];
}

export interface PlanOptions {
  /** Whether a deployment already runs what the YAML describes (model, image, instance type and count, environment). */
  isSameDeployment: (existing: OnlineDeployment) => boolean;
  /** From the journal of an interrupted rollout being resumed: plan against the traffic found at its start. */
  resuming?:
    | {
        newDeployment: string;
        createdDeployment: boolean;
        original: { traffic: TrafficMap; mirrorTraffic: TrafficMap };
      }
    | undefined;
}

/** What the plan needs from a deployment resource. */
export interface DeploymentFacts {
  name: string;
  instanceType: string | undefined;
  /** `sku.capacity`, which carries the YAML's instance_count. */
  instanceCount: number | undefined;
  provisioningState: string | undefined;
}

export function deploymentFacts(d: OnlineDeployment): DeploymentFacts {
  return {
    name: d.name ?? '',
    instanceType: d.properties.instanceType,
    instanceCount: d.sku?.capacity,
    provisioningState: d.properties.provisioningState,
  };
}

export interface TrafficStepPlan {
  percent: number;
  stage: TrafficStage;
  /** The whole traffic map to write (every deployment named), then read back and compare. */
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
}

export interface RolloutPlan {
  kind: 'rollout';
  createEndpoint: boolean;
  newDeployment: string;
  /** Why this name, for the log. */
  nameWhy: string;
  /** `create`: the deployment did not exist before this rollout; `update`: an idle one updated in place. */
  action: 'create' | 'update';
  /** The deployment live at the start; undefined for a first deployment. */
  oldDeployment: string | undefined;
  firstDeployment: boolean;
  /** The mirror stage, when there is one: set `mirrorTraffic`, observe, then set `clearTo`. */
  mirror:
    { percent: number; mirrorTraffic: Record<string, number>; clearTo: Record<string, number> } | undefined;
  steps: TrafficStepPlan[];
  finalize: {
    traffic: Record<string, number>;
    mirrorTraffic: Record<string, number>;
    /** What becomes of the old deployment; `scaleTo` is set when it must shrink to one instance. */
    old: { action: 'delete' } | { action: 'keep'; scaleTo: number | undefined } | undefined;
  };
  /** The traffic found at the start (exact), the map to write to restore it, and whether to delete the new deployment. */
  restore: RestoreTarget & { writeTraffic: Record<string, number>; deleteNewDeployment: boolean };
  quota: QuotaRequest;
  route: StageRoute;
  notes: string[];
}

export interface UnchangedPlan {
  kind: 'unchanged';
  live: string;
  reason: string;
}

export type Plan = RolloutPlan | UnchangedPlan;

export function planRollout(inputs: PlanInputs, endpoint: EndpointSnapshot, options: PlanOptions): Plan {
  checkInputs(inputs);
  const notes: string[] = [];
  const facts = endpoint.deployments.map(deploymentFacts);
  const names = facts.map((f) => f.name);
  const factsOf = (name: string | undefined) =>
    name === undefined ? undefined : facts.find((f) => f.name.toLowerCase() === name.toLowerCase());
  const resuming = options.resuming;
  const picture = resuming
    ? describeTraffic(resuming.original.traffic, resuming.original.mirrorTraffic)
    : describeTraffic(endpoint.traffic, endpoint.mirrorTraffic);

  const live = factsOf(picture.live);
  if (
    !resuming &&
    live &&
    (live.provisioningState === undefined || live.provisioningState.toLowerCase() === 'succeeded')
  ) {
    const resource = endpoint.deployments.find((d) => d.name === live.name);
    if (resource && options.isSameDeployment(resource)) {
      return {
        kind: 'unchanged',
        live: live.name,
        reason: `deployment '${live.name}' already serves 100% with the same model, image, instance type and count, and environment`,
      };
    }
  }

  let newDeployment: string;
  let nameWhy: string;
  if (resuming) {
    checkIdle(resuming.newDeployment, picture.traffic);
    newDeployment = findDeployment(names, resuming.newDeployment) ?? resuming.newDeployment;
    nameWhy = `resuming the interrupted rollout of '${resuming.newDeployment}'`;
  } else {
    const choice = chooseDeploymentName({
      input: inputs.deploymentName,
      yamlName: inputs.yamlName,
      traffic: picture.traffic,
      deployments: names,
    });
    newDeployment = choice.name;
    nameWhy = choice.why;
  }
  const existing = factsOf(newDeployment);
  const action: RolloutPlan['action'] = resuming
    ? resuming.createdDeployment
      ? 'create'
      : 'update'
    : existing
      ? 'update'
      : 'create';
  if (existing) {
    checkInstanceTypeUnchanged(existing.name, existing.instanceType, inputs.instanceType);
    if (!resuming && BUSY_STATES.has((existing.provisioningState ?? '').toLowerCase())) {
      throw new RolloutError(
        'DeploymentBusy',
        `deployment '${existing.name}' is ${existing.provisioningState}: another operation owns it`,
        { resource: existing.name, remediation: 'wait for that operation to finish, then re-run' },
      );
    }
  } else if (facts.length >= MAX_DEPLOYMENTS_PER_ENDPOINT) {
    throw new RolloutError(
      'TooManyDeployments',
      `the endpoint has ${facts.length} deployments, AML's limit; a new one cannot be created`,
      {
        resource: newDeployment,
        remediation: 'delete an idle deployment, or update one in place (deployment-name)',
      },
    );
  }

  const allNames = existing ? names : [...names, newDeployment];
  const old = picture.live === undefined ? undefined : (findDeployment(names, picture.live) ?? picture.live);
  const firstDeployment = old === undefined;
  const kept = mirrorWithout(picture.mirrorTraffic, newDeployment);
  let steps = [...inputs.trafficSteps];
  let mirrorPercent = inputs.mirrorPercent;
  if (firstDeployment) {
    if (steps.length !== 1) notes.push('first deployment: it takes 100% at once after smoke and gate');
    steps = [100];
    if (mirrorPercent > 0) notes.push('mirror-percent not applied: there is no live traffic to mirror');
    mirrorPercent = 0;
    if (inputs.keepOld) notes.push('keep-old not applied: there is no old deployment');
  }
  const stepPlans: TrafficStepPlan[] = steps.map((percent) => ({
    percent,
    stage: trafficStage(percent),
    traffic: trafficForStep(percent, { newDeployment, oldDeployment: old, deployments: allNames }),
    mirrorTraffic: { ...kept },
  }));
  const last = stepPlans[stepPlans.length - 1] as TrafficStepPlan;
  const oldFacts = factsOf(old);
  const oldEnd: RolloutPlan['finalize']['old'] =
    old === undefined
      ? undefined
      : inputs.keepOld
        ? { action: 'keep', scaleTo: oldFacts?.instanceCount === 1 ? undefined : 1 }
        : { action: 'delete' };
  const restore = restoreTarget(picture);
  return {
    kind: 'rollout',
    createEndpoint: !endpoint.exists,
    newDeployment,
    nameWhy,
    action,
    oldDeployment: old,
    firstDeployment,
    mirror:
      mirrorPercent > 0
        ? { percent: mirrorPercent, mirrorTraffic: { [newDeployment]: mirrorPercent }, clearTo: { ...kept } }
        : undefined,
    steps: stepPlans,
    finalize: { traffic: { ...last.traffic }, mirrorTraffic: { ...kept }, old: oldEnd },
    restore: {
      ...restore,
      writeTraffic: withZeros(restore.traffic, allNames),
      deleteNewDeployment: action === 'create',
    },
    quota: {
      instanceType: inputs.instanceType,
      instanceCount: inputs.instanceCount,
      existing:
        existing?.instanceType !== undefined && existing.instanceCount !== undefined
          ? { instanceType: existing.instanceType, instanceCount: existing.instanceCount }
          : undefined,
    },
    route: { steps, mirrorPercent },
    notes,
  };
}

function checkInputs(inputs: PlanInputs): void {
  if (inputs.instanceType.trim() === '') throw new InputError('deployment-file', 'instance_type is empty');
  if (!Number.isInteger(inputs.instanceCount) || inputs.instanceCount < 1) {
    throw new InputError(
      'deployment-file',
      `instance_count ${inputs.instanceCount} is not a whole number of at least 1`,
    );
  }
  checkTrafficSteps(inputs.trafficSteps);
  parseMirrorPercent(inputs.mirrorPercent);
}
