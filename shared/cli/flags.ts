// `--flag value` parsing for step commands, driven by the step's own input definitions: flags are
// the input names in kebab-case, so the CLI can never offer something the actions do not.
import { InputError } from '../errors.js';
import type { InputSpecs } from '../inputs/spec.js';
import { inputAppliesTo } from '../inputs/parse.js';

/** Short spellings users expect from the docs (`--local DIR`). */
const ALIASES: Readonly<Record<string, string>> = { local: 'local-state-dir' };

export function parseStepFlags(argv: readonly string[], specs: InputSpecs): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--'))
      throw new InputError(arg, 'unexpected argument; inputs are given as --name value');
    let name = arg.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    name = ALIASES[name] ?? name;
    const spec = specs[name];
    if (!spec || !inputAppliesTo(spec, 'cli')) throw new InputError(name, 'is not an input of this step');
    if (value === undefined) {
      // A list flag takes every value up to the next flag: `--tags a=1 b=2`.
      const values: string[] = [];
      while (i + 1 < argv.length && !(argv[i + 1] ?? '').startsWith('--')) {
        values.push(argv[++i] ?? '');
        if (spec.kind !== 'list') break;
      }
      if (values.length === 0) {
        if (spec.kind !== 'boolean') throw new InputError(name, 'needs a value');
        values.push('true');
      }
      value = values.join('\n');
    }
    // Repeating a list flag appends; repeating any other flag is a mistake worth stopping on.
    if (flags[name] !== undefined) {
      if (spec.kind !== 'list') throw new InputError(name, 'was given more than once');
      flags[name] = `${flags[name]}\n${value}`;
    } else {
      flags[name] = value;
    }
  }
  return flags;
}
