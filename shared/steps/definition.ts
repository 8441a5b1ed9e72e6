// The one definition of a step: its inputs and outputs, written once. `action.yml`, `task.json`,
// the umbrella action and the CLI flags are all generated from (and checked against) these objects.
// The input vocabulary (kinds, `InputsOf`) is shared/inputs/spec.ts.
import type { StepContext } from '../host/context.js';
import type { InputSpecs, InputsOf, OutputSpecs, OutputsOf } from '../inputs/spec.js';

export interface StepDefinition<S extends InputSpecs = InputSpecs, O extends OutputSpecs = OutputSpecs> {
  /** kebab-case; the CLI sub-command, the action folder, the task folder. */
  id: string;
  title: string;
  description: string;
  inputs: S;
  outputs: O;
  /** Whether the step's behaviour is built; the manifests say so too. */
  available: boolean;
  run(inputs: InputsOf<S>, context: StepContext): Promise<OutputsOf<O>>;
  /**
   * The post-job entry, when the step has one (GitHub `post:`, Azure DevOps `postjobexecution`):
   * run after the job, even a cancelled one, with the same inputs; it reads what `run` saved with
   * `host.saveState` and cleans up what a killed `run` left.
   */
  post?(inputs: InputsOf<S>, context: StepContext): Promise<void>;
}

/** Helper that keeps the literal types of a definition so `InputsOf` can see them. */
export function defineStep<S extends InputSpecs, O extends OutputSpecs>(
  step: StepDefinition<S, O>,
): StepDefinition<S, O> {
  return step;
}
