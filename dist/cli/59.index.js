export const id = 59;
export const ids = [59];
export const modules = {

/***/ 49059:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openDatastore: () => (/* binding */ openDatastore),
/* harmony export */   x: () => (/* binding */ parseDatastoreUri)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
/* harmony import */ var _local_plane_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(84234);


const DATASTORE_URI = /^azureml:\/\/(?:subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/workspaces\/([^/]+)\/)?datastores\/([^/]+)\/paths\/(.+)$/i;
/** Reads `azureml://[subscriptions/.../workspaces/<ws>/]datastores/<name>/paths/<path>`, or undefined. */
function parseDatastoreUri(uri) {
    const m = DATASTORE_URI.exec(uri.trim());
    if (!m)
        return undefined;
    const [, subscriptionId, resourceGroup, name, datastore = '', rawPath = ''] = m;
    const blobPath = rawPath.replace(/^\/+|\/+$/g, '');
    if (!blobPath)
        return undefined;
    return {
        ...(subscriptionId && resourceGroup && name
            ? { workspace: { subscriptionId, resourceGroup, name } }
            : {}),
        datastore,
        path: blobPath,
    };
}
const READ_URL_MINUTES = 15;
async function openDatastore(target, name, onSecret, options = {}) {
    const credential = target.credential;
    const { client, resourceGroup, workspace } = target;
    const ds = await client.datastores.get(resourceGroup, workspace, name);
    const props = ds.properties;
    if (props.datastoreType !== 'AzureBlob' || !props.accountName || !props.containerName) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RolloutError */ .a6('UnsupportedDatastore', `datastore '${name}' is not an Azure Blob datastore`, {
            resource: ds.id ?? name,
            remediation: 'register models through the workspace default blob datastore (workspaceblobstore)',
        });
    }
    const secrets = (await client.datastores.listSecrets(resourceGroup, workspace, name));
    const storage = await Promise.all(/* import() */[__webpack_require__.e(869), __webpack_require__.e(738), __webpack_require__.e(352), __webpack_require__.e(940)]).then(__webpack_require__.bind(__webpack_require__, 67940));
    const { AnonymousCredential, BlobServiceClient, newPipeline, StorageSharedKeyCredential } = storage;
    let serviceUrl = (0,_local_plane_js__WEBPACK_IMPORTED_MODULE_1__/* .datastoreBlobServiceUrl */ .zv)(props);
    let pipelineCredential;
    if (secrets.secretsType === 'AccountKey' && 'key' in secrets && secrets.key) {
        onSecret(secrets.key);
        pipelineCredential = new StorageSharedKeyCredential(props.accountName, secrets.key);
    }
    else if (secrets.secretsType === 'Sas' && 'sasToken' in secrets && secrets.sasToken) {
        const sas = secrets.sasToken.replace(/^\?/, '');
        maskSas(sas, onSecret);
        serviceUrl = `${serviceUrl}?${sas}`;
        pipelineCredential = new AnonymousCredential();
    }
    else if (credential) {
        pipelineCredential = credential;
    }
    else {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RolloutError */ .a6('DatastoreNoCredentials', `datastore '${name}' gives neither an account key nor a SAS`, {
            resource: ds.id ?? name,
            remediation: 'give the workspace datastore credentials, or sign in with an identity that has Storage Blob Data Contributor',
        });
    }
    const pipeline = newPipeline(pipelineCredential, { retryOptions: { maxTries: 4 } });
    if (options.observeRequest || options.observeResponse)
        pipeline.factories.push(observingFactory(options));
    const service = new BlobServiceClient(serviceUrl, pipeline);
    const container = service.getContainerClient(props.containerName);
    const prefix = `azureml://subscriptions/${target.subscriptionId}/resourcegroups/${resourceGroup}/workspaces/${workspace}/datastores/${name}/paths/`;
    const accountName = props.accountName;
    async function readUrl(blobPath, minutes = READ_URL_MINUTES) {
        const blob = container.getBlobClient(blobPath);
        // The datastore's own SAS is in the service URL, so in the blob's.
        if (pipelineCredential instanceof AnonymousCredential)
            return blob.url;
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
        let sas;
        if (pipelineCredential instanceof StorageSharedKeyCredential) {
            sas = storage.generateBlobSASQueryParameters(values, pipelineCredential).toString();
        }
        else {
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
function maskSas(sas, onSecret) {
    onSecret(sas);
    for (const part of sas.split('&')) {
        if (!part.startsWith('sig='))
            continue;
        onSecret(part.slice(4));
        onSecret(decodeURIComponent(part.slice(4)));
    }
}
function observingFactory(options) {
    const size = (value) => {
        const n = Number(value ?? 0);
        return Number.isFinite(n) ? n : 0;
    };
    return {
        create(next) {
            return {
                async sendRequest(request) {
                    const { method, url } = request;
                    options.observeRequest?.({ method, url, bytes: size(request.headers.get('content-length')) });
                    const response = await next.sendRequest(request);
                    options.observeResponse?.({
                        method,
                        url,
                        status: response.status,
                        // A HEAD's Content-Length is the blob's size, not a body; a chunked body has none.
                        bytes: method === 'HEAD'
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


/***/ })

};
