// Cost of the largest allowed tiling (tile_grid_size 8x8: 64 tiles plus the whole image, see
// MAX_TILES in shared/scoring/card/inference.ts) against untiled scoring of the same image, with
// the same scorer in this one run: the ratio is the figure (about one model run per view, plus
// cutting and resizing each tile). Images: the golden set's largest diagram (2000x1500) and a
// 39 MP diagram-like image, just under the scorer's 40 MP limit. Runs are interleaved and each
// reports its median; the process's peak RSS is printed at the end (tiles are scored one at a time).
// usage: npx tsx bench/tiling.ts [--runs N]
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadSharp } from '../shared/native/load.js';
import { loadModelCard, MAX_TILE_GRID_SIDE, MAX_TILES } from '../shared/scoring/card.js';
import { DetectionScorer } from '../shared/scoring/scorer.js';

const repo = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const side = Math.min(MAX_TILE_GRID_SIDE, Math.floor(Math.sqrt(MAX_TILES)));
const grid = `${side}x${Math.floor(MAX_TILES / side)}`;

async function hugeDiagram(): Promise<Buffer> {
  const sharp = await loadSharp();
  const [w, h] = [7600, 5100];
  const symbols = Array.from({ length: 40 }, (_, i) => ({
    input: { create: { width: 60, height: 40, channels: 3 as const, background: '#111' } },
    left: 100 + ((i * 977) % (w - 200)),
    top: 100 + ((i * 613) % (h - 200)),
  }));
  return sharp({ create: { width: w, height: h, channels: 3, background: '#fff' } })
    .composite(symbols)
    .png({ compressionLevel: 1 })
    .toBuffer();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const v1 = path.join(repo, 'fixtures', 'models', 'v1');
  const card = await loadModelCard(path.join(v1, 'model-card.yaml'));
  const scorer = await DetectionScorer.open(path.join(v1, 'model.onnx'), card, { workers: 1 });
  const untiled = scorer.params({});
  const tiled = scorer.params({ tile_grid_size: grid });
  const images: Array<[string, Buffer]> = [
    [
      'large-06.jpg (2000x1500)',
      await readFile(path.join(repo, 'fixtures', 'golden', 'images', 'large-06.jpg')),
    ],
    ['diagram 7600x5100 (39 MP)', await hugeDiagram()],
  ];
  console.log(
    `tile_grid_size ${grid} (the largest allowed: ${MAX_TILES} tiles) vs untiled, v1 model, one thread`,
  );
  console.log(`median of ${runs} interleaved runs`);
  console.log('image                        untiled ms   tiled ms   ratio');
  for (const [name, bytes] of images) {
    await scorer.scoreWith(bytes, untiled); // warm-up
    await scorer.scoreWith(bytes, tiled);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      await scorer.scoreWith(bytes, untiled);
      a.push(performance.now() - t);
      t = performance.now();
      await scorer.scoreWith(bytes, tiled);
      b.push(performance.now() - t);
    }
    const [u, k] = [median(a), median(b)];
    console.log(
      `${name.padEnd(28)} ${u.toFixed(0).padStart(10)} ${k.toFixed(0).padStart(10)} ${(k / u).toFixed(1).padStart(6)}x`,
    );
  }
  await scorer.close();
  console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

await main();
