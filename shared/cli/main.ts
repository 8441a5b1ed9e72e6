// `aml-rollout <command> ...`: step commands (from the step catalogue) and tool commands.
import { steps } from '../steps/catalog/index.js';
import type { CliCommand, CliIO } from './command.js';
import { toolCommands } from './registry.js';
import { stepCommand } from './step-command.js';

export function allCommands(): CliCommand[] {
  return [...steps.map(stepCommand), ...toolCommands()];
}

function usage(): string {
  const lines = ['usage: aml-rollout <command> [--flag value ...]', '', 'commands:'];
  for (const c of allCommands()) lines.push(`  ${c.name.padEnd(16)} ${c.summary}`);
  lines.push('', "aml-rollout <command> --help shows a command's flags.");
  return lines.join('\n');
}

/**
 * Runs one command. `cancellation` gives the signal a step runs under (the CLI entry passes the
 * process's SIGTERM/SIGINT, so a cancelled job still restores traffic); it is asked for only when
 * a step runs, since a signal listener keeps the process from dying on SIGTERM by default.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIO,
  cancellation?: () => AbortSignal,
): Promise<number> {
  let [name, ...rest] = argv;
  // `gate merge ...` is the `gate-merge` tool command (the gate step's flags never start with a word).
  if (name === 'gate' && rest[0] === 'merge') [name, ...rest] = ['gate-merge', ...rest.slice(1)];
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
  const isStep = steps.some((s) => s.id === command.name);
  return command.run(rest, io, isStep ? cancellation?.() : undefined);
}
