// A gate run in two halves. `collect` scores the golden images (local scorer, baseline, endpoint)
// and keeps the raw results; `conclude` evaluates, judges and writes the reports. A sharded run
// collects a slice; `mergeShards` concatenates the slices' raw results and concludes once, so the
// merged verdict is exactly the unsharded one.
import { readFile } from 'node:fs/promises';
import { answerMask, EndpointError, type EndpointTarget, scoreImage } from '../endpoint/client.js';
import { mapLimit } from '../endpoint/concurrency.js';
import { RolloutError } from '../errors.js';
import { excerpt } from '../secrets.js';
import type { ModelCard } from '../scoring/card.js';
import { toCoco } from '../scoring/format.js';
import { DetectionScorer, type ParamOverrides } from '../scoring/scorer.js';
import { type CocoDetection, evaluateCoco } from './coco.js';
import { type GoldenImage, type GoldenSet, type Shard, shardImages } from './golden.js';
import { DEFAULT_ENDPOINT_DEADLINE_SECONDS } from './inputs.js';
import { judge } from './judge.js';
import { type ImageParity, imageParity } from './parity.js';
import type { Thresholds } from './thresholds.js';

export interface EndpointRun {
  target: EndpointTarget;
  concurrency: number;
  /** Seconds the whole endpoint phase may take (default DEFAULT_ENDPOINT_DEADLINE_SECONDS); what
   * is not scored by then fails. */
  deadlineSeconds?: number | undefined;
}

export interface CollectOptions {
  golden: GoldenSet;
  model: string;
  /** The card of the model and of the baseline model, loaded once by the caller. */
  card: ModelCard;
  baselineModel?: string | undefined;
  baselinePredictions?: string | undefined;
  endpoint?: EndpointRun | undefined;
  params: ParamOverrides;
  thresholds: Thresholds;
  shard?: Shard | undefined;
  signal?: AbortSignal;
  log: (line: string) => void;
}

export interface EndpointFailure {
  imageId: number;
  /** The failure's code (EndpointRequestFailed, EndpointResponseTooLarge, ...), when it has one. */
  code?: string | undefined;
  message: string;
}

/** The endpoint phase ran out of time: its deadline, and how many images got no answer. */
export interface DeadlineReached {
  seconds: number;
  unscored: number;
}

/** Everything a run measured, before any judgement: what shards write and merge reads. */
export interface RunData {
  imageIds: number[];
  scoreThreshold: number;
  local: CocoDetection[];
  baseline?: CocoDetection[] | undefined;
  endpoint?: CocoDetection[] | undefined;
  parity?: ImageParity[] | undefined;
  errors: {
    failed: number;
    total: number;
    failures: EndpointFailure[];
    deadline?: DeadlineReached | undefined;
  };
  missedMustDetect: { image: string; classes: string[] }[];
}

async function runLocal(
  modelPath: string,
  card: ModelCard,
  images: GoldenImage[],
  golden: GoldenSet,
  params: ParamOverrides,
): Promise<{ detections: CocoDetection[]; scoreThreshold: number }> {
  const scorer = await DetectionScorer.open(modelPath, card);
  try {
    const bytes = await Promise.all(images.map((i) => readFile(i.file)));
    const results = await scorer.scoreBatch(bytes, params);
    const detections: CocoDetection[] = [];
    results.forEach((r, i) => {
      const image = images[i] as GoldenImage;
      if (r instanceof RolloutError) {
        throw new RolloutError(
          'GoldenImageUnreadable',
          `local scorer failed on ${image.fileName}: ${r.message}`,
          { resource: image.file },
        );
      }
      for (const d of toCoco(r, image.id, golden.categoryByName)) {
        detections.push({ image_id: image.id, category_id: d.category_id, bbox: d.bbox, score: d.score });
      }
    });
    return { detections, scoreThreshold: scorer.params(params).boxScoreThresh };
  } finally {
    await scorer.close();
  }
}

/** The endpoint side of a run: every image through `scoreImage`, `run.concurrency` in flight,
 * all within `run.deadlineSeconds`: when it passes, requests in flight are abandoned and the
 * images left are failures (EndpointDeadlineReached), so a hanging endpoint costs the deadline,
 * not the retries of every image. `signal` (the job's cancellation) still throws. */
export async function runEndpoint(
  run: EndpointRun,
  images: GoldenImage[],
  golden: GoldenSet,
  signal: AbortSignal | undefined,
  log: (line: string) => void,
): Promise<{ detections: CocoDetection[]; failures: EndpointFailure[]; deadline?: DeadlineReached }> {
  const detections: CocoDetection[] = [];
  const failures: EndpointFailure[] = [];
  const seconds = run.deadlineSeconds ?? DEFAULT_ENDPOINT_DEADLINE_SECONDS;
  const deadline = AbortSignal.timeout(seconds * 1000);
  const phase = signal ? AbortSignal.any([signal, deadline]) : deadline;
  let unscored = 0;
  // What the endpoint said is quoted in excerpts only, masked before they are cut.
  const mask = answerMask(run.target);
  const quote = (text: string) => `'${excerpt(text, mask, { max: 100 })}'`;
  let done = 0;
  await mapLimit(images, run.concurrency, async (image) => {
    try {
      if (deadline.aborted) throw deadlineError();
      const outcome = await scoreImage(run.target, await readFile(image.file), image, phase);
      // Where the endpoint says who answered, it must be the deployment we asked for.
      if (run.target.deployment && outcome.answeredBy && outcome.answeredBy !== run.target.deployment) {
        throw new RolloutError(
          'WrongDeployment',
          `answered by deployment ${quote(outcome.answeredBy)}, not '${run.target.deployment}'`,
        );
      }
      for (const d of outcome.detections) {
        const category = golden.categoryByName.get(d.label);
        if (category === undefined)
          throw new RolloutError('UnknownLabel', `label ${quote(d.label)} is not a golden-set category`);
        detections.push({
          image_id: image.id,
          category_id: category,
          bbox: [d.x1, d.y1, d.x2 - d.x1, d.y2 - d.y1],
          score: d.score,
        });
      }
    } catch (caught) {
      if (signal?.aborted) throw caught;
      let e = caught;
      if (deadline.aborted && !(e instanceof RolloutError)) e = deadlineError();
      if (!(e instanceof RolloutError)) throw e;
      if (e.code === 'EndpointDeadlineReached') unscored++;
      failures.push({
        imageId: image.id,
        code: e.code,
        message: `${image.fileName}: ${e.code}: ${e.message}`,
      });
    }
    if (++done % 8 === 0 || done === images.length) log(`endpoint: ${done}/${images.length} images`);
  });
  if (!unscored) return { detections, failures };
  log(`endpoint: the ${seconds} s deadline passed; ${unscored} image(s) not scored`);
  return { detections, failures, deadline: { seconds, unscored } };

  function deadlineError(): EndpointError {
    return new EndpointError(
      `not scored: the endpoint phase's deadline of ${seconds} s passed (input 'endpoint-deadline')`,
      undefined,
      0,
      'EndpointDeadlineReached',
    );
  }
}

async function loadPredictions(file: string, imageIds: Set<number>): Promise<CocoDetection[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new RolloutError(
      'InvalidInput',
      `input 'baseline': ${file} is not a COCO results JSON (${(e as Error).message})`,
      { resource: 'baseline' },
    );
  }
  const list = Array.isArray(doc) ? doc : ((doc as { results?: unknown[] }).results ?? []);
  return (list as CocoDetection[]).filter((d) => imageIds.has(d.image_id));
}

export async function collect(o: CollectOptions): Promise<RunData> {
  const images = shardImages(o.golden.images, o.shard);
  const imageIds = images.map((i) => i.id);
  const ids = new Set(imageIds);
  o.log(`golden set: ${images.length} images${o.shard ? ` (shard ${o.shard.index}/${o.shard.count})` : ''}`);

  const local = await runLocal(o.model, o.card, images, o.golden, o.params);
  o.log(`local scorer: ${local.detections.length} detections`);
  let baseline: CocoDetection[] | undefined;
  if (o.baselineModel)
    baseline = (await runLocal(o.baselineModel, o.card, images, o.golden, o.params)).detections;
  else if (o.baselinePredictions) baseline = await loadPredictions(o.baselinePredictions, ids);

  const data: RunData = {
    imageIds,
    scoreThreshold: local.scoreThreshold,
    local: local.detections,
    baseline,
    errors: { failed: 0, total: 0, failures: [] },
    missedMustDetect: [],
  };
  if (o.endpoint) {
    const ep = await runEndpoint(o.endpoint, images, o.golden, o.signal, o.log);
    data.endpoint = ep.detections;
    data.errors = {
      failed: ep.failures.length,
      total: images.length,
      failures: ep.failures,
      ...(ep.deadline ? { deadline: ep.deadline } : {}),
    };
    const failed = new Set(ep.failures.map((f) => f.imageId));
    const tolerance = {
      iou: o.thresholds.parity.iou,
      scoreDelta: o.thresholds.parity.scoreDelta,
      scoreThreshold: local.scoreThreshold,
    };
    data.parity = images
      .filter((i) => !failed.has(i.id))
      .map((i) =>
        imageParity(
          i.id,
          local.detections.filter((d) => d.image_id === i.id),
          ep.detections.filter((d) => d.image_id === i.id),
          tolerance,
        ),
      );
  }
  const judged = data.endpoint ?? data.local;
  for (const image of images) {
    const expected = o.golden.mustDetect.get(image.fileName);
    if (!expected) continue;
    const found = new Set(judged.filter((d) => d.image_id === image.id).map((d) => d.category_id));
    const missed = expected.filter((name) => !found.has(o.golden.categoryByName.get(name) ?? -1));
    if (missed.length) data.missedMustDetect.push({ image: image.fileName, classes: missed });
  }
  return data;
}

export function concludeRun(golden: GoldenSet, data: RunData, thresholds: Thresholds) {
  const options = { imageIds: data.imageIds };
  const local = evaluateCoco(golden.gt, data.local, options);
  const endpoint = data.endpoint ? evaluateCoco(golden.gt, data.endpoint, options) : undefined;
  const baseline = data.baseline ? evaluateCoco(golden.gt, data.baseline, options) : undefined;
  const judgement = judge({
    judged: endpoint ? { side: 'endpoint', coco: endpoint } : { side: 'local', coco: local },
    local,
    baseline,
    parity: data.parity,
    errors: data.errors,
    missedMustDetect: data.missedMustDetect,
    thresholds,
  });
  return { local, endpoint, baseline, judgement };
}

/** Concatenates shard results; their image sets must be disjoint. */
export function mergeRunData(parts: readonly RunData[]): RunData {
  const seen = new Set<number>();
  for (const p of parts) {
    for (const id of p.imageIds) {
      if (seen.has(id)) throw new RolloutError('ShardOverlap', `image ${id} appears in more than one shard`);
      seen.add(id);
    }
  }
  const all = <T>(pick: (p: RunData) => T[] | undefined): T[] | undefined =>
    parts.every((p) => pick(p) !== undefined) ? parts.flatMap((p) => pick(p) ?? []) : undefined;
  return {
    imageIds: [...seen].sort((a, b) => a - b),
    scoreThreshold: parts[0]?.scoreThreshold ?? 0,
    local: parts.flatMap((p) => p.local),
    baseline: all((p) => p.baseline),
    endpoint: all((p) => p.endpoint),
    // Per-image lists in image order, as an unsharded run writes them (shards interleave images).
    parity: all((p) => p.parity)?.sort((a, b) => a.imageId - b.imageId),
    errors: {
      failed: parts.reduce((s, p) => s + p.errors.failed, 0),
      total: parts.reduce((s, p) => s + p.errors.total, 0),
      failures: parts.flatMap((p) => p.errors.failures).sort((a, b) => a.imageId - b.imageId),
      ...mergedDeadline(parts),
    },
    missedMustDetect: parts.flatMap((p) => p.missedMustDetect),
  };
}

/** A merged run passed its deadline if any shard did: the images none of them scored, summed. */
function mergedDeadline(parts: readonly RunData[]): { deadline?: DeadlineReached } {
  const reached = parts.flatMap((p) => (p.errors.deadline ? [p.errors.deadline] : []));
  if (!reached.length) return {};
  return {
    deadline: {
      seconds: Math.max(...reached.map((d) => d.seconds)),
      unscored: reached.reduce((s, d) => s + d.unscored, 0),
    },
  };
}
