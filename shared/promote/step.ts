// The promote step, in the order docs/promote.md gives: every input checked, then the dev model
// version read and its gate evidence judged (and the gate report, when given, compared), then both
// workspaces, registries and datastores resolved and the image looked up in dev; only then does
// anything change in prod: the model files copied server to server (a short-lived read URL per
// blob: their bytes never pass through the runner), the image imported by digest (ACR import), and
// last the model version registered with the dev tags and the evidence. The registration is the
// commit point: a re-run finds that version by content hash, and the image by digest, and changes
// nothing.
import { readFile } from 'node:fs/promises';
import type { ModelVersion } from '@azure/arm-machinelearning';
import {
  type DatastoreOptions,
  type OpenDatastore,
  openDatastore,
  parseDatastoreUri,
} from '../azure/datastore.js';
import { type ContainerRegistryTarget, resolveContainerRegistry } from '../azure/registries.js';
import { connectWorkspace, type WorkspaceTarget } from '../azure/workspace.js';
import { InputError, RolloutError } from '../errors.js';
import { evidenceProblem, readEvidence } from '../gate/evidence.js';
import type { StepContext } from '../host/context.js';
import type { Host } from '../host/host.js';
import { CONTENT_HASH_TAG } from '../model/spec.js';
import { createModelVersion, listModelVersions, versionWithContent } from '../model/versions.js';
import { connectRegistry } from '../registry/connect.js';
import { RegistryClient } from '../registry/client.js';
import type { PromoteInputs, PromoteOutputs } from './inputs.js';
import {
  gateReportProblem,
  imageByDigest,
  importTargetTag,
  modelBlobNames,
  namesRegistry,
  prodTags,
  prodVersion,
  type PromoteRequest,
  readPromoteRequest,
  tagsOf,
} from './plan.js';

export interface PromoteOptions {
  /** Sees the storage traffic of both datastores (tests count the bytes through the runner). */
  storage?: Pick<DatastoreOptions, 'observeRequest' | 'observeResponse'>;
}

/** SDK poll interval on the local plane (its operations take milliseconds); Azure: Retry-After or 2 s. */
const LOCAL_POLL_MS = 100;
const AZURE_COPY_POLL_MS = 2000;

type PromoteImage = NonNullable<PromoteRequest['image']>;

interface ImagePlan {
  source: PromoteImage;
  dev: ContainerRegistryTarget;
  prod: ContainerRegistryTarget;
  prodClient: RegistryClient;
  /** `<prod login server>/<repository>@<digest>`. */
  prodRef: string;
  /** Prod already holds the digest: nothing to import. */
  present: boolean;
}

interface ModelPlan {
  source: OpenDatastore;
  target: OpenDatastore;
  blobPath: string;
  blobs: { name: string; size: number }[];
  version: string;
  body: ModelVersion;
}

export async function runPromoteStep(
  inputs: PromoteInputs,
  { host, signal, azure }: StepContext,
  options: PromoteOptions = {},
): Promise<PromoteOutputs> {
  // 1. Inputs, before any request.
  const request = readPromoteRequest(inputs);
  const report = inputs['gate-report'] ? await readGateReport(inputs['gate-report']) : undefined;
  const { name, version: devVersionName } = request.model;
  const devRef = `azureml:${name}:${devVersionName}`;

  // 2. The dev version and its evidence.
  const prod = await connectWorkspace(
    {
      workspace: inputs.workspace,
      subscriptionId: inputs['subscription-id'],
      resourceGroup: inputs['resource-group'],
      localStateDir: inputs['local-state-dir'],
    },
    azure,
  );
  const dev = await connectWorkspace(
    {
      workspace: inputs['source-workspace'],
      subscriptionId: inputs['source-subscription-id'] ?? prod.subscriptionId,
      resourceGroup: inputs['source-resource-group'] ?? prod.resourceGroup,
      localStateDir: inputs['local-state-dir'],
    },
    azure,
  );
  const devVersion = await getModelVersion(dev, name, devVersionName);
  const devTags = tagsOf(devVersion.properties.tags);
  const problem = evidenceProblem(devTags);
  if (problem) {
    throw new RolloutError('NoPassingVerdict', `${devRef} in workspace '${dev.workspace}': ${problem}`, {
      resource: devVersion.id ?? devRef,
      remediation:
        'promote only a version the gate passed: run the gate with model-ref on this version, then promote it',
    });
  }
  const evidence = readEvidence(devTags);
  const hash = devTags[CONTENT_HASH_TAG] as string;
  host.info(
    `${devRef}: gate verdict pass (AP ${evidence?.ap}, AP50 ${evidence?.ap50}, ${evidence?.run || 'run unknown'}) for content ${hash}`,
  );
  if (report && evidence) {
    const disagreement = gateReportProblem(report.doc, evidence);
    if (disagreement) {
      throw new RolloutError('GateReportDisagrees', `gate-report ${report.file}: ${disagreement}`, {
        resource: report.file,
        remediation: `give the gate.json of the run that judged ${devRef}, or leave gate-report out`,
      });
    }
    host.info(`gate-report ${report.file} agrees: verdict pass, same AP and AP50`);
  }
  const type = devVersion.properties.modelType ?? 'custom_model';

  // 3. Prod: the version already there? registries, image, datastores.
  const prodVersions = await listModelVersions(prod, name, signal);
  const existing = versionWithContent(prodVersions, hash, type);
  const pollMs = prod.plane ? LOCAL_POLL_MS : undefined;
  const image = request.image
    ? await planImage(request.image, request.targetRegistry, dev, prod, host, signal)
    : undefined;
  if (!request.image && request.targetRegistry) {
    host.warning('target-registry is given without an image: there is no image to import, it is ignored');
  }
  const model = existing
    ? undefined
    : await planModel(devVersion, devRef, dev, prod, inputs.datastore, prodVersions, image, host, options);

  // 4. Changes, only now.
  if (model) await copyModelFiles(model, host, signal, pollMs);
  if (image && !image.present) await importImage(image, host, signal, pollMs);
  let registered: ModelVersion;
  let created = false;
  if (existing) {
    host.info(
      `${name}:${existing.name} in workspace '${prod.workspace}' already holds content ${hash}; nothing copied or registered`,
    );
    registered = existing;
  } else {
    const plan = model as ModelPlan;
    const made = await createModelVersion(
      prod,
      { name, version: plan.version, explicit: false, hash, type, body: plan.body },
      host,
      signal,
    );
    registered = made.version;
    created = made.created;
    if (created)
      host.info(
        `registered ${name}:${registered.name} in workspace '${prod.workspace}' (${plan.body.properties.modelUri})`,
      );
  }
  const prodRef = `azureml:${name}:${registered.name}`;
  const changed = created || model !== undefined || (image !== undefined && !image.present);
  if (!changed)
    host.info(`nothing to promote: prod already has ${prodRef}${image ? ` and ${image.prodRef}` : ''}`);
  await host.appendSummary(summary(devRef, prodRef, prod.workspace, hash, model, image, created, changed));
  return {
    'model-ref': prodRef,
    ...(image ? { image: image.prodRef } : {}),
    changed: String(changed),
  };
}

async function readGateReport(file: string): Promise<{ file: string; doc: unknown }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError('gate-report', `cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return { file, doc: JSON.parse(text) as unknown };
  } catch (e) {
    throw new InputError(
      'gate-report',
      `${file} is not JSON: ${(e as Error).message}`,
      'give the gate.json the gate wrote',
    );
  }
}

async function getModelVersion(ws: WorkspaceTarget, name: string, version: string): Promise<ModelVersion> {
  try {
    return await ws.client.modelVersions.get(ws.resourceGroup, ws.workspace, name, version);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 404) throw e;
    throw new RolloutError(
      'ModelNotFound',
      `model ${name}:${version} is not in workspace '${ws.workspace}'`,
      {
        resource: `azureml:${name}:${version}`,
        remediation:
          'check model-ref and source-workspace (the workspace the model was registered and gated in)',
      },
    );
  }
}

/** Both linked registries, the image checked in dev, and whether prod has it already. */
async function planImage(
  source: PromoteImage,
  targetRegistry: string | undefined,
  dev: WorkspaceTarget,
  prod: WorkspaceTarget,
  host: Host,
  signal: AbortSignal,
): Promise<ImagePlan> {
  const devRegistry = await resolveContainerRegistry(dev, undefined);
  const prodRegistry = await resolveContainerRegistry(prod, undefined);
  if (targetRegistry && !namesRegistry(targetRegistry, prodRegistry)) {
    throw new InputError(
      'target-registry',
      `'${targetRegistry}' is not ${prodRegistry.loginServer}, the registry linked to workspace '${prod.workspace}': a private workspace pulls only from its linked registry`,
      `leave target-registry out (it defaults to ${prodRegistry.loginServer}), or link that registry to the workspace`,
    );
  }
  const sourceText = imageByDigest(source.registry, source.repository, source.digest);
  if (source.registry !== devRegistry.loginServer) {
    throw new InputError(
      'image',
      `'${sourceText}' is not on ${devRegistry.loginServer}, the registry linked to the source workspace '${dev.workspace}'`,
      'promote the image the dev rollout ran: the build-image output for the dev workspace',
    );
  }
  const devClient = registryClient(devRegistry, host, signal);
  const inDev = await devClient.headManifest(source.repository, source.digest);
  if (!inDev) {
    throw new RolloutError('ImageNotFound', `image ${sourceText} is not in ${devRegistry.loginServer}`, {
      resource: sourceText,
      remediation: 'give the digest build-image pushed (its image output), or push the image again',
    });
  }
  const prodClient = registryClient(prodRegistry, host, signal);
  const inProd = await prodClient.headManifest(source.repository, source.digest);
  const prodRef = imageByDigest(prodRegistry.loginServer, source.repository, source.digest);
  host.info(
    inProd
      ? `image ${prodRef} is already in ${prodRegistry.loginServer}; nothing to import`
      : `image ${sourceText}: in ${devRegistry.loginServer}, to import into ${prodRegistry.loginServer}`,
  );
  return { source, dev: devRegistry, prod: prodRegistry, prodClient, prodRef, present: inProd !== undefined };
}

function registryClient(registry: ContainerRegistryTarget, host: Host, signal: AbortSignal): RegistryClient {
  return connectRegistry(registry, {
    onSecret: (v) => host.setSecret(v),
    mask: (t) => host.mask(t),
    log: (l) => host.debug(l),
    signal,
  }).client;
}

/** The dev files (by their datastore URI), the prod datastore, the prod version and its body. */
async function planModel(
  devVersion: ModelVersion,
  devRef: string,
  dev: WorkspaceTarget,
  prod: WorkspaceTarget,
  datastore: string,
  prodVersions: readonly ModelVersion[],
  image: ImagePlan | undefined,
  host: Host,
  options: PromoteOptions,
): Promise<ModelPlan> {
  const uri = devVersion.properties.modelUri ?? '';
  const where = parseDatastoreUri(uri);
  const elsewhere =
    where?.workspace &&
    (where.workspace.name.toLowerCase() !== dev.workspace.toLowerCase() ||
      where.workspace.subscriptionId.toLowerCase() !== dev.subscriptionId.toLowerCase() ||
      where.workspace.resourceGroup.toLowerCase() !== dev.resourceGroup.toLowerCase());
  if (!where || elsewhere) {
    throw new RolloutError(
      'UnsupportedModelUri',
      `${devRef} points at '${uri}', not at a datastore of workspace '${dev.workspace}'`,
      {
        resource: devVersion.id ?? devRef,
        remediation:
          'promote a version register-model registered (its files in the workspace blob datastore)',
      },
    );
  }
  const onSecret = (v: string) => host.setSecret(v);
  const storage = options.storage ?? {};
  const source = await openDatastore(dev, where.datastore, onSecret, storage);
  const target = await openDatastore(prod, datastore, onSecret, storage);
  const sizes = new Map<string, number>();
  for await (const b of source.container.listBlobsFlat({ prefix: where.path })) {
    sizes.set(b.name, b.properties.contentLength ?? 0);
  }
  const names = modelBlobNames(where.path, [...sizes.keys()]);
  if (names.length === 0) {
    throw new RolloutError('ModelFilesMissing', `${devRef}: no files under ${source.name}/${where.path}`, {
      resource: uri,
      remediation: 'the dev datastore lost the model files: register the model again and gate it',
    });
  }
  const version = prodVersion(devVersion.name as string, prodVersions);
  const p = devVersion.properties;
  const body: ModelVersion = {
    properties: {
      modelUri: target.uri(where.path),
      modelType: p.modelType ?? 'custom_model',
      ...(p.description === undefined ? {} : { description: p.description }),
      ...(p.flavors === undefined ? {} : { flavors: p.flavors }),
      properties: p.properties ?? {},
      tags: prodTags(tagsOf(p.tags), devVersion.id as string, image?.prodRef),
    },
  };
  return {
    source,
    target,
    blobPath: where.path,
    blobs: names.map((n) => ({ name: n, size: sizes.get(n) ?? 0 })),
    version,
    body,
  };
}

/**
 * Each blob copied by the prod storage service from a short-lived read URL of the dev one
 * (`beginCopyFromURL`: asynchronous, so no 256 MiB limit), polled to the end, then its size
 * checked. A blob already in prod with the same size (a re-run after a failure) is left alone.
 */
async function copyModelFiles(
  plan: ModelPlan,
  host: Host,
  signal: AbortSignal,
  pollMs: number | undefined,
): Promise<void> {
  const total = plan.blobs.reduce((n, b) => n + b.size, 0);
  host.info(
    `copying ${plan.blobs.length} file(s), ${total} bytes, server side: ${plan.source.name}/${plan.blobPath} -> ${plan.target.name}/${plan.blobPath}`,
  );
  let copied = 0;
  for (const blob of plan.blobs) {
    const dest = plan.target.container.getBlobClient(blob.name);
    const there = await dest.getProperties({ abortSignal: signal }).catch((e: { statusCode?: number }) => {
      if (e.statusCode === 404) return undefined;
      throw e;
    });
    if (there && there.contentLength === blob.size && (there.copyStatus ?? 'success') === 'success') continue;
    const url = await plan.source.readUrl(blob.name);
    const poller = await dest.beginCopyFromURL(url, {
      abortSignal: signal,
      intervalInMs: pollMs ?? AZURE_COPY_POLL_MS,
    });
    const done = await poller.pollUntilDone();
    const after = await dest.getProperties({ abortSignal: signal });
    const status = after.copyStatus ?? done.copyStatus;
    if (status !== 'success' || after.contentLength !== blob.size) {
      throw new RolloutError(
        'ModelCopyFailed',
        `copy of ${blob.name} to datastore '${plan.target.name}' ended ${status ?? 'without a status'}${after.copyStatusDescription ? ` (${after.copyStatusDescription})` : ''}, ${after.contentLength ?? 0} of ${blob.size} bytes`,
        {
          resource: `${plan.target.name}/${blob.name}`,
          remediation:
            'the prod storage account must be able to read the dev one (firewall: allow trusted Azure services); a re-run copies only what is missing',
        },
      );
    }
    copied++;
  }
  host.info(
    copied === plan.blobs.length
      ? `copied ${copied} file(s), sizes checked`
      : `copied ${copied} file(s); ${plan.blobs.length - copied} already in ${plan.target.name} with the same size`,
  );
}

/** ACR import by digest, server side; then prod's manifest must have the source digest. */
async function importImage(
  plan: ImagePlan,
  host: Host,
  signal: AbortSignal,
  pollMs: number | undefined,
): Promise<void> {
  const { source, dev, prod } = plan;
  const targetTag = importTargetTag(source);
  const devId = `/subscriptions/${dev.subscriptionId}/resourceGroups/${dev.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${dev.name}`;
  host.info(
    `importing ${source.repository}@${source.digest} from ${dev.loginServer} into ${prod.loginServer} as ${targetTag}`,
  );
  const arm = await prod.arm();
  await arm.registries.beginImportImageAndWait(
    prod.resourceGroup,
    prod.name,
    {
      source: { resourceId: devId, sourceImage: `${source.repository}@${source.digest}` },
      targetTags: [targetTag],
      mode: 'NoForce',
    },
    { abortSignal: signal, ...(pollMs === undefined ? {} : { updateIntervalInMs: pollMs }) },
  );
  const found = await plan.prodClient.headManifest(source.repository, source.digest);
  if (!found || found.digest !== source.digest) {
    throw new RolloutError(
      'ImageDigestChanged',
      `after the import, ${prod.loginServer}/${source.repository} has ${found?.digest ?? 'no manifest'} for ${source.digest}`,
      {
        resource: plan.prodRef,
        remediation:
          'the import did not preserve the digest: import the image again, or check the prod registry',
      },
    );
  }
  host.info(`imported ${plan.prodRef} (digest preserved)`);
}

function summary(
  devRef: string,
  prodRef: string,
  prodWorkspace: string,
  hash: string,
  model: ModelPlan | undefined,
  image: ImagePlan | undefined,
  created: boolean,
  changed: boolean,
): string {
  const lines = [
    `### Promoted ${devRef} -> ${prodRef} (workspace ${prodWorkspace})`,
    '',
    `- content sha256 \`${hash}\`, gate verdict pass`,
    `- model: ${created && model ? `${model.blobs.length} file(s) copied server side, registered` : 'already in prod, nothing copied or registered'}`,
  ];
  if (image)
    lines.push(
      `- image: \`${image.prodRef}\` ${image.present ? '(already in prod)' : '(imported, digest preserved)'}`,
    );
  if (!changed) lines.push('- nothing changed');
  return `${lines.join('\n')}\n`;
}
