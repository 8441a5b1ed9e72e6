// Leak scanning for the tests that run a step as a process: what a known secret may look like once
// written (the secret, pieces of it, its base64 and URL encodings), every file under a folder, and
// a scan of texts and folders that says where each leak was found. Written apart from the masker
// (shared/secrets.ts) on purpose: the tests check the masker, they must not reuse it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Everything a leak of `secret` may look like, each with what it is: the secret, any 10 characters
 * of it in a row (what `JSON.parse` quotes of a body), its base64 at each of the three byte
 * alignments it can have inside a longer encoded text (plain and URL-safe), and its URL encoding
 * (upper- and lower-case hex). */
export function leakForms(secret: string): Map<string, string> {
  const forms = new Map<string, string>();
  for (let i = 0; i + 10 <= secret.length; i++) forms.set(secret.slice(i, i + 10), 'a 10-character piece');
  forms.set(secret, 'the secret');
  const bytes = Buffer.from(secret);
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    // Without the characters that carry bits of what comes before or after the secret.
    const tail = (shift + bytes.length) % 3 === 0 ? 0 : 1;
    const core = b64.slice([0, 2, 3][shift], b64.length - tail);
    forms.set(core, `base64 (offset ${shift})`);
    const url = core.replace(/\+/g, '-').replace(/\//g, '_');
    if (url !== core) forms.set(url, `base64url (offset ${shift})`);
  }
  forms.set(encodeURIComponent(secret), 'URL-encoded');
  forms.set(
    encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    'URL-encoded (lower-case hex)',
  );
  return forms;
}

/** Shapes that are secrets whoever issued them: a SAS signature that is not masked, a JWT. */
const SHAPES: [RegExp, string][] = [
  [/[?&]sig=(?!\*\*\*)[^&\s"'<]+/, 'a SAS signature (sig=)'],
  [/eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, 'a JWT'],
];

/** Every file under `dir` (none when the run never made it). */
export const filesUnder = (dir: string): string[] =>
  (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }) : [])
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));

/**
 * A scan for `secrets` (name -> value) and the secret shapes: `scan(texts, dirs)` returns every
 * place a leak was found (`where` for each text, the path for each file under `dirs`) with what
 * was found there, `{}` when nothing leaked.
 */
export function secretScan(secrets: Record<string, string>) {
  const forms = [...Object.entries(secrets)].flatMap(([name, value]) =>
    [...leakForms(value)].map(([form, what]) => [form, `${name}: ${what}`] as const),
  );
  const leaksIn = (text: string) => [
    ...new Set([
      ...forms.filter(([form]) => text.includes(form)).map(([, what]) => what),
      ...SHAPES.filter(([shape]) => shape.test(text)).map(([, what]) => what),
    ]),
  ];
  return function scan(texts: Record<string, string>, dirs: string[]): Record<string, string[]> {
    const found: Record<string, string[]> = {};
    const note = (where: string, text: string) => {
      const l = leaksIn(text);
      if (l.length) found[where] = l;
    };
    for (const [where, text] of Object.entries(texts)) note(where, text);
    for (const dir of dirs) for (const f of filesUnder(dir)) note(f, readFileSync(f, 'latin1'));
    return found;
  };
}
