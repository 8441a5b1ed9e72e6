import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { describe, expect, it } from 'vitest';
import { InputError, RolloutError } from '../errors.js';
import { forwardStages } from './journal.js';
import {
  deploymentFacts,
  planRollout,
  type EndpointSnapshot,
  type PlanInputs,
  type RolloutPlan,
} from './plan.js';

const dep = (
  name: string,
  over: { model?: string; instanceType?: string; capacity?: number; state?: string } = {},
): OnlineDeployment => ({
  name,
  location: 'westeurope',
  properties: {
    endpointComputeType: 'Managed',
    model: over.model ?? 'azureml:detector:1',
    instanceType: over.instanceType ?? 'Standard_DS3_v2',
    provisioningState: over.state ?? 'Succeeded',
  },
  sku: { name: 'Default', capacity: over.capacity ?? 2 },
});

const inputs = (over: Partial<PlanInputs> = {}): PlanInputs => ({
  yamlName: 'blue',
  instanceType: 'Standard_DS3_v2',
  instanceCount: 2,
  trafficSteps: [10, 50, 100],
  mirrorPercent: 0,
  keepOld: false,
  ...over,
});

/** The YAML describes model detector:2; a deployment is "the same" when it runs that model. */
const options = { isSameDeployment: (d: OnlineDeployment) => d.properties.model === 'azureml:detector:2' };

const endpoint = (
  deployments: OnlineDeployment[],
  traffic: Record<string, number>,
  mirrorTraffic: Record<string, number> = {},
): EndpointSnapshot => ({ exists: true, deployments, traffic, mirrorTraffic });

const rollout = (...args: Parameters<typeof planRollout>): RolloutPlan => {
  const plan = planRollout(...args);
  if (plan.kind !== 'rollout') throw new Error(`expected a rollout, got ${plan.kind}`);
  return plan;
};

const thrown = (f: () => unknown): RolloutError => {
  try {
    f();
  } catch (e) {
    if (e instanceof RolloutError) return e;
    throw e;
  }
  throw new Error('expected a RolloutError');
};

describe('deployment facts', () => {
  it('reads name, instance type, count (sku.capacity) and provisioning state', () => {
    expect(deploymentFacts(dep('blue', { capacity: 3, state: 'Updating' }))).toEqual({
      name: 'blue',
      instanceType: 'Standard_DS3_v2',
      instanceCount: 3,
      provisioningState: 'Updating',
    });
  });
});

describe('a first deployment', () => {
  it('on a new endpoint: create both, 100% at once after smoke and gate, nothing to restore but the empty maps', () => {
    const plan = rollout(
      inputs({ mirrorPercent: 20, keepOld: true }),
      { exists: false, deployments: [] },
      options,
    );
    expect(plan).toMatchObject({
      createEndpoint: true,
      newDeployment: 'blue',
      action: 'create',
      oldDeployment: undefined,
      firstDeployment: true,
      mirror: undefined,
      route: { steps: [100], mirrorPercent: 0 },
    });
    expect(plan.steps).toEqual([
      { percent: 100, stage: 'traffic:100', traffic: { blue: 100 }, mirrorTraffic: {} },
    ]);
    expect(plan.finalize).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {}, old: undefined });
    expect(plan.restore).toEqual({
      traffic: {},
      mirrorTraffic: {},
      writeTraffic: { blue: 0 },
      deleteNewDeployment: true,
    });
    expect(plan.quota).toEqual({ instanceType: 'Standard_DS3_v2', instanceCount: 2, existing: undefined });
    expect(plan.notes).toEqual([
      'first deployment: it takes 100% at once after smoke and gate',
      'mirror-percent not applied: there is no live traffic to mirror',
      'keep-old not applied: there is no old deployment',
    ]);
  });

  it('on an endpoint whose deployments all sit at 0%: the idle ones stay at 0', () => {
    const plan = rollout(inputs({ yamlName: 'green' }), endpoint([dep('old')], { old: 0 }), options);
    expect(plan.firstDeployment).toBe(true);
    expect(plan.createEndpoint).toBe(false);
    expect(plan.steps.map((s) => s.traffic)).toEqual([{ old: 0, green: 100 }]);
    expect(plan.restore.traffic).toEqual({ old: 0 });
  });
});

describe('a blue-green rollout', () => {
  const live = () => endpoint([dep('blue'), dep('spare', { capacity: 1 })], { blue: 100, spare: 0 });

  it('the YAML name is live, so green; steps move traffic from blue, every deployment named', () => {
    const plan = rollout(inputs(), live(), options);
    expect(plan).toMatchObject({
      newDeployment: 'green',
      action: 'create',
      oldDeployment: 'blue',
      firstDeployment: false,
      createEndpoint: false,
    });
    expect(plan.nameWhy).toMatch(/the YAML name 'blue' is live/);
    expect(plan.steps.map((s) => [s.stage, s.traffic])).toEqual([
      ['traffic:10', { blue: 90, spare: 0, green: 10 }],
      ['traffic:50', { blue: 50, spare: 0, green: 50 }],
      ['traffic:100', { blue: 0, spare: 0, green: 100 }],
    ]);
    for (const s of plan.steps) expect(Object.values(s.traffic).reduce((a, b) => a + b, 0)).toBe(100);
    expect(plan.finalize).toEqual({
      traffic: { blue: 0, spare: 0, green: 100 },
      mirrorTraffic: {},
      old: { action: 'delete' },
    });
    expect(plan.restore).toEqual({
      traffic: { blue: 100, spare: 0 },
      mirrorTraffic: {},
      writeTraffic: { blue: 100, spare: 0, green: 0 },
      deleteNewDeployment: true,
    });
    expect(plan.route).toEqual({ steps: [10, 50, 100], mirrorPercent: 0 });
    expect(plan.notes).toEqual([]);
  });

  it('the route walks mirror then each step', () => {
    const plan = rollout(inputs({ mirrorPercent: 20 }), live(), options);
    expect(plan.mirror).toEqual({ percent: 20, mirrorTraffic: { green: 20 }, clearTo: {} });
    expect(forwardStages(plan.route)).toEqual([
      'validated',
      'endpoint-ready',
      'locked',
      'deploying',
      'smoke',
      'gate',
      'mirror',
      ...plan.steps.map((s) => s.stage),
      'finalizing',
      'done',
    ]);
  });

  it('keep-old keeps the old deployment at 0% on one instance', () => {
    expect(rollout(inputs({ keepOld: true }), live(), options).finalize.old).toEqual({
      action: 'keep',
      scaleTo: 1,
    });
    const single = endpoint([dep('blue', { capacity: 1 })], { blue: 100 });
    expect(rollout(inputs({ keepOld: true }), single, options).finalize.old).toEqual({
      action: 'keep',
      scaleTo: undefined,
    });
  });

  it('a mirror found at the start is kept through the steps, and restored as found', () => {
    const withShadow = endpoint([dep('blue'), dep('shadow')], { blue: 100, shadow: 0 }, { shadow: 10 });
    const plan = rollout(inputs({ mirrorPercent: 30 }), withShadow, options);
    // The mirror stage mirrors to the new deployment alone (AML mirrors to one), then clears back.
    expect(plan.mirror).toEqual({ percent: 30, mirrorTraffic: { green: 30 }, clearTo: { shadow: 10 } });
    expect(plan.steps.every((s) => s.mirrorTraffic.shadow === 10)).toBe(true);
    expect(plan.finalize.mirrorTraffic).toEqual({ shadow: 10 });
    expect(plan.restore.mirrorTraffic).toEqual({ shadow: 10 });
  });

  it('a mirror naming the new deployment is dropped before it takes live traffic (AML refuses both)', () => {
    const mirrored = endpoint([dep('blue'), dep('green')], { blue: 100, green: 0 }, { green: 20 });
    const plan = rollout(inputs(), mirrored, options);
    expect(plan.newDeployment).toBe('green');
    expect(plan.steps[0]?.mirrorTraffic).toEqual({});
    expect(plan.restore.mirrorTraffic).toEqual({ green: 20 });
  });

  it('an idle deployment of the chosen name is updated in place: kept on rollback, quota counts the increase', () => {
    const idle = endpoint([dep('blue'), dep('Green', { capacity: 1 })], { blue: 100, Green: 0 });
    const plan = rollout(inputs({ instanceCount: 3 }), idle, options);
    expect(plan).toMatchObject({ newDeployment: 'Green', action: 'update' });
    expect(plan.steps[0]?.traffic).toEqual({ blue: 90, Green: 10 });
    expect(plan.restore.deleteNewDeployment).toBe(false);
    expect(plan.quota).toEqual({
      instanceType: 'Standard_DS3_v2',
      instanceCount: 3,
      existing: { instanceType: 'Standard_DS3_v2', instanceCount: 1 },
    });
  });

  it('an idle deployment on another instance type is refused, naming both', () => {
    const idle = endpoint([dep('blue'), dep('green', { instanceType: 'Standard_F4s_v2' })], { blue: 100 });
    const e = thrown(() => planRollout(inputs(), idle, options));
    expect(e.code).toBe('InstanceTypeImmutable');
    expect(e.message).toMatch(/runs on Standard_F4s_v2; its instance_type cannot change to Standard_DS3_v2/);
  });

  it('an idle deployment another operation owns is refused', () => {
    const busy = endpoint([dep('blue'), dep('green', { state: 'Updating' })], { blue: 100 });
    expect(thrown(() => planRollout(inputs(), busy, options)).code).toBe('DeploymentBusy');
  });

  it('deployment-name naming the live deployment is refused', () => {
    expect(thrown(() => planRollout(inputs({ deploymentName: 'blue' }), live(), options)).code).toBe(
      'DeploymentCarriesTraffic',
    );
  });

  it('a split endpoint is refused: at most one deployment carrying traffic', () => {
    const split = endpoint([dep('blue'), dep('green')], { blue: 90, green: 10 });
    const e = thrown(() => planRollout(inputs(), split, options));
    expect(e.code).toBe('MultipleLiveDeployments');
    expect(e.message).toMatch(/found blue 90%, green 10%/);
  });

  it('a new deployment beyond AML limit of 20 is refused; an update in place is not', () => {
    const many = [dep('blue'), ...Array.from({ length: 19 }, (_, i) => dep(`idle-${i}`))];
    const full = endpoint(many, { blue: 100 });
    expect(thrown(() => planRollout(inputs({ yamlName: 'fresh' }), full, options)).code).toBe(
      'TooManyDeployments',
    );
    expect(rollout(inputs({ yamlName: 'idle-3' }), full, options).action).toBe('update');
  });
});

describe('an identical re-run', () => {
  it('changes nothing when the live deployment already runs what the YAML describes', () => {
    const same = endpoint([dep('blue', { model: 'azureml:detector:2' })], { blue: 100 });
    expect(planRollout(inputs(), same, options)).toEqual({
      kind: 'unchanged',
      live: 'blue',
      reason:
        "deployment 'blue' already serves 100% with the same model, image, instance type and count, and environment",
    });
    // whatever name the inputs ask for
    expect(planRollout(inputs({ deploymentName: 'green' }), same, options).kind).toBe('unchanged');
  });

  it('rolls out when the live deployment differs, or did not provision cleanly', () => {
    expect(planRollout(inputs(), endpoint([dep('blue')], { blue: 100 }), options).kind).toBe('rollout');
    const failed = endpoint([dep('blue', { model: 'azureml:detector:2', state: 'Failed' })], { blue: 100 });
    expect(planRollout(inputs(), failed, options).kind).toBe('rollout');
  });

  it('an idle deployment with the same content is not "unchanged": it serves nothing', () => {
    const idle = endpoint([dep('blue'), dep('green', { model: 'azureml:detector:2' })], {
      blue: 100,
      green: 0,
    });
    expect(planRollout(inputs(), idle, options).kind).toBe('rollout');
  });
});

describe('resuming an interrupted rollout', () => {
  const midway = endpoint([dep('blue'), dep('green', { state: 'Creating' })], { blue: 50, green: 50 });
  const resuming = {
    newDeployment: 'green',
    createdDeployment: true,
    original: { traffic: { blue: 100 }, mirrorTraffic: {} },
  };

  it('plans against the traffic found at the original start, not the split now', () => {
    expect(() => planRollout(inputs(), midway, options)).toThrow(/at most one deployment carrying traffic/);
    const plan = rollout(inputs(), midway, { ...options, resuming });
    expect(plan).toMatchObject({ newDeployment: 'green', action: 'create', oldDeployment: 'blue' });
    expect(plan.nameWhy).toBe("resuming the interrupted rollout of 'green'");
    expect(plan.restore.traffic).toEqual({ blue: 100 });
    expect(plan.restore.writeTraffic).toEqual({ blue: 100, green: 0 });
    expect(plan.restore.deleteNewDeployment).toBe(true);
    expect(plan.steps[1]?.traffic).toEqual({ blue: 50, green: 50 });
  });

  it('keeps a deployment the interrupted run updated in place', () => {
    const plan = rollout(inputs(), midway, {
      ...options,
      resuming: { ...resuming, createdDeployment: false },
    });
    expect(plan.action).toBe('update');
    expect(plan.restore.deleteNewDeployment).toBe(false);
  });

  it('is never "unchanged", even when the live deployment matches', () => {
    const same = endpoint([dep('blue', { model: 'azureml:detector:2' }), dep('green')], {
      blue: 90,
      green: 10,
    });
    expect(planRollout(inputs(), same, { ...options, resuming }).kind).toBe('rollout');
  });
});

describe('inputs', () => {
  it.each<[Partial<PlanInputs>, string]>([
    [{ instanceCount: 0 }, 'deployment-file'],
    [{ instanceCount: 1.5 }, 'deployment-file'],
    [{ instanceType: ' ' }, 'deployment-file'],
    [{ trafficSteps: [50, 10] }, 'traffic-steps'],
    [{ trafficSteps: [] }, 'traffic-steps'],
    [{ mirrorPercent: 60 }, 'mirror-percent'],
  ])('refuses %j naming %s', (over, input) => {
    const e = thrown(() => planRollout(inputs(over), { exists: false, deployments: [] }, options));
    expect(e).toBeInstanceOf(InputError);
    expect(e.resource).toBe(input);
  });
});
