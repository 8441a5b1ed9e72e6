// Deployment YAML reading: every problem named with its path and line, all at once.
import { describe, expect, it } from 'vitest';
import { parseDeploymentYaml } from './deployment.js';
import { formatIssue, SpecError } from './issues.js';

const BASE = `name: blue
endpoint_name: pid-symbols
model: azureml:pid-symbols:1
environment:
  image: myacr.azurecr.io/detector:1
instance_type: Standard_DS3_v2
instance_count: 1
`;

function issuesOf(text: string): SpecError['issues'] {
  try {
    parseDeploymentYaml(text, 'deployment.yml');
  } catch (e) {
    if (e instanceof SpecError) return e.issues;
    throw e;
  }
  throw new Error('expected the YAML to be refused');
}

const lines = (text: string) => issuesOf(text).map(formatIssue);

describe('parseDeploymentYaml', () => {
  it('reads every supported field', () => {
    const spec = parseDeploymentYaml(
      `$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
name: blue
endpoint_name: pid-symbols
type: Managed
description: the blue one
model: azureml:pid-symbols@latest
code_configuration:
  code: azureml:scoring:3
  scoring_script: score.py
environment:
  name: detector-env
  version: 7
  image: myacr.azurecr.io/detector@sha256:${'0'.repeat(64)}
  os_type: linux
  inference_config:
    liveness_route: { port: 5001, path: /health }
    readiness_route: { port: 5001, path: /health }
    scoring_route: { port: 5001, path: /score }
environment_variables:
  BOX_SCORE_THRESH: 0.50
  FLAG: yes
  EMPTY: ''
instance_type: Standard_NC4as_T4_v3
instance_count: 2
request_settings: { request_timeout_ms: 90000, max_concurrent_requests_per_instance: 4, max_queue_wait_ms: 500 }
liveness_probe: { initial_delay: 30, period: 10, timeout: 2, success_threshold: 1, failure_threshold: 30 }
readiness_probe: { period: 5 }
app_insights_enabled: yes
egress_public_network_access: Disabled
scale_settings: { type: default }
model_mount_path: /models
tags: { team: vision, build: 12 }
properties: { source: ci }
`,
      'deployment.yml',
    );
    expect(spec).toEqual({
      name: 'blue',
      endpointName: 'pid-symbols',
      description: 'the blue one',
      model: { kind: 'latest', name: 'pid-symbols' },
      code: { code: { kind: 'version', name: 'scoring', version: '3' }, scoringScript: 'score.py' },
      environment: {
        kind: 'inline',
        environment: {
          name: 'detector-env',
          version: '7',
          image: `myacr.azurecr.io/detector@sha256:${'0'.repeat(64)}`,
          osType: 'linux',
          inferenceConfig: {
            livenessRoute: { port: 5001, path: '/health' },
            readinessRoute: { port: 5001, path: '/health' },
            scoringRoute: { port: 5001, path: '/score' },
          },
          tags: {},
        },
      },
      // Scalars are kept as written: 0.50 stays "0.50", yes stays "yes".
      environmentVariables: { BOX_SCORE_THRESH: '0.50', FLAG: 'yes', EMPTY: '' },
      instanceType: 'Standard_NC4as_T4_v3',
      instanceCount: 2,
      requestSettings: { requestTimeoutMs: 90000, maxConcurrentRequestsPerInstance: 4, maxQueueWaitMs: 500 },
      livenessProbe: { initialDelay: 30, period: 10, timeout: 2, successThreshold: 1, failureThreshold: 30 },
      readinessProbe: { period: 5 },
      // YAML 1.1, as the CLI reads it: `yes` is a boolean.
      appInsightsEnabled: true,
      egressPublicNetworkAccess: 'disabled',
      modelMountPath: '/models',
      tags: { team: 'vision', build: '12' },
      properties: { source: 'ci' },
      ignored: [],
    });
  });

  it('names a wrong type with its path, the value and the line', () => {
    const got = lines(`${BASE}request_settings:\n  max_concurrent_requests_per_instance: "4"\n`);
    expect(got).toEqual([
      'deployment.yml: request_settings.max_concurrent_requests_per_instance: expected integer, got "4" (line 9, column 41)',
    ]);
  });

  it('lists every problem at once, in file order, with one code', () => {
    let error: unknown;
    try {
      parseDeploymentYaml(
        `name: b
endpoint_name: my_endpoint
model: azureml:pid-symbols
instance_count: 0
instance_type: 3
app_insights_enabled: "true"
egress_public_network_access: open
liveness_probe:
  period: 0
  timeot: 2
request_settings:
  request_timeout_ms: 600000
modle: azureml:x:1
`,
        'deployment.yml',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    const err = error as SpecError;
    expect(err.code).toBe('InvalidDeploymentYaml');
    expect(err.issues.map((i) => [i.line, i.path, i.message])).toEqual([
      [1, 'name', "deployment name 'b' must be 3-32 characters long (it has 1)"],
      [
        2,
        'endpoint_name',
        "endpoint name 'my_endpoint' must start with a letter, contain only letters, digits and '-', and not end with '-'",
      ],
      [
        3,
        'model',
        "'azureml:pid-symbols' names no version: pin one (azureml:pid-symbols:<version>) or say azureml:pid-symbols@latest",
      ],
      [4, 'instance_count', 'must be at least 1, got 0'],
      [5, 'instance_type', 'expected string, got 3'],
      [6, 'app_insights_enabled', 'expected boolean, got "true"'],
      [7, 'egress_public_network_access', 'expected one of enabled, disabled, got "open"'],
      [9, 'liveness_probe.period', 'must be at least 1, got 0'],
      [10, 'liveness_probe.timeot', 'is not a field of this schema'],
      [12, 'request_settings.request_timeout_ms', 'must be at most 180000, got 600000'],
      [13, 'modle', 'is not a field of this schema'],
    ]);
    expect(err.issues.find((i) => i.path === 'modle')?.hint).toBe("did you mean 'model'?");
    expect(err.issues.find((i) => i.path === 'liveness_probe.timeot')?.hint).toBe("did you mean 'timeout'?");
    expect(err.message).toMatch(/^11 problems in deployment.yml:\n {2}- deployment.yml: name: /);
  });

  it('reports YAML syntax errors with line and column', () => {
    const got = issuesOf('name: blue\nenvironment:\n  image: [a\ninstance_count: 1\n');
    expect(got.length).toBeGreaterThan(0);
    expect(got[0]).toMatchObject({ path: '', line: expect.any(Number), column: expect.any(Number) });
    expect(got[0]?.message).toMatch(/^is not valid YAML: /);
    expect(issuesOf('name: blue\nname: green\n')[0]).toMatchObject({
      message: expect.stringMatching(/unique/),
      line: 2,
    });
  });

  it('refuses a document that is not a mapping', () => {
    expect(lines('')).toEqual(['deployment.yml: expected a mapping of fields, got an empty document']);
    expect(lines('- name: blue\n')).toEqual([
      'deployment.yml: expected a mapping of fields, got a list (line 1, column 1)',
    ]);
  });

  it('refuses what the deploy step does not do, each with its reason', () => {
    const got = issuesOf(`${BASE}type: kubernetes
code_configuration:
  code: ./onlinescoring
  scoring_script: score.py
data_collector:
  collections: {}
private_network_connection: true
resources: { requests: { cpu: "1" } }
scale_settings:
  type: target_utilization
  min_instances: 1
`);
    expect(got.map((i) => [i.path, i.message])).toEqual([
      ['type', 'kubernetes deployments are not supported'],
      ['code_configuration.code', "local code './onlinescoring' is not uploaded by the deploy step"],
      [
        'data_collector',
        'needs api-version 2023-04-01 or later; the deploy step speaks 2022-10-01 (@azure/arm-machinelearning 2.1.1)',
      ],
      ['private_network_connection', 'is a retired preview field'],
      ['resources', 'is for Kubernetes deployments (managed deployments size by instance_type)'],
      [
        'scale_settings.type',
        'target_utilization is for Kubernetes deployments; managed deployments scale by instance_count (or Azure Monitor autoscale)',
      ],
    ]);
    expect(got.every((i) => i.hint)).toBe(true);
  });

  it('refuses environments that make Azure ML build an image, and conda content in the environment', () => {
    const got = issuesOf(
      `${BASE.replace('  image: myacr.azurecr.io/detector:1\n', '')}environment:
  image: myacr.azurecr.io/base:1
  conda_file: conda.yaml
  build: { path: ./docker }
  dependencies: [python=3.10]
`.replace(/^environment:\n(?=instance_type)/m, ''),
    );
    expect(got.map((i) => i.path)).toEqual([
      'environment.conda_file',
      'environment.build',
      'environment.dependencies',
    ]);
  });

  it('checks references, images, routes and names inside the environment', () => {
    const got = issuesOf(`name: blue
model: my-model
environment:
  image: MyAcr.azurecr.io/Detector:1
  inference_config:
    liveness_route: { port: 70000, path: health }
    scoring_route: { port: 5001 }
code_configuration:
  scoring_script: score.py
environment_variables:
  1BAD: x
  GOOD: [1, 2]
`);
    expect(got.map((i) => [i.path, i.message])).toEqual([
      ['model', "'my-model' is not a registered model reference"],
      [
        'environment.image',
        "'MyAcr.azurecr.io/Detector:1' is not an image reference: the repository must be lowercase letters and digits, separated by / . _ __ or -",
      ],
      // A missing field is placed at its parent (inference_config, line 5).
      ['environment.inference_config.readiness_route', 'is required in inference_config'],
      ['environment.inference_config.liveness_route.port', 'must be at most 65535, got 70000'],
      ['environment.inference_config.liveness_route.path', "'health' must start with /"],
      ['environment.inference_config.scoring_route.path', 'is required'],
      ['code_configuration.code', 'is required with scoring_script (the code asset that holds the script)'],
      [
        'environment_variables["1BAD"]',
        "'1BAD' is not an environment variable name (letters, digits and '_', not starting with a digit)",
      ],
      ['environment_variables.GOOD', 'expected a string value, got a list'],
    ]);
  });

  it('accepts and reports output-only fields, as az ml ... show prints them', () => {
    const spec = parseDeploymentYaml(`${BASE}id: /subscriptions/x\nprovisioning_state: Succeeded\n`, 'd.yml');
    expect(spec.ignored).toEqual(['id', 'provisioning_state']);
  });
});
