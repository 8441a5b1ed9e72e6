// What every build backend takes and gives (contract 3 of the build-image brief): a resolved build
// (context, Dockerfile, build arguments, platform, labels, target refs) and the registry sign-in
// as a `loginSecret()`; it pushes and returns the pushed manifest's digest.
import { RolloutError } from '../errors.js';

/** ACR and AML run linux/amd64; a single-platform image manifest, never an index. */
export const DEFAULT_PLATFORM = 'linux/amd64';

/** The labels every image of the suite carries (OCI annotation keys where one exists). */
export const LABEL_SOURCE = 'org.opencontainers.image.source';
export const LABEL_REVISION = 'org.opencontainers.image.revision';
/** No OCI key exists for "the model this image serves": an AML model reference or model hash. */
export const LABEL_MODEL = 'com.azure.ml.rollout.model';

export interface ImageBuild {
  /** Absolute paths. */
  context: string;
  dockerfile: string;
  /** The .dockerignore the source hash followed; buildah gets it explicitly, BuildKit finds the
   * same file itself (ignoreFileFor). */
  ignoreFile?: string | undefined;
  buildArgs: Readonly<Record<string, string>>;
  platform: string;
  labels: Readonly<Record<string, string>>;
  target?: string | undefined;
  /** `host[:port]/repository:tag`, at least one; all get the same manifest. */
  refs: readonly string[];
  /** buildah: `oci` (default) or `docker` (Docker schema 2) media types. docker buildx pushes what
   * its builder makes (the docker driver: schema 2; docker-container: OCI). */
  format?: 'oci' | 'docker';
  /** docker only: provenance and SBOM attestations (they make the push an image index); off unless asked. */
  attestations?: boolean;
}

/** The part of a RegistryAuth (shared/registry) a CLI sign-in needs. */
export interface RegistrySignIn {
  loginSecret(): Promise<{ username: string; password: string }>;
}

export interface BuildContext {
  log: (line: string) => void;
  /** The host's masker: every line a builder prints goes through it. */
  mask: (text: string) => string;
  /** Registers a secret with the masker before anything could print it. */
  onSecret: (value: string) => void;
  signal?: AbortSignal | undefined;
  /** Absent for a registry without auth (a loopback test registry). */
  signIn?: RegistrySignIn | undefined;
  /** Plain HTTP or an untrusted certificate (loopback registries only). */
  tlsVerify?: boolean;
  /** Folder with the registry's CA (`*.crt`), for buildah's --cert-dir. */
  certDir?: string | undefined;
}

export interface PushedImage {
  /** `sha256:...` of the manifest the registry stored. */
  digest: string;
  refs: readonly string[];
  builder: BuilderName;
}

export type BuilderName = 'docker' | 'buildah' | 'acr-tasks';

export interface ImageBuilder {
  readonly name: BuilderName;
  buildAndPush(build: ImageBuild, ctx: BuildContext): Promise<PushedImage>;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function checkDigest(value: string, from: string): string {
  const digest = value.trim();
  if (!DIGEST.test(digest)) {
    throw new RolloutError(
      'BuilderFailed',
      `${from} reported no manifest digest (got '${digest.slice(0, 80)}')`,
    );
  }
  return digest;
}

/** How a refused CLI login fails, whichever builder ran it. */
export const LOGIN_FAILURE = {
  failCode: 'RegistryAuthFailed',
  remediation:
    "the registry refused the sign-in: give the step's identity the AcrPush role on the registry (no admin user is needed)",
} as const;
