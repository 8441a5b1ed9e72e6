// Azure sign-in for the cloud, through @azure/identity only. The hosts decide which method applies
// and where the secrets come from (from the parsed sign-in inputs the runner hands them); this
// module only builds the credential. (The local plane has its own credential, refused for any
// non-loopback host: shared/azure/local-plane.ts.)
import type { TokenCredential } from '@azure/core-auth';
import {
  AzureCliCredential,
  ClientAssertionCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
} from '@azure/identity';
import { RolloutError } from '../errors.js';
import type { AzureAuthChoice, AzureSignIn } from './sign-in.js';

export interface AzureAuthSettings {
  choice: AzureAuthChoice;
  clientId?: string | undefined;
  tenantId?: string | undefined;
  clientSecret?: string | undefined;
  /** Returns a fresh federated (OIDC) token; called on every token refresh, never cached here. */
  getFederatedToken?: (() => Promise<string>) | undefined;
  subscriptionId?: string | undefined;
}

/** Which sign-in `auto` resolves to, from what the user and the host provide. */
export function resolveAuthChoice(s: AzureAuthSettings): Exclude<AzureAuthChoice, 'auto'> {
  if (s.choice !== 'auto') return s.choice;
  if (s.clientSecret) return 'client-secret';
  if (s.clientId && s.tenantId && s.getFederatedToken) return 'oidc';
  return 'azure-cli';
}

export function createAzureCredential(s: AzureAuthSettings): AzureSignIn {
  const method = resolveAuthChoice(s);
  const base = s.subscriptionId ? { subscriptionId: s.subscriptionId } : {};
  switch (method) {
    case 'azure-cli':
      return {
        ...base,
        method,
        credential: new AzureCliCredential(s.tenantId ? { tenantId: s.tenantId } : {}),
      };
    case 'client-secret': {
      const { tenantId, clientId } = need(s, 'client-secret');
      if (!s.clientSecret) throw missing('client-secret', 'client-secret');
      return {
        ...base,
        method,
        credential: new ClientSecretCredential(tenantId, clientId, s.clientSecret, authorityOptions()),
      };
    }
    case 'oidc': {
      const { tenantId, clientId } = need(s, 'oidc');
      const getToken = s.getFederatedToken;
      if (!getToken) {
        throw new RolloutError('OidcUnavailable', 'no OIDC token source is available in this job', {
          remediation:
            'on GitHub grant `permissions: id-token: write`; on Azure DevOps use a workload identity service connection',
        });
      }
      return { ...base, method, credential: federatedCredential(tenantId, clientId, getToken) };
    }
    case 'managed-identity':
      return {
        ...base,
        method,
        credential: s.clientId
          ? new ManagedIdentityCredential({ clientId: s.clientId })
          : new ManagedIdentityCredential(),
      };
  }
}

/**
 * A federated credential whose assertion callback asks the host for a fresh token every time the
 * identity library needs one. `az login --federated-token` keeps the first assertion and fails
 * with AADSTS700024 once it expires (about 5-10 minutes); a GPU rollout runs far longer.
 */
export function federatedCredential(
  tenantId: string,
  clientId: string,
  getFederatedToken: () => Promise<string>,
): TokenCredential {
  return new ClientAssertionCredential(tenantId, clientId, getFederatedToken, authorityOptions());
}

// Entra's public and sovereign clouds; anything else (Azure Stack Hub, AD FS) has no instance
// discovery endpoint, so MSAL must not look for one (as `az cloud register` with
// `--disable-instance-discovery`).
const MICROSOFT_AUTHORITIES =
  /(^|\.)(microsoftonline\.(com|us|de)|chinacloudapi\.cn|microsoftonline\.microsoft\.scloud)$/;

/** Options for a custom authority host given in AZURE_AUTHORITY_HOST, which @azure/identity reads. */
export function authorityOptions(env: NodeJS.ProcessEnv = process.env): {
  disableInstanceDiscovery?: boolean;
} {
  const host = env.AZURE_AUTHORITY_HOST;
  if (!host) return {};
  let hostname: string;
  try {
    hostname = new URL(host).hostname;
  } catch {
    throw new RolloutError('InvalidAuthorityHost', `AZURE_AUTHORITY_HOST '${host}' is not a URL`);
  }
  return MICROSOFT_AUTHORITIES.test(hostname) ? {} : { disableInstanceDiscovery: true };
}

function need(s: AzureAuthSettings, method: string): { tenantId: string; clientId: string } {
  if (!s.tenantId) throw missing('tenant-id', method);
  if (!s.clientId) throw missing('client-id', method);
  return { tenantId: s.tenantId, clientId: s.clientId };
}

function missing(input: string, method: string): RolloutError {
  return new RolloutError('InvalidInput', `input '${input}': is required to sign in with ${method}`, {
    resource: input,
  });
}
