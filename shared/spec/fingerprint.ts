// "Is the live deployment already what we would deploy?" — the rollout's no-op check. Compares
// what decides the served answers and their capacity: model, environment (which pins the image),
// instance type, instance count and environment variables. Works on ARM bodies, so the desired
// body (toOnlineDeployment) and a live one (onlineDeployments.get) compare directly.
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { canonicalJson, contentHash } from './resolve.js';

export interface DeploymentIdentity {
  /** Model ARM id (or asset id), lower-cased: ARM ids compare case-insensitively. */
  model: string;
  /** Environment ARM id (or asset id), lower-cased; an inline environment's id carries its content hash. */
  environment: string;
  instanceType: string;
  instanceCount: number;
  environmentVariables: Record<string, string>;
}

const normalizeId = (id: string | undefined): string => (id ?? '').trim().replace(/\/+$/, '').toLowerCase();

export function deploymentIdentity(d: OnlineDeployment): DeploymentIdentity {
  const p = d.properties;
  const vars = Object.entries(p.environmentVariables ?? {})
    .map(([k, v]) => [k, v ?? ''] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    model: normalizeId(p.model),
    environment: normalizeId(p.environmentId),
    instanceType: (p.instanceType ?? '').toLowerCase(),
    // Azure's default capacity for a managed deployment is one instance.
    instanceCount: d.sku?.capacity ?? 1,
    environmentVariables: Object.fromEntries(vars),
  };
}

/** A stable hash of the identity; equal for equal deployments. */
export function deploymentFingerprint(d: OnlineDeployment): string {
  return contentHash(deploymentIdentity(d));
}

export function sameDeployment(a: OnlineDeployment, b: OnlineDeployment): boolean {
  return canonicalJson(deploymentIdentity(a)) === canonicalJson(deploymentIdentity(b));
}

/** What differs, one line each (`instance count: 1 -> 2`), for the log when a deployment is needed. */
export function deploymentDifferences(live: OnlineDeployment, desired: OnlineDeployment): string[] {
  const a = deploymentIdentity(live);
  const b = deploymentIdentity(desired);
  const out: string[] = [];
  if (a.model !== b.model) out.push(`model: ${a.model || '(none)'} -> ${b.model || '(none)'}`);
  if (a.environment !== b.environment) {
    out.push(`environment: ${a.environment || '(none)'} -> ${b.environment || '(none)'}`);
  }
  if (a.instanceType !== b.instanceType) out.push(`instance type: ${a.instanceType} -> ${b.instanceType}`);
  if (a.instanceCount !== b.instanceCount)
    out.push(`instance count: ${a.instanceCount} -> ${b.instanceCount}`);
  const names = [
    ...new Set([...Object.keys(a.environmentVariables), ...Object.keys(b.environmentVariables)]),
  ].sort();
  for (const n of names) {
    const x = a.environmentVariables[n];
    const y = b.environmentVariables[n];
    // Values are not printed: environment variables may carry secrets.
    if (x === undefined) out.push(`environment variable ${n}: added`);
    else if (y === undefined) out.push(`environment variable ${n}: removed`);
    else if (x !== y) out.push(`environment variable ${n}: changed`);
  }
  return out;
}
