export const id = 245;
export const ids = [245,234,59];
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


/***/ }),

/***/ 51211:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ae: () => (/* binding */ contentHash),
/* harmony export */   J8: () => (/* binding */ listModelFiles)
/* harmony export */ });
/* unused harmony export ModelPathError */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(32635);
/* harmony import */ var _files_contained_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(40431);
// The files of a model path (one file or a folder tree) and their content hash: the one hashing
// routine of the suite for model content. The hash names the upload folder and is the identity
// used for idempotent registration, so it must depend on nothing but relative paths and bytes.
// Links inside a model folder are followed once and must stay inside it (shared/files/contained):
// a link to /etc/passwd in a repository must never reach a datastore.






class ModelPathError extends _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RolloutError */ .a6 {
    constructor(file, message, remediation) {
        super('InvalidModelPath', `model path ${file}: ${message}`, { resource: file, remediation });
        this.name = 'ModelPathError';
    }
}
/**
 * Every regular file under the model path. The path itself may be a link; links inside a folder
 * are followed once and refused when they lead outside it, are broken, or loop.
 */
async function listModelFiles(root) {
    const abs = node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(root);
    let st;
    try {
        st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(abs);
    }
    catch {
        throw new ModelPathError(abs, 'does not exist', 'check the path input (relative paths start at the workspace)');
    }
    if (st.isFile()) {
        if (st.size === 0)
            throw new ModelPathError(abs, 'is an empty file', 'point path at the model file itself');
        const file = { rel: node_path__WEBPACK_IMPORTED_MODULE_3___default().basename(abs), abs, size: st.size };
        return { root: abs, isFile: true, files: [file], totalBytes: st.size };
    }
    if (!st.isDirectory())
        throw new ModelPathError(abs, 'is neither a file nor a folder', 'give a file or a folder');
    const folder = await (0,_files_contained_js__WEBPACK_IMPORTED_MODULE_5__/* .openFolder */ .NE)(abs, 'model folder');
    const files = (await (0,_files_contained_js__WEBPACK_IMPORTED_MODULE_5__/* .listFilesInside */ .gZ)(folder, 'copy the file into the model folder instead of linking to it, or point path at a folder that holds it')).map((f) => ({ rel: f.rel, abs: f.real, size: f.size }));
    const totalBytes = files.reduce((n, f) => n + f.size, 0);
    if (files.length === 0 || totalBytes === 0) {
        throw new ModelPathError(abs, 'holds no data (no files, or only empty ones)', 'point path at the model folder');
    }
    return { root: abs, isFile: false, files, totalBytes };
}
/**
 * sha256 over each file in `rel` order as `rel NUL size NUL bytes`, streamed (constant memory).
 * The size makes the framing unambiguous; hex digest.
 */
async function contentHash(model, signal) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    for (const f of model.files) {
        signal?.throwIfAborted();
        hash.update(`${f.rel}\0${f.size}\0`);
        for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(f.abs, { highWaterMark: 1 << 20, signal })) {
            hash.update(chunk);
        }
    }
    return hash.digest('hex');
}


/***/ }),

/***/ 53245:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runRegisterModelStep: () => (/* binding */ runRegisterModelStep)
});

// EXTERNAL MODULE: ./shared/azure/inputs.ts + 1 modules
var azure_inputs = __webpack_require__(57897);
// EXTERNAL MODULE: ./shared/azure/workspace.ts + 1 modules
var workspace = __webpack_require__(5779);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
// EXTERNAL MODULE: ./shared/model/files.ts
var model_files = __webpack_require__(51211);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./shared/model/lineage.ts
// Lineage tags: which commit, which CI run and which source a model version came from, read from
// the CI system's environment (GitHub Actions, Azure Pipelines) or from git when run by hand.


const LINEAGE_TAGS = {
    commit: 'aml-rollout.git-commit',
    runUrl: 'aml-rollout.run-url',
    source: 'aml-rollout.source',
    sourcePath: 'aml-rollout.source-path',
};
function lineageTags(modelPath, workspaceDir, env = process.env) {
    const tags = {};
    const commit = env.GITHUB_SHA || env.BUILD_SOURCEVERSION || git(workspaceDir, ['rev-parse', 'HEAD']);
    if (commit)
        tags[LINEAGE_TAGS.commit] = commit;
    const runUrl = ciRunUrl(env);
    if (runUrl)
        tags[LINEAGE_TAGS.runUrl] = runUrl;
    tags[LINEAGE_TAGS.source] = sourceOf(env, workspaceDir);
    const rel = external_node_path_default().relative(workspaceDir, modelPath).split((external_node_path_default()).sep).join('/');
    tags[LINEAGE_TAGS.sourcePath] = rel && !rel.startsWith('..') ? rel : modelPath;
    return tags;
}
function ciRunUrl(env) {
    if (env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY) {
        const server = env.GITHUB_SERVER_URL || 'https://github.com';
        return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
    }
    if (env.SYSTEM_COLLECTIONURI && env.SYSTEM_TEAMPROJECT && env.BUILD_BUILDID) {
        const base = env.SYSTEM_COLLECTIONURI.endsWith('/')
            ? env.SYSTEM_COLLECTIONURI
            : `${env.SYSTEM_COLLECTIONURI}/`;
        return `${base}${encodeURIComponent(env.SYSTEM_TEAMPROJECT)}/_build/results?buildId=${env.BUILD_BUILDID}`;
    }
    return undefined;
}
function sourceOf(env, workspaceDir) {
    if (env.GITHUB_REPOSITORY)
        return `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`;
    if (env.BUILD_REPOSITORY_URI)
        return env.BUILD_REPOSITORY_URI;
    const remote = git(workspaceDir, ['remote', 'get-url', 'origin']);
    // A remote URL may carry a token (https://user:token@host/...): keep only host and path.
    if (remote)
        return remote.replace(/\/\/[^@/]+@/, '//');
    return 'local';
}
function git(cwd, args) {
    try {
        return ((0,external_node_child_process_.execFileSync)('git', args, {
            cwd,
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
            timeout: 5000,
        }).trim() || undefined);
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./shared/model/spec.ts
var model_spec = __webpack_require__(32845);
// EXTERNAL MODULE: ./shared/azure/datastore.ts
var datastore = __webpack_require__(49059);
;// CONCATENATED MODULE: ./shared/model/upload.ts

const MiB = 1024 * 1024;
/**
 * Upload every file to `<blobFolder>/<rel>`. Files whose blob already exists with the same size are
 * skipped: the folder is named by the content hash, and a block blob only appears once committed.
 */
async function uploadModelFiles(store, model, blobFolder, host, signal, options = {}) {
    const existing = new Map();
    for await (const blob of store.container.listBlobsFlat({ prefix: `${blobFolder}/`, abortSignal: signal })) {
        existing.set(blob.name, blob.properties.contentLength ?? -1);
    }
    const todo = model.files.filter((f) => existing.get(`${blobFolder}/${f.rel}`) !== f.size);
    const result = {
        uploadedBytes: 0,
        uploadedFiles: 0,
        skippedFiles: model.files.length - todo.length,
    };
    const total = todo.reduce((n, f) => n + f.size, 0);
    if (todo.length === 0) {
        host.info(`all ${model.files.length} file(s) are already in ${store.name}/${blobFolder}; nothing to upload`);
        return result;
    }
    host.info(`uploading ${todo.length} file(s), ${fmt(total)} to ${store.name}/${blobFolder}`);
    const progress = new Progress(total, (line) => host.info(line));
    const blockSize = options.blockSize ?? 8 * MiB;
    const concurrency = options.concurrency ?? 4;
    // Big files one at a time with parallel blocks; small ones several at a time. The first failure
    // stops the other uploads, and it is the one reported: the others only saw the abort.
    const stop = new AbortController();
    let firstFailure;
    const abortSignal = AbortSignal.any([signal, stop.signal]);
    let next = 0;
    const worker = async () => {
        for (let f = todo[next++]; f && !abortSignal.aborted; f = todo[next++]) {
            const blobPath = `${blobFolder}/${f.rel}`;
            try {
                await store.container.getBlockBlobClient(blobPath).uploadFile(f.abs, {
                    blockSize,
                    maxSingleShotSize: blockSize,
                    concurrency,
                    abortSignal,
                    onProgress: (p) => progress.set(f.rel, p.loadedBytes),
                });
            }
            catch (e) {
                signal.throwIfAborted();
                if (stop.signal.aborted)
                    return; // aborted because another upload failed first
                stop.abort();
                throw (firstFailure = new errors/* RolloutError */.a6('ModelUploadFailed', `upload of ${f.rel} to datastore '${store.name}' failed: ${e.message.split('\n')[0]}`, {
                    resource: `${store.name}/${blobPath}`,
                    remediation: 'check that the datastore credentials may write to its container; a re-run uploads only what is missing',
                    cause: e,
                }));
            }
            progress.set(f.rel, f.size);
            result.uploadedBytes += f.size;
            result.uploadedFiles++;
        }
    };
    const outcomes = await Promise.allSettled(Array.from({ length: Math.min(4, todo.length) }, worker));
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (firstFailure)
        throw firstFailure;
    if (failed)
        throw failed.reason;
    progress.finish();
    return result;
}
/** One progress line at every 10% and at least every 10 s. */
class Progress {
    total;
    log;
    perFile = new Map();
    done = 0;
    lastStep = 0;
    lastAt = Date.now();
    started = Date.now();
    constructor(total, log) {
        this.total = total;
        this.log = log;
    }
    set(file, bytes) {
        this.done += bytes - (this.perFile.get(file) ?? 0);
        this.perFile.set(file, bytes);
        const step = Math.floor((this.done / this.total) * 10);
        if (step > this.lastStep || Date.now() - this.lastAt > 10_000) {
            this.lastStep = step;
            this.lastAt = Date.now();
            if (this.done < this.total)
                this.log(this.line());
        }
    }
    finish() {
        this.log(this.line());
    }
    line() {
        const secs = Math.max((Date.now() - this.started) / 1000, 0.001);
        const pct = this.total === 0 ? 100 : Math.floor((this.done / this.total) * 100);
        return `upload ${pct}%: ${fmt(this.done)} of ${fmt(this.total)} (${fmt(this.done / secs)}/s)`;
    }
}
function fmt(bytes) {
    if (bytes >= MiB)
        return `${(bytes / MiB).toFixed(1)} MiB`;
    if (bytes >= 1024)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${Math.round(bytes)} B`;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./shared/native/load.ts + 2 modules
var load = __webpack_require__(46643);
// EXTERNAL MODULE: ./shared/scoring/card.ts + 7 modules
var scoring_card = __webpack_require__(55822);
// EXTERNAL MODULE: ./shared/scoring/session.ts
var scoring_session = __webpack_require__(13504);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./shared/model/zip.ts
// Just enough of the zip format to check a TorchServe `.mar` without extracting it: the central
// directory (names, sizes, offsets; zip64 included) and reading one small entry.


class ZipFormatError extends Error {
}
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
async function readAt(fd, position, length) {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fd.read(buf, 0, length, position);
    if (bytesRead !== length)
        throw new ZipFormatError('truncated archive');
    return buf;
}
/** The central directory of a zip file. Throws ZipFormatError when it is not a readable zip. */
async function readZipEntries(file) {
    const fd = await (0,promises_.open)(file, 'r');
    try {
        const { size } = await fd.stat();
        if (size < 22)
            throw new ZipFormatError('too small to be a zip archive');
        const tailLength = Math.min(size, 22 + 0xffff);
        const tail = await readAt(fd, size - tailLength, tailLength);
        let at = -1;
        for (let i = tail.length - 22; i >= 0; i--) {
            if (tail.readUInt32LE(i) === EOCD) {
                at = i;
                break;
            }
        }
        if (at < 0)
            throw new ZipFormatError('no end-of-central-directory record');
        let count = tail.readUInt16LE(at + 10);
        let cdSize = tail.readUInt32LE(at + 12);
        let cdOffset = tail.readUInt32LE(at + 16);
        if ((cdOffset === 0xffffffff || count === 0xffff) && at >= 20) {
            const loc = at - 20;
            if (tail.readUInt32LE(loc) === ZIP64_LOCATOR) {
                const z64 = await readAt(fd, Number(tail.readBigUInt64LE(loc + 8)), 56);
                if (z64.readUInt32LE(0) !== ZIP64_EOCD)
                    throw new ZipFormatError('bad zip64 record');
                count = Number(z64.readBigUInt64LE(32));
                cdSize = Number(z64.readBigUInt64LE(40));
                cdOffset = Number(z64.readBigUInt64LE(48));
            }
        }
        if (cdOffset + cdSize > size)
            throw new ZipFormatError('central directory lies outside the file');
        const cd = await readAt(fd, cdOffset, cdSize);
        const entries = [];
        let p = 0;
        for (let n = 0; n < count; n++) {
            if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
                throw new ZipFormatError('bad central directory entry');
            const nameLength = cd.readUInt16LE(p + 28);
            const extraLength = cd.readUInt16LE(p + 30);
            const commentLength = cd.readUInt16LE(p + 32);
            const entry = {
                name: cd.toString('utf8', p + 46, p + 46 + nameLength),
                method: cd.readUInt16LE(p + 10),
                compressedSize: cd.readUInt32LE(p + 20),
                size: cd.readUInt32LE(p + 24),
                localHeaderOffset: cd.readUInt32LE(p + 42),
            };
            // zip64 extra field: the 0xffffffff fields, in order, as 8-byte values
            let e = p + 46 + nameLength;
            const end = e + extraLength;
            while (e + 4 <= end) {
                const id = cd.readUInt16LE(e);
                const len = cd.readUInt16LE(e + 2);
                if (id === 0x0001) {
                    let q = e + 4;
                    if (entry.size === 0xffffffff) {
                        entry.size = Number(cd.readBigUInt64LE(q));
                        q += 8;
                    }
                    if (entry.compressedSize === 0xffffffff) {
                        entry.compressedSize = Number(cd.readBigUInt64LE(q));
                        q += 8;
                    }
                    if (entry.localHeaderOffset === 0xffffffff)
                        entry.localHeaderOffset = Number(cd.readBigUInt64LE(q));
                }
                e += 4 + len;
            }
            entries.push(entry);
            p = end + commentLength;
        }
        return entries;
    }
    finally {
        await fd.close();
    }
}
/** The bytes of one (small) entry; stored and deflated entries only. */
async function readZipEntry(file, entry, maxBytes = 1 << 20) {
    if (entry.size > maxBytes)
        throw new ZipFormatError(`${entry.name} is larger than ${maxBytes} bytes`);
    const fd = await (0,promises_.open)(file, 'r');
    try {
        const header = await readAt(fd, entry.localHeaderOffset, 30);
        if (header.readUInt32LE(0) !== LOCAL)
            throw new ZipFormatError(`bad local header for ${entry.name}`);
        const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
        const raw = await readAt(fd, start, entry.compressedSize);
        if (entry.method === 0)
            return raw;
        if (entry.method === 8)
            return (0,external_node_zlib_.inflateRawSync)(raw, { maxOutputLength: maxBytes });
        throw new ZipFormatError(`${entry.name} uses unsupported compression method ${entry.method}`);
    }
    finally {
        await fd.close();
    }
}

;// CONCATENATED MODULE: ./shared/model/validate.ts
// Checks a model's files against what its type promises, before anything is uploaded:
// custom_model ONNX files open in onnxruntime and match their model card when one sits beside
// them; TorchServe `.mar` archives are readable zips with a manifest; an MLflow folder has
// `MLmodel`; a Triton repository has `<model>/config.pbtxt` and a numbered version folder.







class InvalidModelError extends errors/* RolloutError */.a6 {
    constructor(resource, message, remediation, cause) {
        super('InvalidModel', message, { resource, remediation, cause });
        this.name = 'InvalidModelError';
    }
}
async function validateModel(model, type) {
    switch (type) {
        case 'custom_model':
            return validateCustom(model);
        case 'mlflow_model':
            return validateMlflow(model);
        case 'triton_model':
            return validateTriton(model);
    }
}
async function validateCustom(model) {
    const checks = [];
    for (const f of model.files) {
        const ext = external_node_path_default().extname(f.rel).toLowerCase();
        if (ext === '.onnx')
            checks.push(await checkOnnx(f.abs));
        else if (ext === '.mar')
            checks.push(await checkMar(f.abs));
    }
    if (checks.length === 0)
        checks.push(`${model.files.length} file(s), no ONNX or .mar to open`);
    return { checks };
}
/** The card of `x.onnx`: `x-card.yaml` beside it, else `model-card.yaml` in the same folder. */
function cardFor(onnxFile) {
    const dir = external_node_path_default().dirname(onnxFile);
    const own = external_node_path_default().join(dir, `${external_node_path_default().basename(onnxFile, external_node_path_default().extname(onnxFile))}-card.yaml`);
    if ((0,external_node_fs_.existsSync)(own))
        return own;
    const shared = external_node_path_default().join(dir, 'model-card.yaml');
    return (0,external_node_fs_.existsSync)(shared) ? shared : undefined;
}
async function checkOnnx(file) {
    const ort = await (0,load/* loadOnnxRuntime */.a)();
    let session;
    try {
        session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, logSeverityLevel: 3 });
    }
    catch (e) {
        throw new InvalidModelError(file, `${file} is not a valid ONNX model: ${e.message.split('\n')[0]}`, 'export the model again; the file must open in onnxruntime', e);
    }
    try {
        const card = cardFor(file);
        if (!card)
            return `${external_node_path_default().basename(file)}: opens in onnxruntime (no model card beside it)`;
        (0,scoring_session/* checkSessionAgainstCard */.MG)(session, await (0,scoring_card/* loadModelCard */.uW)(card), file);
        return `${external_node_path_default().basename(file)}: opens in onnxruntime and matches ${external_node_path_default().basename(card)}`;
    }
    finally {
        await session.release();
    }
}
async function checkMar(file) {
    const fail = (why, cause) => new InvalidModelError(file, `${file} is not a valid TorchServe archive: ${why}`, 'build it again with torch-model-archiver', cause);
    let manifest;
    try {
        const entries = await readZipEntries(file);
        const entry = entries.find((e) => e.name === 'MAR-INF/MANIFEST.json');
        if (!entry)
            throw fail('it has no MAR-INF/MANIFEST.json');
        manifest = JSON.parse((await readZipEntry(file, entry)).toString('utf8'));
    }
    catch (e) {
        if (e instanceof InvalidModelError)
            throw e;
        throw fail(e.message, e);
    }
    const m = manifest.model;
    if (typeof m !== 'object' || m === null)
        throw fail("MAR-INF/MANIFEST.json has no 'model' section");
    return `${external_node_path_default().basename(file)}: TorchServe archive, model '${String(m.modelName ?? '?')}'`;
}
function validateMlflow(model) {
    if (model.isFile || !model.files.some((f) => f.rel === 'MLmodel')) {
        throw new InvalidModelError(model.root, `${model.root} is not an MLflow model: there is no MLmodel file at its top`, 'point path at the folder mlflow.save_model wrote, or use type custom_model');
    }
    return { checks: ['MLmodel present'] };
}
function validateTriton(model) {
    const fail = (why) => new InvalidModelError(model.root, `${model.root} is not a Triton model repository: ${why}`, 'lay it out as <repository>/<model>/config.pbtxt and <repository>/<model>/<version>/<files>');
    if (model.isFile)
        throw fail('it is a file, not a folder');
    const models = new Map();
    for (const f of model.files) {
        const parts = f.rel.split('/');
        if (parts.length < 2)
            continue;
        const name = parts[0];
        const m = models.get(name) ?? { config: false, versions: new Set() };
        models.set(name, m);
        if (parts.length === 2 && parts[1] === 'config.pbtxt')
            m.config = true;
        if (parts.length >= 3 && /^\d+$/.test(parts[1]))
            m.versions.add(parts[1]);
    }
    if (models.size === 0)
        throw fail('it has no model folders');
    const checks = [];
    for (const [name, m] of models) {
        if (!m.config)
            throw fail(`model folder '${name}' has no config.pbtxt`);
        if (m.versions.size === 0)
            throw fail(`model folder '${name}' has no numbered version folder with files`);
        checks.push(`${name}: config.pbtxt, version(s) ${[...m.versions].sort().join(', ')}`);
    }
    return { checks };
}

// EXTERNAL MODULE: ./shared/model/versions.ts
var model_versions = __webpack_require__(67979);
;// CONCATENATED MODULE: ./shared/model/register.ts
// Registering a model version, idempotently. `prepareModel` does everything that needs no Azure
// call (files, validation by type, content hash); `registerPreparedModel` then finds a version
// with the same content hash (and returns it: nothing uploaded, nothing created), or uploads to
// `LocalUpload/<hash>/...` and creates the version, with the hash and lineage as tags.









async function prepareModel(spec, host, signal) {
    const files = await (0,model_files/* listModelFiles */.J8)(spec.path);
    const report = await validateModel(files, spec.type);
    for (const line of report.checks)
        host.info(`valid ${spec.type}: ${line}`);
    const hash = await (0,model_files/* contentHash */.Ae)(files, signal);
    host.info(`content sha256 ${hash} (${files.files.length} file(s), ${files.totalBytes} bytes)`);
    return { spec, files, hash };
}
async function registerPreparedModel(target, prepared, host, signal, options = {}) {
    const { spec, files, hash } = prepared;
    const versions = await (0,model_versions/* listModelVersions */.lb)(target, spec.name, signal);
    const same = (0,model_versions/* versionWithContent */.Ij)(versions, hash, spec.type);
    if (same?.name) {
        if (spec.version !== 'auto' && spec.version !== same.name) {
            host.warning(`model ${spec.name} already has these files as version ${same.name}; returning it instead of creating version ${spec.version}`);
        }
        host.info(`model ${spec.name}:${same.name} already holds content ${hash}; nothing uploaded or created`);
        return result(spec.name, same, hash, false, 0);
    }
    const explicit = spec.version !== 'auto';
    if (explicit && versions.some((v) => v.name?.toLowerCase() === spec.version.toLowerCase())) {
        throw new errors/* RolloutError */.a6('ModelVersionExists', `model ${spec.name}:${spec.version} already exists with different content`, {
            resource: `azureml:${spec.name}:${spec.version}`,
            remediation: 'model versions are immutable: use version auto, or a new version number',
        });
    }
    const store = await (0,datastore.openDatastore)(target, options.datastore ?? 'workspaceblobstore', (s) => host.setSecret(s), options);
    const base = external_node_path_default().basename(files.root);
    const modelPath = `LocalUpload/${hash}/${base}`;
    const uploadFolder = files.isFile ? `LocalUpload/${hash}` : modelPath;
    const upload = await uploadModelFiles(store, files, uploadFolder, host, signal, options);
    const modelUri = store.uri(modelPath);
    const tags = {
        ...spec.tags,
        ...lineageTags(files.root, options.workspaceDir ?? host.workspaceDir(), options.env),
        [model_spec/* CONTENT_HASH_TAG */.a8]: hash,
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
    const made = await (0,model_versions/* createModelVersion */.CL)(target, {
        name: spec.name,
        version: explicit ? spec.version : (0,model_versions/* nextVersion */.yU)(versions),
        explicit,
        hash,
        type: spec.type,
        body,
    }, host, signal);
    if (made.created)
        host.info(`registered model ${spec.name}:${made.version.name} (${modelUri})`);
    return result(spec.name, made.version, hash, made.created, upload.uploadedBytes);
}
function result(name, v, hash, created, uploadedBytes) {
    const version = v.name;
    return {
        name,
        version,
        id: v.id,
        ref: `azureml:${name}:${version}`,
        modelUri: v.properties.modelUri ?? '',
        contentHash: hash,
        created,
        uploadedBytes,
    };
}

;// CONCATENATED MODULE: ./shared/model/step.ts
// The register-model step: everything is checked (inputs, files, model type, content hash) before
// the first Azure call, then the version with the same files is returned or a new one registered.




async function runRegisterModelStep(inputs, { host, signal, azure }) {
    const spec = await (0,model_spec/* resolveModelSpec */.H4)(inputs);
    const prepared = await prepareModel(spec, host, signal);
    const target = await (0,workspace/* connectWorkspace */.A)((0,azure_inputs/* workspaceRef */.xv)(inputs), azure);
    const model = await registerPreparedModel(target, prepared, host, signal, {
        datastore: inputs.datastore,
    });
    await host.appendSummary([
        `### Model ${model.ref}`,
        '',
        `- ${model.created ? `registered, ${model.uploadedBytes} bytes uploaded` : 'already registered with the same files: nothing uploaded or created'}`,
        `- content sha256 \`${model.contentHash}\``,
        `- \`${model.modelUri}\``,
        '',
    ].join('\n'));
    return {
        'model-name': model.name,
        'model-version': model.version,
        'model-id': model.id,
        'model-ref': model.ref,
        created: String(model.created),
    };
}


/***/ }),

/***/ 67979:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CL: () => (/* binding */ createModelVersion),
/* harmony export */   Ij: () => (/* binding */ versionWithContent),
/* harmony export */   lb: () => (/* binding */ listModelVersions),
/* harmony export */   yU: () => (/* binding */ nextVersion)
/* harmony export */ });
/* harmony import */ var _spec_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32845);

/** Every version of model `name`; none when the model does not exist yet. */
async function listModelVersions(target, name, signal) {
    const out = [];
    try {
        for await (const v of target.client.modelVersions.list(target.resourceGroup, target.workspace, name, {
            abortSignal: signal,
        })) {
            out.push(v);
        }
    }
    catch (e) {
        if (e.statusCode === 404)
            return [];
        throw e;
    }
    return out;
}
/** The version holding content `hash` as model type `type`, if any. */
function versionWithContent(versions, hash, type) {
    return versions.find((v) => v.properties.tags?.[_spec_js__WEBPACK_IMPORTED_MODULE_0__/* .CONTENT_HASH_TAG */ .a8] === hash && (v.properties.modelType ?? 'custom_model') === type);
}
/** One more than the highest integer version; 1 when there is none. */
function nextVersion(versions) {
    const numbers = versions.map((v) => Number(v.name)).filter((n) => Number.isInteger(n) && n >= 0);
    return String(numbers.length === 0 ? 1 : Math.max(...numbers) + 1);
}
/**
 * Create the version; when another run took the number meanwhile (409), the version it made with
 * the same content is returned (created false), else the next free number is tried.
 */
async function createModelVersion(target, request, host, signal) {
    const { client, resourceGroup, workspace } = target;
    const { name, explicit, hash, type, body } = request;
    let version = request.version;
    for (let attempt = 1;; attempt++) {
        signal.throwIfAborted();
        try {
            const created = await client.modelVersions.createOrUpdate(resourceGroup, workspace, name, version, body);
            return { version: created, created: true };
        }
        catch (e) {
            if (explicit || attempt >= 5 || e.statusCode !== 409)
                throw e;
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


/***/ })

};
