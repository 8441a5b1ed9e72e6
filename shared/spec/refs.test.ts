// Asset references, workspace ids, image references and VM sizes.
import { describe, expect, it } from 'vitest';
import {
  assetRefId,
  assetVersionId,
  checkWorkspaceId,
  formatAssetRef,
  instanceTypeProblem,
  parseAssetRef,
} from './refs.js';
import { formatImageRef, parseImageRef } from '../registry/reference.js';

const WS = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/dev';
const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseAssetRef', () => {
  it('reads azureml:name:version, azureml:name@latest and ids', () => {
    expect(parseAssetRef('azureml:pid-symbols:3', 'models')).toEqual({
      kind: 'version',
      name: 'pid-symbols',
      version: '3',
    });
    expect(parseAssetRef('azureml:my_env:1.2-rc', 'environments')).toEqual({
      kind: 'version',
      name: 'my_env',
      version: '1.2-rc',
    });
    expect(parseAssetRef('azureml:pid-symbols@latest', 'models')).toEqual({
      kind: 'latest',
      name: 'pid-symbols',
    });
    const arm = `${WS}/models/pid-symbols/versions/3`;
    expect(parseAssetRef(arm, 'models')).toEqual({ kind: 'id', id: arm });
    expect(parseAssetRef(`azureml:${arm}`, 'models')).toEqual({ kind: 'id', id: arm });
    const registry = 'azureml://registries/azureml/environments/sklearn-1.5/labels/latest';
    expect(parseAssetRef(registry, 'environments')).toEqual({ kind: 'id', id: registry });
    expect(parseAssetRef('azureml://registries/shared/models/detector/versions/2', 'models')).toMatchObject({
      kind: 'id',
    });
  });

  it.each([
    ['pid-symbols:3', /is not a registered model reference/],
    [
      'azureml:pid-symbols',
      /names no version: pin one \(azureml:pid-symbols:<version>\) or say azureml:pid-symbols@latest/,
    ],
    ['azureml:pid-symbols@prod', /label '@prod' is not supported/],
    ['azureml:-bad:1', /model name '-bad' must start with a letter or digit/],
    ['azureml:ok:1/2', /is not a registered model reference/],
    [`${WS}/environments/e/versions/1`, /is not an ARM id of a model version/],
    ['azureml://registries/r/environments/e/versions/1', /is not an azureml:\/\/ id of a model/],
  ])('refuses %s', (text, why) => {
    const got = parseAssetRef(text, 'models');
    expect('problem' in got ? got.problem : '').toMatch(why);
  });

  it('formats back', () => {
    expect(formatAssetRef({ kind: 'version', name: 'm', version: '1' })).toBe('azureml:m:1');
    expect(formatAssetRef({ kind: 'latest', name: 'm' })).toBe('azureml:m@latest');
  });
});

describe('workspace ids', () => {
  it('builds asset version ids under the workspace', () => {
    expect(assetVersionId(`${WS}/`, 'models', 'm', '2')).toBe(`${WS}/models/m/versions/2`);
    expect(assetRefId(WS, 'codes', { kind: 'version', name: 'c', version: '1' })).toBe(
      `${WS}/codes/c/versions/1`,
    );
    expect(assetRefId(WS, 'models', { kind: 'id', id: 'azureml://registries/r/models/m/versions/1' })).toBe(
      'azureml://registries/r/models/m/versions/1',
    );
  });

  it('refuses an unpinned @latest and a malformed workspace id', () => {
    expect(() => assetRefId(WS, 'models', { kind: 'latest', name: 'm' })).toThrow(
      expect.objectContaining({ code: 'AssetVersionUnresolved' }),
    );
    expect(() => checkWorkspaceId('/subscriptions/s/resourceGroups/rg/workspaces/dev')).toThrow(
      expect.objectContaining({ code: 'InvalidWorkspaceId' }),
    );
  });
});

describe('parseImageRef', () => {
  it.each([
    [
      'myacr.azurecr.io/detector@' + DIGEST,
      { registry: 'myacr.azurecr.io', repository: 'detector', digest: DIGEST },
    ],
    [
      'myacr.azurecr.io/detector/inference:v1',
      { registry: 'myacr.azurecr.io', repository: 'detector/inference', tag: 'v1' },
    ],
    [
      `localhost:5000/a/b_c__d-e:1.0@${DIGEST}`,
      { registry: 'localhost:5000', repository: 'a/b_c__d-e', tag: '1.0', digest: DIGEST },
    ],
    [
      'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest',
      { registry: 'mcr.microsoft.com', repository: 'azureml/openmpi4.1.0-ubuntu22.04', tag: 'latest' },
    ],
    ['tensorflow/serving', { repository: 'tensorflow/serving' }],
    ['127.0.0.1:5000/x', { registry: '127.0.0.1:5000', repository: 'x' }],
  ])('reads %s', (text, ref) => {
    expect(parseImageRef(text)).toEqual(ref);
    expect(formatImageRef(ref)).toBe(text);
  });

  it.each([
    ['', /empty/],
    [' myacr.azurecr.io/x:1', /surrounding spaces/],
    ['myacr.azurecr.io/x@sha256:abc', /digest 'sha256:abc' is not sha256:<64 lowercase hex>/],
    [`myacr.azurecr.io/x@sha256:${'AB'.repeat(32)}`, /digest/],
    [`myacr.azurecr.io/x@md5:${'a'.repeat(32)}`, /digest/],
    ['myacr.azurecr.io/x:-bad', /tag '-bad'/],
    ['myacr.azurecr.io/Detector:1', /repository must be lowercase/],
    ['myacr.azurecr.io//x', /repository must be lowercase/],
    ['my_acr.azurecr.io/x', /registry 'my_acr.azurecr.io' is not a host name/],
    [`myacr.azurecr.io/${'a'.repeat(260)}`, /over 255 characters/],
  ])('refuses %j', (text, why) => {
    const got = parseImageRef(text);
    expect('problem' in got ? got.problem : '').toMatch(why);
  });
});

describe('instance types', () => {
  it('accepts VM size names and refuses anything else', () => {
    expect(instanceTypeProblem('Standard_DS3_v2')).toBeUndefined();
    expect(instanceTypeProblem('STANDARD_NC4AS_T4_V3')).toBeUndefined();
    expect(instanceTypeProblem('Standard DS3')).toMatch(/is not a VM size name/);
    expect(instanceTypeProblem('')).toMatch(/is not a VM size name/);
  });
});
