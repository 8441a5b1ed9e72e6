// The step catalogue: every step the suite offers, in pipeline order.
import type { StepDefinition } from '../definition.js';
import { buildImage } from './build-image.js';
import { deploy } from './deploy.js';
import { gate } from './gate.js';
import { promote } from './promote.js';
import { registerModel } from './register-model.js';

// The catalogue is read generically (manifests, CLI, host runner); each step keeps its own types.
export const steps: readonly StepDefinition[] = [
  buildImage,
  registerModel,
  deploy,
  gate,
  promote,
] as unknown as readonly StepDefinition[];

export function findStep(id: string): StepDefinition | undefined {
  return steps.find((s) => s.id === id);
}
