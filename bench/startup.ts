// Start-up cost of a bundled step: median wall time of `node dist/<step>/index.js` to its input
// validation error, against the least any action can do: an ncc bundle of @actions/core alone that
// refuses a missing input (built here, into a temp dir, the way `npm run build` bundles the steps).
// Runs are interleaved so that machine noise hits every bundle alike; the ratio is the figure.
// Build the steps first (`npm run build`): this measures dist/ as shipped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundle } from '../test/support/bundle.js';

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const bundles = ['build-image', 'register-model', 'deploy', 'gate', 'promote', 'main'];
// A clean runner environment with no inputs: each step stops at its first validation error.
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', GITHUB_ACTIONS: 'true' };
// The goal for every step, as a ratio to the peer (docs/hosts.md, "Start-up").
const GOAL = 1.5;

/** The peer: the smallest action that reads a required input with @actions/core and fails. */
function buildPeer(dir: string): string {
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    path.join(dir, 'peer.js'),
    [
      "import * as core from '@actions/core';",
      'try {',
      "  core.getInput('x', { required: true });",
      '} catch (e) {',
      '  core.setFailed(e.message);',
      '}',
      '',
    ].join('\n'),
  );
  // ncc resolves @actions/core from the entry's folder upwards: lend it the repository's modules.
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return bundle(path.join(dir, 'peer.js'), path.join(dir, 'out'));
}

function time(file: string): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, [file], { env, stdio: 'ignore' });
  const ms = performance.now() - start;
  if (r.error) throw r.error;
  // Both must stop at the missing input, not get further nor crash on a missing chunk.
  if (r.status !== 1) throw new Error(`${file} exited ${r.status}, expected 1 (a missing input)`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const files = new Map(bundles.map((b) => [b, path.join(root, 'dist', b, 'index.js')]));
const missing = [...files.values()].filter((f) => !existsSync(f));
if (missing.length) throw new Error(`build the steps first (npm run build): ${missing.join(', ')}`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'aml-startup-peer-'));
try {
  const peerFile = buildPeer(dir);
  const peer: number[] = [];
  const samples = new Map<string, number[]>(bundles.map((b) => [b, []]));
  // Warm the file cache once for every bundle.
  time(peerFile);
  for (const file of files.values()) time(file);
  for (let i = 0; i < runs; i++) {
    peer.push(time(peerFile));
    for (const [b, file] of files) samples.get(b)?.push(time(file));
  }

  const base = median(peer);
  console.log(`start-up to a missing-input failure, median of ${runs} interleaved runs`);
  console.log(`peer: ncc bundle of @actions/core alone = ${base.toFixed(1)} ms`);
  console.log(`step             median ms   ratio to peer (goal <= ${GOAL}x)`);
  for (const b of bundles) {
    const m = median(samples.get(b) ?? []);
    const ratio = m / base;
    console.log(
      `${b.padEnd(16)} ${m.toFixed(1).padStart(9)}   ${ratio.toFixed(2)}x${ratio > GOAL ? '  over the goal' : ''}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
