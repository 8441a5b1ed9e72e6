// The build-image step: every variant planned and checked before anything is pushed (variants,
// Dockerfiles, tags, the builder), then the registry resolved and signed in to the ACR way, then
// per variant: skip when the registry already has its `<variant>-<source hash>` tag, else build
// and push (docker, buildah, or ACR Tasks in the registry) or add one model layer to a base
// (model-layer). Outputs per variant.
import path from 'node:path';
import { workspaceRef } from '../azure/inputs.js';
import { resolveContainerRegistry } from '../azure/registries.js';
import { connectWorkspace } from '../azure/workspace.js';
import { InputError, RolloutError } from '../errors.js';
import type { StepContext } from '../host/context.js';
import { sourceInfo } from '../host/run-info.js';
import { parsePairs } from '../inputs/parse.js';
import { contentHash, listModelFiles } from '../model/files.js';
import { connectRegistry } from '../registry/connect.js';
import { sha256Digest } from '../registry/digest.js';
import { parseImageReference } from '../registry/reference.js';
import { acrTasksBuilder } from './backends/acr-tasks.js';
import { type BuilderChoice, selectBuilder } from './backends/select.js';
import type { BuildContext, ImageBuilder } from './build.js';
import { type BuildImageInputs, type BuildImageOutputs, IMAGE_VARIANTS } from './inputs.js';
import { pushModelLayer } from './model-layer.js';
import { checkTag, imageLabels, planVariant, type VariantPlan } from './plan.js';
import { variantTag } from './source-hash.js';
import { type ImageVariant, parseVariantList, resolveVariants } from './variants.js';

/** What one variant became. */
export interface VariantResult {
  image: string;
  digest: string;
  tags: string[];
  skipped: boolean;
}

export async function runBuildImageStep(
  inputs: BuildImageInputs,
  ctx: StepContext,
): Promise<BuildImageOutputs> {
  const { host } = ctx;
  const repository = inputs.repository;
  if (inputs.tag) checkTag('tag', inputs.tag);
  const modelLayer = inputs.builder === 'model-layer';
  const acrTasks = inputs.builder === 'acr-tasks';

  // Everything a user can get wrong on disk, checked before any request.
  const variantsText = inputs.variants.join('\n');
  const variants = modelLayer ? undefined : resolveLocalVariants(inputs, variantsText, host.workspaceDir());
  const layerBases = modelLayer ? modelLayerBases(inputs, variantsText) : undefined;
  const model = inputs['model-path'] ? await listModelFiles(inputs['model-path']) : undefined;
  if (modelLayer && !model) throw new InputError('model-path', 'is required with builder model-layer');
  const localBuilder =
    modelLayer || acrTasks
      ? undefined
      : await selectBuilder(inputs.builder as BuilderChoice, (l) => host.info(l));

  const target = await connectWorkspace(workspaceRef(inputs), ctx.azure);
  const registry = await resolveContainerRegistry(target, inputs.registry);
  host.info(`registry ${registry.loginServer}${inputs.registry ? '' : " (the workspace's linked registry)"}`);
  const { client, auth } = connectRegistry(registry, {
    onSecret: (v) => host.setSecret(v),
    mask: (t) => host.mask(t),
    log: (l) => host.debug(l),
    signal: ctx.signal,
  });
  // Sign in once up front: a refused identity fails here, before any build.
  await client.ping();
  // ACR Tasks build in the registry itself: nothing to install here.
  const builder = acrTasks ? acrTasksBuilder(registry) : localBuilder;

  const { source, revision } = sourceInfo();
  const modelHash = model ? await contentHash(model, ctx.signal) : undefined;
  const labels = imageLabels({ source, revision, model: inputs['model-ref'] ?? modelHash });
  const results: Record<string, VariantResult> = {};
  if (layerBases && model) {
    for (const [variant, base] of Object.entries(layerBases)) {
      results[variant] = await layerVariant(variant, base);
    }
  } else if (variants && builder) {
    for (const variant of variants) results[variant.name] = await buildVariant(variant, builder);
  }
  await host.appendSummary(summary(registry.loginServer, repository, results));
  return outputs(results);

  async function buildVariant(variant: ImageVariant, backend: ImageBuilder): Promise<VariantResult> {
    const baseDigests = await resolveBaseDigests(variant.baseImages);
    const plan = await planVariant(
      variant,
      {
        loginServer: registry.loginServer,
        repository,
        extraTag: inputs.tag,
        labels,
        baseDigests,
        model,
        platform: inputs.platform,
      },
      ctx.signal,
    );
    const skipped = await existing(variant.name, plan);
    if (skipped) return skipped;
    host.info(`${variant.name}: building ${plan.primaryRef} with ${backend.name}`);
    const buildContext: BuildContext = {
      log: (l) => host.info(l),
      mask: (t) => host.mask(t),
      onSecret: (v) => host.setSecret(v),
      signal: ctx.signal,
      signIn: auth,
      ...(registry.certDir ? { certDir: registry.certDir } : {}),
    };
    const pushed = await backend.buildAndPush(
      { ...plan.build, attestations: inputs.attestations },
      buildContext,
    );
    return {
      image: `${registry.loginServer}/${repository}@${pushed.digest}`,
      digest: pushed.digest,
      tags: plan.build.refs.map(tagOf),
      skipped: false,
    };
  }

  async function layerVariant(variant: string, baseRef: string): Promise<VariantResult> {
    const base = parseImageReference(baseRef);
    if (base.registry !== registry.loginServer) {
      throw new InputError(
        'base-image',
        `'${baseRef}' is in ${base.registry}, not in ${registry.loginServer}`,
        'model-layer adds to a base in the same registry: build or import the base there first',
      );
    }
    // The tag covers what the image holds: the base, the model files, where they go and the model
    // reference. Not the commit: a new commit that changed none of these pushes nothing.
    const hash = sha256Digest(
      JSON.stringify({
        base: base.digest,
        model: modelHash,
        dir: inputs['model-dir'],
        ref: inputs['model-ref'],
      }),
    ).slice('sha256:'.length);
    const tags = [variantTag(variant, hash), ...(inputs.tag ? [inputs.tag] : [])];
    const refs = tags.map((t) => `${registry.loginServer}/${repository}:${t}`);
    const skipped = await existingTag(variant, tags[0] as string, tags);
    if (skipped) return skipped;
    host.info(`${variant}: adding the model to ${baseRef} as ${refs[0]}`);
    const result = await pushModelLayer({
      client,
      base: baseRef,
      refs,
      model: inputs['model-path'] as string,
      modelDir: inputs['model-dir'],
      labels,
      log: (l) => host.info(l),
      signal: ctx.signal,
    });
    host.info(
      `${variant}: pushed ${result.pushed.blobs} blob(s), ${result.pushed.bytes} bytes, ${result.pushed.mounted} mounted`,
    );
    return {
      image: `${registry.loginServer}/${repository}@${result.digest}`,
      digest: result.digest,
      tags,
      skipped: false,
    };
  }

  async function existing(variant: string, plan: VariantPlan): Promise<VariantResult | undefined> {
    return existingTag(variant, tagOf(plan.primaryRef), plan.build.refs.map(tagOf));
  }

  /** The registry already has this source's tag: nothing to build (unless `rebuild`). */
  async function existingTag(
    variant: string,
    tag: string,
    tags: string[],
  ): Promise<VariantResult | undefined> {
    if (inputs.rebuild) return undefined;
    const found = await client.headManifest(repository, tag);
    if (!found) return undefined;
    host.info(
      `${variant}: skipped, ${registry.loginServer}/${repository}:${tag} is already there (${found.digest})`,
    );
    // The extra tag still moves to this image.
    const extra = tags.filter((t) => t !== tag);
    if (extra.length > 0) {
      const manifest = await client.getManifest(repository, found.digest);
      for (const t of extra) await client.putManifest(repository, t, manifest.body, manifest.mediaType);
    }
    return {
      image: `${registry.loginServer}/${repository}@${found.digest}`,
      digest: found.digest,
      tags,
      skipped: true,
    };
  }

  /** Each FROM image's digest: pinned ones as written, ones in our registry looked up; others by
   * reference text, with a warning (a moved tag upstream will not change the source hash). */
  async function resolveBaseDigests(images: readonly string[]): Promise<Record<string, string>> {
    const digests: Record<string, string> = {};
    for (const image of images) {
      const pinned = /@(sha256:[0-9a-f]{64})$/.exec(image);
      if (pinned?.[1]) {
        digests[image] = pinned[1];
        continue;
      }
      const ref = tryParse(image);
      if (ref && ref.registry === registry.loginServer) {
        const found = await client.headManifest(ref.repository, ref.tag ?? 'latest');
        if (!found) {
          throw new RolloutError(
            'BaseImageMissing',
            `base image ${image} is not in ${registry.loginServer}`,
            {
              resource: image,
              remediation: 'build or import the base image first, or fix the FROM line / BASE argument',
            },
          );
        }
        digests[image] = found.digest;
        continue;
      }
      if (image !== 'scratch') {
        host.warning(
          `base image ${image} is not pinned by digest: the image's source hash covers its name only, so a new image behind that tag does not trigger a rebuild (pin it as ${image}@sha256:...)`,
        );
      }
      digests[image] = `unpinned:${image}`;
    }
    return digests;
  }
}

function resolveLocalVariants(inputs: BuildImageInputs, text: string, workspaceDir: string): ImageVariant[] {
  const context = path.relative(workspaceDir, path.resolve(workspaceDir, inputs.context)) || '.';
  return resolveVariants(text, {
    known: IMAGE_VARIANTS,
    workspaceDir,
    defaults: {
      context,
      dockerfile: inputs.dockerfile ?? path.join(context, 'Dockerfile'),
      buildArgs: parsePairs('build-args', inputs['build-args'] ?? []),
    },
  });
}

/** `base-image` for model-layer: one reference for a single variant, or `variant=ref` pairs. */
function modelLayerBases(inputs: BuildImageInputs, variantsText: string): Record<string, string> {
  const names = parseVariantList(variantsText, IMAGE_VARIANTS).map((v) => v.name);
  const given = inputs['base-image']?.trim();
  if (!given) throw new InputError('base-image', 'is required with builder model-layer');
  const pairs = /^[a-z]+=/.test(given) ? parsePairs('base-image', given.split(/[,\n]/)) : undefined;
  const bases: Record<string, string> = {};
  for (const name of names) {
    const ref = pairs ? pairs[name] : names.length === 1 ? given : undefined;
    if (!ref) {
      throw new InputError(
        'base-image',
        `gives no base for variant '${name}'`,
        'write one `variant=<image>@sha256:...` per variant',
      );
    }
    const parsed = parseImageReference(ref);
    if (!parsed.digest) {
      throw new InputError(
        'base-image',
        `'${ref}' is not pinned by digest`,
        'give <registry>/<repository>@sha256:<digest> (a build-image output)',
      );
    }
    bases[name] = ref;
  }
  return bases;
}

function tryParse(image: string) {
  try {
    return parseImageReference(image);
  } catch {
    return undefined;
  }
}

function tagOf(ref: string): string {
  return ref.slice(ref.lastIndexOf(':') + 1);
}

function outputs(results: Record<string, VariantResult>): BuildImageOutputs {
  const out: Record<string, string> = { images: JSON.stringify(results) };
  for (const [variant, r] of Object.entries(results)) {
    out[`image-${variant}`] = r.image;
    out[`digest-${variant}`] = r.digest;
  }
  return out as BuildImageOutputs;
}

function summary(loginServer: string, repository: string, results: Record<string, VariantResult>): string {
  const rows = Object.entries(results).map(
    ([variant, r]) =>
      `| ${variant} | \`${r.digest}\` | ${r.tags.map((t) => `\`${t}\``).join(', ')} | ${r.skipped ? 'already there, skipped' : 'pushed'} |`,
  );
  return [
    `### Images ${loginServer}/${repository}`,
    '',
    '| Variant | Digest | Tags | |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
