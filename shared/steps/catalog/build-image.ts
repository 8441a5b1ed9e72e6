// build-image: build the inference image (CPU and GPU variants) and push it to Azure Container Registry.
import { StepNotAvailableError } from '../../errors.js';
import { defineStep } from '../definition.js';

export const buildImage = defineStep({
  id: 'build-image',
  title: 'Build inference image',
  description: 'Build the inference image (CPU or GPU variant) and push it to Azure Container Registry.',
  available: false,
  inputs: {
    registry: { kind: 'string', required: true, description: 'Registry host, e.g. `myacr.azurecr.io`.' },
    repository: {
      kind: 'string',
      required: true,
      description: 'Image repository, e.g. `detector/inference`.',
    },
    tag: { kind: 'string', description: 'Image tag. Defaults to the commit SHA.' },
    context: { kind: 'path', default: '.', description: 'Build context folder.' },
    dockerfile: { kind: 'path', description: 'Dockerfile path. Defaults to `<context>/Dockerfile`.' },
    variant: {
      kind: 'choice',
      default: 'cpu',
      options: ['cpu', 'gpu'],
      description: 'Image variant to build.',
    },
    'build-args': { kind: 'list', description: 'Build arguments, one `NAME=value` per line.' },
    builder: {
      kind: 'choice',
      default: 'auto',
      options: ['auto', 'docker', 'buildah', 'acr-tasks'],
      description: 'Build backend. `auto` picks docker buildx, then buildah.',
    },
  },
  outputs: {
    image: { description: 'Pushed image reference with digest (`registry/repo@sha256:...`).' },
    digest: { description: 'Image manifest digest (`sha256:...`).' },
  },
  async run() {
    throw new StepNotAvailableError('build-image');
  },
});
