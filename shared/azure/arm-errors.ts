// Azure Resource Manager's refusals that mean "wrong target or wrong sign-in" (a subscription,
// resource group or workspace that is not there; a token expired, for another audience or tenant,
// or refused; no role), turned into RolloutErrors with a stable code and a hint naming the input
// to check, as each host calls it. Applied once, as a policy of every SDK client connectWorkspace
// builds, so every step inherits it; any other error passes unchanged (callers still read a
// child resource's 404 or a 409 from the SDK's RestError).
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import { RolloutError } from '../errors.js';
import type { HostKind } from '../inputs/spec.js';

export interface ArmTarget {
  workspace: string;
  subscriptionId: string;
  resourceGroup: string;
  /** The host whose inputs the hints name (`cli` when unknown). */
  host?: HostKind | undefined;
  /** The local plane's state dir, when it is the target. */
  localStateDir?: string | undefined;
}

/** What a RestError carries that we read (the SDK's type is not needed to read it). */
interface ArmRestError {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
}

const lower = (s: string) => s.toLowerCase();

/** The sign-in inputs of a host, as its users know them. */
function signInInputs(t: ArmTarget): string {
  if (t.localStateDir)
    return `input 'local-state-dir' (${t.localStateDir}): its plane.json must be the running plane's; restart it with \`aml-rollout local up\``;
  if (t.host === 'ado') return "the service connection given in input 'azure-subscription'";
  const login = t.host === 'github' ? 'the azure/login step' : '`az login`';
  return `the sign-in inputs 'auth', 'client-id', 'tenant-id' (or ${login})`;
}

/** The RolloutError for an ARM refusal of `request` against `t`, or undefined for any other error. */
export function armRefusal(e: unknown, t: ArmTarget, url: string): RolloutError | undefined {
  const err = e as ArmRestError;
  if (err?.name !== 'RestError' || err.statusCode === undefined) return undefined;
  const status = err.statusCode;
  const code = err.code ?? '';
  const path = lower(new URL(url).pathname);
  const azure = `(Azure: HTTP ${status} ${code}: ${(err.message ?? '').slice(0, 300)})`;
  const make = (ours: string, message: string, resource: string, remediation: string) =>
    new RolloutError(ours, `${message} ${azure}`, { resource, remediation, cause: e });
  const subscriptionHint = t.localStateDir
    ? signInInputs(t)
    : t.host === 'ado'
      ? "check input 'subscription-id', or the subscription of the service connection in 'azure-subscription'"
      : "check input 'subscription-id' (or AZURE_SUBSCRIPTION_ID): the signed-in identity must see that subscription";
  const inOurs = (segment: string) => path.includes(lower(segment));

  if (status === 404 || (status === 400 && code === 'InvalidSubscriptionId')) {
    if (
      (code === 'SubscriptionNotFound' || code === 'InvalidSubscriptionId') &&
      inOurs(`/subscriptions/${t.subscriptionId}/`)
    )
      return make(
        'AzureSubscriptionNotFound',
        `subscription '${t.subscriptionId}' was not found, or the signed-in identity cannot see it`,
        t.subscriptionId,
        subscriptionHint,
      );
    if (code === 'ResourceGroupNotFound' && inOurs(`/resourcegroups/${t.resourceGroup}/`))
      return make(
        'AzureResourceGroupNotFound',
        `resource group '${t.resourceGroup}' was not found in subscription '${t.subscriptionId}'`,
        t.resourceGroup,
        t.localStateDir
          ? signInInputs(t)
          : "check input 'resource-group' (and 'subscription-id': the group must be in that subscription)",
      );
    const ws = lower(`workspaces/${t.workspace}`);
    const aboutWorkspace =
      (code === 'ResourceNotFound' && new RegExp(`${escape(ws)}'`).test(lower(err.message ?? ''))) ||
      code === 'ParentResourceNotFound' ||
      code === 'WorkspaceNotFound';
    if (aboutWorkspace && inOurs(`/${ws}`))
      return make(
        'AzureWorkspaceNotFound',
        `workspace '${t.workspace}' was not found in resource group '${t.resourceGroup}'`,
        t.workspace,
        t.localStateDir
          ? "check input 'workspace' (the local plane serves 'dev' and 'prod')"
          : "check input 'workspace' (and 'resource-group', 'subscription-id': it must be in that group)",
      );
    return undefined;
  }
  if (status === 401) {
    const [ours, message] =
      code === 'ExpiredAuthenticationToken'
        ? ['AzureTokenExpired', 'the Azure access token has expired']
        : code === 'InvalidAuthenticationTokenAudience'
          ? [
              'AzureTokenWrongAudience',
              'the Azure access token is for another audience than Azure Resource Manager',
            ]
          : code === 'InvalidAuthenticationTokenTenant'
            ? [
                'AzureTokenWrongTenant',
                `the Azure access token is from another tenant than subscription '${t.subscriptionId}'s`,
              ]
            : ['AzureAuthenticationFailed', 'Azure refused the access token'];
    const extra =
      ours === 'AzureTokenExpired' && !t.localStateDir
        ? '; a long job needs a sign-in that refreshes (OIDC, a service principal), not a one-time token'
        : ours === 'AzureTokenWrongAudience' && !t.localStateDir
          ? ' and AZURE_AUTHORITY_HOST (the cloud the workspace is in)'
          : ours === 'AzureTokenWrongTenant' && t.host !== 'ado' && !t.localStateDir
            ? " ('tenant-id' must be the subscription's tenant)"
            : '';
    return make(ours, message, t.workspace, `check ${signInInputs(t)}${extra}`);
  }
  if (status === 403 && (code === 'AuthorizationFailed' || code === 'LinkedAuthorizationFailed'))
    return make(
      'AzureAuthorizationFailed',
      `the signed-in identity has no role allowing this on workspace '${t.workspace}'`,
      t.workspace,
      `grant it a role on the workspace (e.g. AzureML Data Scientist), or check ${signInInputs(t)}`,
    );
  return undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pipeline policy that maps ARM refusals of every request an SDK client sends (`armRefusal`). */
export function armErrorPolicy(t: ArmTarget): PipelinePolicy {
  return {
    name: 'amlRolloutArmRefusals',
    async sendRequest(request: PipelineRequest, next) {
      try {
        return await next(request);
      } catch (e) {
        throw armRefusal(e, t, request.url) ?? e;
      }
    },
  };
}
