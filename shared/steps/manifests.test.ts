import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { adoName } from '../host/ado-names.js';
import { steps } from './catalog/index.js';
import type { StepDefinition } from './definition.js';
import { bundlesWithPostEntry, findDrift, postEntrySource, taskId, taskManifest } from './manifests.js';
import {
  bundleHash,
  manifestHash,
  nextTaskVersion,
  nextTaskVersions,
  parseTaskVersions,
  TASK_VERSIONS_FILE,
  type TaskContentHashes,
  versionsById,
} from './task-versions.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
  .version;
const committed = (p: string) =>
  existsSync(path.join(root, p)) ? readFileSync(path.join(root, p), 'utf8') : undefined;
const taskVersions = parseTaskVersions(committed(TASK_VERSIONS_FILE) ?? '{}');
const taskVersionById = versionsById(taskVersions);

interface TaskJson {
  version: { Major: number; Minor: number; Patch: number };
  minimumAgentVersion: string;
  execution: Record<string, { target: string; argumentFormat: string }>;
  postjobexecution?: Record<string, { target: string; argumentFormat: string }>;
  outputVariables: { name: string; description: string }[];
}
const taskJson = (id: string) => JSON.parse(committed(`tasks/${id}/task.json`) ?? '{}') as TaskJson;
const withNameRequired = (s: StepDefinition): StepDefinition => ({
  ...s,
  inputs: { ...s.inputs, name: { kind: 'string', required: true, description: 'Model name.' } },
});

describe('host manifests', () => {
  it('every committed action.yml and task.json matches the step definitions', () => {
    expect(findDrift(steps, version, taskVersionById, committed)).toEqual([]);
  });

  it('a change to one input of one definition is caught as drift on both hosts', () => {
    const changed = steps.map((s) => (s.id === 'register-model' ? withNameRequired(s) : s));
    expect(findDrift(changed, version, taskVersionById, committed).sort()).toEqual(
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
    expect(action.runs).toEqual({
      using: 'node24',
      main: '../../dist/deploy/index.js',
      post: '../../dist/deploy/post.js',
      'post-if': 'always()',
    });
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

  it('task outputVariables are the step outputs, ADO-named, the same set the action declares', () => {
    for (const step of steps) {
      const action = parse(committed(`actions/${step.id}/action.yml`) ?? '') as {
        outputs: Record<string, { description: string }>;
      };
      const outputs = Object.entries(step.outputs);
      expect(outputs.length, step.id).toBeGreaterThan(0);
      expect(taskJson(step.id).outputVariables, step.id).toEqual(
        outputs.map(([name, o]) => ({ name: adoName(name), description: o.description })),
      );
      expect(Object.keys(action.outputs).map(adoName), step.id).toEqual(
        taskJson(step.id).outputVariables.map((v) => v.name),
      );
    }
    expect(taskJson('register-model').outputVariables.map((v) => v.name)).toEqual([
      'modelName',
      'modelVersion',
      'modelId',
      'modelRef',
      'created',
    ]);
  });

  it('every task offers the Node24 handler and keeps Node20_1 for agents before 4.x', () => {
    for (const step of steps) {
      const task = taskJson(step.id);
      expect(task.execution, step.id).toEqual({
        Node20_1: { target: 'index.js', argumentFormat: '' },
        Node24: { target: 'index.js', argumentFormat: '' },
      });
      // The agent version that first runs Node20_1: older agents upgrade, 3.x agents still run it.
      expect(task.minimumAgentVersion).toBe('3.232.1');
    }
  });

  it('a step with a post entry runs it after the job on both hosts (deploy only), from post.js', () => {
    expect(steps.filter((s) => s.post).map((s) => s.id)).toEqual(['deploy']);
    expect(bundlesWithPostEntry(steps)).toEqual(['deploy', 'main']);
    for (const step of steps) {
      const action = parse(committed(`actions/${step.id}/action.yml`) ?? '') as {
        runs: Record<string, string>;
      };
      const task = taskJson(step.id);
      if (step.post) {
        expect(action.runs, step.id).toMatchObject({
          post: `../../dist/${step.id}/post.js`,
          'post-if': 'always()',
        });
        expect(task.postjobexecution, step.id).toEqual({
          Node20_1: { target: 'post.js', argumentFormat: '' },
          Node24: { target: 'post.js', argumentFormat: '' },
        });
      } else {
        expect(action.runs.post, step.id).toBeUndefined();
        expect(task.postjobexecution, step.id).toBeUndefined();
      }
    }
    // The umbrella runs the post entry of its `command` step.
    const umbrella = parse(committed('action.yml') ?? '') as { runs: Record<string, string> };
    expect(umbrella.runs).toEqual({
      using: 'node24',
      main: 'dist/main/index.js',
      post: 'dist/main/post.js',
      'post-if': 'always()',
    });
    // post.js names the phase, then loads the very bundle the main entry ran.
    expect(postEntrySource()).toContain(
      "process.env.AML_ROLLOUT_PHASE = 'post';\nawait import('./index.js');",
    );
  });
});

describe('task versions (tasks/versions.json)', () => {
  const hashes = (manifest: string, bundle: string): TaskContentHashes => ({ manifest, bundle });

  it('records every task with the version its task.json carries and the hash of its current definition', () => {
    expect(Object.keys(taskVersions)).toEqual(steps.map((s) => s.id));
    for (const step of steps) {
      const record = taskVersions[step.id];
      // A definition changed without `npm run build` would keep an old version for new content.
      expect(record?.manifest, step.id).toBe(manifestHash(step));
      const { Major, Minor, Patch } = taskJson(step.id).version;
      expect(`${Major}.${Minor}.${Patch}`, step.id).toBe(record?.version);
    }
  });

  it('a changed manifest gets the next patch; unchanged tasks keep their version', () => {
    const changed = steps.map((s) => (s.id === 'register-model' ? withNameRequired(s) : s));
    const current = new Map(
      changed.map((s) => [s.id, hashes(manifestHash(s), taskVersions[s.id]?.bundle ?? '')]),
    );
    const next = nextTaskVersions(taskVersions, current, version);
    for (const step of steps) {
      const before = taskVersions[step.id]?.version ?? '';
      if (step.id !== 'register-model') {
        expect(next[step.id], step.id).toEqual(taskVersions[step.id]);
        continue;
      }
      const [major, minor, patch] = before.split('.').map(Number);
      expect(next[step.id]?.version).toBe(`${major}.${minor}.${(patch ?? 0) + 1}`);
      expect(next[step.id]?.manifest).not.toBe(taskVersions[step.id]?.manifest);
      // ... and that version is what the generated task.json carries.
      const task = JSON.parse(
        taskManifest(changed.find((s) => s.id === step.id) as StepDefinition, {
          major: major ?? 0,
          minor: minor ?? 0,
          patch: (patch ?? 0) + 1,
        }).content,
      ) as TaskJson;
      expect(task.version).toEqual({ Major: major, Minor: minor, Patch: (patch ?? 0) + 1 });
    }
    // Building again with nothing changed keeps every version.
    expect(nextTaskVersions(next, current, version)).toEqual(next);
  });

  it('a changed bundle (an entry or a chunk file) gets the next patch too', () => {
    const files = [
      { rel: 'index.js', bytes: Buffer.from('import("./130.index.js")') },
      { rel: '130.index.js', bytes: Buffer.from('export const a = 1;') },
    ];
    const before = { version: '0.3.7', ...hashes('m', bundleHash(files)) };
    expect(bundleHash([...files].reverse())).toBe(before.bundle);
    const chunkChanged = [files[0], { rel: '130.index.js', bytes: Buffer.from('export const a = 2;') }];
    const chunkAdded = [...files, { rel: '131.index.js', bytes: Buffer.from('') }];
    // The framing keeps a byte moved across a file boundary from hashing the same.
    const shifted = [
      { rel: 'index.js', bytes: Buffer.from('import("./130.index.js")e') },
      { rel: '130.index.js', bytes: Buffer.from('xport const a = 1;') },
    ];
    for (const changed of [chunkChanged, chunkAdded, shifted]) {
      const next = nextTaskVersion(before, hashes('m', bundleHash(changed as typeof files)), '0.3.0');
      expect(next.version).toBe('0.3.8');
    }
    expect(nextTaskVersion(before, hashes('m', bundleHash(files)), '0.3.0')).toBe(before);
  });

  it('a new task, or a new package major or minor, starts at the package version', () => {
    expect(nextTaskVersion(undefined, hashes('m', 'b'), '0.1.0').version).toBe('0.1.0');
    const record = { version: '0.1.9', ...hashes('m', 'b') };
    expect(nextTaskVersion(record, hashes('m', 'b'), '0.2.0').version).toBe('0.2.0');
    expect(nextTaskVersion(record, hashes('m', 'b'), '1.0.3').version).toBe('1.0.3');
    // A package patch release does not reset the task's own patch sequence.
    expect(nextTaskVersion(record, hashes('m', 'x'), '0.1.4').version).toBe('0.1.10');
  });

  it('a malformed versions file is refused', () => {
    expect(() => parseTaskVersions('[]')).toThrow(/not an object/);
    expect(() => parseTaskVersions('{"gate":{"version":"1.2"}}')).toThrow(/task gate needs/);
    expect(() => parseTaskVersions('{"gate":{"version":"1.x.2","manifest":"m","bundle":"b"}}')).toThrow(
      /not a major.minor.patch/,
    );
  });
});
