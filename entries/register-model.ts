// Bundled entry of the `register-model` action and task (dist/register-model/index.js).
import { runHostedStep } from './step.js';

await runHostedStep('register-model');
