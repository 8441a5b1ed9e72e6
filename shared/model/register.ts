// Registering a model version, idempotently. `prepareModel` does everything that needs no Azure
// call (files, validation by type, content hash); `registerPreparedModel` then finds a version
// with the same content hash (and returns it: nothing uploaded, nothing created), or uploads to
// `LocalUpload/<hash>/...` and creates the version, with the hash and lineage as tags.
import path from 'node:path';
import type { ModelVersion } from '@azure/arm-machinelearning';
import type { WorkspaceTarget } from '../azure/workspace.js';
import { RolloutError } from '../errors.js';
import type { Host } from '../host/host.js';
import { contentHash, listModelFiles, type ModelFiles } from './files.js';
import { lineageTags } from './lineage.js';
import { CONTENT_HASH_TAG, type ModelSpec } from './spec.js';
import { openDatastore } from '../azure/datastore.js';
import { type UploadOptions, uploadModelFiles } from './upload.js';
import { validateModel } from './validate.js';
import { createModelVersion, listModelVersions, nextVersion, versionWithContent } from './versions.js';

export interface PreparedModel {
  spec: ModelSpec;
  files: ModelFiles;
  hash: string;
}

export interface RegisteredModel {
  name: string;
  version: string;
  id: string;
  /** `azureml:<name>:<version>` */
  ref: string;
  modelUri: string;
  contentHash: string;
  /** false when a version with the same content already existed. */
  created: boolean;
  uploadedBytes: number;
}

export interface RegisterOptions extends UploadOptions {
  /** Datastore to upload to; the workspace default blob store unless given. */
  datastore?: string;
  /** Folder that lineage's source path is relative to. */
  workspaceDir?: string;
  env?: NodeJS.ProcessEnv;
}

export async function prepareModel(spec: ModelSpec, host: Host, signal: AbortSignal): Promise<PreparedModel> {
  const files = await listModelFiles(spec.path);
  const report = await validateModel(files, spec.type);
  for (const line of report.checks) host.info(`valid ${spec.type}: ${line}`);
  const hash = await contentHash(files, signal);
  host.info(`content sha256 ${hash} (${files.files.length} file(s), ${files.totalBytes} bytes)`);
  return { spec, files, hash };
}

export async function registerPreparedModel(
  target: WorkspaceTarget,
  prepared: PreparedModel,
  host: Host,
  signal: AbortSignal,
  options: RegisterOptions = {},
): Promise<RegisteredModel> {
  const { spec, files, hash } = prepared;
  const versions = await listModelVersions(target, spec.name, signal);
  const same = versionWithContent(versions, hash, spec.type);
  if (same?.name) {
    if (spec.version !== 'auto' && spec.version !== same.name) {
      host.warning(
        `model ${spec.name} already has these files as version ${same.name}; returning it instead of creating version ${spec.version}`,
      );
    }
    host.info(`model ${spec.name}:${same.name} already holds content ${hash}; nothing uploaded or created`);
    return result(spec.name, same, hash, false, 0);
  }
  const explicit = spec.version !== 'auto';
  if (explicit && versions.some((v) => v.name?.toLowerCase() === spec.version.toLowerCase())) {
    throw new RolloutError(
      'ModelVersionExists',
      `model ${spec.name}:${spec.version} already exists with different content`,
      {
        resource: `azureml:${spec.name}:${spec.version}`,
        remediation: 'model versions are immutable: use version auto, or a new version number',
      },
    );
  }

  const store = await openDatastore(
    target,
    options.datastore ?? 'workspaceblobstore',
    (s) => host.setSecret(s),
    options,
  );
  const base = path.basename(files.root);
  const modelPath = `LocalUpload/${hash}/${base}`;
  const uploadFolder = files.isFile ? `LocalUpload/${hash}` : modelPath;
  const upload = await uploadModelFiles(store, files, uploadFolder, host, signal, options);
  const modelUri = store.uri(modelPath);
  const tags = {
    ...spec.tags,
    ...lineageTags(files.root, options.workspaceDir ?? host.workspaceDir(), options.env),
    [CONTENT_HASH_TAG]: hash,
  };
  const body = {
    properties: {
      modelUri,
      modelType: spec.type,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      tags,
      properties: spec.properties,
    },
  };
  // With `auto`, another run may take the same number between our listing and our PUT.
  const made = await createModelVersion(
    target,
    {
      name: spec.name,
      version: explicit ? spec.version : nextVersion(versions),
      explicit,
      hash,
      type: spec.type,
      body,
    },
    host,
    signal,
  );
  if (made.created) host.info(`registered model ${spec.name}:${made.version.name} (${modelUri})`);
  return result(spec.name, made.version, hash, made.created, upload.uploadedBytes);
}

function result(
  name: string,
  v: ModelVersion,
  hash: string,
  created: boolean,
  uploadedBytes: number,
): RegisteredModel {
  const version = v.name as string;
  return {
    name,
    version,
    id: v.id as string,
    ref: `azureml:${name}:${version}`,
    modelUri: v.properties.modelUri ?? '',
    contentHash: hash,
    created,
    uploadedBytes,
  };
}
