// Bundled entry of the `gate` action and task (dist/gate/index.js).
import { runHostedStep } from './step.js';

await runHostedStep('gate');
