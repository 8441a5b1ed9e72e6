export const id = 59;
export const ids = [59,234];
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
    const storage = await Promise.all(/* import() */[__webpack_require__.e(869), __webpack_require__.e(738), __webpack_require__.e(971), __webpack_require__.e(940)]).then(__webpack_require__.bind(__webpack_require__, 67940));
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


/***/ }),

/***/ 84234:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   connectLocalPlane: () => (/* binding */ connectLocalPlane),
/* harmony export */   localPlaneClient: () => (/* binding */ localPlaneClient),
/* harmony export */   zv: () => (/* binding */ datastoreBlobServiceUrl)
/* harmony export */ });
/* unused harmony exports LOCAL_PLANE_CONNECTION_FILE, isLoopbackUrl, LocalPlaneCredential, readLocalPlaneConnection, processAlive, localPlaneChildEnv */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _azure_arm_machinelearning__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(34789);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(32635);
// The client side of the local AML control plane: read a running plane's connection from its
// state dir, a token credential that only ever talks to loopback, and a real
// `AzureMachineLearningWorkspaces` client pointed at the plane (endpoint override + credential +
// trust for the plane's test CA through the pipeline's `tlsOptions`). Steps given `--local DIR`
// use this instead of @azure/identity.




const LOCAL_PLANE_CONNECTION_FILE = 'plane.json';
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
function isLoopbackUrl(url) {
    try {
        const host = new URL(url).hostname.toLowerCase();
        return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || host.endsWith('.localhost');
    }
    catch {
        return false;
    }
}
/**
 * A TokenCredential returning the local plane's bearer token. It refuses to exist for any
 * endpoint that is not loopback, so the plane's token can never be sent to a real Azure host.
 */
class LocalPlaneCredential {
    token;
    endpoint;
    constructor(token, endpoint) {
        this.token = token;
        this.endpoint = endpoint;
        if (!isLoopbackUrl(endpoint)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RolloutError */ .a6('LocalPlaneNotLoopback', `the local plane credential only works with a loopback endpoint, not '${endpoint}'`, {
                resource: endpoint,
                remediation: 'use --local <state-dir> only with a plane started by `aml-rollout local up`',
            });
        }
    }
    async getToken() {
        return { token: this.token, expiresOnTimestamp: Date.now() + 3600_000 };
    }
}
/** Read a running plane's connection from its state dir. */
function readLocalPlaneConnection(stateDir) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(stateDir, LOCAL_PLANE_CONNECTION_FILE);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file))
        return undefined;
    return JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8'));
}
function connectLocalPlane(stateDir) {
    const conn = readLocalPlaneConnection(stateDir);
    // A plane that was killed leaves its connection behind: say so here, not as ECONNREFUSED later.
    if (!conn || !processAlive(conn.pid)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RolloutError */ .a6('LocalPlaneNotRunning', `the local plane is not running at ${conn?.armEndpoint ?? stateDir}: run \`aml-rollout local up\``, {
            resource: stateDir,
            remediation: `start it with: aml-rollout local up --state-dir ${stateDir}`,
        });
    }
    return {
        ...conn,
        credential: new LocalPlaneCredential(conn.token, conn.armEndpoint),
        ca: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(conn.caCertPath, 'utf8'),
    };
}
/** Whether `pid` runs: a zombie (killed, not yet reaped by its parent) does not. */
function processAlive(pid) {
    try {
        process.kill(pid, 0);
    }
    catch (e) {
        // EPERM: alive, but not ours to signal.
        return e.code === 'EPERM';
    }
    try {
        // `/proc/<pid>/stat`: "pid (comm) S ...", S the state; comm may hold spaces and parentheses.
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    }
    catch {
        return true; // no /proc (not Linux): the signal said it is there
    }
}
/** A real, unmodified SDK client for the plane. Options (retry, user agent...) pass through. */
function localPlaneClient(plane, options = {}) {
    return new _azure_arm_machinelearning__WEBPACK_IMPORTED_MODULE_3__.AzureMachineLearningWorkspaces(plane.credential, plane.subscriptionId, {
        ...options,
        endpoint: plane.armEndpoint,
        // Raw requests through the client's pipeline (mirror traffic, metrics) build URLs from $host.
        $host: plane.armEndpoint,
        credentialScopes: [`${plane.armEndpoint}/.default`],
        tlsOptions: { ...(options.tlsOptions ?? {}), ca: plane.ca },
    });
}
/** Environment for child processes that must trust the plane's CA (Node reads it at start-up only). */
function localPlaneChildEnv(plane) {
    return { NODE_EXTRA_CA_CERTS: plane.caCertPath };
}
/**
 * The blob service URL of a datastore, as a client builds it from the datastore's properties:
 * `protocol://account.blob.endpoint` on Azure, path-style `protocol://endpoint/account` for an
 * IP or localhost endpoint (Azurite, and so the local plane).
 */
function datastoreBlobServiceUrl(props) {
    const protocol = props.protocol ?? 'https';
    const endpoint = props.endpoint ?? 'core.windows.net';
    const host = endpoint.replace(/:\d+$/, '');
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost')
        return `${protocol}://${endpoint}/${props.accountName}`;
    return `${protocol}://${props.accountName}.blob.${endpoint}`;
}


/***/ })

};
