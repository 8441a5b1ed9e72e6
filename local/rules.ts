// AML's online-endpoint rules as pure decisions: each returns the ArmError Azure would answer with,
// or undefined when the request is allowed. The control plane calls these before changing state.
import { ArmError, badArgument } from './arm-http.js';
import { findVmSize, isOnlineSize, VM_SIZES } from './skus.js';

/** Endpoint and deployment names: start with a letter, 3-32 letters, digits or '-', not ending in '-'. */
const NAME_RULE = /^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/;
/** Asset (model, environment, datastore) names, as the 2022-10-01 swagger patterns them. */
const ASSET_NAME_RULE = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;

/**
 * Asset versions: the 2022-10-01 swagger gives no pattern, so the plane applies the name's (letters,
 * digits, '-', '_', at most 255 characters) plus '.', as in `1.0.2`: never a path, a space or a NUL.
 */
const ASSET_VERSION_RULE = /^[a-zA-Z0-9][a-zA-Z0-9.\-_]{0,254}$/;

export const MAX_DEPLOYMENTS_PER_ENDPOINT = 20;
export const MAX_MIRROR_PERCENT = 50;

export function checkEndpointName(name: string): ArmError | undefined {
  if (NAME_RULE.test(name)) return undefined;
  return badArgument(
    'InvalidEndpointName',
    `Endpoint name '${name}' is invalid: it must start with a letter, be 3-32 characters long, contain only letters, digits and '-', and not end with '-'.`,
    'name',
  );
}

export function checkDeploymentName(name: string): ArmError | undefined {
  if (NAME_RULE.test(name)) return undefined;
  return badArgument(
    'InvalidDeploymentName',
    `Deployment name '${name}' is invalid: it must start with a letter, be 3-32 characters long, contain only letters, digits and '-', and not end with '-'.`,
    'name',
  );
}

export function checkAssetName(kind: string, name: string): ArmError | undefined {
  if (ASSET_NAME_RULE.test(name)) return undefined;
  return badArgument(
    'InvalidAssetName',
    `${kind} name '${printable(name)}' is invalid: it must match ${ASSET_NAME_RULE.source} (letters, digits, '-', '_', at most 255 characters, starting with a letter or digit).`,
    'name',
  );
}

export function checkAssetVersion(kind: string, version: string): ArmError | undefined {
  if (ASSET_VERSION_RULE.test(version)) return undefined;
  return badArgument(
    'InvalidAssetVersion',
    `${kind} version '${printable(version)}' is invalid: it must match ${ASSET_VERSION_RULE.source} (letters, digits, '.', '-', '_', at most 255 characters, starting with a letter or digit).`,
    'version',
  );
}

/** A name or version as an error message may quote it: control characters escaped, long values cut. */
function printable(value: string): string {
  const shown = JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value).slice(1, -1);
  return shown;
}

export function checkTraffic(
  traffic: Record<string, number>,
  deployments: readonly string[],
): ArmError | undefined {
  const known = new Set(deployments.map((d) => d.toLowerCase()));
  for (const [name, value] of Object.entries(traffic)) {
    if (!known.has(name.toLowerCase())) {
      return badArgument(
        'TrafficDeploymentNotFound',
        `Traffic names deployment '${name}', which does not exist on this endpoint.`,
        'properties.traffic',
      );
    }
    if (!Number.isInteger(value) || value < 0 || value > 100) {
      return badArgument(
        'InvalidTrafficValue',
        `Traffic for deployment '${name}' must be an integer between 0 and 100, got ${value}.`,
        'properties.traffic',
      );
    }
  }
  const sum = Object.values(traffic).reduce((a, b) => a + b, 0);
  if (sum !== 0 && sum !== 100) {
    return badArgument(
      'InvalidTrafficSum',
      `Traffic values must sum to 0 or 100; they sum to ${sum}.`,
      'properties.traffic',
    );
  }
  return undefined;
}

export function checkMirrorTraffic(
  mirror: Record<string, number>,
  traffic: Record<string, number>,
  deployments: readonly string[],
): ArmError | undefined {
  const entries = Object.entries(mirror).filter(([, v]) => v !== 0);
  if (entries.length > 1) {
    return badArgument(
      'MirrorTrafficTooManyDeployments',
      `Mirror traffic can be set for one deployment only; got ${entries.length}.`,
      'properties.mirrorTraffic',
    );
  }
  const known = new Set(deployments.map((d) => d.toLowerCase()));
  for (const [name, value] of entries) {
    if (!known.has(name.toLowerCase())) {
      return badArgument(
        'TrafficDeploymentNotFound',
        `Mirror traffic names deployment '${name}', which does not exist on this endpoint.`,
        'properties.mirrorTraffic',
      );
    }
    if (!Number.isInteger(value) || value < 0 || value > MAX_MIRROR_PERCENT) {
      return badArgument(
        'InvalidMirrorTrafficValue',
        `Mirror traffic must be an integer between 0 and ${MAX_MIRROR_PERCENT}, got ${value} for '${name}'.`,
        'properties.mirrorTraffic',
      );
    }
    const live = Object.entries(traffic).find(([d]) => d.toLowerCase() === name.toLowerCase())?.[1] ?? 0;
    if (live > 0) {
      return badArgument(
        'MirrorToLiveDeployment',
        `Deployment '${name}' has ${live}% live traffic and cannot also receive mirrored traffic.`,
        'properties.mirrorTraffic',
      );
    }
  }
  return undefined;
}

export function checkDeploymentDeletable(
  name: string,
  traffic: Record<string, number>,
  mirror: Record<string, number>,
): ArmError | undefined {
  const find = (m: Record<string, number>) =>
    Object.entries(m).find(([d]) => d.toLowerCase() === name.toLowerCase())?.[1] ?? 0;
  const live = find(traffic);
  const mirrored = find(mirror);
  if (live > 0 || mirrored > 0) {
    return new ArmError(
      409,
      'Conflict',
      `Deployment '${name}' cannot be deleted while it receives traffic (live ${live}%, mirror ${mirrored}%). Set its traffic to 0 first.`,
      [
        {
          code: 'DeploymentHasTraffic',
          message: 'Set the deployment traffic to 0 before deleting it.',
          target: name,
        },
      ],
    );
  }
  return undefined;
}

export function checkInstanceTypeUnchanged(
  before: string | undefined,
  after: string | undefined,
): ArmError | undefined {
  if (before === undefined || after === undefined || before.toLowerCase() === after.toLowerCase())
    return undefined;
  return badArgument(
    'InstanceTypeImmutable',
    `instance_type cannot be changed on update (from '${before}' to '${after}'); create a new deployment instead.`,
    'properties.instanceType',
  );
}

export function checkDeploymentCount(existing: number): ArmError | undefined {
  if (existing < MAX_DEPLOYMENTS_PER_ENDPOINT) return undefined;
  return badArgument(
    'TooManyDeployments',
    `An endpoint can have at most ${MAX_DEPLOYMENTS_PER_ENDPOINT} deployments; delete one first.`,
    'deployments',
  );
}

/** Parse a traffic map from a request body, rejecting anything that is not name -> integer. */
export function parseTrafficMap(value: unknown, target: string): Record<string, number> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badArgument(
      'InvalidTrafficValue',
      `${target} must be an object of deployment name to percent.`,
      target,
    );
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'number') {
      throw badArgument('InvalidTrafficValue', `${target}.${k} must be an integer.`, target);
    }
    out[k] = v;
  }
  return out;
}

/** Whether an Azure instance type is a GPU SKU (served in FP16 by the plane). Sizes outside the
 * catalogue (Kubernetes instance types) count as GPU when named like Azure's NC sizes. */
export function isGpuInstanceType(instanceType: string | undefined): boolean {
  const size = findVmSize(instanceType);
  return size ? size.gpus > 0 : /^Standard_NC/i.test(instanceType ?? '');
}

/** A managed online deployment's instance type must be a size the region offers for online endpoints. */
export function checkInstanceType(instanceType: string, location: string): ArmError | undefined {
  const size = findVmSize(instanceType);
  if (size && isOnlineSize(size)) return undefined;
  const supported = VM_SIZES.filter(isOnlineSize).map((s) => s.name);
  const message = size
    ? `Instance type '${instanceType}' is not supported for managed online endpoints. Supported instance types: ${supported.join(', ')}.`
    : `Instance type '${instanceType}' is not a VM size of location '${location}'. Supported instance types: ${supported.join(', ')}.`;
  return badArgument('InvalidInstanceType', message, 'properties.instanceType');
}

/**
 * A deployment needing `needed` more cores of a family, with `used` of `limit` already held, fails
 * with the message AML's inference service gives (surfaced by ARM as 400 BadRequest). `family` is
 * what the message names: the instance type for a family quota, the regional total otherwise.
 */
export function checkQuota(q: {
  instanceType: string;
  subscriptionId: string;
  used: number;
  limit: number;
  needed: number;
  scope: 'family' | 'regional';
}): ArmError | undefined {
  if (q.needed <= 0 || q.used + q.needed <= q.limit) return undefined;
  const what =
    q.scope === 'family' ? q.instanceType : `${q.instanceType} (Total Cluster Dedicated Regional vCPUs)`;
  const message = `Not enough quota available for ${what} in SubscriptionId ${q.subscriptionId}. Current usage/limit: ${q.used}/${q.limit}. Additional needed: ${q.needed} Please see troubleshooting guide, available here: https://aka.ms/oe-tsg#error-outofquota`;
  return new ArmError(400, 'BadRequest', message, [{ code: 'OutOfQuota', message, target: 'sku.capacity' }]);
}
