// Azure DevOps adapter over azure-pipelines-task-lib: inputs, `##vso` logging commands, service
// connections.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tl from 'azure-pipelines-task-lib/task.js';
import { RolloutError } from '../errors.js';
import { HttpError, requestJson } from '../http/request.js';
import { adoName } from './ado-names.js';
import type { AzureSignIn } from '../azure/sign-in.js';
import type { AuthInputs } from '../azure/inputs.js';
import type { Annotation, Host } from './host.js';
import { adoArtifactsUrl } from './run-info.js';
import { SecretMasker } from '../secrets.js';

export class AzureDevOpsHost implements Host {
  readonly kind = 'ado' as const;
  private readonly masker = new SecretMasker();
  private summaryCount = 0;

  rawInput(name: string): string | undefined {
    const value = tl.getInput(adoName(name), false);
    return value === undefined || value === '' ? undefined : value;
  }

  workspaceDir(): string {
    return tl.getVariable('System.DefaultWorkingDirectory') || process.cwd();
  }

  setOutput(name: string, value: string): void {
    // An output variable, readable by later steps as `<step ref>.<name>`.
    // Masked like every output the suite writes: later steps read it as plain text.
    tl.setVariable(adoName(name), this.masker.mask(value), false, true);
  }

  setSecret(value: string): void {
    this.masker.add(value);
    tl.setSecret(value);
  }

  mask(text: string): string {
    return this.masker.mask(text);
  }

  info(message: string): void {
    console.log(this.masker.mask(message));
  }

  debug(message: string): void {
    tl.debug(this.masker.mask(message));
  }

  warning(message: string, annotation?: Annotation): void {
    tl.logIssue(tl.IssueType.Warning, this.masker.mask(message), annotation?.file, annotation?.line);
  }

  error(message: string, annotation?: Annotation): void {
    tl.logIssue(tl.IssueType.Error, this.masker.mask(message), annotation?.file, annotation?.line);
  }

  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    console.log(`##[group]${this.masker.mask(title)}`);
    try {
      return await fn();
    } finally {
      console.log('##[endgroup]');
    }
  }

  async appendSummary(markdown: string): Promise<void> {
    // ADO takes a summary as a Markdown file; each upload is its own section on the run page.
    const dir = tl.getVariable('Agent.TempDirectory') || mkdtempSync(path.join(os.tmpdir(), 'aml-rollout-'));
    const file = path.join(dir, `aml-rollout-summary-${process.pid}-${++this.summaryCount}.md`);
    writeFileSync(file, this.masker.mask(markdown));
    tl.uploadSummary(file);
  }

  async uploadArtifact(name: string, _files: string[], rootDir: string): Promise<string | undefined> {
    // `##vso[artifact.upload]`: the agent uploads the folder; the build's artifacts tab shows it.
    tl.uploadArtifact(name, rootDir, name);
    return adoArtifactsUrl();
  }

  async publishTestResults(junitFiles: string[], title: string): Promise<void> {
    if (junitFiles.length === 0) return;
    new tl.TestPublisher('JUnit').publish(junitFiles, 'false', '', '', title, 'true');
  }

  async azureCredential(auth: AuthInputs): Promise<AzureSignIn> {
    // Loaded on demand: @azure/identity is most of a bundle's start-up time.
    const { createAzureCredential } = await import('../azure/credentials.js');
    const connection = auth['azure-subscription'];
    if (!connection) {
      throw new RolloutError(
        'InvalidInput',
        "input 'azureSubscription': an Azure Resource Manager service connection is required",
        {
          resource: 'azureSubscription',
        },
      );
    }
    const scheme = (tl.getEndpointAuthorizationScheme(connection, true) ?? '').toLowerCase();
    const param = (key: string) => tl.getEndpointAuthorizationParameter(connection, key, true);
    const subscriptionId = tl.getEndpointDataParameter(connection, 'subscriptionid', true);
    const tenantId = param('tenantid');
    const clientId = param('serviceprincipalid');
    if (scheme === 'workloadidentityfederation') {
      return createAzureCredential({
        choice: 'oidc',
        tenantId,
        clientId,
        subscriptionId,
        getFederatedToken: () => this.requestOidcToken(connection),
      });
    }
    if (scheme === 'serviceprincipal') {
      const secret = param('serviceprincipalkey');
      if (secret) this.setSecret(secret);
      return createAzureCredential({
        choice: 'client-secret',
        tenantId,
        clientId,
        clientSecret: secret,
        subscriptionId,
      });
    }
    if (scheme === 'managedserviceidentity') {
      return createAzureCredential({ choice: 'managed-identity', subscriptionId });
    }
    throw new RolloutError(
      'UnsupportedServiceConnection',
      `service connection scheme '${scheme}' is not supported`,
      {
        resource: connection,
        remediation:
          'use a service principal secret, workload identity federation or managed identity connection',
      },
    );
  }

  /** A fresh OIDC token for the service connection, asked of the pipeline on every refresh. */
  private async requestOidcToken(connection: string): Promise<string> {
    const uri = tl.getVariable('System.OidcRequestUri');
    const accessToken = tl.getVariable('System.AccessToken');
    if (!uri || !accessToken) {
      throw new RolloutError(
        'OidcUnavailable',
        'System.OidcRequestUri or System.AccessToken is not available',
        {
          remediation:
            'map System.AccessToken into the task or use a workload identity federation connection',
        },
      );
    }
    const url = `${uri}?api-version=7.1&serviceConnectionId=${encodeURIComponent(connection)}`;
    let body: { oidcToken?: string };
    try {
      ({ json: body } = await requestJson<{ oidcToken?: string }>({
        url,
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
        mask: (text) => this.masker.mask(text),
        log: (line) => this.debug(line),
      }));
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      throw new RolloutError('OidcRequestFailed', `the pipeline refused an OIDC token (${e.reason})`, {
        cause: e,
      });
    }
    if (!body.oidcToken)
      throw new RolloutError('OidcRequestFailed', 'the pipeline answered without an oidcToken');
    this.setSecret(body.oidcToken);
    return body.oidcToken;
  }

  saveState(name: string, value: string): void {
    // A task variable: the agent hands it to this task's post-job execution only.
    tl.setTaskVariable(name, value);
  }

  getState(name: string): string | undefined {
    return tl.getTaskVariable(name) || undefined;
  }

  fail(message: string, annotation?: Annotation): void {
    const line = this.masker.mask(message);
    if (annotation?.file) this.error(line, annotation);
    tl.setResult(tl.TaskResult.Failed, line);
  }

  succeed(): void {
    tl.setResult(tl.TaskResult.Succeeded, '');
  }
}
