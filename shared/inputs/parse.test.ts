import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { parseInputs, parseList, parsePairs } from './parse.js';
import type { HostKind, InputSpecs } from './spec.js';

const specs = {
  name: { kind: 'string', required: true, description: '' },
  steps: { kind: 'list', default: '10,50,100', description: '' },
  bake: { kind: 'number', default: '60', min: 0, max: 3600, description: '' },
  keep: { kind: 'boolean', default: 'false', description: '' },
  mode: { kind: 'choice', default: 'cpu', options: ['cpu', 'gpu'], description: '' },
  file: { kind: 'path', description: '' },
  key: { kind: 'secret', description: '' },
  conn: { kind: 'string', hosts: ['ado'], description: '' },
} as const satisfies InputSpecs;

function source(raw: Record<string, string>, kind: HostKind = 'cli') {
  const secrets: string[] = [];
  return {
    secrets,
    kind,
    rawInput: (n: string) => raw[n],
    workspaceDir: () => '/work/space',
    setSecret: (v: string) => secrets.push(v),
  };
}

describe('parseInputs', () => {
  it('types every kind and applies defaults', () => {
    const src = source({ name: ' blue ', file: 'models/m.onnx', key: 's3cr3t-key' });
    const v = parseInputs(specs, src);
    expect(v).toEqual({
      name: 'blue',
      steps: ['10', '50', '100'],
      bake: 60,
      keep: false,
      mode: 'cpu',
      file: '/work/space/models/m.onnx',
      key: 's3cr3t-key',
    });
    expect(src.secrets).toEqual(['s3cr3t-key']);
  });

  it('skips inputs of other hosts', () => {
    expect(parseInputs(specs, source({ name: 'a', conn: 'x' }, 'cli'))).not.toHaveProperty('conn');
    expect(parseInputs(specs, source({ name: 'a', conn: 'x' }, 'ado')).conn).toBe('x');
  });

  it.each([
    [{}, "input 'name': is required but was not given"],
    [{ name: 'a', bake: 'soon' }, "input 'bake': 'soon' is not a number"],
    [{ name: 'a', bake: '-1' }, "input 'bake': -1 is below the minimum 0"],
    [{ name: 'a', bake: '4000' }, "input 'bake': 4000 is above the maximum 3600"],
    [{ name: 'a', keep: 'yes' }, "input 'keep': 'yes' is not a boolean"],
    [{ name: 'a', mode: 'tpu' }, "input 'mode': 'tpu' is not one of: cpu, gpu"],
  ])('names the input in its error: %j', (raw, message) => {
    expect(() => parseInputs(specs, source(raw))).toThrow(InputError);
    expect(() => parseInputs(specs, source(raw))).toThrow(message);
  });
});

describe('parseList', () => {
  it('reads lines, or commas on a single line, dropping blanks and comments', () => {
    expect(parseList('a=1\n\n# note\nb=2\n')).toEqual(['a=1', 'b=2']);
    expect(parseList(' 10, 50 ,100 ')).toEqual(['10', '50', '100']);
  });
});

describe('parsePairs', () => {
  it('reads key=value items, the value keeping any further =', () => {
    expect(parsePairs('tags', [' a = 1 ', 'url=x=y', 'empty='])).toEqual({ a: '1', url: 'x=y', empty: '' });
  });

  it.each(['novalue', '=x', ' =x'])('names the input for %j', (item) => {
    expect(() => parsePairs('tags', [item])).toThrow(`input 'tags': '${item}' is not key=value`);
  });
});
