// `.dockerignore` rules, the way docker (moby/patternmatcher) and buildah read them, and the walk of
// a build context under them. The source hash must see exactly the files a builder sends, or a
// changed file would not change the tag (or an ignored one would force a rebuild).
import { existsSync } from 'node:fs';
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import path from 'node:path';

export interface IgnoreRule {
  /** `!pattern`: re-includes what an earlier rule excluded. */
  exception: boolean;
  /** Cleaned pattern, `/`-separated, no leading `/`. */
  pattern: string;
  regex: RegExp;
}

/** Lines of a .dockerignore: `#` comments and blank lines drop; the last matching rule wins. */
export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const exception = line.startsWith('!');
    if (exception) line = line.slice(1).trim();
    const pattern = path.posix.normalize(line.replace(/^\/+/, '')).replace(/\/+$/, '');
    if (pattern === '' || pattern === '.') continue;
    rules.push({ exception, pattern, regex: compile(pattern) });
  }
  return rules;
}

/** Go's filepath.Match plus `**` (any number of folders), anchored at the context root. */
function compile(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      i++;
      // `**/` may also match no folder at all.
      if (pattern[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) re += escape(pattern[++i] as string);
    else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Whether `rel` (POSIX, relative to the context) is left out: a rule matching the path or any of
 * its parent folders applies, the last one that applies decides. */
export function isIgnored(rules: readonly IgnoreRule[], rel: string): boolean {
  const parts = rel.split('/');
  let ignored = false;
  for (const rule of rules) {
    let hit = false;
    for (let n = parts.length; n > 0 && !hit; n--) hit = rule.regex.test(parts.slice(0, n).join('/'));
    if (hit) ignored = !rule.exception;
  }
  return ignored;
}

/** An ignored folder may still hold re-included files; only skip it when no exception could. */
function mayHoldExceptions(rules: readonly IgnoreRule[], dirRel: string): boolean {
  const dir = `${dirRel}/`;
  return rules.some((r) => {
    if (!r.exception) return false;
    const literal = r.pattern.split(/[*?[\\]/)[0] as string;
    return literal.startsWith(dir) || dir.startsWith(literal);
  });
}

export interface ContextEntry {
  /** POSIX path relative to the context. */
  rel: string;
  abs: string;
  size: number;
  /** A symbolic link travels as a link (its target text), not as what it points to. */
  linkTarget?: string;
}

/** The ignore file a builder uses for this Dockerfile: `<Dockerfile>.dockerignore` beside it
 * (BuildKit), else `.dockerignore` at the context root; undefined when there is none. */
export function ignoreFileFor(context: string, dockerfile: string): string | undefined {
  const own = `${dockerfile}.dockerignore`;
  if (existsSync(own)) return own;
  const root = path.join(context, '.dockerignore');
  return existsSync(root) ? root : undefined;
}

/** Every file and link of the context a builder would send, sorted by `rel` (code-unit order). */
export async function listContext(context: string, ignoreFile?: string): Promise<ContextEntry[]> {
  const rules = ignoreFile ? parseDockerignore(await readFile(ignoreFile, 'utf8')) : [];
  const out: ContextEntry[] = [];
  const walk = async (dirAbs: string, dirRel: string): Promise<void> => {
    for (const d of await readdir(dirAbs, { withFileTypes: true })) {
      const rel = dirRel ? `${dirRel}/${d.name}` : d.name;
      const abs = path.join(dirAbs, d.name);
      const ignored = isIgnored(rules, rel);
      if (d.isDirectory()) {
        if (!ignored || mayHoldExceptions(rules, rel)) await walk(abs, rel);
      } else if (ignored) continue;
      else if (d.isSymbolicLink()) out.push({ rel, abs, size: 0, linkTarget: await readlink(abs) });
      else if (d.isFile()) out.push({ rel, abs, size: (await stat(abs)).size });
    }
  };
  await walk(path.resolve(context), '');
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}
