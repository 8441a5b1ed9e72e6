// The ARM bodies, written out as the SDK types them: the expected values below compile only if
// they are valid `OnlineDeployment` / `ManagedOnlineDeployment` / `EnvironmentVersion` shapes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  EnvironmentVersion,
  ManagedOnlineDeployment,
  OnlineDeployment,
} from '@azure/arm-machinelearning';
import { describe, expect, it } from 'vitest';
import { loadDeploySpec, parseDeploySpec } from './deploy-spec.js';
import { environmentIdOf, toOnlineDeployment } from './mapping.js';
import { pinLatest } from './resolve.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '../../fixtures/deploy');
const WS =
  '/subscriptions/0000/resourceGroups/rg-detector/providers/Microsoft.MachineLearningServices/workspaces/mlw-dev';
const IMAGE = `acrdetectordev.azurecr.io/detector/inference@sha256:${'e'.repeat(64)}`;

describe('toOnlineDeployment', () => {
  it('maps the blue fixture with the pushed image to a ManagedOnlineDeployment body', async () => {
    const spec = await loadDeploySpec(
      {
        endpointFile: path.join(FIXTURES, 'endpoint.yml'),
        deploymentFile: path.join(FIXTURES, 'deployment-blue.yml'),
      },
      { image: IMAGE, instanceCount: 2 },
    );
    const env = spec.environment;
    const expectedEnvironment: EnvironmentVersion = {
      properties: {
        image: IMAGE,
        inferenceConfig: {
          livenessRoute: { port: 5001, path: '/health' },
          readinessRoute: { port: 5001, path: '/health' },
          scoringRoute: { port: 5001, path: '/score' },
        },
        isAnonymous: true,
      },
    };
    expect(env?.body).toEqual(expectedEnvironment);
    const environmentId = `${WS}/environments/CliV2AnonymousEnvironment/versions/${env?.version}`;

    const properties = {
      endpointComputeType: 'Managed',
      model: `${WS}/models/pid-symbols/versions/1`,
      environmentId,
      environmentVariables: {
        BOX_SCORE_THRESH: '0.3',
        NMS_IOU_THRESH: '0.5',
        BOX_DETECTIONS_PER_IMG: '100',
        TILE_OVERLAP_RATIO: '0.25',
        TILE_PREDICTIONS_NMS_THRESH: '0.25',
      },
      instanceType: 'Standard_DS3_v2',
      scaleSettings: { scaleType: 'Default' },
      requestSettings: {
        requestTimeout: 'PT30S',
        maxConcurrentRequestsPerInstance: 2,
        maxQueueWait: 'PT0.5S',
      },
      livenessProbe: { initialDelay: 'PT10S', period: 'PT10S', timeout: 'PT2S', failureThreshold: 30 },
      readinessProbe: {
        initialDelay: 'PT10S',
        period: 'PT10S',
        timeout: 'PT2S',
        successThreshold: 1,
        failureThreshold: 3,
      },
      appInsightsEnabled: true,
      egressPublicNetworkAccess: 'Enabled',
    } satisfies ManagedOnlineDeployment;
    const expected: OnlineDeployment = {
      location: 'westeurope',
      tags: { 'model-version': '1' },
      sku: { name: 'Default', capacity: 2 },
      properties,
    };
    expect(toOnlineDeployment(spec.deployment, { workspaceId: WS, location: 'westeurope' })).toEqual(
      expected,
    );
    expect(environmentIdOf(spec.deployment, WS)).toBe(environmentId);
  });

  it('maps references, code, mount path, description and properties; passes registry ids through', () => {
    const spec = parseDeploySpec({
      endpoint: { text: 'name: pid-symbols\n', source: 'endpoint.yml' },
      deployment: {
        source: 'deployment.yml',
        text: `name: green
model: azureml://registries/shared/models/pid-symbols/versions/4
environment: azureml:detector-env:2
code_configuration: { code: "azureml:scoring:5", scoring_script: score.py }
instance_type: Standard_NC4as_T4_v3
instance_count: 1
model_mount_path: /models
description: GPU
properties: { source: ci }
egress_public_network_access: disabled
app_insights_enabled: false
request_settings: { request_timeout_ms: 180000 }
`,
      },
    });
    expect(spec.environment).toBeUndefined();
    const expected: ManagedOnlineDeployment = {
      endpointComputeType: 'Managed',
      model: 'azureml://registries/shared/models/pid-symbols/versions/4',
      environmentId: `${WS}/environments/detector-env/versions/2`,
      codeConfiguration: { codeId: `${WS}/codes/scoring/versions/5`, scoringScript: 'score.py' },
      environmentVariables: {},
      instanceType: 'Standard_NC4as_T4_v3',
      scaleSettings: { scaleType: 'Default' },
      requestSettings: { requestTimeout: 'PT3M' },
      appInsightsEnabled: false,
      egressPublicNetworkAccess: 'Disabled',
      modelMountPath: '/models',
      description: 'GPU',
      properties: { source: 'ci' },
    };
    const body = toOnlineDeployment(spec.deployment, { workspaceId: WS, location: 'local' });
    expect(body.properties).toEqual(expected);
    expect(body.sku).toEqual({ name: 'Default', capacity: 1 });
  });

  it('refuses to map an unpinned @latest, and maps it once pinned', () => {
    const spec = parseDeploySpec({
      endpoint: { text: 'name: pid-symbols\n', source: 'endpoint.yml' },
      deployment: {
        source: 'deployment.yml',
        text: 'name: blue\nmodel: azureml:pid-symbols@latest\nenvironment: azureml:e:1\ninstance_type: Standard_DS3_v2\ninstance_count: 1\n',
      },
    });
    expect(() => toOnlineDeployment(spec.deployment, { workspaceId: WS, location: 'local' })).toThrow(
      expect.objectContaining({ code: 'AssetVersionUnresolved' }),
    );
    const pinned = pinLatest(spec.deployment, { models: '12' });
    expect(toOnlineDeployment(pinned, { workspaceId: WS, location: 'local' }).properties.model).toBe(
      `${WS}/models/pid-symbols/versions/12`,
    );
  });
});
