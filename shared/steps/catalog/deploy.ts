// deploy: create or update the endpoint and a new deployment, then a blue-green rollout.
import { StepNotAvailableError } from '../../errors.js';
import { azureInputs } from '../../azure/inputs.js';
import { defineStep } from '../definition.js';

export const deploy = defineStep({
  id: 'deploy',
  title: 'Blue-green deploy',
  description:
    'Create or update an online endpoint and a new deployment from `az ml` YAML, then shift traffic stepwise with health checks and automatic rollback.',
  available: false,
  inputs: {
    ...azureInputs,
    'endpoint-file': { kind: 'path', required: true, description: '`az ml` online endpoint YAML.' },
    'deployment-file': { kind: 'path', required: true, description: '`az ml` online deployment YAML.' },
    'deployment-name': {
      kind: 'string',
      description: 'Name of the new deployment; defaults to the YAML name.',
    },
    'traffic-steps': {
      kind: 'list',
      default: '10,50,100',
      description: 'Traffic percentages for the new deployment, in order.',
    },
    'bake-seconds': {
      kind: 'number',
      default: '60',
      min: 0,
      description: 'Wait and watch time at each step.',
    },
    'mirror-percent': {
      kind: 'number',
      default: '0',
      min: 0,
      max: 50,
      description: 'Mirror this share of live traffic to the new deployment before shifting (0 = off).',
    },
    'smoke-request': {
      kind: 'path',
      description: 'Request body sent to the new deployment before any traffic.',
    },
    'max-error-rate': {
      kind: 'number',
      default: '0.01',
      min: 0,
      max: 1,
      description: 'Health check: highest error rate accepted at a step.',
    },
    'keep-old': {
      kind: 'boolean',
      default: 'false',
      description: 'Keep the old deployment (scaled down) instead of deleting it.',
    },
  },
  outputs: {
    endpoint: { description: 'Endpoint name.' },
    deployment: { description: 'The new deployment name.' },
    'scoring-uri': { description: 'Endpoint scoring URI.' },
    traffic: { description: 'Final traffic as JSON.' },
  },
  async run() {
    throw new StepNotAvailableError('deploy');
  },
});
