import { describe, expect, it } from 'vitest';
import { COCO_STAT_NAMES, type CocoStats } from './coco.js';
import type { GoldenSet } from './golden.js';
import { type GateReport, summaryMarkdown } from './report.js';
import type { RunData } from './run.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';

const stats = (v: number, over: Partial<CocoStats> = {}): CocoStats =>
  ({ ...Object.fromEntries(COCO_STAT_NAMES.map((n) => [n, v])), ...over }) as CocoStats;
const side = (v: number, over: Partial<CocoStats> = {}) => ({
  coco: stats(v, over),
  perClass: [
    { categoryId: 1, name: 'valve', ap: v, ap50: v, recall: 0.9 },
    { categoryId: 2, name: 'instrument', ap: 0, ap50: 0, recall: 0 },
  ],
  perImage: [
    { imageId: 1, tp: 3, fp: 0, fn: 0 },
    { imageId: 2, tp: 1, fp: 2, fn: 4 },
  ],
});
const golden = {
  dir: '/golden',
  images: [
    { id: 1, fileName: 'a.png', file: '/golden/images/a.png' },
    { id: 2, fileName: 'b|c.png', file: '/golden/images/b|c.png' },
  ],
} as unknown as GoldenSet;
const data: RunData = {
  imageIds: [1, 2],
  scoreThreshold: 0.3,
  local: [],
  errors: { failed: 0, total: 2, failures: [] },
  missedMustDetect: [],
};
const HASH = 'a'.repeat(64);
const DIGEST = `sha256:${'b'.repeat(64)}`;
const report = (over: Partial<GateReport> = {}): GateReport => ({
  verdict: 'fail',
  reasons: ["class 'instrument': recall 0.0000, floor 0.5"],
  checks: [],
  images: 2,
  golden: '/golden',
  local: side(0.6),
  endpoint: side(0.6, { AP: 0.55, APs: -1 }),
  baseline: side(0.5),
  parity: { images: 2, disagreeing: [2], perImage: [] },
  errors: data.errors,
  thresholds: DEFAULT_THRESHOLDS,
  files: {},
  subject: {
    target: 'pid-symbols/green',
    model: 'azureml:pid-symbols:2',
    contentHash: HASH,
    image: `acr.example.io/detector@${DIGEST}`,
  },
  ...over,
});
const rowOf = (md: string, first: string) =>
  md.split('\n').find((l) => l.startsWith(`| ${first} |`)) ?? `(no row '${first}')`;

describe('summaryMarkdown', () => {
  it('puts the verdict first, then model, image, parity, report and evidence, then the 12 COCO stats with deltas', () => {
    const md = summaryMarkdown(report(), golden, data, {
      report: 'https://github.com/o/r/actions/runs/7/artifacts/42',
      evidence: 'recorded on azureml:pid-symbols:2 (tags aml-rollout.gate.*)',
    });
    const lines = md.split('\n');
    expect(lines[0]).toBe('## Detection gate: FAIL');
    expect(lines[2]).toBe("- class 'instrument': recall 0.0000, floor 0.5");
    expect(rowOf(md, 'model')).toBe(`| model | \`azureml:pid-symbols:2\`, content \`sha256:${HASH}\` |`);
    expect(rowOf(md, 'image')).toBe(`| image | \`acr.example.io/detector@${DIGEST}\` |`);
    expect(rowOf(md, 'judged')).toBe('| judged | `pid-symbols/green` |');
    // The disagreeing image is named; its pipe does not break the table.
    expect(rowOf(md, 'parity')).toBe(
      '| parity | 1/2 images disagree between local and endpoint (b\\|c.png) |',
    );
    expect(rowOf(md, 'report')).toBe(
      '| report | [HTML report (artifact)](https://github.com/o/r/actions/runs/7/artifacts/42) |',
    );
    expect(rowOf(md, 'evidence')).toContain('recorded on azureml:pid-symbols:2');
    expect(rowOf(md, 'metric')).toBe('| metric | local | endpoint | baseline | Δ vs baseline |');
    for (const name of COCO_STAT_NAMES) expect(rowOf(md, name)).toMatch(/^\| \w+ \| /);
    // The judged side (endpoint) against the baseline, signed; n/a has no delta.
    expect(rowOf(md, 'AP')).toBe('| AP | 0.600 | 0.550 | 0.500 | +0.050 |');
    expect(rowOf(md, 'AP50')).toBe('| AP50 | 0.600 | 0.600 | 0.500 | +0.100 |');
    expect(rowOf(md, 'APs')).toBe('| APs | 0.600 | n/a | 0.500 |  |');
    expect(rowOf(md, 'instrument')).toBe('| instrument | 0.000 | 0.000 | 0.000 |');
    expect(md).toContain('**Worst images**');
    expect(rowOf(md, 'b\\|c.png')).toBe('| b\\|c.png | 1 | 2 | 4 |');
    // Verdict, facts and metrics before the per-class and worst-image tables.
    expect(md.indexOf('| model |')).toBeLessThan(md.indexOf('| metric |'));
    expect(md.indexOf('| metric |')).toBeLessThan(md.indexOf('| class |'));
  });

  it('a delta below the baseline is negative; without a baseline there is no delta column', () => {
    const below = summaryMarkdown(report({ baseline: side(0.7) }), golden, data);
    expect(rowOf(below, 'AP')).toBe('| AP | 0.600 | 0.550 | 0.700 | -0.150 |');
    const none = summaryMarkdown(report({ baseline: undefined }), golden, data);
    expect(rowOf(none, 'metric')).toBe('| metric | local | endpoint |');
    expect(rowOf(none, 'AP')).toBe('| AP | 0.600 | 0.550 |');
  });

  it('says what is unknown: no digest, no content hash, no endpoint; the report beside the summary by default', () => {
    const md = summaryMarkdown(
      report({
        endpoint: undefined,
        parity: undefined,
        subject: { target: 'local', model: 'azureml:m:1', image: 'acr.example.io/detector:v2' },
      }),
      golden,
      data,
    );
    expect(rowOf(md, 'model')).toContain('hash unknown (not registered by register-model)');
    expect(rowOf(md, 'image')).toBe('| image | `acr.example.io/detector:v2` (no digest: a tag can move) |');
    expect(rowOf(md, 'parity')).toBe('| parity | n/a (no endpoint) |');
    expect(rowOf(md, 'report')).toBe('| report | [report.html](report.html) |');
    expect(md).not.toContain('| evidence |');
    // A report folder on disk is shown as a path.
    const local = summaryMarkdown(report(), golden, data, { report: '/work/gate-report/report.html' });
    expect(rowOf(local, 'report')).toBe('| report | `/work/gate-report/report.html` |');
  });

  it('reports written before the subject was recorded still summarise', () => {
    const md = summaryMarkdown(report({ subject: undefined }), golden, data);
    expect(rowOf(md, 'judged')).toBe('| judged | `endpoint` |');
    expect(md).not.toContain('| model |');
    expect(md).not.toMatch(/^\| image \| `/m);
  });
});
