// The step's inputs over the YAML, the refusals that depend on them, and the environment the
// step registers for an inline one.
import { describe, expect, it } from 'vitest';
import { parseDeploySpec } from './deploy-spec.js';
import { parseDeploymentYaml } from './deployment.js';
import { formatIssue, SpecError } from './issues.js';
import {
  ANONYMOUS_ENVIRONMENT_NAME,
  environmentToRegister,
  latestRefs,
  parseEnvironmentAssignments,
  pinLatest,
  resolveDeployment,
} from './resolve.js';

const ENDPOINT = 'name: pid-symbols\nauth_mode: key\n';
const DEPLOYMENT = `name: blue
endpoint_name: pid-symbols
model: azureml:pid-symbols:1
environment:
  image: myacr.azurecr.io/detector:v1
  inference_config:
    liveness_route: { port: 5001, path: /health }
    readiness_route: { port: 5001, path: /health }
    scoring_route: { port: 5001, path: /score }
environment_variables:
  BOX_SCORE_THRESH: "0.3"
  NMS_IOU_THRESH: "0.5"
instance_type: Standard_DS3_v2
instance_count: 1
`;
const IMAGE = `prodacr.azurecr.io/detector@sha256:${'c'.repeat(64)}`;

const spec = (deployment = DEPLOYMENT, overrides = {}, options = {}) =>
  parseDeploySpec(
    {
      endpoint: { text: ENDPOINT, source: 'endpoint.yml' },
      deployment: { text: deployment, source: 'deployment.yml' },
    },
    overrides,
    options,
  );

function problems(deployment: string, overrides = {}, options = {}, endpoint = ENDPOINT): string[] {
  try {
    parseDeploySpec(
      {
        endpoint: { text: endpoint, source: 'endpoint.yml' },
        deployment: { text: deployment, source: 'deployment.yml' },
      },
      overrides,
      options,
    );
  } catch (e) {
    if (e instanceof SpecError) return e.issues.map(formatIssue);
    throw e;
  }
  return [];
}

describe('overrides', () => {
  it('without inputs, the YAML is deployed as written', () => {
    const s = spec();
    expect(s.deployment).toMatchObject({
      endpointName: 'pid-symbols',
      name: 'blue',
      model: { kind: 'version', name: 'pid-symbols', version: '1' },
      instanceType: 'Standard_DS3_v2',
      instanceCount: 1,
      environmentVariables: { BOX_SCORE_THRESH: '0.3', NMS_IOU_THRESH: '0.5' },
    });
    expect(s.environment?.body.properties.image).toBe('myacr.azurecr.io/detector:v1');
  });

  it('model, image, instance type and count, variables and names replace the YAML values', () => {
    const s = spec(DEPLOYMENT, {
      endpointName: 'pid-symbols-prod',
      deploymentName: 'green',
      model: 'azureml:pid-symbols:7',
      image: IMAGE,
      instanceType: 'Standard_NC4as_T4_v3',
      instanceCount: 3,
      environmentVariables: ['BOX_SCORE_THRESH=0.45', 'TILE_GRID_SIZE=3x2', 'URL=a=b', ''],
    });
    expect(s.endpoint.name).toBe('pid-symbols-prod');
    expect(s.deployment).toMatchObject({
      endpointName: 'pid-symbols-prod',
      name: 'green',
      model: { kind: 'version', name: 'pid-symbols', version: '7' },
      instanceType: 'Standard_NC4as_T4_v3',
      instanceCount: 3,
      environmentVariables: {
        BOX_SCORE_THRESH: '0.45',
        NMS_IOU_THRESH: '0.5',
        TILE_GRID_SIZE: '3x2',
        URL: 'a=b',
      },
    });
    // The inline environment keeps its routes and takes the pushed image.
    expect(s.environment?.body.properties).toMatchObject({
      image: IMAGE,
      inferenceConfig: { scoringRoute: { port: 5001, path: '/score' } },
    });
  });

  it('the model input replaces an inline model, which is refused otherwise', () => {
    const inline = DEPLOYMENT.replace('model: azureml:pid-symbols:1', 'model:\n  path: ./model');
    expect(problems(inline)).toEqual([
      'deployment.yml: model: an inline model (path ./model) is not uploaded by the deploy step (line 4, column 3); register the model first (register-model step, or az ml model create) and reference it as azureml:<name>:<version>, or pass the model input',
    ]);
    expect(spec(inline, { model: 'azureml:pid-symbols:2' }).deployment.model).toEqual({
      kind: 'version',
      name: 'pid-symbols',
      version: '2',
    });
  });

  it('the image input fills a missing environment, and replaces an inline image (dropping its version)', () => {
    const noEnv = DEPLOYMENT.replace(/environment:\n(?: {2}.*\n)+/, '');
    expect(problems(noEnv)).toEqual([
      expect.stringMatching(/^deployment.yml: environment: is required; build and push/),
    ]);
    expect(spec(noEnv, { image: IMAGE }).environment?.body.properties).toEqual({
      image: IMAGE,
      isAnonymous: true,
    });

    const named = DEPLOYMENT.replace(
      'environment:\n',
      'environment:\n  name: detector-env\n  version: "4"\n',
    );
    expect(spec(named).environment).toMatchObject({ name: 'detector-env', version: '4', anonymous: false });
    const replaced = spec(named, { image: IMAGE }).environment;
    expect(replaced?.name).toBe('detector-env');
    expect(replaced?.version).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses an image input for a registered environment, and bad input values, naming the input', () => {
    const registered = DEPLOYMENT.replace(
      /environment:\n(?: {2}.*\n)+/,
      'environment: azureml:detector-env:2\n',
    );
    expect(spec(registered).deployment.environment).toEqual({
      kind: 'ref',
      ref: { kind: 'version', name: 'detector-env', version: '2' },
    });
    expect(
      problems(registered, {
        image: IMAGE,
        model: 'pid-symbols:3',
        instanceType: 'Standard DS3',
        instanceCount: 0,
        deploymentName: 'blue_2',
        endpointName: 'ep',
        environmentVariables: ['NOVALUE', '9X=1'],
      }),
    ).toEqual([
      "input 'endpoint-name': endpoint name 'ep' must be 3-32 characters long (it has 2)",
      "input 'deployment-name': deployment name 'blue_2' must start with a letter, contain only letters, digits and '-', and not end with '-'",
      "input 'model': 'pid-symbols:3' is not a registered model reference (expected azureml:<name>:<version> or azureml:<name>@latest); e.g. azureml:pid-symbols:3 (the model-ref output of register-model)",
      "input 'image': replaces environment.image, but the deployment YAML references the registered environment azureml:detector-env:2; write the environment inline in the YAML (image + inference_config), or drop the image input",
      "input 'environment-variables': 'NOVALUE' is not NAME=value; one variable per item, e.g. BOX_SCORE_THRESH=0.5",
      "input 'environment-variables': '9X' is not an environment variable name (letters, digits and '_', not starting with a digit)",
      "input 'instance-type': 'Standard DS3' is not a VM size name (e.g. Standard_DS3_v2, Standard_NC4as_T4_v3)",
      "input 'instance-count': must be a whole number of at least 1, got 0",
    ]);
    expect(problems(DEPLOYMENT, { image: 'detector:1' })).toEqual([
      "input 'image': 'detector:1' names no registry; use the pushed image, e.g. myacr.azurecr.io/detector@sha256:<64 hex>",
    ]);
    expect(problems(DEPLOYMENT, { image: 'myacr.azurecr.io/x@sha256:1' })).toEqual([
      "input 'image': 'myacr.azurecr.io/x@sha256:1' is not an image reference: digest 'sha256:1' is not sha256:<64 lowercase hex>",
    ]);
  });

  it('input names can follow the step catalogue', () => {
    expect(problems(DEPLOYMENT, { model: 'x' }, { inputNames: { model: 'model-ref' } })[0]).toMatch(
      /^input 'model-ref': /,
    );
  });

  it('lists problems of both files and the inputs in one error, with a mixed code', () => {
    let error: unknown;
    try {
      parseDeploySpec(
        {
          endpoint: { text: 'name: pid-symbols\ntraffic: { blue: 100 }\n', source: 'endpoint.yml' },
          deployment: {
            text: DEPLOYMENT.replace('endpoint_name: pid-symbols', 'endpoint_name: other-endpoint').replace(
              'instance_count: 1',
              'instance_count: "1"',
            ),
            source: 'deployment.yml',
          },
        },
        { instanceType: '?' },
      );
    } catch (e) {
      error = e;
    }
    const err = error as SpecError;
    expect(err.code).toBe('InvalidDeploySpec');
    expect(err.issues.map(formatIssue)).toEqual([
      expect.stringMatching(
        /^endpoint.yml: traffic: is set by the deploy step, not by the endpoint YAML \(line 2, column 1\); the deploy step owns traffic/,
      ),
      "deployment.yml: endpoint_name: names endpoint 'other-endpoint', but the deployment goes to 'pid-symbols' (line 2, column 16); make endpoint_name match the endpoint YAML's name, or remove it",
      // Once: a refused value is not reported as missing as well.
      'deployment.yml: instance_count: expected integer, got "1" (line 14, column 17)',
      "input 'instance-type': '?' is not a VM size name (e.g. Standard_DS3_v2, Standard_NC4as_T4_v3)",
    ]);
    expect(err.message.split('\n')[0]).toBe(
      "4 problems in endpoint.yml, deployment.yml, input 'instance-type':",
    );
  });

  it('requires name, endpoint, instance type and count from the YAML or the inputs', () => {
    const bare = 'model: azureml:m:1\nenvironment: azureml:e:1\n';
    expect(
      resolveDeployment(parseDeploymentYaml(bare, 'd.yml'), {
        deploymentName: 'blue',
        endpointName: 'pid-symbols',
        instanceType: 'Standard_DS3_v2',
        instanceCount: 1,
      }),
    ).toMatchObject({ name: 'blue', endpointName: 'pid-symbols' });
    try {
      resolveDeployment(parseDeploymentYaml(bare, 'd.yml'), {}, { source: 'd.yml' });
      expect.unreachable();
    } catch (e) {
      expect((e as SpecError).issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
        'endpoint_name: is required',
        'name: is required',
        'instance_type: is required',
        'instance_count: is required',
      ]);
    }
  });
});

describe('environment variables', () => {
  it('parses NAME=value items; the value keeps everything after the first =', () => {
    const reported: string[] = [];
    expect(
      parseEnvironmentAssignments(['A=1', ' B = 2 ', 'C=', 'D=x=y', '=z'], (m) => reported.push(m)),
    ).toEqual({
      A: '1',
      B: ' 2 ',
      C: '',
      D: 'x=y',
    });
    expect(reported).toEqual(["'=z' is not NAME=value"]);
  });

  it('runs the caller check on the merged variables and blames the input or the YAML line', () => {
    // The step passes the scorer's own parser here; any check with the same shape works.
    const threshold = (vars: Readonly<Record<string, string>>) =>
      Object.entries(vars)
        .filter(([k, v]) => k.endsWith('_THRESH') && !(Number(v) >= 0 && Number(v) <= 1))
        .map(([name, v]) => ({ name, message: `must be a number in [0, 1], got '${v}'` }));
    const yamlBad = DEPLOYMENT.replace('NMS_IOU_THRESH: "0.5"', 'NMS_IOU_THRESH: "high"');
    expect(
      problems(
        yamlBad,
        { environmentVariables: ['BOX_SCORE_THRESH=1.5'] },
        { checkEnvironmentVariables: threshold },
      ),
    ).toEqual([
      "deployment.yml: environment_variables.NMS_IOU_THRESH: must be a number in [0, 1], got 'high' (line 12, column 19)",
      "input 'environment-variables': BOX_SCORE_THRESH: must be a number in [0, 1], got '1.5'",
    ]);
    expect(problems(DEPLOYMENT, {}, { checkEnvironmentVariables: threshold })).toEqual([]);
  });
});

describe('@latest references', () => {
  it('are listed for the caller to look up, then pinned', () => {
    const d = spec(
      DEPLOYMENT.replace('azureml:pid-symbols:1', 'azureml:pid-symbols@latest').replace(
        /environment:\n(?: {2}.*\n)+/,
        'environment: azureml:detector-env@latest\ncode_configuration: { code: "azureml:scoring@latest", scoring_script: score.py }\n',
      ),
    ).deployment;
    expect(latestRefs(d)).toEqual([
      { kind: 'models', name: 'pid-symbols' },
      { kind: 'environments', name: 'detector-env' },
      { kind: 'codes', name: 'scoring' },
    ]);
    const pinned = pinLatest(d, { models: '9', environments: '4', codes: '2' });
    expect(latestRefs(pinned)).toEqual([]);
    expect(pinned.model).toEqual({ kind: 'version', name: 'pid-symbols', version: '9' });
    expect(pinned.code?.code).toEqual({ kind: 'version', name: 'scoring', version: '2' });
  });
});

describe('environmentToRegister', () => {
  const env = {
    image: 'myacr.azurecr.io/detector:v1',
    inferenceConfig: {
      livenessRoute: { port: 5001, path: '/health' },
      readinessRoute: { port: 5001, path: '/health' },
      scoringRoute: { port: 5001, path: '/score' },
    },
    tags: {},
  };

  it('registers an unnamed environment anonymously, versioned by its content', () => {
    const a = environmentToRegister(env);
    expect(a).toEqual({
      name: ANONYMOUS_ENVIRONMENT_NAME,
      version: expect.stringMatching(/^[0-9a-f]{32}$/),
      anonymous: true,
      body: { properties: { ...env, tags: undefined, isAnonymous: true } },
    });
    expect(a.body.properties).not.toHaveProperty('tags');
    // Same content, same version; any change, a new one.
    expect(environmentToRegister({ ...env }).version).toBe(a.version);
    expect(environmentToRegister({ ...env, image: 'myacr.azurecr.io/detector:v2' }).version).not.toBe(
      a.version,
    );
    expect(
      environmentToRegister({
        ...env,
        inferenceConfig: { ...env.inferenceConfig, scoringRoute: { port: 5001, path: '/v2/models/m/infer' } },
      }).version,
    ).not.toBe(a.version);
  });

  it('keeps a YAML name (and an explicit version) and maps os_type', () => {
    expect(
      environmentToRegister({
        ...env,
        name: 'detector-env',
        version: '3',
        osType: 'linux',
        description: 'd',
        tags: { a: 'b' },
      }),
    ).toEqual({
      name: 'detector-env',
      version: '3',
      anonymous: false,
      body: { properties: { ...env, osType: 'Linux', description: 'd', tags: { a: 'b' } } },
    });
  });
});
