// An online endpoint as a client needs it: its scoring URI, the key or token to call it with, and
// (when one is named) a deployment's serving settings. The gate reads it to score a deployment;
// deploy reads it to smoke-test one. Every key or token is handed to `onSecret` the moment it is
// read, before anything else sees it.
import { RolloutError } from '../errors.js';
import type { AzureAccess } from './sign-in.js';
import { connectWorkspace, type WorkspaceRef } from './workspace.js';

export interface OnlineEndpointRef extends WorkspaceRef {
  endpoint: string;
  /** A deployment of it, whose settings are read too. */
  deployment?: string | undefined;
}

export interface DeploymentSettings {
  name: string;
  /** Requests it serves at once: max_concurrent_requests_per_instance x instances (at least 1). */
  concurrency: number;
  /** Its environment variables (inference parameters, the declared scoring protocol). */
  environmentVariables: Record<string, string>;
}

export interface ResolvedEndpoint {
  endpoint: string;
  scoringUri: string;
  /** `Key`, `AMLToken` or `AADToken`, as the endpoint says. */
  authMode: string;
  /** The primary key (Key) or an AML token (AMLToken), sent as a bearer token; already masked. */
  credential: string | undefined;
  deployment: DeploymentSettings | undefined;
  /** `local` or the sign-in method, for logs. */
  via: string;
}

/** Reads the endpoint (and the deployment named); `log` gets one line saying what was resolved. */
export async function resolveEndpoint(
  ref: OnlineEndpointRef,
  access: AzureAccess,
  log?: (line: string) => void,
): Promise<ResolvedEndpoint> {
  const ws = await connectWorkspace(ref, access);
  const { client, resourceGroup: rg, workspace } = ws;
  const endpoint = await client.onlineEndpoints.get(rg, workspace, ref.endpoint);
  const scoringUri = endpoint.properties.scoringUri;
  if (!scoringUri)
    throw new RolloutError('EndpointNotReady', `endpoint '${ref.endpoint}' has no scoring URI yet`, {
      resource: ref.endpoint,
      remediation: 'wait for the endpoint to finish provisioning',
    });
  const authMode = endpoint.properties.authMode ?? 'Key';
  let credential: string | undefined;
  if (authMode === 'AMLToken') {
    credential = (await client.onlineEndpoints.getToken(rg, workspace, ref.endpoint)).accessToken;
    if (credential) access.onSecret(credential);
  } else {
    const keys = await client.onlineEndpoints.listKeys(rg, workspace, ref.endpoint);
    for (const key of [keys.primaryKey, keys.secondaryKey]) if (key) access.onSecret(key);
    credential = keys.primaryKey;
  }
  let deployment: DeploymentSettings | undefined;
  if (ref.deployment) {
    const d = await client.onlineDeployments.get(rg, workspace, ref.endpoint, ref.deployment);
    const perInstance = d.properties.requestSettings?.maxConcurrentRequestsPerInstance ?? 1;
    deployment = {
      name: ref.deployment,
      concurrency: Math.max(1, perInstance * (d.sku?.capacity ?? 1)),
      environmentVariables: Object.fromEntries(
        Object.entries(d.properties.environmentVariables ?? {}).filter(
          (e): e is [string, string] => e[1] !== null,
        ),
      ),
    };
  }
  log?.(
    `endpoint ${ref.endpoint}${ref.deployment ? ` / deployment ${ref.deployment}` : ''} via ${ws.via}: ${scoringUri}`,
  );
  return { endpoint: ref.endpoint, scoringUri, authMode, credential, deployment, via: ws.via };
}
