import { describe, expect, it } from 'vitest';
import { EXCERPT_CHARS, excerpt, maskSasSignatures, runnerMaskCommand, SecretMasker } from './secrets.js';

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

  it('masks the secret inside longer base64 at each byte offset, base64url, lower-case URL hex, JSON and XML escapes', () => {
    const key = 'k3y/with+base64&"quote"<chars>';
    const m = new SecretMasker();
    m.add(key);
    for (const prefix of ['', 'B', 'Be', 'Authorization: Bearer ']) {
      const b64 = Buffer.from(`${prefix}${key} and more`).toString('base64');
      const b64url = Buffer.from(`${prefix}${key} and more`).toString('base64url');
      for (const encoded of [b64, b64url]) {
        const masked = m.mask(encoded);
        expect(masked, prefix).toContain('***');
        // What is left is at most the characters that also carry the bytes around the secret.
        expect(masked.length, prefix).toBeLessThan(encoded.length - 30);
      }
    }
    const lowerHex = encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
    expect(m.mask(`u=${lowerHex}`)).toBe('u=***');
    expect(m.mask(JSON.stringify({ k: key }))).toBe('{"k":"***"}');
    const xml = key
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;');
    expect(m.mask(`<failure message="${xml}"/>`)).toBe('<failure message="***"/>');
  });

  it('leaves short encoded forms alone, so a base64 image is not shredded', () => {
    const m = new SecretMasker();
    m.add('abcd');
    // 'abcd' in base64 at offset 0 is 'YWJjZ' (5 characters): not masked; 'abcd' itself is.
    expect(m.mask('data:image/png;base64,xxYWJjZxx abcd')).toBe('data:image/png;base64,xxYWJjZxx ***');
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

describe('excerpt', () => {
  const key = 'Zm9vYmFyLXNlY3JldC1rZXktMDEyMzQ1Njc4OQ==';
  const masker = new SecretMasker();
  masker.add(key);
  const mask = (t: string) => masker.mask(t);

  it('masks the whole text before it cuts, so no secret is cut in two and half shown', () => {
    // The key at every offset around the cut.
    const text = Array.from({ length: 400 }, (_, i) => `${'x'.repeat(i % 50)}${key}`).join(' ');
    const quoted = excerpt(text, mask);
    expect(quoted).toMatch(/… \(\d+ characters\)$/);
    expect(quoted.length).toBeLessThanOrEqual(EXCERPT_CHARS + 30);
    for (let i = 0; i + 8 <= key.length; i++) expect(quoted).not.toContain(key.slice(i, i + 8));
  });

  it('is one line with no control characters, and whole when short', () => {
    expect(excerpt(`{"a":\n\t"${key}"}\u0000\u001b[31m`, mask)).toBe('{"a": "***"} [31m');
    expect(excerpt('https://acct.blob/c?sv=1&sig=s3cr3tsig')).toBe('https://acct.blob/c?sv=1&sig=***');
  });

  it('of a text read only in part, drops the end where a cut-off secret may start', () => {
    const head = `${'a'.repeat(100)}${key}`;
    const read = `${head}${'b'.repeat(20_000)}${key.slice(0, 20)}`;
    const quoted = excerpt(read, mask, { cutShort: true, max: 1_000_000 });
    expect(quoted).toContain('***');
    expect(quoted).not.toContain(key.slice(0, 20));
    expect(quoted).toMatch(/… \(more than \d+ characters\)$/);
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
