import { describe, expect, it } from 'vitest';
import type { InputSpecs } from '../inputs/spec.js';
import { parseStepFlags } from './flags.js';

const specs = {
  'local-state-dir': { kind: 'path', description: '' },
  path: { kind: 'path', description: '' },
  tags: { kind: 'list', description: '' },
  'keep-old': { kind: 'boolean', description: '' },
  'azure-subscription': { kind: 'string', hosts: ['ado'], description: '' },
} as const satisfies InputSpecs;

describe('parseStepFlags', () => {
  it('reads values, =values, list runs, repeated lists, bare booleans and --local', () => {
    expect(
      parseStepFlags(
        ['--local', '/s', '--path=m.onnx', '--tags', 'a=1', 'b=2', '--keep-old', '--tags', 'c=3'],
        specs,
      ),
    ).toEqual({ 'local-state-dir': '/s', path: 'm.onnx', tags: 'a=1\nb=2\nc=3', 'keep-old': 'true' });
  });

  it.each([
    [['--nope', '1'], "input 'nope': is not an input of this step"],
    [['--azure-subscription', 'x'], "input 'azure-subscription': is not an input of this step"],
    [['--path'], "input 'path': needs a value"],
    [['--path', 'a', '--path', 'b'], "input 'path': was given more than once"],
    [['stray'], "input 'stray': unexpected argument"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseStepFlags(argv, specs)).toThrow(message);
  });
});
