// A step as a CLI command: flags are the step's input names, outputs one JSON object on stdout.
import { describeError } from '../errors.js';
import { CliHost } from '../host/cli.js';
import type { StepDefinition } from '../steps/definition.js';
import { runStep } from '../steps/runner.js';
import type { CliCommand, CliIO } from './command.js';
import { parseStepFlags } from './flags.js';

export function stepCommand(step: StepDefinition): CliCommand {
  return {
    name: step.id,
    summary: step.description,
    usage: `aml-rollout ${step.id} ${Object.entries(step.inputs)
      .filter(([, s]) => !s.hosts || s.hosts.includes('cli'))
      .map(([n, s]) => (s.required ? `--${n} <${s.kind}>` : `[--${n} <${s.kind}>]`))
      .join(' ')}`,
    async run(argv: string[], io: CliIO, signal?: AbortSignal): Promise<number> {
      let flags: Record<string, string>;
      try {
        flags = parseStepFlags(argv, step.inputs);
      } catch (e) {
        io.stderr(`error: ${describeError(e)}`);
        return 2;
      }
      const host = new CliHost(flags, io);
      const ok = await runStep(step, host, signal ?? new AbortController().signal);
      if (ok) io.stdout(JSON.stringify(host.maskedOutputs()));
      return ok ? 0 : 1;
    },
  };
}
