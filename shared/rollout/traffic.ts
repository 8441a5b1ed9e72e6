// Traffic maths of a blue-green rollout on an AML managed online endpoint: the `traffic-steps` and
// `mirror-percent` inputs, the traffic map each step writes, comparing a read-back map with the one
// written, what the endpoint's traffic says at the start, and the restore target.
// AML's rules, as Azure applies them (and local/rules.ts mirrors them): deployment names are
// case-insensitive; live traffic values are integers 0..100 summing to 100, or to 0 when nothing
// serves; mirror traffic names one deployment at most, at most 50%, never one with live traffic.
// Pure: no I/O.
import { InputError, RolloutError } from '../errors.js';

/** Deployment name -> percent, as `properties.traffic` and `properties.mirrorTraffic` carry it. */
export type TrafficMap = Readonly<Record<string, number>>;

export const MAX_MIRROR_PERCENT = 50;

const STEPS_HINT = 'list whole percentages in ascending order ending at 100, e.g. 10,50,100';

/** `traffic-steps`: whole percentages 1..100 (a trailing `%` is allowed), strictly ascending, ending at 100. */
export function parseTrafficSteps(items: readonly string[]): number[] {
  if (items.length === 0) throw new InputError('traffic-steps', 'is empty', STEPS_HINT);
  const steps = items.map((item) => {
    const text = item.trim().replace(/%$/, '').trim();
    if (!/^\d+$/.test(text)) {
      throw new InputError('traffic-steps', `'${item.trim()}' is not a whole percentage`, STEPS_HINT);
    }
    return Number(text);
  });
  checkTrafficSteps(steps);
  return steps;
}

/** The rules `parseTrafficSteps` applies, for steps that arrive already as numbers. */
export function checkTrafficSteps(steps: readonly number[]): void {
  if (steps.length === 0) throw new InputError('traffic-steps', 'is empty', STEPS_HINT);
  steps.forEach((p, i) => {
    if (!Number.isInteger(p) || p < 1 || p > 100) {
      throw new InputError('traffic-steps', `${p} is not a whole percentage between 1 and 100`, STEPS_HINT);
    }
    const before = steps[i - 1];
    if (before !== undefined && p <= before) {
      throw new InputError(
        'traffic-steps',
        `${p} comes after ${before}: steps must rise strictly (got ${steps.join(',')})`,
        STEPS_HINT,
      );
    }
  });
  const last = steps[steps.length - 1];
  if (last !== 100) {
    throw new InputError(
      'traffic-steps',
      `must end at 100 so the new deployment ends up serving everything (got ${steps.join(',')})`,
      STEPS_HINT,
    );
  }
}

/** `mirror-percent`: a whole percentage 0..50 (AML's ceiling for mirrored traffic); 0 turns mirroring off. */
export function parseMirrorPercent(value: number | string | undefined): number {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return 0;
  const n = typeof value === 'number' ? value : Number(value.trim().replace(/%$/, ''));
  if (!Number.isInteger(n) || n < 0 || n > MAX_MIRROR_PERCENT) {
    throw new InputError(
      'mirror-percent',
      `${JSON.stringify(value)} is not a whole percentage between 0 and ${MAX_MIRROR_PERCENT}`,
      `AML mirrors at most ${MAX_MIRROR_PERCENT}% of live traffic; use 0 to skip mirroring`,
    );
  }
  return n;
}

/** AML compares deployment names without regard to case. */
export function sameDeployment(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** A deployment's percent in a map, matching names as AML does; absent means 0. */
export function trafficOf(map: TrafficMap | undefined, deployment: string): number {
  let total = 0;
  for (const [name, value] of Object.entries(map ?? {})) if (sameDeployment(name, deployment)) total += value;
  return total;
}

/** The spelling a list uses for a deployment, or undefined when the list does not name it. */
export function findDeployment(names: Iterable<string>, deployment: string): string | undefined {
  for (const name of names) if (sameDeployment(name, deployment)) return name;
  return undefined;
}

/** "blue 90%, green 10%" (zeros left out), or "none". */
export function formatTraffic(map: TrafficMap | undefined): string {
  const parts = Object.entries(map ?? {})
    .filter(([, v]) => v !== 0)
    .map(([k, v]) => `${k} ${v}%`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/**
 * The traffic map of one step: the new deployment at `percent`, the old one at the rest, every other
 * deployment the endpoint lists at 0 (named explicitly, so the map sums to 100 across the endpoint's
 * deployments whatever AML does with names left out). Without an old deployment only 0 or 100 can sum
 * right. Keys keep the endpoint's spelling of each name.
 */
export function trafficForStep(
  percent: number,
  p: { newDeployment: string; oldDeployment?: string | undefined; deployments: readonly string[] },
): Record<string, number> {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new RolloutError('InvalidTrafficStep', `traffic step ${percent} is not a whole percentage 0..100`, {
      resource: p.newDeployment,
    });
  }
  if (sameDeployment(p.newDeployment, p.oldDeployment)) {
    throw new RolloutError(
      'InvalidTrafficStep',
      `the new and the old deployment are the same ('${p.newDeployment}')`,
      { resource: p.newDeployment },
    );
  }
  if (p.oldDeployment === undefined && percent !== 0 && percent !== 100) {
    throw new RolloutError(
      'InvalidTrafficStep',
      `without an old deployment the new one '${p.newDeployment}' can only take 0% or 100%, not ${percent}%: AML requires traffic to sum to 100 (or 0)`,
      { resource: p.newDeployment },
    );
  }
  const map: Record<string, number> = {};
  for (const name of p.deployments) if (findDeployment(Object.keys(map), name) === undefined) map[name] = 0;
  const newKey = findDeployment(Object.keys(map), p.newDeployment) ?? p.newDeployment;
  map[newKey] = percent;
  if (p.oldDeployment !== undefined) {
    const oldKey = findDeployment(Object.keys(map), p.oldDeployment) ?? p.oldDeployment;
    map[oldKey] = 100 - percent;
  }
  return map;
}

/** `map` with every listed deployment it does not name added at 0 (same meaning, explicit). */
export function withZeros(map: TrafficMap, deployments: readonly string[]): Record<string, number> {
  const out: Record<string, number> = { ...map };
  for (const name of deployments) if (findDeployment(Object.keys(out), name) === undefined) out[name] = 0;
  return out;
}

export interface TrafficDifference {
  deployment: string;
  expected: number;
  actual: number;
}

/**
 * How a read-back map differs from the expected one; empty when they agree. Names match without case
 * and a name missing on either side counts as 0, as AML treats them.
 */
export function compareTraffic(expected: TrafficMap, actual: TrafficMap | undefined): TrafficDifference[] {
  const names: string[] = [];
  for (const name of [...Object.keys(expected), ...Object.keys(actual ?? {})]) {
    if (findDeployment(names, name) === undefined) names.push(name);
  }
  return names
    .map((deployment) => ({
      deployment,
      expected: trafficOf(expected, deployment),
      actual: trafficOf(actual, deployment),
    }))
    .filter((d) => d.expected !== d.actual);
}

/** "green: expected 10%, read back 0%; blue: expected 90%, read back 100%". */
export function describeDifferences(diffs: readonly TrafficDifference[]): string {
  return diffs.map((d) => `${d.deployment}: expected ${d.expected}%, read back ${d.actual}%`).join('; ');
}

/** The endpoint's traffic as found at the start of a rollout. */
export interface TrafficPicture {
  /** The one deployment carrying live traffic (100%), or undefined when none does. */
  live: string | undefined;
  /** No live traffic anywhere: the new deployment will take 100% at once after smoke and gate. */
  firstDeployment: boolean;
  /** The deployment receiving mirrored traffic, if any. */
  mirror: { deployment: string; percent: number } | undefined;
  /** Copies of the maps as found: the exact restore target. */
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
}

/**
 * Reads the traffic found at the start. A rollout starts only from a clean state: at most one
 * deployment carrying traffic, so "old" and "new" are unambiguous and a restore is exact.
 */
export function describeTraffic(
  traffic: TrafficMap | undefined,
  mirrorTraffic?: TrafficMap | undefined,
): TrafficPicture {
  const found = { ...(traffic ?? {}) };
  const mirrorFound = { ...(mirrorTraffic ?? {}) };
  for (const [name, value] of Object.entries(found)) {
    if (!Number.isInteger(value) || value < 0 || value > 100) {
      throw new RolloutError(
        'InvalidTraffic',
        `the endpoint's traffic gives '${name}' ${value}%, not a whole percentage 0..100`,
        { resource: 'traffic', remediation: 'set the endpoint traffic to valid values and re-run' },
      );
    }
  }
  const carrying = Object.entries(found).filter(([, v]) => v > 0);
  if (carrying.length > 1) {
    throw new RolloutError(
      'MultipleLiveDeployments',
      `a rollout starts from at most one deployment carrying traffic; found ${formatTraffic(found)}`,
      {
        resource: 'traffic',
        remediation:
          'finish the earlier split first: if a rollout of this suite is paused, run it with action: promote or reject; otherwise send all traffic to one deployment (az ml online-endpoint update --traffic "<name>=100")',
      },
    );
  }
  const [live] = carrying;
  if (live && live[1] !== 100) {
    throw new RolloutError(
      'InvalidTraffic',
      `the endpoint's traffic sums to ${live[1]}% (${formatTraffic(found)}); AML requires 100 or 0`,
      { resource: 'traffic', remediation: 'set the endpoint traffic to sum to 100 and re-run' },
    );
  }
  const mirrored = Object.entries(mirrorFound).find(([, v]) => v > 0);
  return {
    live: live?.[0],
    firstDeployment: live === undefined,
    mirror: mirrored ? { deployment: mirrored[0], percent: mirrored[1] } : undefined,
    traffic: found,
    mirrorTraffic: mirrorFound,
  };
}

/** What any failure puts back: the traffic and mirror traffic found at the start, exactly. */
export interface RestoreTarget {
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
}

export function restoreTarget(picture: Pick<TrafficPicture, 'traffic' | 'mirrorTraffic'>): RestoreTarget {
  return { traffic: { ...picture.traffic }, mirrorTraffic: { ...picture.mirrorTraffic } };
}

/** A mirror map without the entries naming `deployment` (it is about to take live traffic). */
export function mirrorWithout(mirror: TrafficMap, deployment: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(mirror))
    if (!sameDeployment(name, deployment)) out[name] = value;
  return out;
}
