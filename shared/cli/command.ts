// The contract every `aml-rollout <name>` sub-command implements. Commands parse their own argv
// (flags in kebab-case) and return an exit code; they never call process.exit themselves, so tests
// can run them in-process.

export interface CliIO {
  /** Machine-readable results (one JSON object for step commands). */
  stdout(text: string): void;
  /** Progress and diagnostics for people. Secrets are masked before they get here. */
  stderr(text: string): void;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}
