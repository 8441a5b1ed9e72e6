// `aml-rollout rehearse` (the README's `npm start`): the rollout pipeline on the embedded local
// default. Starts the local AML plane, then drives the same step commands users run — register v1
// and v2, deploy v1 (the first deployment), then roll v2 out blue-green with the gate before any
// traffic — and prints the outcome and the report's place. A re-run changes nothing and says so.
// Every call goes through the real Azure SDKs to the plane; nothing is simulated here.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectLocalPlane, localPlaneClient } from '../../azure/local-plane.js';
import { describeError, RolloutError } from '../../errors.js';
import { findStep } from '../../steps/catalog/index.js';
import type { CliCommand, CliIO } from '../command.js';
import { stepCommand } from '../step-command.js';
import { localCommand } from './local.js';

const USAGE = 'aml-rollout rehearse [--state-dir DIR] [--workspace dev]';
const ENDPOINT = 'pid-symbols';

/** The repository (or installed package) root, where fixtures/ lives: two folders above this file or bundle. */
function packageRoot(): string {
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
  if (code !== 0 && !json)
    throw new RolloutError('RehearsalStepFailed', `${id} failed (exit ${code})`, { resource: id });
  return JSON.parse(json || '{}') as Record<string, string>;
}

export const rehearseCommand: CliCommand = {
  name: 'rehearse',
  summary: 'Rehearse the rollout on the embedded local AML plane (the README main job)',
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: { 'state-dir': { type: 'string' }, workspace: { type: 'string' } },
      strict: true,
    });
    const root = packageRoot();
    const stateDir = path.resolve(values['state-dir'] ?? path.join(root, '.state', 'rehearsal'));
    const workspace = values.workspace ?? 'dev';
    const fixtures = (p: string) => path.join(root, 'fixtures', p);
    try {
      io.stderr(`== local AML plane (${path.relative(process.cwd(), stateDir) || stateDir})`);
      if (
        (await localCommand.run(['up', '--state-dir', stateDir], { stdout: () => {}, stderr: io.stderr })) !==
        0
      ) {
        throw new RolloutError('LocalPlaneUnavailable', 'the local plane did not start');
      }
      const local = ['--local', stateDir, '--workspace', workspace];

      io.stderr('== register-model: v1 (serving) and v2 (the candidate)');
      const refs: Record<string, string> = {};
      for (const version of ['v1', 'v2']) {
        const out = await runStep(
          'register-model',
          [...local, '--path', fixtures(`models/${version}`), '--name', ENDPOINT],
          io,
        );
        refs[version] = out['model-ref'] ?? '';
        io.stderr(`   ${out['model-ref']}`);
      }

      // The deployments tile the large diagrams 3x2, as the gate's figures have always been taken.
      const deployArgs = (colour: string, version: string) => [
        ...local,
        '--endpoint-file',
        fixtures('deploy/endpoint.yml'),
        '--deployment-file',
        fixtures(`deploy/deployment-${colour}.yml`),
        '--model',
        refs[version] ?? '',
        '--environment-variables',
        'TILE_GRID_SIZE=3x2',
        // Short bakes judged by the probes alone (the plane's metrics need closed buckets).
        '--bake-seconds',
        '4',
        '--probe-interval-ms',
        '100',
        '--min-requests',
        '3',
      ];
      const gateArgs = (version: string, reportDir: string) => [
        '--gate-golden',
        fixtures('golden'),
        '--gate-model',
        fixtures(`models/${version}/model.onnx`),
        '--gate-card',
        fixtures(`models/${version}/model-card.yaml`),
        '--gate-report-dir',
        reportDir,
      ];
      const plane = connectLocalPlane(stateDir);
      const client = localPlaneClient(plane);
      const exists = await client.onlineEndpoints
        .get(plane.resourceGroup, workspace, ENDPOINT)
        .then(() => true)
        .catch(() => false);
      if (exists) {
        io.stderr(`== deploy v1: endpoint ${ENDPOINT} exists already (a re-run): not redeployed`);
      } else {
        io.stderr(`== deploy v1: endpoint ${ENDPOINT}, deployment blue (first deployment)`);
        await runStep(
          'deploy',
          [...deployArgs('blue', 'v1'), ...gateArgs('v1', path.join(stateDir, 'gate-report-v1'))],
          io,
        );
      }

      io.stderr('== deploy v2: green at 0%, smoke, gate before traffic, 10/50/100, blue deleted');
      const reportDir = path.join(stateDir, 'gate-report');
      const rollout = await runStep(
        'deploy',
        [...deployArgs('green', 'v2'), ...gateArgs('v2', reportDir)],
        io,
      );
      if (!rollout.deployment)
        throw new RolloutError('RehearsalStepFailed', 'deploy v2 failed', { resource: 'deploy' });
      const gate =
        rollout.changed === 'false'
          ? { verdict: 'pass (unchanged: v2 already serves)' }
          : { verdict: 'pass' };
      const summary = { verdict: gate.verdict, report: path.join(reportDir, 'report.html'), ...rollout };
      io.stdout(JSON.stringify(summary));
      io.stderr(
        `\nrollout: ${rollout.endpoint} serves ${rollout.traffic}; gate ${gate.verdict}\nreport:  ${summary.report}`,
      );
      io.stderr(`stop the plane with: npx aml-rollout local down --state-dir ${stateDir}`);
      return 0;
    } catch (e) {
      io.stderr(`error: ${describeError(e)}`);
      return 1;
    }
  },
};
