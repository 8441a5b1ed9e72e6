// A workspace datastore's blob container, as `az ml` reaches it: the account and container from
// `datastores.get`, its key or SAS from `listSecrets` (handed to `onSecret` at once), else the
// signed-in identity. Model uploads, promote's server-side copies (a short-lived read URL per
// blob) and the rollout lock all go through here. Also the `azureml://.../datastores/<name>/paths/`
// URI a model version points at: written (`uri`) and read back (`parseDatastoreUri`) here only.
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

export interface StorageResponse {
  method: string;
  url: string;
  status: number;
  /** Response body size: Content-Length, else the text body's (0 for HEAD). */
  bytes: number;
}

export interface DatastoreOptions {
  /** Sees every storage request (tests count them). */
  observeRequest?: (request: StorageRequest) => void;
  /** Sees every storage response (tests count the bytes that came back to the runner). */
  observeResponse?: (response: StorageResponse) => void;
}

export interface OpenDatastore {
  name: string;
  container: ContainerClient;
  /** `azureml://subscriptions/.../datastores/<name>/paths/<blobPath>` */
  uri(blobPath: string): string;
  /**
   * A URL another storage service can read one blob from, for a server-side copy: a read-only SAS
   * for `minutes` (signed with the account key, or a user delegation key with the identity), or the
   * datastore's own SAS. Every secret in it goes to `onSecret` before the URL is returned.
   */
  readUrl(blobPath: string, minutes?: number): Promise<string>;
}

/** Where a model version's `azureml://` datastore URI points. */
export interface DatastoreUri {
  /** Present in the long form (`azureml://subscriptions/<s>/resourcegroups/<rg>/workspaces/<ws>/...`). */
  workspace?: { subscriptionId: string; resourceGroup: string; name: string };
  datastore: string;
  /** Blob path in the datastore's container, no leading or trailing slash. */
  path: string;
}

const DATASTORE_URI =
  /^azureml:\/\/(?:subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/workspaces\/([^/]+)\/)?datastores\/([^/]+)\/paths\/(.+)$/i;

/** Reads `azureml://[subscriptions/.../workspaces/<ws>/]datastores/<name>/paths/<path>`, or undefined. */
export function parseDatastoreUri(uri: string): DatastoreUri | undefined {
  const m = DATASTORE_URI.exec(uri.trim());
  if (!m) return undefined;
  const [, subscriptionId, resourceGroup, name, datastore = '', rawPath = ''] = m;
  const blobPath = rawPath.replace(/^\/+|\/+$/g, '');
  if (!blobPath) return undefined;
  return {
    ...(subscriptionId && resourceGroup && name
      ? { workspace: { subscriptionId, resourceGroup, name } }
      : {}),
    datastore,
    path: blobPath,
  };
}

const READ_URL_MINUTES = 15;

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
  const storage = await import('@azure/storage-blob');
  const { AnonymousCredential, BlobServiceClient, newPipeline, StorageSharedKeyCredential } = storage;
  let serviceUrl = datastoreBlobServiceUrl(props);
  let pipelineCredential: StorageSharedKeyCredential | AnonymousCredential | TokenCredential;
  if (secrets.secretsType === 'AccountKey' && 'key' in secrets && secrets.key) {
    onSecret(secrets.key);
    pipelineCredential = new StorageSharedKeyCredential(props.accountName, secrets.key);
  } else if (secrets.secretsType === 'Sas' && 'sasToken' in secrets && secrets.sasToken) {
    const sas = secrets.sasToken.replace(/^\?/, '');
    maskSas(sas, onSecret);
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
  if (options.observeRequest || options.observeResponse) pipeline.factories.push(observingFactory(options));
  const service = new BlobServiceClient(serviceUrl, pipeline);
  const container = service.getContainerClient(props.containerName);
  const prefix = `azureml://subscriptions/${target.subscriptionId}/resourcegroups/${resourceGroup}/workspaces/${workspace}/datastores/${name}/paths/`;
  const accountName = props.accountName;

  async function readUrl(blobPath: string, minutes = READ_URL_MINUTES): Promise<string> {
    const blob = container.getBlobClient(blobPath);
    // The datastore's own SAS is in the service URL, so in the blob's.
    if (pipelineCredential instanceof AnonymousCredential) return blob.url;
    const startsOn = new Date(Date.now() - 5 * 60_000); // clock skew between runner and storage
    const expiresOn = new Date(Date.now() + minutes * 60_000);
    const values = {
      containerName: container.containerName,
      blobName: blobPath,
      permissions: storage.BlobSASPermissions.parse('r'),
      startsOn,
      expiresOn,
      // https only on Azure; Azurite on loopback (the local plane) speaks http.
      protocol: blob.url.startsWith('http:') ? storage.SASProtocol.HttpsAndHttp : storage.SASProtocol.Https,
    };
    let sas: string;
    if (pipelineCredential instanceof StorageSharedKeyCredential) {
      sas = storage.generateBlobSASQueryParameters(values, pipelineCredential).toString();
    } else {
      const key = await service.getUserDelegationKey(startsOn, expiresOn);
      onSecret(key.value);
      sas = storage.generateBlobSASQueryParameters(values, key, accountName).toString();
    }
    maskSas(sas, onSecret);
    return `${blob.url}?${sas}`;
  }

  return { name, container, uri: (p) => `${prefix}${p}`, readUrl };
}

/** A SAS as a whole and its signature alone (a log may show it URL-decoded or cut). */
function maskSas(sas: string, onSecret: (value: string) => void): void {
  onSecret(sas);
  for (const part of sas.split('&')) {
    if (!part.startsWith('sig=')) continue;
    onSecret(part.slice(4));
    onSecret(decodeURIComponent(part.slice(4)));
  }
}

function observingFactory(options: DatastoreOptions): RequestPolicyFactory {
  const size = (value: string | undefined) => {
    const n = Number(value ?? 0);
    return Number.isFinite(n) ? n : 0;
  };
  return {
    create(next: RequestPolicy): RequestPolicy {
      return {
        async sendRequest(request: WebResource) {
          const { method, url } = request;
          options.observeRequest?.({ method, url, bytes: size(request.headers.get('content-length')) });
          const response = await next.sendRequest(request);
          options.observeResponse?.({
            method,
            url,
            status: response.status,
            // A HEAD's Content-Length is the blob's size, not a body; a chunked body has none.
            bytes:
              method === 'HEAD'
                ? 0
                : size(response.headers.get('content-length')) ||
                  Buffer.byteLength(response.bodyAsText ?? ''),
          });
          return response;
        },
      };
    },
  };
}
