// The rollout's summary pieces, as strings: the timeline of stages as a Markdown table, and the
// traffic over time as a Mermaid `xychart-beta` (GitHub renders Mermaid in job summaries) or as a
// Markdown table (Azure DevOps summaries do not render Mermaid). Pure string building.
import { findDeployment, trafficOf, type TrafficMap } from './traffic.js';

export type StageOutcome = 'ok' | 'failed' | 'skipped' | 'running' | 'rolled back' | 'paused';

export interface TimelineRow {
  stage: string;
  /** ISO 8601 text or epoch milliseconds. */
  startedAt: string | number;
  endedAt?: string | number | undefined;
  outcome: StageOutcome;
  checks?: { passed: number; failed: number } | undefined;
  /** One line of figures (see health's `describeFigures`), or a note. */
  figures?: string | undefined;
}

const OUTCOME: Record<StageOutcome, string> = {
  ok: '✅ ok',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
  running: '⏳ running',
  'rolled back': '↩️ rolled back',
  paused: '⏸️ paused',
};

const toMs = (t: string | number) => (typeof t === 'number' ? t : Date.parse(t));

/** "850 ms", "42s", "3m 05s", "1h 02m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** A table cell: no pipes or line breaks to break the row. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

/** "12:03:05Z" (UTC time of day), or "?" for a bad time. */
function clock(t: string | number): string {
  const ms = toMs(t);
  return Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(11, 19)}Z` : '?';
}

export function timelineMarkdown(rows: readonly TimelineRow[]): string {
  const lines = [
    '| Stage | Started | Duration | Outcome | Checks | Figures |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const duration = r.endedAt === undefined ? '' : formatDuration(toMs(r.endedAt) - toMs(r.startedAt));
    const checks = r.checks ? `${r.checks.passed} passed, ${r.checks.failed} failed` : '';
    lines.push(
      `| ${[cell(r.stage), clock(r.startedAt), duration, OUTCOME[r.outcome], checks, cell(r.figures ?? '')].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** Traffic at one moment of the rollout, labelled for the x axis ("start", "10%", "rollback"). */
export interface TrafficSample {
  label: string;
  traffic: TrafficMap;
  mirrorTraffic?: TrafficMap | undefined;
}

interface Series {
  name: string;
  mirror: boolean;
  values: number[];
}

/** One series per deployment (first spelling seen), plus one per mirrored deployment. */
function seriesOf(samples: readonly TrafficSample[]): Series[] {
  const live: string[] = [];
  const mirrored: string[] = [];
  for (const s of samples) {
    for (const name of Object.keys(s.traffic)) if (!findDeployment(live, name)) live.push(name);
    for (const [name, v] of Object.entries(s.mirrorTraffic ?? {}))
      if (v > 0 && !findDeployment(mirrored, name)) mirrored.push(name);
  }
  return [
    ...live.map((name) => ({ name, mirror: false, values: samples.map((s) => trafficOf(s.traffic, name)) })),
    ...mirrored.map((name) => ({
      name,
      mirror: true,
      values: samples.map((s) => trafficOf(s.mirrorTraffic, name)),
    })),
  ];
}

/** Line colours: the deployments called blue and green get those; others the rest in turn. */
const PALETTE = [
  { name: 'orange', hex: '#bc4c00' },
  { name: 'purple', hex: '#8250df' },
  { name: 'red', hex: '#cf222e' },
  { name: 'grey', hex: '#6e7781' },
  { name: 'brown', hex: '#953800' },
  { name: 'pink', hex: '#bf3989' },
];
const NAMED = { blue: { name: 'blue', hex: '#0969da' }, green: { name: 'green', hex: '#1a7f37' } };

function colours(series: readonly Series[]): { name: string; hex: string }[] {
  let next = 0;
  return series.map((s) => {
    const key = s.name.toLowerCase();
    if (!s.mirror && (key === 'blue' || key === 'green')) return NAMED[key];
    return PALETTE[next++ % PALETTE.length] as { name: string; hex: string };
  });
}

/** Text safe inside a Mermaid double-quoted string. */
const quoted = (text: string) =>
  `"${text
    .replace(/"/g, "'")
    .replace(/[\\\s]+/g, ' ')
    .trim()}"`;

/**
 * A fenced Mermaid `xychart-beta` of traffic per deployment over the samples, and a legend line
 * (xychart draws no legend, so the line colours are fixed and named under the chart).
 */
export function trafficMermaid(
  samples: readonly TrafficSample[],
  title = 'Traffic by deployment (%)',
): string {
  if (samples.length === 0) return '_No traffic changes._';
  const series = seriesOf(samples);
  if (series.length === 0) return '_No traffic on the endpoint._';
  const palette = colours(series);
  const lines = [
    '```mermaid',
    '---',
    'config:',
    '  theme: base',
    '  themeVariables:',
    '    xyChart:',
    `      plotColorPalette: "${palette.map((c) => c.hex).join(', ')}"`,
    '---',
    'xychart-beta',
    `  title ${quoted(title)}`,
    `  x-axis [${samples.map((s) => quoted(s.label)).join(', ')}]`,
    '  y-axis "traffic %" 0 --> 100',
    ...series.map((s) => `  line [${s.values.join(', ')}]`),
    '```',
    '',
    `Lines: ${series.map((s, i) => `${palette[i]?.name} = \`${s.name}\`${s.mirror ? ' (mirrored)' : ''}`).join(', ')}.`,
  ];
  return lines.join('\n');
}

/** The same traffic as a Markdown table: one row per sample, one column per deployment. */
export function trafficMarkdownTable(samples: readonly TrafficSample[]): string {
  if (samples.length === 0) return '_No traffic changes._';
  const series = seriesOf(samples);
  const head = ['When', ...series.map((s) => (s.mirror ? `${s.name} (mirrored)` : s.name))];
  const lines = [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  samples.forEach((sample, i) => {
    lines.push(`| ${[cell(sample.label), ...series.map((s) => `${s.values[i]}%`)].join(' | ')} |`);
  });
  return lines.join('\n');
}
