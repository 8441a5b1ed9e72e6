// Bundled entry of the `build-image` action and task (dist/build-image/index.js).
import { runHostedStep } from './step.js';

await runHostedStep('build-image');
