// build-image: the inference images (CPU and GPU variants) built with docker buildx or buildah, or
// made by adding one model layer to a base, pushed to Azure Container Registry with the ACR
// sign-in; skipped when the registry already has the source's tag. Inputs and outputs live in
// shared/image/inputs.ts (cheap to load); the behaviour is loaded on run.
import { buildImageInputs, buildImageOutputs } from '../../image/inputs.js';
import { defineStep } from '../definition.js';

export const buildImage = defineStep({
  id: 'build-image',
  title: 'Build inference image',
  description:
    'Build the CPU and GPU inference images (docker buildx, buildah, or a model layer on a base) and push them to Azure Container Registry; output their digests.',
  available: true,
  inputs: buildImageInputs,
  outputs: buildImageOutputs,
  async run(inputs, context) {
    const { runBuildImageStep } = await import('../../image/step.js');
    return runBuildImageStep(inputs, context);
  },
});
