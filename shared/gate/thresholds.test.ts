import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError } from '../errors.js';
import { DEFAULT_THRESHOLDS, loadThresholds, parseThresholds } from './thresholds.js';

describe('thresholds', () => {
  it('an empty or absent file gives the defaults (FP32 CPU vs FP16 GPU parity, 5% error budget)', async () => {
    expect(parseThresholds(null)).toEqual(DEFAULT_THRESHOLDS);
    expect(await loadThresholds(undefined)).toEqual(DEFAULT_THRESHOLDS);
    expect(DEFAULT_THRESHOLDS.parity).toEqual({
      iou: 0.9,
      scoreDelta: 0.02,
      ap50Delta: 0.01,
      maxImageRate: 0,
    });
    expect(DEFAULT_THRESHOLDS.errorBudget).toEqual({ maxErrors: undefined, maxErrorRate: 0.05 });
    // Callers get a copy: changing it cannot change the next run's defaults.
    const t = parseThresholds(undefined);
    t.parity.iou = 0.1;
    expect(DEFAULT_THRESHOLDS.parity.iou).toBe(0.9);
  });

  it('reads the example file (fixtures/gate/thresholds.yaml)', async () => {
    const t = await loadThresholds('fixtures/gate/thresholds.yaml');
    expect(t.metrics).toEqual({ AP50: 0.85, AP: 0.6 });
    expect(t.baseline).toEqual({
      AP: { absolute: 0.02 },
      AP50: { absolute: 0.02, relative: 0.02 },
      AR100: { relative: 0.05 },
    });
    expect(t.classRecall).toEqual({ '*': 0.85, instrument: 0.9 });
    expect(t.classAp50Drop).toBe(0.1);
    expect(t.parity).toEqual({ iou: 0.9, scoreDelta: 0.02, ap50Delta: 0.01, maxImageRate: 0 });
    expect(t.errorBudget).toEqual({ maxErrors: 1, maxErrorRate: 0.05 });
  });

  it('keys left out keep their defaults; a given section replaces the default one', () => {
    const t = parseThresholds(parse('parity: { iou: 0.8 }\nbaseline: { AR100: { relative: 0.1 } }'));
    expect(t.parity).toEqual({ iou: 0.8, scoreDelta: 0.02, ap50Delta: 0.01, maxImageRate: 0 });
    expect(t.baseline).toEqual({ AR100: { relative: 0.1 } });
    expect(t.classAp50Drop).toBe(0.1);
  });

  it.each([
    ['metrics: { mAP: 0.5 }', /metrics\.mAP is not a COCO stat/],
    ['metrics: { AP: 1.5 }', /metrics\.AP must be a number in \[0, 1\], got 1\.5/],
    ['metrics: { AP: "high" }', /got "high"/],
    ['baseline: { AP: 0.02 }', /baseline\.AP must be a mapping/],
    ['baseline: { AP: { abs: 0.02 } }', /unknown key 'baseline\.AP\.abs'/],
    ['parity: { iou_min: 0.9 }', /unknown key 'parity\.iou_min'/],
    ['error_budget: { max_errors: -1 }', /error_budget\.max_errors must be a number/],
    ['error_budget: [1]', /error_budget must be a mapping/],
    ['thresholds: {}', /unknown key 'thresholds'/],
    ['- 1', /must be a YAML mapping/],
  ])('refuses %s', (yaml, message) => {
    expect(() => parseThresholds(parse(yaml))).toThrow(InputError);
    expect(() => parseThresholds(parse(yaml))).toThrow(message);
  });

  it('a file that is not YAML or cannot be read is an input error naming it', async () => {
    await expect(loadThresholds('/nonexistent/t.yaml')).rejects.toThrow(/t\.yaml cannot be read/);
    await expect(loadThresholds('package.json'))
      .resolves.toBeDefined()
      .catch(() => undefined);
    await expect(loadThresholds('shared/gate/thresholds.test.ts')).rejects.toThrow(/input 'thresholds'/);
  });
});
