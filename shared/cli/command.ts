// The contract every `aml-rollout <name>` sub-command implements. Commands parse their own argv
// (flags in kebab-case) and return an exit code; they never call process.exit themselves, so tests
// can run them in-process.

import type { CliIO } from '../host/cli.js';

// The streams belong to the CLI host (layer 3), which writes to them; commands take them from here.
export type { CliIO };

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** `signal` is the cancellation a step runs under; tool commands handle their own signals. */
  run(argv: string[], io: CliIO, signal?: AbortSignal): Promise<number>;
}
