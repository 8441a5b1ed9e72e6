// Bundled entry of the `promote` action and task (dist/promote/index.js).
import { runHostedStep } from './step.js';

await runHostedStep('promote');
