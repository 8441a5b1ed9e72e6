// A model's versions in a workspace, as register-model and promote both need them: listed, the one
// holding some content found by its content hash, the next free integer, and a version created
// with the race another run may win (AML answers 409: a version's modelUri is immutable) settled.
import type { ModelVersion } from '@azure/arm-machinelearning';
import type { WorkspaceTarget } from '../azure/workspace.js';
import type { Host } from '../host/host.js';
import { CONTENT_HASH_TAG } from './spec.js';

/** Every version of model `name`; none when the model does not exist yet. */
export async function listModelVersions(
  target: WorkspaceTarget,
  name: string,
  signal: AbortSignal,
): Promise<ModelVersion[]> {
  const out: ModelVersion[] = [];
  try {
    for await (const v of target.client.modelVersions.list(target.resourceGroup, target.workspace, name, {
      abortSignal: signal,
    })) {
      out.push(v);
    }
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return [];
    throw e;
  }
  return out;
}

/** The version holding content `hash` as model type `type`, if any. */
export function versionWithContent(
  versions: readonly ModelVersion[],
  hash: string,
  type: string,
): ModelVersion | undefined {
  return versions.find(
    (v) =>
      v.properties.tags?.[CONTENT_HASH_TAG] === hash && (v.properties.modelType ?? 'custom_model') === type,
  );
}

/** One more than the highest integer version; 1 when there is none. */
export function nextVersion(versions: readonly ModelVersion[]): string {
  const numbers = versions.map((v) => Number(v.name)).filter((n) => Number.isInteger(n) && n >= 0);
  return String(numbers.length === 0 ? 1 : Math.max(...numbers) + 1);
}

export interface CreateVersionRequest {
  name: string;
  /** The version to try first. */
  version: string;
  /** Only that version: a 409 fails instead of trying the next free one. */
  explicit: boolean;
  /** What the version holds (its content hash tag and type), to find a racing run's version. */
  hash: string;
  type: string;
  body: ModelVersion;
}

/**
 * Create the version; when another run took the number meanwhile (409), the version it made with
 * the same content is returned (created false), else the next free number is tried.
 */
export async function createModelVersion(
  target: WorkspaceTarget,
  request: CreateVersionRequest,
  host: Host,
  signal: AbortSignal,
): Promise<{ version: ModelVersion; created: boolean }> {
  const { client, resourceGroup, workspace } = target;
  const { name, explicit, hash, type, body } = request;
  let version = request.version;
  for (let attempt = 1; ; attempt++) {
    signal.throwIfAborted();
    try {
      const created = await client.modelVersions.createOrUpdate(
        resourceGroup,
        workspace,
        name,
        version,
        body,
      );
      return { version: created, created: true };
    } catch (e) {
      if (explicit || attempt >= 5 || (e as { statusCode?: number }).statusCode !== 409) throw e;
      const now = await listModelVersions(target, name, signal);
      const raced = versionWithContent(now, hash, type);
      if (raced) {
        host.info(`another run registered these files as ${name}:${raced.name} meanwhile`);
        return { version: raced, created: false };
      }
      host.info(`version ${version} was taken meanwhile; trying the next one`);
      version = nextVersion(now);
    }
  }
}
