// Gate reports: gate.json (everything), predictions as COCO results, run-data.json (raw results a
// merge reads back), JUnit XML (a testcase per check and per image) and a Markdown summary
// (verdict first, then what an approver needs on one screen). The HTML report with drawn boxes is html.ts. Everything is written through a
// ReportFolder, which masks every secret the run knows; what an endpoint said is only ever an
// excerpt (gate/run.ts, endpoint/client.ts).
import path from 'node:path';
import type { ReportFolder } from '../files/report-folder.js';
import { parseImageRef } from '../registry/reference.js';
import { COCO_STAT_NAMES, type CocoEvaluation } from './coco.js';
import type { GoldenSet } from './golden.js';
import type { Judgement } from './judge.js';
import type { RunData } from './run.js';
import type { Thresholds } from './thresholds.js';

export interface GateReport {
  verdict: Judgement['verdict'];
  reasons: string[];
  checks: Judgement['checks'];
  images: number;
  /** The golden set folder (absolute): `gate merge` reloads it. */
  golden: string;
  shard?: string | undefined;
  local: SideReport;
  endpoint?: SideReport | undefined;
  baseline?: SideReport | undefined;
  parity?: { images: number; disagreeing: number[]; perImage: RunData['parity'] } | undefined;
  errors: RunData['errors'];
  thresholds: Thresholds;
  files: Record<string, string>;
  /** What was judged (absent in reports written before it was recorded). */
  subject?: ReportSubject | undefined;
}

/** What was judged, as the reports name it. */
export interface ReportSubject {
  /** `<endpoint>/<deployment>`, or `local`. */
  target: string;
  /** `azureml:<name>:<version>` of the registered version judged. */
  model?: string | undefined;
  /** Its register-model content hash, as read before judging. */
  contentHash?: string | undefined;
  /** The inference image the judged deployment runs. */
  image?: string | undefined;
}

/** What only the run's end knows: where the HTML report is and whether the evidence was recorded. */
export interface SummaryLinks {
  /** The report: an http(s) URL (the artifact), a path, or `report.html` beside the summary. */
  report?: string | undefined;
  /** One line on the evidence (recorded on which version, or why not). */
  evidence?: string | undefined;
}

interface SideReport {
  coco: CocoEvaluation['stats'];
  perClass: CocoEvaluation['perClass'];
  perImage: CocoEvaluation['perImage'];
}

const side = (e: CocoEvaluation): SideReport => ({
  coco: e.stats,
  perClass: e.perClass,
  perImage: e.perImage,
});

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

export function junitXml(report: GateReport, golden: GoldenSet, data: RunData): string {
  const failuresByImage = new Map<number, string[]>();
  const note = (id: number, msg: string) =>
    failuresByImage.set(id, [...(failuresByImage.get(id) ?? []), msg]);
  for (const f of data.errors.failures) note(f.imageId, `endpoint request failed: ${f.message}`);
  for (const p of data.parity ?? []) {
    if (p.localOnly || p.endpointOnly)
      note(p.imageId, `parity: ${p.localOnly} local-only, ${p.endpointOnly} endpoint-only detections`);
    else if (p.maxScoreDelta > report.thresholds.parity.scoreDelta)
      note(p.imageId, `parity: |score diff| ${p.maxScoreDelta.toFixed(4)}`);
  }
  for (const m of data.missedMustDetect) {
    const id = golden.images.find((i) => i.fileName === m.image)?.id;
    if (id !== undefined) note(id, `must detect: missed ${m.classes.join(', ')}`);
  }
  const names = new Map(golden.images.map((i) => [i.id, i.fileName]));
  const imageCases = data.imageIds.map((id) => {
    const fails = failuresByImage.get(id);
    const body = fails ? `<failure message="${xml(fails[0] ?? '')}">${xml(fails.join('\n'))}</failure>` : '';
    return `    <testcase classname="gate.images" name="${xml(names.get(id) ?? String(id))}">${body}</testcase>`;
  });
  const checkCases = report.checks.map((c) => {
    const body = c.passed ? '' : `<failure message="${xml(c.detail)}">${xml(c.detail)}</failure>`;
    return `    <testcase classname="gate.thresholds" name="${xml(c.name)}">${body}</testcase>`;
  });
  const suite = (name: string, cases: string[]) =>
    `  <testsuite name="${name}" tests="${cases.length}" failures="${cases.filter((c) => c.includes('<failure')).length}">\n${cases.join('\n')}\n  </testsuite>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="aml-rollout gate">\n${suite('gate.thresholds', checkCases)}\n${suite('gate.images', imageCases)}\n</testsuites>\n`;
}

const f = (n: number | undefined) => (n === undefined ? '' : n < 0 ? 'n/a' : n.toFixed(3));
const ICON = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' } as const;
/** Table cells hold no newline and no unescaped pipe. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
const code = (s: string) => `\`${cell(s).replace(/`/g, "'")}\``;

/** The judged side minus the baseline, signed; empty when either is undefined or n/a (-1). */
function delta(judged: number | undefined, baseline: number | undefined): string {
  if (judged === undefined || baseline === undefined || judged < 0 || baseline < 0) return '';
  const d = judged - baseline;
  return `${d >= 0 ? '+' : '-'}${Math.abs(d).toFixed(3)}`;
}

/** An image by digest; a reference without one is shown as given, flagged. */
function imageLine(image: string): string {
  const ref = parseImageRef(image);
  if ('problem' in ref) return `${code(image)} (not an image reference)`;
  return ref.digest ? code(image) : `${code(image)} (no digest: a tag can move)`;
}

function reportLink(report: string): string {
  if (/^https?:\/\//i.test(report)) return `[HTML report (artifact)](${report})`;
  if (report === 'report.html') return '[report.html](report.html)';
  return code(report);
}

export function summaryMarkdown(
  report: GateReport,
  golden: GoldenSet,
  data: RunData,
  links: SummaryLinks = {},
): string {
  const lines = [`## Detection gate: ${ICON[report.verdict]}`, ''];
  if (report.reasons.length) {
    lines.push(...report.reasons.slice(0, 20).map((r) => `- ${r}`));
    if (report.reasons.length > 20) lines.push(`- ... and ${report.reasons.length - 20} more (gate.json)`);
    lines.push('');
  }
  const names = new Map(golden.images.map((i) => [i.id, i.fileName]));
  const subject = report.subject;
  const facts: [string, string][] = [];
  if (subject?.model)
    facts.push([
      'model',
      `${code(subject.model)}, content ${subject.contentHash ? code(`sha256:${subject.contentHash}`) : 'hash unknown (not registered by register-model)'}`,
    ]);
  if (subject?.image) facts.push(['image', imageLine(subject.image)]);
  facts.push(['judged', code(subject?.target ?? (report.endpoint ? 'endpoint' : 'local'))]);
  facts.push(['golden set', `${report.images} images${report.shard ? `, shard ${report.shard}` : ''}`]);
  if (report.parity) {
    const { disagreeing, images } = report.parity;
    const named = disagreeing.slice(0, 5).map((id) => names.get(id) ?? String(id));
    facts.push([
      'parity',
      `${disagreeing.length}/${images} images disagree between local and endpoint${named.length ? ` (${named.map(cell).join(', ')}${disagreeing.length > 5 ? ', ...' : ''})` : ''}`,
    ]);
  } else facts.push(['parity', 'n/a (no endpoint)']);
  facts.push(['report', reportLink(links.report ?? 'report.html')]);
  if (links.evidence) facts.push(['evidence', cell(links.evidence)]);
  lines.push('| | |', '|---|---|', ...facts.map(([k, v]) => `| ${k} | ${v} |`), '');

  const cols = [
    ['local', report.local],
    ['endpoint', report.endpoint],
    ['baseline', report.baseline],
  ].filter((c): c is [string, SideReport] => c[1] !== undefined);
  const judged = report.endpoint ?? report.local;
  const base = report.baseline;
  lines.push(
    `| metric | ${cols.map((c) => c[0]).join(' | ')}${base ? ' | Δ vs baseline' : ''} |`,
    `|---|${cols.map(() => '---:').join('|')}${base ? '|---:' : ''}|`,
  );
  for (const name of COCO_STAT_NAMES) {
    const d = base ? ` | ${delta(judged.coco[name], base.coco[name])}` : '';
    lines.push(`| ${name} | ${cols.map((c) => f(c[1].coco[name])).join(' | ')}${d} |`);
  }
  lines.push('', '| class | AP | AP50 | recall |', '|---|---:|---:|---:|');
  for (const c of judged.perClass)
    lines.push(`| ${cell(c.name)} | ${f(c.ap)} | ${f(c.ap50)} | ${f(c.recall)} |`);
  const worst = [...judged.perImage]
    .sort((a, b) => b.fp + b.fn - (a.fp + a.fn))
    .filter((p) => p.fp + p.fn > 0)
    .slice(0, 10);
  if (worst.length) {
    lines.push('', '**Worst images**', '', '| image | TP | FP | FN |', '|---|---:|---:|---:|');
    for (const w of worst)
      lines.push(`| ${cell(names.get(w.imageId) ?? String(w.imageId))} | ${w.tp} | ${w.fp} | ${w.fn} |`);
  }
  if (data.errors.failures.length) {
    lines.push('', `**Endpoint errors** (${data.errors.failed} of ${data.errors.total})`, '');
    lines.push(...data.errors.failures.slice(0, 10).map((e) => `- ${e.message}`));
  }
  return `${lines.join('\n')}\n`;
}

export async function writeReports(
  folder: ReportFolder,
  golden: GoldenSet,
  data: RunData,
  result: {
    local: CocoEvaluation;
    endpoint?: CocoEvaluation | undefined;
    baseline?: CocoEvaluation | undefined;
    judgement: Judgement;
  },
  thresholds: Thresholds,
  shard: string | undefined,
  subject?: ReportSubject,
): Promise<GateReport> {
  const files: Record<string, string> = {
    json: folder.file('gate.json'),
    junit: folder.file('junit.xml'),
    summary: folder.file('summary.md'),
    html: folder.file('report.html'),
    runData: folder.file('run-data.json'),
    predictionsLocal: folder.file('predictions-local.json'),
  };
  if (data.endpoint) files.predictionsEndpoint = folder.file('predictions-endpoint.json');
  if (data.baseline) files.predictionsBaseline = folder.file('predictions-baseline.json');
  const disagreeing = (data.parity ?? [])
    .filter((p) => p.localOnly || p.endpointOnly || p.maxScoreDelta > thresholds.parity.scoreDelta)
    .map((p) => p.imageId);
  const report: GateReport = {
    verdict: result.judgement.verdict,
    reasons: result.judgement.reasons,
    checks: result.judgement.checks,
    images: data.imageIds.length,
    golden: path.resolve(golden.dir),
    shard,
    local: side(result.local),
    endpoint: result.endpoint ? side(result.endpoint) : undefined,
    baseline: result.baseline ? side(result.baseline) : undefined,
    parity: data.parity ? { images: data.parity.length, disagreeing, perImage: data.parity } : undefined,
    errors: data.errors,
    thresholds,
    files,
    subject,
  };
  await folder.writeJson('gate.json', report, 2);
  await folder.writeJson('run-data.json', data);
  await folder.writeJson('predictions-local.json', data.local);
  if (data.endpoint) await folder.writeJson('predictions-endpoint.json', data.endpoint);
  if (data.baseline) await folder.writeJson('predictions-baseline.json', data.baseline);
  await folder.writeText('junit.xml', junitXml(report, golden, data));
  await folder.writeText('summary.md', summaryMarkdown(report, golden, data));
  return report;
}
