// Endpoint and deployment names as Azure ML enforces them.
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import {
  checkDeploymentName,
  checkEndpointName,
  deploymentNameProblem,
  endpointNameProblem,
  sameName,
} from './names.js';

describe('online endpoint and deployment names', () => {
  it.each(['abc', 'pid-symbols', 'Blue', 'a1-b2', 'x'.repeat(32), 'green-2026-12-03'])(
    'accepts %s',
    (name) => {
      expect(endpointNameProblem(name)).toBeUndefined();
      expect(deploymentNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ['ab', /3-32 characters long \(it has 2\)/],
    ['x'.repeat(33), /3-32 characters long \(it has 33\)/],
    ['1abc', /must start with a letter/],
    ['-abc', /must start with a letter/],
    ['abc-', /not end with '-'/],
    ['my_endpoint', /only letters, digits and '-'/],
    ['my.endpoint', /only letters, digits and '-'/],
    ['blue green', /only letters, digits and '-'/],
  ])('refuses %s', (name, why) => {
    expect(endpointNameProblem(name)).toMatch(why);
    expect(deploymentNameProblem(name)).toMatch(why);
  });

  it('checks names given as inputs with the same rule, as InputError on the input', () => {
    expect(checkEndpointName('pid-symbols')).toBe('pid-symbols');
    expect(checkDeploymentName('green')).toBe('green');
    expect(() => checkDeploymentName('g_1')).toThrow(InputError);
    try {
      checkEndpointName('ep', 'endpoint');
    } catch (e) {
      expect(e).toMatchObject({ code: 'InvalidInput', resource: 'endpoint' });
      expect((e as Error).message).toBe(
        "input 'endpoint': endpoint name 'ep' must be 3-32 characters long (it has 2)",
      );
    }
  });

  it('compares names case-insensitively, as ARM does', () => {
    expect(sameName('Blue', 'blue')).toBe(true);
    expect(sameName('blue', 'green')).toBe(false);
  });
});
