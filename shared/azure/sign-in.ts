// What an Azure sign-in is, apart from how one is made (credentials.ts, loaded on demand: it
// brings @azure/identity): the sign-in choices a user has, the signed-in identity, and the access
// a workspace client is given. Types and one constant only, so the step catalogue can load it.
import type { TokenCredential } from '@azure/core-auth';
import type { HostKind } from '../inputs/spec.js';

export const AZURE_AUTH_CHOICES = ['auto', 'azure-cli', 'oidc', 'client-secret', 'managed-identity'] as const;
export type AzureAuthChoice = (typeof AZURE_AUTH_CHOICES)[number];

/** A signed-in Azure identity, as the hosts build it from the sign-in inputs. */
export interface AzureSignIn {
  credential: TokenCredential;
  /** Subscription known from the sign-in (ADO service connection), if any. */
  subscriptionId?: string;
  /** How we signed in, for logs. */
  method: string;
}

/** How to reach Azure: a sign-in (called only when Azure is the target) and a masker. */
export interface AzureAccess {
  signIn(): Promise<AzureSignIn>;
  /** Receives every secret read on the way (the plane's token, keys) before it is used. */
  onSecret(value: string): void;
  /** The host running the step: error hints name its sign-in inputs. */
  host?: HostKind | undefined;
}
