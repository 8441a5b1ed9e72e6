// Which deployment a rollout deploys to: the name, whether that deployment already exists (then it
// is updated in place, which AML allows only while it carries no traffic), and AML's refusal to
// change an existing deployment's instance_type. Pure: no I/O.
//
// The rule, first match wins:
//   1. the `deployment-name` input, when given (refused if it carries traffic);
//   2. the YAML `name`, unless that deployment carries traffic;
//   3. a colour: of `blue` and `green`, leaving out the live deployment, the first that does not
//      exist yet; if both exist (idle, at 0%), the first of them, updated in place. So blue -> green,
//      green -> blue, and a live deployment with another name (say `prod`) is followed by `blue`,
//      or by `green` when an idle `blue` exists but `green` does not.
import { InputError, RolloutError } from '../errors.js';
import { findDeployment, sameDeployment, trafficOf, type TrafficMap } from './traffic.js';

/** AML's rule for endpoint and deployment names: a letter first, 3-32 letters, digits or '-', no '-' last. */
export const DEPLOYMENT_NAME_RULE = /^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/;

export const COLOURS = ['blue', 'green'] as const;

export type NameSource = 'input' | 'yaml' | 'colour';

export interface NameChoice {
  name: string;
  source: NameSource;
  /** The endpoint's spelling of the name when a deployment of that name exists (updated in place). */
  existing: string | undefined;
  /** One sentence for the log: why this name. */
  why: string;
}

export function checkDeploymentName(name: string, input: string): void {
  if (!DEPLOYMENT_NAME_RULE.test(name)) {
    throw new InputError(
      input,
      `deployment name '${name}' is invalid`,
      "AML wants 3-32 characters: letters, digits and '-', starting with a letter and not ending with '-'",
    );
  }
}

/** Refuses to update a deployment in place while it carries live traffic. */
export function checkIdle(name: string, traffic: TrafficMap | undefined, input?: string): void {
  const live = trafficOf(traffic, name);
  if (live > 0) {
    throw new RolloutError(
      'DeploymentCarriesTraffic',
      `deployment '${name}' carries ${live}% of the traffic; a rollout never updates the live deployment in place`,
      {
        resource: input ?? name,
        remediation:
          'choose another deployment-name, or leave it empty so the step picks the idle colour (blue/green)',
      },
    );
  }
}

export function chooseDeploymentName(p: {
  /** The `deployment-name` input. */
  input?: string | undefined;
  /** `name` in the deployment YAML. */
  yamlName?: string | undefined;
  traffic: TrafficMap | undefined;
  /** Names of the deployments the endpoint has now. */
  deployments: readonly string[];
}): NameChoice {
  const existing = (name: string) => findDeployment(p.deployments, name);
  const input = p.input?.trim();
  if (input) {
    checkDeploymentName(input, 'deployment-name');
    checkIdle(input, p.traffic, 'deployment-name');
    return {
      name: existing(input) ?? input,
      source: 'input',
      existing: existing(input),
      why: `deployment-name is '${input}'`,
    };
  }
  const yamlName = p.yamlName?.trim();
  if (yamlName) {
    checkDeploymentName(yamlName, 'deployment-file');
    if (trafficOf(p.traffic, yamlName) === 0) {
      return {
        name: existing(yamlName) ?? yamlName,
        source: 'yaml',
        existing: existing(yamlName),
        why: `the deployment YAML names '${yamlName}' and it carries no traffic`,
      };
    }
  }
  const live = Object.entries(p.traffic ?? {}).find(([, v]) => v > 0)?.[0];
  const candidates = COLOURS.filter((c) => !sameDeployment(c, live));
  const colour = candidates.find((c) => existing(c) === undefined) ?? candidates[0] ?? 'blue';
  const because = yamlName
    ? `the YAML name '${yamlName}' is live`
    : live
      ? `no name was given and '${live}' is live`
      : 'no name was given';
  return {
    name: existing(colour) ?? colour,
    source: 'colour',
    existing: existing(colour),
    why: `${because}, so the idle colour '${colour}'${existing(colour) ? ' (updated in place)' : ''}`,
  };
}

/** AML refuses to change an existing deployment's instance_type; say so before it does. */
export function checkInstanceTypeUnchanged(
  deployment: string,
  existing: string | undefined,
  wanted: string | undefined,
): void {
  if (existing === undefined || wanted === undefined || existing.toLowerCase() === wanted.toLowerCase())
    return;
  throw new RolloutError(
    'InstanceTypeImmutable',
    `deployment '${deployment}' runs on ${existing}; its instance_type cannot change to ${wanted} (AML refuses it on update)`,
    {
      resource: deployment,
      remediation: `set deployment-name to a new name (a new deployment may use ${wanted}), or delete '${deployment}' first`,
    },
  );
}
