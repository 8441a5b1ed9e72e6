// A workspace datastore's blob container, as `az ml` reaches it: the account and container from
// `datastores.get`, its key or SAS from `listSecrets` (handed to `onSecret` at once), else the
// signed-in identity. Model uploads and the rollout lock both go through here.
import type { AzureBlobDatastore, DatastoreSecretsUnion } from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/core-auth';
import type {
  AnonymousCredential,
  ContainerClient,
  RequestPolicy,
  RequestPolicyFactory,
  StorageSharedKeyCredential,
  WebResource,
} from '@azure/storage-blob';
import { RolloutError } from '../errors.js';
import { datastoreBlobServiceUrl } from './local-plane.js';
import type { WorkspaceTarget } from './workspace.js';

export interface StorageRequest {
  method: string;
  url: string;
  /** Request body size from Content-Length (0 when none). */
  bytes: number;
}

export interface DatastoreOptions {
  /** Sees every storage request (tests count them). */
  observeRequest?: (request: StorageRequest) => void;
}

export interface OpenDatastore {
  name: string;
  container: ContainerClient;
  /** `azureml://subscriptions/.../datastores/<name>/paths/<blobPath>` */
  uri(blobPath: string): string;
}

export async function openDatastore(
  target: WorkspaceTarget,
  name: string,
  onSecret: (value: string) => void,
  options: DatastoreOptions = {},
): Promise<OpenDatastore> {
  const credential = target.credential;
  const { client, resourceGroup, workspace } = target;
  const ds = await client.datastores.get(resourceGroup, workspace, name);
  const props = ds.properties as AzureBlobDatastore;
  if (props.datastoreType !== 'AzureBlob' || !props.accountName || !props.containerName) {
    throw new RolloutError('UnsupportedDatastore', `datastore '${name}' is not an Azure Blob datastore`, {
      resource: ds.id ?? name,
      remediation: 'register models through the workspace default blob datastore (workspaceblobstore)',
    });
  }
  const secrets = (await client.datastores.listSecrets(
    resourceGroup,
    workspace,
    name,
  )) as DatastoreSecretsUnion;
  const { AnonymousCredential, BlobServiceClient, newPipeline, StorageSharedKeyCredential } =
    await import('@azure/storage-blob');
  let serviceUrl = datastoreBlobServiceUrl(props);
  let pipelineCredential: StorageSharedKeyCredential | AnonymousCredential | TokenCredential;
  if (secrets.secretsType === 'AccountKey' && 'key' in secrets && secrets.key) {
    onSecret(secrets.key);
    pipelineCredential = new StorageSharedKeyCredential(props.accountName, secrets.key);
  } else if (secrets.secretsType === 'Sas' && 'sasToken' in secrets && secrets.sasToken) {
    const sas = secrets.sasToken.replace(/^\?/, '');
    onSecret(sas);
    for (const part of sas.split('&')) if (part.startsWith('sig=')) onSecret(part.slice(4));
    serviceUrl = `${serviceUrl}?${sas}`;
    pipelineCredential = new AnonymousCredential();
  } else if (credential) {
    pipelineCredential = credential;
  } else {
    throw new RolloutError(
      'DatastoreNoCredentials',
      `datastore '${name}' gives neither an account key nor a SAS`,
      {
        resource: ds.id ?? name,
        remediation:
          'give the workspace datastore credentials, or sign in with an identity that has Storage Blob Data Contributor',
      },
    );
  }
  const pipeline = newPipeline(pipelineCredential, { retryOptions: { maxTries: 4 } });
  const observe = options.observeRequest;
  if (observe) pipeline.factories.push(observingFactory(observe));
  const service = new BlobServiceClient(serviceUrl, pipeline);
  const prefix = `azureml://subscriptions/${target.subscriptionId}/resourcegroups/${resourceGroup}/workspaces/${workspace}/datastores/${name}/paths/`;
  return { name, container: service.getContainerClient(props.containerName), uri: (p) => `${prefix}${p}` };
}

function observingFactory(observe: (r: StorageRequest) => void): RequestPolicyFactory {
  return {
    create(next: RequestPolicy): RequestPolicy {
      return {
        sendRequest(request: WebResource) {
          const length = Number(request.headers.get('content-length') ?? 0);
          observe({ method: request.method, url: request.url, bytes: Number.isFinite(length) ? length : 0 });
          return next.sendRequest(request);
        },
      };
    },
  };
}
