// The az ml CLI v2 samples (../shared/reference/azureml-examples) and our own fixtures
// (fixtures/deploy) through the deploy step's stage-1 check. Every managed sample is valid CLI
// YAML; each one the step cannot deploy as written is refused for a reason listed here (and in
// docs/deploy-yaml.md). Skipped, by name, when the reference folder is absent.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDeploySpec, parseDeploySpec } from './deploy-spec.js';
import { parseEndpointYaml } from './endpoint.js';
import { SpecError } from './issues.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ONLINE = path.resolve(here, '../../../shared/reference/azureml-examples/cli/endpoints/online');
const HAVE_SAMPLES = existsSync(path.join(ONLINE, 'managed', 'sample', 'endpoint.yml'));
const FIXTURES = path.resolve(here, '../../fixtures/deploy');

// The custom-container samples carry {{...}} placeholders that the upstream scripts fill with sed.
const fill = (text: string) =>
  text.replace(/\{\{\s*acr_name\s*\}\}/gi, 'myacr').replace(/\{\{ENDPOINT_NAME\}\}/g, 'my-endpoint');
const read = (rel: string) => ({ text: fill(readFileSync(path.join(ONLINE, rel), 'utf8')), source: rel });

/** The problems as `path: message` (files by base name), or [] when the pair loads. */
function problems(endpoint: string, deployment: string, overrides = {}): string[] {
  try {
    parseDeploySpec({ endpoint: read(endpoint), deployment: read(deployment) }, overrides);
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.issues.map((i) => `${path.basename(i.source)}: ${i.path}: ${i.message}`);
  }
}

const LOCAL_CODE = (dir: string) =>
  `code_configuration.code: local code '${dir}' is not uploaded by the deploy step`;
const INLINE_MODEL = /^model: an inline model \(path \.\.\/\.\.\/model-\d\/model\/\) is not uploaded/;
const CONDA =
  'environment.conda_file: makes Azure ML build a derived image at deploy time, which the rollout cannot check before it starts';
const MODEL = { model: 'azureml:my-model:1' };

describe.skipIf(!HAVE_SAMPLES)('az ml CLI v2 samples (needs ../shared/reference/azureml-examples)', () => {
  it('managed/sample/endpoint.yml loads', () => {
    const e = parseEndpointYaml(read('managed/sample/endpoint.yml').text, 'endpoint.yml');
    expect(e).toMatchObject({ name: 'my-endpoint', authMode: 'key', tags: {} });
  });

  // Every deployment under endpoints/online/managed/: all are refused for their local code folder
  // (the step deploys images; it does not upload code), some also for local model files and a
  // conda file. The refusal list is complete: nothing else in them is wrong.
  const managed: [string, (string | RegExp)[]][] = [
    ['blue-deployment.yml', [INLINE_MODEL, LOCAL_CODE('../../model-1/onlinescoring/'), CONDA]],
    ['green-deployment.yml', [INLINE_MODEL, LOCAL_CODE('../../model-2/onlinescoring/'), CONDA]],
    ['blue-deployment-with-curated-env.yml', [INLINE_MODEL, LOCAL_CODE('../../model-1/onlinescoring/')]],
    ['green-deployment-with-curated-env.yml', [INLINE_MODEL, LOCAL_CODE('../../model-2/onlinescoring/')]],
    ['blue-deployment-with-registered-assets.yml', [LOCAL_CODE('../../model-1/onlinescoring/')]],
    ['green-deployment-with-registered-assets.yml', [LOCAL_CODE('../../model-2/onlinescoring/')]],
  ];
  for (const [file, expected] of managed) {
    it(`managed/sample/${file} is refused only for what the step does not upload or build`, () => {
      const got = problems('managed/sample/endpoint.yml', `managed/sample/${file}`);
      expect(got.map((g) => g.replace(/^[^:]+: /, ''))).toEqual(
        expected.map((x) => (typeof x === 'string' ? x : expect.stringMatching(x))),
      );
    });
  }

  it('with registered assets, the only refusal is the local code folder, with its remediation', () => {
    try {
      parseDeploySpec({
        endpoint: read('managed/sample/endpoint.yml'),
        deployment: read('managed/sample/blue-deployment-with-registered-assets.yml'),
      });
      expect.unreachable();
    } catch (e) {
      const err = e as SpecError;
      expect(err.code).toBe('InvalidDeploymentYaml');
      expect(err.issues).toHaveLength(1);
      expect(err.issues[0]).toMatchObject({ path: 'code_configuration.code', line: 6 });
      expect(err.issues[0]?.hint).toMatch(/bake the scoring code into the image/);
    }
  });

  it('custom-container samples load once the model input replaces their local model folder', () => {
    const torch = [
      'custom-container/torchserve/densenet/torchserve-endpoint.yml',
      'custom-container/torchserve/densenet/torchserve-deployment.yml',
    ] as const;
    expect(problems(...torch)).toEqual([
      expect.stringMatching(/^torchserve-deployment.yml: model: an inline model \(path torchserve\)/),
    ]);
    expect(problems(...torch, MODEL)).toEqual([]);
    const spec = parseDeploySpec({ endpoint: read(torch[0]), deployment: read(torch[1]) }, MODEL);
    expect(spec.endpoint.authMode).toBe('aml_token');
    expect(spec.environment).toMatchObject({
      name: 'CliV2AnonymousEnvironment',
      anonymous: true,
      body: {
        properties: {
          image: 'myacr.azurecr.io/torchserve:1',
          inferenceConfig: { scoringRoute: { port: 8080, path: '/predictions/densenet161' } },
        },
      },
    });
    expect(spec.deployment.environmentVariables).toEqual({
      TORCHSERVE_MODELS: 'densenet161=densenet161.mar',
    });

    const triton = parseDeploySpec(
      {
        endpoint: read('custom-container/triton/single-model/triton-cc-endpoint.yml'),
        deployment: read('custom-container/triton/single-model/triton-cc-deployment.yml'),
      },
      MODEL,
    );
    expect(triton.environment).toMatchObject({ name: 'triton-cc-env', anonymous: false });
    expect(triton.deployment).toMatchObject({ modelMountPath: '/models', instanceType: 'Standard_DS4_v2' });
  });

  it('the no-code Triton sample is refused: it has no image or environment to deploy', () => {
    expect(
      problems(
        'triton/single-model/create-managed-endpoint.yaml',
        'triton/single-model/create-managed-deployment.yaml',
        MODEL,
      ),
    ).toEqual(['create-managed-deployment.yaml: environment: is required']);
  });

  it('Kubernetes samples are refused for every Kubernetes-only field', () => {
    const got = problems(
      'kubernetes/kubernetes-endpoint.yml',
      'kubernetes/kubernetes-green-deployment.yml',
      MODEL,
    );
    expect(got).toEqual(
      expect.arrayContaining([
        'kubernetes-endpoint.yml: compute: is for Kubernetes online endpoints; the deploy step creates managed online endpoints',
        'kubernetes-green-deployment.yml: type: kubernetes deployments are not supported',
        'kubernetes-green-deployment.yml: resources: is for Kubernetes deployments (managed deployments size by instance_type)',
        expect.stringMatching(
          /^kubernetes-green-deployment.yml: scale_settings.type: target_utilization is for Kubernetes/,
        ),
      ]),
    );
    // `auth_mode: Key` is accepted: the CLI compares enums case-insensitively.
    expect(got.some((g) => g.includes('auth_mode'))).toBe(false);
  });
});

describe.skipIf(HAVE_SAMPLES)('az ml CLI v2 samples', () => {
  it.skip(`skipped: reference folder ${ONLINE} is absent`, () => undefined);
});

describe('fixtures/deploy', () => {
  for (const color of ['blue', 'green'] as const) {
    it(`endpoint.yml + deployment-${color}.yml load as a custom container on port 5001`, async () => {
      const spec = await loadDeploySpec({
        endpointFile: path.join(FIXTURES, 'endpoint.yml'),
        deploymentFile: path.join(FIXTURES, `deployment-${color}.yml`),
      });
      expect(spec.endpoint).toMatchObject({ name: 'pid-symbols', authMode: 'key' });
      expect(spec.deployment).toMatchObject({
        name: color,
        endpointName: 'pid-symbols',
        model: { kind: 'version', name: 'pid-symbols', version: color === 'blue' ? '1' : '2' },
        instanceType: 'Standard_DS3_v2',
        instanceCount: 1,
      });
      // Routes the scorer serves (shared/scoring/server.ts): GET /health, POST /score.
      expect(spec.environment?.body.properties.inferenceConfig).toEqual({
        livenessRoute: { port: 5001, path: '/health' },
        readinessRoute: { port: 5001, path: '/health' },
        scoringRoute: { port: 5001, path: '/score' },
      });
      // The AutoML inference parameters the scorer reads from its environment.
      expect(Object.keys(spec.deployment.environmentVariables)).toEqual([
        'BOX_SCORE_THRESH',
        'NMS_IOU_THRESH',
        'BOX_DETECTIONS_PER_IMG',
        'TILE_OVERLAP_RATIO',
        'TILE_PREDICTIONS_NMS_THRESH',
      ]);
      expect(spec.ignored).toEqual([]);
    });
  }
});
