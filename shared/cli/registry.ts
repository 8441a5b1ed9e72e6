// Every `aml-rollout` sub-command, by name. Step commands (build-image, register-model, deploy,
// gate, promote) come from the step catalogue; the rest are tools around them.
import type { CliCommand } from './command.js';

const tools: CliCommand[] = [
  // Tool commands register here, one import each (score, serve, local, rehearse, ...).
];

export function toolCommands(): CliCommand[] {
  return tools;
}
