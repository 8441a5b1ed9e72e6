// Image references split the way docker splits them: registry host, repository, tag, digest.
import { describe, expect, it } from 'vitest';
import { formatImageReference, parseImageReference } from './reference.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  it('splits host (with port), nested repository, tag and digest', () => {
    expect(parseImageReference(`localhost:5000/team/infer:cpu-1@${D}`)).toEqual({
      registry: 'localhost:5000',
      repository: 'team/infer',
      tag: 'cpu-1',
      digest: D,
    });
    expect(parseImageReference('reg.azurecr.io/infer')).toEqual({
      registry: 'reg.azurecr.io',
      repository: 'infer',
    });
    expect(formatImageReference(parseImageReference(`reg.azurecr.io/a/b:t@${D}`))).toBe(
      `reg.azurecr.io/a/b:t@${D}`,
    );
  });

  it('refuses references without a registry host, bad digests, tags and names', () => {
    for (const bad of [
      'infer:1',
      'team/infer',
      `reg.io/infer@sha256:abc`,
      'reg.io/Infer',
      'reg.io/infer:-x',
    ]) {
      expect(() => parseImageReference(bad), bad).toThrow(
        expect.objectContaining({ code: 'InvalidImageReference' }),
      );
    }
  });
});
