// `aml-rollout gate-merge --report-dir OUT SHARD_DIR...`: combine the report folders of sharded
// gate runs (`aml-rollout gate --shard i/n`, e.g. CI matrix jobs) into one verdict and one report
// (shared/gate/merge.ts), printing the gate's outputs as JSON. `aml-rollout gate merge ...` is the
// same command (main.ts forwards it here).
import { parseArgs } from 'node:util';
import { describeError, InputError, RolloutError } from '../../errors.js';
import { mergeGateShards } from '../../gate/merge.js';
import { CliHost } from '../../host/cli.js';
import type { CliCommand, CliIO } from '../command.js';

const USAGE = `aml-rollout gate-merge --report-dir OUT [--golden DIR] SHARD_DIR [SHARD_DIR ...]
       (also: aml-rollout gate merge ...)

  SHARD_DIR     report folder of one 'aml-rollout gate --shard i/n' run (gate.json, run-data.json)
  --report-dir  where the merged reports go (gate.json, junit.xml, summary.md, report.html, ...)
  --golden      golden set folder, when it is not where the shards recorded it (other machine)

Exit 0 when the merged verdict is pass, 1 on fail or inconclusive, 2 on bad arguments.`;

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
      const { outputs } = await mergeGateShards(host, positionals, values['report-dir'], values.golden);
      io.stdout(JSON.stringify(host.maskedOutputs(outputs)));
      return 0;
    } catch (e) {
      host.fail(describeError(e));
      // A fail or inconclusive verdict still has its outputs, as the gate step sets them.
      if (e instanceof RolloutError && e.outputs) io.stdout(JSON.stringify(host.maskedOutputs(e.outputs)));
      return e instanceof InputError ? 2 : 1;
    }
  },
};
