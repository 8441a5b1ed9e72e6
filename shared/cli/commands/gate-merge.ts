// `aml-rollout gate-merge --report-dir OUT SHARD_DIR...`: combine the report folders of sharded
// gate runs (`aml-rollout gate --shard i/n`, e.g. CI matrix jobs) into one verdict and one report.
// Each shard folder holds run-data.json (raw results) and gate.json (golden set folder and the
// thresholds it ran with). The raw results are concatenated and evaluated once, so the merged
// metrics and verdict are exactly those of an unsharded run. `aml-rollout gate merge ...` is the
// same command (main.ts forwards it here).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeError, InputError, RolloutError } from '../../errors.js';
import { loadGoldenSet } from '../../gate/golden.js';
import type { GateReport } from '../../gate/report.js';
import { mergeRunData, type RunData } from '../../gate/run.js';
import { finishGate } from '../../gate/step.js';
import { CliHost } from '../../host/cli.js';
import type { CliCommand, CliIO } from '../command.js';

const USAGE = `aml-rollout gate-merge --report-dir OUT [--golden DIR] SHARD_DIR [SHARD_DIR ...]
       (also: aml-rollout gate merge ...)

  SHARD_DIR     report folder of one 'aml-rollout gate --shard i/n' run (gate.json, run-data.json)
  --report-dir  where the merged reports go (gate.json, junit.xml, summary.md, report.html, ...)
  --golden      golden set folder, when it is not where the shards recorded it (other machine)

Exit 0 when the merged verdict is pass, 1 on fail or inconclusive, 2 on bad arguments.`;

async function readJson<T>(file: string): Promise<T> {
  if (!existsSync(file)) throw new InputError('shard', `${file} does not exist (not a gate shard report?)`);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (e) {
    throw new InputError('shard', `${file} is not valid JSON (${(e as Error).message})`);
  }
}

/** Merges shard report folders into `reportDir`; returns the merged report. */
export async function mergeGateShards(
  host: CliHost,
  shardDirs: readonly string[],
  reportDir: string,
  goldenOverride?: string,
): Promise<GateReport> {
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
  return finishGate(host, golden, merged, first.thresholds, path.resolve(reportDir), undefined);
}

export const gateMergeCommand: CliCommand = {
  name: 'gate-merge',
  summary: 'Merge the reports of sharded gate runs (--shard i/n) into one verdict and report',
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    let values: { 'report-dir'?: string; golden?: string };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: argv,
        options: { 'report-dir': { type: 'string' }, golden: { type: 'string' } },
        allowPositionals: true,
      }));
      if (!values['report-dir']) throw new InputError('report-dir', 'is required');
      if (positionals.length === 0) throw new InputError('shard', 'give at least one shard report folder');
    } catch (e) {
      io.stderr(`error: ${describeError(e)}\n\nusage: ${USAGE}`);
      return 2;
    }
    const host = new CliHost({}, io);
    try {
      await mergeGateShards(host, positionals, values['report-dir'], values.golden);
      io.stdout(JSON.stringify(host.maskedOutputs()));
      return 0;
    } catch (e) {
      host.fail(describeError(e));
      if (e instanceof RolloutError && /^Gate(Failed|Inconclusive)$/.test(e.code))
        io.stdout(JSON.stringify(host.maskedOutputs()));
      return e instanceof InputError ? 2 : 1;
    }
  },
};
