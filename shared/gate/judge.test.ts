import { describe, expect, it } from 'vitest';
import { COCO_STAT_NAMES, type CocoEvaluation, type CocoStats } from './coco.js';
import { type JudgeInput, judge } from './judge.js';
import type { ImageParity } from './parity.js';
import { DEFAULT_THRESHOLDS, parseThresholds, type Thresholds } from './thresholds.js';

const stats = (over: Partial<CocoStats> = {}): CocoStats =>
  ({ ...Object.fromEntries(COCO_STAT_NAMES.map((n) => [n, 0.7])), ...over }) as CocoStats;
const evaluation = (
  over: Partial<CocoStats> = {},
  classes: { name: string; ap50: number; recall: number }[] = [],
): CocoEvaluation => ({
  stats: stats(over),
  perClass: classes.map((c, i) => ({ categoryId: i + 1, ap: c.ap50 * 0.7, ...c })),
  perImage: [],
});
const parity = (imageId: number, over: Partial<ImageParity> = {}): ImageParity => ({
  imageId,
  matched: 3,
  localOnly: 0,
  endpointOnly: 0,
  borderline: 0,
  minIou: 0.99,
  maxScoreDelta: 0.001,
  ...over,
});
const input = (over: Partial<JudgeInput> = {}, thresholds: Thresholds = DEFAULT_THRESHOLDS): JudgeInput => ({
  judged: { side: 'endpoint', coco: evaluation() },
  local: evaluation(),
  errors: { failed: 0, total: 10 },
  missedMustDetect: [],
  thresholds,
  ...over,
});

describe('judge', () => {
  it('passes with no reasons when every check holds, one named check each', () => {
    const j = judge(input({ baseline: evaluation(), parity: [parity(1), parity(2)] }));
    expect(j.verdict).toBe('pass');
    expect(j.reasons).toEqual([]);
    expect(j.checks.map((c) => c.name)).toEqual([
      'error budget',
      'AP vs baseline',
      'AP50 vs baseline',
      'parity per image',
      'parity AP50',
    ]);
    expect(j.checks.every((c) => c.passed)).toBe(true);
  });

  it('a metric under its floor fails naming side, metric, value and floor', () => {
    const t = parseThresholds({ metrics: { AP50: 0.9 } });
    const j = judge(input({ judged: { side: 'endpoint', coco: evaluation({ AP50: 0.85 }) } }, t));
    expect(j.verdict).toBe('fail');
    expect(j.reasons).toEqual(['endpoint AP50 is 0.8500, floor 0.9']);
  });

  it('baseline drop: absolute and relative both bound; exactly at the bound passes', () => {
    const t = parseThresholds({ baseline: { AP: { absolute: 0.05, relative: 0.02 } } });
    // floor = max(0.70 - 0.05, 0.70 * 0.98) = 0.686
    const at = judge(
      input({ judged: { side: 'endpoint', coco: evaluation({ AP: 0.686 }) }, baseline: evaluation() }, t),
    );
    expect(at.verdict).toBe('pass');
    const under = judge(
      input({ judged: { side: 'endpoint', coco: evaluation({ AP: 0.68 }) }, baseline: evaluation() }, t),
    );
    expect(under.verdict).toBe('fail');
    expect(under.reasons).toEqual(['endpoint AP 0.6800 vs baseline 0.7000 (lowest allowed 0.6860)']);
  });

  it('a class that lost AP50 against the baseline, or under its recall floor, is named', () => {
    const classes = (instrument: number) => [
      { name: 'valve', ap50: 0.9, recall: 0.95 },
      { name: 'instrument', ap50: instrument, recall: instrument },
    ];
    const t = parseThresholds({ class_recall: { '*': 0.5 }, baseline: {} });
    const j = judge(
      input(
        {
          judged: { side: 'endpoint', coco: evaluation({}, classes(0)) },
          baseline: evaluation({}, classes(0.95)),
        },
        t,
      ),
    );
    expect(j.verdict).toBe('fail');
    expect(j.reasons).toEqual([
      "class 'instrument': AP50 0.0000 vs baseline 0.9500 (largest drop allowed 0.1)",
      "class 'instrument': recall 0.0000, floor 0.5",
    ]);
  });

  it('a class without ground truth (-1) is not judged', () => {
    const t = parseThresholds({ class_recall: { '*': 0.5 } });
    const coco = evaluation({}, [{ name: 'tank', ap50: -1, recall: -1 }]);
    const j = judge(input({ judged: { side: 'endpoint', coco }, baseline: coco }, t));
    expect(j.checks.some((c) => c.name.includes('tank'))).toBe(false);
  });

  it('parity: one disagreeing image, or an AP50 gap over the tolerance, fails', () => {
    const j = judge(input({ parity: [parity(1), parity(7, { endpointOnly: 2, matched: 1 })] }));
    expect(j.verdict).toBe('fail');
    expect(j.reasons[0]).toMatch(
      /^1 of 2 images disagree between local and endpoint \(e\.g\. image 7: 0 local-only, 2 endpoint-only/,
    );
    const gap = judge(
      input({
        parity: [parity(1)],
        local: evaluation({ AP50: 0.72 }),
        judged: { side: 'endpoint', coco: evaluation() },
      }),
    );
    expect(gap.reasons).toEqual(['|local AP50 - endpoint AP50| = 0.0200 (tolerance 0.01)']);
  });

  it('parity: max_image_rate lets that share of images disagree (FP16 serving), and no more', () => {
    const images = Array.from({ length: 10 }, (_, i) => parity(i + 1));
    images[3] = parity(4, { maxScoreDelta: 0.13, matched: 1 });
    const fp16 = parseThresholds({ parity: { max_image_rate: 0.1 } });
    const one = judge(input({ parity: images }, fp16));
    expect(one.checks.find((c) => c.name === 'parity per image')).toMatchObject({ passed: true });
    expect(one.checks.find((c) => c.name === 'parity per image')?.detail).toMatch(
      /^1 of 10 images disagree between local and endpoint \(1 allowed: max_image_rate 0\.1\)/,
    );
    images[6] = parity(7, { localOnly: 1 });
    expect(judge(input({ parity: images }, fp16)).verdict).toBe('fail');
  });

  it('missed "must detect" classes fail, per image', () => {
    const j = judge(input({ missedMustDetect: [{ image: 'a.png', classes: ['pump', 'tank'] }] }));
    expect(j.verdict).toBe('fail');
    expect(j.reasons).toEqual(['a.png: missed pump, tank']);
  });

  it('errors beyond the budget make the run inconclusive (fails closed), whatever else holds', () => {
    const j = judge(input({ errors: { failed: 1, total: 10 } }));
    expect(j.verdict).toBe('inconclusive');
    expect(j.reasons).toEqual([
      'too many endpoint errors: 1 of 10 endpoint requests failed (10.0%; budget - / 5.0%)',
    ]);
    // Within the rate, but over max_errors.
    const t = parseThresholds({ error_budget: { max_errors: 1, max_error_rate: 0.5 } });
    expect(judge(input({ errors: { failed: 1, total: 10 } }, t)).verdict).toBe('pass');
    expect(judge(input({ errors: { failed: 2, total: 10 } }, t)).verdict).toBe('inconclusive');
  });

  it('a local-only run has no error budget or parity checks', () => {
    const j = judge(
      input({ judged: { side: 'local', coco: evaluation() }, errors: { failed: 0, total: 0 } }),
    );
    expect(j.checks).toEqual([]);
    expect(j.verdict).toBe('pass');
  });
});

describe('judge with undefined metrics (-1)', () => {
  it('a check that names an undefined metric fails; unnamed undefined metrics are not judged', () => {
    const t = parseThresholds({
      metrics: { APs: 0 },
      baseline: { AP50: { absolute: 0.02 } },
      class_recall: { pump: 0.5, ghost: 0.5, '*': 0.1 },
    });
    const coco = evaluation({ APs: -1, APl: -1, AP50: -1 }, [
      { name: 'valve', ap50: 0.9, recall: 0.9 },
      { name: 'pump', ap50: -1, recall: -1 },
      { name: 'tank', ap50: -1, recall: -1 },
    ]);
    const j = judge(input({ judged: { side: 'endpoint', coco }, baseline: evaluation({ AP50: -1 }) }, t));
    expect(j.verdict).toBe('fail');
    expect(j.reasons).toEqual([
      'endpoint APs is undefined (nothing in the golden set to measure it on), floor 0',
      'AP50 vs baseline: endpoint AP50 is undefined (nothing in the golden set to measure it on)',
      "class 'pump': recall is undefined (no ground truth of this class in the golden set), floor 0.5",
      "class 'ghost' (class_recall) is not a category of the golden set (valve, pump, tank)",
    ]);
    // APl and tank's recall (covered only by `*`) are named by no check.
    expect(j.checks.map((c) => c.name).filter((n) => /APl|tank/.test(n))).toEqual([]);
  });
});
