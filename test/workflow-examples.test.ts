// The examples users copy (workflows-examples/) pass the workflow reference check
// (scripts/check-workflows.ts, `npm run check:workflows`) against the generated manifests, and the
// check fails, naming the problem, on a copy with a misspelt input, task, major version or output.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseThresholds } from '../shared/gate/thresholds.js';
import {
  checkWorkflowFile,
  checkWorkflows,
  exampleFiles,
  formatProblem,
  loadManifests,
} from '../scripts/check-workflows.js';
import { repoRoot } from './support/bundle.js';

const manifests = loadManifests(repoRoot);
const read = (p: string) => readFileSync(path.join(repoRoot, p), 'utf8');
const GITHUB_RELEASE = 'workflows-examples/github/release.yml';
const ADO_RELEASE = 'workflows-examples/azure-pipelines/release.yml';

/** The problems of `file` after `edit`, as the CLI prints them; the edit must have applied. */
function problemsAfter(file: string, edit: (text: string) => string): string[] {
  const text = read(file);
  const edited = edit(text);
  expect(edited, 'the edit did not apply').not.toBe(text);
  return checkWorkflowFile(file, edited, manifests).map(formatProblem);
}

/** Replaces the `n`th (0-based) occurrence of `from`. */
function replaceNth(text: string, from: string, to: string, n = 0): string {
  const parts = text.split(from);
  if (parts.length <= n + 1) return text;
  return parts.slice(0, n + 1).join(from) + to + parts.slice(n + 1).join(from);
}

describe('workflow examples', () => {
  it('are the pull-request and release pipelines for both hosts', () => {
    expect(exampleFiles(repoRoot)).toEqual([
      'workflows-examples/github/pull-request.yml',
      'workflows-examples/github/release.yml',
      'workflows-examples/azure-pipelines/release.yml',
    ]);
  });

  it('pass the workflow reference check', () => {
    expect(checkWorkflows(repoRoot).map(formatProblem)).toEqual([]);
  });

  it('use every step of the suite, each on both hosts', () => {
    const uses = exampleFiles(repoRoot).flatMap((f) =>
      [...read(f).matchAll(/(?:actions\/([a-z-]+)@|task: (AzureMLRollout\w+)@)/g)].map((m) => m[1] ?? m[2]),
    );
    for (const step of ['register-model', 'build-image', 'deploy', 'promote']) expect(uses).toContain(step);
    for (const task of [
      'AzureMLRolloutRegisterModel',
      'AzureMLRolloutBuildImage',
      'AzureMLRolloutDeploy',
      'AzureMLRolloutPromote',
    ])
      expect(uses).toContain(task);
  });

  it('fail on a misspelt action input, naming the file, line, step and the input meant', () => {
    // The prod job's deploy (the second deploy step of the file).
    const problems = problemsAfter(GITHUB_RELEASE, (t) =>
      replaceNth(t, 'endpoint-file:', 'endpoint-fille:', 1),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^workflows-examples\/github\/release\.yml:\d+: job prod, step deploy \(.*actions\/deploy@v1\): input 'endpoint-fille' is not an input of actions\/deploy \(did you mean 'endpoint-file'\?\)$/,
    );
    const line = Number(/:(\d+):/.exec(problems[0] ?? '')?.[1]);
    expect(read(GITHUB_RELEASE).split('\n')[line - 1]).toContain('endpoint-file:');
  });

  it('fail on a missing required action input and on an unknown action', () => {
    expect(
      problemsAfter(GITHUB_RELEASE, (t) => t.replace(/\n {10}source-workspace: mlw-detector-dev/, '')),
    ).toEqual([
      expect.stringContaining(
        "step promote (<owner>/azureml-rollout-actions/actions/promote@v1): required input 'source-workspace' of actions/promote is missing",
      ),
    ]);
    expect(
      problemsAfter('workflows-examples/github/pull-request.yml', (t) =>
        t.replace('./aml-rollout/actions/register-model', './aml-rollout/actions/register-models'),
      ),
    ).toEqual([
      expect.stringContaining("no action actions/register-models (did you mean 'register-model'?)"),
    ]);
  });

  it('fail on a misspelt output reference, of a step or of a job', () => {
    expect(
      problemsAfter(GITHUB_RELEASE, (t) =>
        t.replace('steps.promote.outputs.model-ref', 'steps.promote.outputs.model_ref'),
      ),
    ).toEqual([
      expect.stringContaining(
        "job prod: steps.promote.outputs.model_ref: 'model_ref' is not an output of actions/promote (did you mean 'model-ref'?)",
      ),
    ]);
    expect(
      problemsAfter(GITHUB_RELEASE, (t) =>
        t.replace('needs.dev.outputs.image-gpu', 'needs.dev.outputs.gpu-image'),
      ),
    ).toEqual([expect.stringContaining("needs.dev.outputs.gpu-image: job 'dev' has no output 'gpu-image'")]);
    expect(
      problemsAfter(GITHUB_RELEASE, (t) =>
        t.replace('steps.image.outputs.image-gpu', 'steps.images.outputs.image-gpu'),
      ),
    ).toEqual([expect.stringContaining("no step with id 'images' in this job (did you mean 'image'?)")]);
  });

  it('fail on a misspelt task name', () => {
    expect(
      problemsAfter(ADO_RELEASE, (t) => t.replace('AzureMLRolloutPromote@0', 'AzureMLRolloutPromot@0')),
    ).toEqual([
      expect.stringMatching(
        /^workflows-examples\/azure-pipelines\/release\.yml:\d+: step promote: no task AzureMLRolloutPromot \(did you mean 'AzureMLRolloutPromote'\?\)$/,
      ),
    ]);
  });

  it('fail on a wrong major version of a task', () => {
    const major = manifests.tasks.get('AzureMLRolloutBuildImage')?.version.Major ?? 0;
    expect(
      problemsAfter(ADO_RELEASE, (t) =>
        t.replace(`AzureMLRolloutBuildImage@${major}`, `AzureMLRolloutBuildImage@${major + 1}`),
      ),
    ).toEqual([
      expect.stringContaining(
        `step image: AzureMLRolloutBuildImage@${major + 1}: AzureMLRolloutBuildImage is at major version ${major}`,
      ),
    ]);
  });

  it('fail on a misspelt task input, a missing required one, and a misspelt output variable', () => {
    expect(problemsAfter(ADO_RELEASE, (t) => replaceNth(t, 'endpointFile:', 'endpointFille:', 1))).toEqual([
      expect.stringContaining(
        "step rollout: input 'endpointFille' is not an input of AzureMLRolloutDeploy (did you mean 'endpointFile'?)",
      ),
    ]);
    expect(problemsAfter(ADO_RELEASE, (t) => t.replace(/\n +modelRef: \$\(modelRef\)/, ''))).toEqual([
      expect.stringContaining("step promote: required input 'modelRef' of AzureMLRolloutPromote is missing"),
    ]);
    expect(
      problemsAfter(ADO_RELEASE, (t) => t.replace('$(promote.modelRef)', '$(promote.modelref)')),
    ).toEqual([
      expect.stringContaining(
        "promote.modelref: 'modelref' is not an output variable of AzureMLRolloutPromote (did you mean 'modelRef'?)",
      ),
    ]);
    expect(
      problemsAfter(ADO_RELEASE, (t) => t.replace("'dev.image.imageGpu'", "'dev.image.imageGPU'")),
    ).toEqual([
      expect.stringContaining(
        "image.imageGPU: 'imageGPU' is not an output variable of AzureMLRolloutBuildImage",
      ),
    ]);
  });

  it('accept a task input by its alias', () => {
    const task = manifests.tasks.get('AzureMLRolloutDeploy');
    if (!task) throw new Error('no deploy task');
    const withAlias = {
      ...manifests,
      tasks: new Map(manifests.tasks).set(task.name, {
        ...task,
        inputs: task.inputs.map((i) => (i.name === 'endpointFile' ? { ...i, aliases: ['endpointYaml'] } : i)),
      }),
    };
    const text = read(ADO_RELEASE).replaceAll('endpointFile:', 'endpointYaml:');
    expect(checkWorkflowFile(ADO_RELEASE, text, withAlias)).toEqual([]);
    expect(checkWorkflowFile(ADO_RELEASE, text, manifests)).toHaveLength(2);
  });

  it('publish the gate JUnit on Azure DevOps and gate the prod job behind an environment on both hosts', () => {
    const gh = parse(read(GITHUB_RELEASE)) as {
      permissions: Record<string, string>;
      jobs: Record<string, { environment?: string; needs?: string }>;
    };
    expect(gh.permissions['id-token']).toBe('write');
    expect(gh.jobs.prod).toMatchObject({ environment: 'prod', needs: 'dev' });
    const ado = read(ADO_RELEASE);
    expect(ado).toMatch(/- deployment: prod\n\s+# [^\n]*\n\s+environment: detector-prod/);
    expect(
      ado.match(
        /task: PublishTestResults@2\n\s+condition: always\(\)\n\s+inputs:\n\s+testResultsFormat: JUnit\n\s+testResultsFiles: gate-report\/junit\.xml/g,
      ),
    ).toHaveLength(2);
  });

  it('ship thresholds files the gate accepts, the GPU one with the wider FP16 parity tolerance', () => {
    const dir = path.join(repoRoot, 'workflows-examples', 'deploy');
    const files = readdirSync(dir).filter((f) => f.startsWith('thresholds'));
    expect(files.sort()).toEqual(['thresholds-gpu.yaml', 'thresholds.yaml']);
    const cpu = parseThresholds(parse(read('workflows-examples/deploy/thresholds.yaml')));
    const gpu = parseThresholds(parse(read('workflows-examples/deploy/thresholds-gpu.yaml')));
    expect(gpu.parity.scoreDelta).toBeGreaterThan(cpu.parity.scoreDelta);
    expect(gpu.parity.iou).toBeLessThanOrEqual(cpu.parity.iou);
    expect(gpu.metrics).toEqual(cpu.metrics);
    expect(gpu.baseline).toEqual(cpu.baseline);
  });
});
