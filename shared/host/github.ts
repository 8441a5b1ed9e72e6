// GitHub Actions adapter over @actions/core and @actions/artifact.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import type { AzureSignIn } from '../azure/sign-in.js';
import type { AuthInputs } from '../azure/inputs.js';
import type { Annotation, Host } from './host.js';
import { githubArtifactName, githubArtifactUrl } from './run-info.js';
import { SecretMasker } from '../secrets.js';

export class GitHubHost implements Host {
  readonly kind = 'github' as const;
  private readonly masker = new SecretMasker();

  rawInput(name: string): string | undefined {
    // core.getInput reads INPUT_<NAME> with spaces as underscores, upper-cased; hyphens stay.
    const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
    return value === undefined || value === '' ? undefined : value;
  }

  workspaceDir(): string {
    return process.env.GITHUB_WORKSPACE || process.cwd();
  }

  setOutput(name: string, value: string): void {
    // GITHUB_OUTPUT is a file later steps and jobs read: masked like every file the suite writes.
    core.setOutput(name, this.masker.mask(value));
  }

  setSecret(value: string): void {
    this.masker.add(value);
    core.setSecret(value);
  }

  mask(text: string): string {
    return this.masker.mask(text);
  }

  info(message: string): void {
    core.info(this.masker.mask(message));
  }

  debug(message: string): void {
    core.debug(this.masker.mask(message));
  }

  warning(message: string, annotation?: Annotation): void {
    core.warning(this.masker.mask(message), toProperties(annotation));
  }

  error(message: string, annotation?: Annotation): void {
    core.error(this.masker.mask(message), toProperties(annotation));
  }

  group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    return core.group(this.masker.mask(title), fn);
  }

  async appendSummary(markdown: string): Promise<void> {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file) {
      core.info(this.masker.mask(markdown));
      return;
    }
    await appendFile(file, `${this.masker.mask(markdown)}\n`);
  }

  async uploadArtifact(name: string, files: string[], rootDir: string): Promise<string | undefined> {
    if (!process.env.ACTIONS_RUNTIME_TOKEN) {
      // Outside a hosted runner (a local `act`-style run, a test) there is no artifact service.
      core.info(`not on a GitHub runner: artifact '${name}' stays in ${this.masker.mask(rootDir)}`);
      return rootDir;
    }
    // Loaded on demand: the artifact client pulls in a large dependency tree most steps never use.
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const client = new DefaultArtifactClient();
    for (let attempt = 0; ; attempt++) {
      const unique = githubArtifactName(name, attempt);
      try {
        const { id } = await client.uploadArtifact(unique, files, rootDir);
        if (unique !== name) core.info(`artifact '${name}' uploaded as '${unique}'`);
        return id === undefined ? undefined : githubArtifactUrl(id);
      } catch (e) {
        // 409: this run has an artifact of that name already (an earlier job's or step's).
        if (attempt >= 3 || !/\b409\b|conflict|already exists/i.test(String(e))) throw e;
      }
    }
  }

  async publishTestResults(junitFiles: string[], title: string): Promise<void> {
    // GitHub has no native test tab: the results travel as an artifact for test-reporter actions.
    if (junitFiles.length === 0) return;
    try {
      await this.uploadArtifact(`${title}-junit`, junitFiles, path.dirname(junitFiles[0] ?? '.'));
    } catch (e) {
      // The results are also in the report artifact: a failed upload must not hide the verdict.
      core.warning(this.masker.mask(`could not upload the test results: ${(e as Error).message}`));
    }
  }

  async azureCredential(auth: AuthInputs): Promise<AzureSignIn> {
    // Loaded on demand: @azure/identity is most of a bundle's start-up time.
    const { createAzureCredential } = await import('../azure/credentials.js');
    // The client secret is a `secret` input: the parser registered it for masking.
    return createAzureCredential({
      choice: auth.auth,
      clientId: auth['client-id'],
      tenantId: auth['tenant-id'],
      clientSecret: auth['client-secret'],
      // Called again on every token refresh: a GitHub OIDC assertion lives minutes, a rollout longer.
      getFederatedToken: process.env.ACTIONS_ID_TOKEN_REQUEST_URL
        ? () => core.getIDToken('api://AzureADTokenExchange')
        : undefined,
    });
  }

  saveState(name: string, value: string): void {
    // Appended to GITHUB_STATE at once; the runner hands it to the post step as STATE_<name>.
    core.saveState(name, value);
  }

  getState(name: string): string | undefined {
    return core.getState(name) || undefined;
  }

  fail(message: string, annotation?: Annotation): void {
    const line = this.masker.mask(message);
    core.setFailed(line);
    if (annotation) core.error(line, toProperties(annotation));
  }

  succeed(): void {
    // GitHub takes a zero exit code as success.
  }
}

function toProperties(a: Annotation | undefined): core.AnnotationProperties {
  if (!a) return {};
  const p: core.AnnotationProperties = {};
  if (a.file) p.file = a.file;
  if (a.line) p.startLine = a.line;
  if (a.title) p.title = a.title;
  return p;
}
