// `npm run check:workflows [-- FILE...]`: the workflow reference check. Every step of a GitHub
// workflow or Azure Pipelines file that names one of the suite's actions or tasks must name one that
// exists (an AzureMLRollout task with that major version), give only inputs it declares (task input
// aliases count), give every required one, and read only outputs it declares
// (`steps.<id>.outputs.<name>`, `needs.<job>.outputs.<name>`, `$(<step>.<variable>)`,
// `outputs['<job>.<step>.<variable>']`). The truth is the generated manifests users get:
// actions/<step>/action.yml, the umbrella action.yml and tasks/<step>/task.json. Without FILE it
// checks workflows-examples/. Exits 1 when there is any problem.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { nearest } from '../shared/spec/reader.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const EXAMPLES = 'workflows-examples';

export interface WorkflowProblem {
  file: string;
  /** 1-based line of the offending key or value, when known. */
  line?: number;
  /** Which step (or job) the problem is in, e.g. `job prod, step promote`. */
  where: string;
  message: string;
}

interface ActionInput {
  required: boolean;
  hasDefault: boolean;
}
interface ActionManifest {
  /** `actions/deploy`, or `action.yml` for the umbrella action. */
  label: string;
  inputs: Map<string, ActionInput>;
  outputs: Set<string>;
}
interface TaskInput {
  name: string;
  required?: boolean;
  aliases?: string[];
  defaultValue?: unknown;
  visibleRule?: string;
}
interface TaskManifest {
  name: string;
  version: { Major: number; Minor: number; Patch: number };
  inputs: TaskInput[];
  outputVariables?: { name: string }[];
}

export interface Manifests {
  /** By step id (`deploy`); the umbrella action under `''`. */
  actions: Map<string, ActionManifest>;
  /** By task name (`AzureMLRolloutDeploy`). */
  tasks: Map<string, TaskManifest>;
}

/** Reads the generated manifests under `root` (the repository). */
export function loadManifests(root: string = ROOT): Manifests {
  const actions = new Map<string, ActionManifest>();
  const readAction = (file: string, label: string): ActionManifest => {
    const doc = parseDocument(readFileSync(file, 'utf8')).toJS() as {
      inputs?: Record<string, { required?: boolean | string; default?: unknown }>;
      outputs?: Record<string, unknown>;
    };
    const inputs = new Map<string, ActionInput>();
    for (const [name, spec] of Object.entries(doc.inputs ?? {}))
      inputs.set(name, {
        required: spec?.required === true || spec?.required === 'true',
        hasDefault: spec?.default !== undefined,
      });
    return { label, inputs, outputs: new Set(Object.keys(doc.outputs ?? {})) };
  };
  const actionsDir = path.join(root, 'actions');
  for (const d of readdirSync(actionsDir, { withFileTypes: true })) {
    const file = path.join(actionsDir, d.name, 'action.yml');
    if (d.isDirectory() && existsSync(file)) actions.set(d.name, readAction(file, `actions/${d.name}`));
  }
  const umbrella = path.join(root, 'action.yml');
  if (existsSync(umbrella)) actions.set('', readAction(umbrella, 'action.yml'));

  const tasks = new Map<string, TaskManifest>();
  const tasksDir = path.join(root, 'tasks');
  for (const d of readdirSync(tasksDir, { withFileTypes: true })) {
    const file = path.join(tasksDir, d.name, 'task.json');
    if (!d.isDirectory() || !existsSync(file)) continue;
    const task = JSON.parse(readFileSync(file, 'utf8')) as TaskManifest;
    tasks.set(task.name, task);
  }
  return { actions, tasks };
}

const hint = (name: string, known: Iterable<string>): string => {
  const names = [...known];
  const near = nearest(name, names);
  if (near) return ` (did you mean '${near}'?)`;
  return names.length > 0 ? ` (known: ${names.sort().join(', ')})` : '';
};

/** One parsed file: its problems, and the line of any node. */
class Checked {
  readonly problems: WorkflowProblem[] = [];
  private readonly lines = new LineCounter();
  readonly root: Node | null;

  constructor(
    readonly file: string,
    text: string,
  ) {
    const doc = parseDocument(text, { lineCounter: this.lines });
    this.root = doc.contents;
    for (const e of doc.errors) this.report(e.linePos?.[0]?.line, 'file', `invalid YAML: ${e.message}`);
  }

  lineOf(node: unknown): number | undefined {
    const start = (node as Node | undefined)?.range?.[0];
    return start === undefined ? undefined : this.lines.linePos(start).line;
  }

  report(line: number | undefined, where: string, message: string): void {
    this.problems.push({ file: this.file, ...(line !== undefined ? { line } : {}), where, message });
  }
}

const str = (node: unknown): string | undefined =>
  isScalar(node) && typeof node.value === 'string' ? node.value : undefined;

/** `value` of `key` in a YAML mapping (a node, not its JS value). */
function child(map: unknown, key: string): unknown {
  return isMap(map) ? map.get(key, true) : undefined;
}

/** Every string scalar under `node`, with the node (for its line). */
function* strings(node: unknown): Generator<{ text: string; node: Node }> {
  if (isScalar(node)) {
    if (typeof node.value === 'string') yield { text: node.value, node };
  } else if (isMap(node)) {
    for (const pair of node.items) {
      yield* strings(pair.key);
      yield* strings(pair.value);
    }
  } else if (isSeq(node)) for (const item of node.items) yield* strings(item);
}

/** The manifest a `uses:` names, `null` when it is not one of the suite's actions. */
function actionOf(uses: string, m: Manifests): { step: string; manifest?: ActionManifest } | null {
  const remote = /^[^/\s]+\/azureml-rollout-actions(?:\/actions\/([^@/]+))?@/.exec(uses);
  const local = /^\.\/(?:[^@]*\/)?actions\/([^@/]+)\/?$/.exec(uses);
  const match = remote ?? local;
  if (!match) return null;
  const step = match[1] ?? '';
  return { step, manifest: m.actions.get(step) };
}

/** Checks one GitHub Actions workflow. */
export function checkGithubWorkflow(file: string, text: string, m: Manifests): WorkflowProblem[] {
  const c = new Checked(file, text);
  const jobs = child(c.root, 'jobs');
  if (!isMap(jobs)) return c.problems;
  // Job outputs first: a later job's `needs.<job>.outputs.<name>` is checked against them.
  const jobOutputs = new Map<string, Set<string>>();
  for (const pair of jobs.items) {
    const outputs = child(pair.value, 'outputs');
    jobOutputs.set(
      String(str(pair.key)),
      new Set(isMap(outputs) ? outputs.items.map((p) => String(str(p.key))) : []),
    );
  }
  for (const pair of jobs.items) {
    const jobId = String(str(pair.key));
    const job = pair.value;
    const needsNode = child(job, 'needs');
    const needs = new Set(
      isSeq(needsNode)
        ? needsNode.items.map((n) => String(str(n)))
        : str(needsNode)
          ? [str(needsNode) as string]
          : [],
    );
    const stepsNode = child(job, 'steps');
    const ids = new Map<string, ActionManifest | undefined>();
    for (const [index, step] of (isSeq(stepsNode) ? stepsNode.items : []).entries()) {
      const id = str(child(step, 'id'));
      const uses = str(child(step, 'uses'));
      const action = uses ? actionOf(uses, m) : null;
      if (id) ids.set(id, action?.manifest);
      if (!uses || !action) continue;
      const where = `job ${jobId}, step ${id ?? index + 1} (${uses})`;
      if (!action.manifest) {
        const known = [...m.actions.keys()].filter(Boolean);
        c.report(
          c.lineOf(child(step, 'uses')),
          where,
          `no action actions/${action.step}${hint(action.step, known)}`,
        );
        continue;
      }
      checkInputs(c, where, child(step, 'with'), action.manifest.label, action.manifest.inputs);
    }
    checkGithubOutputRefs(c, jobId, job, ids, needs, jobOutputs);
  }
  return c.problems;
}

function checkInputs(
  c: Checked,
  where: string,
  withNode: unknown,
  label: string,
  inputs: Map<string, ActionInput>,
): void {
  const given = new Set<string>();
  if (isMap(withNode))
    for (const pair of withNode.items) {
      const key = String(str(pair.key) ?? (pair.key as { value?: unknown } | null)?.value);
      given.add(key);
      if (!inputs.has(key))
        c.report(
          c.lineOf(pair.key),
          where,
          `input '${key}' is not an input of ${label}${hint(key, inputs.keys())}`,
        );
    }
  for (const [name, spec] of inputs)
    if (spec.required && !spec.hasDefault && !given.has(name))
      c.report(c.lineOf(withNode), where, `required input '${name}' of ${label} is missing`);
}

function checkGithubOutputRefs(
  c: Checked,
  jobId: string,
  job: unknown,
  ids: Map<string, ActionManifest | undefined>,
  needs: Set<string>,
  jobOutputs: Map<string, Set<string>>,
): void {
  for (const { text, node } of strings(job)) {
    for (const [, id = '', output = ''] of text.matchAll(
      /\bsteps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g,
    )) {
      const where = `job ${jobId}`;
      if (!ids.has(id)) {
        c.report(
          c.lineOf(node),
          where,
          `steps.${id}.outputs.${output}: no step with id '${id}' in this job${hint(id, ids.keys())}`,
        );
        continue;
      }
      const manifest = ids.get(id);
      if (manifest && !manifest.outputs.has(output))
        c.report(
          c.lineOf(node),
          where,
          `steps.${id}.outputs.${output}: '${output}' is not an output of ${manifest.label}${hint(output, manifest.outputs)}`,
        );
    }
    for (const [, other = '', output = ''] of text.matchAll(
      /\bneeds\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g,
    )) {
      const where = `job ${jobId}`;
      if (!needs.has(other)) {
        c.report(
          c.lineOf(node),
          where,
          `needs.${other}.outputs.${output}: job '${other}' is not in this job's needs${hint(other, needs)}`,
        );
        continue;
      }
      const outputs = jobOutputs.get(other) ?? new Set<string>();
      if (!outputs.has(output))
        c.report(
          c.lineOf(node),
          where,
          `needs.${other}.outputs.${output}: job '${other}' has no output '${output}'${hint(output, outputs)}`,
        );
    }
  }
}

/** Checks one Azure Pipelines file. */
export function checkAzurePipeline(file: string, text: string, m: Manifests): WorkflowProblem[] {
  const c = new Checked(file, text);
  // Step name -> its task, over the whole file: outputs are read across jobs and stages too.
  const named = new Map<string, TaskManifest>();
  const taskSteps: YAMLMap[] = [];
  const visit = (node: unknown): void => {
    if (isSeq(node)) for (const item of node.items) visit(item);
    else if (isMap(node)) {
      if (str(child(node, 'task'))?.startsWith('AzureMLRollout')) taskSteps.push(node);
      for (const pair of node.items) visit(pair.value);
    }
  };
  visit(c.root);
  for (const step of taskSteps) {
    const ref = str(child(step, 'task')) as string;
    const stepName = str(child(step, 'name'));
    const where = `step ${stepName ?? ref}`;
    const [name = '', major] = ref.split('@');
    const task = m.tasks.get(name);
    if (!task) {
      c.report(c.lineOf(child(step, 'task')), where, `no task ${name}${hint(name, m.tasks.keys())}`);
      continue;
    }
    if (major === undefined || String(task.version.Major) !== major.trim()) {
      c.report(
        c.lineOf(child(step, 'task')),
        where,
        `${ref}: ${name} is at major version ${task.version.Major} (write ${name}@${task.version.Major})`,
      );
      continue;
    }
    if (stepName) named.set(stepName, task);
    const byKey = new Map<string, TaskInput>();
    for (const input of task.inputs)
      for (const key of [input.name, ...(input.aliases ?? [])]) byKey.set(key, input);
    const inputsNode = child(step, 'inputs');
    const given = new Set<TaskInput>();
    if (isMap(inputsNode))
      for (const pair of inputsNode.items) {
        const key = String(str(pair.key));
        const input = byKey.get(key);
        if (input) given.add(input);
        else
          c.report(
            c.lineOf(pair.key),
            where,
            `input '${key}' is not an input of ${name}${hint(key, byKey.keys())}`,
          );
      }
    for (const input of task.inputs)
      if (input.required && input.defaultValue === undefined && !input.visibleRule && !given.has(input))
        c.report(c.lineOf(inputsNode ?? step), where, `required input '${input.name}' of ${name} is missing`);
  }
  // `$(step.variable)` in the same job, `outputs['[job.]step.variable']` from another job or stage.
  for (const { text, node } of strings(c.root)) {
    const refs = [
      ...[...text.matchAll(/\$\(([A-Za-z_]\w*)\.([A-Za-z_]\w*)\)/g)].map((r) => [r[1], r[2]]),
      ...[...text.matchAll(/outputs\[\s*'(?:[\w-]+\.)?([A-Za-z_]\w*)\.([A-Za-z_]\w*)'\s*\]/g)].map((r) => [
        r[1],
        r[2],
      ]),
    ];
    for (const [stepName = '', variable = ''] of refs) {
      const task = named.get(stepName);
      if (!task) continue; // a predefined variable (`Build.SourceVersion`) or another tool's step
      const outputs = (task.outputVariables ?? []).map((o) => o.name);
      if (!outputs.includes(variable))
        c.report(
          c.lineOf(node),
          `step ${stepName}`,
          `${stepName}.${variable}: '${variable}' is not an output variable of ${task.name}${hint(variable, outputs)}`,
        );
    }
  }
  return c.problems;
}

/** A GitHub workflow has `on:` and `jobs:`; anything else is read as an Azure Pipelines file. */
function isGithubWorkflow(file: string, text: string): boolean {
  if (/(^|[\\/])(\.github|github)[\\/]/.test(file)) return true;
  const root = parseDocument(text).contents;
  return isMap(root) && root.has('on') && root.has('jobs');
}

export function checkWorkflowFile(file: string, text: string, m: Manifests): WorkflowProblem[] {
  return isGithubWorkflow(file, text)
    ? checkGithubWorkflow(file, text, m)
    : checkAzurePipeline(file, text, m);
}

/** The YAML files under workflows-examples/ (relative to `root`). */
export function exampleFiles(root: string = ROOT): string[] {
  return ['github', 'azure-pipelines'].flatMap((dir) =>
    readdirSync(path.join(root, EXAMPLES, dir))
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => path.posix.join(EXAMPLES, dir, f)),
  );
}

/** Checks `files` (relative to `root`; default: every example) against the manifests under `root`. */
export function checkWorkflows(
  root: string = ROOT,
  files: readonly string[] = exampleFiles(root),
): WorkflowProblem[] {
  const m = loadManifests(root);
  return files.flatMap((f) => checkWorkflowFile(f, readFileSync(path.resolve(root, f), 'utf8'), m));
}

export function formatProblem(p: WorkflowProblem): string {
  return `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.where}: ${p.message}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  // npm runs scripts in the package folder; INIT_CWD is where the user typed the command.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const files = process.argv.slice(2).map((f) => path.relative(ROOT, path.resolve(cwd, f)));
  const problems = checkWorkflows(ROOT, files.length > 0 ? files : undefined);
  for (const p of problems) console.error(formatProblem(p));
  const checked = files.length > 0 ? files.length : exampleFiles().length;
  if (problems.length > 0) {
    console.error(`check:workflows: ${problems.length} problem(s) in ${checked} file(s)`);
    process.exit(1);
  }
  console.log(`check:workflows: ${checked} file(s), every action, task, input and output exists`);
}
