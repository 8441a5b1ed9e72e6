// The one place that masks secrets (layer 1: anything may use it). Every host adapter registers
// secrets here and passes every line it writes through `mask`, so a secret stays hidden even when
// no CI runner is there to mask it; the report files go through the same `mask` (files/
// report-folder.ts), and the HTTP helper masks what it logs and quotes the same way. Text someone
// else sent (a response body, a label) is only ever quoted as an `excerpt`: masked whole, then cut.

const MASK = '***';
/** Encoded forms shorter than this are not masked: they would shred ordinary output (a base64
 * image in the HTML report) and protect little. The secret itself is masked from 4 characters. */
const MIN_ENCODED = 8;

export class SecretMasker {
  private readonly secrets = new Set<string>();
  /** The secrets, longest first, rebuilt when one is added. */
  private ordered: string[] | undefined;

  add(value: string | undefined): void {
    if (!value) return;
    const trimmed = value.trim();
    // Masking very short strings would shred ordinary output and protects nothing.
    if (trimmed.length < 4) return;
    // Secrets often travel encoded; mask the common encodings as well.
    for (const form of encodedForms(trimmed)) {
      if (form === trimmed || form.length >= MIN_ENCODED) this.secrets.add(form);
    }
    this.ordered = undefined;
  }

  mask(text: string): string {
    // Longest first, so a secret that contains another is masked whole.
    this.ordered ??= [...this.secrets].sort((a, b) => b.length - a.length);
    let out = text;
    for (const s of this.ordered) {
      if (out.includes(s)) out = out.split(s).join(MASK);
    }
    return maskSasSignatures(out);
  }
}

/** A secret as it may appear in text: itself, base64 and base64url (whole, and at each of the three
 * byte offsets it can have inside a longer encoded text, such as `Authorization: Bearer <key>`),
 * URL-encoded (upper- and lower-case hex), and escaped in JSON, XML and HTML. */
function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret);
  const forms = [secret, bytes.toString('base64'), bytes.toString('base64url')];
  for (let offset = 0; offset < 3; offset++) {
    const b64 = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    // Keep only the characters made of the secret's bits: the first ones also carry the bytes
    // before it, the last one (unless it ends on a 3-byte boundary) the bytes after it.
    const start = [0, 2, 3][offset] as number;
    const end = b64.length - ((offset + bytes.length) % 3 === 0 ? 0 : 1);
    const core = b64.slice(start, end);
    forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  try {
    const url = encodeURIComponent(secret);
    forms.push(
      url,
      url.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    );
  } catch {
    // A lone surrogate cannot be URL-encoded, so it never travels that way either.
  }
  forms.push(JSON.stringify(secret).slice(1, -1));
  const xml = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  forms.push(xml, xml.replace(/"/g, '&quot;'), xml.replace(/"/g, '&quot;').replace(/'/g, '&apos;'));
  forms.push(xml.replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
  return forms;
}

/** SAS tokens in URLs are secrets even when nobody registered them. */
export function maskSasSignatures(text: string): string {
  return text.replace(/([?&]sig=)[^&\s"']+/gi, `$1${MASK}`);
}

/** Characters of an excerpt, before the note of how much was left out. */
export const EXCERPT_CHARS = 200;
/** Of a text that was itself cut short (the first bytes of a long body), this much of its end is
 * dropped before masking: it may hold the start of a secret whose end was cut off, which no
 * masker can recognise. Longer than any key, SAS or token the suite handles. */
const CUT_MARGIN = 16 * 1024;

export interface ExcerptOptions {
  /** Characters kept (default EXCERPT_CHARS). */
  max?: number;
  /** The text is the beginning of something longer (a body read up to a limit). */
  cutShort?: boolean;
}

/** A short quote of text the suite did not write (a response body, a label, a header), for a log
 * line or a report: masked whole with `mask` (the host's masker; SAS signatures at least) before
 * it is cut, so a secret is never cut in two and half shown; one line, no control characters;
 * says how long the whole was when it is cut. */
export function excerpt(
  text: string,
  mask: (text: string) => string = maskSasSignatures,
  options: ExcerptOptions = {},
): string {
  const max = options.max ?? EXCERPT_CHARS;
  const kept = options.cutShort ? text.slice(0, Math.max(0, text.length - CUT_MARGIN)) : text;
  // eslint-disable-next-line no-control-regex
  const line = maskSasSignatures(mask(kept)).replace(/[\u0000-\u001f\u007f\s]+/g, ' ');
  if (!options.cutShort && line.length <= max) return line;
  return `${line.slice(0, max)}… (${options.cutShort ? 'more than ' : ''}${text.length} characters)`;
}

/** The line that registers a secret with the CI runner a CLI command runs under (a `run:` step on
 * GitHub, a script step on Azure DevOps), or undefined outside one. For the rare command whose
 * output is a secret (the local plane's token): runners read these commands from stderr as well,
 * so stdout stays one JSON object, and the runner then masks the value in every later line. */
export function runnerMaskCommand(value: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!value) return undefined;
  if (env.TF_BUILD) return `##vso[task.setsecret]${value}`;
  if (env.GITHUB_ACTIONS === 'true') return `::add-mask::${value}`;
  return undefined;
}
