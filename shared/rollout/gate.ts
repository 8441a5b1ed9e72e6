// The gate before any traffic: the existing gate (shared/gate) run against the new deployment
// through the `azureml-model-deployment` header, and blue-vs-green parity: the same golden images
// sent to the live deployment, to say which images' detections the new one changes. The verdict is
// recorded as evidence on the model version the deployment serves, when it is one of the workspace's.
import type { ModelWorkspace } from '../azure/models.js';
import type { EndpointTarget } from '../endpoint/client.js';
import { type CocoDetection } from '../gate/coco.js';
import { imageParity } from '../gate/parity.js';
import { readJudgedModel } from '../gate/record.js';
import { collect, runEndpoint } from '../gate/run.js';
import { finishGate } from '../gate/step.js';
import type { Host } from '../host/host.js';
import { inferenceOverridesFromEnv, overrideInference } from '../scoring/card.js';
import type { GateSettings } from './preflight.js';

/** Per-image detections grouped by image id. */
function byImage(detections: readonly CocoDetection[]): Map<number, CocoDetection[]> {
  const out = new Map<number, CocoDetection[]>();
  for (const d of detections) out.set(d.image_id, [...(out.get(d.image_id) ?? []), d]);
  return out;
}

/** What the gate's evidence names: the model version the deployment serves and its image. */
export interface DeployGateSubject {
  workspace: ModelWorkspace;
  endpoint: string;
  /** The registered version in `workspace`, or why the deployment's model is not one. */
  model: { name: string; version: string } | { reason: string };
  image?: string | undefined;
}

export function deployGate(
  host: Host,
  gate: GateSettings,
  target: Omit<EndpointTarget, 'deployment'>,
  environmentVariables: Readonly<Record<string, string>>,
  /** A live deployment's environment variables (its inference parameters). */
  liveEnvironment: (deployment: string) => Readonly<Record<string, string>>,
  subject: DeployGateSubject,
) {
  return async (deployment: string, live: string | undefined, signal: AbortSignal): Promise<string> => {
    // Read before anything is scored: its content hash is shown beside the verdict.
    const model =
      'reason' in subject.model
        ? undefined
        : await readJudgedModel(subject.workspace, subject.model, 'model');
    const noEvidence = 'reason' in subject.model ? `not recorded: ${subject.model.reason}` : undefined;
    if (noEvidence) host.info(`gate evidence ${noEvidence}`);
    const endpoint = { target: { ...target, deployment }, concurrency: 2 };
    const data = await host.group(`gate on '${deployment}'`, () =>
      collect({
        golden: gate.golden,
        model: gate.model,
        card: gate.card,
        baselinePredictions: gate.baseline,
        endpoint,
        // The local scorer runs with the inference parameters the deployment runs with.
        params: inferenceOverridesFromEnv({ ...environmentVariables }),
        thresholds: gate.thresholds,
        signal,
        log: (l) => host.info(l),
      }),
    );
    const { report } = await finishGate(host, gate.golden, data, gate.thresholds, gate.reportDir, undefined, {
      target: `${subject.endpoint}/${deployment}`,
      model,
      image: subject.image,
      noEvidence,
    });
    const judged = report.endpoint ?? report.local;
    let parity = '';
    if (live && data.endpoint) {
      const old = await runEndpoint(
        { target: { ...target, deployment: live }, concurrency: 2 },
        gate.golden.images,
        gate.golden,
        signal,
        () => undefined,
      );
      const next = byImage(data.endpoint);
      const before = byImage(old.detections);
      // Detections just above the lower of the two box_score_thresh values may fall on either side
      // of it and are not counted as changes; above that, a box one side returns and the other
      // does not is a change, even when the two deployments run with different thresholds.
      const scoreThreshold = Math.min(data.scoreThreshold, liveScoreThreshold(gate, liveEnvironment(live)));
      const changed: string[] = [];
      for (const image of gate.golden.images) {
        const p = imageParity(image.id, before.get(image.id) ?? [], next.get(image.id) ?? [], {
          iou: 0.5,
          scoreDelta: 0.05,
          scoreThreshold,
        });
        if (p.localOnly || p.endpointOnly) changed.push(image.fileName);
      }
      parity = `; vs '${live}': ${changed.length} of ${gate.golden.images.length} images' detections changed${changed.length ? ` (${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ', ...' : ''})` : ''}`;
      host.info(`blue/green parity${parity}`);
    }
    return `${report.verdict}: AP ${judged.coco.AP.toFixed(3)}, AP50 ${judged.coco.AP50.toFixed(3)}${parity}`;
  };
}

/** The live deployment's box_score_thresh (its environment over the gate card's defaults); 0, the
 * least allowance, when its variables do not parse. */
function liveScoreThreshold(gate: GateSettings, env: Readonly<Record<string, string>>): number {
  try {
    return overrideInference(gate.card.inference, inferenceOverridesFromEnv({ ...env })).boxScoreThresh;
  } catch {
    return 0;
  }
}
