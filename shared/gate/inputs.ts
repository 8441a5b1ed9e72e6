// The gate step's inputs and outputs, declared once: the step catalogue, the manifests and the CLI
// read these objects, and `GateInputs` / `GateOutputs` are derived from them. Kept free of the
// SDKs and the scorer: the step catalogue loads this file at start-up.
import { azureInputs } from '../azure/inputs.js';
import { DEFAULT_MAX_RESPONSE_BYTES, SCORING_PROTOCOLS } from '../endpoint/client.js';
import type { InputSpecs, InputsOf, OutputSpecs, OutputsOf } from '../inputs/spec.js';

/** The endpoint phase's deadline unless `endpoint-deadline` says otherwise (deploy's gate too):
 * 20 minutes score a few hundred golden images at a second each, with room for retries. */
export const DEFAULT_ENDPOINT_DEADLINE_SECONDS = 1200;

export const gateInputs = {
  ...azureInputs,
  workspace: { kind: 'string', description: 'Azure ML workspace name (when judging a live endpoint).' },
  golden: {
    kind: 'path',
    required: true,
    description: 'Golden set folder: `images/` and `instances.json`.',
  },
  model: { kind: 'path', required: true, description: 'ONNX model run by the local scorer.' },
  card: { kind: 'path', required: true, description: 'Model card of that model.' },
  'model-ref': {
    kind: 'string',
    description:
      'The registered version judged, `azureml:<name>:<version>` in `workspace` (register-model output `model-ref`): the verdict is recorded on it as tags, which promote requires.',
  },
  image: {
    kind: 'string',
    description:
      'Inference image the judged deployment runs (build-image output, by digest), shown in the summary.',
  },
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
    options: SCORING_PROTOCOLS,
    description: 'Scoring protocol of the endpoint (a deployment that declares one wins).',
  },
  concurrency: {
    kind: 'number',
    min: 1,
    max: 256,
    description:
      'Requests in flight. Default: the deployment max_concurrent_requests_per_instance x instances.',
  },
  'max-response-mb': {
    kind: 'number',
    default: String(DEFAULT_MAX_RESPONSE_BYTES / (1024 * 1024)),
    min: 1,
    max: 256,
    description:
      'Largest endpoint response read, in MiB; a larger one is refused unread and counted as a failed request.',
  },
  'endpoint-deadline': {
    kind: 'number',
    default: String(DEFAULT_ENDPOINT_DEADLINE_SECONDS),
    min: 1,
    max: 86400,
    description:
      'Seconds the whole endpoint phase may take; images not scored by then are failed requests and the verdict is inconclusive.',
  },
  params: {
    kind: 'list',
    description:
      'Inference parameters for the local scorer, `name=value` (default: the deployment environment).',
  },
  thresholds: { kind: 'path', description: 'Thresholds YAML (docs/gate.md).' },
  shard: { kind: 'string', description: 'Run a slice of the golden set: `i/n`.' },
  'report-dir': { kind: 'path', default: 'gate-report', description: 'Where reports are written.' },
} as const satisfies InputSpecs;

export const gateOutputs = {
  verdict: { description: '`pass`, `fail` or `inconclusive`.' },
  ap: { description: 'Endpoint AP@[.50:.95].' },
  ap50: { description: 'Endpoint AP50.' },
  'report-dir': { description: 'Folder with gate.json, JUnit XML, summary and HTML report.' },
} as const satisfies OutputSpecs;

export type GateInputs = InputsOf<typeof gateInputs>;
export type GateOutputs = OutputsOf<typeof gateOutputs>;
