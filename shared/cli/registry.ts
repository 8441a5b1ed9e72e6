// Every `aml-rollout` sub-command, by name. Step commands (build-image, register-model, deploy,
// gate, promote) come from the step catalogue; the rest are tools around them.
import type { CliCommand } from './command.js';
import { gateMergeCommand } from './commands/gate-merge.js';
import { localCommand } from './commands/local.js';
import { rehearseCommand } from './commands/rehearse.js';
import { scoreCommand } from './commands/score.js';
import { serveCommand } from './commands/serve.js';

const tools: CliCommand[] = [
  // Tool commands register here, one import each (score, serve, local, rehearse, ...).
  scoreCommand,
  serveCommand,
  localCommand,
  rehearseCommand,
  gateMergeCommand,
];

export function toolCommands(): CliCommand[] {
  return tools;
}
