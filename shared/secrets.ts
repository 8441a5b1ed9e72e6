// The one place that masks secrets (layer 1: anything may use it). Every host adapter registers
// secrets here and passes every line it writes through `mask`, so a secret stays hidden even when
// no CI runner is there to mask it; the HTTP helper masks what it logs the same way.

const MASK = '***';

export class SecretMasker {
  private readonly secrets = new Set<string>();

  add(value: string | undefined): void {
    if (!value) return;
    const trimmed = value.trim();
    // Masking very short strings would shred ordinary output and protects nothing.
    if (trimmed.length < 4) return;
    this.secrets.add(trimmed);
    // Secrets often travel encoded; mask the common encodings as well.
    this.secrets.add(Buffer.from(trimmed).toString('base64'));
    this.secrets.add(encodeURIComponent(trimmed));
  }

  mask(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is masked whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(s)) out = out.split(s).join(MASK);
    }
    return maskSasSignatures(out);
  }
}

/** SAS tokens in URLs are secrets even when nobody registered them. */
export function maskSasSignatures(text: string): string {
  return text.replace(/([?&]sig=)[^&\s"']+/gi, `$1${MASK}`);
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
