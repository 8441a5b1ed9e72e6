// How a step input or output is declared, and the typed values a declaration gives. Every input
// is declared once (next to the behaviour that reads it); `InputsOf` derives the types the code
// receives, and the manifests, the CLI flags and the parser read the same objects. Layer 1: the
// declarations of every layer above are written in this vocabulary.

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
export type OutputSpecs = Readonly<Record<string, OutputSpec>>;

/** The value one input parses to; a choice is the union of its options. */
type ValueOf<S extends InputSpec> = KindValue<S['kind'], S>;

// Distributes over a union of kinds, so the generic `InputSpecs` gives the union of all values.
type KindValue<K extends InputKind, S> = K extends 'boolean'
  ? boolean
  : K extends 'number'
    ? number
    : K extends 'list'
      ? string[]
      : K extends 'choice'
        ? S extends { options: readonly (infer O extends string)[] }
          ? O
          : string
        : string;

/** Required or defaulted: the parser always gives a value. */
type Given<S extends InputSpec> = S extends { required: true } | { default: string } ? true : false;

type Flat<T> = { [K in keyof T]: T[K] };

/** The typed, validated inputs a step receives: required or defaulted inputs are never undefined. */
export type InputsOf<S extends InputSpecs> = Flat<
  { readonly [N in keyof S as Given<S[N]> extends true ? N : never]: ValueOf<S[N]> } & {
    readonly [N in keyof S as Given<S[N]> extends true ? never : N]?: ValueOf<S[N]> | undefined;
  }
>;

/** What a step returns; the runner hands each value to the host. */
export type OutputsOf<O extends OutputSpecs> = { [N in keyof O]?: string };
