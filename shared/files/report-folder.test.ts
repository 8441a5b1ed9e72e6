// The report folder masks everything written through it: text, and every string (key or value)
// of a JSON document, which stays valid JSON whatever the secret holds.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretMasker } from '../secrets.js';
import { ReportFolder } from './report-folder.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'report-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ReportFolder', () => {
  const secret = 'se"cr\\et-key-0a1b2c';
  const masker = new SecretMasker();
  masker.add(secret);
  const folder = new ReportFolder(path.join(dir, 'report'), (t) => masker.mask(t));

  it('masks text, creating the folder', async () => {
    const file = await folder.writeText('summary.md', `- label '${secret}'\n`);
    expect(file).toBe(path.join(dir, 'report', 'summary.md'));
    expect(readFileSync(file, 'utf8')).toBe("- label '***'\n");
  });

  it('masks every string of a JSON document, keys included, and keeps it valid JSON', async () => {
    const doc = {
      errors: [{ imageId: 1, message: `label 'Bearer ${secret}'` }],
      [secret]: 2,
      nested: { at: new Date(0), list: [secret, 3, null] },
    };
    const file = await folder.writeJson('gate.json', doc, 2);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('cr\\\\et');
    expect(JSON.parse(text)).toEqual({
      errors: [{ imageId: 1, message: "label 'Bearer ***'" }],
      '***': 2,
      nested: { at: '1970-01-01T00:00:00.000Z', list: ['***', 3, null] },
    });
  });
});
