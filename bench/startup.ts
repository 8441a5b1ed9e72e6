// Start-up cost of a bundled step: median wall time of `node dist/<step>/index.js` (to its input
// validation error) against `node -e 0` measured in the same run, interleaved so that machine
// noise hits both alike. Reported as absolute ms and as a ratio to the bare Node start.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const steps = ['build-image', 'register-model', 'deploy', 'gate', 'promote'];
// A clean runner environment with no inputs: each step stops at its first validation error.
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', GITHUB_ACTIONS: 'true' };

function time(args: string[]): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  const ms = performance.now() - start;
  if (r.error) throw r.error;
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const peer: number[] = [];
const samples = new Map<string, number[]>(steps.map((s) => [s, []]));
time(['-e', '0']); // warm the file cache
for (let i = 0; i < runs; i++) {
  peer.push(time(['-e', '0']));
  for (const step of steps) samples.get(step)?.push(time([path.join(root, 'dist', step, 'index.js')]));
}

const base = median(peer);
console.log(`start-up, median of ${runs} runs (peer: node -e 0 = ${base.toFixed(1)} ms)`);
console.log('step             median ms   ratio to node -e 0');
for (const step of steps) {
  const m = median(samples.get(step) ?? []);
  console.log(`${step.padEnd(16)} ${m.toFixed(1).padStart(9)}   ${(m / base).toFixed(2)}x`);
}
