// The deploy step's stage-1 check for its YAML: both files and the overriding inputs read and
// validated together, so one error lists every problem, before anything in Azure is touched.
import { readFile } from 'node:fs/promises';
import { readDeployment } from './deployment.js';
import { type EndpointSpec, parseEndpointYaml, readEndpoint } from './endpoint.js';
import { SpecError, type SpecIssue, throwIfIssues } from './issues.js';
import { formatPath, YamlDocument } from './reader.js';
import {
  type DeployOverrides,
  type EnvironmentToRegister,
  environmentToRegister,
  issueSink,
  type ResolvedDeployment,
  type ResolveOptions,
  resolveDeploymentInto,
} from './resolve.js';

export interface DeploySpec {
  /** The endpoint, with the endpoint-name input applied. */
  endpoint: EndpointSpec;
  deployment: ResolvedDeployment;
  /** For an inline environment: the version to register before creating the deployment. */
  environment?: EnvironmentToRegister;
  /** Output-only fields found and ignored (`endpoint.yml: scoring_uri`), for one log line. */
  ignored: string[];
}

export interface YamlText {
  text: string;
  /** How the file is named in messages, e.g. `deploy/deployment.yml`. */
  source: string;
}

/** Validates both documents and the overrides together; throws one SpecError listing everything. */
export function parseDeploySpec(
  files: { endpoint: YamlText; deployment: YamlText },
  overrides: DeployOverrides = {},
  options: ResolveOptions = {},
): DeploySpec {
  const endpointDoc = new YamlDocument(files.endpoint.text, files.endpoint.source, 'endpoint');
  const deploymentDoc = new YamlDocument(files.deployment.text, files.deployment.source, 'deployment');
  const endpoint = readEndpoint(endpointDoc);
  const deployment = readDeployment(deploymentDoc);
  const inputIssues: SpecIssue[] = [];
  const resolved =
    deployment &&
    resolveDeploymentInto(
      deployment,
      overrides,
      {
        ...options,
        // The endpoint-name input wins over the YAML name; resolve checks and reports it.
        ...(overrides.endpointName === undefined && endpoint ? { endpointName: endpoint.name } : {}),
      },
      issueSink(inputIssues, (path, message, hint) => {
        // A field whose YAML value was already refused is not "required" as well.
        const at = formatPath(path);
        if (!deploymentDoc.issues.some((i) => i.path === at)) deploymentDoc.report(path, message, hint);
      }),
    );
  throwIfIssues([...endpointDoc.issues, ...deploymentDoc.issues, ...inputIssues]);
  const ep = endpoint as EndpointSpec;
  const d = resolved as ResolvedDeployment;
  return {
    endpoint: { ...ep, name: d.endpointName },
    deployment: d,
    ...(d.environment.kind === 'inline'
      ? { environment: environmentToRegister(d.environment.environment) }
      : {}),
    ignored: [
      ...ep.ignored.map((f) => `${files.endpoint.source}: ${f}`),
      ...(deployment?.ignored ?? []).map((f) => `${files.deployment.source}: ${f}`),
    ],
  };
}

export interface DeployFiles {
  endpointFile: string;
  deploymentFile: string;
}

/** Reads both files (named in messages as given) and validates them with the overrides. */
export async function loadDeploySpec(
  files: DeployFiles,
  overrides: DeployOverrides = {},
  options: ResolveOptions = {},
): Promise<DeploySpec> {
  const issues: SpecIssue[] = [];
  const read = async (file: string, kind: 'endpoint' | 'deployment'): Promise<string> => {
    try {
      return await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      issues.push({
        kind,
        source: file,
        path: '',
        message: code === 'ENOENT' ? 'does not exist' : `cannot be read (${(e as Error).message})`,
        hint: `check the ${kind}-file input`,
      });
      return '';
    }
  };
  const [endpointText, deploymentText] = await Promise.all([
    read(files.endpointFile, 'endpoint'),
    read(files.deploymentFile, 'deployment'),
  ]);
  throwIfIssues(issues);
  return parseDeploySpec(
    {
      endpoint: { text: endpointText, source: files.endpointFile },
      deployment: { text: deploymentText, source: files.deploymentFile },
    },
    overrides,
    options,
  );
}

/** Reads the endpoint YAML alone (for a verb that only touches the endpoint). */
export async function loadEndpointYaml(file: string): Promise<EndpointSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SpecError([
      { kind: 'endpoint', source: file, path: '', message: `cannot be read (${(e as Error).message})` },
    ]);
  }
  return parseEndpointYaml(text, file);
}
