// A registered model version read and re-tagged in place: the gate records its verdict as tags on
// the version it judged. A version's modelUri is immutable, but AML (and the local plane) take a
// PUT of the same version with the same modelUri and new tags, so tagging is read, merge, PUT back.
import type { ModelVersion } from '@azure/arm-machinelearning';
import type { WorkspaceTarget } from './workspace.js';

/** What a model call needs of a workspace connection (deploy holds a narrower one than the gate). */
export type ModelWorkspace = Pick<WorkspaceTarget, 'client' | 'resourceGroup' | 'workspace'>;

const statusOf = (e: unknown) => (e as { statusCode?: number }).statusCode;

/** The version, or undefined when the workspace has no such model or version (404). */
export async function readModelVersion(
  target: ModelWorkspace,
  name: string,
  version: string,
): Promise<ModelVersion | undefined> {
  try {
    return await target.client.modelVersions.get(target.resourceGroup, target.workspace, name, version);
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}

/**
 * Merges `tags` over the version's own and writes the version back unchanged otherwise. `tags`
 * may be a function of the tags as read, for tags that depend on them (the gate's content hash).
 * Returns the version as written.
 */
export async function tagModelVersion(
  target: ModelWorkspace,
  name: string,
  version: string,
  tags:
    | Readonly<Record<string, string>>
    | ((current: Readonly<Record<string, string>>) => Record<string, string>),
): Promise<ModelVersion> {
  const { client, resourceGroup, workspace } = target;
  const current = await client.modelVersions.get(resourceGroup, workspace, name, version);
  // The SDK types a tag's value as nullable; AML stores strings.
  const before = Object.fromEntries(
    Object.entries(current.properties.tags ?? {}).filter((e): e is [string, string] => e[1] !== null),
  );
  const added = typeof tags === 'function' ? tags(before) : tags;
  return client.modelVersions.createOrUpdate(resourceGroup, workspace, name, version, {
    properties: { ...current.properties, tags: { ...before, ...added } },
  });
}
