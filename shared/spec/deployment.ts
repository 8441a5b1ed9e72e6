// The managed online deployment YAML (`az ml online-deployment create -f`), read as written:
// every field the CLI v2 schema takes is either read, refused with a reason, or (output-only)
// ignored. Overrides and the "can the step deploy this" checks come after, in resolve.ts.
import { throwIfIssues } from './issues.js';
import { deploymentNameProblem, endpointNameProblem } from './names.js';
import { describeValue, isMapping, type MappingReader, rootMapping, YamlDocument } from './reader.js';
import { parseImageRef } from '../registry/reference.js';
import { type AssetKind, type AssetRef, instanceTypeProblem, parseAssetRef } from './refs.js';

export interface Route {
  port: number;
  path: string;
}

export interface InferenceConfig {
  livenessRoute: Route;
  readinessRoute: Route;
  scoringRoute: Route;
}

/** An environment written inline: the step registers it as an environment version first. */
export interface InlineEnvironment {
  /** The YAML's name; anonymous (`CliV2AnonymousEnvironment`) when absent, as the CLI does. */
  name?: string;
  /** The YAML's version; a content hash when absent. */
  version?: string;
  image?: string;
  inferenceConfig?: InferenceConfig;
  osType?: 'linux' | 'windows';
  description?: string;
  tags: Record<string, string>;
}

/** A model the YAML describes by local files instead of a registered reference. */
export interface LocalModel {
  kind: 'local';
  path?: string;
}

export interface RequestSettings {
  requestTimeoutMs?: number;
  maxConcurrentRequestsPerInstance?: number;
  maxQueueWaitMs?: number;
}

/** Probe timings in seconds, as the YAML gives them. */
export interface ProbeSettings {
  initialDelay?: number;
  period?: number;
  timeout?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

export interface CodeConfiguration {
  code?: AssetRef;
  scoringScript?: string;
}

export interface DeploymentSpec {
  name?: string;
  endpointName?: string;
  model?: AssetRef | LocalModel;
  code?: CodeConfiguration;
  environment?: { kind: 'ref'; ref: AssetRef } | { kind: 'inline'; environment: InlineEnvironment };
  environmentVariables: Record<string, string>;
  instanceType?: string;
  instanceCount?: number;
  requestSettings?: RequestSettings;
  livenessProbe?: ProbeSettings;
  readinessProbe?: ProbeSettings;
  appInsightsEnabled?: boolean;
  egressPublicNetworkAccess?: 'enabled' | 'disabled';
  modelMountPath?: string;
  description?: string;
  tags: Record<string, string>;
  properties: Record<string, string>;
  /** Output-only fields that were present and ignored, for a log line. */
  ignored: string[];
}

/** The largest scoring timeout Azure ML accepts for managed online deployments. */
export const MAX_REQUEST_TIMEOUT_MS = 180_000;

const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function environmentVariableNameProblem(name: string): string | undefined {
  return ENV_VAR_NAME.test(name)
    ? undefined
    : `'${name}' is not an environment variable name (letters, digits and '_', not starting with a digit)`;
}

const REGISTER_MODEL_HINT =
  'register the model first (register-model step, or az ml model create) and reference it as azureml:<name>:<version>, or pass the model input';
const IMAGE_HINT =
  'build and push the image first (build-image step) and set environment.image, or pass the image input';

/** Reads a deployment document; problems go to `doc.issues`. */
export function readDeployment(doc: YamlDocument): DeploymentSpec | undefined {
  const r = rootMapping(doc);
  if (!r) return undefined;
  const ignored: string[] = [];
  r.string('$schema');
  const name = r.string('name', deploymentNameProblem);
  const endpointName = r.string('endpoint_name', endpointNameProblem);
  const type = r.choice('type', ['managed', 'kubernetes'] as const);
  if (type === 'kubernetes') {
    r.report(
      'type',
      'kubernetes deployments are not supported',
      'the deploy step deploys to managed online endpoints; use type: managed',
    );
  }
  const model = readModel(r);
  const code = readCode(r);
  const environment = readEnvironment(r);
  const environmentVariables = r.stringMap('environment_variables', environmentVariableNameProblem) ?? {};
  const instanceType = r.string('instance_type', instanceTypeProblem);
  const instanceCount = r.integer('instance_count', { min: 1 });
  const requestSettings = readRequestSettings(r);
  const livenessProbe = readProbe(r, 'liveness_probe');
  const readinessProbe = readProbe(r, 'readiness_probe');
  const appInsightsEnabled = r.boolean('app_insights_enabled');
  const egressPublicNetworkAccess = r.choice('egress_public_network_access', [
    'enabled',
    'disabled',
  ] as const);
  const modelMountPath = r.string('model_mount_path', (p) =>
    p.startsWith('/') ? undefined : `'${p}' must be an absolute path in the container (e.g. /models)`,
  );
  const description = r.string('description');
  const tags = r.stringMap('tags') ?? {};
  const properties = r.stringMap('properties') ?? {};
  readScaleSettings(r);
  r.refuse(
    'data_collector',
    'needs api-version 2023-04-01 or later; the deploy step speaks 2022-10-01 (@azure/arm-machinelearning 2.1.1)',
    'remove data_collector, or collect data from the scoring container itself',
  );
  r.refuse(
    'private_network_connection',
    'is a retired preview field',
    'use egress_public_network_access: disabled',
  );
  r.refuse(
    'resources',
    'is for Kubernetes deployments (managed deployments size by instance_type)',
    'remove it',
  );
  r.ignore(['id', 'provisioning_state', 'creation_context'], ignored);
  r.finish();
  return {
    ...(name === undefined ? {} : { name }),
    ...(endpointName === undefined ? {} : { endpointName }),
    ...(model === undefined ? {} : { model }),
    ...(code === undefined ? {} : { code }),
    ...(environment === undefined ? {} : { environment }),
    environmentVariables,
    ...(instanceType === undefined ? {} : { instanceType }),
    ...(instanceCount === undefined ? {} : { instanceCount }),
    ...(requestSettings === undefined ? {} : { requestSettings }),
    ...(livenessProbe === undefined ? {} : { livenessProbe }),
    ...(readinessProbe === undefined ? {} : { readinessProbe }),
    ...(appInsightsEnabled === undefined ? {} : { appInsightsEnabled }),
    ...(egressPublicNetworkAccess === undefined ? {} : { egressPublicNetworkAccess }),
    ...(modelMountPath === undefined ? {} : { modelMountPath }),
    ...(description === undefined ? {} : { description }),
    tags,
    properties,
    ignored,
  };
}

function readRef(r: MappingReader, key: string, kind: AssetKind, hint?: string): AssetRef | undefined {
  const v = r.raw(key);
  if (typeof v !== 'string') return undefined;
  const ref = parseAssetRef(v, kind);
  if ('problem' in ref) {
    r.report(key, ref.problem, hint);
    return undefined;
  }
  return ref;
}

function readModel(r: MappingReader): AssetRef | LocalModel | undefined {
  const v = r.raw('model');
  if (v === undefined) return undefined;
  if (typeof v === 'string') {
    if (!/^azureml:/i.test(v)) {
      r.report('model', `'${v}' is not a registered model reference`, REGISTER_MODEL_HINT);
      return undefined;
    }
    return readRef(r, 'model', 'models');
  }
  if (!isMapping(v)) {
    r.report(
      'model',
      `expected azureml:<name>:<version> or a mapping, got ${describeValue(v)}`,
      REGISTER_MODEL_HINT,
    );
    return undefined;
  }
  const m = r.mapping('model') as MappingReader;
  // An inline model (the CLI uploads and registers it) is refused in resolve unless the model
  // input replaces it; only its path is read, for the message. Its fields are the CLI's.
  const path = m.string('path');
  for (const key of [
    'name',
    'version',
    'type',
    'description',
    'tags',
    'properties',
    'flavors',
    'utc_time_created',
    'stage',
    'datastore',
    'id',
    'creation_context',
    'job_name',
    'latest_version',
  ]) {
    m.raw(key);
  }
  m.finish();
  return { kind: 'local', ...(path === undefined ? {} : { path }) };
}

function readCode(r: MappingReader): CodeConfiguration | undefined {
  const m = r.mapping('code_configuration');
  if (!m) return undefined;
  const rawCode = m.raw('code');
  let code: AssetRef | undefined;
  if (rawCode !== undefined) {
    if (typeof rawCode !== 'string') {
      m.report(
        'code',
        `expected a code reference (azureml:<name>:<version>), got a ${Array.isArray(rawCode) ? 'list' : typeof rawCode}`,
      );
    } else if (!/^azureml:/i.test(rawCode)) {
      m.report(
        'code',
        `local code '${rawCode}' is not uploaded by the deploy step`,
        'bake the scoring code into the image (build-image) and serve it through environment.inference_config, or register it (az ml code create) and reference azureml:<name>:<version>',
      );
    } else {
      code = readRef(m, 'code', 'codes');
    }
  }
  const scoringScript = m.string('scoring_script', (s) => (s.trim() ? undefined : 'must not be empty'));
  if (rawCode !== undefined && !m.has('scoring_script')) m.report('scoring_script', 'is required with code');
  if (rawCode === undefined && scoringScript !== undefined) {
    m.report('code', 'is required with scoring_script (the code asset that holds the script)');
  }
  m.finish();
  return {
    ...(code === undefined ? {} : { code }),
    ...(scoringScript === undefined ? {} : { scoringScript }),
  };
}

function readEnvironment(
  r: MappingReader,
): { kind: 'ref'; ref: AssetRef } | { kind: 'inline'; environment: InlineEnvironment } | undefined {
  const v = r.raw('environment');
  if (v === undefined) return undefined;
  if (typeof v === 'string') {
    if (!/^azureml:/i.test(v)) {
      r.report(
        'environment',
        `'${v}' is not a registered environment reference`,
        'use azureml:<name>:<version>, or an inline environment with image',
      );
      return undefined;
    }
    const ref = readRef(r, 'environment', 'environments');
    return ref && { kind: 'ref', ref };
  }
  if (!isMapping(v)) {
    r.report('environment', `expected azureml:<name>:<version> or a mapping, got ${describeValue(v)}`);
    return undefined;
  }
  const m = r.mapping('environment') as MappingReader;
  const name = m.string('name', (n) =>
    /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/.test(n)
      ? undefined
      : `environment name '${n}' must use only letters, digits, '-' and '_'`,
  );
  const rawVersion = m.raw('version');
  let version: string | undefined;
  if (typeof rawVersion === 'number' && Number.isInteger(rawVersion)) version = String(rawVersion);
  else if (typeof rawVersion === 'string') version = rawVersion;
  else if (rawVersion !== undefined) m.report('version', 'expected string or integer');
  const image = m.string('image', (i) => {
    const parsed = parseImageRef(i);
    return 'problem' in parsed ? parsed.problem : undefined;
  });
  const inferenceConfig = readInferenceConfig(m);
  const osType = m.choice('os_type', ['linux', 'windows'] as const);
  const description = m.string('description');
  const tags = m.stringMap('tags') ?? {};
  m.stringMap('properties');
  m.refuse(
    'conda_file',
    'makes Azure ML build a derived image at deploy time, which the rollout cannot check before it starts',
    'install the conda environment in the image (build-image) and reference that image',
  );
  m.refuse('build', 'makes Azure ML build the image at deploy time', IMAGE_HINT);
  m.refuse(
    'datastore',
    'is only used to upload a build context, which the deploy step does not do',
    'remove it',
  );
  if (m.has('channels') || m.has('dependencies')) {
    m.report(
      m.has('channels') ? 'channels' : 'dependencies',
      'belongs in a conda file, not in the environment',
      'the deploy step takes an image; install these packages in it',
    );
  }
  m.ignore(['id', 'creation_context', 'latest_version'], []);
  m.finish();
  return {
    kind: 'inline',
    environment: {
      ...(name === undefined ? {} : { name }),
      ...(version === undefined ? {} : { version }),
      ...(image === undefined ? {} : { image }),
      ...(inferenceConfig === undefined ? {} : { inferenceConfig }),
      ...(osType === undefined ? {} : { osType }),
      ...(description === undefined ? {} : { description }),
      tags,
    },
  };
}

function readRoute(m: MappingReader, key: string): Route | undefined {
  const route = m.mapping(key);
  if (!route) {
    if (!m.has(key)) m.report(key, 'is required in inference_config', 'give {port, path}');
    return undefined;
  }
  const port = route.integer('port', { min: 1, max: 65535 });
  const path = route.string('path', (p) => (p.startsWith('/') ? undefined : `'${p}' must start with /`));
  if (!route.has('port')) route.report('port', 'is required');
  if (!route.has('path')) route.report('path', 'is required');
  route.finish();
  return port === undefined || path === undefined ? undefined : { port, path };
}

function readInferenceConfig(m: MappingReader): InferenceConfig | undefined {
  const ic = m.mapping('inference_config');
  if (!ic) return undefined;
  const livenessRoute = readRoute(ic, 'liveness_route');
  const readinessRoute = readRoute(ic, 'readiness_route');
  const scoringRoute = readRoute(ic, 'scoring_route');
  ic.finish();
  return livenessRoute && readinessRoute && scoringRoute
    ? { livenessRoute, readinessRoute, scoringRoute }
    : undefined;
}

function readRequestSettings(r: MappingReader): RequestSettings | undefined {
  const m = r.mapping('request_settings');
  if (!m) return undefined;
  const requestTimeoutMs = m.integer('request_timeout_ms', {
    min: 1,
    max: MAX_REQUEST_TIMEOUT_MS,
    hint: `Azure ML allows at most ${MAX_REQUEST_TIMEOUT_MS} ms for managed online deployments`,
  });
  const maxConcurrentRequestsPerInstance = m.integer('max_concurrent_requests_per_instance', { min: 1 });
  const maxQueueWaitMs = m.integer('max_queue_wait_ms', { min: 0 });
  m.finish();
  return {
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    ...(maxConcurrentRequestsPerInstance === undefined ? {} : { maxConcurrentRequestsPerInstance }),
    ...(maxQueueWaitMs === undefined ? {} : { maxQueueWaitMs }),
  };
}

function readProbe(r: MappingReader, key: string): ProbeSettings | undefined {
  const m = r.mapping(key);
  if (!m) return undefined;
  const initialDelay = m.integer('initial_delay', { min: 0 });
  const period = m.integer('period', { min: 1 });
  const timeout = m.integer('timeout', { min: 1 });
  const successThreshold = m.integer('success_threshold', { min: 1 });
  const failureThreshold = m.integer('failure_threshold', { min: 1 });
  m.finish();
  return {
    ...(initialDelay === undefined ? {} : { initialDelay }),
    ...(period === undefined ? {} : { period }),
    ...(timeout === undefined ? {} : { timeout }),
    ...(successThreshold === undefined ? {} : { successThreshold }),
    ...(failureThreshold === undefined ? {} : { failureThreshold }),
  };
}

function readScaleSettings(r: MappingReader): void {
  const m = r.mapping('scale_settings');
  if (!m) return;
  const type = m.choice('type', ['default', 'target_utilization'] as const);
  if (!m.has('type')) m.report('type', 'is required', 'use type: default');
  if (type === 'target_utilization') {
    m.report(
      'type',
      'target_utilization is for Kubernetes deployments; managed deployments scale by instance_count (or Azure Monitor autoscale)',
      'use type: default',
    );
    for (const k of ['min_instances', 'max_instances', 'polling_interval', 'target_utilization_percentage'])
      m.raw(k);
  }
  m.finish();
}

/** Parses deployment YAML text; throws one SpecError listing every problem. */
export function parseDeploymentYaml(text: string, source: string): DeploymentSpec {
  const doc = new YamlDocument(text, source, 'deployment');
  const spec = readDeployment(doc);
  throwIfIssues(doc.issues);
  return spec as DeploymentSpec;
}
