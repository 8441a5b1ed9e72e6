// Containment on a real file system: entries and links that must not lead out of a folder.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRolloutError } from '../errors.js';
import { type Folder, isInside, listFilesInside, openFolder, resolveInside } from './contained.js';

let tmp: string;
let folder: Folder;
const HINT = 'keep it in the folder';

/** The code and message a call fails with. */
async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; resource?: string }> {
  try {
    await p;
  } catch (e) {
    if (!isRolloutError(e)) throw e;
    return { code: e.code, message: e.message, ...(e.resource ? { resource: e.resource } : {}) };
  }
  throw new Error('did not fail');
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'contained-'));
  const dir = path.join(tmp, 'set');
  mkdirSync(path.join(dir, 'sub'), { recursive: true });
  writeFileSync(path.join(dir, 'a.jpg'), 'a');
  writeFileSync(path.join(dir, 'sub', 'b.jpg'), 'bb');
  writeFileSync(path.join(dir, '..hidden.jpg'), 'h');
  writeFileSync(path.join(tmp, 'outside.jpg'), 'secret');
  symlinkSync('sub/b.jpg', path.join(dir, 'to-b.jpg'));
  symlinkSync('/etc/passwd', path.join(dir, 'passwd.jpg'));
  symlinkSync('/etc', path.join(dir, 'etc'));
  symlinkSync('../outside.jpg', path.join(dir, 'out.jpg'));
  symlinkSync('missing.jpg', path.join(dir, 'broken.jpg'));
  symlinkSync('loop2.jpg', path.join(dir, 'loop1.jpg'));
  symlinkSync('loop1.jpg', path.join(dir, 'loop2.jpg'));
  folder = await openFolder(dir, 'test folder');
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('isInside', () => {
  it('is true for the folder and what is under it, including names that start with two dots', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/c/d')).toBe(true);
    expect(isInside('/a/b', '/a/b/..c')).toBe(true);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/a/b', '/etc/passwd')).toBe(false);
  });
});

describe('resolveInside', () => {
  it('resolves a plain file and a link that stays inside to where they are', async () => {
    expect((await resolveInside(folder, 'a.jpg', HINT))?.real).toBe(path.join(folder.real, 'a.jpg'));
    expect((await resolveInside(folder, '..hidden.jpg', HINT))?.real).toBe(
      path.join(folder.real, '..hidden.jpg'),
    );
    const linked = await resolveInside(folder, 'to-b.jpg', HINT);
    expect(linked).toMatchObject({
      path: path.join(folder.path, 'to-b.jpg'),
      real: path.join(folder.real, 'sub', 'b.jpg'),
    });
    expect(linked?.stats.size).toBe(2);
    expect((await resolveInside(folder, 'sub/../a.jpg', HINT))?.real).toBe(path.join(folder.real, 'a.jpg'));
  });

  it('refuses ../ and absolute entries without looking at the file system', async () => {
    for (const entry of [
      '../outside.jpg',
      '../../../../etc/passwd',
      'sub/../../outside.jpg',
      '../nothing-here',
    ]) {
      const f = await failure(resolveInside(folder, entry, HINT));
      expect(f.code, entry).toBe('PathOutsideFolder');
      expect(f.message, entry).toContain(`'${entry}' points outside the test folder ${folder.path}`);
    }
    for (const entry of ['/etc/passwd', 'C:\\Windows\\win.ini', '\\\\server\\share\\x.jpg']) {
      const f = await failure(resolveInside(folder, entry, HINT));
      expect(f.code, entry).toBe('PathOutsideFolder');
      expect(f.message, entry).toContain('is an absolute path');
    }
  });

  it('refuses links that resolve outside, naming the link and its target', async () => {
    const passwd = await failure(resolveInside(folder, 'passwd.jpg', HINT));
    expect(passwd).toEqual({
      code: 'PathOutsideFolder',
      resource: path.join(folder.path, 'passwd.jpg'),
      message: `${path.join(folder.path, 'passwd.jpg')} (a link to /etc/passwd) resolves to /etc/passwd, outside the test folder ${folder.path}; it is not read`,
    });
    // Through a linked folder on the way, and a relative link one level up.
    expect((await failure(resolveInside(folder, 'etc/passwd', HINT))).message).toMatch(
      /etc\/passwd resolves to \/etc\/passwd, outside/,
    );
    expect((await failure(resolveInside(folder, 'out.jpg', HINT))).message).toContain(
      `(a link to ../outside.jpg) resolves to ${path.join(tmp, 'outside.jpg')}`,
    );
  });

  it('a broken link and a loop are their own errors; nothing at all is undefined', async () => {
    expect(await failure(resolveInside(folder, 'broken.jpg', HINT))).toMatchObject({
      code: 'BrokenLink',
      message: `${path.join(folder.path, 'broken.jpg')} is a link to missing.jpg, which does not exist`,
    });
    expect(await failure(resolveInside(folder, 'loop1.jpg', HINT))).toMatchObject({
      code: 'LinkLoop',
      message: `${path.join(folder.path, 'loop1.jpg')} is a link to loop2.jpg in a chain of links that loops back on itself`,
    });
    expect(await resolveInside(folder, 'nope.jpg', HINT)).toBeUndefined();
    expect(await resolveInside(folder, 'a.jpg/x', HINT)).toBeUndefined();
  });

  it('a folder given through a link is checked against where it really is', async () => {
    const alias = path.join(tmp, 'alias');
    symlinkSync(folder.path, alias);
    const viaAlias = await openFolder(alias, 'test folder');
    expect(viaAlias.real).toBe(folder.real);
    expect((await resolveInside(viaAlias, 'to-b.jpg', HINT))?.real).toBe(
      path.join(folder.real, 'sub', 'b.jpg'),
    );
    expect((await failure(resolveInside(viaAlias, 'out.jpg', HINT))).code).toBe('PathOutsideFolder');
  });

  it.skipIf(process.getuid?.() === 0)('a file the job cannot read is PathUnreadable', async () => {
    const locked = path.join(folder.path, 'locked.jpg');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0o000);
    try {
      expect((await failure(resolveInside(folder, 'locked.jpg', HINT))).code).toBe('PathUnreadable');
    } finally {
      rmSync(locked);
    }
  });
});

describe('listFilesInside', () => {
  it('lists every file, a linked file under the link name and a linked folder walked once', async () => {
    const dir = path.join(tmp, 'walk');
    mkdirSync(path.join(dir, 'v2'), { recursive: true });
    writeFileSync(path.join(dir, 'v2', 'model.onnx'), 'onnx');
    symlinkSync('v2', path.join(dir, 'latest'));
    symlinkSync('v2/model.onnx', path.join(dir, 'model.onnx'));
    const files = await listFilesInside(await openFolder(dir, 'model folder'), HINT);
    const real = path.join(await openFolder(dir, 'x').then((f) => f.real), 'v2', 'model.onnx');
    expect(files).toEqual([
      { rel: 'latest/model.onnx', path: path.join(dir, 'latest', 'model.onnx'), real, size: 4 },
      { rel: 'model.onnx', path: path.join(dir, 'model.onnx'), real, size: 4 },
      { rel: 'v2/model.onnx', path: path.join(dir, 'v2', 'model.onnx'), real, size: 4 },
    ]);
  });

  it('refuses a link out, and a linked folder that holds its own link, even two levels round', async () => {
    expect((await failure(listFilesInside(folder, HINT))).code).toMatch(
      /PathOutsideFolder|BrokenLink|LinkLoop/,
    );
    const dir = path.join(tmp, 'cycle');
    mkdirSync(path.join(dir, 'a'), { recursive: true });
    mkdirSync(path.join(dir, 'c'), { recursive: true });
    writeFileSync(path.join(dir, 'c', 'w.bin'), 'w');
    symlinkSync('../c', path.join(dir, 'a', 'b'));
    symlinkSync('../a', path.join(dir, 'c', 'd'));
    const f = await failure(listFilesInside(await openFolder(dir, 'model folder'), HINT));
    expect(f.code).toBe('LinkLoop');
    expect(f.message).toMatch(
      / is a link to .*\/(a|c), a folder that holds the link: following it would never end$/,
    );
  });
});
