// The gate step: validate everything, resolve the endpoint (through the SDK, or a URI + key), run
// the golden set on both sides, judge, write and publish the reports, and return the outputs. A
// fail or inconclusive verdict fails the step after the reports are written; its error carries
// the outputs, which the step runner sets before it marks the step failed.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveEndpoint } from '../azure/endpoints.js';
import { workspaceRef } from '../azure/inputs.js';
import type { AzureAccess } from '../azure/sign-in.js';
import { checkScoringUri, type EndpointTarget, type ScoringProtocol } from '../endpoint/client.js';
import { InputError, RolloutError } from '../errors.js';
import { ReportFolder } from '../files/report-folder.js';
import type { StepContext } from '../host/context.js';
import type { Host } from '../host/host.js';
import { parsePairs } from '../inputs/parse.js';
import { inferenceOverridesFromEnv, loadModelCard, overrideInference } from '../scoring/card.js';
import type { ParamOverrides } from '../scoring/scorer.js';
import { type GoldenSet, loadGoldenSet, parseShard } from './golden.js';
import { writeHtmlReport } from './html.js';
import type { GateInputs, GateOutputs } from './inputs.js';
import { type GateReport, writeReports } from './report.js';
import { collect, concludeRun, type EndpointRun, type RunData } from './run.js';
import { loadThresholds, type Thresholds } from './thresholds.js';

const mustExist = (input: string, file: string | undefined) => {
  if (file && !existsSync(file)) throw new InputError(input, `${file} does not exist`);
};

/** Protocols a deployment may declare in AML_ROLLOUT_SCORING_PROTOCOL (its environment). */
const DECLARABLE: readonly string[] = ['automl', 'kserve', 'torchserve'] satisfies ScoringProtocol[];

/** The endpoint side of the run: from a URI and a key in an environment variable, or resolved
 * from the workspace (with the deployment's concurrency, inference parameters and protocol). */
async function endpointRun(
  inputs: GateInputs,
  host: Host,
  azure: AzureAccess,
): Promise<{ run: EndpointRun; params: ParamOverrides } | undefined> {
  if (inputs['scoring-uri']) {
    let credential: string | undefined;
    if (inputs['key-env']) {
      credential = process.env[inputs['key-env']];
      if (!credential)
        throw new InputError('key-env', `environment variable ${inputs['key-env']} is empty or unset`);
      azure.onSecret(credential);
    }
    const target: EndpointTarget = {
      scoringUri: inputs['scoring-uri'],
      protocol: inputs.protocol,
      mask: (text) => host.mask(text),
    };
    if (credential) target.credential = credential;
    if (inputs.deployment) target.deployment = inputs.deployment;
    return { run: { target, concurrency: inputs.concurrency ?? 4 }, params: {} };
  }
  if (!inputs.endpoint) return undefined;
  if (!inputs.workspace) throw new InputError('workspace', 'is required to resolve the endpoint');
  const resolved = await resolveEndpoint(
    {
      ...workspaceRef({ ...inputs, workspace: inputs.workspace }),
      endpoint: inputs.endpoint,
      deployment: inputs.deployment,
    },
    azure,
    (line) => host.info(line),
  );
  const env = resolved.deployment?.environmentVariables ?? {};
  const declared = env.AML_ROLLOUT_SCORING_PROTOCOL;
  const target: EndpointTarget = {
    scoringUri: resolved.scoringUri,
    protocol: declared && DECLARABLE.includes(declared) ? (declared as ScoringProtocol) : inputs.protocol,
    mask: (text) => host.mask(text),
  };
  if (resolved.credential) target.credential = resolved.credential;
  if (inputs.deployment) target.deployment = inputs.deployment;
  return {
    run: { target, concurrency: inputs.concurrency ?? resolved.deployment?.concurrency ?? 1 },
    // Judge the local scorer with the same inference parameters the deployment runs with.
    params: resolved.deployment ? inferenceOverridesFromEnv(env) : {},
  };
}

/** Judges a collected run, writes and publishes the reports, and returns the gate's outputs; a
 * verdict other than pass throws, with the outputs on the error. */
export async function finishGate(
  host: Host,
  golden: GoldenSet,
  data: RunData,
  thresholds: Thresholds,
  reportDir: string,
  shard: string | undefined,
): Promise<{ report: GateReport; outputs: GateOutputs }> {
  const result = concludeRun(golden, data, thresholds);
  // Every report file goes through the host's masker: an endpoint may echo its key anywhere.
  const folder = new ReportFolder(reportDir, (text) => host.mask(text));
  const report = await writeReports(folder, golden, data, result, thresholds, shard);
  await writeHtmlReport(folder, report, golden, data);
  await host.appendSummary(await readFile(report.files.summary as string, 'utf8'));
  await host.publishTestResults([report.files.junit as string], 'detection-gate');
  try {
    await host.uploadArtifact('detection-gate-report', Object.values(report.files), reportDir);
  } catch (e) {
    host.warning(`could not upload the report artifact: ${(e as Error).message}`);
  }
  const judged = report.endpoint ?? report.local;
  const outputs = {
    verdict: report.verdict,
    ap: String(judged.coco.AP),
    ap50: String(judged.coco.AP50),
    'report-dir': reportDir,
  } satisfies Required<GateOutputs>;
  host.info(`verdict: ${report.verdict}; report: ${report.files.html}`);
  if (report.verdict !== 'pass') {
    throw new RolloutError(
      report.verdict === 'fail' ? 'GateFailed' : 'GateInconclusive',
      `gate ${report.verdict}: ${report.reasons.slice(0, 3).join('; ')}`,
      { resource: report.files.json, remediation: `see ${report.files.summary}`, outputs },
    );
  }
  return { report, outputs };
}

export async function runGateStep(
  inputs: GateInputs,
  { host, signal, azure }: StepContext,
): Promise<GateOutputs> {
  // Everything is checked before any request is sent.
  mustExist('model', inputs.model);
  mustExist('card', inputs.card);
  mustExist('baseline-model', inputs['baseline-model']);
  mustExist('baseline', inputs.baseline);
  if (inputs['baseline-model'] && inputs.baseline)
    throw new InputError('baseline', 'give baseline or baseline-model, not both');
  if (inputs['scoring-uri'] && inputs.endpoint)
    throw new InputError('scoring-uri', 'give scoring-uri or endpoint, not both');
  if (inputs.deployment && !inputs.endpoint && !inputs['scoring-uri'])
    throw new InputError('deployment', 'needs endpoint or scoring-uri');
  if (inputs['scoring-uri']) checkScoringUri(inputs['scoring-uri']);
  const shard = parseShard(inputs.shard);
  const golden = await loadGoldenSet(inputs.golden);
  // Loaded once: the model and the baseline model are both scored with this card.
  const card = await loadModelCard(inputs.card);
  const thresholds = await loadThresholds(inputs.thresholds);
  const userParams: ParamOverrides = parsePairs('params', inputs.params ?? []);
  // Bounded and validated now, before any image is decoded (a tile grid costs a run per tile).
  overrideInference(card.inference, userParams, 'params');

  const endpoint = await endpointRun(inputs, host, azure);
  if (endpoint) {
    endpoint.run.target.maxResponseBytes = inputs['max-response-mb'] * 1024 * 1024;
    endpoint.run.deadlineSeconds = inputs['endpoint-deadline'];
    // The deployment's environment (TILE_GRID_SIZE, ...) where the step's params do not override it.
    const fromEnv = Object.entries(endpoint.params).filter(([k]) => !(k in userParams));
    overrideInference(card.inference, Object.fromEntries(fromEnv), 'deployment');
  }
  const data = await host.group('golden set', () =>
    collect({
      golden,
      model: inputs.model,
      card,
      baselineModel: inputs['baseline-model'],
      baselinePredictions: inputs.baseline,
      endpoint: endpoint?.run,
      params: { ...endpoint?.params, ...userParams },
      thresholds,
      shard,
      signal,
      log: (l) => host.info(l),
    }),
  );
  const reportDir = path.resolve(inputs['report-dir']);
  const { outputs } = await finishGate(host, golden, data, thresholds, reportDir, inputs.shard);
  return outputs;
}
