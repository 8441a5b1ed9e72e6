// What the suite needs to know of a Dockerfile before building: that it is one (a FROM), the build
// arguments it declares (a misspelt `variants` argument fails early instead of being ignored),
// and the base images it starts from (whose digest goes into the source hash). Not a full parser:
// instructions, line continuations, comments and ${ARG} substitution in FROM.

export interface DockerfileFacts {
  /** ARG names declared anywhere (before the first FROM or in a stage). */
  args: Set<string>;
  /** Each FROM's image, build arguments substituted; stage names and `scratch` left out. */
  baseImages: string[];
  /** Stage names (`FROM x AS name`). */
  stages: string[];
}

export class DockerfileProblem extends Error {}

/** Build arguments every builder predefines; passing them is never a typo. */
export const PREDEFINED_ARGS = new Set([
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'FTP_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'ftp_proxy',
  'no_proxy',
  'all_proxy',
  'SOURCE_DATE_EPOCH',
]);

interface Instruction {
  keyword: string;
  rest: string;
}

function instructions(text: string): Instruction[] {
  const escapeChar = /^#\s*escape\s*=\s*`/im.test(text.split(/\r?\n/, 5).join('\n')) ? '`' : '\\';
  const out: Instruction[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    // Comments are dropped even inside a continued instruction, as BuildKit does.
    if (line.startsWith('#')) continue;
    if (line.endsWith(escapeChar)) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full === '') continue;
    const m = /^(\S+)\s*(.*)$/.exec(full);
    if (m) out.push({ keyword: (m[1] as string).toUpperCase(), rest: (m[2] as string).trim() });
  }
  if (pending.trim()) {
    const m = /^(\S+)\s*(.*)$/.exec(pending.trim());
    if (m) out.push({ keyword: (m[1] as string).toUpperCase(), rest: (m[2] as string).trim() });
  }
  return out;
}

function substitute(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+]([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced, fallback, bare) => {
      const name = (braced ?? bare) as string;
      return values.get(name) ?? (fallback as string | undefined) ?? '';
    },
  );
}

/** Reads the facts, substituting `buildArgs` over the ARG defaults declared before the first FROM.
 * Throws DockerfileProblem when there is no FROM or a FROM names nothing. */
export function readDockerfile(text: string, buildArgs: Readonly<Record<string, string>>): DockerfileFacts {
  const args = new Set<string>();
  const globals = new Map<string, string>();
  const baseImages: string[] = [];
  const stages: string[] = [];
  let seenFrom = false;
  for (const ins of instructions(text)) {
    if (ins.keyword === 'ARG') {
      for (const decl of ins.rest.split(/\s+/).filter(Boolean)) {
        const eq = decl.indexOf('=');
        const name = eq < 0 ? decl : decl.slice(0, eq);
        args.add(name);
        if (!seenFrom) {
          const value =
            buildArgs[name] ?? (eq < 0 ? undefined : decl.slice(eq + 1).replace(/^"(.*)"$/, '$1'));
          if (value !== undefined) globals.set(name, value);
        }
      }
    } else if (ins.keyword === 'FROM') {
      seenFrom = true;
      const words = ins.rest.split(/\s+/).filter((w) => !w.startsWith('--'));
      const image = substitute(words[0] ?? '', globals);
      if (!image)
        throw new DockerfileProblem(`FROM '${ins.rest}' names no image (is a build argument missing?)`);
      if (image !== 'scratch' && !stages.includes(image)) baseImages.push(image);
      if (words[1]?.toUpperCase() === 'AS' && words[2]) stages.push(words[2]);
    } else if (!seenFrom) {
      throw new DockerfileProblem(`'${ins.keyword}' comes before the first FROM`);
    }
  }
  if (!seenFrom) throw new DockerfileProblem('has no FROM instruction');
  return { args, baseImages, stages };
}
