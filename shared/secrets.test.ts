import { describe, expect, it } from 'vitest';
import { maskSasSignatures, runnerMaskCommand, SecretMasker } from './secrets.js';

describe('SecretMasker', () => {
  it('masks registered secrets, their base64 and URL encodings, longest first', () => {
    const m = new SecretMasker();
    m.add('abc/def+key==');
    m.add('abc/def');
    const b64 = Buffer.from('abc/def+key==').toString('base64');
    expect(m.mask(`k=abc/def+key== b=${b64} u=${encodeURIComponent('abc/def+key==')}`)).toBe(
      'k=*** b=*** u=***',
    );
  });

  it('ignores empty and very short values', () => {
    const m = new SecretMasker();
    m.add('');
    m.add('ab');
    expect(m.mask('ab cd')).toBe('ab cd');
  });

  it('masks SAS signatures nobody registered', () => {
    expect(maskSasSignatures('https://a.blob/c/x?sv=2021&sig=AbC%2B123&se=1')).toBe(
      'https://a.blob/c/x?sv=2021&sig=***&se=1',
    );
  });
});

describe('runnerMaskCommand', () => {
  it('speaks the runner the process runs under, and nothing outside one', () => {
    expect(runnerMaskCommand('s3cret-token', { GITHUB_ACTIONS: 'true' })).toBe('::add-mask::s3cret-token');
    expect(runnerMaskCommand('s3cret-token', { TF_BUILD: 'True' })).toBe('##vso[task.setsecret]s3cret-token');
    expect(runnerMaskCommand('s3cret-token', {})).toBeUndefined();
    expect(runnerMaskCommand('', { GITHUB_ACTIONS: 'true' })).toBeUndefined();
  });
});
