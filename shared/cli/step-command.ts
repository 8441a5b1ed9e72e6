// A step as a CLI command: flags are the step's input names, outputs one JSON object on stdout.
import { describeError } from '../errors.js';
import { CliHost } from '../host/cli.js';
import type { StepDefinition } from '../steps/definition.js';
import { processCancellation, runStep } from '../steps/runner.js';
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
      // Ctrl-C or a CI job's SIGTERM cancels the step, which then cleans up (a rollout restores
      // the traffic it found) instead of dying mid-change.
      const cancel = signal ? { signal, dispose: () => undefined } : processCancellation();
      let ok: boolean;
      try {
        ok = await runStep(step, host, cancel.signal);
      } finally {
        cancel.dispose();
      }
      if (ok) io.stdout(JSON.stringify(host.maskedOutputs()));
      return ok ? 0 : 1;
    },
  };
}
