// The Host interface: everything a step may ask of the CI system it runs in. GitHub Actions, Azure
// DevOps and the CLI each implement it; nothing below the adapters knows which one it has.
import type { AzureSignIn } from '../azure/sign-in.js';
import type { AuthInputs } from '../azure/inputs.js';

export interface Annotation {
  file?: string;
  line?: number;
  title?: string;
}

export interface Host {
  readonly kind: 'github' | 'ado' | 'cli';
  /** The raw string a user gave for an input (by its kebab-case name), or undefined. */
  rawInput(name: string): string | undefined;
  /** Folder that relative paths in inputs are resolved against. */
  workspaceDir(): string;

  setOutput(name: string, value: string): void;
  /** Register a value to be masked in every log line from now on, on the host and in our own output. */
  setSecret(value: string): void;
  /** `text` with every secret registered so far (and its encodings) masked: the same masker the
   * host's log lines go through, for every file and output the suite writes (files/report-folder.ts). */
  mask(text: string): string;

  info(message: string): void;
  debug(message: string): void;
  warning(message: string, annotation?: Annotation): void;
  error(message: string, annotation?: Annotation): void;
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;

  /** Append Markdown to the job summary. */
  appendSummary(markdown: string): Promise<void>;
  /** Upload files (absolute paths under rootDir) as a named build artifact; returns where it is
   * (a URL on a CI host, a folder on the CLI) when the host knows, else undefined. */
  uploadArtifact(name: string, files: string[], rootDir: string): Promise<string | undefined>;
  /** Publish JUnit XML results to the host's test tab (where it has one). */
  publishTestResults(junitFiles: string[], title: string): Promise<void>;

  /** Azure credential from the step's sign-in inputs (parsed once, by the runner), the way this
   * host signs in: OIDC from the runner, a service connection, environment variables. */
  azureCredential(auth: AuthInputs): Promise<AzureSignIn>;

  /** Keep a value for this step's post-job entry (GitHub `post:` state, an Azure DevOps task
   * variable), saved at once so it survives the process being killed; '' clears it. */
  saveState(name: string, value: string): void;
  /** In the post-job entry: a value the main entry saved; undefined when none. */
  getState(name: string): string | undefined;

  /** Mark the step failed with one line; the process exits non-zero. */
  fail(message: string, annotation?: Annotation): void;
  /** Mark the step succeeded (hosts that need an explicit completion). */
  succeed(): void;
}
