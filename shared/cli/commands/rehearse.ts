// `aml-rollout rehearse` (the README's `npm start`): the whole release pipeline on the embedded
// local default, offline. Starts the local AML plane (dev and prod workspaces, each with its
// registry), then drives the same step commands users run: register v1, build its images, deploy
// it; register v2, build, roll it out blue-green with the gate before any traffic; promote v2 and
// its GPU image to prod; roll that out on a GPU SKU with its own gate. Prints a timeline and writes
// the report (both gates) to rehearsal.md. Every step is idempotent, so a re-run changes nothing
// and says so. Every call goes through the real Azure SDKs to the plane; nothing is simulated here.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectLocalPlane, localPlaneClient } from '../../azure/local-plane.js';
import { describeError, RolloutError } from '../../errors.js';
import { findStep } from '../../steps/catalog/index.js';
import type { CliCommand, CliIO } from '../command.js';
import { stepCommand } from '../step-command.js';
import { localCommand } from './local.js';
import { makeServingImages, type ServingBuilder } from './rehearsal-images.js';

const USAGE = 'aml-rollout rehearse [--state-dir DIR] [--builder auto|buildah|model-layer]';
const ENDPOINT = 'pid-symbols';
const MODEL = 'pid-symbols';
const REPOSITORY = 'detector/inference';

/** The repository (or installed package) root, where fixtures/ lives: two folders above this file or bundle. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(path.join(dir, 'fixtures', 'golden', 'instances.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new RolloutError('FixturesMissing', 'cannot find fixtures/ beside the CLI', {
    remediation: 'run rehearse from a checkout of azureml-rollout-actions',
  });
}

/** Runs a step command in-process and returns its outputs; its progress goes to stderr. */
async function runStep(id: string, argv: string[], io: CliIO): Promise<Record<string, string>> {
  const step = findStep(id);
  if (!step) throw new Error(`no step ${id}`);
  let json = '';
  const code = await stepCommand(step).run(argv, { stdout: (t) => (json += t), stderr: io.stderr });
  if (code !== 0) {
    throw new RolloutError('RehearsalStepFailed', `${id} failed (exit ${code}); its log is above`, {
      resource: id,
    });
  }
  return JSON.parse(json || '{}') as Record<string, string>;
}

interface Stage {
  name: string;
  outcome: string;
  /** Whether the stage changed anything (a new version, image, deployment...). */
  changed: boolean;
  seconds: number;
}

export const rehearseCommand: CliCommand = {
  name: 'rehearse',
  summary: 'Rehearse the whole release pipeline on the embedded local AML plane (the README main job)',
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: { 'state-dir': { type: 'string' }, builder: { type: 'string' } },
      strict: true,
    });
    const root = packageRoot();
    const stateDir = path.resolve(values['state-dir'] ?? path.join(root, '.state', 'rehearsal'));
    const builder = (values.builder ?? 'auto') as ServingBuilder | 'auto';
    if (!['auto', 'buildah', 'model-layer'].includes(builder)) {
      io.stderr(`error: --builder must be auto, buildah or model-layer (got '${builder}')`);
      return 2;
    }
    const fixtures = (p: string) => path.join(root, 'fixtures', p);
    const reports = path.join(stateDir, 'reports');
    const timeline: Stage[] = [];
    const stage = async <T>(
      name: string,
      fn: () => Promise<{ outcome: string; value: T; changed?: boolean }>,
    ): Promise<T> => {
      io.stderr(`\n== ${name}`);
      const started = Date.now();
      const { outcome, value, changed = !outcome.startsWith('unchanged') } = await fn();
      timeline.push({ name, outcome, changed, seconds: (Date.now() - started) / 1000 });
      return value;
    };
    try {
      await stage('local AML plane', async () => {
        const up = await localCommand.run(['up', '--state-dir', stateDir], {
          stdout: () => {},
          stderr: io.stderr,
        });
        if (up !== 0) throw new RolloutError('LocalPlaneUnavailable', 'the local plane did not start');
        return {
          outcome: `up (${shown(stateDir)})`,
          value: undefined,
          changed: false,
        };
      });
      const plane = connectLocalPlane(stateDir);
      const on = (workspace: string) => ['--local', stateDir, '--workspace', workspace];

      const register = (version: string) =>
        stage(`register-model ${version} (dev)`, async () => {
          const out = await runStep(
            'register-model',
            [...on('dev'), '--path', fixtures(`models/${version}`), '--name', MODEL],
            io,
          );
          const ref = out['model-ref'] ?? '';
          const created = out.created === 'true';
          return { outcome: `${ref} ${created ? 'registered' : 'unchanged'}`, value: ref, changed: created };
        });

      const serving = await stage('serving images (dev registry)', async () => {
        const made = await makeServingImages({ plane, root, builder, io });
        return { outcome: made.outcome, value: made.images, changed: made.changed };
      });

      /** The model added to the serving images as one layer: the cpu and gpu images of a version. */
      const buildImages = (version: string, ref: string) =>
        stage(`build-image ${version} (cpu, gpu)`, async () => {
          const out = await runStep(
            'build-image',
            [
              ...on('dev'),
              '--repository',
              REPOSITORY,
              '--builder',
              'model-layer',
              '--variants',
              'cpu,gpu',
              '--base-image',
              `cpu=${serving.cpu},gpu=${serving.gpu}`,
              '--model-path',
              fixtures(`models/${version}`),
              '--model-ref',
              ref,
            ],
            io,
          );
          const made = JSON.parse(out.images ?? '{}') as Record<string, { skipped: boolean }>;
          const skipped = Object.values(made).every((v) => v.skipped);
          return {
            outcome: `${skipped ? 'unchanged' : 'pushed'} ${shortDigest(out['digest-cpu'])} (cpu), ${shortDigest(out['digest-gpu'])} (gpu)`,
            value: { cpu: out['image-cpu'] ?? '', gpu: out['image-gpu'] ?? '' },
          };
        });

      // Short bakes judged by the probes alone (the plane's metrics need closed buckets).
      const bake = ['--bake-seconds', '4', '--probe-interval-ms', '100', '--min-requests', '3'];
      const gate = (version: string, reportDir: string, thresholds?: string) => [
        '--gate-golden',
        fixtures('golden'),
        '--gate-model',
        fixtures(`models/${version}/model.onnx`),
        '--gate-card',
        fixtures(`models/${version}/model-card.yaml`),
        '--gate-report-dir',
        reportDir,
        ...(thresholds ? ['--gate-thresholds', thresholds] : []),
      ];
      // The deployments tile the large diagrams 3x2, as the gate's figures have always been taken.
      const deploy = (
        workspace: string,
        deploymentFile: string,
        model: string,
        image: string,
        extra: string[],
      ) =>
        runStep(
          'deploy',
          [
            ...on(workspace),
            '--endpoint-file',
            fixtures('deploy/endpoint.yml'),
            '--deployment-file',
            fixtures(`deploy/${deploymentFile}`),
            '--model',
            model,
            '--image',
            image,
            '--environment-variables',
            'TILE_GRID_SIZE=3x2',
            ...bake,
            ...extra,
          ],
          io,
        );
      const rolledOut = (out: Record<string, string>) =>
        out.changed === 'false'
          ? `unchanged: ${out.deployment} already serves ${out.traffic}`
          : `${out.deployment} serves ${out.traffic}${out['previous-deployment'] ? ` (was ${out['previous-deployment']})` : ''}`;

      const v1 = await register('v1');
      const v1Images = await buildImages('v1', v1);
      const client = localPlaneClient(plane);
      const devEndpoint = await client.onlineEndpoints
        .get(plane.resourceGroup, 'dev', ENDPOINT)
        .then(() => true)
        .catch(() => false);
      await stage('deploy v1 (dev, cpu): the first deployment', async () => {
        // A re-run must not go back to v1: once the endpoint exists, v1 has had its turn.
        if (devEndpoint)
          return { outcome: `unchanged: endpoint ${ENDPOINT} exists (a re-run)`, value: undefined };
        const out = await deploy('dev', 'deployment-blue.yml', v1, v1Images.cpu, [
          ...gate('v1', path.join(reports, 'dev-v1')),
        ]);
        return { outcome: rolledOut(out), value: undefined };
      });

      const v2 = await register('v2');
      const v2Images = await buildImages('v2', v2);
      const devReport = path.join(reports, 'dev');
      await stage('deploy v2 (dev, cpu): blue-green, gate before traffic', async () => {
        const out = await deploy('dev', 'deployment-green.yml', v2, v2Images.cpu, gate('v2', devReport));
        return { outcome: rolledOut(out), value: undefined };
      });

      const promoted = await stage('promote v2 to prod (model + gpu image)', async () => {
        const out = await runStep(
          'promote',
          [
            ...on('prod'),
            '--source-workspace',
            'dev',
            '--model-ref',
            v2,
            '--image',
            v2Images.gpu,
            '--gate-report',
            path.join(devReport, 'gate.json'),
          ],
          io,
        );
        return {
          outcome: `${out.changed === 'false' ? 'unchanged: ' : ''}${out['model-ref']}, ${shortDigest(out.image?.split('@')[1])}`,
          value: { model: out['model-ref'] ?? '', image: out.image ?? '' },
        };
      });

      const prodReport = path.join(reports, 'prod');
      const prod = await stage('deploy v2 (prod, gpu): gate before traffic', async () => {
        const out = await deploy(
          'prod',
          'deployment-gpu.yml',
          promoted.model,
          promoted.image,
          gate('v2', prodReport, fixtures('deploy/thresholds-gpu.yaml')),
        );
        return { outcome: rolledOut(out), value: out };
      });

      const report = path.join(stateDir, 'rehearsal.md');
      await writeFile(report, await rehearsalReport(timeline, devReport, prodReport));
      const width = Math.max(...timeline.map((s) => s.name.length));
      io.stderr('\ntimeline');
      for (const s of timeline)
        io.stderr(`  ${s.name.padEnd(width)}  ${s.seconds.toFixed(1).padStart(6)} s  ${s.outcome}`);
      const changed = timeline.some((s) => s.changed);
      io.stderr(changed ? '' : '\nnothing changed: every step found its work done');
      io.stderr(
        `report:  ${report}\n         ${path.join(devReport, 'report.html')}\n         ${path.join(prodReport, 'report.html')}`,
      );
      io.stderr(`stop the plane with: npx aml-rollout local down --state-dir ${stateDir}`);
      io.stdout(
        JSON.stringify({
          ...prod,
          changed: String(changed),
          report,
          'dev-report': devReport,
          'prod-report': prodReport,
          'prod-model': promoted.model,
          'prod-image': promoted.image,
        }),
      );
      return 0;
    } catch (e) {
      io.stderr(`error: ${describeError(e)}`);
      return 1;
    }
  },
};

/** A folder as the user would type it: relative below the working directory, else absolute. */
const shown = (dir: string) => {
  const rel = path.relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') ? rel : dir;
};

const shortDigest = (d: string | undefined) => (d ? d.replace(/^sha256:/, '').slice(0, 12) : '?');

/** The timeline and both gates' summaries (each gate's own summary.md, as its job summary shows it). */
async function rehearsalReport(timeline: Stage[], devReport: string, prodReport: string): Promise<string> {
  const summary = async (dir: string) => {
    try {
      return await readFile(path.join(dir, 'summary.md'), 'utf8');
    } catch {
      return '_no gate report (the gate has not run here)_\n';
    }
  };
  return [
    '# Rehearsal',
    '',
    '| stage | seconds | outcome |',
    '|---|---:|---|',
    ...timeline.map((s) => `| ${s.name} | ${s.seconds.toFixed(1)} | ${s.outcome} |`),
    '',
    `# Dev gate (${path.join(devReport, 'report.html')})`,
    '',
    await summary(devReport),
    `# Prod gate (${path.join(prodReport, 'report.html')})`,
    '',
    await summary(prodReport),
  ].join('\n');
}
