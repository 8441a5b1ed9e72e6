// The build-image step's inputs and outputs, declared once: the step catalogue, the manifests and
// the CLI read these objects, and `BuildImageInputs` / `BuildImageOutputs` are derived from them.
// Kept free of the SDKs and the builders: the step catalogue loads this file at start-up.
import { azureInputs } from '../azure/inputs.js';
import type { InputSpecs, InputsOf, OutputSpecs, OutputsOf } from '../inputs/spec.js';

/** The variants the step has outputs for. */
export const IMAGE_VARIANTS = ['cpu', 'gpu'] as const;
export type ImageVariantName = (typeof IMAGE_VARIANTS)[number];

export const BUILDERS = ['auto', 'docker', 'buildah', 'acr-tasks', 'model-layer'] as const;

export const buildImageInputs = {
  ...azureInputs,
  registry: {
    kind: 'string',
    description:
      "Azure Container Registry: its name (`myacr`) or login server (`myacr.azurecr.io`). Default: the workspace's linked registry, the one Azure ML pulls from.",
  },
  repository: {
    kind: 'string',
    required: true,
    description: 'Image repository in the registry, e.g. `detector/inference`.',
  },
  variants: {
    kind: 'list',
    default: 'cpu',
    description:
      'Images to make, `cpu` and/or `gpu`, each `<variant>` or `<variant>=<setting>;...` with settings `dockerfile=PATH`, `context=PATH`, `target=STAGE` or a build argument `NAME=VALUE` (docs/images.md), e.g. `cpu, gpu=BASE=nvcr.io/nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04`.',
  },
  context: { kind: 'path', default: '.', description: 'Build context folder (variants may override).' },
  dockerfile: {
    kind: 'string',
    description:
      'Dockerfile, relative to the workspace; `{variant}` stands for the variant name. Default: `<context>/Dockerfile`.',
  },
  'build-args': {
    kind: 'list',
    description: 'Build arguments for every variant, one `NAME=value` per line (variants may override).',
  },
  builder: {
    kind: 'choice',
    default: 'auto',
    options: BUILDERS,
    description:
      '`auto`: docker buildx when a daemon answers, else buildah. `acr-tasks`: the registry builds it (no local builder). `model-layer`: no build; one layer holding the model is added to `base-image`.',
  },
  tag: {
    kind: 'string',
    description:
      'An extra tag for every variant (e.g. the release). Images are always tagged `<variant>-<source hash>`.',
  },
  'model-path': {
    kind: 'path',
    description:
      'Model file or folder: part of the source hash, and for `model-layer` the files the layer holds.',
  },
  'model-ref': {
    kind: 'string',
    description:
      'Model the image serves, for its label, e.g. `azureml:detector:3` (register-model output `model-ref`).',
  },
  'base-image': {
    kind: 'string',
    description:
      '`model-layer` only: the image to add the model to, by digest, in the same registry (e.g. an earlier build-image output).',
  },
  'model-dir': {
    kind: 'string',
    default: '/var/azureml-app/model',
    description:
      '`model-layer` only: where the model files go in the image (`AZUREML_MODEL_DIR` points there).',
  },
  platform: {
    kind: 'string',
    default: 'linux/amd64',
    description: 'Image platform; Azure ML runs linux/amd64.',
  },
  attestations: {
    kind: 'boolean',
    default: 'false',
    description:
      'docker only: add provenance and SBOM attestations. They turn the pushed image into an index, which some ACR-backed consumers refuse; off by default.',
  },
  rebuild: {
    kind: 'boolean',
    default: 'false',
    description: 'Build and push even when the registry already has the `<variant>-<source hash>` tag.',
  },
} as const satisfies InputSpecs;

export const buildImageOutputs = {
  'image-cpu': { description: 'CPU image by digest (`<login server>/<repository>@sha256:...`).' },
  'digest-cpu': { description: 'CPU image manifest digest (`sha256:...`).' },
  'image-gpu': { description: 'GPU image by digest.' },
  'digest-gpu': { description: 'GPU image manifest digest.' },
  images: {
    description:
      'JSON map of every variant made: `{"cpu": {"image", "digest", "tags", "skipped"}, ...}` (`skipped`: the registry already had it).',
  },
} as const satisfies OutputSpecs;

export type BuildImageInputs = InputsOf<typeof buildImageInputs>;
export type BuildImageOutputs = OutputsOf<typeof buildImageOutputs>;
