// The gate step: validate everything (and read the judged model version, `model-ref`), resolve the
// endpoint (through the SDK, or a URI + key), run the golden set on both sides, judge, write and
// publish the reports, record the verdict as evidence on the model version, and return the
// outputs. A fail or inconclusive verdict fails the step after the reports are written; so does
// evidence that could not be recorded. The error carries the outputs, which the step runner sets
// before it marks the step failed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { resolveEndpoint } from '../azure/endpoints.js';
import { workspaceRef } from '../azure/inputs.js';
import type { AzureAccess } from '../azure/sign-in.js';
import { connectWorkspace } from '../azure/workspace.js';
import { checkScoringUri, type EndpointTarget, type ScoringProtocol } from '../endpoint/client.js';
import { describeError, InputError, RolloutError } from '../errors.js';
import { ReportFolder } from '../files/report-folder.js';
import type { StepContext } from '../host/context.js';
import type { Host } from '../host/host.js';
import { runIdentity } from '../host/run-info.js';
import { parsePairs } from '../inputs/parse.js';
import { parseImageRef } from '../registry/reference.js';
import { inferenceOverridesFromEnv, loadModelCard, overrideInference } from '../scoring/card.js';
import type { ParamOverrides } from '../scoring/scorer.js';
import { type GoldenSet, loadGoldenSet, parseShard } from './golden.js';
import { writeHtmlReport } from './html.js';
import type { GateInputs, GateOutputs } from './inputs.js';
import {
  type JudgedModel,
  parityEvidence,
  parseModelRef,
  readJudgedModel,
  recordEvidence,
} from './record.js';
import { type GateReport, summaryMarkdown, writeReports } from './report.js';
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

/** What a gate run judged, beyond the golden set: where, which model version, which image. */
export interface GateSubject {
  /** `<endpoint>/<deployment>`, or `local` for the local scorer alone. */
  target: string;
  /** The registered version judged: the verdict is recorded on it as evidence. */
  model?: JudgedModel | undefined;
  /** The inference image the judged deployment runs. */
  image?: string | undefined;
  /** Why no evidence is recorded, when no model is given (for the summary). */
  noEvidence?: string | undefined;
}

const ARTIFACT = 'detection-gate-report';

/** Judges a collected run, writes and publishes the reports, records the evidence on the judged
 * model version (when there is one), and returns the gate's outputs; a verdict other than pass
 * throws, with the outputs on the error, and so does evidence that could not be recorded. */
export async function finishGate(
  host: Host,
  golden: GoldenSet,
  data: RunData,
  thresholds: Thresholds,
  reportDir: string,
  shard: string | undefined,
  subject: GateSubject = { target: data.endpoint ? 'endpoint' : 'local' },
): Promise<{ report: GateReport; outputs: GateOutputs }> {
  const result = concludeRun(golden, data, thresholds);
  // Every report file goes through the host's masker: an endpoint may echo its key anywhere.
  const folder = new ReportFolder(reportDir, (text) => host.mask(text));
  const report = await writeReports(folder, golden, data, result, thresholds, shard, {
    target: subject.target,
    model: subject.model?.ref,
    contentHash: subject.model?.contentHash,
    image: subject.image,
  });
  await writeHtmlReport(folder, report, golden, data);
  await host.publishTestResults([report.files.junit as string], 'detection-gate');
  let location: string | undefined;
  try {
    location = await host.uploadArtifact(ARTIFACT, Object.values(report.files), reportDir);
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

  // Every verdict is evidence; written once the reports are, so a failure here hides nothing.
  let evidence = subject.noEvidence ?? 'not recorded: no model-ref given';
  let notRecorded: RolloutError | undefined;
  if (subject.model) {
    try {
      const written = await recordEvidence(subject.model, {
        verdict: report.verdict,
        ap: judged.coco.AP,
        ap50: judged.coco.AP50,
        parity: parityEvidence(report.parity),
        report: location ?? reportDir,
        run: runIdentity().runUrl ?? 'local',
        target: subject.target,
      });
      evidence = `recorded on ${subject.model.ref} (tags aml-rollout.gate.*)`;
      host.info(`evidence: verdict ${report.verdict} ${evidence}`);
      if (!written.contentHash)
        host.warning(
          `model ${subject.model.ref} has no content hash tag (not registered by register-model): promote will refuse it`,
        );
    } catch (e) {
      if (!(e instanceof RolloutError)) throw e;
      notRecorded = e;
      evidence = `NOT recorded on ${subject.model.ref}: ${e.message}`;
    }
  }
  // The job summary: summary.md's content with the artifact's link and the evidence, masked.
  const summary = summaryMarkdown(report, golden, data, {
    report: location && /^https?:/i.test(location) ? location : (report.files.html as string),
    evidence,
  });
  await host.appendSummary(host.mask(summary));

  if (report.verdict !== 'pass') {
    // The verdict is what the step fails on; the lost evidence is said too.
    if (notRecorded) host.error(describeError(notRecorded));
    throw new RolloutError(
      report.verdict === 'fail' ? 'GateFailed' : 'GateInconclusive',
      `gate ${report.verdict}: ${report.reasons.slice(0, 3).join('; ')}`,
      { resource: report.files.json, remediation: `see ${report.files.summary}`, outputs },
    );
  }
  if (notRecorded) {
    throw new RolloutError(notRecorded.code, notRecorded.message, {
      resource: notRecorded.resource,
      remediation: notRecorded.remediation,
      cause: notRecorded.cause,
      outputs,
    });
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
  const modelRef = inputs['model-ref'] ? parseModelRef(inputs['model-ref']) : undefined;
  if (modelRef && !inputs.workspace)
    throw new InputError(
      'workspace',
      'is required with model-ref (the workspace the model is registered in)',
    );
  if (modelRef && inputs.shard)
    throw new InputError(
      'model-ref',
      'a shard judges part of the golden set: its verdict is not evidence for the model',
      'run the gate unsharded with model-ref',
    );
  if (inputs.image) {
    const image = parseImageRef(inputs.image);
    if ('problem' in image) throw new InputError('image', image.problem);
  }
  const shard = parseShard(inputs.shard);
  const golden = await loadGoldenSet(inputs.golden);
  // Loaded once: the model and the baseline model are both scored with this card.
  const card = await loadModelCard(inputs.card);
  const thresholds = await loadThresholds(inputs.thresholds);
  const userParams: ParamOverrides = parsePairs('params', inputs.params ?? []);
  // Bounded and validated now, before any image is decoded (a tile grid costs a run per tile).
  overrideInference(card.inference, userParams, 'params');

  // The judged version must exist before anything is scored for it.
  const judgedModel = modelRef
    ? await readJudgedModel(
        await connectWorkspace(workspaceRef({ ...inputs, workspace: inputs.workspace as string }), azure),
        modelRef,
      )
    : undefined;
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
  const where = inputs.endpoint ?? inputs['scoring-uri'];
  const { outputs } = await finishGate(host, golden, data, thresholds, reportDir, inputs.shard, {
    target: where ? `${where}${inputs.deployment ? `/${inputs.deployment}` : ''}` : 'local',
    model: judgedModel,
    image: inputs.image,
  });
  return outputs;
}
