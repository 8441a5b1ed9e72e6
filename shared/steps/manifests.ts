// Generates every host manifest from the step definitions: `actions/<step>/action.yml`,
// `tasks/<step>/task.json` and the umbrella `action.yml`. The build writes them; a test compares
// the committed files with a fresh generation, so the hosts cannot drift from the definitions.
// Task versions are not derived here: they come from `tasks/versions.json` (task-versions.ts).
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { adoName } from '../host/ado-names.js';
import { inputAppliesTo } from '../inputs/parse.js';
import type { InputSpec } from '../inputs/spec.js';
import type { StepDefinition } from './definition.js';

const HEADER = '# Generated from shared/steps/catalog by `npm run build`. Do not edit by hand.\n';
const NODE_RUNTIME = 'node24';
const PUBLISHER = 'azureml-rollout-actions';
// Azure Pipelines agents run the highest Node handler they have: agents from 4.265.1 take Node24,
// older ones still find Node20_1 (first in agent 3.232.1, hence minimumAgentVersion). Node 20
// reached end of life in April 2026; Node20_1 stays only for agents not yet on 4.x.
export const TASK_NODE_HANDLERS = ['Node20_1', 'Node24'] as const;
const MINIMUM_AGENT_VERSION = '3.232.1';
/** The bundle the agent runs, inside the task folder. */
export const TASK_ENTRY = 'index.js';

export interface ManifestFile {
  path: string;
  content: string;
}

function notBuiltNote(step: StepDefinition): string {
  return step.available ? '' : ' (Not available yet: the step fails with StepNotAvailable.)';
}

function githubInput(spec: InputSpec): Record<string, unknown> {
  const input: Record<string, unknown> = {
    description: describeInput(spec),
    required: spec.required === true,
  };
  if (spec.default !== undefined) input.default = spec.default;
  return input;
}

function describeInput(spec: InputSpec): string {
  const options = spec.kind === 'choice' && spec.options ? ` One of: ${spec.options.join(', ')}.` : '';
  return `${spec.description}${options}`;
}

export function actionManifest(step: StepDefinition): ManifestFile {
  const inputs = Object.fromEntries(
    Object.entries(step.inputs)
      .filter(([, s]) => inputAppliesTo(s, 'github'))
      .map(([n, s]) => [n, githubInput(s)]),
  );
  const outputs = Object.fromEntries(
    Object.entries(step.outputs).map(([n, o]) => [n, { description: o.description }]),
  );
  const doc = {
    name: `AzureML rollout: ${step.title}`,
    description: `${step.description}${notBuiltNote(step)}`,
    author: PUBLISHER,
    inputs,
    outputs,
    runs: { using: NODE_RUNTIME, main: `../../dist/${step.id}/index.js` },
  };
  return { path: `actions/${step.id}/action.yml`, content: HEADER + stringify(doc, { lineWidth: 0 }) };
}

export function umbrellaManifest(steps: readonly StepDefinition[]): ManifestFile {
  const inputs: Record<string, unknown> = {
    command: {
      description: `The step to run. One of: ${steps.map((s) => s.id).join(', ')}.`,
      required: true,
    },
  };
  for (const step of steps) {
    for (const [name, spec] of Object.entries(step.inputs)) {
      if (!inputAppliesTo(spec, 'github') || name in inputs) continue;
      // Requiredness depends on the command, so the step itself checks it.
      inputs[name] = { description: describeInput(spec), required: false };
    }
  }
  const outputs: Record<string, unknown> = {};
  for (const step of steps) {
    for (const [name, o] of Object.entries(step.outputs)) outputs[name] ??= { description: o.description };
  }
  const doc = {
    name: 'AzureML rollout',
    description:
      'Build, register, deploy (blue-green), gate and promote object-detection models on Azure ML online endpoints.',
    author: PUBLISHER,
    branding: { icon: 'upload-cloud', color: 'blue' },
    inputs,
    outputs,
    runs: { using: NODE_RUNTIME, main: 'dist/main/index.js' },
  };
  return { path: 'action.yml', content: HEADER + stringify(doc, { lineWidth: 0 }) };
}

function adoInputType(spec: InputSpec): string {
  if (spec.adoType) return spec.adoType;
  switch (spec.kind) {
    case 'boolean':
      return 'boolean';
    case 'list':
      return 'multiLine';
    case 'path':
      return 'filePath';
    case 'choice':
      return 'pickList';
    default:
      return 'string';
  }
}

/** Stable task id: derived from the step id, so it never changes between builds. */
export function taskId(stepId: string): string {
  const h = createHash('sha256').update(`${PUBLISHER}/${stepId}`).digest('hex');
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface TaskVersion {
  major: number;
  minor: number;
  patch: number;
}

/** `1.2.3` as a task version; anything else is a programming error in the build. */
export function parseTaskVersion(text: string): TaskVersion {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!m) throw new Error(`'${text}' is not a major.minor.patch version`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

export function taskManifest(step: StepDefinition, version: TaskVersion): ManifestFile {
  const inputs = Object.entries(step.inputs)
    .filter(([, s]) => inputAppliesTo(s, 'ado'))
    .map(([name, spec]) => {
      const input: Record<string, unknown> = {
        name: adoName(name),
        type: adoInputType(spec),
        label: name,
        required: spec.required === true,
        helpMarkDown: describeInput(spec),
      };
      if (spec.default !== undefined) input.defaultValue = spec.default;
      if (spec.kind === 'choice' && spec.options)
        input.options = Object.fromEntries(spec.options.map((o) => [o, o]));
      return input;
    });
  const doc = {
    $schema: 'https://raw.githubusercontent.com/Microsoft/azure-pipelines-task-lib/master/tasks.schema.json',
    id: taskId(step.id),
    name: `AzureMLRollout${step.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`,
    friendlyName: `AzureML rollout: ${step.title}`,
    description: `${step.description}${notBuiltNote(step)}`,
    author: PUBLISHER,
    category: 'Deploy',
    visibility: ['Build', 'Release'],
    version: { Major: version.major, Minor: version.minor, Patch: version.patch },
    minimumAgentVersion: MINIMUM_AGENT_VERSION,
    instanceNameFormat: `AzureML ${step.title}`,
    inputs,
    outputVariables: Object.entries(step.outputs).map(([n, o]) => ({
      name: adoName(n),
      description: o.description,
    })),
    execution: Object.fromEntries(
      TASK_NODE_HANDLERS.map((handler) => [handler, { target: TASK_ENTRY, argumentFormat: '' }]),
    ),
  };
  return { path: `tasks/${step.id}/task.json`, content: `${JSON.stringify(doc, null, 2)}\n` };
}

/** The Azure DevOps extension that packs every task folder (`tfx extension create`). */
export function extensionManifest(steps: readonly StepDefinition[], version: string): ManifestFile {
  const doc = {
    manifestVersion: 1,
    id: PUBLISHER,
    name: 'AzureML rollout',
    version,
    publisher: PUBLISHER,
    description:
      'Build, register, deploy (blue-green), gate and promote object-detection models on Azure ML online endpoints.',
    categories: ['Azure Pipelines'],
    targets: [{ id: 'Microsoft.VisualStudio.Services' }],
    files: steps.map((s) => ({ path: `tasks/${s.id}` })),
    contributions: steps.map((s) => ({
      id: `${s.id}-task`,
      type: 'ms.vss-distributed-task.task',
      targets: ['ms.vss-distributed-task.tasks'],
      properties: { name: `tasks/${s.id}` },
    })),
  };
  return { path: 'tasks/vss-extension.json', content: `${JSON.stringify(doc, null, 2)}\n` };
}

/**
 * Every manifest. `version` is the package's (the extension's); `taskVersions` gives each task's
 * own version by step id (from `tasks/versions.json`).
 */
export function allManifests(
  steps: readonly StepDefinition[],
  version: string,
  taskVersions: Readonly<Record<string, string>>,
): ManifestFile[] {
  const versionOf = (id: string) => {
    const v = taskVersions[id];
    if (v === undefined)
      throw new Error(`task ${id} has no version in tasks/versions.json: run npm run build`);
    return parseTaskVersion(v);
  };
  return [
    umbrellaManifest(steps),
    ...steps.map(actionManifest),
    ...steps.map((s) => taskManifest(s, versionOf(s.id))),
    extensionManifest(steps, version),
  ];
}

/** Paths whose committed content differs from what the definitions generate (empty: no drift). */
export function findDrift(
  steps: readonly StepDefinition[],
  version: string,
  taskVersions: Readonly<Record<string, string>>,
  readCommitted: (relativePath: string) => string | undefined,
): string[] {
  return allManifests(steps, version, taskVersions)
    .filter((f) => readCommitted(f.path) !== f.content)
    .map((f) => f.path);
}
