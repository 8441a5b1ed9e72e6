// The gate step: validate everything, resolve the endpoint (through the SDK, or a URI + key), run
// the golden set on both sides, judge, write and publish the reports. A fail or inconclusive
// verdict fails the step after the reports and outputs are written.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { connectWorkspace } from '../azure/workspace.js';
import type { EndpointTarget, ScoringProtocol } from '../endpoint/client.js';
import { InputError, RolloutError } from '../errors.js';
import type { Host } from '../host/host.js';
import { parsePairs } from '../inputs/parse.js';
import { inferenceOverridesFromEnv, loadModelCard } from '../scoring/card.js';
import type { ParamOverrides } from '../scoring/scorer.js';
import { type GoldenSet, loadGoldenSet, parseShard } from './golden.js';
import { writeHtmlReport } from './html.js';
import { type GateReport, writeReports } from './report.js';
import { collect, concludeRun, type EndpointRun, type RunData } from './run.js';
import { loadThresholds, type Thresholds } from './thresholds.js';

export interface GateInputs {
  'subscription-id'?: string | undefined;
  'resource-group'?: string | undefined;
  workspace?: string | undefined;
  'local-state-dir'?: string | undefined;
  golden: string;
  model: string;
  card: string;
  'baseline-model'?: string | undefined;
  baseline?: string | undefined;
  endpoint?: string | undefined;
  deployment?: string | undefined;
  'scoring-uri'?: string | undefined;
  'key-env'?: string | undefined;
  protocol: string;
  concurrency?: number | undefined;
  params?: string[] | undefined;
  thresholds?: string | undefined;
  shard?: string | undefined;
  'report-dir': string;
}

const mustExist = (input: string, file: string | undefined) => {
  if (file && !existsSync(file)) throw new InputError(input, `${file} does not exist`);
};

/** Endpoint target from the workspace (SDK) or from a URI and a key in an environment variable. */
async function resolveEndpoint(
  host: Host,
  inputs: GateInputs,
): Promise<{ run: EndpointRun; params: ParamOverrides } | undefined> {
  const protocol = inputs.protocol as ScoringProtocol;
  if (inputs['scoring-uri']) {
    let credential: string | undefined;
    if (inputs['key-env']) {
      credential = process.env[inputs['key-env']];
      if (!credential)
        throw new InputError('key-env', `environment variable ${inputs['key-env']} is empty or unset`);
      host.setSecret(credential);
    }
    const target: EndpointTarget = { scoringUri: inputs['scoring-uri'], protocol };
    if (credential) target.credential = credential;
    if (inputs.deployment) target.deployment = inputs.deployment;
    return { run: { target, concurrency: inputs.concurrency ?? 4 }, params: {} };
  }
  if (!inputs.endpoint) return undefined;
  if (!inputs.workspace) throw new InputError('workspace', 'is required to resolve the endpoint');
  const ws = await connectWorkspace(host, {
    'subscription-id': inputs['subscription-id'],
    'resource-group': inputs['resource-group'],
    'local-state-dir': inputs['local-state-dir'],
    workspace: inputs.workspace,
  });
  const { client, resourceGroup: rg, workspace } = ws;
  const endpoint = await client.onlineEndpoints.get(rg, workspace, inputs.endpoint);
  const scoringUri = endpoint.properties.scoringUri;
  if (!scoringUri)
    throw new RolloutError('EndpointNotReady', `endpoint '${inputs.endpoint}' has no scoring URI yet`);
  // The key or token is a secret from the moment it is read.
  let credential: string | undefined;
  if (endpoint.properties.authMode === 'AMLToken') {
    credential = (await client.onlineEndpoints.getToken(rg, workspace, inputs.endpoint)).accessToken;
  } else {
    credential = (await client.onlineEndpoints.listKeys(rg, workspace, inputs.endpoint)).primaryKey;
  }
  if (credential) host.setSecret(credential);
  let concurrency = inputs.concurrency;
  let params: ParamOverrides = {};
  let chosenProtocol = protocol;
  if (inputs.deployment) {
    const deployment = await client.onlineDeployments.get(rg, workspace, inputs.endpoint, inputs.deployment);
    const perInstance = deployment.properties.requestSettings?.maxConcurrentRequestsPerInstance ?? 1;
    concurrency ??= Math.max(1, perInstance * (deployment.sku?.capacity ?? 1));
    // Judge the local scorer with the same inference parameters the deployment runs with.
    const env = Object.fromEntries(
      Object.entries(deployment.properties.environmentVariables ?? {}).filter(
        (e): e is [string, string] => e[1] !== null,
      ),
    );
    params = inferenceOverridesFromEnv(env);
    const declared = env.AML_ROLLOUT_SCORING_PROTOCOL;
    if (declared === 'automl' || declared === 'kserve' || declared === 'torchserve')
      chosenProtocol = declared;
  }
  const target: EndpointTarget = { scoringUri, protocol: chosenProtocol };
  if (credential) target.credential = credential;
  if (inputs.deployment) target.deployment = inputs.deployment;
  host.info(
    `endpoint ${inputs.endpoint}${inputs.deployment ? ` / deployment ${inputs.deployment}` : ''} via ${ws.via}: ${scoringUri}`,
  );
  return { run: { target, concurrency: concurrency ?? 1 }, params };
}

export async function finishGate(
  host: Host,
  golden: GoldenSet,
  data: RunData,
  thresholds: Thresholds,
  reportDir: string,
  shard: string | undefined,
): Promise<GateReport> {
  const result = concludeRun(golden, data, thresholds);
  const report = await writeReports(reportDir, golden, data, result, thresholds, shard);
  await writeHtmlReport(report.files.html as string, report, golden, data);
  const summary = await import('node:fs/promises').then((fs) =>
    fs.readFile(report.files.summary as string, 'utf8'),
  );
  await host.appendSummary(summary);
  await host.publishTestResults([report.files.junit as string], 'detection-gate');
  try {
    await host.uploadArtifact('detection-gate-report', Object.values(report.files), reportDir);
  } catch (e) {
    host.warning(`could not upload the report artifact: ${(e as Error).message}`);
  }
  const judged = report.endpoint ?? report.local;
  host.setOutput('verdict', report.verdict);
  host.setOutput('ap', String(judged.coco.AP));
  host.setOutput('ap50', String(judged.coco.AP50));
  host.setOutput('report-dir', reportDir);
  host.info(`verdict: ${report.verdict}; report: ${report.files.html}`);
  if (report.verdict !== 'pass') {
    throw new RolloutError(
      report.verdict === 'fail' ? 'GateFailed' : 'GateInconclusive',
      `gate ${report.verdict}: ${report.reasons.slice(0, 3).join('; ')}`,
      { resource: report.files.json, remediation: `see ${report.files.summary}` },
    );
  }
  return report;
}

export async function runGateStep(
  inputs: GateInputs,
  host: Host,
  signal: AbortSignal,
): Promise<Record<string, string>> {
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
  const shard = parseShard(inputs.shard);
  const golden = await loadGoldenSet(inputs.golden);
  await loadModelCard(inputs.card);
  const thresholds = await loadThresholds(inputs.thresholds);
  const userParams: ParamOverrides = parsePairs('params', inputs.params ?? []);

  const endpoint = await resolveEndpoint(host, inputs);
  const data = await host.group('golden set', () =>
    collect({
      golden,
      model: inputs.model,
      card: inputs.card,
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
  await finishGate(host, golden, data, thresholds, reportDir, inputs.shard);
  return {};
}
