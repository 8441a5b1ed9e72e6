// The rollout's no-op check: same model, environment (image), instance type and count, variables.
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { describe, expect, it } from 'vitest';
import {
  deploymentDifferences,
  deploymentFingerprint,
  deploymentIdentity,
  sameDeployment,
} from './fingerprint.js';

const WS = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/dev';

const desired: OnlineDeployment = {
  location: 'local',
  sku: { name: 'Default', capacity: 2 },
  properties: {
    endpointComputeType: 'Managed',
    model: `${WS}/models/pid-symbols/versions/3`,
    environmentId: `${WS}/environments/CliV2AnonymousEnvironment/versions/abc`,
    instanceType: 'Standard_DS3_v2',
    environmentVariables: { BOX_SCORE_THRESH: '0.3', NMS_IOU_THRESH: '0.5' },
    requestSettings: { requestTimeout: 'PT30S' },
  },
};

/** As Azure might return it: other casing, other key order, read-only fields, other settings. */
const live: OnlineDeployment = {
  location: 'westeurope',
  tags: { anything: 'else' },
  sku: { name: 'Default', tier: 'Standard', capacity: 2 },
  properties: {
    endpointComputeType: 'Managed',
    model: `${WS.toLowerCase()}/models/pid-symbols/versions/3/`,
    environmentId: `${WS}/Environments/CliV2AnonymousEnvironment/versions/abc`,
    instanceType: 'STANDARD_DS3_V2',
    environmentVariables: { NMS_IOU_THRESH: '0.5', BOX_SCORE_THRESH: '0.3' },
    requestSettings: { requestTimeout: 'PT1M' },
    appInsightsEnabled: true,
  },
};

const withProps = (p: Partial<OnlineDeployment['properties']>, sku = desired.sku): OnlineDeployment => ({
  ...desired,
  ...(sku ? { sku } : {}),
  properties: { ...desired.properties, ...p },
});

describe('deployment fingerprint', () => {
  it('is the same for the same deployment, whatever the casing, key order and other settings', () => {
    expect(sameDeployment(desired, live)).toBe(true);
    expect(deploymentFingerprint(desired)).toBe(deploymentFingerprint(live));
    expect(deploymentFingerprint(desired)).toMatch(/^[0-9a-f]{64}$/);
    expect(deploymentDifferences(live, desired)).toEqual([]);
  });

  it('changes with the model, environment, instance type, count or any variable', () => {
    const changed: [OnlineDeployment, string][] = [
      [withProps({ model: `${WS}/models/pid-symbols/versions/4` }), 'model'],
      [
        withProps({ environmentId: `${WS}/environments/CliV2AnonymousEnvironment/versions/def` }),
        'environment',
      ],
      [
        withProps({ instanceType: 'Standard_NC4as_T4_v3' }),
        'instance type: standard_ds3_v2 -> standard_nc4as_t4_v3',
      ],
      [withProps({}, { name: 'Default', capacity: 3 }), 'instance count: 2 -> 3'],
      [
        withProps({ environmentVariables: { BOX_SCORE_THRESH: '0.4', NMS_IOU_THRESH: '0.5' } }),
        'environment variable BOX_SCORE_THRESH: changed',
      ],
      [
        withProps({ environmentVariables: { BOX_SCORE_THRESH: '0.3' } }),
        'environment variable NMS_IOU_THRESH: removed',
      ],
      [
        withProps({
          environmentVariables: { BOX_SCORE_THRESH: '0.3', NMS_IOU_THRESH: '0.5', TILE_GRID_SIZE: '3x2' },
        }),
        'environment variable TILE_GRID_SIZE: added',
      ],
    ];
    for (const [d, what] of changed) {
      expect(sameDeployment(desired, d)).toBe(false);
      expect(deploymentFingerprint(d)).not.toBe(deploymentFingerprint(desired));
      expect(deploymentDifferences(desired, d)).toEqual([expect.stringContaining(what)]);
    }
  });

  it('takes a missing capacity as Azure does (one instance) and never prints variable values', () => {
    const { sku: _sku, ...noSku } = desired;
    expect(deploymentIdentity(noSku).instanceCount).toBe(1);
    const secret = withProps({ environmentVariables: { TOKEN: 's3cret' } });
    expect(deploymentDifferences(desired, secret).join('\n')).not.toContain('s3cret');
  });
});
