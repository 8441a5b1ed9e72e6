// The Azure DevOps extension as a user makes it: `npm run package:ado` stages the task folders and
// tfx-cli (a devDependency, offline) packs the .vsix, which is then read back as the zip it is.
// Each task folder must hold its task.json, the entry its handlers name, every chunk file ncc split
// off, and the scoring workers' bundle: Azure DevOps downloads the folder and nothing else.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adoName } from '../shared/host/ado-names.js';
import { steps } from '../shared/steps/catalog/index.js';
import { taskId } from '../shared/steps/manifests.js';
import { parseTaskVersions, TASK_VERSIONS_FILE } from '../shared/steps/task-versions.js';
import { repoRoot } from './support/bundle.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'aml-ado-extension-'));
const stage = path.join(dir, 'stage');
const vsix = path.join(dir, 'azureml-rollout.vsix');
let zip: JSZip;

function run(args: string[]): void {
  const r = spawnSync(process.execPath, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    // A home of its own: tfx-cli keeps settings there.
    env: { PATH: process.env.PATH ?? '', HOME: dir },
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
}

/** Every file under `root`, as POSIX paths relative to it. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

async function bytes(name: string): Promise<Buffer> {
  const entry = zip.file(name);
  if (!entry) throw new Error(`${name} is not in the vsix`);
  return Buffer.from(await entry.async('uint8array'));
}

interface TaskJson {
  id: string;
  version: { Major: number; Minor: number; Patch: number };
  execution: Record<string, { target: string }>;
  outputVariables: { name: string }[];
}

beforeAll(async () => {
  run(['--import', 'tsx', 'scripts/package-ado.ts', '--out', stage]);
  run([
    path.join(repoRoot, 'node_modules/tfx-cli/_build/tfx-cli.js'),
    'extension',
    'create',
    '--root',
    stage,
    '--output-path',
    vsix,
    '--no-prompt',
  ]);
  zip = await JSZip.loadAsync(readFileSync(vsix));
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Azure DevOps extension (.vsix)', () => {
  it('contributes one task per step', async () => {
    const manifest = JSON.parse((await bytes('extension.vsomanifest')).toString('utf8')) as {
      contributions: { type: string; properties: { name: string } }[];
    };
    expect(manifest.contributions.map((c) => c.properties.name)).toEqual(steps.map((s) => `tasks/${s.id}`));
    expect(new Set(manifest.contributions.map((c) => c.type))).toEqual(
      new Set(['ms.vss-distributed-task.task']),
    );
  });

  it('each task folder holds its task.json and every file of its bundle and of the scoring workers, byte for byte', async () => {
    const workerFiles = filesUnder(path.join(repoRoot, 'dist', 'score-worker'));
    for (const step of steps) {
      const bundle = path.join(repoRoot, 'dist', step.id);
      const own = filesUnder(bundle);
      // ncc splits lazily imported modules into chunk files beside index.js: they must travel too.
      expect(own.filter((f) => /^\d+\.index\.js$/.test(f)).length, step.id).toBeGreaterThan(0);
      const expected = ['task.json', ...own, ...workerFiles.map((f) => `score-worker/${f}`)].sort();
      const inZip = Object.keys(zip.files)
        .filter((n) => n.startsWith(`tasks/${step.id}/`) && !zip.files[n]?.dir)
        .map((n) => n.slice(`tasks/${step.id}/`.length))
        .sort();
      expect(inZip, step.id).toEqual(expected);
      for (const f of own)
        expect((await bytes(`tasks/${step.id}/${f}`)).equals(readFileSync(path.join(bundle, f))), f).toBe(
          true,
        );
      for (const f of workerFiles) {
        const original = readFileSync(path.join(repoRoot, 'dist', 'score-worker', f));
        expect((await bytes(`tasks/${step.id}/score-worker/${f}`)).equals(original), f).toBe(true);
      }
    }
  });

  it('each task.json carries its id, its recorded version, both Node handlers on an entry that is there, and its outputs', async () => {
    const versions = parseTaskVersions(readFileSync(path.join(repoRoot, TASK_VERSIONS_FILE), 'utf8'));
    for (const step of steps) {
      const task = JSON.parse((await bytes(`tasks/${step.id}/task.json`)).toString('utf8')) as TaskJson;
      expect(task.id).toBe(taskId(step.id));
      const { Major, Minor, Patch } = task.version;
      expect(`${Major}.${Minor}.${Patch}`, step.id).toBe(versions[step.id]?.version);
      expect(Object.keys(task.execution).sort(), step.id).toEqual(['Node20_1', 'Node24']);
      for (const handler of Object.values(task.execution)) {
        expect(handler.target).toBe('index.js');
        expect(zip.file(`tasks/${step.id}/${handler.target}`), step.id).not.toBeNull();
      }
      expect(task.outputVariables.map((v) => v.name)).toEqual(Object.keys(step.outputs).map(adoName));
    }
  });
});
