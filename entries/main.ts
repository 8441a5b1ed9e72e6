// Bundled entry of the umbrella action (root action.yml): the `command` input picks the step.
import { runHostedStep } from './step.js';

await runHostedStep(process.env.INPUT_COMMAND?.trim() || undefined);
