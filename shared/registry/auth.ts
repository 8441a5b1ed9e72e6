// The hook through which the OCI client signs in (contract 1 of the build-image brief): given a
// registry's challenge, the Authorization header to retry with; and the username/password a CLI
// (docker/buildah/skopeo `login --password-stdin`) signs in with. `acrAuth` (./acr-auth.ts) is
// the ACR implementation.
import type { RegistryChallenge } from './challenge.js';

export type { RegistryChallenge } from './challenge.js';

export interface RegistryAuth {
  /** Given a registry's `WWW-Authenticate` challenge, the Authorization header value to retry with. */
  authorize(challenge: RegistryChallenge): Promise<string>;
  /** The username/password a CLI (docker/buildah/skopeo login --password-stdin) signs in with. */
  loginSecret(): Promise<{ username: string; password: string }>;
}
