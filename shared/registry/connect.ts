// A client for an Azure Container Registry as every step reaches one: ACR's sign-in (Entra ->
// refresh -> access tokens, each handed to the masker before use) over the one HTTP helper, with
// the registry's CA when it has its own (the local plane's). Takes the registry structurally, so
// shared/azure's resolved registry and a test's both fit.
import type { TokenCredential } from '@azure/core-auth';
import { acrAuth } from './acr-auth.js';
import { RegistryClient } from './client.js';

export interface RegistryEndpoint {
  loginServer: string;
  credential: TokenCredential;
  ca?: string | undefined;
}

export interface RegistryIO {
  onSecret: (value: string) => void;
  mask?: ((text: string) => string) | undefined;
  log?: ((line: string) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** The client, and its sign-in (a builder logs in with the same refresh token). */
export interface RegistryConnection {
  client: RegistryClient;
  auth: ReturnType<typeof acrAuth>;
}

export function connectRegistry(registry: RegistryEndpoint, io: RegistryIO): RegistryConnection {
  const ca = registry.ca ? { ca: registry.ca } : {};
  const auth = acrAuth(registry.loginServer, registry.credential, {
    onSecret: io.onSecret,
    mask: io.mask,
    signal: io.signal,
    ...ca,
  });
  const client = new RegistryClient({
    url: `https://${registry.loginServer}`,
    auth,
    mask: io.mask,
    log: io.log,
    signal: io.signal,
    ...ca,
  });
  return { client, auth };
}
