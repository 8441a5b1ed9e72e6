// The self-contained HTML report: verdict, metrics, and every golden image with ground truth,
// local and endpoint boxes drawn on it (sharp + an SVG overlay), embedded as data URIs so the
// file opens anywhere, with no script and nothing fetched. Written through the ReportFolder, masked.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReportFolder } from '../files/report-folder.js';
import { loadSharp } from '../native/load.js';
import { COCO_STAT_NAMES, type CocoDetection } from './coco.js';
import type { GoldenImage, GoldenSet } from './golden.js';
import type { GateReport } from './report.js';
import type { RunData } from './run.js';

const COLOURS = { gt: '#22c55e', local: '#3b82f6', endpoint: '#f97316' } as const;
const MAX_WIDTH = 960;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function rects(
  boxes: readonly [number, number, number, number][],
  colour: string,
  scale: number,
  dash: string,
  width = 2,
): string {
  return boxes
    .map(
      ([x, y, w, h]) =>
        `<rect x="${(x * scale).toFixed(1)}" y="${(y * scale).toFixed(1)}" width="${(w * scale).toFixed(1)}" height="${(h * scale).toFixed(1)}" fill="none" stroke="${colour}" stroke-width="${width}" stroke-dasharray="${dash}"/>`,
    )
    .join('');
}

async function annotate(
  image: GoldenImage,
  gt: GoldenSet,
  data: RunData,
  scoreFloor: number,
): Promise<string> {
  const sharp = await loadSharp();
  const scale = Math.min(1, MAX_WIDTH / image.width);
  const width = Math.round(image.width * scale);
  const height = Math.round(image.height * scale);
  const of = (list: readonly CocoDetection[] | undefined) =>
    (list ?? []).filter((d) => d.image_id === image.id && d.score >= scoreFloor).map((d) => d.bbox);
  const truth = gt.gt.annotations.filter((a) => a.image_id === image.id).map((a) => a.bbox);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects(truth, COLOURS.gt, scale, '', 5)}${rects(of(data.local), COLOURS.local, scale, '6 3')}${rects(of(data.endpoint), COLOURS.endpoint, scale, '2 3')}</svg>`;
  const jpeg = await sharp(await readFile(image.file))
    .rotate()
    .flatten({ background: '#ffffff' })
    .resize(width, height, { fit: 'fill' })
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .jpeg({ quality: 78 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

export async function writeHtmlReport(
  folder: ReportFolder,
  report: GateReport,
  golden: GoldenSet,
  data: RunData,
): Promise<void> {
  const fmt = (n: number | undefined) => (n === undefined ? '' : n < 0 ? 'n/a' : n.toFixed(3));
  const sides = (['local', 'endpoint', 'baseline'] as const).filter((s) => report[s]);
  const stats = COCO_STAT_NAMES.map(
    (n) => `<tr><th>${n}</th>${sides.map((s) => `<td>${fmt(report[s]?.coco[n])}</td>`).join('')}</tr>`,
  ).join('');
  const perImage = new Map((report.endpoint ?? report.local).perImage.map((p) => [p.imageId, p]));
  const disagreeing = new Set(report.parity?.disagreeing ?? []);
  const failures = new Map(data.errors.failures.map((f) => [f.imageId, f.message]));
  const figures: string[] = [];
  for (const id of data.imageIds) {
    const image = golden.images.find((i) => i.id === id);
    if (!image) continue;
    const p = perImage.get(id);
    const notes = [
      p ? `TP ${p.tp} · FP ${p.fp} · FN ${p.fn}` : '',
      disagreeing.has(id) ? '<strong>local and endpoint disagree</strong>' : '',
      failures.has(id) ? `<strong>endpoint error</strong>: ${esc(failures.get(id) ?? '')}` : '',
    ].filter(Boolean);
    figures.push(
      `<figure data-image-id="${id}"><img alt="${esc(image.fileName)}" src="${await annotate(image, golden, data, data.scoreThreshold)}"><figcaption>${esc(image.fileName)} — ${notes.join(' · ')}</figcaption></figure>`,
    );
  }
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Detection gate: ${report.verdict}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2rem;color:#111}
.verdict{font-size:1.6rem;font-weight:700}.pass{color:#15803d}.fail,.inconclusive{color:#b91c1c}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ddd;padding:.25rem .6rem;text-align:right}
.legend span{display:inline-block;margin-right:1.2rem}.legend i{display:inline-block;width:1.2rem;height:.3rem;margin-right:.3rem;vertical-align:middle}
figure{margin:1.5rem 0}img{max-width:100%;border:1px solid #ccc}
</style></head><body>
<p class="verdict ${report.verdict}">Detection gate: ${report.verdict.toUpperCase()}</p>
<ul>${report.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>
<table><tr><th></th>${sides.map((s) => `<th>${s}</th>`).join('')}</tr>${stats}</table>
<p class="legend"><span><i style="background:${COLOURS.gt}"></i>ground truth</span><span><i style="background:${COLOURS.local}"></i>local scorer</span><span><i style="background:${COLOURS.endpoint}"></i>endpoint</span></p>
${figures.join('\n')}
</body></html>
`;
  await folder.writeText(path.basename(report.files.html as string), html);
}
