import { describe, expect, it } from 'vitest';
import { InputError, RolloutError } from '../errors.js';
import {
  checkDeploymentName,
  checkIdle,
  checkInstanceTypeUnchanged,
  chooseDeploymentName,
  DEPLOYMENT_NAME_RULE,
} from './naming.js';
import { trafficOf } from './traffic.js';

const thrown = (f: () => unknown): RolloutError => {
  try {
    f();
  } catch (e) {
    if (e instanceof RolloutError) return e;
    throw e;
  }
  throw new Error('expected a RolloutError');
};

describe('deployment names', () => {
  it.each(['blue', 'green-2', 'a1b', 'Prod-v3', 'x'.repeat(32)])('accepts %s', (name) => {
    expect(DEPLOYMENT_NAME_RULE.test(name)).toBe(true);
    expect(() => checkDeploymentName(name, 'deployment-name')).not.toThrow();
  });

  it.each(['ab', '1blue', 'blue-', 'blue_green', 'x'.repeat(33), 'bl ue'])(
    'refuses %s, naming the input',
    (name) => {
      const e = thrown(() => checkDeploymentName(name, 'deployment-name'));
      expect(e).toBeInstanceOf(InputError);
      expect(e.resource).toBe('deployment-name');
      expect(e.remediation).toMatch(/3-32 characters/);
    },
  );
});

describe('choosing the new deployment name', () => {
  it('the deployment-name input wins, created when absent', () => {
    const c = chooseDeploymentName({
      input: 'canary',
      yamlName: 'blue',
      traffic: { blue: 100 },
      deployments: ['blue'],
    });
    expect(c).toMatchObject({ name: 'canary', source: 'input', existing: undefined });
  });

  it('the input naming an idle deployment updates it in place, in the endpoint spelling', () => {
    const c = chooseDeploymentName({
      input: 'green',
      traffic: { Blue: 100, Green: 0 },
      deployments: ['Blue', 'Green'],
    });
    expect(c).toMatchObject({ name: 'Green', source: 'input', existing: 'Green' });
  });

  it('the input naming the live deployment is refused', () => {
    const e = thrown(() =>
      chooseDeploymentName({ input: 'BLUE', traffic: { blue: 100 }, deployments: ['blue'] }),
    );
    expect(e.code).toBe('DeploymentCarriesTraffic');
    expect(e.message).toMatch(/deployment 'BLUE' carries 100% of the traffic/);
    expect(e.resource).toBe('deployment-name');
  });

  it('an invalid input is an InputError', () => {
    expect(() => chooseDeploymentName({ input: 'b', traffic: {}, deployments: [] })).toThrow(InputError);
  });

  it('a blank input falls through to the YAML name', () => {
    const c = chooseDeploymentName({ input: '  ', yamlName: 'detector-v2', traffic: {}, deployments: [] });
    expect(c).toMatchObject({ name: 'detector-v2', source: 'yaml' });
  });

  it('the YAML name when it carries no traffic (new, or idle and updated in place)', () => {
    expect(
      chooseDeploymentName({ yamlName: 'green', traffic: { blue: 100 }, deployments: ['blue'] }),
    ).toMatchObject({ name: 'green', source: 'yaml', existing: undefined });
    expect(
      chooseDeploymentName({
        yamlName: 'green',
        traffic: { blue: 100, green: 0 },
        deployments: ['blue', 'green'],
      }),
    ).toMatchObject({ name: 'green', source: 'yaml', existing: 'green' });
  });

  it('an invalid YAML name is an InputError on deployment-file', () => {
    const e = thrown(() => chooseDeploymentName({ yamlName: 'my_model', traffic: {}, deployments: [] }));
    expect(e.resource).toBe('deployment-file');
  });

  it('the YAML name is live: the other colour', () => {
    expect(
      chooseDeploymentName({ yamlName: 'blue', traffic: { blue: 100 }, deployments: ['blue'] }),
    ).toMatchObject({ name: 'green', source: 'colour', existing: undefined });
    expect(
      chooseDeploymentName({
        yamlName: 'green',
        traffic: { green: 100, blue: 0 },
        deployments: ['green', 'blue'],
      }),
    ).toMatchObject({ name: 'blue', source: 'colour', existing: 'blue' });
    expect(
      chooseDeploymentName({ yamlName: 'Blue', traffic: { BLUE: 100 }, deployments: ['BLUE'] }).name,
    ).toBe('green');
  });

  it('a live deployment with another name: blue, unless an idle blue exists and green does not', () => {
    expect(
      chooseDeploymentName({ yamlName: 'prod', traffic: { prod: 100 }, deployments: ['prod'] }),
    ).toMatchObject({ name: 'blue', existing: undefined });
    expect(
      chooseDeploymentName({ yamlName: 'prod', traffic: { prod: 100 }, deployments: ['prod', 'blue'] }),
    ).toMatchObject({ name: 'green', existing: undefined });
    const both = chooseDeploymentName({
      yamlName: 'prod',
      traffic: { prod: 100, blue: 0, green: 0 },
      deployments: ['prod', 'blue', 'green'],
    });
    expect(both).toMatchObject({ name: 'blue', existing: 'blue' });
    expect(both.why).toMatch(/the YAML name 'prod' is live, so the idle colour 'blue' \(updated in place\)/);
  });

  it('no name at all: a colour, avoiding the live one', () => {
    expect(chooseDeploymentName({ traffic: {}, deployments: [] })).toMatchObject({
      name: 'blue',
      source: 'colour',
    });
    expect(chooseDeploymentName({ traffic: { blue: 100 }, deployments: ['blue'] })).toMatchObject({
      name: 'green',
    });
    expect(chooseDeploymentName({ traffic: undefined, deployments: ['blue'] }).name).toBe('green');
    expect(chooseDeploymentName({ traffic: {}, deployments: [] }).why).toBe(
      "no name was given, so the idle colour 'blue'",
    );
  });

  it('never picks the live deployment, whatever the endpoint holds', () => {
    const layouts: [Record<string, number>, string[]][] = [
      [{ blue: 100 }, ['blue', 'green']],
      [{ green: 100 }, ['blue', 'green']],
      [{ prod: 100 }, ['prod', 'blue', 'green']],
      [{ Green: 100 }, ['Green']],
    ];
    for (const [traffic, deployments] of layouts) {
      for (const yamlName of [undefined, 'blue', 'green', 'prod']) {
        const { name } = chooseDeploymentName({ yamlName, traffic, deployments });
        expect(trafficOf(traffic, name)).toBe(0);
      }
    }
  });
});

describe('checks on an existing deployment', () => {
  it('an idle deployment may be updated, a live one may not', () => {
    expect(() => checkIdle('green', { blue: 100, green: 0 })).not.toThrow();
    expect(() => checkIdle('green', undefined)).not.toThrow();
    const e = thrown(() => checkIdle('Green', { GREEN: 100 }));
    expect(e.code).toBe('DeploymentCarriesTraffic');
    expect(e.resource).toBe('Green');
  });

  it('instance_type cannot change: the error names both values', () => {
    expect(() => checkInstanceTypeUnchanged('green', 'Standard_DS3_v2', 'standard_ds3_v2')).not.toThrow();
    expect(() => checkInstanceTypeUnchanged('green', undefined, 'Standard_DS3_v2')).not.toThrow();
    const e = thrown(() => checkInstanceTypeUnchanged('green', 'Standard_DS3_v2', 'Standard_NC6s_v3'));
    expect(e.code).toBe('InstanceTypeImmutable');
    expect(e.message).toBe(
      "deployment 'green' runs on Standard_DS3_v2; its instance_type cannot change to Standard_NC6s_v3 (AML refuses it on update)",
    );
    expect(e.remediation).toMatch(/set deployment-name to a new name .* or delete 'green' first/);
  });
});
