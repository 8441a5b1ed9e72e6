// Merging the report folders of sharded gate runs (`gate --shard i/n`, e.g. CI matrix jobs) into
// one verdict and one report. Each shard folder holds run-data.json (raw results) and gate.json
// (golden set folder and the thresholds it ran with). The raw results are concatenated and
// evaluated once, so the merged metrics and verdict are exactly those of an unsharded run.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, RolloutError } from '../errors.js';
import type { Host } from '../host/host.js';
import { loadGoldenSet } from './golden.js';
import type { GateOutputs } from './inputs.js';
import type { GateReport } from './report.js';
import { mergeRunData, type RunData } from './run.js';
import { finishGate } from './step.js';

async function readJson<T>(file: string): Promise<T> {
  if (!existsSync(file)) throw new InputError('shard', `${file} does not exist (not a gate shard report?)`);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (e) {
    throw new InputError('shard', `${file} is not valid JSON (${(e as Error).message})`);
  }
}

/** Merges shard report folders into `reportDir`, as the gate step finishes a run: the reports
 * are written and published, and a verdict other than pass throws with the outputs on the error. */
export async function mergeGateShards(
  host: Host,
  shardDirs: readonly string[],
  reportDir: string,
  goldenOverride?: string,
): Promise<{ report: GateReport; outputs: GateOutputs }> {
  if (shardDirs.length === 0) throw new InputError('shard', 'give at least one shard report folder');
  const reports: GateReport[] = [];
  const parts: RunData[] = [];
  for (const dir of shardDirs) {
    reports.push(await readJson<GateReport>(path.join(dir, 'gate.json')));
    parts.push(await readJson<RunData>(path.join(dir, 'run-data.json')));
  }
  const first = reports[0] as GateReport;
  // Shards of one run share the golden set, thresholds and sides; anything else is a mistake.
  for (const [i, r] of reports.entries()) {
    const where = shardDirs[i] as string;
    if (!goldenOverride && r.golden !== first.golden)
      throw new InputError('shard', `${where} ran golden set ${r.golden}, not ${first.golden}`);
    if (JSON.stringify(r.thresholds) !== JSON.stringify(first.thresholds))
      throw new InputError('shard', `${where} ran with other thresholds than ${shardDirs[0]}`);
    if (Boolean(r.endpoint) !== Boolean(first.endpoint) || Boolean(r.baseline) !== Boolean(first.baseline))
      throw new InputError('shard', `${where} judged other sides (endpoint/baseline) than ${shardDirs[0]}`);
    if (r.shard === undefined) host.warning(`${where} is not a shard (no --shard); merging it anyway`);
  }
  const counts = new Set(reports.map((r) => r.shard?.split('/')[1]).filter(Boolean));
  const indexes = new Set(reports.map((r) => r.shard?.split('/')[0]));
  if (counts.size === 1 && indexes.size === reports.length && reports.length < Number([...counts][0]))
    host.warning(
      `only ${reports.length} of ${[...counts][0]} shards given: the verdict covers those images only`,
    );
  const golden = await loadGoldenSet(goldenOverride ?? first.golden);
  const merged = mergeRunData(parts);
  const unknown = merged.imageIds.filter((id) => !golden.images.some((i) => i.id === id));
  if (unknown.length)
    throw new RolloutError(
      'ShardMismatch',
      `images ${unknown.slice(0, 5).join(', ')} are not in ${golden.dir}`,
    );
  host.info(`merging ${parts.length} shard(s): ${merged.imageIds.length} images`);
  return finishGate(host, golden, merged, first.thresholds, path.resolve(reportDir), undefined, {
    target: first.subject?.target ?? (first.endpoint ? 'endpoint' : 'local'),
    image: first.subject?.image,
    // Shards are refused a model-ref: a slice's verdict is no evidence, and merge signs in nowhere.
    noEvidence: 'not recorded: merged shards record no evidence (run the gate unsharded with model-ref)',
  });
}
