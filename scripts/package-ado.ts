// `npm run package:ado`: Azure DevOps uploads each task folder on its own, so every task needs its
// bundle (and the scoring workers' bundle, dist/score-worker) beside its task.json. Stages out/ado/ for `npx tfx-cli extension create --root out/ado`.
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { steps } from '../shared/steps/catalog/index.js';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'out', 'ado');

await rm(out, { recursive: true, force: true });
for (const step of steps) {
  const target = path.join(out, 'tasks', step.id);
  await mkdir(target, { recursive: true });
  await cp(path.join(root, 'tasks', step.id, 'task.json'), path.join(target, 'task.json'));
  for (const file of await readdir(path.join(root, 'dist', step.id))) {
    await cp(path.join(root, 'dist', step.id, file), path.join(target, file), { recursive: true });
  }
  // The scoring pool's worker threads run their own bundle, looked up beside the task's bundle.
  await cp(path.join(root, 'dist', 'score-worker'), path.join(target, 'score-worker'), { recursive: true });
}
await cp(path.join(root, 'tasks', 'vss-extension.json'), path.join(out, 'vss-extension.json'));
console.log(
  `staged ${steps.length} tasks in ${path.relative(root, out)}/ (npx tfx-cli extension create --root out/ado)`,
);
