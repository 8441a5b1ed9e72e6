// Azure DevOps task versions. Agents cache a task by id and version, and an extension update only
// replaces a task whose version moved, so a task must get a new version whenever anything the agent
// downloads for it changes: its task.json (less the version itself) or the files beside it (the
// bundle, its chunks, the scoring workers). `tasks/versions.json` records, per task, the version and
// the two hashes it was given for; `npm run build` bumps the patch when a hash moves, and the tests
// and the packager refuse a record that no longer matches.
import { createHash } from 'node:crypto';
import type { StepDefinition } from './definition.js';
import { parseTaskVersion, taskManifest } from './manifests.js';

export const TASK_VERSIONS_FILE = 'tasks/versions.json';

export interface TaskVersionRecord {
  /** `major.minor.patch` */
  version: string;
  /** sha256 of the task.json generated with version 0.0.0. */
  manifest: string;
  /** sha256 over the other files of the task folder (`bundleHash`). */
  bundle: string;
}

export type TaskVersions = Record<string, TaskVersionRecord>;

export interface TaskContentHashes {
  manifest: string;
  bundle: string;
}

export interface TaskFolderContent {
  /** POSIX path inside the task folder. */
  rel: string;
  bytes: Uint8Array;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The task.json with its version taken out, so the hash moves only when something else does. */
export function manifestHash(step: StepDefinition): string {
  return sha256(taskManifest(step, { major: 0, minor: 0, patch: 0 }).content);
}

/** sha256 over the files in `rel` order as `rel NUL size NUL bytes` (the framing is unambiguous). */
export function bundleHash(files: readonly TaskFolderContent[]): string {
  const hash = createHash('sha256');
  const sorted = [...files].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  for (const f of sorted) {
    hash.update(`${f.rel}\0${f.bytes.byteLength}\0`);
    hash.update(f.bytes);
  }
  return hash.digest('hex');
}

/**
 * The version a task gets for its current content. A new task, or a package version with another
 * major or minor, starts at the package version; otherwise the patch moves by one when either hash
 * differs from the record, and the record is kept when neither does.
 */
export function nextTaskVersion(
  previous: TaskVersionRecord | undefined,
  current: TaskContentHashes,
  packageVersion: string,
): TaskVersionRecord {
  const pkg = parseTaskVersion(packageVersion);
  const prev = previous && parseTaskVersion(previous.version);
  if (!previous || !prev || prev.major !== pkg.major || prev.minor !== pkg.minor)
    return { version: `${pkg.major}.${pkg.minor}.${pkg.patch}`, ...current };
  if (previous.manifest === current.manifest && previous.bundle === current.bundle) return previous;
  return { version: `${prev.major}.${prev.minor}.${prev.patch + 1}`, ...current };
}

/** Every task's record; the tasks' order is the catalogue's, so the file diffs cleanly. */
export function nextTaskVersions(
  previous: TaskVersions,
  current: ReadonlyMap<string, TaskContentHashes>,
  packageVersion: string,
): TaskVersions {
  const next: TaskVersions = {};
  for (const [id, hashes] of current) next[id] = nextTaskVersion(previous[id], hashes, packageVersion);
  return next;
}

export function parseTaskVersions(text: string): TaskVersions {
  const doc = JSON.parse(text) as unknown;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new Error(`${TASK_VERSIONS_FILE} is not an object of task records`);
  for (const [id, r] of Object.entries(doc as Record<string, unknown>)) {
    const rec = r as Partial<TaskVersionRecord> | null;
    if (
      typeof rec?.version !== 'string' ||
      typeof rec.manifest !== 'string' ||
      typeof rec.bundle !== 'string'
    )
      throw new Error(`${TASK_VERSIONS_FILE}: task ${id} needs version, manifest and bundle strings`);
    parseTaskVersion(rec.version);
  }
  return doc as TaskVersions;
}

export function formatTaskVersions(versions: TaskVersions): string {
  return `${JSON.stringify(versions, null, 2)}\n`;
}

/** Step id -> version, as `allManifests` takes it. */
export function versionsById(versions: TaskVersions): Record<string, string> {
  return Object.fromEntries(Object.entries(versions).map(([id, r]) => [id, r.version]));
}
