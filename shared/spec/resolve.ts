// From what the YAML says to what the step will deploy: the step's inputs override the YAML
// (model, image, instance type and count, environment variables, names), and everything the
// step cannot deploy as written (local model files, no image) is refused here, so all of it is
// known before the first call to Azure.
import { createHash } from 'node:crypto';
import type { EnvironmentVersion } from '@azure/arm-machinelearning';
import {
  type CodeConfiguration,
  type DeploymentSpec,
  environmentVariableNameProblem,
  type InlineEnvironment,
  type ProbeSettings,
  type RequestSettings,
} from './deployment.js';
import { SpecError, type SpecIssue } from './issues.js';
import { deploymentNameProblem, endpointNameProblem, sameName } from './names.js';
import { formatPath, type PathSegment } from './reader.js';
import { formatImageRef, parseImageRef } from '../registry/reference.js';
import { type AssetKind, type AssetRef, formatAssetRef, instanceTypeProblem, parseAssetRef } from './refs.js';

/** The deploy step's inputs that override the deployment YAML. Absent means "as the YAML says". */
export interface DeployOverrides {
  endpointName?: string;
  deploymentName?: string;
  /** `azureml:<name>:<version>` (what register-model outputs), `azureml:<name>@latest` or an id. */
  model?: string;
  /** A pushed image, `registry/repository[:tag][@sha256:<64 hex>]` (what build-image outputs). */
  image?: string;
  instanceType?: string;
  instanceCount?: number;
  /** `NAME=value` items, merged over the YAML's environment_variables. */
  environmentVariables?: readonly string[];
}

/** The input name each override came from, for messages. */
export type OverrideInputNames = Record<keyof DeployOverrides, string>;

export const DEFAULT_INPUT_NAMES: OverrideInputNames = {
  endpointName: 'endpoint-name',
  deploymentName: 'deployment-name',
  model: 'model',
  image: 'image',
  instanceType: 'instance-type',
  instanceCount: 'instance-count',
  environmentVariables: 'environment-variables',
};

export interface EnvironmentVariableProblem {
  name: string;
  message: string;
}

export interface ResolveOptions {
  inputNames?: Partial<OverrideInputNames>;
  /**
   * Checks the merged environment variables; each problem is reported against the input or the
   * YAML line the variable came from. The scorer's parser for the AutoML inference parameters
   * (BOX_SCORE_THRESH, ...) lives in shared/scoring, a layer above this one, so the step passes it
   * in here rather than spec importing it.
   */
  checkEnvironmentVariables?: (
    vars: Readonly<Record<string, string>>,
  ) => readonly EnvironmentVariableProblem[];
}

export type ResolvedEnvironment =
  { kind: 'ref'; ref: AssetRef } | { kind: 'inline'; environment: InlineEnvironment & { image: string } };

/** A deployment the step can create: every reference known, every required field present. */
export interface ResolvedDeployment {
  endpointName: string;
  name: string;
  model: AssetRef;
  environment: ResolvedEnvironment;
  code?: { code: AssetRef; scoringScript: string };
  environmentVariables: Record<string, string>;
  instanceType: string;
  instanceCount: number;
  requestSettings?: RequestSettings;
  livenessProbe?: ProbeSettings;
  readinessProbe?: ProbeSettings;
  appInsightsEnabled?: boolean;
  egressPublicNetworkAccess?: 'enabled' | 'disabled';
  modelMountPath?: string;
  description?: string;
  tags: Record<string, string>;
  properties: Record<string, string>;
}

/** Where resolve reports: YAML paths (with lines when the document is at hand) and inputs. */
export interface IssueSink {
  yaml(path: readonly PathSegment[], message: string, hint?: string): void;
  input(input: string, message: string, hint?: string): void;
}

export function issueSink(
  issues: SpecIssue[],
  yaml: (path: readonly PathSegment[], message: string, hint?: string) => void,
): IssueSink {
  return {
    yaml,
    input: (input, message, hint) =>
      issues.push({
        kind: 'input',
        source: `input '${input}'`,
        path: '',
        message,
        ...(hint ? { hint } : {}),
      }),
  };
}

/** `NAME=value` items (the value may hold '='); problems go to `report`. */
export function parseEnvironmentAssignments(
  items: readonly string[],
  report: (message: string, hint?: string) => void,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    if (item.trim() === '') continue;
    const eq = item.indexOf('=');
    const name = eq < 0 ? '' : item.slice(0, eq).trim();
    if (!name) {
      report(`'${item}' is not NAME=value`, 'one variable per item, e.g. BOX_SCORE_THRESH=0.5');
      continue;
    }
    const problem = environmentVariableNameProblem(name);
    if (problem) {
      report(problem);
      continue;
    }
    out[name] = item.slice(eq + 1);
  }
  return out;
}

const MODEL_HINT =
  'register the model first (register-model step, or az ml model create) and reference it as azureml:<name>:<version>, or pass the model input';
const IMAGE_HINT =
  'build and push the image (build-image step) and set environment.image, or pass the image input';

/**
 * Applies the overrides to a parsed deployment and checks it can be deployed. `endpointName` is
 * the endpoint the deployment goes to (from the endpoint YAML or input), when known. Returns
 * undefined when anything was reported.
 */
export function resolveDeploymentInto(
  spec: DeploymentSpec,
  overrides: DeployOverrides,
  options: ResolveOptions & { endpointName?: string },
  sink: IssueSink,
): ResolvedDeployment | undefined {
  const names = { ...DEFAULT_INPUT_NAMES, ...options.inputNames };
  let failed = false;
  const yaml = (path: readonly PathSegment[], message: string, hint?: string) => {
    failed = true;
    sink.yaml(path, message, hint);
  };
  const input = (key: keyof DeployOverrides, message: string, hint?: string) => {
    failed = true;
    sink.input(names[key], message, hint);
  };

  // Names: the inputs win (over both YAML files); without an input, the deployment's
  // endpoint_name must agree with the endpoint YAML's name.
  let endpointName = options.endpointName;
  if (overrides.endpointName !== undefined) {
    const problem = endpointNameProblem(overrides.endpointName);
    if (problem) input('endpointName', problem);
    else endpointName = overrides.endpointName;
  } else if (endpointName === undefined) {
    endpointName = spec.endpointName;
    if (endpointName === undefined)
      yaml(['endpoint_name'], 'is required', 'name the endpoint this deployment belongs to');
  } else if (spec.endpointName !== undefined && !sameName(spec.endpointName, endpointName)) {
    yaml(
      ['endpoint_name'],
      `names endpoint '${spec.endpointName}', but the deployment goes to '${endpointName}'`,
      "make endpoint_name match the endpoint YAML's name, or remove it",
    );
  }
  let name = spec.name;
  if (overrides.deploymentName !== undefined) {
    const problem = deploymentNameProblem(overrides.deploymentName);
    if (problem) input('deploymentName', problem);
    else name = overrides.deploymentName;
  } else if (name === undefined) {
    yaml(
      ['name'],
      'is required',
      `name the deployment (e.g. blue), or pass the ${names.deploymentName} input`,
    );
  }

  // Model: a registered reference; local files only when the model input replaces them.
  let model: AssetRef | undefined;
  if (overrides.model !== undefined) {
    const parsed = parseAssetRef(overrides.model, 'models');
    if ('problem' in parsed)
      input('model', parsed.problem, 'e.g. azureml:pid-symbols:3 (the model-ref output of register-model)');
    else model = parsed;
  } else if (spec.model === undefined) {
    yaml(['model'], 'is required', MODEL_HINT);
  } else if (spec.model.kind === 'local') {
    yaml(
      ['model'],
      `an inline model${spec.model.path ? ` (path ${spec.model.path})` : ''} is not uploaded by the deploy step`,
      MODEL_HINT,
    );
  } else {
    model = spec.model;
  }

  // Environment: a registered reference, or an inline image (+ routes) that the step registers.
  let environment: ResolvedEnvironment | undefined;
  if (overrides.image !== undefined) {
    const parsed = parseImageRef(overrides.image);
    if ('problem' in parsed) {
      input('image', parsed.problem);
    } else if (parsed.registry === undefined) {
      input(
        'image',
        `'${overrides.image}' names no registry`,
        'use the pushed image, e.g. myacr.azurecr.io/detector@sha256:<64 hex>',
      );
    } else if (spec.environment?.kind === 'ref') {
      input(
        'image',
        `replaces environment.image, but the deployment YAML references the registered environment ${formatAssetRef(spec.environment.ref)}`,
        'write the environment inline in the YAML (image + inference_config), or drop the image input',
      );
    } else {
      const yamlEnv = spec.environment?.environment;
      // A new image is new content: the YAML's explicit version would name two different images.
      const { version: _dropped, ...rest } = yamlEnv ?? { tags: {} };
      environment = { kind: 'inline', environment: { ...rest, image: formatImageRef(parsed) } };
    }
  } else if (spec.environment === undefined) {
    yaml(
      ['environment'],
      'is required',
      `${IMAGE_HINT}; or reference a registered environment azureml:<name>:<version>`,
    );
  } else if (spec.environment.kind === 'ref') {
    environment = spec.environment;
  } else if (spec.environment.environment.image === undefined) {
    yaml(['environment', 'image'], 'is required', IMAGE_HINT);
  } else {
    const env = spec.environment.environment;
    environment = { kind: 'inline', environment: { ...env, image: env.image as string } };
  }

  const code = resolveCode(spec.code);

  // Environment variables: the inputs' NAME=value over the YAML's, then the caller's check.
  const fromInput = parseEnvironmentAssignments(overrides.environmentVariables ?? [], (m, h) =>
    input('environmentVariables', m, h),
  );
  const environmentVariables = { ...spec.environmentVariables, ...fromInput };
  for (const problem of options.checkEnvironmentVariables?.(environmentVariables) ?? []) {
    if (problem.name in fromInput) input('environmentVariables', `${problem.name}: ${problem.message}`);
    else yaml(['environment_variables', problem.name], problem.message);
  }

  let instanceType = spec.instanceType;
  if (overrides.instanceType !== undefined) {
    const problem = instanceTypeProblem(overrides.instanceType);
    if (problem) input('instanceType', problem);
    else instanceType = overrides.instanceType;
  } else if (instanceType === undefined) {
    yaml(['instance_type'], 'is required', `e.g. Standard_DS3_v2, or pass the ${names.instanceType} input`);
  }
  let instanceCount = spec.instanceCount;
  if (overrides.instanceCount !== undefined) {
    if (!Number.isInteger(overrides.instanceCount) || overrides.instanceCount < 1) {
      input('instanceCount', `must be a whole number of at least 1, got ${overrides.instanceCount}`);
    } else {
      instanceCount = overrides.instanceCount;
    }
  } else if (instanceCount === undefined) {
    yaml(
      ['instance_count'],
      'is required',
      `e.g. instance_count: 1, or pass the ${names.instanceCount} input`,
    );
  }

  if (failed || !endpointName || !name || !model || !environment || !instanceType || !instanceCount) {
    return undefined;
  }
  return {
    endpointName,
    name,
    model,
    environment,
    ...(code === undefined ? {} : { code }),
    environmentVariables,
    instanceType,
    instanceCount,
    ...pick(spec, [
      'requestSettings',
      'livenessProbe',
      'readinessProbe',
      'appInsightsEnabled',
      'egressPublicNetworkAccess',
      'modelMountPath',
      'description',
    ]),
    tags: { ...spec.tags },
    properties: { ...spec.properties },
  };
}

function resolveCode(code: CodeConfiguration | undefined): ResolvedDeployment['code'] {
  // Local code and a missing half were reported when the YAML was read.
  return code?.code && code.scoringScript
    ? { code: code.code, scoringScript: code.scoringScript }
    : undefined;
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** Applies overrides without the YAML text at hand (problems carry paths, not lines). */
export function resolveDeployment(
  spec: DeploymentSpec,
  overrides: DeployOverrides = {},
  options: ResolveOptions & { endpointName?: string; source?: string } = {},
): ResolvedDeployment {
  const issues: SpecIssue[] = [];
  const source = options.source ?? 'deployment YAML';
  const sink = issueSink(issues, (path, message, hint) =>
    issues.push({ kind: 'deployment', source, path: formatPath(path), message, ...(hint ? { hint } : {}) }),
  );
  const resolved = resolveDeploymentInto(spec, overrides, options, sink);
  if (!resolved) throw new SpecError(issues);
  return resolved;
}

/** References still saying `@latest`: the caller looks their versions up, then calls pinLatest. */
export function latestRefs(d: ResolvedDeployment): { kind: AssetKind; name: string }[] {
  const out: { kind: AssetKind; name: string }[] = [];
  if (d.model.kind === 'latest') out.push({ kind: 'models', name: d.model.name });
  if (d.environment.kind === 'ref' && d.environment.ref.kind === 'latest') {
    out.push({ kind: 'environments', name: d.environment.ref.name });
  }
  if (d.code?.code.kind === 'latest') out.push({ kind: 'codes', name: d.code.code.name });
  return out;
}

/** Replaces `@latest` references with the versions the caller looked up. */
export function pinLatest(
  d: ResolvedDeployment,
  versions: Partial<Record<AssetKind, string>>,
): ResolvedDeployment {
  const pin = (ref: AssetRef, kind: AssetKind): AssetRef =>
    ref.kind === 'latest' && versions[kind] !== undefined
      ? { kind: 'version', name: ref.name, version: versions[kind] }
      : ref;
  return {
    ...d,
    model: pin(d.model, 'models'),
    environment:
      d.environment.kind === 'ref'
        ? { kind: 'ref', ref: pin(d.environment.ref, 'environments') }
        : d.environment,
    ...(d.code ? { code: { ...d.code, code: pin(d.code.code, 'codes') } } : {}),
  };
}

/** The environment version the step registers before the deployment, for an inline environment. */
export interface EnvironmentToRegister {
  name: string;
  version: string;
  /** No name in the YAML: registered as `CliV2AnonymousEnvironment`, like the CLI does. */
  anonymous: boolean;
  body: EnvironmentVersion;
}

/** The CLI's name for environments written inline without a name. */
export const ANONYMOUS_ENVIRONMENT_NAME = 'CliV2AnonymousEnvironment';

/**
 * The environment version for an inline environment. Its version is the YAML's when given, else a
 * hash of its content: a re-run registers nothing new, a new image gets a new version (AML
 * refuses to change the image of an existing version).
 */
export function environmentToRegister(env: InlineEnvironment & { image: string }): EnvironmentToRegister {
  const anonymous = env.name === undefined;
  const ic = env.inferenceConfig;
  const route = (r: { port: number; path: string }) => ({ port: r.port, path: r.path });
  const properties: EnvironmentVersion['properties'] = {
    image: env.image,
    ...(ic
      ? {
          inferenceConfig: {
            livenessRoute: route(ic.livenessRoute),
            readinessRoute: route(ic.readinessRoute),
            scoringRoute: route(ic.scoringRoute),
          },
        }
      : {}),
    ...(env.osType ? { osType: env.osType === 'linux' ? 'Linux' : 'Windows' } : {}),
    ...(env.description === undefined ? {} : { description: env.description }),
    ...(Object.keys(env.tags).length ? { tags: { ...env.tags } } : {}),
    ...(anonymous ? { isAnonymous: true } : {}),
  };
  return {
    name: env.name ?? ANONYMOUS_ENVIRONMENT_NAME,
    version: env.version ?? contentHash(properties).slice(0, 32),
    anonymous,
    body: { properties },
  };
}

/** sha256 of a JSON value with its keys sorted: equal content, equal hash. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
