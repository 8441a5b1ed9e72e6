import type { ModelVersion } from '@azure/arm-machinelearning';
import { describe, expect, it } from 'vitest';
import { isRolloutError } from '../errors.js';
import type { GateEvidence } from '../gate/evidence.js';
import {
  gateReportProblem,
  importTargetTag,
  modelBlobNames,
  namesRegistry,
  prodTags,
  prodVersion,
  readPromoteRequest,
  tagsOf,
} from './plan.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const evidence: GateEvidence = {
  verdict: 'pass',
  ap: 0.5,
  ap50: 0.8,
  parity: '0/3',
  report: 'r',
  run: 'local',
  target: 'local',
  contentHash: 'h',
  at: 't',
};

const refused = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (isRolloutError(e)) return e.message;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('readPromoteRequest', () => {
  it('reads a pinned model version, an image by digest and the registry', () => {
    expect(
      readPromoteRequest({
        'model-ref': 'azureml:detector:3',
        image: `DevAcr.azurecr.io/detector/infer:cpu-1@${DIGEST}`,
        'target-registry': 'https://ProdAcr.azurecr.io/',
      }),
    ).toEqual({
      model: { name: 'detector', version: '3' },
      image: { registry: 'devacr.azurecr.io', repository: 'detector/infer', tag: 'cpu-1', digest: DIGEST },
      targetRegistry: 'prodacr.azurecr.io',
    });
  });

  it('refuses what cannot be promoted, naming the input', () => {
    expect(refused(() => readPromoteRequest({ 'model-ref': 'azureml:detector@latest' }))).toMatch(
      /'model-ref'.*does not pin a version/,
    );
    expect(refused(() => readPromoteRequest({ 'model-ref': 'detector:3' }))).toMatch(/'model-ref'/);
    expect(
      refused(() => readPromoteRequest({ 'model-ref': 'azureml:d:1', image: 'devacr.azurecr.io/d:cpu' })),
    ).toMatch(/'image'.*not pinned by digest/);
    expect(refused(() => readPromoteRequest({ 'model-ref': 'azureml:d:1', image: `d@${DIGEST}` }))).toMatch(
      /'image'.*names no registry/,
    );
  });
});

describe('gateReportProblem', () => {
  const report = (verdict: string, ap: number, ap50: number, endpoint = true) => ({
    verdict,
    local: { coco: { AP: endpoint ? 0.1 : ap, AP50: endpoint ? 0.1 : ap50 } },
    ...(endpoint ? { endpoint: { coco: { AP: ap, AP50: ap50 } } } : {}),
  });

  it('agrees with the judged side (the endpoint when there was one) within 1e-9', () => {
    expect(gateReportProblem(report('pass', 0.5, 0.8), evidence)).toBeUndefined();
    expect(gateReportProblem(report('pass', 0.5 + 1e-12, 0.8, false), evidence)).toBeUndefined();
  });

  it('says why it disagrees', () => {
    expect(gateReportProblem(report('fail', 0.5, 0.8), evidence)).toMatch(/verdict is 'fail'/);
    expect(gateReportProblem(report('pass', 0.51, 0.8), evidence)).toMatch(/another gate run/);
    expect(gateReportProblem(report('pass', 0.5, Number.NaN), evidence)).toMatch(/another gate run/);
    expect(gateReportProblem({ verdict: 'pass' }, evidence)).toMatch(/no AP/);
    expect(gateReportProblem([], evidence)).toMatch(/no verdict/);
    expect(gateReportProblem('pass', evidence)).toMatch(/not a gate report/);
  });
});

describe('prod version, tags, blobs, import tag', () => {
  const versions = (...names: string[]) => names.map((name) => ({ name, properties: {} }) as ModelVersion);

  it('keeps the dev number when prod has none by that number, else the next free integer', () => {
    expect(prodVersion('3', versions())).toBe('3');
    expect(prodVersion('3', versions('1', '2'))).toBe('3');
    expect(prodVersion('3', versions('3', '7', 'rc1'))).toBe('8');
    expect(prodVersion('rc1', versions('RC1'))).toBe('1');
  });

  it('carries the dev tags and adds where they came from', () => {
    expect(prodTags({ a: '1' }, '/dev/id', undefined)).toEqual({
      a: '1',
      'aml-rollout.promoted-from': '/dev/id',
    });
    expect(prodTags({}, '/dev/id', 'p/r@x')).toMatchObject({ 'aml-rollout.promoted-image': 'p/r@x' });
    expect(tagsOf({ a: '1', b: null })).toEqual({ a: '1' });
  });

  it("takes a one-file model's blob or a folder's blobs, not a sibling's", () => {
    const names = ['L/h/m.onnx', 'L/h/model/a', 'L/h/model/b/c', 'L/h/model2/x'];
    expect(modelBlobNames('L/h/model', names)).toEqual(['L/h/model/a', 'L/h/model/b/c']);
    expect(modelBlobNames('L/h/m.onnx', names)).toEqual(['L/h/m.onnx']);
  });

  it('imports under the image tag, else a digest-derived one; names a registry by login server or name', () => {
    expect(importTargetTag({ repository: 'd/i', tag: 'cpu-1', digest: DIGEST })).toBe('d/i:cpu-1');
    expect(importTargetTag({ repository: 'd/i', digest: DIGEST })).toBe(`d/i:sha256-${'a'.repeat(64)}`);
    const linked = { name: 'prodacr', loginServer: 'prodacr.azurecr.io' };
    expect(namesRegistry('ProdAcr.azurecr.io', linked)).toBe(true);
    expect(namesRegistry('prodacr', linked)).toBe(true);
    expect(namesRegistry('devacr.azurecr.io', linked)).toBe(false);
  });
});
