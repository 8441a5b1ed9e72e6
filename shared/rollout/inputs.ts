// The deploy step's inputs and outputs, declared once: the step catalogue, the manifests and the
// CLI read these objects, and `DeployInputs` / `DeployOutputs` are derived from them. Kept free of
// the SDKs: the step catalogue loads this file at start-up.
import { azureInputs } from '../azure/inputs.js';
import type { InputSpecs, InputsOf, OutputSpecs, OutputsOf } from '../inputs/spec.js';

export const deployInputs = {
  ...azureInputs,
  action: {
    kind: 'choice',
    default: 'deploy',
    options: ['deploy', 'promote', 'reject', 'status'],
    description:
      '`deploy` runs a rollout; `promote` / `reject` continue or undo one paused by `pause-before-promote`; `status` prints the journal and traffic and changes nothing.',
  },
  'endpoint-file': { kind: 'path', description: '`az ml` online endpoint YAML (required for `deploy`).' },
  'deployment-file': {
    kind: 'path',
    description: '`az ml` online deployment YAML (required for `deploy`).',
  },
  endpoint: {
    kind: 'string',
    description:
      'Endpoint name; defaults to the endpoint YAML `name` (required for promote, reject, status without YAML).',
  },
  'deployment-name': {
    kind: 'string',
    description:
      'Name of the new deployment. Default: the YAML `name` unless it carries traffic, else the colour (blue/green) that carries none.',
  },
  model: {
    kind: 'string',
    description:
      'Model to deploy, overriding the YAML: `azureml:<name>:<version>` (register-model output `model-ref`).',
  },
  image: {
    kind: 'string',
    description:
      'Inference image overriding `environment.image` (build-image output), e.g. `myacr.azurecr.io/detector@sha256:...`.',
  },
  'instance-type': { kind: 'string', description: 'Overrides `instance_type`.' },
  'instance-count': { kind: 'number', min: 1, max: 100, description: 'Overrides `instance_count`.' },
  'environment-variables': {
    kind: 'list',
    description:
      'Environment variables merged over the YAML ones, one `NAME=value` per line (the AutoML inference parameters among them).',
  },
  'traffic-steps': {
    kind: 'list',
    default: '10,50,100',
    description: 'Traffic percentages for the new deployment, ascending, ending at 100.',
  },
  'bake-seconds': {
    kind: 'number',
    default: '60',
    min: 0,
    max: 86400,
    description: 'Watch time at each traffic step before it is judged.',
  },
  'mirror-percent': {
    kind: 'number',
    default: '0',
    min: 0,
    max: 50,
    description: 'Mirror this share of live traffic to the new deployment before shifting (0 = off).',
  },
  'mirror-seconds': {
    kind: 'number',
    default: '60',
    min: 0,
    max: 86400,
    description: 'How long mirrored traffic is watched before it is judged and cleared.',
  },
  'smoke-request': {
    kind: 'path',
    description:
      'JSON request body sent to the new deployment before any traffic (default: one golden image).',
  },
  'gate-golden': {
    kind: 'path',
    description: 'Golden set folder: run the gate on the new deployment before traffic.',
  },
  'gate-model': { kind: 'path', description: 'ONNX model the gate scores locally (with `gate-golden`).' },
  'gate-card': { kind: 'path', description: 'Model card of `gate-model`.' },
  'gate-thresholds': { kind: 'path', description: 'Gate thresholds YAML (docs/gate.md).' },
  'gate-baseline': { kind: 'path', description: 'Baseline predictions (COCO results JSON) for the gate.' },
  'gate-report-dir': {
    kind: 'path',
    default: 'gate-report',
    description: 'Where the gate writes its reports (gate.json, JUnit XML, summary, HTML).',
  },
  'max-error-rate': {
    kind: 'number',
    default: '0.01',
    min: 0,
    max: 1,
    description: 'Health: highest error rate (5xx, 424 model errors, no answer) accepted at a check.',
  },
  'max-p95-ms': {
    kind: 'number',
    min: 1,
    description: 'Health: highest p95 latency of the new deployment, in ms (none by default).',
  },
  'max-p95-ratio': {
    kind: 'number',
    default: '2',
    min: 1,
    description: 'Health: highest p95 latency of the new deployment relative to the old one.',
  },
  'min-requests': {
    kind: 'number',
    default: '10',
    min: 1,
    description:
      'Health: fewest requests (probes plus live) a check needs; fewer fails it (no data is not success).',
  },
  'failure-limit': {
    kind: 'number',
    default: '1',
    min: 1,
    description: 'Failed health checks that trigger the rollback.',
  },
  'probe-interval-ms': {
    kind: 'number',
    default: '1000',
    min: 10,
    max: 60000,
    description:
      'Pause between probe rounds during a bake (one request to the new and one to the old deployment per round).',
  },
  'provision-timeout': {
    kind: 'number',
    default: '1800',
    min: 1,
    description: 'Seconds to wait for the new deployment to reach Succeeded.',
  },
  'lock-timeout': {
    kind: 'number',
    default: '600',
    min: 0,
    description: 'Seconds to wait for another rollout on the same endpoint before failing.',
  },
  'lock-lease-seconds': {
    kind: 'number',
    default: '60',
    min: 15,
    max: 60,
    description:
      'Length of the lock lease (Azure allows 15 to 60), renewed at a third of it: how long a runner that dies holds the endpoint.',
  },
  'pause-before-promote': {
    kind: 'boolean',
    default: 'false',
    description:
      'Stop after the gate and mirror (no traffic moved); continue later with `action: promote` or undo with `reject`.',
  },
  'on-interrupted': {
    kind: 'choice',
    default: 'rollback',
    options: ['rollback', 'resume'],
    description:
      'What a re-run does with a rollout whose runner died: restore the traffic it found, or finish it.',
  },
  'keep-old': {
    kind: 'boolean',
    default: 'false',
    description: 'Keep the old deployment at 0% on one instance instead of deleting it.',
  },
  'keep-failed': {
    kind: 'boolean',
    default: 'false',
    description: 'Keep a failed new deployment (at 0%) for debugging instead of deleting it.',
  },
} as const satisfies InputSpecs;

export const deployOutputs = {
  endpoint: { description: 'Endpoint name.' },
  deployment: { description: 'The deployment now serving (the new one after a rollout).' },
  'previous-deployment': { description: 'The deployment that served before, if any.' },
  'scoring-uri': { description: 'Endpoint scoring URI.' },
  traffic: { description: 'Final traffic as JSON.' },
  changed: {
    description: '`true` when the rollout changed the endpoint, `false` when nothing needed to change.',
  },
} as const satisfies OutputSpecs;

export type DeployInputs = InputsOf<typeof deployInputs>;
export type DeployOutputs = OutputsOf<typeof deployOutputs>;
