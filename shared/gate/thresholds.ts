// The thresholds file (YAML) and its defaults, suited to FP32 CPU locally vs FP16 GPU live.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { InputError } from '../errors.js';
import { COCO_STAT_NAMES, type CocoStats } from './coco.js';

export type StatName = keyof CocoStats;

export interface MaxDrop {
  /** candidate >= baseline - absolute */
  absolute?: number;
  /** candidate >= baseline * (1 - relative) */
  relative?: number;
}

export interface Thresholds {
  /** Absolute floors on the judged side's COCO stats. */
  metrics: Partial<Record<StatName, number>>;
  /** Largest drop against the baseline, like MLflow's MetricThreshold. */
  baseline: Partial<Record<StatName, MaxDrop>>;
  /** Per-class recall floors (IoU .50); `*` applies to every class without its own. */
  classRecall: Record<string, number>;
  /** Largest per-class AP50 drop against the baseline (absolute). */
  classAp50Drop: number | undefined;
  /** `maxImageRate`: the share of images allowed to disagree (FP16 serving moves a few boxes
   * across NMS or tile-merge decisions; the AP50 delta still bounds the whole). */
  parity: { iou: number; scoreDelta: number; ap50Delta: number; maxImageRate: number };
  /** Endpoint failures (after retries) tolerated; beyond them the run is inconclusive. */
  errorBudget: { maxErrors: number | undefined; maxErrorRate: number };
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  metrics: {},
  baseline: { AP: { absolute: 0.02 }, AP50: { absolute: 0.02 } },
  classRecall: {},
  classAp50Drop: 0.1,
  parity: { iou: 0.9, scoreDelta: 0.02, ap50Delta: 0.01, maxImageRate: 0 },
  errorBudget: { maxErrors: undefined, maxErrorRate: 0.05 },
};

const num = (where: string, v: unknown, min = 0, max = Number.POSITIVE_INFINITY): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new InputError(
      'thresholds',
      `${where} must be a number in [${min}, ${max}], got ${JSON.stringify(v)}`,
    );
  }
  return v;
};

const stat = (where: string, name: string): StatName => {
  if (!(COCO_STAT_NAMES as readonly string[]).includes(name)) {
    throw new InputError('thresholds', `${where}.${name} is not a COCO stat (${COCO_STAT_NAMES.join(' ')})`);
  }
  return name as StatName;
};

/** A YAML mapping with only known keys (a typo must not silently keep a default). */
const mapping = (where: string, v: unknown, known?: readonly string[]): Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new InputError('thresholds', `${where} must be a mapping, got ${JSON.stringify(v)}`);
  for (const k of Object.keys(v))
    if (known && !known.includes(k))
      throw new InputError('thresholds', `unknown key '${where}.${k}' (known: ${known.join(', ')})`);
  return v as Record<string, unknown>;
};

export function parseThresholds(doc: unknown): Thresholds {
  if (doc === null || doc === undefined) return structuredClone(DEFAULT_THRESHOLDS);
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new InputError('thresholds', 'must be a YAML mapping');
  const d = doc as Record<string, unknown>;
  const known = ['metrics', 'baseline', 'class_recall', 'class_ap50_drop', 'parity', 'error_budget'];
  for (const k of Object.keys(d))
    if (!known.includes(k))
      throw new InputError('thresholds', `unknown key '${k}' (known: ${known.join(', ')})`);
  const t: Thresholds = structuredClone(DEFAULT_THRESHOLDS);
  if (d.metrics !== undefined) {
    t.metrics = {};
    for (const [k, v] of Object.entries(mapping('metrics', d.metrics)))
      t.metrics[stat('metrics', k)] = num(`metrics.${k}`, v, 0, 1);
  }
  if (d.baseline !== undefined) {
    t.baseline = {};
    for (const [k, raw] of Object.entries(mapping('baseline', d.baseline))) {
      const v = mapping(`baseline.${k}`, raw, ['absolute', 'relative']);
      const drop: MaxDrop = {};
      if (v.absolute !== undefined) drop.absolute = num(`baseline.${k}.absolute`, v.absolute, 0, 1);
      if (v.relative !== undefined) drop.relative = num(`baseline.${k}.relative`, v.relative, 0, 1);
      t.baseline[stat('baseline', k)] = drop;
    }
  }
  if (d.class_recall !== undefined) {
    t.classRecall = {};
    for (const [k, v] of Object.entries(mapping('class_recall', d.class_recall)))
      t.classRecall[k] = num(`class_recall.${k}`, v, 0, 1);
  }
  if (d.class_ap50_drop !== undefined) t.classAp50Drop = num('class_ap50_drop', d.class_ap50_drop, 0, 1);
  const p = mapping('parity', d.parity ?? {}, ['iou', 'score_delta', 'ap50_delta', 'max_image_rate']);
  if (p.iou !== undefined) t.parity.iou = num('parity.iou', p.iou, 0, 1);
  if (p.score_delta !== undefined) t.parity.scoreDelta = num('parity.score_delta', p.score_delta, 0, 1);
  if (p.ap50_delta !== undefined) t.parity.ap50Delta = num('parity.ap50_delta', p.ap50_delta, 0, 1);
  if (p.max_image_rate !== undefined)
    t.parity.maxImageRate = num('parity.max_image_rate', p.max_image_rate, 0, 1);
  const e = mapping('error_budget', d.error_budget ?? {}, ['max_errors', 'max_error_rate']);
  if (e.max_errors !== undefined) t.errorBudget.maxErrors = num('error_budget.max_errors', e.max_errors);
  if (e.max_error_rate !== undefined)
    t.errorBudget.maxErrorRate = num('error_budget.max_error_rate', e.max_error_rate, 0, 1);
  return t;
}

export async function loadThresholds(file: string | undefined): Promise<Thresholds> {
  if (!file) return structuredClone(DEFAULT_THRESHOLDS);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError('thresholds', `${file} cannot be read`);
  }
  try {
    return parseThresholds(parse(text));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError('thresholds', `${file} is not valid YAML (${(e as Error).message})`);
  }
}
