// Paths that must stay inside a folder the user gave: a model folder's files, a golden set's images.
// An entry is resolved once through every link on its way and refused when it lands outside the
// folder, when a link is broken or loops, or when it cannot be read; callers then read the resolved
// path, never the link again. A repository can hold links to anything (`/etc/passwd`, a runner's
// credentials), so nothing here trusts a name or a link before it is resolved and checked.
// Only node built-ins and shared/errors.ts: both the model and the gate layers stand on this one.
import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { access, lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { RolloutError } from '../errors.js';

export interface Folder {
  /** As given, absolute: what messages show. */
  path: string;
  /** With every link resolved: what containment is checked against. */
  real: string;
  /** What the folder is, for messages: "model folder", "golden set images folder". */
  label: string;
}

export interface ContainedEntry {
  /** The folder joined with the entry, as the user names it. */
  path: string;
  /** Where it resolves: inside the folder, every link followed. Read this. */
  real: string;
  /** Of `real`. */
  stats: Stats;
}

export type ContainmentProblem = 'outside' | 'broken-link' | 'loop' | 'unreadable';

const CODES: Record<ContainmentProblem, string> = {
  outside: 'PathOutsideFolder',
  'broken-link': 'BrokenLink',
  loop: 'LinkLoop',
  unreadable: 'PathUnreadable',
};

export class ContainmentError extends RolloutError {
  readonly problem: ContainmentProblem;

  constructor(
    problem: ContainmentProblem,
    entry: string,
    message: string,
    remediation: string,
    cause?: unknown,
  ) {
    super(CODES[problem], message, { resource: entry, remediation, cause });
    this.name = 'ContainmentError';
    this.problem = problem;
  }
}

/** Whether `candidate` is `folder` or under it (both absolute, already resolved or both not). */
export function isInside(folder: string, candidate: string): boolean {
  const rel = path.relative(folder, candidate);
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
}

const describeFolder = (folder: Folder) => `${folder.label} ${folder.path}`;

const errnoOf = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;

function unreadable(entry: string, e: unknown): ContainmentError {
  return new ContainmentError(
    'unreadable',
    entry,
    `${entry} cannot be read (${errnoOf(e) ?? (e as Error).message})`,
    'give the job user read access to it, or remove it from the folder',
    e,
  );
}

/** The folder with its links resolved. It must exist and be a folder: callers check that first. */
export async function openFolder(dir: string, label: string): Promise<Folder> {
  const given = path.resolve(dir);
  try {
    return { path: given, real: await realpath(given), label };
  } catch (e) {
    if (errnoOf(e) === 'ELOOP')
      throw new ContainmentError('loop', given, `${label} ${given} is a link that loops`, 'fix the link');
    throw unreadable(given, e);
  }
}

async function linkText(file: string): Promise<string | undefined> {
  try {
    return await readlink(file);
  } catch {
    return undefined;
  }
}

/**
 * Resolves `entry` (relative to the folder) through every link, or undefined when nothing is
 * there at all (the caller knows whether that is an error). `remediation` says what to do when
 * the entry leads outside the folder.
 */
export async function resolveInside(
  folder: Folder,
  entry: string,
  remediation: string,
): Promise<ContainedEntry | undefined> {
  const outside = (shown: string, message: string) =>
    new ContainmentError('outside', shown, message, remediation);
  if (path.posix.isAbsolute(entry) || path.win32.isAbsolute(entry))
    throw outside(
      entry,
      `'${entry}' is an absolute path; entries of the ${describeFolder(folder)} are relative to it`,
    );
  const joined = path.resolve(folder.path, entry);
  if (!isInside(folder.path, joined))
    throw outside(entry, `'${entry}' points outside the ${describeFolder(folder)} (to ${joined})`);
  let own: Stats;
  try {
    own = await lstat(joined);
  } catch (e) {
    const code = errnoOf(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw unreadable(joined, e);
  }
  const link = own.isSymbolicLink() ? await linkText(joined) : undefined;
  const linkNote = link === undefined ? '' : ` (a link to ${link})`;
  let real: string;
  try {
    real = await realpath(joined);
  } catch (e) {
    const code = errnoOf(e);
    if (code === 'ELOOP')
      throw new ContainmentError(
        'loop',
        joined,
        link === undefined
          ? `${joined} leads through a chain of links that loops back on itself`
          : `${joined} is a link to ${link} in a chain of links that loops back on itself`,
        'make the link point at a file or folder, not at another link of the chain',
        e,
      );
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new ContainmentError(
        'broken-link',
        joined,
        link === undefined
          ? `${joined} leads through a link to something that does not exist`
          : `${joined} is a link to ${link}, which does not exist`,
        'fix or remove the broken link',
        e,
      );
    throw unreadable(joined, e);
  }
  if (!isInside(folder.real, real))
    throw outside(
      joined,
      `${joined}${linkNote} resolves to ${real}, outside the ${describeFolder(folder)}; it is not read`,
    );
  let stats: Stats;
  try {
    stats = await stat(real);
    await access(real, constants.R_OK);
  } catch (e) {
    throw unreadable(joined, e);
  }
  return { path: joined, real, stats };
}

export interface ContainedFile {
  /** POSIX path relative to the folder. */
  rel: string;
  /** Where it was reached: the folder joined with `rel`. */
  path: string;
  /** What to read: every link resolved, inside the folder. */
  real: string;
  size: number;
}

/**
 * Every regular file under the folder, sorted by `rel` in code-unit order. A link is followed
 * once, to where it resolves inside the folder: a linked file is listed under the link's name, a
 * linked folder is walked under it. A linked folder that holds the link (a cycle) is refused, as is
 * anything `resolveInside` refuses. Other kinds of file (sockets, FIFOs, devices) are left out.
 */
export async function listFilesInside(folder: Folder, remediation: string): Promise<ContainedFile[]> {
  const files: ContainedFile[] = [];
  // Real paths of the folders being walked, outermost first: a link to any of them is a cycle.
  const walking: string[] = [];
  const walk = async (real: string, prefix: string): Promise<void> => {
    walking.push(real);
    let entries;
    try {
      entries = await readdir(real, { withFileTypes: true });
    } catch (e) {
      throw unreadable(prefix ? path.join(folder.path, prefix) : folder.path, e);
    }
    for (const entry of entries) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const shown = path.join(folder.path, rel);
      if (!entry.isSymbolicLink()) {
        const full = path.join(real, entry.name);
        if (entry.isDirectory()) await walk(full, rel);
        else if (entry.isFile()) files.push({ rel, path: shown, real: full, size: (await stat(full)).size });
        continue;
      }
      const target = await resolveInside(folder, rel, remediation);
      if (!target) continue; // removed while walking
      if (target.stats.isDirectory()) {
        if (walking.includes(target.real))
          throw new ContainmentError(
            'loop',
            shown,
            `${shown} is a link to ${target.real}, a folder that holds the link: following it would never end`,
            'remove the link, or point it at a folder that does not contain it',
          );
        await walk(target.real, rel);
      } else if (target.stats.isFile()) {
        files.push({ rel, path: shown, real: target.real, size: target.stats.size });
      }
    }
    walking.pop();
  };
  await walk(folder.real, '');
  return files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}
