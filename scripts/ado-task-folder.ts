// What an Azure DevOps task folder holds besides its task.json: every file of `dist/<step>/` (the
// entry and every chunk ncc splits off for lazy imports) and the scoring workers' bundle under
// `score-worker/`, which the pool looks up beside the task's bundle. Azure DevOps uploads each task
// folder on its own, so nothing may be left out. The packager copies exactly these files and the
// build hashes exactly these for the task version (shared/steps/task-versions.ts).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TaskFolderContent } from '../shared/steps/task-versions.js';

export interface TaskFolderFile {
  /** POSIX path inside the task folder. */
  rel: string;
  source: string;
}

async function filesUnder(dir: string, prefix: string): Promise<TaskFolderFile[]> {
  const out: TaskFolderFile[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const source = path.join(dir, entry.name);
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(source, rel)));
    else out.push({ rel, source });
  }
  return out;
}

export async function taskBundleFiles(root: string, stepId: string): Promise<TaskFolderFile[]> {
  const bundle = path.join(root, 'dist', stepId);
  const worker = path.join(root, 'dist', 'score-worker');
  for (const dir of [bundle, worker]) {
    if (!existsSync(path.join(dir, 'index.js')))
      throw new Error(`${path.relative(root, dir)}/index.js is missing: run npm run build`);
  }
  const files = [...(await filesUnder(bundle, '')), ...(await filesUnder(worker, 'score-worker'))];
  if (files.some((f) => f.rel === 'task.json'))
    throw new Error(`dist/${stepId}/task.json would overwrite the generated task.json`);
  return files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

export async function readTaskBundle(root: string, stepId: string): Promise<TaskFolderContent[]> {
  const files = await taskBundleFiles(root, stepId);
  return Promise.all(files.map(async (f) => ({ rel: f.rel, bytes: await readFile(f.source) })));
}
