// shared/registry: sign-in to container registries (ACR's token exchange) and the OCI
// distribution client the image steps push with.
export { ACR_ENTRA_SCOPE, ACR_REFRESH_TOKEN_USER, acrAuth, type AcrAuthOptions, RegistryAuthFailedError } from './acr-auth.js';
export { basicAuth, type RegistryAuth } from './auth.js';
export { parseChallenge, parseScopes, type RegistryChallenge, repositoryScope } from './challenge.js';
export { type BlobSource, blobFromBytes, type FetchedManifest, RegistryClient, type RegistryClientOptions } from './client.js';
export { fileDigest, isDigest, sha256Digest } from './digest.js';
export * from './manifest.js';
export { formatImageReference, type ImageReference, parseImageReference } from './reference.js';
