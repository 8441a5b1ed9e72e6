import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  timelineMarkdown,
  trafficMarkdownTable,
  trafficMermaid,
  type TrafficSample,
} from './timeline.js';

describe('durations', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [42_000, '42s'],
    [59_400, '59s'],
    [185_000, '3m 05s'],
    [3_720_000, '1h 02m'],
    [-1, '?'],
    [Number.NaN, '?'],
  ])('%s ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('the timeline table', () => {
  it('one row per stage: UTC start, duration, outcome, checks, figures', () => {
    const md = timelineMarkdown([
      {
        stage: 'deploying',
        startedAt: '2025-03-01T10:00:00Z',
        endedAt: '2025-03-01T10:04:30Z',
        outcome: 'ok',
      },
      {
        stage: 'traffic:10',
        startedAt: Date.parse('2025-03-01T10:05:00Z'),
        endedAt: Date.parse('2025-03-01T10:06:00Z'),
        outcome: 'ok',
        checks: { passed: 4, failed: 0 },
        figures: 'errors 0/120 (0%), p95 180 ms',
      },
      {
        stage: 'traffic:50',
        startedAt: '2025-03-01T10:06:00Z',
        endedAt: '2025-03-01T10:06:40Z',
        outcome: 'failed',
        checks: { passed: 1, failed: 2 },
        figures: 'error rate | 5%\nabove 1%',
      },
      { stage: 'rolling-back', startedAt: '2025-03-01T10:06:40Z', outcome: 'running' },
    ]);
    expect(md).toBe(
      [
        '| Stage | Started | Duration | Outcome | Checks | Figures |',
        '| --- | --- | --- | --- | --- | --- |',
        '| deploying | 10:00:00Z | 4m 30s | ✅ ok |  |  |',
        '| traffic:10 | 10:05:00Z | 1m 00s | ✅ ok | 4 passed, 0 failed | errors 0/120 (0%), p95 180 ms |',
        '| traffic:50 | 10:06:00Z | 40s | ❌ failed | 1 passed, 2 failed | error rate \\| 5% above 1% |',
        '| rolling-back | 10:06:40Z |  | ⏳ running |  |  |',
      ].join('\n'),
    );
  });

  it('an unreadable time shows ?', () => {
    expect(
      timelineMarkdown([{ stage: 'gate', startedAt: 'soon', endedAt: 'later', outcome: 'skipped' }]),
    ).toMatch(/\| gate \| \? \| \? \| ⏭️ skipped \|/);
  });

  it('no rows is just the header', () => {
    expect(timelineMarkdown([]).split('\n')).toHaveLength(2);
  });
});

const samples: TrafficSample[] = [
  { label: 'start', traffic: { blue: 100 } },
  { label: 'mirror 20%', traffic: { blue: 100, green: 0 }, mirrorTraffic: { green: 20 } },
  { label: '10%', traffic: { blue: 90, green: 10 } },
  { label: '50%', traffic: { blue: 50, green: 50 } },
  { label: '100%', traffic: { blue: 0, Green: 100 } },
];

describe('traffic over time as Mermaid', () => {
  it('a line per deployment (and per mirror), fixed colours named in a legend', () => {
    expect(trafficMermaid(samples)).toBe(
      [
        '```mermaid',
        '---',
        'config:',
        '  theme: base',
        '  themeVariables:',
        '    xyChart:',
        '      plotColorPalette: "#0969da, #1a7f37, #bc4c00"',
        '---',
        'xychart-beta',
        '  title "Traffic by deployment (%)"',
        '  x-axis ["start", "mirror 20%", "10%", "50%", "100%"]',
        '  y-axis "traffic %" 0 --> 100',
        '  line [100, 100, 90, 50, 0]',
        '  line [0, 0, 10, 50, 100]',
        '  line [0, 20, 0, 0, 0]',
        '```',
        '',
        'Lines: blue = `blue`, green = `green`, orange = `green` (mirrored).',
      ].join('\n'),
    );
  });

  it('other names get the palette in turn; quotes cannot break the chart', () => {
    const chart = trafficMermaid(
      [
        { label: 'start', traffic: { prod: 100 } },
        { label: 'say "hi"\n', traffic: { prod: 0, canary: 100 } },
      ],
      'Rollout "x"',
    );
    expect(chart).toMatch(/plotColorPalette: "#bc4c00, #8250df"/);
    expect(chart).toMatch(/title "Rollout 'x'"/);
    expect(chart).toMatch(/x-axis \["start", "say 'hi'"\]/);
    expect(chart).toMatch(/Lines: orange = `prod`, purple = `canary`\./);
  });

  it('nothing to draw', () => {
    expect(trafficMermaid([])).toBe('_No traffic changes._');
    expect(trafficMermaid([{ label: 'start', traffic: {} }])).toBe('_No traffic on the endpoint._');
  });
});

describe('traffic over time as a Markdown table (Azure DevOps)', () => {
  it('a row per sample, a column per deployment and mirror', () => {
    expect(trafficMarkdownTable(samples)).toBe(
      [
        '| When | blue | green | green (mirrored) |',
        '| --- | --- | --- | --- |',
        '| start | 100% | 0% | 0% |',
        '| mirror 20% | 100% | 0% | 20% |',
        '| 10% | 90% | 10% | 0% |',
        '| 50% | 50% | 50% | 0% |',
        '| 100% | 0% | 100% | 0% |',
      ].join('\n'),
    );
    expect(trafficMarkdownTable([])).toBe('_No traffic changes._');
  });
});
