// Bundled entry of the `deploy` action and task (dist/deploy/index.js).
import { runHostedStep } from './step.js';

await runHostedStep('deploy');
