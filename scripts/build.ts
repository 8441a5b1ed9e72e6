// `npm run build`: bundle every entry with @vercel/ncc into dist/<entry>/index.js (committed:
// GitHub runs actions from the repo), with a post.js beside it where a step has a post-job entry,
// then give each Azure DevOps task its version for what its folder now holds
// (tasks/versions.json) and write the host manifests from the step definitions.
// `--manifests-only` skips the bundling and versions against the dist/ on disk.
// entries/score-worker.ts is not a step: it is the scoring pool's worker thread (dist/score-worker).
// Native modules stay external; shared/native installs them on first use (docs/dependencies.md).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NATIVE_PACKAGES } from '../shared/native/packages.js';
import { steps } from '../shared/steps/catalog/index.js';
import {
  allManifests,
  bundlesWithPostEntry,
  POST_ENTRY,
  postEntrySource,
} from '../shared/steps/manifests.js';
import {
  bundleHash,
  formatTaskVersions,
  manifestHash,
  nextTaskVersions,
  parseTaskVersions,
  type TaskContentHashes,
  TASK_VERSIONS_FILE,
  type TaskVersions,
  versionsById,
} from '../shared/steps/task-versions.js';
import { readTaskBundle } from './ado-task-folder.js';

const root = path.resolve(import.meta.dirname, '..');

async function writeTaskVersions(packageVersion: string): Promise<TaskVersions> {
  const file = path.join(root, TASK_VERSIONS_FILE);
  const previous = existsSync(file) ? parseTaskVersions(await readFile(file, 'utf8')) : {};
  const current = new Map<string, TaskContentHashes>();
  for (const step of steps) {
    current.set(step.id, {
      manifest: manifestHash(step),
      bundle: bundleHash(await readTaskBundle(root, step.id)),
    });
  }
  const next = nextTaskVersions(previous, current, packageVersion);
  for (const step of steps) {
    const was = previous[step.id]?.version;
    const now = next[step.id]?.version;
    if (was !== now) console.log(`task ${step.id}: version ${was ?? '(new)'} -> ${now}`);
  }
  await writeFile(file, formatTaskVersions(next));
  return next;
}

async function writeManifests(): Promise<void> {
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const taskVersions = await writeTaskVersions(pkg.version);
  for (const file of allManifests(steps, pkg.version, versionsById(taskVersions))) {
    const target = path.join(root, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
}

function ncc(entry: string): Promise<void> {
  const name = path.basename(entry, '.ts');
  const out = path.join(root, 'dist', name);
  const externals = NATIVE_PACKAGES.flatMap((p) => ['-e', p.name]);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
        'build',
        entry,
        '-o',
        out,
        '-q',
        '--license',
        'licenses.txt',
        ...externals,
      ],
      { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ncc failed for ${entry} (exit ${code})`)),
    );
  });
}

async function bundleAll(): Promise<void> {
  const entries = (await readdir(path.join(root, 'entries')))
    .filter((f) => f.endsWith('.ts') && f !== 'step.ts')
    .map((f) => path.join('entries', f));
  await rm(path.join(root, 'dist'), { recursive: true, force: true });
  // Two at a time: machines here have two cores.
  const queue = [...entries];
  const worker = async () => {
    for (let e = queue.shift(); e; e = queue.shift()) await ncc(e);
  };
  await Promise.all([worker(), worker()]);
  // The post-job entry loads the same bundle (shared/steps/manifests.ts says why).
  for (const name of bundlesWithPostEntry(steps))
    await writeFile(path.join(root, 'dist', name, POST_ENTRY), postEntrySource());
}

if (!process.argv.includes('--manifests-only')) await bundleAll();
await writeManifests();
