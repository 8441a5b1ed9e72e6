import type { Usage, VirtualMachineSize } from '@azure/arm-machinelearning';
import { describe, expect, it } from 'vitest';
import { RolloutError } from '../errors.js';
import { checkQuota, findSku, requireQuota, reservedInstances } from './quota.js';

const sizes: VirtualMachineSize[] = [
  { name: 'Standard_DS2_v2', family: 'standardDSv2Family', vCPUs: 2, gpus: 0 },
  { name: 'Standard_DS3_v2', family: 'standardDSv2Family', vCPUs: 4, gpus: 0 },
  { name: 'Standard_NC6s_v3', family: 'standardNCSv3Family', vCPUs: 6, gpus: 1 },
  { name: 'Standard_NC12s_v3', family: 'standardNCSv3Family', vCPUs: 12, gpus: 2 },
  { name: 'Standard_F4s_v2', family: 'standardFSv2Family', vCPUs: 4, gpus: 0 },
];
const usage = (family: string, currentValue: number, limit: number): Usage =>
  ({ name: { value: family, localizedValue: family }, currentValue, limit, unit: 'Count' }) as Usage;
const usages: Usage[] = [usage('standardDSv2Family', 4, 10), usage('standardNCSv3Family', 6, 24)];

describe('reserved instances', () => {
  it('is ceil(1.2 x count) in integers', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(reservedInstances)).toEqual([2, 3, 4, 5, 6, 8, 12]);
  });
});

describe('the SKU', () => {
  it('is found without case', () => {
    expect(findSku('standard_nc6s_v3', sizes).vCPUs).toBe(6);
  });

  it('a missing SKU is refused with close names', () => {
    let error: unknown;
    try {
      findSku('Standard_NC6s_v4', sizes);
    } catch (e) {
      error = e;
    }
    const e = error as RolloutError;
    expect(e).toBeInstanceOf(RolloutError);
    expect(e.code).toBe('SkuNotAvailable');
    expect(e.message).toBe(
      "instance_type Standard_NC6s_v4 is not offered in this workspace's region; close names: Standard_NC6s_v3",
    );
    expect(e.resource).toBe('Standard_NC6s_v4');
  });

  it('a name like nothing offered gets no suggestions', () => {
    expect(() => findSku('Tiny', sizes)).toThrow(
      /^instance_type Tiny is not offered in this workspace's region$/,
    );
  });
});

describe('the quota check', () => {
  it('a GPU deployment that fits', () => {
    const c = checkQuota({ instanceType: 'Standard_NC6s_v3', instanceCount: 1 }, sizes, usages);
    expect(c).toMatchObject({
      sku: 'Standard_NC6s_v3',
      family: 'standardNCSv3Family',
      vCPUs: 6,
      gpus: 1,
      instances: 2,
      needCores: 12,
      usage: { inUse: 6, limit: 24, free: 18 },
      enough: true,
    });
    expect(c.message).toBe(
      "quota: Standard_NC6s_v3 x 1 needs 12 cores of standardNCSv3Family (2 instances with AML's 20% upgrade reserve x 6 vCPUs); 6 of 24 in use, 18 free",
    );
    expect(() => requireQuota(c)).not.toThrow();
  });

  it('a deployment that does not fit names family, need and limit', () => {
    const c = checkQuota({ instanceType: 'Standard_DS3_v2', instanceCount: 2 }, sizes, usages);
    expect(c.needCores).toBe(12);
    expect(c.enough).toBe(false);
    expect(c.message).toMatch(/needs 12 cores of standardDSv2Family .*; 4 of 10 in use, 6 free, short by 6$/);
    let error: unknown;
    try {
      requireQuota(c);
    } catch (e) {
      error = e;
    }
    const e = error as RolloutError;
    expect(e.code).toBe('QuotaExceeded');
    expect(e.resource).toBe('standardDSv2Family');
    expect(e.remediation).toMatch(/request more standardDSv2Family quota/);
  });

  it('exactly the free cores is enough', () => {
    const c = checkQuota({ instanceType: 'Standard_DS2_v2', instanceCount: 2 }, sizes, usages);
    expect(c.needCores).toBe(6);
    expect(c.enough).toBe(true);
  });

  it('an in-place update counts only the increase', () => {
    const grow = checkQuota(
      {
        instanceType: 'Standard_NC6s_v3',
        instanceCount: 4,
        existing: { instanceType: 'standard_nc6s_v3', instanceCount: 2 },
      },
      sizes,
      usages,
    );
    expect(grow.instances).toBe(2); // 5 reserved for 4, 3 already held for 2
    expect(grow.needCores).toBe(12);
    expect(grow.message).toMatch(/^quota: Standard_NC6s_v3 from 2 to 4 instances needs 12 more cores/);
    const same = checkQuota(
      {
        instanceType: 'Standard_NC6s_v3',
        instanceCount: 2,
        existing: { instanceType: 'Standard_NC6s_v3', instanceCount: 3 },
      },
      sizes,
      [usage('standardNCSv3Family', 24, 24)],
    );
    expect(same.needCores).toBe(0);
    expect(same.enough).toBe(true);
  });

  it('an existing deployment on another SKU holds nothing of this family', () => {
    const c = checkQuota(
      {
        instanceType: 'Standard_NC6s_v3',
        instanceCount: 1,
        existing: { instanceType: 'Standard_DS3_v2', instanceCount: 3 },
      },
      sizes,
      usages,
    );
    expect(c.needCores).toBe(12);
  });

  it('several entries for a family: the least free decides', () => {
    const c = checkQuota({ instanceType: 'Standard_DS2_v2', instanceCount: 1 }, sizes, [
      usage('standardDSv2Family', 0, 100),
      usage('STANDARDDSV2FAMILY', 9, 10),
    ]);
    expect(c.usage).toEqual({ inUse: 9, limit: 10, free: 1 });
    expect(c.enough).toBe(false);
  });

  it('over-used quota shows 0 free, not a negative', () => {
    const c = checkQuota({ instanceType: 'Standard_DS2_v2', instanceCount: 1 }, sizes, [
      usage('standardDSv2Family', 12, 10),
    ]);
    expect(c.message).toMatch(/12 of 10 in use, 0 free, short by 4$/);
  });

  it('no usage entry for the family: not judged here', () => {
    const c = checkQuota({ instanceType: 'Standard_F4s_v2', instanceCount: 1 }, sizes, usages);
    expect(c.enough).toBeUndefined();
    expect(c.usage).toBeUndefined();
    expect(c.message).toMatch(/the usage list has no entry for standardFSv2Family, so Azure will judge$/);
    expect(() => requireQuota(c)).not.toThrow();
  });

  it('an unknown SKU is refused before any quota maths', () => {
    expect(() => checkQuota({ instanceType: 'Standard_X', instanceCount: 1 }, sizes, usages)).toThrow(
      /not offered/,
    );
  });
});
