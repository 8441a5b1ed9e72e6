import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { steps } from './catalog/index.js';
import type { StepDefinition } from './definition.js';
import { findDrift, taskId } from './manifests.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
  .version;
const committed = (p: string) =>
  existsSync(path.join(root, p)) ? readFileSync(path.join(root, p), 'utf8') : undefined;

describe('host manifests', () => {
  it('every committed action.yml and task.json matches the step definitions', () => {
    expect(findDrift(steps, version, committed)).toEqual([]);
  });

  it('a change to one input of one definition is caught as drift on both hosts', () => {
    const changed: StepDefinition[] = steps.map((s) =>
      s.id === 'register-model'
        ? {
            ...s,
            inputs: { ...s.inputs, name: { kind: 'string', required: true, description: 'Model name.' } },
          }
        : s,
    );
    expect(findDrift(changed, version, committed).sort()).toEqual(
      ['action.yml', 'actions/register-model/action.yml', 'tasks/register-model/task.json'].sort(),
    );
  });

  it('action inputs are the definition inputs GitHub offers, with ADO names in camelCase', () => {
    const action = parse(committed('actions/deploy/action.yml') ?? '') as {
      inputs: Record<string, unknown>;
      runs: unknown;
    };
    const task = JSON.parse(committed('tasks/deploy/task.json') ?? '{}') as {
      inputs: { name: string; type: string }[];
    };
    expect(Object.keys(action.inputs)).toContain('traffic-steps');
    expect(Object.keys(action.inputs)).not.toContain('azure-subscription');
    expect(action.runs).toEqual({ using: 'node24', main: '../../dist/deploy/index.js' });
    expect(task.inputs.map((i) => i.name)).toContain('trafficSteps');
    expect(task.inputs.find((i) => i.name === 'azureSubscription')?.type).toBe('connectedService:AzureRM');
    expect(task.inputs.map((i) => i.name)).not.toContain('clientSecret');
  });

  it('task ids are stable, distinct GUIDs', () => {
    const ids = steps.map((s) => taskId(s.id));
    expect(new Set(ids).size).toBe(steps.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(taskId('deploy')).toBe(taskId('deploy'));
  });
});
