export const id = 904;
export const ids = [904,234,59];
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

/***/ 5779:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  A: () => (/* binding */ connectWorkspace)
});

// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
;// CONCATENATED MODULE: ./shared/azure/arm-errors.ts

const lower = (s) => s.toLowerCase();
/** The sign-in inputs of a host, as its users know them. */
function signInInputs(t) {
    if (t.localStateDir)
        return `input 'local-state-dir' (${t.localStateDir}): its plane.json must be the running plane's; restart it with \`aml-rollout local up\``;
    if (t.host === 'ado')
        return "the service connection given in input 'azure-subscription'";
    const login = t.host === 'github' ? 'the azure/login step' : '`az login`';
    return `the sign-in inputs 'auth', 'client-id', 'tenant-id' (or ${login})`;
}
/** The RolloutError for an ARM refusal of `request` against `t`, or undefined for any other error. */
function armRefusal(e, t, url) {
    const err = e;
    if (err?.name !== 'RestError' || err.statusCode === undefined)
        return undefined;
    const status = err.statusCode;
    const code = err.code ?? '';
    const path = lower(new URL(url).pathname);
    const azure = `(Azure: HTTP ${status} ${code}: ${(err.message ?? '').slice(0, 300)})`;
    const make = (ours, message, resource, remediation) => new errors/* RolloutError */.a6(ours, `${message} ${azure}`, { resource, remediation, cause: e });
    const subscriptionHint = t.localStateDir
        ? signInInputs(t)
        : t.host === 'ado'
            ? "check input 'subscription-id', or the subscription of the service connection in 'azure-subscription'"
            : "check input 'subscription-id' (or AZURE_SUBSCRIPTION_ID): the signed-in identity must see that subscription";
    const inOurs = (segment) => path.includes(lower(segment));
    if (status === 404 || (status === 400 && code === 'InvalidSubscriptionId')) {
        if ((code === 'SubscriptionNotFound' || code === 'InvalidSubscriptionId') &&
            inOurs(`/subscriptions/${t.subscriptionId}/`))
            return make('AzureSubscriptionNotFound', `subscription '${t.subscriptionId}' was not found, or the signed-in identity cannot see it`, t.subscriptionId, subscriptionHint);
        if (code === 'ResourceGroupNotFound' && inOurs(`/resourcegroups/${t.resourceGroup}/`))
            return make('AzureResourceGroupNotFound', `resource group '${t.resourceGroup}' was not found in subscription '${t.subscriptionId}'`, t.resourceGroup, t.localStateDir
                ? signInInputs(t)
                : "check input 'resource-group' (and 'subscription-id': the group must be in that subscription)");
        const ws = lower(`workspaces/${t.workspace}`);
        const aboutWorkspace = (code === 'ResourceNotFound' && new RegExp(`${arm_errors_escape(ws)}'`).test(lower(err.message ?? ''))) ||
            code === 'ParentResourceNotFound' ||
            code === 'WorkspaceNotFound';
        if (aboutWorkspace && inOurs(`/${ws}`))
            return make('AzureWorkspaceNotFound', `workspace '${t.workspace}' was not found in resource group '${t.resourceGroup}'`, t.workspace, t.localStateDir
                ? "check input 'workspace' (the local plane serves 'dev' and 'prod')"
                : "check input 'workspace' (and 'resource-group', 'subscription-id': it must be in that group)");
        return undefined;
    }
    if (status === 401) {
        const [ours, message] = code === 'ExpiredAuthenticationToken'
            ? ['AzureTokenExpired', 'the Azure access token has expired']
            : code === 'InvalidAuthenticationTokenAudience'
                ? [
                    'AzureTokenWrongAudience',
                    'the Azure access token is for another audience than Azure Resource Manager',
                ]
                : code === 'InvalidAuthenticationTokenTenant'
                    ? [
                        'AzureTokenWrongTenant',
                        `the Azure access token is from another tenant than subscription '${t.subscriptionId}'s`,
                    ]
                    : ['AzureAuthenticationFailed', 'Azure refused the access token'];
        const extra = ours === 'AzureTokenExpired' && !t.localStateDir
            ? '; a long job needs a sign-in that refreshes (OIDC, a service principal), not a one-time token'
            : ours === 'AzureTokenWrongAudience' && !t.localStateDir
                ? ' and AZURE_AUTHORITY_HOST (the cloud the workspace is in)'
                : ours === 'AzureTokenWrongTenant' && t.host !== 'ado' && !t.localStateDir
                    ? " ('tenant-id' must be the subscription's tenant)"
                    : '';
        return make(ours, message, t.workspace, `check ${signInInputs(t)}${extra}`);
    }
    if (status === 403 && (code === 'AuthorizationFailed' || code === 'LinkedAuthorizationFailed'))
        return make('AzureAuthorizationFailed', `the signed-in identity has no role allowing this on workspace '${t.workspace}'`, t.workspace, `grant it a role on the workspace (e.g. AzureML Data Scientist), or check ${signInInputs(t)}`);
    return undefined;
}
function arm_errors_escape(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** The pipeline policy that maps ARM refusals of every request an SDK client sends (`armRefusal`). */
function armErrorPolicy(t) {
    return {
        name: 'amlRolloutArmRefusals',
        async sendRequest(request, next) {
            try {
                return await next(request);
            }
            catch (e) {
                throw armRefusal(e, t, request.url) ?? e;
            }
        },
    };
}

;// CONCATENATED MODULE: ./shared/azure/workspace.ts


/** Build the client for the workspace referenced. Makes no request. */
async function connectWorkspace(ref, access, options = {}) {
    if (ref.localStateDir) {
        const { connectLocalPlane, localPlaneClient } = await Promise.all(/* import() */[__webpack_require__.e(725), __webpack_require__.e(789), __webpack_require__.e(234)]).then(__webpack_require__.bind(__webpack_require__, 84234));
        const plane = connectLocalPlane(ref.localStateDir);
        access.onSecret(plane.token);
        const client = localPlaneClient(plane, options);
        client.pipeline.addPolicy(armErrorPolicy({
            workspace: ref.workspace,
            subscriptionId: plane.subscriptionId,
            resourceGroup: plane.resourceGroup,
            host: access.host,
            localStateDir: ref.localStateDir,
        }));
        return {
            client,
            subscriptionId: plane.subscriptionId,
            resourceGroup: plane.resourceGroup,
            workspace: ref.workspace,
            via: 'local',
            plane,
        };
    }
    const signIn = await access.signIn();
    const subscriptionId = ref.subscriptionId ?? signIn.subscriptionId ?? process.env.AZURE_SUBSCRIPTION_ID;
    if (!subscriptionId) {
        throw new errors/* InputError */.dz('subscription-id', 'is required (no subscription is known from the sign-in)', 'give subscription-id, or set AZURE_SUBSCRIPTION_ID');
    }
    const resourceGroup = ref.resourceGroup;
    if (!resourceGroup) {
        throw new errors/* InputError */.dz('resource-group', 'is required to find the workspace in Azure');
    }
    const { AzureMachineLearningWorkspaces } = await Promise.all(/* import() */[__webpack_require__.e(725), __webpack_require__.e(789)]).then(__webpack_require__.bind(__webpack_require__, 34789));
    const client = new AzureMachineLearningWorkspaces(signIn.credential, subscriptionId, options);
    // Wrong target or sign-in: a code and the input to check, not the SDK's raw message.
    client.pipeline.addPolicy(armErrorPolicy({ workspace: ref.workspace, subscriptionId, resourceGroup, host: access.host }));
    return {
        client,
        subscriptionId,
        resourceGroup,
        workspace: ref.workspace,
        via: signIn.method,
        credential: signIn.credential,
    };
}


/***/ }),

/***/ 52639:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   At: () => (/* binding */ readEvidence),
/* harmony export */   Xb: () => (/* binding */ evidenceTags),
/* harmony export */   jG: () => (/* binding */ evidenceProblem),
/* harmony export */   sJ: () => (/* binding */ EVIDENCE_TAGS)
/* harmony export */ });
/* harmony import */ var _model_spec_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32845);
// The gate's verdict as evidence on a model version: the tags the gate writes onto the version it
// judged (given by `model-ref`) and `promote` reads back before it copies anything. One format,
// written and parsed here only. Pure: no I/O.

const EVIDENCE_TAGS = {
    verdict: 'aml-rollout.gate.verdict',
    ap: 'aml-rollout.gate.ap',
    ap50: 'aml-rollout.gate.ap50',
    /** `<disagreeing>/<compared>` images between the local scorer and the endpoint; `n/a` without an endpoint. */
    parity: 'aml-rollout.gate.parity',
    /** Where the report is: the artifact's URL on a CI host, else the report folder. */
    report: 'aml-rollout.gate.report',
    /** The CI run that judged (its URL), or `local`. */
    run: 'aml-rollout.gate.run',
    /** What was judged: `<endpoint>/<deployment>`, or `local` for the local scorer alone. */
    target: 'aml-rollout.gate.target',
    /** The model's content hash (register-model's `aml-rollout.content-sha256`) when it was judged. */
    contentHash: 'aml-rollout.gate.content-sha256',
    at: 'aml-rollout.gate.at',
};
function evidenceTags(e) {
    return {
        [EVIDENCE_TAGS.verdict]: e.verdict,
        [EVIDENCE_TAGS.ap]: String(e.ap),
        [EVIDENCE_TAGS.ap50]: String(e.ap50),
        [EVIDENCE_TAGS.parity]: e.parity,
        [EVIDENCE_TAGS.report]: e.report,
        [EVIDENCE_TAGS.run]: e.run,
        [EVIDENCE_TAGS.target]: e.target,
        [EVIDENCE_TAGS.contentHash]: e.contentHash,
        [EVIDENCE_TAGS.at]: e.at,
    };
}
/** Why a model version's tags do not carry a passing verdict for its own content; undefined when they do. */
function evidenceProblem(tags) {
    const t = tags ?? {};
    const verdict = t[EVIDENCE_TAGS.verdict];
    if (!verdict)
        return 'it carries no gate verdict (run the gate with model-ref, or deploy with a gate)';
    if (verdict !== 'pass')
        return `its gate verdict is '${verdict}' (${t[EVIDENCE_TAGS.run] ?? 'unknown run'})`;
    const judged = t[EVIDENCE_TAGS.contentHash];
    const content = t[_model_spec_js__WEBPACK_IMPORTED_MODULE_0__/* .CONTENT_HASH_TAG */ .a8];
    if (!content)
        return `it has no ${_model_spec_js__WEBPACK_IMPORTED_MODULE_0__/* .CONTENT_HASH_TAG */ .a8} tag: it was not registered by register-model`;
    if (judged !== content)
        return `its gate verdict was made for other content (judged ${judged ?? 'unknown'}, registered ${content})`;
    return undefined;
}
/** The evidence in a model version's tags, when it is complete. */
function readEvidence(tags) {
    const t = tags ?? {};
    const verdict = t[EVIDENCE_TAGS.verdict];
    if (verdict !== 'pass' && verdict !== 'fail' && verdict !== 'inconclusive')
        return undefined;
    return {
        verdict,
        ap: Number(t[EVIDENCE_TAGS.ap]),
        ap50: Number(t[EVIDENCE_TAGS.ap50]),
        parity: t[EVIDENCE_TAGS.parity] ?? '',
        report: t[EVIDENCE_TAGS.report] ?? '',
        run: t[EVIDENCE_TAGS.run] ?? '',
        target: t[EVIDENCE_TAGS.target] ?? '',
        contentHash: t[EVIDENCE_TAGS.contentHash] ?? '',
        at: t[EVIDENCE_TAGS.at] ?? '',
    };
}


/***/ }),

/***/ 32845:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H4: () => (/* binding */ resolveModelSpec),
/* harmony export */   a8: () => (/* binding */ CONTENT_HASH_TAG)
/* harmony export */ });
/* unused harmony exports RESERVED_TAG_PREFIX, loadModelYaml */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(32635);
/* harmony import */ var _inputs_parse_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83841);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(93927);
// What to register, from the step inputs and an optional `az ml` model YAML (inputs win). Owns
// the form rules: AML asset names and versions, `key=value` tags and properties, model types.






// As AML (and the local plane) check asset names; versions allow dots as well.
const NAME_RULE = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
const VERSION_RULE = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}$/;
/** Tag keys this step writes itself; users cannot set them. */
const CONTENT_HASH_TAG = 'aml-rollout.content-sha256';
const RESERVED_TAG_PREFIX = 'aml-rollout.';
async function resolveModelSpec(inputs) {
    const yaml = inputs['model-yaml'] ? await loadModelYaml(inputs['model-yaml']) : {};
    const name = inputs.name ?? yaml.name;
    if (!name)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('name', 'is required (give name, or a model-yaml with name)');
    if (!NAME_RULE.test(name)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('name', `'${name}' is not a valid model name`, 'start with a letter or digit; use only letters, digits, - and _; at most 255 characters');
    }
    const version = inputs.version ?? yaml.version ?? 'auto';
    if (version !== 'auto' && !VERSION_RULE.test(version)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('version', `'${version}' is not a valid model version`, 'use auto, or e.g. 3');
    }
    const type = inputs.type ?? yaml.type ?? 'custom_model';
    if (!_inputs_js__WEBPACK_IMPORTED_MODULE_5__/* .MODEL_TYPES */ .me.includes(type)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('type', `'${type}' is not one of: ${_inputs_js__WEBPACK_IMPORTED_MODULE_5__/* .MODEL_TYPES */ .me.join(', ')}`);
    }
    const modelPath = inputs.path ?? yaml.path;
    if (!modelPath)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('path', 'is required (give path, or a model-yaml with path)');
    return {
        name,
        version,
        type: type,
        path: modelPath,
        description: inputs.description ?? yaml.description,
        tags: { ...yaml.tags, ...userPairs('tags', inputs.tags ?? []) },
        properties: { ...yaml.properties, ...userPairs('properties', inputs.properties ?? []) },
    };
}
/** `key=value` tags or properties given as inputs; keys of this step's own tags are refused. */
function userPairs(input, items) {
    const pairs = (0,_inputs_parse_js__WEBPACK_IMPORTED_MODULE_4__/* .parsePairs */ .xg)(input, items);
    for (const key of Object.keys(pairs))
        checkKey(input, key);
    return pairs;
}
function checkKey(input, key) {
    if (key.startsWith(RESERVED_TAG_PREFIX)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(input, `'${key}' is reserved for the tags this step writes`);
    }
}
/** The fields of an `az ml model create -f` YAML this step understands; `path` is relative to the file. */
async function loadModelYaml(file) {
    const fail = (message) => new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .RolloutError */ .a6('InvalidModelYaml', `model YAML ${file}: ${message}`, {
        resource: file,
        remediation: 'see https://aka.ms/ml-cli-v2-model-yaml-reference (name, version, path, type, description, tags)',
    });
    let doc;
    try {
        doc = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .parse */ .qg)(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8'));
    }
    catch (e) {
        throw fail(e.message);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
        throw fail('is not a mapping');
    const d = doc;
    const scalar = (k) => {
        const v = d[k];
        if (v === undefined || v === null)
            return undefined;
        if (typeof v === 'string' || typeof v === 'number')
            return String(v);
        throw fail(`'${k}' must be a string`);
    };
    const map = (k) => {
        const v = d[k];
        if (v === undefined || v === null)
            return undefined;
        if (typeof v !== 'object' || Array.isArray(v))
            throw fail(`'${k}' must be a mapping`);
        const out = {};
        for (const [key, value] of Object.entries(v)) {
            checkKey(`model-yaml ${k}`, key);
            out[key] = String(value);
        }
        return out;
    };
    const rawPath = scalar('path');
    if (rawPath && /^[a-z][a-z0-9+.-]*:\/\//i.test(rawPath)) {
        throw fail(`'path' ${rawPath} is remote; this step registers local files`);
    }
    const out = {};
    const set = (k, v) => {
        if (v !== undefined)
            out[k] = v;
    };
    set('name', scalar('name'));
    set('version', scalar('version'));
    set('type', scalar('type'));
    set('path', rawPath ? node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(file), rawPath) : undefined);
    set('description', scalar('description'));
    set('tags', map('tags'));
    set('properties', map('properties'));
    return out;
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


/***/ }),

/***/ 56904:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runPromoteStep: () => (/* binding */ runPromoteStep)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./shared/azure/datastore.ts
var azure_datastore = __webpack_require__(49059);
// EXTERNAL MODULE: ./shared/azure/registries.ts
var registries = __webpack_require__(40907);
// EXTERNAL MODULE: ./shared/azure/workspace.ts + 1 modules
var workspace = __webpack_require__(5779);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
// EXTERNAL MODULE: ./shared/gate/evidence.ts
var gate_evidence = __webpack_require__(52639);
// EXTERNAL MODULE: ./shared/model/spec.ts
var spec = __webpack_require__(32845);
// EXTERNAL MODULE: ./shared/model/versions.ts
var versions = __webpack_require__(67979);
// EXTERNAL MODULE: ./shared/registry/connect.ts
var connect = __webpack_require__(274);
// EXTERNAL MODULE: ./shared/registry/client.ts + 1 modules
var client = __webpack_require__(83332);
// EXTERNAL MODULE: ./shared/registry/reference.ts
var reference = __webpack_require__(65189);
// EXTERNAL MODULE: ./shared/spec/refs.ts
var refs = __webpack_require__(30632);
;// CONCATENATED MODULE: ./shared/promote/plan.ts





/** Tags promote adds to the prod version (the dev version's tags are carried as they are). */
const PROMOTION_TAGS = {
    /** ARM id of the dev model version promoted. */
    from: 'aml-rollout.promoted-from',
    /** The image promoted with it, in prod's registry by digest. */
    image: 'aml-rollout.promoted-image',
};
/** AP and AP50 in the report and on the tags are the same numbers written twice. */
const METRIC_TOLERANCE = 1e-9;
/** The inputs read and checked; throws InputError before anything is looked up. */
function readPromoteRequest(inputs) {
    const ref = (0,refs/* parseAssetRef */.fP)(inputs['model-ref'], 'models');
    if ('problem' in ref)
        throw new errors/* InputError */.dz('model-ref', ref.problem, 'e.g. azureml:detector:3');
    if (ref.kind !== 'version') {
        throw new errors/* InputError */.dz('model-ref', `'${inputs['model-ref']}' does not pin a version in the source workspace`, 'give azureml:<name>:<version> (register-model output model-ref, the version the gate judged)');
    }
    const request = { model: { name: ref.name, version: ref.version } };
    const imageText = inputs.image?.trim();
    if (imageText) {
        const image = (0,reference/* parseImageRef */.Q)(imageText);
        if ('problem' in image)
            throw new errors/* InputError */.dz('image', image.problem);
        if (!image.registry) {
            throw new errors/* InputError */.dz('image', `'${imageText}' names no registry`, "give the image on the source workspace's linked registry, e.g. devacr.azurecr.io/detector@sha256:...");
        }
        if (!image.digest) {
            throw new errors/* InputError */.dz('image', `'${imageText}' is not pinned by digest: a tag may have moved since the gate`, 'give <registry>/<repository>@sha256:<digest> (build-image output image-cpu / image-gpu)');
        }
        request.image = { ...image, registry: image.registry.toLowerCase(), digest: image.digest };
    }
    const target = inputs['target-registry']?.trim();
    if (target)
        request.targetRegistry = normaliseRegistry(target);
    return request;
}
function normaliseRegistry(text) {
    return text
        .trim()
        .toLowerCase()
        .replace(/^https?:\/\//, '')
        .replace(/\/+$/, '');
}
/** Whether `given` (a login server or an ARM name) names the registry `linked`. */
function namesRegistry(given, linked) {
    const g = normaliseRegistry(given);
    return g === linked.loginServer.toLowerCase() || g === linked.name.toLowerCase();
}
/**
 * Why a gate report (`gate.json`) does not back the evidence on the model version; undefined when
 * it does: a `pass` verdict, and the judged side's AP and AP50 (the endpoint's when the gate had
 * one, as the gate writes them) equal to the tags'.
 */
function gateReportProblem(report, evidence) {
    if (typeof report !== 'object' || report === null)
        return 'it is not a gate report (not a JSON object)';
    const r = report;
    if (typeof r.verdict !== 'string')
        return 'it has no verdict: is it the gate.json of a gate run?';
    if (r.verdict !== 'pass')
        return `its verdict is '${r.verdict}'`;
    const judged = r.endpoint ?? r.local;
    const ap = judged?.coco?.AP;
    const ap50 = judged?.coco?.AP50;
    if (typeof ap !== 'number' || typeof ap50 !== 'number')
        return 'it has no AP / AP50 for the judged side';
    const differs = (a, b) => !(Math.abs(a - b) <= METRIC_TOLERANCE);
    if (differs(ap, evidence.ap) || differs(ap50, evidence.ap50)) {
        return `it reports AP ${ap} / AP50 ${ap50}, the model version's evidence AP ${evidence.ap} / AP50 ${evidence.ap50} (${gate_evidence/* EVIDENCE_TAGS */.sJ.ap}): it is the report of another gate run`;
    }
    return undefined;
}
/** The dev version number when prod has no version of that name, else the next free integer. */
function prodVersion(devVersion, prodVersions) {
    const taken = prodVersions.some((v) => v.name?.toLowerCase() === devVersion.toLowerCase());
    return taken ? (0,versions/* nextVersion */.yU)(prodVersions) : devVersion;
}
/** The dev version's tags (content hash, lineage, evidence, the user's) and where they came from. */
function prodTags(devTags, devModelId, prodImage) {
    return {
        ...devTags,
        [PROMOTION_TAGS.from]: devModelId,
        ...(prodImage ? { [PROMOTION_TAGS.image]: prodImage } : {}),
    };
}
/** An ARM tag map without its null values (the SDK types tags as `string | null`). */
function tagsOf(tags) {
    const out = {};
    for (const [k, v] of Object.entries(tags ?? {}))
        if (typeof v === 'string')
            out[k] = v;
    return out;
}
/** The blobs of a model path: the blob itself (a one-file model) or those under it (a folder). */
function modelBlobNames(modelPath, names) {
    return names.filter((n) => n === modelPath || n.startsWith(`${modelPath}/`)).sort();
}
/** The tag the import writes in prod: the image's own tag, else one derived from the digest. */
function importTargetTag(image) {
    return `${image.repository}:${image.tag ?? image.digest.replace(':', '-')}`;
}
/** `<login server>/<repository>@<digest>`. */
function imageByDigest(loginServer, repository, digest) {
    return (0,reference/* formatImageRef */.kL)({ registry: loginServer, repository, digest });
}

;// CONCATENATED MODULE: ./shared/promote/step.ts
// The promote step, in the order docs/promote.md gives: every input checked, then the dev model
// version read and its gate evidence judged (and the gate report, when given, compared), then both
// workspaces, registries and datastores resolved and the image looked up in dev; only then does
// anything change in prod: the model files copied server to server (a short-lived read URL per
// blob: their bytes never pass through the runner), the image imported by digest (ACR import), and
// last the model version registered with the dev tags and the evidence. The registration is the
// commit point: a re-run finds that version by content hash, and the image by digest, and changes
// nothing.











/** SDK poll interval on the local plane (its operations take milliseconds); Azure: Retry-After or 2 s. */
const LOCAL_POLL_MS = 100;
const AZURE_COPY_POLL_MS = 2000;
async function runPromoteStep(inputs, { host, signal, azure }, options = {}) {
    // 1. Inputs, before any request.
    const request = readPromoteRequest(inputs);
    const report = inputs['gate-report'] ? await readGateReport(inputs['gate-report']) : undefined;
    const { name, version: devVersionName } = request.model;
    const devRef = `azureml:${name}:${devVersionName}`;
    // 2. The dev version and its evidence.
    const prod = await (0,workspace/* connectWorkspace */.A)({
        workspace: inputs.workspace,
        subscriptionId: inputs['subscription-id'],
        resourceGroup: inputs['resource-group'],
        localStateDir: inputs['local-state-dir'],
    }, azure);
    const dev = await (0,workspace/* connectWorkspace */.A)({
        workspace: inputs['source-workspace'],
        subscriptionId: inputs['source-subscription-id'] ?? prod.subscriptionId,
        resourceGroup: inputs['source-resource-group'] ?? prod.resourceGroup,
        localStateDir: inputs['local-state-dir'],
    }, azure);
    const devVersion = await getModelVersion(dev, name, devVersionName);
    const devTags = tagsOf(devVersion.properties.tags);
    const problem = (0,gate_evidence/* evidenceProblem */.jG)(devTags);
    if (problem) {
        throw new errors/* RolloutError */.a6('NoPassingVerdict', `${devRef} in workspace '${dev.workspace}': ${problem}`, {
            resource: devVersion.id ?? devRef,
            remediation: 'promote only a version the gate passed: run the gate with model-ref on this version, then promote it',
        });
    }
    const evidence = (0,gate_evidence/* readEvidence */.At)(devTags);
    const hash = devTags[spec/* CONTENT_HASH_TAG */.a8];
    host.info(`${devRef}: gate verdict pass (AP ${evidence?.ap}, AP50 ${evidence?.ap50}, ${evidence?.run || 'run unknown'}) for content ${hash}`);
    if (report && evidence) {
        const disagreement = gateReportProblem(report.doc, evidence);
        if (disagreement) {
            throw new errors/* RolloutError */.a6('GateReportDisagrees', `gate-report ${report.file}: ${disagreement}`, {
                resource: report.file,
                remediation: `give the gate.json of the run that judged ${devRef}, or leave gate-report out`,
            });
        }
        host.info(`gate-report ${report.file} agrees: verdict pass, same AP and AP50`);
    }
    const type = devVersion.properties.modelType ?? 'custom_model';
    // 3. Prod: the version already there? registries, image, datastores.
    const prodVersions = await (0,versions/* listModelVersions */.lb)(prod, name, signal);
    const existing = (0,versions/* versionWithContent */.Ij)(prodVersions, hash, type);
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
    if (model)
        await copyModelFiles(model, host, signal, pollMs);
    if (image && !image.present)
        await importImage(image, host, signal, pollMs);
    let registered;
    let created = false;
    if (existing) {
        host.info(`${name}:${existing.name} in workspace '${prod.workspace}' already holds content ${hash}; nothing copied or registered`);
        registered = existing;
    }
    else {
        const plan = model;
        const made = await (0,versions/* createModelVersion */.CL)(prod, { name, version: plan.version, explicit: false, hash, type, body: plan.body }, host, signal);
        registered = made.version;
        created = made.created;
        if (created)
            host.info(`registered ${name}:${registered.name} in workspace '${prod.workspace}' (${plan.body.properties.modelUri})`);
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
async function readGateReport(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (e) {
        throw new errors/* InputError */.dz('gate-report', `cannot read ${file}: ${e.message}`);
    }
    try {
        return { file, doc: JSON.parse(text) };
    }
    catch (e) {
        throw new errors/* InputError */.dz('gate-report', `${file} is not JSON: ${e.message}`, 'give the gate.json the gate wrote');
    }
}
async function getModelVersion(ws, name, version) {
    try {
        return await ws.client.modelVersions.get(ws.resourceGroup, ws.workspace, name, version);
    }
    catch (e) {
        if (e.statusCode !== 404)
            throw e;
        throw new errors/* RolloutError */.a6('ModelNotFound', `model ${name}:${version} is not in workspace '${ws.workspace}'`, {
            resource: `azureml:${name}:${version}`,
            remediation: 'check model-ref and source-workspace (the workspace the model was registered and gated in)',
        });
    }
}
/** Both linked registries, the image checked in dev, and whether prod has it already. */
async function planImage(source, targetRegistry, dev, prod, host, signal) {
    const devRegistry = await (0,registries/* resolveContainerRegistry */.J)(dev, undefined);
    const prodRegistry = await (0,registries/* resolveContainerRegistry */.J)(prod, undefined);
    if (targetRegistry && !namesRegistry(targetRegistry, prodRegistry)) {
        throw new errors/* InputError */.dz('target-registry', `'${targetRegistry}' is not ${prodRegistry.loginServer}, the registry linked to workspace '${prod.workspace}': a private workspace pulls only from its linked registry`, `leave target-registry out (it defaults to ${prodRegistry.loginServer}), or link that registry to the workspace`);
    }
    const sourceText = imageByDigest(source.registry, source.repository, source.digest);
    if (source.registry !== devRegistry.loginServer) {
        throw new errors/* InputError */.dz('image', `'${sourceText}' is not on ${devRegistry.loginServer}, the registry linked to the source workspace '${dev.workspace}'`, 'promote the image the dev rollout ran: the build-image output for the dev workspace');
    }
    const devClient = registryClient(devRegistry, host, signal);
    const inDev = await devClient.headManifest(source.repository, source.digest);
    if (!inDev) {
        throw new errors/* RolloutError */.a6('ImageNotFound', `image ${sourceText} is not in ${devRegistry.loginServer}`, {
            resource: sourceText,
            remediation: 'give the digest build-image pushed (its image output), or push the image again',
        });
    }
    const prodClient = registryClient(prodRegistry, host, signal);
    const inProd = await prodClient.headManifest(source.repository, source.digest);
    const prodRef = imageByDigest(prodRegistry.loginServer, source.repository, source.digest);
    host.info(inProd
        ? `image ${prodRef} is already in ${prodRegistry.loginServer}; nothing to import`
        : `image ${sourceText}: in ${devRegistry.loginServer}, to import into ${prodRegistry.loginServer}`);
    return { source, dev: devRegistry, prod: prodRegistry, prodClient, prodRef, present: inProd !== undefined };
}
function registryClient(registry, host, signal) {
    return (0,connect/* connectRegistry */.g)(registry, {
        onSecret: (v) => host.setSecret(v),
        mask: (t) => host.mask(t),
        log: (l) => host.debug(l),
        signal,
    }).client;
}
/** The dev files (by their datastore URI), the prod datastore, the prod version and its body. */
async function planModel(devVersion, devRef, dev, prod, datastore, prodVersions, image, host, options) {
    const uri = devVersion.properties.modelUri ?? '';
    const where = (0,azure_datastore/* parseDatastoreUri */.x)(uri);
    const elsewhere = where?.workspace &&
        (where.workspace.name.toLowerCase() !== dev.workspace.toLowerCase() ||
            where.workspace.subscriptionId.toLowerCase() !== dev.subscriptionId.toLowerCase() ||
            where.workspace.resourceGroup.toLowerCase() !== dev.resourceGroup.toLowerCase());
    if (!where || elsewhere) {
        throw new errors/* RolloutError */.a6('UnsupportedModelUri', `${devRef} points at '${uri}', not at a datastore of workspace '${dev.workspace}'`, {
            resource: devVersion.id ?? devRef,
            remediation: 'promote a version register-model registered (its files in the workspace blob datastore)',
        });
    }
    const onSecret = (v) => host.setSecret(v);
    const storage = options.storage ?? {};
    const source = await (0,azure_datastore.openDatastore)(dev, where.datastore, onSecret, storage);
    const target = await (0,azure_datastore.openDatastore)(prod, datastore, onSecret, storage);
    const sizes = new Map();
    for await (const b of source.container.listBlobsFlat({ prefix: where.path })) {
        sizes.set(b.name, b.properties.contentLength ?? 0);
    }
    const names = modelBlobNames(where.path, [...sizes.keys()]);
    if (names.length === 0) {
        throw new errors/* RolloutError */.a6('ModelFilesMissing', `${devRef}: no files under ${source.name}/${where.path}`, {
            resource: uri,
            remediation: 'the dev datastore lost the model files: register the model again and gate it',
        });
    }
    const version = prodVersion(devVersion.name, prodVersions);
    const p = devVersion.properties;
    const body = {
        properties: {
            modelUri: target.uri(where.path),
            modelType: p.modelType ?? 'custom_model',
            ...(p.description === undefined ? {} : { description: p.description }),
            ...(p.flavors === undefined ? {} : { flavors: p.flavors }),
            properties: p.properties ?? {},
            tags: prodTags(tagsOf(p.tags), devVersion.id, image?.prodRef),
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
async function copyModelFiles(plan, host, signal, pollMs) {
    const total = plan.blobs.reduce((n, b) => n + b.size, 0);
    host.info(`copying ${plan.blobs.length} file(s), ${total} bytes, server side: ${plan.source.name}/${plan.blobPath} -> ${plan.target.name}/${plan.blobPath}`);
    let copied = 0;
    for (const blob of plan.blobs) {
        const dest = plan.target.container.getBlobClient(blob.name);
        const there = await dest.getProperties({ abortSignal: signal }).catch((e) => {
            if (e.statusCode === 404)
                return undefined;
            throw e;
        });
        if (there && there.contentLength === blob.size && (there.copyStatus ?? 'success') === 'success')
            continue;
        const url = await plan.source.readUrl(blob.name);
        const poller = await dest.beginCopyFromURL(url, {
            abortSignal: signal,
            intervalInMs: pollMs ?? AZURE_COPY_POLL_MS,
        });
        const done = await poller.pollUntilDone();
        const after = await dest.getProperties({ abortSignal: signal });
        const status = after.copyStatus ?? done.copyStatus;
        if (status !== 'success' || after.contentLength !== blob.size) {
            throw new errors/* RolloutError */.a6('ModelCopyFailed', `copy of ${blob.name} to datastore '${plan.target.name}' ended ${status ?? 'without a status'}${after.copyStatusDescription ? ` (${after.copyStatusDescription})` : ''}, ${after.contentLength ?? 0} of ${blob.size} bytes`, {
                resource: `${plan.target.name}/${blob.name}`,
                remediation: 'the prod storage account must be able to read the dev one (firewall: allow trusted Azure services); a re-run copies only what is missing',
            });
        }
        copied++;
    }
    host.info(copied === plan.blobs.length
        ? `copied ${copied} file(s), sizes checked`
        : `copied ${copied} file(s); ${plan.blobs.length - copied} already in ${plan.target.name} with the same size`);
}
/** ACR import by digest, server side; then prod's manifest must have the source digest. */
async function importImage(plan, host, signal, pollMs) {
    const { source, dev, prod } = plan;
    const targetTag = importTargetTag(source);
    const devId = `/subscriptions/${dev.subscriptionId}/resourceGroups/${dev.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${dev.name}`;
    host.info(`importing ${source.repository}@${source.digest} from ${dev.loginServer} into ${prod.loginServer} as ${targetTag}`);
    const arm = await prod.arm();
    await arm.registries.beginImportImageAndWait(prod.resourceGroup, prod.name, {
        source: { resourceId: devId, sourceImage: `${source.repository}@${source.digest}` },
        targetTags: [targetTag],
        mode: 'NoForce',
    }, { abortSignal: signal, ...(pollMs === undefined ? {} : { updateIntervalInMs: pollMs }) });
    const found = await plan.prodClient.headManifest(source.repository, source.digest);
    if (!found || found.digest !== source.digest) {
        throw new errors/* RolloutError */.a6('ImageDigestChanged', `after the import, ${prod.loginServer}/${source.repository} has ${found?.digest ?? 'no manifest'} for ${source.digest}`, {
            resource: plan.prodRef,
            remediation: 'the import did not preserve the digest: import the image again, or check the prod registry',
        });
    }
    host.info(`imported ${plan.prodRef} (digest preserved)`);
}
function summary(devRef, prodRef, prodWorkspace, hash, model, image, created, changed) {
    const lines = [
        `### Promoted ${devRef} -> ${prodRef} (workspace ${prodWorkspace})`,
        '',
        `- content sha256 \`${hash}\`, gate verdict pass`,
        `- model: ${created && model ? `${model.blobs.length} file(s) copied server side, registered` : 'already in prod, nothing copied or registered'}`,
    ];
    if (image)
        lines.push(`- image: \`${image.prodRef}\` ${image.present ? '(already in prod)' : '(imported, digest preserved)'}`);
    if (!changed)
        lines.push('- nothing changed');
    return `${lines.join('\n')}\n`;
}


/***/ }),

/***/ 30632:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fz: () => (/* binding */ formatAssetRef),
/* harmony export */   cn: () => (/* binding */ assetVersionId),
/* harmony export */   fP: () => (/* binding */ parseAssetRef),
/* harmony export */   nH: () => (/* binding */ instanceTypeProblem),
/* harmony export */   r$: () => (/* binding */ assetRefId),
/* harmony export */   t: () => (/* binding */ checkWorkspaceId)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
// References a deployment names: registered assets (models, environments, code), the workspace
// they live in, container images and VM sizes. Parsing only: nothing here looks anything up.

// As the 2022-10-01 swagger patterns asset names; versions also allow dots.
const ASSET_NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
const ASSET_VERSION = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}$/;
const SINGULAR = { models: 'model', environments: 'environment', codes: 'code' };
/** Parses an asset reference, or says why it is not one. */
function parseAssetRef(text, kind) {
    const what = SINGULAR[kind];
    const example = `azureml:<name>:<version> or azureml:<name>@latest`;
    const t = text.trim();
    const arm = t.replace(/^azureml:(?=\/subscriptions\/)/i, '');
    if (arm.startsWith('/')) {
        const re = new RegExp(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.MachineLearningServices/(workspaces|registries)/[^/]+/${kind}/[^/]+/versions/[^/]+$`, 'i');
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
function formatAssetRef(ref) {
    if (ref.kind === 'version')
        return `azureml:${ref.name}:${ref.version}`;
    if (ref.kind === 'latest')
        return `azureml:${ref.name}@latest`;
    return ref.id;
}
const WORKSPACE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+$/i;
/** Checks `/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.MachineLearningServices/workspaces/<ws>`. */
function checkWorkspaceId(workspaceId) {
    const id = workspaceId.replace(/\/+$/, '');
    if (!WORKSPACE_ID.test(id)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RolloutError */ .a6('InvalidWorkspaceId', `'${workspaceId}' is not the ARM id of an Azure ML workspace`, {
            resource: workspaceId,
            remediation: 'pass /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.MachineLearningServices/workspaces/<name>',
        });
    }
    return id;
}
/** ARM id of one asset version in a workspace. */
function assetVersionId(workspaceId, kind, name, version) {
    return `${checkWorkspaceId(workspaceId)}/${kind}/${name}/versions/${version}`;
}
/** The id Azure takes for a reference; `@latest` must have been pinned first. */
function assetRefId(workspaceId, kind, ref) {
    if (ref.kind === 'id')
        return ref.id;
    if (ref.kind === 'version')
        return assetVersionId(workspaceId, kind, ref.name, ref.version);
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RolloutError */ .a6('AssetVersionUnresolved', `${SINGULAR[kind]} azureml:${ref.name}@latest has no version yet`, {
        resource: `azureml:${ref.name}@latest`,
        remediation: 'look the latest version up and pin it (pinLatest) before mapping the deployment',
    });
}
/** VM sizes as Azure names them (`Standard_DS3_v2`, `Standard_NC4as_T4_v3`); compared case-insensitively. */
function instanceTypeProblem(text) {
    return /^[A-Za-z][A-Za-z0-9_]{1,63}$/.test(text)
        ? undefined
        : `'${text}' is not a VM size name (e.g. Standard_DS3_v2, Standard_NC4as_T4_v3)`;
}


/***/ })

};
