// The one definition of a step: its inputs and outputs, written once. `action.yml`, `task.json`,
// the umbrella action and the CLI flags are all generated from (and checked against) these objects.
import type { Host } from '../host/host.js';

export type InputKind =
  /** free text */
  | 'string'
  /** free text that is masked everywhere once read */
  | 'secret'
  | 'boolean'
  | 'number'
  /** one item per line (or comma-separated on one line) */
  | 'list'
  /** a file or folder, resolved against the host's workspace */
  | 'path'
  /** one of `options` */
  | 'choice';

/** Which hosts show an input. Credentials differ per host; everything else is shared. */
export type HostKind = 'github' | 'ado' | 'cli';

export interface InputSpec {
  kind: InputKind;
  description: string;
  required?: boolean;
  /** Default as the user would type it (hosts pass inputs as strings). */
  default?: string;
  options?: readonly string[];
  /** Hosts that offer this input; all when absent. */
  hosts?: readonly HostKind[];
  /** Azure DevOps input type when it differs from the kind's natural one (e.g. a service connection). */
  adoType?: string;
  /** Number bounds, inclusive. */
  min?: number;
  max?: number;
}

export interface OutputSpec {
  description: string;
}

export type InputSpecs = Readonly<Record<string, InputSpec>>;

type ValueOfKind<K extends InputKind> = K extends 'boolean'
  ? boolean
  : K extends 'number'
    ? number
    : K extends 'list'
      ? string[]
      : string;

/** The typed, validated inputs a step receives: required or defaulted inputs are never undefined. */
export type InputsOf<S extends InputSpecs> = {
  readonly [N in keyof S]: S[N] extends { required: true } | { default: string }
    ? ValueOfKind<S[N]['kind']>
    : ValueOfKind<S[N]['kind']> | undefined;
};

export type OutputsOf<O extends Readonly<Record<string, OutputSpec>>> = { [N in keyof O]?: string };

export interface StepContext {
  host: Host;
  /** Cancelled when the job is cancelled; every wait must honour it. */
  signal: AbortSignal;
}

export interface StepDefinition<
  S extends InputSpecs = InputSpecs,
  O extends Readonly<Record<string, OutputSpec>> = Readonly<Record<string, OutputSpec>>,
> {
  /** kebab-case; the CLI sub-command, the action folder, the task folder. */
  id: string;
  title: string;
  description: string;
  inputs: S;
  outputs: O;
  /** Whether the step's behaviour is built; the manifests say so too. */
  available: boolean;
  run(inputs: InputsOf<S>, context: StepContext): Promise<OutputsOf<O>>;
}

/** Helper that keeps the literal types of a definition so `InputsOf` can see them. */
export function defineStep<S extends InputSpecs, O extends Readonly<Record<string, OutputSpec>>>(
  step: StepDefinition<S, O>,
): StepDefinition<S, O> {
  return step;
}
