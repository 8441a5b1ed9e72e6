// `aml-rollout rehearse` (the README's `npm start`): the rollout pipeline on the embedded local
// default. Starts the local AML plane, then drives the same step commands users run — register the
// baseline and candidate models, put them behind an endpoint (blue serving, green at 0%), gate
// the candidate on the green deployment — and prints the verdict and the report's place.
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
const POLL = { updateIntervalInMs: 250 };

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

      io.stderr('== register-model: baseline v1 and candidate v2');
      const models: Record<string, string> = {};
      for (const version of ['v1', 'v2']) {
        const out = await runStep(
          'register-model',
          [...local, '--path', fixtures(`models/${version}`), '--name', `pid-symbols-${version}`],
          io,
        );
        models[version] = out['model-id'] ?? '';
        io.stderr(`   ${out['model-ref']}`);
      }

      io.stderr(`== endpoint ${ENDPOINT}: blue (v1) serving, green (v2) at 0%`);
      const plane = connectLocalPlane(stateDir);
      const client = localPlaneClient(plane);
      const rg = plane.resourceGroup;
      await client.onlineEndpoints.beginCreateOrUpdateAndWait(
        rg,
        workspace,
        ENDPOINT,
        {
          location: plane.location ?? 'local',
          identity: { type: 'SystemAssigned' },
          properties: { authMode: 'Key' },
        },
        POLL,
      );
      for (const [name, version] of [
        ['blue', 'v1'],
        ['green', 'v2'],
      ] as const) {
        await client.onlineDeployments.beginCreateOrUpdateAndWait(
          rg,
          workspace,
          ENDPOINT,
          name,
          {
            location: plane.location ?? 'local',
            sku: { name: 'Default', capacity: 1 },
            properties: {
              endpointComputeType: 'Managed',
              model: models[version],
              instanceType: 'Standard_DS3_v2',
              environmentVariables: { TILE_GRID_SIZE: '3x2' },
            },
          },
          POLL,
        );
      }
      const endpoint = await client.onlineEndpoints.get(rg, workspace, ENDPOINT);
      await client.onlineEndpoints.beginCreateOrUpdateAndWait(
        rg,
        workspace,
        ENDPOINT,
        { ...endpoint, properties: { ...endpoint.properties, traffic: { blue: 100, green: 0 } } },
        POLL,
      );

      io.stderr('== gate: candidate v2 on the green deployment, against baseline v1');
      const reportDir = path.join(stateDir, 'gate-report');
      const gate = await runStep(
        'gate',
        [
          ...local,
          '--golden',
          fixtures('golden'),
          '--model',
          fixtures('models/v2/model.onnx'),
          '--card',
          fixtures('models/v2/model-card.yaml'),
          '--baseline-model',
          fixtures('models/v1/model.onnx'),
          '--endpoint',
          ENDPOINT,
          '--deployment',
          'green',
          '--report-dir',
          reportDir,
        ],
        io,
      );
      const summary = { verdict: gate.verdict, report: path.join(reportDir, 'report.html'), ...gate };
      io.stdout(JSON.stringify(summary));
      io.stderr(`\nverdict: ${gate.verdict}\nreport:  ${summary.report}`);
      io.stderr(`stop the plane with: npx aml-rollout local down --state-dir ${stateDir}`);
      return gate.verdict === 'pass' ? 0 : 1;
    } catch (e) {
      io.stderr(`error: ${describeError(e)}`);
      return 1;
    }
  },
};
