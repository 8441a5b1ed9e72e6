// Challenge and scope parsing: what registries really send (ACR, Docker Hub, distribution, Basic
// realms), quoted values with commas and escapes, several challenges in one header.
import { describe, expect, it } from 'vitest';
import { parseChallenge, parseChallenges, parseScopes, repositoryScope } from './challenge.js';

describe('parseChallenge', () => {
  it("reads ACR's Bearer challenge", () => {
    expect(
      parseChallenge(
        'Bearer realm="https://reg.azurecr.io/oauth2/token",service="reg.azurecr.io",scope="repository:app/infer:pull,push"',
      ),
    ).toEqual({
      scheme: 'Bearer',
      realm: 'https://reg.azurecr.io/oauth2/token',
      service: 'reg.azurecr.io',
      scope: 'repository:app/infer:pull,push',
    });
  });

  it('takes any case, spaces around = and commas, and escaped quotes', () => {
    expect(
      parseChallenge('bearer  Realm = "https://a/t" , SERVICE="x\\"y",scope="a:b:pull b:c:push"'),
    ).toEqual({
      scheme: 'Bearer',
      realm: 'https://a/t',
      service: 'x"y',
      scope: 'a:b:pull b:c:push',
    });
  });

  it('reads Basic, and unquoted tokens', () => {
    expect(parseChallenge('Basic realm=Registry')).toEqual({ scheme: 'Basic', realm: 'Registry' });
  });

  it('picks the first scheme it speaks among several', () => {
    expect(parseChallenge('Negotiate, Bearer realm="https://x/t",service="x"')).toMatchObject({
      scheme: 'Bearer',
      service: 'x',
    });
    expect(parseChallenges('Basic realm="a,b", Bearer realm="c"')).toEqual([
      { scheme: 'Basic', params: { realm: 'a,b' } },
      { scheme: 'Bearer', params: { realm: 'c' } },
    ]);
  });

  it('refuses a header with no scheme it speaks, and a missing header', () => {
    expect(() => parseChallenge('Negotiate')).toThrow(/not Bearer or Basic/);
    expect(() => parseChallenge(null)).toThrow(
      expect.objectContaining({ code: 'RegistryChallengeUnsupported' }),
    );
  });
});

describe('scopes', () => {
  it('splits a scope list, repository names with slashes included', () => {
    expect(
      parseScopes('repository:team/app/infer:pull,push repository:base:pull registry:catalog:*'),
    ).toEqual([
      { type: 'repository', name: 'team/app/infer', actions: ['pull', 'push'] },
      { type: 'repository', name: 'base', actions: ['pull'] },
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
    expect(parseScopes(undefined)).toEqual([]);
    expect(parseScopes('nonsense')).toEqual([]);
  });

  it('formats the scope a request needs', () => {
    expect(repositoryScope('a/b', ['pull', 'push'])).toBe('repository:a/b:pull,push');
  });
});
