// The CLI adapter: inputs from `--flag value` arguments, outputs gathered for one JSON object on
// stdout, everything for people on stderr. Lets users and tests run any step without a CI host.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AzureSignIn } from '../azure/sign-in.js';
import type { AuthInputs } from '../azure/inputs.js';
import type { Annotation, Host } from './host.js';
import { SecretMasker } from '../secrets.js';

/** The two streams of a CLI run; commands take them, so tests can run commands in-process. */
export interface CliIO {
  /** Machine-readable results (one JSON object for step commands). */
  stdout(text: string): void;
  /** Progress and diagnostics for people. Secrets are masked before they get here. */
  stderr(text: string): void;
}

export class CliHost implements Host {
  readonly kind = 'cli' as const;
  readonly outputs: Record<string, string> = {};
  failure: string | undefined;
  private readonly masker = new SecretMasker();

  constructor(
    private readonly flags: Readonly<Record<string, string>>,
    private readonly io: CliIO,
    private readonly cwd = process.cwd(),
  ) {}

  rawInput(name: string): string | undefined {
    return this.flags[name];
  }

  workspaceDir(): string {
    return this.cwd;
  }

  setOutput(name: string, value: string): void {
    this.outputs[name] = value;
  }

  setSecret(value: string): void {
    this.masker.add(value);
  }

  mask(text: string): string {
    return this.masker.mask(text);
  }

  /** Outputs as printed (the step's, or those given): masked like every other line. */
  maskedOutputs(outputs: Readonly<Record<string, string>> = this.outputs): Record<string, string> {
    return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, this.masker.mask(v)]));
  }

  info(message: string): void {
    this.io.stderr(this.masker.mask(message));
  }

  debug(message: string): void {
    if (process.env.AML_ROLLOUT_DEBUG) this.io.stderr(`debug: ${this.masker.mask(message)}`);
  }

  warning(message: string, annotation?: Annotation): void {
    this.io.stderr(`warning: ${where(annotation)}${this.masker.mask(message)}`);
  }

  error(message: string, annotation?: Annotation): void {
    this.io.stderr(`error: ${where(annotation)}${this.masker.mask(message)}`);
  }

  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.io.stderr(`== ${this.masker.mask(title)}`);
    return fn();
  }

  async appendSummary(markdown: string): Promise<void> {
    this.io.stderr(this.masker.mask(markdown));
  }

  async uploadArtifact(name: string, files: string[], rootDir: string): Promise<string | undefined> {
    // Without a CI host an "artifact" is a folder; only copied when the user asks for one.
    const target = process.env.AML_ROLLOUT_ARTIFACTS_DIR;
    if (!target) return path.resolve(rootDir);
    for (const file of files) {
      const dest = path.join(target, name, path.relative(rootDir, file));
      await mkdir(path.dirname(dest), { recursive: true });
      await copyFile(file, dest);
    }
    return path.resolve(target, name);
  }

  async publishTestResults(): Promise<void> {
    // The JUnit files are already on disk where the step wrote them.
  }

  async azureCredential(auth: AuthInputs): Promise<AzureSignIn> {
    // Loaded on demand: @azure/identity is most of a bundle's start-up time.
    const { createAzureCredential } = await import('../azure/credentials.js');
    // Flags win; the environment variables @azure/identity users already set fill the gaps.
    const clientSecret = auth['client-secret'] ?? process.env.AZURE_CLIENT_SECRET;
    if (clientSecret) this.setSecret(clientSecret);
    return createAzureCredential({
      choice: auth.auth,
      clientId: auth['client-id'] ?? process.env.AZURE_CLIENT_ID,
      tenantId: auth['tenant-id'] ?? process.env.AZURE_TENANT_ID,
      clientSecret,
    });
  }

  // The CLI has no post-job phase (a cancelled CLI run restores through its signal): state lives
  // as long as the process.
  private readonly state = new Map<string, string>();

  saveState(name: string, value: string): void {
    this.state.set(name, value);
  }

  getState(name: string): string | undefined {
    return this.state.get(name) || undefined;
  }

  fail(message: string): void {
    this.failure = this.masker.mask(message);
    this.io.stderr(`error: ${this.failure}`);
  }

  succeed(): void {}
}

function where(a: Annotation | undefined): string {
  if (!a?.file) return '';
  return a.line ? `${a.file}:${a.line}: ` : `${a.file}: `;
}
