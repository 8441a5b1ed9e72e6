// The rehearsal's serving images (the app without a model; build-image's model-layer adds each
// model version on top): made in the dev workspace's registry with nothing pulled from anywhere.
// First a base per variant, made from files alone (images/serve-model.mjs, no OS and no node: the
// local plane serves deployments itself and never runs an image). Then, when buildah is installed
// and we run as root (what its vfs/chroot mode needs), build-image builds images/cpu.Dockerfile
// onto those bases for both variants, as a release job builds its images; else the bases serve.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { LocalPlane } from '../../azure/local-plane.js';
import { resolveContainerRegistry } from '../../azure/registries.js';
import { connectWorkspace } from '../../azure/workspace.js';
import { RolloutError } from '../../errors.js';
import { pushFilesImage } from '../../image/files-image.js';
import { connectRegistry } from '../../registry/connect.js';
import { SecretMasker } from '../../secrets.js';
import { findStep } from '../../steps/catalog/index.js';
import type { CliIO } from '../command.js';
import { stepCommand } from '../step-command.js';

export type ServingBuilder = 'buildah' | 'model-layer';

const BASE_REPOSITORY = 'rehearsal/base';
const SERVING_REPOSITORY = 'detector/serving';
const VARIANTS = ['cpu', 'gpu'] as const;

export interface ServingImages {
  images: Record<(typeof VARIANTS)[number], string>;
  outcome: string;
  changed: boolean;
}

/** buildah when asked, or on `auto` when it runs here as root; model-layer otherwise. */
export function chooseServingBuilder(choice: ServingBuilder | 'auto'): ServingBuilder {
  if (choice !== 'auto') return choice;
  const root = process.getuid?.() === 0;
  const buildah = spawnSync('buildah', ['--version'], { stdio: 'ignore' });
  return root && !buildah.error && buildah.status === 0 ? 'buildah' : 'model-layer';
}

export async function makeServingImages(o: {
  plane: LocalPlane;
  root: string;
  builder: ServingBuilder | 'auto';
  io: CliIO;
}): Promise<ServingImages> {
  const masker = new SecretMasker();
  const access = {
    signIn: () => Promise.reject(new Error('the local plane needs no Azure sign-in')),
    onSecret: (v: string) => masker.add(v),
  };
  const target = await connectWorkspace({ workspace: 'dev', localStateDir: o.plane.stateDir }, access);
  if (!o.plane.registries) {
    throw new RolloutError(
      'LocalRegistriesUnavailable',
      o.plane.registriesUnavailable ?? "the local plane's registries are not running",
      { remediation: 'restart the plane: aml-rollout local down, then npm start' },
    );
  }
  const registry = await resolveContainerRegistry(target, undefined);
  const { client } = connectRegistry(registry, {
    onSecret: (v) => masker.add(v),
    mask: (t) => masker.mask(t),
  });
  const serve = path.join(o.root, 'images', 'serve-model.mjs');
  const bases = {} as ServingImages['images'];
  let pushed = 0;
  for (const variant of VARIANTS) {
    const made = await pushFilesImage(client, BASE_REPOSITORY, variant, {
      files: [{ path: 'app/images/serve-model.mjs', abs: serve, size: statSync(serve).size }],
      labels: {
        'org.opencontainers.image.title': `aml-rollout rehearsal base (${variant})`,
        'org.opencontainers.image.description':
          'Made by `aml-rollout rehearse` from files alone; the local plane serves deployments itself.',
      },
      env: {
        AML_ROLLOUT_PORT: '5001',
        ...(variant === 'gpu' ? { AML_ROLLOUT_EXECUTION_PROVIDERS: 'cuda,cpu' } : {}),
      },
      entrypoint: ['node', '/app/images/serve-model.mjs'],
      workingDir: '/app',
    });
    if (made.pushed) pushed++;
    bases[variant] = `${registry.loginServer}/${BASE_REPOSITORY}@${made.digest}`;
  }
  const made = pushed ? `bases made (${pushed} pushed)` : 'bases unchanged';
  const builder = chooseServingBuilder(o.builder);
  if (builder === 'model-layer') {
    return {
      images: bases,
      outcome: `${made}; no buildah here: the bases serve, model-layer adds models`,
      changed: pushed > 0,
    };
  }
  let json = '';
  const step = findStep('build-image');
  if (!step) throw new Error('no build-image step');
  const code = await stepCommand(step).run(
    [
      '--local',
      o.plane.stateDir,
      '--workspace',
      'dev',
      '--repository',
      SERVING_REPOSITORY,
      '--builder',
      'buildah',
      '--context',
      o.root,
      // The rehearsal has no CUDA base: both variants build the CPU Dockerfile onto their base.
      '--variants',
      ...VARIANTS.map((v) => `${v}=images/cpu.Dockerfile;BASE=${bases[v]}`),
    ],
    { stdout: (t) => (json += t), stderr: o.io.stderr },
  );
  if (code !== 0)
    throw new RolloutError(
      'RehearsalStepFailed',
      `build-image (buildah) failed (exit ${code}); its log is above`,
    );
  const out = JSON.parse(json) as Record<string, string>;
  const built = JSON.parse(out.images ?? '{}') as Record<string, { skipped: boolean }>;
  const skipped = Object.values(built).every((v) => v.skipped);
  return {
    images: { cpu: out['image-cpu'] ?? '', gpu: out['image-gpu'] ?? '' },
    outcome: `${made}; buildah ${skipped ? 'unchanged' : 'built cpu and gpu'}`,
    changed: pushed > 0 || !skipped,
  };
}
