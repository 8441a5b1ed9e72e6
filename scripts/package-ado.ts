// `npm run package:ado [-- --out DIR]`: stages the Azure DevOps extension in out/ado/ (or DIR) for
// `npx tfx-cli extension create --root out/ado`. Each task folder gets its task.json and every
// file of its bundle (scripts/ado-task-folder.ts). It refuses to stage a task whose task.json or
// bundle changed since `npm run build` gave it its version: agents cache tasks by version, so
// changed code under an old version would never reach them.
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { steps } from '../shared/steps/catalog/index.js';
import { findDrift } from '../shared/steps/manifests.js';
import {
  bundleHash,
  manifestHash,
  parseTaskVersions,
  TASK_VERSIONS_FILE,
  versionsById,
} from '../shared/steps/task-versions.js';
import { readTaskBundle, taskBundleFiles } from './ado-task-folder.js';

const root = path.resolve(import.meta.dirname, '..');
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? path.resolve(process.argv[outArg + 1] ?? '') : path.join(root, 'out', 'ado');

function fail(message: string): never {
  console.error(`package:ado: ${message}`);
  process.exit(1);
}

const read = (rel: string) =>
  existsSync(path.join(root, rel)) ? readFileSync(path.join(root, rel), 'utf8') : undefined;
const pkg = JSON.parse(read('package.json') ?? '{}') as { version: string };
const versions = parseTaskVersions(read(TASK_VERSIONS_FILE) ?? fail(`${TASK_VERSIONS_FILE} is missing`));
const drift = findDrift(steps, pkg.version, versionsById(versions), read).filter((p) =>
  p.startsWith('tasks/'),
);
if (drift.length > 0) fail(`${drift.join(', ')} differ from the step definitions: run npm run build`);
for (const step of steps) {
  const record = versions[step.id];
  const bundle = bundleHash(await readTaskBundle(root, step.id));
  if (record?.manifest !== manifestHash(step) || record.bundle !== bundle)
    fail(`task ${step.id} changed since ${TASK_VERSIONS_FILE} gave it ${record?.version}: run npm run build`);
}

await rm(out, { recursive: true, force: true });
for (const step of steps) {
  const target = path.join(out, 'tasks', step.id);
  await mkdir(target, { recursive: true });
  await cp(path.join(root, 'tasks', step.id, 'task.json'), path.join(target, 'task.json'));
  for (const file of await taskBundleFiles(root, step.id)) {
    await mkdir(path.dirname(path.join(target, file.rel)), { recursive: true });
    await cp(file.source, path.join(target, file.rel));
  }
}
await cp(path.join(root, 'tasks', 'vss-extension.json'), path.join(out, 'vss-extension.json'));
console.log(
  `staged ${steps.length} tasks in ${path.relative(process.cwd(), out) || '.'}/ (npx tfx-cli extension create --root ${path.relative(process.cwd(), out) || '.'})`,
);
