// `aml-rollout <command> ...`: step commands (from the step catalogue) and tool commands.
import { describeError } from '../errors.js';
import { CliHost } from '../host/cli.js';
import { steps } from '../steps/catalog/index.js';
import type { StepDefinition } from '../steps/definition.js';
import { runStep } from '../steps/runner.js';
import type { CliCommand, CliIO } from './command.js';
import { parseStepFlags } from './flags.js';
import { toolCommands } from './registry.js';

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

export function allCommands(): CliCommand[] {
  return [...steps.map(stepCommand), ...toolCommands()];
}

function usage(): string {
  const lines = ['usage: aml-rollout <command> [--flag value ...]', '', 'commands:'];
  for (const c of allCommands()) lines.push(`  ${c.name.padEnd(16)} ${c.summary}`);
  lines.push('', "aml-rollout <command> --help shows a command's flags.");
  return lines.join('\n');
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stderr(usage());
    return name ? 0 : 2;
  }
  const command = allCommands().find((c) => c.name === name);
  if (!command) {
    io.stderr(`error: '${name}' is not a command\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stderr(`${command.summary}\n\nusage: ${command.usage}`);
    return 0;
  }
  return command.run(rest, io);
}
