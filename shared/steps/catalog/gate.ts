// gate: golden-image detection regression against the local ONNX scorer and the live endpoint.
import { azureInputs } from '../common-inputs.js';
import { defineStep } from '../definition.js';

export const gate = defineStep({
  id: 'gate',
  title: 'Detection gate',
  description:
    'Run a golden set through the local ONNX scorer and a live deployment; judge COCO metrics, parity and thresholds.',
  available: true,
  inputs: {
    ...azureInputs,
    workspace: { kind: 'string', description: 'Azure ML workspace name (when judging a live endpoint).' },
    golden: {
      kind: 'path',
      required: true,
      description: 'Golden set folder: `images/` and `instances.json`.',
    },
    model: { kind: 'path', required: true, description: 'ONNX model run by the local scorer.' },
    card: { kind: 'path', required: true, description: 'Model card of that model.' },
    'baseline-model': { kind: 'path', description: 'Baseline ONNX model, run locally for comparison.' },
    baseline: { kind: 'path', description: 'Baseline predictions (COCO results JSON).' },
    endpoint: { kind: 'string', description: 'Online endpoint name.' },
    deployment: {
      kind: 'string',
      description: 'Deployment judged, via the `azureml-model-deployment` header.',
    },
    'scoring-uri': { kind: 'string', description: 'Scoring URI, instead of resolving the endpoint.' },
    'key-env': { kind: 'string', description: 'Name of the environment variable holding the endpoint key.' },
    protocol: {
      kind: 'choice',
      default: 'automl',
      options: ['automl', 'kserve', 'torchserve', 'json'],
      description: 'Scoring protocol of the endpoint (a deployment that declares one wins).',
    },
    concurrency: {
      kind: 'number',
      min: 1,
      max: 256,
      description:
        'Requests in flight. Default: the deployment max_concurrent_requests_per_instance x instances.',
    },
    params: {
      kind: 'list',
      description:
        'Inference parameters for the local scorer, `name=value` (default: the deployment environment).',
    },
    thresholds: { kind: 'path', description: 'Thresholds YAML (docs/gate.md).' },
    shard: { kind: 'string', description: 'Run a slice of the golden set: `i/n`.' },
    'report-dir': { kind: 'path', default: 'gate-report', description: 'Where reports are written.' },
  },
  outputs: {
    verdict: { description: '`pass`, `fail` or `inconclusive`.' },
    ap: { description: 'Endpoint AP@[.50:.95].' },
    ap50: { description: 'Endpoint AP50.' },
    'report-dir': { description: 'Folder with gate.json, JUnit XML, summary and HTML report.' },
  },
  async run(inputs, { host, signal }) {
    // Loaded here, not at start-up: the gate pulls the scorer (onnxruntime-node, sharp) and the SDK.
    const { runGateStep } = await import('../../gate/step.js');
    return runGateStep(inputs, host, signal);
  },
});
