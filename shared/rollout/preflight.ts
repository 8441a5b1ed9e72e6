// Stage 1 of a rollout: everything checked before the first mutating call. First what the inputs
// and files alone can tell (YAML, names, overrides, gate files, smoke request), then what Azure
// can tell through reads only (workspace, endpoint and its traffic and journal, model and
// environment, SKU and quota, the private-network image rule), ending in the rollout plan.
import { readFile } from 'node:fs/promises';
import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { type LiveEndpoint, readEndpoint } from '../azure/online.js';
import type { WorkspaceTarget } from '../azure/workspace.js';
import { encodeRequest, type ScoringProtocol } from '../endpoint/client.js';
import { InputError, RolloutError } from '../errors.js';
import { type GoldenSet, loadGoldenSet } from '../gate/golden.js';
import { loadThresholds, type Thresholds } from '../gate/thresholds.js';
import {
  AUTOML_INFERENCE_DEFAULTS,
  inferenceOverridesFromEnv,
  loadModelCard,
  type ModelCard,
  overrideInference,
} from '../scoring/card.js';
import { type DeploySpec, loadDeploySpec } from '../spec/deploy-spec.js';
import { sameDeployment } from '../spec/fingerprint.js';
import { toOnlineDeployment } from '../spec/mapping.js';
import { latestRefs, pinLatest, type ResolvedDeployment } from '../spec/resolve.js';
import { toOnlineEndpoint } from '../spec/endpoint.js';
import type { DeployInputs } from './inputs.js';
import { checkDeploymentImage } from './image-check.js';
import { decodeJournal, unfinishedRollout } from './journal.js';
import { type EndpointSnapshot, type Plan, type PlanInputs, planRollout } from './plan.js';
import type { ProbeRequest } from './probes.js';
import { checkQuota, requireQuota } from './quota.js';
import { parseMirrorPercent, parseTrafficSteps } from './traffic.js';

/** A model version's ARM id, with where it lives. */
const ARM_MODEL_VERSION =
  /^\/subscriptions\/(?<sub>[^/]+)\/resourceGroups\/(?<rg>[^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/(?<ws>[^/]+)\/models\/(?<name>[^/]+)\/versions\/(?<version>[^/]+)$/i;

/** How many golden images the probes cycle through. */
const PROBE_IMAGES = 4;

export interface GateSettings {
  golden: GoldenSet;
  model: string;
  card: ModelCard;
  thresholds: Thresholds;
  baseline?: string | undefined;
  reportDir: string;
}

export interface PreflightResult {
  live: LiveEndpoint | undefined;
  /** The plan against the endpoint as found (deploy only). */
  plan: Plan | undefined;
  endpointBody: OnlineEndpoint;
}

const statusOf = (e: unknown) => (e as { statusCode?: number }).statusCode;

export class Preflight {
  private deployment: ResolvedDeployment | undefined;
  private workspaceId = '';
  private location = '';

  private constructor(
    readonly endpointName: string,
    private readonly spec: DeploySpec | undefined,
    readonly gate: GateSettings | undefined,
    readonly probes: ProbeRequest[],
    readonly protocol: ScoringProtocol,
    private readonly inputs: DeployInputs,
  ) {}

  /** The deployment's environment variables (inference parameters), as the YAML and inputs set them. */
  get environmentVariables(): Readonly<Record<string, string>> {
    return this.spec?.deployment.environmentVariables ?? {};
  }

  /**
   * The registered model version the new deployment serves, when it is one of `target`'s: its gate
   * records the verdict there. Otherwise why no evidence is recorded. Known after `check`.
   */
  gateModel(
    target: Pick<WorkspaceTarget, 'subscriptionId' | 'resourceGroup' | 'workspace'>,
  ): { name: string; version: string } | { reason: string } {
    const model = this.deployment?.model;
    if (!model) return { reason: 'no model was resolved for the deployment' };
    if (model.kind === 'version') return { name: model.name, version: model.version };
    if (model.kind === 'id') {
      const m = ARM_MODEL_VERSION.exec(model.id);
      const same = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();
      if (
        m?.groups &&
        same(m.groups.sub, target.subscriptionId) &&
        same(m.groups.rg, target.resourceGroup) &&
        same(m.groups.ws, target.workspace)
      )
        return { name: m.groups.name as string, version: m.groups.version as string };
      return {
        reason: `model ${model.id} is not a version registered in workspace '${target.workspace}' (a registry's or another workspace's)`,
      };
    }
    return { reason: `model azureml:${model.name}@latest was not pinned to a version` };
  }

  /** The new deployment's image, when it names one (an inline environment); known after `check`. */
  get image(): string | undefined {
    const env = this.deployment?.environment;
    return env?.kind === 'inline' ? env.environment.image : undefined;
  }

  /** Checks the inputs and reads the files; no request to Azure. */
  static async load(inputs: DeployInputs): Promise<Preflight> {
    const deploying = inputs.action === 'deploy';
    let spec: DeploySpec | undefined;
    if (deploying) {
      if (!inputs['endpoint-file']) throw new InputError('endpoint-file', 'is required for action: deploy');
      if (!inputs['deployment-file'])
        throw new InputError('deployment-file', 'is required for action: deploy');
      spec = await loadDeploySpec(
        { endpointFile: inputs['endpoint-file'], deploymentFile: inputs['deployment-file'] },
        {
          ...(inputs.endpoint ? { endpointName: inputs.endpoint } : {}),
          ...(inputs.model ? { model: inputs.model } : {}),
          ...(inputs.image ? { image: inputs.image } : {}),
          ...(inputs['instance-type'] ? { instanceType: inputs['instance-type'] } : {}),
          ...(inputs['instance-count'] !== undefined ? { instanceCount: inputs['instance-count'] } : {}),
          ...(inputs['environment-variables']
            ? { environmentVariables: inputs['environment-variables'] }
            : {}),
        },
        { inputNames: { endpointName: 'endpoint' }, checkEnvironmentVariables: checkInferenceParameters },
      );
    }
    const endpointName = spec?.endpoint.name ?? inputs.endpoint ?? (await endpointFromFile(inputs));
    const gate = deploying ? await loadGate(inputs) : undefined;
    // A promote watches the remaining traffic steps: it probes with the golden images too.
    const probing = deploying || inputs.action === 'promote';
    const golden =
      gate?.golden ??
      (probing && inputs['gate-golden'] ? await loadGoldenSet(inputs['gate-golden']) : undefined);
    const probes: ProbeRequest[] = [];
    const protocol = protocolOf(spec?.deployment.environmentVariables ?? {});
    if (golden) {
      for (const image of golden.images.slice(0, PROBE_IMAGES)) {
        const bytes = await readFile(image.file);
        const encoded = encodeRequest({ scoringUri: 'https://x/', protocol }, bytes);
        probes.push({ name: image.fileName, ...encoded });
      }
    }
    if (inputs['smoke-request']) {
      const body = await readFile(inputs['smoke-request']).catch(() => {
        throw new InputError('smoke-request', `${inputs['smoke-request']} cannot be read`);
      });
      try {
        JSON.parse(body.toString('utf8'));
      } catch (e) {
        throw new InputError('smoke-request', `is not JSON: ${(e as Error).message}`);
      }
      probes.unshift({ name: 'smoke-request', body, contentType: 'application/json', path: '' });
    }
    if (probing && probes.length === 0) {
      throw new InputError(
        'smoke-request',
        `give smoke-request or gate-golden: ${deploying ? 'the rollout needs a request to smoke-test and probe the new deployment with' : 'the traffic steps left need a request to probe the deployments with'}`,
      );
    }
    return new Preflight(endpointName, spec, gate, probes, protocol, inputs);
  }

  /** Reads only: workspace, endpoint, assets, SKU and quota; returns the plan as things stand. */
  async check(
    target: WorkspaceTarget,
    log: (line: string) => void,
    onSecret: (value: string) => void,
  ): Promise<PreflightResult> {
    const { client, resourceGroup, workspace } = target;
    const ws = await client.workspaces.get(resourceGroup, workspace);
    this.workspaceId = ws.id ?? '';
    this.location = ws.location ?? '';
    const live = await readEndpoint(target, this.endpointName);
    const endpointBody = this.spec
      ? toOnlineEndpoint(this.spec.endpoint, { location: live?.location ?? this.location })
      : ({} as OnlineEndpoint);
    if (!this.spec) return { live, plan: undefined, endpointBody };

    const d = await this.pin(target, this.spec.deployment);
    this.deployment = d;
    await this.assetsExist(target, d);
    if (d.environment.kind === 'inline') {
      await checkDeploymentImage(
        target,
        {
          image: d.environment.environment.image,
          deploymentName: this.spec.deployment.name,
          workspace: ws,
          egressDisabled: d.egressPublicNetworkAccess === 'disabled',
        },
        { log, onSecret },
      );
    }
    const plan = planRollout(this.planInputs(), this.snapshot(live), {
      isSameDeployment: (existing) => this.isSame(existing),
    });
    if (plan.kind === 'rollout') {
      const sizes = (await client.virtualMachineSizes.list(this.location)).value ?? [];
      const usages = [];
      for await (const u of client.usages.list(this.location)) usages.push(u);
      const quota = checkQuota(plan.quota, sizes, usages);
      requireQuota(quota);
      log(quota.message);
    }
    return { live, plan, endpointBody };
  }

  planInputs(): PlanInputs {
    const d = this.deployment;
    return {
      ...(this.inputs['deployment-name'] ? { deploymentName: this.inputs['deployment-name'] } : {}),
      yamlName: this.spec?.deployment.name,
      instanceType: d?.instanceType ?? '',
      instanceCount: d?.instanceCount ?? 1,
      trafficSteps: parseTrafficSteps(this.inputs['traffic-steps']),
      mirrorPercent: parseMirrorPercent(this.inputs['mirror-percent']),
      keepOld: this.inputs['keep-old'],
    };
  }

  snapshot(live: LiveEndpoint | undefined): EndpointSnapshot {
    if (!live) return { exists: false, deployments: [] };
    // An unfinished rollout (its runner died mid-split) is recovered under the lock before this
    // run plans its own: until then, plan against the endpoint as that rollout found it.
    const earlier = unfinishedRollout(decodeJournal(live.tags));
    const created = earlier?.createdDeployment ? earlier.newDeployment.toLowerCase() : undefined;
    return {
      exists: true,
      traffic: earlier ? earlier.original.traffic : live.traffic,
      mirrorTraffic: earlier ? earlier.original.mirrorTraffic : live.mirrorTraffic,
      deployments: live.deployments.filter((x) => x.name.toLowerCase() !== created).map((x) => x.resource),
    };
  }

  isSame(existing: OnlineDeployment): boolean {
    return sameDeployment(existing, this.deploymentBody());
  }

  /** The body for the new deployment (the name goes in the URL). */
  deploymentBody(): OnlineDeployment {
    if (!this.deployment) throw new RolloutError('PreflightNotRun', 'the deployment was not checked yet');
    const body = toOnlineDeployment(this.deployment, {
      workspaceId: this.workspaceId,
      location: this.location,
    });
    return { ...body, location: this.location };
  }

  /** An inline environment is registered (content-hash version, so a re-run registers nothing). */
  async registerEnvironment(target: WorkspaceTarget, log: (line: string) => void): Promise<void> {
    const env = this.spec?.environment;
    if (!env) return;
    const { client, resourceGroup, workspace } = target;
    try {
      await client.environmentVersions.get(resourceGroup, workspace, env.name, env.version);
      return;
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
    log(`registering environment ${env.name}:${env.version} (${env.body.properties.image})`);
    await client.environmentVersions.createOrUpdate(
      resourceGroup,
      workspace,
      env.name,
      env.version,
      env.body,
    );
  }

  private async pin(target: WorkspaceTarget, d: ResolvedDeployment): Promise<ResolvedDeployment> {
    const { client, resourceGroup, workspace } = target;
    const versions: { models?: string; environments?: string; codes?: string } = {};
    for (const ref of latestRefs(d)) {
      try {
        const c =
          ref.kind === 'models'
            ? await client.modelContainers.get(resourceGroup, workspace, ref.name)
            : ref.kind === 'environments'
              ? await client.environmentContainers.get(resourceGroup, workspace, ref.name)
              : await client.codeContainers.get(resourceGroup, workspace, ref.name);
        const latest = c.properties.latestVersion;
        if (latest) versions[ref.kind] = latest;
      } catch (e) {
        if (statusOf(e) === 404) throw missingAsset(ref.kind, `${ref.name}@latest`, workspace);
        throw e;
      }
    }
    return pinLatest(d, versions);
  }

  private async assetsExist(target: WorkspaceTarget, d: ResolvedDeployment): Promise<void> {
    const { client, resourceGroup, workspace } = target;
    const model = d.model;
    if (model.kind === 'version') {
      try {
        await client.modelVersions.get(resourceGroup, workspace, model.name, model.version);
      } catch (e) {
        if (statusOf(e) === 404) throw missingAsset('models', `${model.name}:${model.version}`, workspace);
        throw e;
      }
    }
    const env = d.environment;
    if (env.kind === 'ref' && env.ref.kind === 'version') {
      try {
        await client.environmentVersions.get(resourceGroup, workspace, env.ref.name, env.ref.version);
      } catch (e) {
        if (statusOf(e) === 404)
          throw missingAsset('environments', `${env.ref.name}:${env.ref.version}`, workspace);
        throw e;
      }
    }
  }
}

export function loadPreflight(inputs: DeployInputs): Promise<Preflight> {
  return Preflight.load(inputs);
}

function missingAsset(kind: string, ref: string, workspace: string): RolloutError {
  const what = kind === 'models' ? 'model' : kind === 'environments' ? 'environment' : 'code';
  return new RolloutError(
    what === 'model' ? 'ModelNotFound' : 'EnvironmentNotFound',
    `${what} '${ref}' does not exist in workspace '${workspace}'`,
    {
      resource: ref,
      remediation:
        what === 'model'
          ? 'register it first (register-model, whose model-ref output the model input takes)'
          : 'register the environment first, or give an image',
    },
  );
}

async function endpointFromFile(inputs: DeployInputs): Promise<string> {
  if (inputs['endpoint-file']) {
    const { loadEndpointYaml } = await import('../spec/deploy-spec.js');
    return (await loadEndpointYaml(inputs['endpoint-file'])).name;
  }
  throw new InputError('endpoint', `is required for action: ${inputs.action} (or give endpoint-file)`);
}

async function loadGate(inputs: DeployInputs): Promise<GateSettings | undefined> {
  const golden = inputs['gate-golden'];
  const model = inputs['gate-model'];
  const card = inputs['gate-card'];
  if (!golden && !model && !card) {
    for (const name of ['gate-thresholds', 'gate-baseline'] as const) {
      if (inputs[name]) throw new InputError(name, 'needs gate-golden, gate-model and gate-card');
    }
    return undefined;
  }
  if (!golden) throw new InputError('gate-golden', 'is required with gate-model and gate-card');
  if (!model) throw new InputError('gate-model', 'is required with gate-golden');
  if (!card) throw new InputError('gate-card', 'is required with gate-golden');
  const baseline = inputs['gate-baseline'];
  if (baseline)
    await readFile(baseline).catch(() => {
      throw new InputError('gate-baseline', `${baseline} cannot be read`);
    });
  await readFile(model).catch(() => {
    throw new InputError('gate-model', `${model} cannot be read`);
  });
  return {
    golden: await loadGoldenSet(golden),
    model,
    card: await loadModelCard(card),
    thresholds: await loadThresholds(inputs['gate-thresholds']),
    baseline,
    reportDir: inputs['gate-report-dir'],
  };
}

/** The six AutoML inference parameters (BOX_SCORE_THRESH, ...), checked with the scorer's parser. */
function checkInferenceParameters(vars: Readonly<Record<string, string>>) {
  const problems: { name: string; message: string }[] = [];
  const params = inferenceOverridesFromEnv(vars);
  for (const [param, value] of Object.entries(params)) {
    try {
      overrideInference(AUTOML_INFERENCE_DEFAULTS, { [param]: value });
    } catch (e) {
      problems.push({ name: param.toUpperCase(), message: (e as Error).message });
    }
  }
  return problems;
}

function protocolOf(env: Readonly<Record<string, string>>): ScoringProtocol {
  const declared = env.AML_ROLLOUT_SCORING_PROTOCOL;
  return declared === 'kserve' || declared === 'torchserve' ? declared : 'automl';
}
