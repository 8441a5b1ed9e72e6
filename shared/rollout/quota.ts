// Whether the subscription's per-family vCPU quota can hold the new deployment, read from the
// workspace's `virtualMachineSizes` and `usages` lists (as the SDK returns them). AML reserves 20%
// extra instances on managed online deployments for upgrades, so a deployment of N instances needs
// ceil(1.2 x N) x vCPUs cores of its VM family. Pure: no I/O.
import type { Usage, VirtualMachineSize } from '@azure/arm-machinelearning';
import { RolloutError } from '../errors.js';

/** Instances AML keeps for `count`: ceil(1.2 x count), in integers (1.2 * 5 is 6.000000000000001). */
export function reservedInstances(count: number): number {
  return Math.ceil((count * 6) / 5);
}

export interface QuotaRequest {
  instanceType: string;
  instanceCount: number;
  /** Set when the deployment exists and is updated in place: only the increase counts. */
  existing?: { instanceType: string; instanceCount: number } | undefined;
}

export interface QuotaCheck {
  sku: string;
  family: string;
  vCPUs: number;
  gpus: number;
  /** Instances reserved for the request (with the 20%), less those already held on an update. */
  instances: number;
  needCores: number;
  /** The family's usage, when the list has it. */
  usage: { inUse: number; limit: number; free: number } | undefined;
  /** undefined when the family has no usage entry: Azure will be the judge. */
  enough: boolean | undefined;
  message: string;
}

/** The VM size named `instanceType`, matched without case; refused with close names when absent. */
export function findSku(instanceType: string, sizes: readonly VirtualMachineSize[]): VirtualMachineSize {
  const want = instanceType.toLowerCase();
  const size = sizes.find((s) => s.name?.toLowerCase() === want);
  if (size) return size;
  const close = closeNames(instanceType, sizes);
  throw new RolloutError(
    'SkuNotAvailable',
    `instance_type ${instanceType} is not offered in this workspace's region${close.length ? `; close names: ${close.join(', ')}` : ''}`,
    {
      resource: instanceType,
      remediation:
        'pick an instance_type from `az ml compute list-sizes`, or deploy in a region that offers it',
    },
  );
}

/** Up to three offered names sharing the longest prefix with `name` beyond `Standard_`. */
function closeNames(name: string, sizes: readonly VirtualMachineSize[]): string[] {
  const want = name.toLowerCase();
  const prefix = (s: string) => {
    let i = 0;
    while (i < s.length && i < want.length && s[i] === want[i]) i++;
    return i;
  };
  const scored = sizes
    .map((s) => s.name)
    .filter((n): n is string => typeof n === 'string')
    .map((n) => ({ n, score: prefix(n.toLowerCase()) }))
    .filter((x) => x.score > 'standard_'.length);
  const best = Math.max(0, ...scored.map((x) => x.score));
  return scored
    .filter((x) => x.score === best)
    .map((x) => x.n)
    .slice(0, 3);
}

/**
 * The family's need against its usage. When several usage entries name the family (subscription and
 * workspace level), the one with the least free cores decides.
 */
export function checkQuota(
  request: QuotaRequest,
  sizes: readonly VirtualMachineSize[],
  usages: readonly Usage[],
): QuotaCheck {
  const size = findSku(request.instanceType, sizes);
  const sku = size.name ?? request.instanceType;
  const family = size.family ?? 'unknown family';
  const vCPUs = size.vCPUs ?? 0;
  const gpus = size.gpus ?? 0;
  const held =
    request.existing && request.existing.instanceType.toLowerCase() === request.instanceType.toLowerCase()
      ? reservedInstances(request.existing.instanceCount)
      : 0;
  const instances = Math.max(0, reservedInstances(request.instanceCount) - held);
  const needCores = instances * vCPUs;
  const what = held
    ? `${sku} from ${request.existing?.instanceCount} to ${request.instanceCount} instances needs ${needCores} more cores of ${family}`
    : `${sku} x ${request.instanceCount} needs ${needCores} cores of ${family} (${instances} instances with AML's 20% upgrade reserve x ${vCPUs} vCPUs)`;

  const entries = usages.filter((u) => u.name?.value?.toLowerCase() === family.toLowerCase());
  const usage = entries
    .filter((u) => typeof u.limit === 'number' && typeof u.currentValue === 'number')
    .map((u) => ({
      inUse: u.currentValue as number,
      limit: u.limit as number,
      free: (u.limit as number) - (u.currentValue as number),
    }))
    .sort((a, b) => a.free - b.free)[0];
  if (!usage) {
    return {
      sku,
      family,
      vCPUs,
      gpus,
      instances,
      needCores,
      usage: undefined,
      enough: undefined,
      message: `quota: ${what}; the usage list has no entry for ${family}, so Azure will judge`,
    };
  }
  const enough = needCores <= usage.free;
  const free = Math.max(0, usage.free);
  return {
    sku,
    family,
    vCPUs,
    gpus,
    instances,
    needCores,
    usage,
    enough,
    message:
      `quota: ${what}; ${usage.inUse} of ${usage.limit} in use, ${free} free` +
      (enough ? '' : `, short by ${needCores - free}`),
  };
}

/** Throws `QuotaExceeded` when the check found too few free cores. */
export function requireQuota(check: QuotaCheck): void {
  if (check.enough !== false) return;
  throw new RolloutError('QuotaExceeded', check.message, {
    resource: check.family,
    remediation: `request more ${check.family} quota in this region, lower instance_count, or pick another instance_type`,
  });
}
