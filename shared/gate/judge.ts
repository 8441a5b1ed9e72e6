// The verdict: pure decisions over computed metrics. Every check becomes a named result (a JUnit
// testcase); a failed check gives a reason a person can act on. Too many endpoint errors make the
// run inconclusive, and inconclusive fails closed.
import type { CocoEvaluation } from './coco.js';
import { type ImageParity, parityHolds } from './parity.js';
import type { StatName, Thresholds } from './thresholds.js';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

export interface JudgeInput {
  /** The side judged against floors and the baseline: the endpoint when there is one, else local. */
  judged: { side: 'local' | 'endpoint'; coco: CocoEvaluation };
  local: CocoEvaluation;
  baseline?: CocoEvaluation | undefined;
  parity?: ImageParity[] | undefined;
  /** Endpoint requests that failed after retries, and how many were sent; `deadline` when the
   * endpoint phase ran out of time with images unscored. */
  errors: { failed: number; total: number; deadline?: { seconds: number; unscored: number } | undefined };
  /** Images whose "must detect" classes were missed. */
  missedMustDetect: { image: string; classes: string[] }[];
  thresholds: Thresholds;
}

export interface Judgement {
  verdict: Verdict;
  reasons: string[];
  checks: Check[];
}

const f = (n: number) => (n < 0 ? 'n/a' : n.toFixed(4));

export function judge(input: JudgeInput): Judgement {
  const { thresholds: t, judged } = input;
  const checks: Check[] = [];
  const add = (name: string, passed: boolean, detail: string) => checks.push({ name, passed, detail });
  const stats = judged.coco.stats;

  // Error budget first: without enough answers nothing else means much.
  const { failed, total } = input.errors;
  const rate = total ? failed / total : 0;
  const budgetOk =
    (t.errorBudget.maxErrors === undefined || failed <= t.errorBudget.maxErrors) &&
    rate <= t.errorBudget.maxErrorRate;
  if (total > 0) {
    add(
      'error budget',
      budgetOk,
      `${failed} of ${total} endpoint requests failed (${(rate * 100).toFixed(1)}%; budget ${t.errorBudget.maxErrors ?? '-'} / ${(t.errorBudget.maxErrorRate * 100).toFixed(1)}%)`,
    );
  }

  // A metric is -1 where the set holds nothing to measure it on: a check that names it fails
  // (it cannot pass by accident); metrics no check names are shown in the report, never judged.
  for (const [name, floor] of Object.entries(t.metrics) as [StatName, number][]) {
    add(
      `${judged.side} ${name} >= ${floor}`,
      stats[name] >= 0 && stats[name] >= floor,
      stats[name] < 0
        ? `${judged.side} ${name} is undefined (nothing in the golden set to measure it on), floor ${floor}`
        : `${judged.side} ${name} is ${f(stats[name])}, floor ${floor}`,
    );
  }

  if (input.baseline) {
    const base = input.baseline.stats;
    for (const [name, drop] of Object.entries(t.baseline) as [
      StatName,
      { absolute?: number; relative?: number },
    ][]) {
      const floors = [
        drop.absolute === undefined ? Number.NEGATIVE_INFINITY : base[name] - drop.absolute,
        drop.relative === undefined ? Number.NEGATIVE_INFINITY : base[name] * (1 - drop.relative),
      ];
      const floor = Math.max(...floors);
      const undefinedSide = stats[name] < 0 ? judged.side : base[name] < 0 ? 'baseline' : undefined;
      add(
        `${name} vs baseline`,
        undefinedSide === undefined && stats[name] >= floor - 1e-12,
        undefinedSide === undefined
          ? `${judged.side} ${name} ${f(stats[name])} vs baseline ${f(base[name])} (lowest allowed ${f(floor)})`
          : `${name} vs baseline: ${undefinedSide} ${name} is undefined (nothing in the golden set to measure it on)`,
      );
    }
    if (t.classAp50Drop !== undefined) {
      for (const cls of judged.coco.perClass) {
        const b = input.baseline.perClass.find((c) => c.categoryId === cls.categoryId);
        if (!b || b.ap50 < 0) continue;
        add(
          `class ${cls.name} AP50 vs baseline`,
          cls.ap50 >= b.ap50 - t.classAp50Drop - 1e-12,
          `class '${cls.name}': AP50 ${f(cls.ap50)} vs baseline ${f(b.ap50)} (largest drop allowed ${t.classAp50Drop})`,
        );
      }
    }
  }

  for (const cls of judged.coco.perClass) {
    const named = t.classRecall[cls.name];
    if (named !== undefined && cls.recall < 0) {
      add(
        `class ${cls.name} recall >= ${named}`,
        false,
        `class '${cls.name}': recall is undefined (no ground truth of this class in the golden set), floor ${named}`,
      );
      continue;
    }
    // `*` covers the classes the set can measure; one without ground truth is shown, not judged.
    const floor = named ?? t.classRecall['*'];
    if (floor === undefined || cls.recall < 0) continue;
    add(
      `class ${cls.name} recall >= ${floor}`,
      cls.recall >= floor,
      `class '${cls.name}': recall ${f(cls.recall)}, floor ${floor}`,
    );
  }

  const classes = new Set(judged.coco.perClass.map((c) => c.name));
  for (const [name, floor] of Object.entries(t.classRecall)) {
    if (name === '*' || classes.has(name)) continue;
    add(
      `class ${name} recall >= ${floor}`,
      false,
      `class '${name}' (class_recall) is not a category of the golden set (${[...classes].join(', ')})`,
    );
  }

  for (const miss of input.missedMustDetect) {
    add(`must detect in ${miss.image}`, false, `${miss.image}: missed ${miss.classes.join(', ')}`);
  }

  if (input.parity) {
    const tol = { iou: t.parity.iou, scoreDelta: t.parity.scoreDelta, scoreThreshold: 0 };
    const broken = input.parity.filter((p) => !parityHolds(p, tol));
    const allowed = Math.floor(t.parity.maxImageRate * input.parity.length);
    const allowance = allowed > 0 ? ` (${allowed} allowed: max_image_rate ${t.parity.maxImageRate})` : '';
    add(
      'parity per image',
      broken.length <= allowed,
      broken.length === 0
        ? `all ${input.parity.length} images agree (same class, IoU >= ${t.parity.iou}, |score diff| <= ${t.parity.scoreDelta})`
        : `${broken.length} of ${input.parity.length} images disagree between local and endpoint${allowance} (e.g. image ${broken[0]?.imageId}: ${broken[0]?.localOnly} local-only, ${broken[0]?.endpointOnly} endpoint-only, max |score diff| ${f(broken[0]?.maxScoreDelta ?? 0)})`,
    );
    const d = Math.abs(input.local.stats.AP50 - stats.AP50);
    add(
      'parity AP50',
      d <= t.parity.ap50Delta,
      `|local AP50 - endpoint AP50| = ${f(d)} (tolerance ${t.parity.ap50Delta})`,
    );
  }

  const failedChecks = checks.filter((c) => !c.passed);
  // A run cut short measured a subset the user did not choose: never a pass, never a fail.
  const deadline = input.errors.deadline;
  if (deadline && deadline.unscored > 0) {
    add(
      'endpoint deadline',
      false,
      `the endpoint phase passed its deadline of ${deadline.seconds} s (input 'endpoint-deadline'): ${deadline.unscored} of ${total} images not scored`,
    );
    return {
      verdict: 'inconclusive',
      reasons: [
        `endpoint deadline reached: ${deadline.unscored} of ${total} images not scored within ${deadline.seconds} s (raise 'endpoint-deadline' or check the endpoint's latency)`,
      ],
      checks,
    };
  }
  if (total > 0 && !budgetOk) {
    return {
      verdict: 'inconclusive',
      reasons: [`too many endpoint errors: ${checks.find((c) => c.name === 'error budget')?.detail}`],
      checks,
    };
  }
  return {
    verdict: failedChecks.length ? 'fail' : 'pass',
    reasons: failedChecks.map((c) => c.detail),
    checks,
  };
}
