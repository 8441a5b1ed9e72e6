// The layer rules (.dependency-cruiser.js, run on the repository by `npm test` as `npm run deps`)
// catch a wrong arrow and name the rule it breaks: dependency-cruiser itself, with the project's
// own config, on small trees laid out like the repository.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/bundle.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Writes the files into a fresh tree and cruises it as `npm run deps` cruises the repository. */
function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'layers-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const roots = ['shared', 'local', 'entries', 'test'].filter((r) =>
    Object.keys(files).some((f) => f.startsWith(`${r}/`)),
  );
  const r = spawnSync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      '--config',
      path.join(repoRoot, '.dependency-cruiser.js'),
      '--output-type',
      'err',
      ...roots,
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const base = {
  'shared/errors.ts': 'export class RolloutError extends Error {}\n',
  'shared/azure/workspace.ts':
    "import { RolloutError } from '../errors.js';\nexport const e = RolloutError;\n",
  'shared/host/host.ts': "export interface Host { kind: 'cli' }\n",
  'shared/gate/step.ts': "import type { Host } from '../host/host.js';\nexport type H = Host;\n",
  'shared/steps/runner.ts': "import type { H } from '../gate/step.js';\nexport type R = H;\n",
  'shared/cli/main.ts': "import type { R } from '../steps/runner.js';\nexport type M = R;\n",
  'local/plane.ts': "import { e } from '../shared/azure/workspace.js';\nexport const p = e;\n",
};

describe('layer rules', () => {
  it('a tree whose arrows all point down passes', () => {
    const r = cruise(base);
    expect(r.output).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });

  const wrongArrows: [string, Record<string, string>, string][] = [
    [
      'layer 2 importing the host (a type import counts)',
      {
        'shared/azure/workspace.ts': "import type { Host } from '../host/host.js';\nexport type W = Host;\n",
      },
      'layer-2-azure-endpoint-native-registry-spec-http-launch-imports-only-lower-layers: shared/azure/workspace.ts → shared/host/host.ts',
    ],
    [
      'the host importing the CLI',
      { 'shared/host/cli.ts': "import type { M } from '../cli/main.js';\nexport type C = M;\n" },
      'layer-3-scoring-host-imports-only-lower-layers: shared/host/cli.ts → shared/cli/main.ts',
    ],
    [
      'the gate importing a step',
      { 'shared/gate/run.ts': "import type { R } from '../steps/runner.js';\nexport type X = R;\n" },
      'layer-4-model-gate-image-imports-only-lower-layers: shared/gate/run.ts → shared/steps/runner.ts',
    ],
    [
      'local/ importing the CLI',
      { 'local/supervisor.ts': "import type { M } from '../shared/cli/main.js';\nexport type S = M;\n" },
      'local-uses-layers-up-to-scoring-no-step-no-cli: local/supervisor.ts → shared/cli/main.ts',
    ],
    [
      'a step starting the local plane',
      { 'shared/steps/rehearse.ts': "import { p } from '../../local/plane.js';\nexport const x = p;\n" },
      'local-is-started-only-by-the-cli-and-tests: shared/steps/rehearse.ts → local/plane.ts',
    ],
    [
      'a folder of shared/ that is in no layer',
      {
        'shared/misc/helper.ts':
          "import { RolloutError } from '../errors.js';\nexport const h = RolloutError;\n",
      },
      'shared-module-outside-the-layers: shared/misc/helper.ts → shared/errors.ts',
    ],
    [
      'two modules importing each other',
      {
        'shared/gate/a.ts': "import type { B } from './b.js';\nexport type A = { b?: B };\n",
        'shared/gate/b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };\n",
      },
      'no-cycles: shared/gate/a.ts →',
    ],
  ];

  it('every wrong arrow fails the run, each named by the rule it breaks', () => {
    // One tree with all of them: each is reported on its own line.
    const r = cruise(Object.assign({ ...base }, ...wrongArrows.map(([, files]) => files)));
    expect(r.status).not.toBe(0);
    for (const [what, , line] of wrongArrows) expect(r.output, what).toContain(`error ${line}`);
    expect(r.output).toMatch(new RegExp(`x ${wrongArrows.length} dependency violations`));
  });

  it('a test may import its own layer and below, and local/ from layer 4 up, but nothing above', () => {
    const ok = cruise({
      ...base,
      'shared/gate/step.test.ts':
        "import type { H } from './step.js';\nimport { p } from '../../local/plane.js';\nexport const t: [H?, unknown?] = [undefined, p];\n",
    });
    expect(ok.status).toBe(0);
    const up = cruise({
      ...base,
      'shared/gate/step.test.ts': "import type { M } from '../cli/main.js';\nexport type T = M;\n",
    });
    expect(up.output).toContain(
      'error layer-4-model-gate-image-imports-only-lower-layers: shared/gate/step.test.ts → shared/cli/main.ts',
    );
  });
});
