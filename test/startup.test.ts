// Start-up guard: every step bundle, run as shipped (dist/<step>/index.js, which `npm test` builds
// first) on a CI host with no inputs, refuses the missing input without loading a file that holds
// onnxruntime-node, sharp, an Azure SDK or @actions/artifact. Those load behind a dynamic import() at the code that
// needs them (docs/hosts.md, "Start-up"); a static import that drags one back into start-up fails
// here. How fast the bundles start is bench/startup.ts's business, never a test's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/bundle.js';

const BUNDLES = ['build-image', 'register-model', 'deploy', 'gate', 'promote', 'main'];
const PRELOAD = path.join(repoRoot, 'test/support/load-trace.cjs');

interface Heavy {
  name: string;
  /** Whether a bundle file's code holds it (externals stay as import/require calls). */
  heldBy(code: string): boolean;
  /** Whether a loaded file is the package itself (externals, or a copy outside the bundle). */
  isPackageFile(file: string): boolean;
}

const external = (pkg: string) =>
  new RegExp(
    String.raw`(?:\bimport\s*\(|\brequire\s*\(|\)\s*\()\s*(?:/\*[\s\S]*?\*/\s*)?["']${pkg}["']\s*\)|\bfrom\s*["']${pkg}["']`,
  );
const HEAVY: Heavy[] = [
  {
    name: 'onnxruntime-node',
    heldBy: (code) => external('onnxruntime-node').test(code),
    isPackageFile: (file) => file.includes('/node_modules/onnxruntime-'),
  },
  {
    name: 'sharp',
    heldBy: (code) => external('sharp').test(code),
    isPackageFile: (file) => /\/node_modules\/(sharp|@img)\//.test(file),
  },
  {
    name: 'an Azure SDK (@azure/*)',
    // ES modules by ncc's name for them, CommonJS ones (@azure/arm-machinelearning) by the user
    // agent every Azure SDK client stamps on its requests.
    heldBy: (code) => /MODULE: \.\/node_modules\/@azure\/|\bazsdk-js-/.test(code),
    isPackageFile: (file) => file.includes('/node_modules/@azure/'),
  },
  {
    name: '@actions/artifact',
    heldBy: (code) => /MODULE: \.\/node_modules\/@actions\/artifact\//.test(code),
    isPackageFile: (file) => file.includes('/node_modules/@actions/artifact/'),
  },
];

const dir = mkdtempSync(path.join(os.tmpdir(), 'aml-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a bundle as a step starts, no inputs given; returns its result and the files it loaded. */
function startBundle(name: string, hostEnv: Record<string, string>) {
  const trace = path.join(dir, `${name}-${Math.random()}.trace`);
  const output = path.join(dir, `${name}-${Math.random()}.output`);
  writeFileSync(trace, '');
  writeFileSync(output, '');
  const r = spawnSync(
    process.execPath,
    ['--require', PRELOAD, path.join(repoRoot, 'dist', name, 'index.js')],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        LOAD_TRACE: trace,
        ...hostEnv,
        ...(hostEnv.GITHUB_ACTIONS ? { GITHUB_OUTPUT: output } : {}),
      },
      cwd: dir,
      encoding: 'utf8',
    },
  );
  const loaded = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.slice(l.indexOf(' ') + 1))
    .filter((f) => !f.startsWith('node:') && f.includes('/'))
    .map((f) => (f.startsWith('file:') ? fileURLToPath(f) : f));
  return { ...r, loaded: [...new Set(loaded)] };
}

/** The files of a bundle's folder that hold each heavy dependency. */
function heavyFiles(name: string): Map<string, string[]> {
  const folder = path.join(repoRoot, 'dist', name);
  const files = readdirSync(folder).filter((f) => f.endsWith('.js'));
  const code = new Map(files.map((f) => [path.join(folder, f), readFileSync(path.join(folder, f), 'utf8')]));
  return new Map(HEAVY.map((h) => [h.name, [...code].filter(([, c]) => h.heldBy(c)).map(([f]) => f)]));
}

const hosts: [string, Record<string, string>, RegExp][] = [
  ['GitHub', { GITHUB_ACTIONS: 'true' }, /^::error::(InvalidInput: )?input '[\w-]+': is required/m],
  [
    'Azure DevOps',
    { TF_BUILD: 'True', AGENT_ID: '1' },
    /^##vso\[task\.complete result=Failed;\](InvalidInput: )?input '[\w-]+': is required/m,
  ],
];

describe.each(hosts)('start-up on %s', (_, hostEnv, refusal) => {
  it.each(BUNDLES)(
    'dist/%s refuses a missing input without loading onnxruntime-node, sharp, @azure/* or @actions/artifact',
    (name) => {
      const held = heavyFiles(name);
      // The detection itself still works: every bundle carries @azure/identity (the hosts' sign-in)
      // and @actions/artifact (the GitHub adapter's uploads), and the gate (also reachable from the
      // umbrella) carries the scorer's native imports.
      expect(held.get('an Azure SDK (@azure/*)')).not.toEqual([]);
      expect(held.get('@actions/artifact')).not.toEqual([]);
      if (name === 'gate' || name === 'main') {
        expect(held.get('onnxruntime-node')).not.toEqual([]);
        expect(held.get('sharp')).not.toEqual([]);
      }

      const r = startBundle(name, hostEnv);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toMatch(refusal);
      // The trace sees ncc's chunks, which load by dynamic import (the host adapter is one).
      expect(r.loaded.some((f) => /\/\d+\.index\.js$/.test(f))).toBe(true);

      const offenders = HEAVY.flatMap((h) =>
        r.loaded
          .filter((f) => h.isPackageFile(f) || held.get(h.name)?.includes(f))
          .map((f) => `${path.relative(repoRoot, f)} (${h.name})`),
      );
      expect(offenders).toEqual([]);
    },
  );
});
