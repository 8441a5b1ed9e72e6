#!/usr/bin/env node
// Bundled entry of the `aml-rollout` command (dist/cli/index.js).
import { runCli } from '../shared/cli/main.js';
import { processSignal } from '../shared/steps/runner.js';

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  },
  processSignal,
);
// Leave running servers (serve, local up --foreground) alive: only set the code.
process.exitCode = code;
