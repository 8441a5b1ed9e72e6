// A resolved deployment as the ARM `OnlineDeployment` body (api-version 2022-10-01,
// `ManagedOnlineDeployment`), the way the CLI sends it: asset references become ARM ids in the
// workspace, milliseconds and seconds become ISO 8601 durations, instance_count becomes the SKU
// capacity.
import type {
  ManagedOnlineDeployment,
  OnlineDeployment,
  ProbeSettings as ArmProbeSettings,
} from '@azure/arm-machinelearning';
import type { ProbeSettings } from './deployment.js';
import { isoDurationFromMs, isoDurationFromSeconds } from './durations.js';
import { assetRefId, assetVersionId, checkWorkspaceId } from './refs.js';
import { environmentToRegister, type ResolvedDeployment } from './resolve.js';

export interface DeploymentTarget {
  /** `/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.MachineLearningServices/workspaces/<ws>` */
  workspaceId: string;
  /** The workspace's region. */
  location: string;
}

/** ARM id of the environment the deployment runs: the reference, or the inline one's registration. */
export function environmentIdOf(d: ResolvedDeployment, workspaceId: string): string {
  if (d.environment.kind === 'ref') return assetRefId(workspaceId, 'environments', d.environment.ref);
  const env = environmentToRegister(d.environment.environment);
  return assetVersionId(workspaceId, 'environments', env.name, env.version);
}

function probe(p: ProbeSettings): ArmProbeSettings {
  return {
    ...(p.initialDelay === undefined ? {} : { initialDelay: isoDurationFromSeconds(p.initialDelay) }),
    ...(p.period === undefined ? {} : { period: isoDurationFromSeconds(p.period) }),
    ...(p.timeout === undefined ? {} : { timeout: isoDurationFromSeconds(p.timeout) }),
    ...(p.successThreshold === undefined ? {} : { successThreshold: p.successThreshold }),
    ...(p.failureThreshold === undefined ? {} : { failureThreshold: p.failureThreshold }),
  };
}

/** The body for `onlineDeployments.beginCreateOrUpdate`. `@latest` references must be pinned first. */
export function toOnlineDeployment(d: ResolvedDeployment, target: DeploymentTarget): OnlineDeployment {
  const ws = checkWorkspaceId(target.workspaceId);
  const rs = d.requestSettings;
  const properties: ManagedOnlineDeployment = {
    endpointComputeType: 'Managed',
    model: assetRefId(ws, 'models', d.model),
    environmentId: environmentIdOf(d, ws),
    ...(d.code
      ? {
          codeConfiguration: {
            codeId: assetRefId(ws, 'codes', d.code.code),
            scoringScript: d.code.scoringScript,
          },
        }
      : {}),
    environmentVariables: { ...d.environmentVariables },
    instanceType: d.instanceType,
    scaleSettings: { scaleType: 'Default' },
    ...(rs
      ? {
          requestSettings: {
            ...(rs.requestTimeoutMs === undefined
              ? {}
              : { requestTimeout: isoDurationFromMs(rs.requestTimeoutMs) }),
            ...(rs.maxConcurrentRequestsPerInstance === undefined
              ? {}
              : { maxConcurrentRequestsPerInstance: rs.maxConcurrentRequestsPerInstance }),
            ...(rs.maxQueueWaitMs === undefined
              ? {}
              : { maxQueueWait: isoDurationFromMs(rs.maxQueueWaitMs) }),
          },
        }
      : {}),
    ...(d.livenessProbe ? { livenessProbe: probe(d.livenessProbe) } : {}),
    ...(d.readinessProbe ? { readinessProbe: probe(d.readinessProbe) } : {}),
    ...(d.appInsightsEnabled === undefined ? {} : { appInsightsEnabled: d.appInsightsEnabled }),
    ...(d.egressPublicNetworkAccess === undefined
      ? {}
      : { egressPublicNetworkAccess: d.egressPublicNetworkAccess === 'enabled' ? 'Enabled' : 'Disabled' }),
    ...(d.modelMountPath === undefined ? {} : { modelMountPath: d.modelMountPath }),
    ...(d.description === undefined ? {} : { description: d.description }),
    ...(Object.keys(d.properties).length ? { properties: { ...d.properties } } : {}),
  };
  return {
    location: target.location,
    tags: { ...d.tags },
    sku: { name: 'Default', capacity: d.instanceCount },
    properties,
  };
}
