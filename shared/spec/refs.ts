// References a deployment names: registered assets (models, environments, code), the workspace
// they live in, container images and VM sizes. Parsing only: nothing here looks anything up.
import { RolloutError } from '../errors.js';

export type AssetKind = 'models' | 'environments' | 'codes';

/**
 * A registered asset:
 * - `version`: `azureml:<name>:<version>` in the deployment's workspace;
 * - `latest`: `azureml:<name>@latest`, which the caller turns into a version before mapping;
 * - `id`: an ARM id or an `azureml://` asset id (registries), sent to Azure as written.
 */
export type AssetRef =
  | { kind: 'version'; name: string; version: string }
  | { kind: 'latest'; name: string }
  | { kind: 'id'; id: string };

// As the 2022-10-01 swagger patterns asset names; versions also allow dots.
const ASSET_NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
const ASSET_VERSION = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}$/;

const SINGULAR: Record<AssetKind, string> = { models: 'model', environments: 'environment', codes: 'code' };

/** Parses an asset reference, or says why it is not one. */
export function parseAssetRef(text: string, kind: AssetKind): AssetRef | { problem: string } {
  const what = SINGULAR[kind];
  const example = `azureml:<name>:<version> or azureml:<name>@latest`;
  const t = text.trim();
  const arm = t.replace(/^azureml:(?=\/subscriptions\/)/i, '');
  if (arm.startsWith('/')) {
    const re = new RegExp(
      `^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.MachineLearningServices/(workspaces|registries)/[^/]+/${kind}/[^/]+/versions/[^/]+$`,
      'i',
    );
    return re.test(arm)
      ? { kind: 'id', id: arm }
      : { problem: `'${text}' is not an ARM id of a ${what} version` };
  }
  if (/^azureml:\/\//i.test(t)) {
    const re = new RegExp(`^azureml://(?:[^/]+/[^/]+/)+${kind}/[^/]+/(?:versions|labels)/[^/]+$`, 'i');
    return re.test(t)
      ? { kind: 'id', id: t }
      : { problem: `'${text}' is not an azureml:// id of a ${what} (…/${kind}/<name>/versions/<version>)` };
  }
  const short = /^azureml:([^:@/]+)(?::([^:@/]+)|@([^:@/]+))?$/i.exec(t);
  if (!short) {
    return {
      problem: `'${text}' is not a registered ${what} reference (expected ${example})`,
    };
  }
  const [, name = '', version, label] = short;
  if (!ASSET_NAME.test(name)) {
    return {
      problem: `${what} name '${name}' must start with a letter or digit and use only letters, digits, '-' and '_'`,
    };
  }
  if (label !== undefined) {
    return label === 'latest'
      ? { kind: 'latest', name }
      : { problem: `label '@${label}' is not supported: use @latest or :<version>` };
  }
  if (version === undefined) {
    return {
      problem: `'${text}' names no version: pin one (azureml:${name}:<version>) or say azureml:${name}@latest`,
    };
  }
  if (!ASSET_VERSION.test(version)) {
    return { problem: `${what} version '${version}' must use only letters, digits, '-', '_' and '.'` };
  }
  return { kind: 'version', name, version };
}

/** `azureml:name:version` / `azureml:name@latest` / the id: how a reference reads in logs. */
export function formatAssetRef(ref: AssetRef): string {
  if (ref.kind === 'version') return `azureml:${ref.name}:${ref.version}`;
  if (ref.kind === 'latest') return `azureml:${ref.name}@latest`;
  return ref.id;
}

const WORKSPACE_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+$/i;

/** Checks `/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.MachineLearningServices/workspaces/<ws>`. */
export function checkWorkspaceId(workspaceId: string): string {
  const id = workspaceId.replace(/\/+$/, '');
  if (!WORKSPACE_ID.test(id)) {
    throw new RolloutError(
      'InvalidWorkspaceId',
      `'${workspaceId}' is not the ARM id of an Azure ML workspace`,
      {
        resource: workspaceId,
        remediation:
          'pass /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.MachineLearningServices/workspaces/<name>',
      },
    );
  }
  return id;
}

/** ARM id of one asset version in a workspace. */
export function assetVersionId(workspaceId: string, kind: AssetKind, name: string, version: string): string {
  return `${checkWorkspaceId(workspaceId)}/${kind}/${name}/versions/${version}`;
}

/** The id Azure takes for a reference; `@latest` must have been pinned first. */
export function assetRefId(workspaceId: string, kind: AssetKind, ref: AssetRef): string {
  if (ref.kind === 'id') return ref.id;
  if (ref.kind === 'version') return assetVersionId(workspaceId, kind, ref.name, ref.version);
  throw new RolloutError(
    'AssetVersionUnresolved',
    `${SINGULAR[kind]} azureml:${ref.name}@latest has no version yet`,
    {
      resource: `azureml:${ref.name}@latest`,
      remediation: 'look the latest version up and pin it (pinLatest) before mapping the deployment',
    },
  );
}

/** VM sizes as Azure names them (`Standard_DS3_v2`, `Standard_NC4as_T4_v3`); compared case-insensitively. */
export function instanceTypeProblem(text: string): string | undefined {
  return /^[A-Za-z][A-Za-z0-9_]{1,63}$/.test(text)
    ? undefined
    : `'${text}' is not a VM size name (e.g. Standard_DS3_v2, Standard_NC4as_T4_v3)`;
}
