// The examples users copy must only use inputs the actions and tasks really have.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './support/bundle.js';

const read = (p: string) => readFileSync(path.join(repoRoot, p), 'utf8');
const examples = (dir: string) => readdirSync(path.join(repoRoot, dir)).map((f) => path.join(dir, f));

interface Step {
  uses?: string;
  task?: string;
  with?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
}

function collectSteps(node: unknown, out: Step[] = []): Step[] {
  if (Array.isArray(node)) for (const n of node) collectSteps(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Step & Record<string, unknown>;
    if (typeof o.uses === 'string' || typeof o.task === 'string') out.push(o);
    for (const v of Object.values(o)) collectSteps(v, out);
  }
  return out;
}

describe('workflow examples', () => {
  it('GitHub examples use only inputs the actions declare', () => {
    for (const file of examples('workflows-examples/github')) {
      for (const step of collectSteps(parse(read(file)))) {
        const m = /azureml-rollout-actions\/actions\/([a-z-]+)@/.exec(step.uses ?? '');
        if (!m) continue;
        const action = parse(read(`actions/${m[1]}/action.yml`)) as {
          inputs: Record<string, { required: boolean }>;
        };
        for (const key of Object.keys(step.with ?? {}))
          expect(Object.keys(action.inputs), `${file}: ${key}`).toContain(key);
        for (const [name, spec] of Object.entries(action.inputs)) {
          if (spec.required) expect(Object.keys(step.with ?? {}), `${file}: ${name}`).toContain(name);
        }
      }
    }
  });

  it('Azure Pipelines examples use only tasks and inputs that exist', () => {
    const tasks = new Map(
      readdirSync(path.join(repoRoot, 'tasks'), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map(
          (d) =>
            JSON.parse(read(`tasks/${d.name}/task.json`)) as {
              name: string;
              version: { Major: number };
              inputs: { name: string }[];
            },
        )
        .map((t) => [`${t.name}@${t.version.Major}`, t]),
    );
    let used = 0;
    for (const file of examples('workflows-examples/azure-pipelines')) {
      for (const step of collectSteps(parse(read(file)))) {
        if (!step.task?.startsWith('AzureMLRollout')) continue;
        const task = tasks.get(step.task);
        expect(task, `${file}: ${step.task}`).toBeDefined();
        for (const key of Object.keys(step.inputs ?? {}))
          expect(
            task?.inputs.map((i) => i.name),
            `${file}: ${key}`,
          ).toContain(key);
        used++;
      }
    }
    expect(used).toBeGreaterThan(0);
  });
});
