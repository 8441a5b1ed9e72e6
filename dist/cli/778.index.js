export const id = 778;
export const ids = [778];
export const modules = {

/***/ 53778:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startPlane: () => (/* binding */ startPlane)
});

// UNUSED EXPORTS: CONNECTION_FILE, DEFAULT_TIMINGS, DEFAULT_WORKSPACES

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@azure/storage-blob/dist/esm/index.js + 154 modules
var esm = __webpack_require__(95658);
// EXTERNAL MODULE: ./shared/cli/self.ts
var cli_self = __webpack_require__(24297);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./local/arm-http.ts
// ARM's wire conventions in one place: error bodies (`{"error":{"code","message"}}`), request ids,
// JSON responses, reading a request body. Every handler throws ArmError; the server turns it into
// the status, headers and body Azure would send.

class ArmError extends Error {
    status;
    code;
    details;
    headers;
    constructor(status, code, message, details = [], headers = {}) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
        this.headers = headers;
        this.name = 'ArmError';
    }
    body() {
        const error = { code: this.code, message: this.message };
        if (this.details.length > 0) {
            error.details = this.details.map((d) => ({ ...d }));
        }
        return { error };
    }
}
const badArgument = (reason, message, target) => new ArmError(400, 'BadArgument', message, [{ code: reason, message, ...(target ? { target } : {}) }]);
const notFound = (what, id) => new ArmError(404, 'ResourceNotFound', `The Resource '${id}' under resource group was not found. (${what})`);
function sendJson(res, status, body, headers = {}) {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
        ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        'content-length': Buffer.byteLength(text),
        ...headers,
    });
    res.end(text);
}
function readBody(req, limit = 64 * 1024 * 1024) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        req.on('data', (c) => {
            size += c.length;
            if (size > limit) {
                reject(new ArmError(413, 'RequestEntityTooLarge', 'request body too large'));
                req.destroy();
                return;
            }
            chunks.push(c);
        });
        req.on('end', () => resolve(Buffer.concat(chunks)));
        req.on('error', reject);
    });
}
async function readJson(req) {
    const raw = await readBody(req);
    if (raw.length === 0)
        return {};
    try {
        const parsed = JSON.parse(raw.toString('utf8'));
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
            throw new Error('not an object');
        }
        return parsed;
    }
    catch {
        throw new ArmError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
    }
}
function requestIds(req) {
    const id = (0,external_node_crypto_.randomUUID)();
    const client = req.headers['x-ms-client-request-id'];
    return {
        'x-ms-request-id': id,
        'x-ms-correlation-request-id': String(req.headers['x-ms-correlation-request-id'] ?? id),
        ...(typeof client === 'string' ? { 'x-ms-client-request-id': client } : {}),
    };
}

;// CONCATENATED MODULE: ./local/admin.ts
// The admin API: plain HTTP on its own loopback port, never on the ARM host, so nothing an SDK
// client does can reach it. Tests (and later the rollout health checks and the gate) read
// per-deployment counters here and inject faults.


const FAULT_KINDS = new Set(['arm-error', 'arm-drop', 'provisioning', 'deployment']);
function createAdminServer(deps) {
    return (0,external_node_http_.createServer)((req, res) => {
        route(deps, req, res).catch((e) => {
            if (e instanceof ArmError)
                sendJson(res, e.status, e.body());
            else
                sendJson(res, 500, { error: { code: 'InternalServerError', message: String(e) } });
        });
    });
}
async function route(deps, req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const [v1, what, a, b, c] = parts;
    if (method === 'GET' && parts.length === 1 && v1 === 'health')
        return sendJson(res, 200, { ok: true });
    if (v1 !== 'v1')
        throw new ArmError(404, 'NotFound', `no admin route ${url.pathname}`);
    if (what === 'info' && method === 'GET')
        return sendJson(res, 200, deps.info());
    if (what === 'shutdown' && method === 'POST') {
        sendJson(res, 202, { stopping: true });
        setImmediate(deps.shutdown);
        return;
    }
    if (what === 'counters') {
        if (method === 'GET' && a && b)
            return sendJson(res, 200, { deployments: deps.dataPlane.countersFor(a, b) });
        if (method === 'DELETE') {
            deps.dataPlane.resetCounters(a, b);
            return sendJson(res, 204, undefined);
        }
    }
    if (what === 'deployments' && method === 'GET' && a && b && c) {
        const t = deps.supervisor.target(a, b, c);
        if (!t)
            throw new ArmError(404, 'NotRunning', `deployment ${a}/${b}/${c} has no running process`);
        return sendJson(res, 200, {
            url: t.url,
            pid: t.child.pid ?? null,
            protocol: t.protocol,
            roundOutputsToFp16: t.roundOutputsToFp16,
        });
    }
    if (what === 'faults') {
        if (method === 'GET')
            return sendJson(res, 200, { value: deps.faults.list() });
        if (method === 'POST' && !a) {
            const body = (await readJson(req));
            if (!FAULT_KINDS.has(body.kind)) {
                throw new ArmError(400, 'BadArgument', `fault kind must be one of ${[...FAULT_KINDS].join(', ')}`);
            }
            return sendJson(res, 201, deps.faults.add(body));
        }
        if (method === 'DELETE') {
            if (a)
                deps.faults.remove(a);
            else
                deps.faults.clear();
            return sendJson(res, 204, undefined);
        }
    }
    throw new ArmError(404, 'NotFound', `no admin route ${method} ${url.pathname}`);
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(98995);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
;// CONCATENATED MODULE: ./local/azurite.ts
// Azurite's blob service as a child process of the plane: loopback only, data under the plane's
// state dir, the port it reports parsed from its start-up line. Backs `workspaceblobstore`.





function azuriteBlobMain() {
    const require = (0,external_node_module_.createRequire)(import.meta.url);
    return external_node_path_default().join(external_node_path_default().dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
}
async function startAzurite(stateDir, preferredPort, accountName) {
    try {
        return await launch(stateDir, preferredPort, accountName);
    }
    catch (e) {
        if (preferredPort === 0)
            throw e;
        return launch(stateDir, 0, accountName);
    }
}
function launch(stateDir, port, accountName) {
    const location = external_node_path_default().join(stateDir, 'azurite');
    (0,external_node_fs_.mkdirSync)(location, { recursive: true });
    const child = (0,external_node_child_process_.spawn)(process.execPath, [
        azuriteBlobMain(),
        '--blobHost',
        '127.0.0.1',
        '--blobPort',
        String(port),
        '--location',
        location,
        '--skipApiVersionCheck',
        '--loose',
        '--disableProductStyleUrl',
        '--disableTelemetry',
        '--silent',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    return new Promise((resolve, reject) => {
        let out = '';
        const onData = (chunk) => {
            out += chunk.toString();
            const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
            if (m?.[1]) {
                child.stdout?.off('data', onData);
                child.stdout?.resume();
                child.stderr?.resume();
                const actual = Number(m[1]);
                resolve({
                    port: actual,
                    blobEndpoint: `http://127.0.0.1:${actual}/${accountName}`,
                    child,
                    stop: () => stopChild(child),
                });
            }
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', (c) => {
            out += c.toString();
        });
        child.once('exit', (code) => {
            reject(new errors/* RolloutError */.a6('AzuriteStartFailed', `Azurite exited with code ${code} before listening: ${out.slice(-400)}`, {
                resource: location,
            }));
        });
    });
}
function stopChild(child, graceMs = 3000) {
    if (child.exitCode !== null || child.signalCode !== null)
        return Promise.resolve();
    return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('exit', () => {
            clearTimeout(timer);
            resolve();
        });
        child.kill('SIGTERM');
    });
}

// EXTERNAL MODULE: ./node_modules/selfsigned/index.js
var selfsigned = __webpack_require__(7686);
;// CONCATENATED MODULE: ./local/certs.ts
// The plane's TLS material: a throw-away test CA and a loopback server certificate it signs. Made
// at first start-up inside the state dir (never in git) and reused afterwards, so clients that
// trusted the CA once keep trusting it across restarts.



async function ensurePlaneTls(stateDir) {
    const dir = external_node_path_default().join(stateDir, 'tls');
    const caCertPath = external_node_path_default().join(dir, 'ca.pem');
    const certPath = external_node_path_default().join(dir, 'server.pem');
    const keyPath = external_node_path_default().join(dir, 'server-key.pem');
    if ((0,external_node_fs_.existsSync)(caCertPath) && (0,external_node_fs_.existsSync)(certPath) && (0,external_node_fs_.existsSync)(keyPath)) {
        return {
            caCertPath,
            ca: (0,external_node_fs_.readFileSync)(caCertPath, 'utf8'),
            cert: (0,external_node_fs_.readFileSync)(certPath, 'utf8'),
            key: (0,external_node_fs_.readFileSync)(keyPath, 'utf8'),
        };
    }
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const notAfterDate = new Date(Date.now() + 365 * 24 * 3600 * 1000);
    const ca = await (0,selfsigned/* generate */.c)([{ name: 'commonName', value: 'aml-rollout local plane test CA' }], {
        keySize: 2048,
        algorithm: 'sha256',
        notAfterDate,
        extensions: [
            { name: 'basicConstraints', cA: true, critical: true },
            { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
        ],
    });
    const server = await (0,selfsigned/* generate */.c)([{ name: 'commonName', value: 'localhost' }], {
        keySize: 2048,
        algorithm: 'sha256',
        notAfterDate,
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
            { name: 'basicConstraints', cA: false },
            { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
            { name: 'extKeyUsage', serverAuth: true },
            {
                name: 'subjectAltName',
                altNames: [
                    { type: 2, value: 'localhost' },
                    { type: 7, ip: '127.0.0.1' },
                    { type: 7, ip: '::1' },
                ],
            },
        ],
    });
    (0,external_node_fs_.writeFileSync)(caCertPath, ca.cert);
    (0,external_node_fs_.writeFileSync)(certPath, server.cert);
    (0,external_node_fs_.writeFileSync)(keyPath, server.private, { mode: 0o600 });
    return { caCertPath, ca: ca.cert, cert: server.cert, key: server.private };
}

;// CONCATENATED MODULE: ./local/faults.ts
// Faults tests inject through the admin API. Each fault names where it applies (an ARM operationId,
// a deployment) and how many times it fires; the control plane, the provisioning engine and the
// data plane each ask `take()` at the point where Azure would misbehave.

class FaultRegistry {
    faults = [];
    add(spec) {
        const fault = { ...spec, id: (0,external_node_crypto_.randomUUID)(), fired: 0 };
        this.faults.push(fault);
        return fault;
    }
    list() {
        return this.faults.map((f) => ({ ...f }));
    }
    remove(id) {
        const before = this.faults.length;
        this.faults = this.faults.filter((f) => f.id !== id);
        return this.faults.length !== before;
    }
    clear() {
        this.faults = [];
    }
    /** The first live fault matching `pred`; counts one firing and retires it when its count is used up. */
    take(kind, pred) {
        const found = this.faults.find((f) => f.kind === kind && pred(f));
        if (!found)
            return undefined;
        found.fired += 1;
        if (found.count !== undefined && found.fired >= found.count)
            this.remove(found.id);
        return found;
    }
}
const sameName = (a, b) => a === undefined || a === '*' || a.toLowerCase() === b.toLowerCase();

;// CONCATENATED MODULE: ./local/resources.ts
const PROVIDER = 'Microsoft.MachineLearningServices';
const API_VERSION = '2022-10-01';
/** The first GA api-version with `mirrorTraffic`; the plane accepts it only to let clients set mirrors. */
const MIRROR_API_VERSION = '2023-04-01';
const SUPPORTED_API_VERSIONS = [API_VERSION, MIRROR_API_VERSION];
const TYPES = {
    workspace: `${PROVIDER}/workspaces`,
    datastore: `${PROVIDER}/workspaces/datastores`,
    modelContainer: `${PROVIDER}/workspaces/models`,
    modelVersion: `${PROVIDER}/workspaces/models/versions`,
    environmentContainer: `${PROVIDER}/workspaces/environments`,
    environmentVersion: `${PROVIDER}/workspaces/environments/versions`,
    endpoint: `${PROVIDER}/workspaces/onlineEndpoints`,
    deployment: `${PROVIDER}/workspaces/onlineEndpoints/deployments`,
};
const LOCAL_USER = 'local-plane-user@localhost';
function workspaceId(sub, rg, ws) {
    return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${PROVIDER}/workspaces/${ws}`;
}
function systemData(previous) {
    const now = new Date().toISOString();
    return {
        createdAt: previous?.createdAt ?? now,
        createdBy: LOCAL_USER,
        createdByType: 'User',
        lastModifiedAt: now,
        lastModifiedBy: LOCAL_USER,
        lastModifiedByType: 'User',
    };
}
function resource(id, name, type, properties, previous) {
    return { id, name, type, properties, systemData: systemData(previous?.systemData) };
}
/** Drop keys whose value is undefined, so bodies stay valid JSON values. */
function compact(o) {
    const out = {};
    for (const [k, v] of Object.entries(o))
        if (v !== undefined)
            out[k] = v;
    return out;
}
function str(v) {
    return typeof v === 'string' ? v : undefined;
}
function obj(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}
/** A case-insensitive key lookup, as ARM names are case-insensitive. */
function findKey(record, name) {
    const lower = name.toLowerCase();
    return Object.keys(record).find((k) => k.toLowerCase() === lower);
}
/**
 * Parse a model or environment reference the way AML accepts it in a deployment: an ARM id
 * (`/subscriptions/.../workspaces/w/models/n/versions/v`), an asset id (`azureml:n:v`,
 * `azureml://.../models/n/versions/v`), or `n:v`.
 */
function parseAssetRef(ref, kind) {
    const arm = new RegExp(`/workspaces/([^/]+)/${kind}/([^/]+)/versions/([^/?]+)`, 'i').exec(ref);
    if (arm?.[1] && arm[2] && arm[3])
        return { workspace: arm[1], name: arm[2], version: arm[3] };
    const uri = new RegExp(`^azureml://.*?/?${kind}/([^/]+)/versions/([^/?]+)`, 'i').exec(ref);
    if (uri?.[1] && uri[2])
        return { name: uri[1], version: uri[2] };
    const short = /^(?:azureml:)?([^:/]+):([^:/]+)$/.exec(ref);
    if (short?.[1] && short[2])
        return { name: short[1], version: short[2] };
    return undefined;
}

;// CONCATENATED MODULE: ./local/rules.ts
// AML's online-endpoint rules as pure decisions: each returns the ArmError Azure would answer with,
// or undefined when the request is allowed. The control plane calls these before changing state.

/** Endpoint and deployment names: start with a letter, 3-32 letters, digits or '-', not ending in '-'. */
const NAME_RULE = /^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/;
/** Asset (model, environment, datastore) names, as the 2022-10-01 swagger patterns them. */
const ASSET_NAME_RULE = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
const MAX_DEPLOYMENTS_PER_ENDPOINT = 20;
const MAX_MIRROR_PERCENT = 50;
function checkEndpointName(name) {
    if (NAME_RULE.test(name))
        return undefined;
    return badArgument('InvalidEndpointName', `Endpoint name '${name}' is invalid: it must start with a letter, be 3-32 characters long, contain only letters, digits and '-', and not end with '-'.`, 'name');
}
function checkDeploymentName(name) {
    if (NAME_RULE.test(name))
        return undefined;
    return badArgument('InvalidDeploymentName', `Deployment name '${name}' is invalid: it must start with a letter, be 3-32 characters long, contain only letters, digits and '-', and not end with '-'.`, 'name');
}
function checkAssetName(kind, name) {
    if (ASSET_NAME_RULE.test(name))
        return undefined;
    return badArgument('InvalidAssetName', `${kind} name '${name}' does not match ${ASSET_NAME_RULE.source}.`, 'name');
}
function checkTraffic(traffic, deployments) {
    const known = new Set(deployments.map((d) => d.toLowerCase()));
    for (const [name, value] of Object.entries(traffic)) {
        if (!known.has(name.toLowerCase())) {
            return badArgument('TrafficDeploymentNotFound', `Traffic names deployment '${name}', which does not exist on this endpoint.`, 'properties.traffic');
        }
        if (!Number.isInteger(value) || value < 0 || value > 100) {
            return badArgument('InvalidTrafficValue', `Traffic for deployment '${name}' must be an integer between 0 and 100, got ${value}.`, 'properties.traffic');
        }
    }
    const sum = Object.values(traffic).reduce((a, b) => a + b, 0);
    if (sum !== 0 && sum !== 100) {
        return badArgument('InvalidTrafficSum', `Traffic values must sum to 0 or 100; they sum to ${sum}.`, 'properties.traffic');
    }
    return undefined;
}
function checkMirrorTraffic(mirror, traffic, deployments) {
    const entries = Object.entries(mirror).filter(([, v]) => v !== 0);
    if (entries.length > 1) {
        return badArgument('MirrorTrafficTooManyDeployments', `Mirror traffic can be set for one deployment only; got ${entries.length}.`, 'properties.mirrorTraffic');
    }
    const known = new Set(deployments.map((d) => d.toLowerCase()));
    for (const [name, value] of entries) {
        if (!known.has(name.toLowerCase())) {
            return badArgument('TrafficDeploymentNotFound', `Mirror traffic names deployment '${name}', which does not exist on this endpoint.`, 'properties.mirrorTraffic');
        }
        if (!Number.isInteger(value) || value < 0 || value > MAX_MIRROR_PERCENT) {
            return badArgument('InvalidMirrorTrafficValue', `Mirror traffic must be an integer between 0 and ${MAX_MIRROR_PERCENT}, got ${value} for '${name}'.`, 'properties.mirrorTraffic');
        }
        const live = Object.entries(traffic).find(([d]) => d.toLowerCase() === name.toLowerCase())?.[1] ?? 0;
        if (live > 0) {
            return badArgument('MirrorToLiveDeployment', `Deployment '${name}' has ${live}% live traffic and cannot also receive mirrored traffic.`, 'properties.mirrorTraffic');
        }
    }
    return undefined;
}
function checkDeploymentDeletable(name, traffic, mirror) {
    const find = (m) => Object.entries(m).find(([d]) => d.toLowerCase() === name.toLowerCase())?.[1] ?? 0;
    const live = find(traffic);
    const mirrored = find(mirror);
    if (live > 0 || mirrored > 0) {
        return new ArmError(409, 'Conflict', `Deployment '${name}' cannot be deleted while it receives traffic (live ${live}%, mirror ${mirrored}%). Set its traffic to 0 first.`, [
            {
                code: 'DeploymentHasTraffic',
                message: 'Set the deployment traffic to 0 before deleting it.',
                target: name,
            },
        ]);
    }
    return undefined;
}
function checkInstanceTypeUnchanged(before, after) {
    if (before === undefined || after === undefined || before.toLowerCase() === after.toLowerCase())
        return undefined;
    return badArgument('InstanceTypeImmutable', `instance_type cannot be changed on update (from '${before}' to '${after}'); create a new deployment instead.`, 'properties.instanceType');
}
function checkDeploymentCount(existing) {
    if (existing < MAX_DEPLOYMENTS_PER_ENDPOINT)
        return undefined;
    return badArgument('TooManyDeployments', `An endpoint can have at most ${MAX_DEPLOYMENTS_PER_ENDPOINT} deployments; delete one first.`, 'deployments');
}
/** Parse a traffic map from a request body, rejecting anything that is not name -> integer. */
function parseTrafficMap(value, target) {
    if (value === undefined || value === null)
        return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
        throw badArgument('InvalidTrafficValue', `${target} must be an object of deployment name to percent.`, target);
    }
    const out = {};
    for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'number') {
            throw badArgument('InvalidTrafficValue', `${target}.${k} must be an integer.`, target);
        }
        out[k] = v;
    }
    return out;
}
/** Whether an Azure instance type is a GPU SKU (served in FP16 by the plane). */
function isGpuInstanceType(instanceType) {
    return /^Standard_NC/i.test(instanceType ?? '');
}

;// CONCATENATED MODULE: ./local/store.ts
// The plane's state on disk: every workspace, asset, endpoint, key, deployment and operation, as
// one JSON document rewritten atomically after each change. Resource bodies are kept in the exact
// ARM shape the plane returns, so a restart serves the same bytes it served before.



const STATE_FILE = 'plane-state.json';
/** Azurite's well-known development account (documented publicly; not a secret). */
const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
function newState() {
    return {
        version: 1,
        subscriptionId: (0,external_node_crypto_.randomUUID)(),
        resourceGroup: 'rg-local',
        location: 'local',
        tenantId: (0,external_node_crypto_.randomUUID)(),
        token: `local-${(0,external_node_crypto_.randomBytes)(24).toString('base64url')}`,
        amlTokenSecret: (0,external_node_crypto_.randomBytes)(32).toString('base64url'),
        azurite: { port: 0, accountName: AZURITE_ACCOUNT, accountKey: AZURITE_KEY },
        ports: { arm: 0, admin: 0 },
        workspaces: {},
        operations: {},
    };
}
class StateStore {
    dir;
    file;
    state;
    constructor(dir) {
        this.dir = dir;
        (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
        this.file = external_node_path_default().join(dir, STATE_FILE);
        this.state = (0,external_node_fs_.existsSync)(this.file)
            ? JSON.parse((0,external_node_fs_.readFileSync)(this.file, 'utf8'))
            : newState();
    }
    /** Write the whole document atomically (write + rename), so a crash never leaves half a file. */
    save() {
        const tmp = `${this.file}.${process.pid}.tmp`;
        (0,external_node_fs_.writeFileSync)(tmp, `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
        (0,external_node_fs_.renameSync)(tmp, this.file);
    }
}
function newKey() {
    return (0,external_node_crypto_.randomBytes)(32).toString('base64url');
}

;// CONCATENATED MODULE: ./local/control-plane.ts
// The ARM surface of Microsoft.MachineLearningServices (api-version 2022-10-01): routing, bearer
// auth, the resource handlers, AML's rules, and long-running operations (201/202 with
// Azure-AsyncOperation + Location + Retry-After, operation status resources, provisioningState
// transitions). What deployments *do* (download, serve) is the runtime's job (supervisor.ts).






class ProvisioningError extends Error {
    code;
    constructor(code, message) {
        super(message);
        this.code = code;
    }
}
const WS_PREFIX = ['subscriptions', ':sub', 'resourceGroups', ':rg', 'providers', PROVIDER, 'workspaces'];
class ControlPlane {
    store;
    runtime;
    faults;
    timings;
    armBase;
    pending = new Set();
    routes = [];
    closed = false;
    constructor(store, runtime, faults, timings, armBase) {
        this.store = store;
        this.runtime = runtime;
        this.faults = faults;
        this.timings = timings;
        this.armBase = armBase;
        this.defineRoutes();
    }
    get state() {
        return this.store.state;
    }
    /** Stop starting or finishing operations (shutdown); in-flight ones stay InProgress on disk. */
    close() {
        this.closed = true;
    }
    /** Wait for background operations to settle (used on shutdown). */
    async settle() {
        this.closed = true;
        await Promise.allSettled([...this.pending]);
    }
    // ---------------------------------------------------------------- request entry
    async handle(req, res) {
        const ids = requestIds(req);
        try {
            const url = new URL(req.url ?? '/', 'https://localhost');
            const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
            const method = (req.method ?? 'GET').toUpperCase();
            this.authenticate(req);
            const apiVersion = url.searchParams.get('api-version');
            if (!apiVersion) {
                throw new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
            }
            if (!SUPPORTED_API_VERSIONS.includes(apiVersion)) {
                throw new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported versions are '${SUPPORTED_API_VERSIONS.join(',')}'.`);
            }
            const match = this.match(method, segments);
            if (!match) {
                throw new ArmError(404, 'NotFound', `No route for ${method} ${url.pathname}.`);
            }
            const { route, params } = match;
            const fault = this.faults.take('arm-error', (f) => sameName(f.operation, route.operationId));
            if (fault) {
                const retry = fault.retryAfterSeconds ?? 1;
                const code = fault.code ??
                    (fault.status === 429
                        ? 'TooManyRequests'
                        : fault.status === 503
                            ? 'ServiceUnavailable'
                            : 'InternalServerError');
                throw new ArmError(fault.status, code, `Injected fault on ${route.operationId}.`, [], {
                    'retry-after': String(retry),
                });
            }
            if (this.faults.take('arm-drop', (f) => sameName(f.operation, route.operationId))) {
                req.socket.destroy();
                return;
            }
            if (params.sub !== undefined && params.sub !== this.state.subscriptionId) {
                throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${params.sub}' could not be found.`);
            }
            if (params.rg !== undefined && params.rg.toLowerCase() !== this.state.resourceGroup.toLowerCase()) {
                throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${params.rg}' could not be found.`);
            }
            await route.handle({ req, res, method, apiVersion, segments, ids }, params);
        }
        catch (e) {
            if (res.headersSent) {
                res.destroy();
                return;
            }
            if (e instanceof ArmError) {
                sendJson(res, e.status, e.body(), { ...ids, ...e.headers });
            }
            else {
                sendJson(res, 500, { error: { code: 'InternalServerError', message: String(e) } }, ids);
            }
        }
    }
    authenticate(req) {
        const auth = req.headers.authorization;
        const challenge = {
            'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${this.state.tenantId}", error="invalid_token", error_description="The access token is missing or invalid."`,
        };
        if (!auth) {
            throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", [], challenge);
        }
        const m = /^Bearer\s+(.+)$/i.exec(auth);
        const given = Buffer.from(m?.[1] ?? '');
        const want = Buffer.from(this.state.token);
        if (!m || given.length !== want.length || !(0,external_node_crypto_.timingSafeEqual)(given, want)) {
            throw new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', [], challenge);
        }
    }
    match(method, segments) {
        for (const r of this.routes) {
            if (r.method !== method || r.pattern.length !== segments.length)
                continue;
            const params = {};
            let ok = true;
            for (let i = 0; i < r.pattern.length; i++) {
                const p = r.pattern[i];
                const s = segments[i];
                if (p.startsWith(':'))
                    params[p.slice(1)] = s;
                else if (p.toLowerCase() !== s.toLowerCase()) {
                    ok = false;
                    break;
                }
            }
            if (ok)
                return { route: r.route, params };
        }
        return undefined;
    }
    on(method, path, operationId, handle) {
        const rest = path.split('/').filter(Boolean);
        const pattern = path.startsWith('~') ? rest.slice(1) : [...WS_PREFIX, ...rest];
        this.routes.push({ method, pattern, route: { operationId, handle } });
    }
    // ---------------------------------------------------------------- routes
    defineRoutes() {
        this.on('GET', '~/subscriptions/:sub/providers/Microsoft.MachineLearningServices/locations/:loc/mfeOperationsStatus/:op', 'OperationStatus', (c, p) => this.operationStatus(c, p));
        this.on('GET', '~/subscriptions/:sub/providers/Microsoft.MachineLearningServices/locations/:loc/mfeOperationResults/:op', 'OperationResult', (c, p) => this.operationResult(c, p));
        this.on('GET', '', 'Workspaces_ListByResourceGroup', async (c) => {
            sendJson(c.res, 200, { value: Object.values(this.state.workspaces).map((w) => w.resource) }, c.ids);
        });
        this.on('GET', ':ws', 'Workspaces_Get', async (c, p) => sendJson(c.res, 200, this.ws(p).resource, c.ids));
        // datastores
        this.on('GET', ':ws/datastores', 'Datastores_List', async (c, p) => this.list(c, Object.values(this.ws(p).datastores).map((d) => d.resource)));
        this.on('GET', ':ws/datastores/:name', 'Datastores_Get', async (c, p) => sendJson(c.res, 200, this.datastore(p).resource, c.ids));
        this.on('PUT', ':ws/datastores/:name', 'Datastores_CreateOrUpdate', (c, p) => this.putDatastore(c, p));
        this.on('DELETE', ':ws/datastores/:name', 'Datastores_Delete', async (c, p) => {
            const w = this.ws(p);
            const key = findKey(w.datastores, p.name);
            if (!key)
                return sendJson(c.res, 204, undefined, c.ids);
            delete w.datastores[key];
            this.store.save();
            sendJson(c.res, 200, undefined, c.ids);
        });
        this.on('POST', ':ws/datastores/:name/listSecrets', 'Datastores_ListSecrets', async (c, p) => sendJson(c.res, 200, this.datastore(p).secrets, c.ids));
        // models and environments share the asset container/version shape
        for (const kind of ['models', 'environments']) {
            const op = kind === 'models' ? 'Model' : 'Environment';
            this.on('GET', `:ws/${kind}`, `${op}Containers_List`, async (c, p) => this.list(c, Object.values(this.assets(p, kind)).map((a) => a.container)));
            this.on('GET', `:ws/${kind}/:name`, `${op}Containers_Get`, async (c, p) => sendJson(c.res, 200, this.asset(p, kind).container, c.ids));
            this.on('PUT', `:ws/${kind}/:name`, `${op}Containers_CreateOrUpdate`, (c, p) => this.putContainer(c, p, kind));
            this.on('DELETE', `:ws/${kind}/:name`, `${op}Containers_Delete`, async (c, p) => {
                const all = this.assets(p, kind);
                const key = findKey(all, p.name);
                if (!key)
                    return sendJson(c.res, 204, undefined, c.ids);
                delete all[key];
                this.store.save();
                sendJson(c.res, 200, undefined, c.ids);
            });
            this.on('GET', `:ws/${kind}/:name/versions`, `${op}Versions_List`, async (c, p) => this.list(c, Object.values(this.asset(p, kind).versions)));
            this.on('GET', `:ws/${kind}/:name/versions/:version`, `${op}Versions_Get`, async (c, p) => sendJson(c.res, 200, this.assetVersion(p, kind), c.ids));
            this.on('PUT', `:ws/${kind}/:name/versions/:version`, `${op}Versions_CreateOrUpdate`, (c, p) => this.putVersion(c, p, kind));
            this.on('DELETE', `:ws/${kind}/:name/versions/:version`, `${op}Versions_Delete`, async (c, p) => {
                const all = this.assets(p, kind);
                const key = findKey(all, p.name);
                const a = key ? all[key] : undefined;
                const vkey = a ? findKey(a.versions, p.version) : undefined;
                if (!a || !vkey)
                    return sendJson(c.res, 204, undefined, c.ids);
                delete a.versions[vkey];
                this.refreshLatest(a);
                this.store.save();
                sendJson(c.res, 200, undefined, c.ids);
            });
        }
        // online endpoints
        this.on('GET', ':ws/onlineEndpoints', 'OnlineEndpoints_List', async (c, p) => this.list(c, Object.values(this.ws(p).endpoints).map((e) => this.endpointBody(e, c.apiVersion))));
        this.on('GET', ':ws/onlineEndpoints/:ep', 'OnlineEndpoints_Get', async (c, p) => sendJson(c.res, 200, this.endpointBody(this.endpoint(p), c.apiVersion), c.ids));
        this.on('PUT', ':ws/onlineEndpoints/:ep', 'OnlineEndpoints_CreateOrUpdate', (c, p) => this.putEndpoint(c, p));
        this.on('PATCH', ':ws/onlineEndpoints/:ep', 'OnlineEndpoints_Update', (c, p) => this.patchEndpoint(c, p));
        this.on('DELETE', ':ws/onlineEndpoints/:ep', 'OnlineEndpoints_Delete', (c, p) => this.deleteEndpoint(c, p));
        this.on('POST', ':ws/onlineEndpoints/:ep/listKeys', 'OnlineEndpoints_ListKeys', async (c, p) => {
            const e = this.endpoint(p);
            this.requireAuthMode(e, 'Key');
            sendJson(c.res, 200, { ...e.keys }, c.ids);
        });
        this.on('POST', ':ws/onlineEndpoints/:ep/regenerateKeys', 'OnlineEndpoints_RegenerateKeys', (c, p) => this.regenerateKeys(c, p));
        this.on('POST', ':ws/onlineEndpoints/:ep/token', 'OnlineEndpoints_GetToken', async (c, p) => {
            const e = this.endpoint(p);
            this.requireAuthMode(e, 'AMLToken');
            const now = Math.floor(Date.now() / 1000);
            sendJson(c.res, 200, {
                accessToken: this.amlToken(p.ws, e.resource.name, now + 3600),
                tokenType: 'Bearer',
                expiryTimeUtc: now + 3600,
                refreshAfterTimeUtc: now + 1800,
            }, c.ids);
        });
        // online deployments
        this.on('GET', ':ws/onlineEndpoints/:ep/deployments', 'OnlineDeployments_List', async (c, p) => this.list(c, Object.values(this.endpoint(p).deployments).map((d) => d.resource)));
        this.on('GET', ':ws/onlineEndpoints/:ep/deployments/:dep', 'OnlineDeployments_Get', async (c, p) => sendJson(c.res, 200, this.deployment(p).resource, c.ids));
        this.on('PUT', ':ws/onlineEndpoints/:ep/deployments/:dep', 'OnlineDeployments_CreateOrUpdate', (c, p) => this.putDeployment(c, p));
        this.on('PATCH', ':ws/onlineEndpoints/:ep/deployments/:dep', 'OnlineDeployments_Update', (c, p) => this.patchDeployment(c, p));
        this.on('DELETE', ':ws/onlineEndpoints/:ep/deployments/:dep', 'OnlineDeployments_Delete', (c, p) => this.deleteDeployment(c, p));
        this.on('POST', ':ws/onlineEndpoints/:ep/deployments/:dep/getLogs', 'OnlineDeployments_GetLogs', async (c, p) => {
            const d = this.deployment(p);
            const body = await readJson(c.req);
            const container = str(body.containerType) ?? 'InferenceServer';
            if (container !== 'InferenceServer' && container !== 'StorageInitializer') {
                throw badArgument('InvalidContainerType', `containerType must be InferenceServer or StorageInitializer, got '${container}'.`);
            }
            const lines = container === 'StorageInitializer' ? d.logs.storageInitializer : d.logs.inferenceServer;
            const tail = typeof body.tail === 'number' && body.tail > 0 ? lines.slice(-body.tail) : lines;
            sendJson(c.res, 200, { content: tail.join('\n') }, c.ids);
        });
        this.on('GET', ':ws/onlineEndpoints/:ep/deployments/:dep/skus', 'OnlineDeployments_ListSkus', async (c, p) => {
            const d = this.deployment(p);
            const sku = obj(d.resource.sku);
            this.list(c, [
                {
                    resourceType: TYPES.deployment,
                    sku: { name: str(sku?.name) ?? 'Default', tier: 'Standard' },
                    capacity: { minimum: 1, maximum: 20, default: 1, scaleType: 'Manual' },
                },
            ]);
        });
    }
    // ---------------------------------------------------------------- lookups
    ws(p) {
        const key = findKey(this.state.workspaces, p.ws);
        if (!key) {
            throw new ArmError(404, 'ResourceNotFound', `The Resource '${PROVIDER}/workspaces/${p.ws}' under resource group '${p.rg}' was not found.`);
        }
        return this.state.workspaces[key];
    }
    datastore(p) {
        const w = this.ws(p);
        const key = findKey(w.datastores, p.name);
        if (!key)
            throw notFound('datastore', `${w.resource.id}/datastores/${p.name}`);
        return w.datastores[key];
    }
    assets(p, kind) {
        return this.ws(p)[kind];
    }
    asset(p, kind) {
        const all = this.assets(p, kind);
        const key = findKey(all, p.name);
        if (!key)
            throw notFound(kind, `${this.ws(p).resource.id}/${kind}/${p.name}`);
        return all[key];
    }
    assetVersion(p, kind) {
        const a = this.asset(p, kind);
        const key = findKey(a.versions, p.version);
        if (!key)
            throw notFound(kind, `${a.container.id}/versions/${p.version}`);
        return a.versions[key];
    }
    endpoint(p) {
        const w = this.ws(p);
        const key = findKey(w.endpoints, p.ep);
        if (!key)
            throw notFound('online endpoint', `${w.resource.id}/onlineEndpoints/${p.ep}`);
        return w.endpoints[key];
    }
    deployment(p) {
        const e = this.endpoint(p);
        const key = findKey(e.deployments, p.dep);
        if (!key)
            throw notFound('online deployment', `${e.resource.id}/deployments/${p.dep}`);
        return e.deployments[key];
    }
    list(c, value) {
        sendJson(c.res, 200, { value }, c.ids);
    }
    // ---------------------------------------------------------------- datastores and assets
    async putDatastore(c, p) {
        const w = this.ws(p);
        const name = p.name;
        const nameError = checkAssetName('Datastore', name);
        if (nameError)
            throw nameError;
        const body = await readJson(c.req);
        const props = obj(body.properties);
        if (!props || !str(props.datastoreType))
            throw badArgument('MissingProperty', 'properties.datastoreType is required.', 'properties');
        const key = findKey(w.datastores, name);
        const previous = key ? w.datastores[key] : undefined;
        const credentials = obj(props.credentials) ?? { credentialsType: 'None' };
        const secrets = obj(credentials.secrets) ?? previous?.secrets ?? { secretsType: 'None' };
        const publicCredentials = { ...credentials };
        delete publicCredentials.secrets;
        const r = resource(`${w.resource.id}/datastores/${name}`, key ?? name, TYPES.datastore, {
            ...props,
            credentials: publicCredentials,
            isDefault: previous ? (previous.resource.properties.isDefault ?? false) : false,
        }, previous?.resource);
        w.datastores[key ?? name] = { resource: r, secrets };
        this.store.save();
        sendJson(c.res, previous ? 200 : 201, r, c.ids);
    }
    async putContainer(c, p, kind) {
        const w = this.ws(p);
        const name = p.name;
        const nameError = checkAssetName(kind === 'models' ? 'Model' : 'Environment', name);
        if (nameError)
            throw nameError;
        const body = await readJson(c.req);
        const props = obj(body.properties) ?? {};
        const key = findKey(w[kind], name);
        const previous = key ? w[kind][key] : undefined;
        const container = resource(`${w.resource.id}/${kind}/${name}`, key ?? name, kind === 'models' ? TYPES.modelContainer : TYPES.environmentContainer, compact({
            ...props,
            isArchived: props.isArchived ?? false,
            latestVersion: undefined,
            nextVersion: undefined,
        }), previous?.container);
        const state = { container, versions: previous?.versions ?? {} };
        this.refreshLatest(state);
        w[kind][key ?? name] = state;
        this.store.save();
        sendJson(c.res, previous ? 200 : 201, state.container, c.ids);
    }
    refreshLatest(a) {
        const versions = Object.keys(a.versions);
        const numeric = versions.map(Number).filter((n) => Number.isInteger(n));
        const latest = versions.length === 0 ? undefined : versions[versions.length - 1];
        const next = numeric.length === 0 ? '1' : String(Math.max(...numeric) + 1);
        a.container.properties = compact({
            ...a.container.properties,
            latestVersion: latest ?? null,
            nextVersion: next,
        });
    }
    async putVersion(c, p, kind) {
        const w = this.ws(p);
        const name = p.name;
        const version = p.version;
        const nameError = checkAssetName(kind === 'models' ? 'Model' : 'Environment', name);
        if (nameError)
            throw nameError;
        const body = await readJson(c.req);
        const props = obj(body.properties);
        if (!props)
            throw badArgument('MissingProperty', 'properties is required.', 'properties');
        if (kind === 'models' && !str(props.modelUri))
            throw badArgument('MissingProperty', 'properties.modelUri is required.', 'properties.modelUri');
        if (kind === 'environments' && !str(props.image) && !obj(props.build)) {
            throw badArgument('MissingProperty', 'An environment version needs properties.image or properties.build.', 'properties.image');
        }
        let key = findKey(w[kind], name);
        if (!key) {
            // AML creates the container on first version registration.
            w[kind][name] = {
                container: resource(`${w.resource.id}/${kind}/${name}`, name, kind === 'models' ? TYPES.modelContainer : TYPES.environmentContainer, { isArchived: false }),
                versions: {},
            };
            key = name;
        }
        const a = w[kind][key];
        const vkey = findKey(a.versions, version);
        const previous = vkey ? a.versions[vkey] : undefined;
        if (previous) {
            const immutable = kind === 'models' ? 'modelUri' : 'image';
            if (previous.properties[immutable] !== props[immutable]) {
                throw new ArmError(409, 'Conflict', `${kind === 'models' ? 'Model' : 'Environment'} version ${name}:${version} already exists with a different ${immutable}; asset versions are immutable. Register a new version.`);
            }
        }
        const defaults = kind === 'models'
            ? { modelType: 'custom_model', isAnonymous: false, isArchived: false }
            : { osType: 'Linux', isAnonymous: false, isArchived: false, environmentType: 'UserCreated' };
        const r = resource(`${a.container.id}/versions/${version}`, vkey ?? version, kind === 'models' ? TYPES.modelVersion : TYPES.environmentVersion, { ...defaults, ...props }, previous);
        if (kind === 'environments')
            r.properties.environmentType = 'UserCreated';
        a.versions[vkey ?? version] = r;
        this.refreshLatest(a);
        a.container.systemData = systemData(a.container.systemData);
        this.store.save();
        sendJson(c.res, previous ? 200 : 201, r, c.ids);
    }
    // ---------------------------------------------------------------- endpoints
    endpointBody(e, apiVersion) {
        if (apiVersion !== MIRROR_API_VERSION)
            return e.resource;
        return { ...e.resource, properties: { ...e.resource.properties, mirrorTraffic: { ...e.mirrorTraffic } } };
    }
    requireAuthMode(e, mode) {
        const actual = str(e.resource.properties.authMode) ?? 'Key';
        if (actual.toLowerCase() !== mode.toLowerCase()) {
            throw badArgument('InvalidAuthMode', `This operation needs an endpoint with authMode '${mode}'; '${e.resource.name}' uses '${actual}'.`, 'properties.authMode');
        }
    }
    amlToken(ws, ep, exp) {
        const payload = Buffer.from(JSON.stringify({ ws: ws.toLowerCase(), ep: ep.toLowerCase(), exp })).toString('base64url');
        const sig = (0,external_node_crypto_.createHmac)('sha256', this.state.amlTokenSecret).update(payload).digest('base64url');
        return `${payload}.${sig}`;
    }
    verifyAmlToken(token, ws, ep) {
        const [payload, sig] = token.split('.');
        if (!payload || !sig)
            return false;
        const want = (0,external_node_crypto_.createHmac)('sha256', this.state.amlTokenSecret).update(payload).digest('base64url');
        if (want !== sig)
            return false;
        try {
            const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
            return (claims.ws === ws.toLowerCase() && claims.ep === ep.toLowerCase() && claims.exp > Date.now() / 1000);
        }
        catch {
            return false;
        }
    }
    busy(r) {
        const s = str(r.properties.provisioningState);
        return s === 'Creating' || s === 'Updating' || s === 'Deleting' || s === 'Scaling';
    }
    async putEndpoint(c, p) {
        const w = this.ws(p);
        const name = p.ep;
        const nameError = checkEndpointName(name);
        if (nameError)
            throw nameError;
        const body = await readJson(c.req);
        const props = obj(body.properties);
        if (!props || !str(props.authMode))
            throw badArgument('MissingProperty', 'properties.authMode is required.', 'properties.authMode');
        const authMode = str(props.authMode);
        if (!['Key', 'AMLToken', 'AADToken'].some((m) => m.toLowerCase() === authMode.toLowerCase())) {
            throw badArgument('InvalidAuthMode', `authMode '${authMode}' is not one of Key, AMLToken, AADToken.`, 'properties.authMode');
        }
        const key = findKey(w.endpoints, name);
        const existing = key ? w.endpoints[key] : undefined;
        if (existing && this.busy(existing.resource)) {
            throw new ArmError(409, 'Conflict', `Endpoint '${name}' has an operation in progress (${existing.resource.properties.provisioningState}); retry when it finishes.`);
        }
        const deployments = existing ? Object.keys(existing.deployments) : [];
        const traffic = parseTrafficMap(props.traffic, 'properties.traffic');
        const trafficError = checkTraffic(traffic, deployments);
        if (trafficError)
            throw trafficError;
        let mirror = existing?.mirrorTraffic ?? {};
        if (c.apiVersion === MIRROR_API_VERSION) {
            mirror = parseTrafficMap(props.mirrorTraffic, 'properties.mirrorTraffic');
        }
        const mirrorError = checkMirrorTraffic(mirror, traffic, deployments);
        if (mirrorError)
            throw mirrorError;
        if (!str(body.location))
            throw badArgument('MissingProperty', 'location is required.', 'location');
        const initialKeys = obj(props.keys);
        const id = `${w.resource.id}/onlineEndpoints/${name}`;
        const scoringBase = await this.runtime.openEndpoint(w.resource.name, key ?? name);
        const properties = compact({
            description: str(props.description),
            properties: obj(props.properties) ?? {},
            authMode: ['Key', 'AMLToken', 'AADToken'].find((m) => m.toLowerCase() === authMode.toLowerCase()),
            scoringUri: `${scoringBase}/score`,
            swaggerUri: `${scoringBase}/swagger.json`,
            provisioningState: existing ? 'Updating' : 'Creating',
            traffic,
            publicNetworkAccess: str(props.publicNetworkAccess) ?? 'Enabled',
            compute: str(props.compute),
        });
        const r = {
            ...resource(id, key ?? name, TYPES.endpoint, properties, existing?.resource),
            location: str(body.location),
            tags: obj(body.tags) ?? {},
            kind: str(body.kind) ?? 'Managed',
            identity: this.identity(obj(body.identity)),
        };
        const state = existing ?? {
            resource: r,
            keys: {
                primaryKey: str(initialKeys?.primaryKey) ?? newKey(),
                secondaryKey: str(initialKeys?.secondaryKey) ?? newKey(),
            },
            mirrorTraffic: {},
            scoringPort: 0,
            deployments: {},
        };
        state.resource = r;
        state.mirrorTraffic = mirror;
        state.scoringPort = Number(new URL(scoringBase).port);
        w.endpoints[key ?? name] = state;
        const op = this.provision(state.resource, existing ? 'update' : 'create', this.timings.endpointProvisionMs);
        this.accepted(c, existing ? 200 : 201, op, this.endpointBody(state, c.apiVersion), false);
    }
    identity(requested) {
        const type = str(requested?.type) ?? 'SystemAssigned';
        if (type === 'None')
            return { type };
        return { type, principalId: (0,external_node_crypto_.randomUUID)(), tenantId: this.state.tenantId };
    }
    async patchEndpoint(c, p) {
        const e = this.endpoint(p);
        if (this.busy(e.resource))
            throw new ArmError(409, 'Conflict', `Endpoint '${e.resource.name}' has an operation in progress.`);
        const body = await readJson(c.req);
        if (obj(body.tags))
            e.resource.tags = obj(body.tags);
        if (obj(body.identity))
            e.resource.identity = this.identity(obj(body.identity));
        e.resource.systemData = systemData(e.resource.systemData);
        e.resource.properties.provisioningState = 'Updating';
        const op = this.provision(e.resource, 'update', this.timings.endpointProvisionMs);
        this.accepted(c, 202, op, undefined, true);
    }
    async deleteEndpoint(c, p) {
        const w = this.ws(p);
        const key = findKey(w.endpoints, p.ep);
        if (!key)
            return sendJson(c.res, 204, undefined, c.ids);
        const e = w.endpoints[key];
        if (str(e.resource.properties.provisioningState) === 'Deleting') {
            throw new ArmError(409, 'Conflict', `Endpoint '${key}' is already being deleted.`);
        }
        e.resource.properties.provisioningState = 'Deleting';
        for (const d of Object.values(e.deployments))
            d.resource.properties.provisioningState = 'Deleting';
        const op = this.startOperation(e.resource.id, 'delete', this.timings.deleteMs, async () => {
            for (const dep of Object.keys(e.deployments))
                await this.runtime.stopDeployment(w.resource.name, key, dep);
            await this.runtime.closeEndpoint(w.resource.name, key);
            delete w.endpoints[key];
        });
        this.accepted(c, 202, op, undefined, true);
    }
    async regenerateKeys(c, p) {
        const e = this.endpoint(p);
        this.requireAuthMode(e, 'Key');
        const body = await readJson(c.req);
        const keyType = str(body.keyType);
        if (keyType !== 'Primary' && keyType !== 'Secondary') {
            throw badArgument('InvalidKeyType', `keyType must be Primary or Secondary, got '${keyType}'.`, 'keyType');
        }
        const value = str(body.keyValue) ?? newKey();
        const op = this.startOperation(e.resource.id, 'regenerateKeys', 0, async () => {
            if (keyType === 'Primary')
                e.keys.primaryKey = value;
            else
                e.keys.secondaryKey = value;
        });
        this.accepted(c, 202, op, undefined, true);
    }
    // ---------------------------------------------------------------- deployments
    async putDeployment(c, p) {
        const w = this.ws(p);
        const ewsKey = findKey(w.endpoints, p.ep);
        if (!ewsKey) {
            throw new ArmError(404, 'ParentResourceNotFound', `Can not perform requested operation on nested resource. Parent resource '${p.ep}' not found.`);
        }
        const e = w.endpoints[ewsKey];
        const name = p.dep;
        const nameError = checkDeploymentName(name);
        if (nameError)
            throw nameError;
        if (str(e.resource.properties.provisioningState) === 'Deleting') {
            throw new ArmError(409, 'Conflict', `Endpoint '${ewsKey}' is being deleted.`);
        }
        const body = await readJson(c.req);
        const props = obj(body.properties);
        if (!props)
            throw badArgument('MissingProperty', 'properties is required.', 'properties');
        const computeType = str(props.endpointComputeType);
        if (computeType !== 'Managed' && computeType !== 'Kubernetes') {
            throw badArgument('MissingProperty', "properties.endpointComputeType must be 'Managed' or 'Kubernetes'.", 'properties.endpointComputeType');
        }
        if (!str(body.location))
            throw badArgument('MissingProperty', 'location is required.', 'location');
        const key = findKey(e.deployments, name);
        const existing = key ? e.deployments[key] : undefined;
        if (existing && this.busy(existing.resource)) {
            throw new ArmError(409, 'Conflict', `Deployment '${name}' has an operation in progress (${existing.resource.properties.provisioningState}); retry when it finishes.`);
        }
        if (!existing) {
            const countError = checkDeploymentCount(Object.keys(e.deployments).length);
            if (countError)
                throw countError;
        }
        else {
            const immutable = checkInstanceTypeUnchanged(str(existing.resource.properties.instanceType), str(props.instanceType));
            if (immutable)
                throw immutable;
        }
        const properties = compact({
            description: str(props.description),
            properties: obj(props.properties) ?? {},
            codeConfiguration: obj(props.codeConfiguration),
            environmentId: str(props.environmentId),
            environmentVariables: obj(props.environmentVariables) ?? {},
            endpointComputeType: computeType,
            model: str(props.model),
            modelMountPath: str(props.modelMountPath),
            instanceType: str(props.instanceType) ?? (computeType === 'Managed' ? 'Standard_DS3_v2' : undefined),
            appInsightsEnabled: props.appInsightsEnabled ?? false,
            egressPublicNetworkAccess: str(props.egressPublicNetworkAccess) ?? 'Enabled',
            scaleSettings: obj(props.scaleSettings) ?? { scaleType: 'Default' },
            requestSettings: obj(props.requestSettings) ?? {
                requestTimeout: 'PT5S',
                maxConcurrentRequestsPerInstance: 1,
                maxQueueWait: 'PT0.5S',
            },
            livenessProbe: obj(props.livenessProbe) ?? {
                initialDelay: 'PT10M',
                period: 'PT10S',
                timeout: 'PT2S',
                successThreshold: 1,
                failureThreshold: 30,
            },
            readinessProbe: obj(props.readinessProbe) ?? {
                initialDelay: 'PT10S',
                period: 'PT10S',
                timeout: 'PT2S',
                successThreshold: 1,
                failureThreshold: 30,
            },
            provisioningState: existing ? 'Updating' : 'Creating',
        });
        if (computeType === 'Kubernetes') {
            properties.containerResourceRequirements = obj(props.containerResourceRequirements) ?? null;
        }
        const sku = obj(body.sku) ?? { name: 'Default', capacity: 1 };
        const r = {
            ...resource(`${e.resource.id}/deployments/${name}`, key ?? name, TYPES.deployment, properties, existing?.resource),
            location: str(body.location),
            tags: obj(body.tags) ?? {},
            kind: str(body.kind) ?? computeType,
            sku: {
                name: str(sku.name) ?? 'Default',
                capacity: typeof sku.capacity === 'number' ? sku.capacity : 1,
                ...(str(sku.tier) ? { tier: str(sku.tier) } : {}),
            },
        };
        if (obj(body.identity))
            r.identity = this.identity(obj(body.identity));
        const state = existing ?? {
            resource: r,
            logs: { storageInitializer: [], inferenceServer: [] },
        };
        state.resource = r;
        e.deployments[key ?? name] = state;
        const depName = key ?? name;
        const op = this.provision(state.resource, existing ? 'update' : 'create', this.timings.deploymentProvisionMs, () => this.provisionWithFaults(w.resource.name, ewsKey, depName));
        this.accepted(c, existing ? 200 : 201, op, state.resource, false);
    }
    async provisionWithFaults(ws, ep, dep) {
        const fault = this.faults.take('provisioning', (f) => sameName(f.endpoint, ep) && sameName(f.deployment, dep));
        if (fault?.mode === 'slow')
            await sleep(fault.delayMs ?? 2000);
        if (fault?.mode === 'fail') {
            const d = this.findDeployment(ws, ep, dep);
            const message = fault.message ?? 'Injected provisioning failure.';
            d?.logs.inferenceServer.push(`${new Date().toISOString()} ERROR ${message}`);
            throw new ProvisioningError(fault.code ?? 'DeploymentFailed', message);
        }
        await this.runtime.provisionDeployment(ws, ep, dep);
    }
    findDeployment(ws, ep, dep) {
        const w = this.state.workspaces[findKey(this.state.workspaces, ws) ?? ''];
        const e = w?.endpoints[findKey(w.endpoints, ep) ?? ''];
        return e?.deployments[findKey(e.deployments, dep) ?? ''];
    }
    findEndpoint(ws, ep) {
        const w = this.state.workspaces[findKey(this.state.workspaces, ws) ?? ''];
        return w?.endpoints[findKey(w.endpoints, ep) ?? ''];
    }
    async patchDeployment(c, p) {
        const d = this.deployment(p);
        if (this.busy(d.resource))
            throw new ArmError(409, 'Conflict', `Deployment '${d.resource.name}' has an operation in progress.`);
        const body = await readJson(c.req);
        if (obj(body.tags))
            d.resource.tags = obj(body.tags);
        const sku = obj(body.sku);
        const scaling = sku !== undefined && typeof sku.capacity === 'number';
        if (sku)
            d.resource.sku = { ...(obj(d.resource.sku) ?? {}), ...sku };
        d.resource.systemData = systemData(d.resource.systemData);
        d.resource.properties.provisioningState = scaling ? 'Scaling' : 'Updating';
        const op = this.provision(d.resource, 'update', this.timings.deploymentProvisionMs);
        this.accepted(c, 202, op, undefined, true);
    }
    async deleteDeployment(c, p) {
        const w = this.ws(p);
        const e = this.endpoint(p);
        const epKey = findKey(w.endpoints, p.ep);
        const key = findKey(e.deployments, p.dep);
        if (!key)
            return sendJson(c.res, 204, undefined, c.ids);
        const d = e.deployments[key];
        const traffic = parseTrafficMap(e.resource.properties.traffic, 'traffic');
        const refused = checkDeploymentDeletable(key, traffic, e.mirrorTraffic);
        if (refused)
            throw refused;
        if (str(d.resource.properties.provisioningState) === 'Deleting') {
            throw new ArmError(409, 'Conflict', `Deployment '${key}' is already being deleted.`);
        }
        d.resource.properties.provisioningState = 'Deleting';
        const op = this.startOperation(d.resource.id, 'delete', this.timings.deleteMs, async () => {
            await this.runtime.stopDeployment(w.resource.name, epKey, key);
            delete e.deployments[key];
        });
        this.accepted(c, 202, op, undefined, true);
    }
    // ---------------------------------------------------------------- long-running operations
    operationUrl(kind, id) {
        return `${this.armBase()}/subscriptions/${this.state.subscriptionId}/providers/${PROVIDER}/locations/${this.state.location}/${kind}/${id}?api-version=${API_VERSION}`;
    }
    /** Answer an LRO's first request: the status code, the body, and where to poll. */
    accepted(c, status, op, body, withLocation) {
        const headers = {
            ...c.ids,
            'azure-asyncoperation': this.operationUrl('mfeOperationsStatus', op.id),
            'retry-after': String(this.timings.retryAfterSeconds),
        };
        if (withLocation)
            headers.location = this.operationUrl('mfeOperationResults', op.id);
        sendJson(c.res, status, body, headers);
    }
    /**
     * Record an operation and run its work in the background after `delayMs`. The resource state and
     * the operation record are saved at every transition, so a restart can see where things were.
     */
    /** A long-running create or update: the resource is 'Succeeded' once `work` (if any) is done
     * after `delayMs`, 'Failed' if it throws. */
    provision(resource, kind, delayMs, work = async () => undefined) {
        return this.startOperation(resource.id, kind, delayMs, async () => {
            await work();
            resource.properties.provisioningState = 'Succeeded';
        }, () => {
            resource.properties.provisioningState = 'Failed';
        });
    }
    startOperation(resourceId, kind, delayMs, work, onFail) {
        const op = {
            id: (0,external_node_crypto_.randomUUID)(),
            resourceId,
            kind,
            status: 'InProgress',
            startTime: new Date().toISOString(),
        };
        this.state.operations[op.id] = op;
        this.store.save();
        const run = (async () => {
            await sleep(delayMs);
            if (this.closed)
                return;
            try {
                await work();
                op.status = 'Succeeded';
            }
            catch (e) {
                if (this.closed)
                    return;
                op.status = 'Failed';
                op.error =
                    e instanceof ProvisioningError
                        ? { code: e.code, message: e.message }
                        : { code: 'InternalServerError', message: e instanceof Error ? e.message : String(e) };
                onFail?.();
            }
            op.endTime = new Date().toISOString();
            this.store.save();
        })();
        this.pending.add(run);
        void run.finally(() => this.pending.delete(run));
        return op;
    }
    operation(p) {
        const op = this.state.operations[p.op];
        if (!op)
            throw new ArmError(404, 'NotFound', `Operation '${p.op}' was not found.`);
        return op;
    }
    async operationStatus(c, p) {
        const op = this.operation(p);
        const body = compact({
            id: this.operationUrl('mfeOperationsStatus', op.id).replace(this.armBase(), '').replace(/\?.*$/, ''),
            name: op.id,
            status: op.status,
            startTime: op.startTime,
            endTime: op.endTime,
            error: op.error,
        });
        const headers = op.status === 'InProgress'
            ? { ...c.ids, 'retry-after': String(this.timings.retryAfterSeconds) }
            : c.ids;
        sendJson(c.res, 200, body, headers);
    }
    async operationResult(c, p) {
        const op = this.operation(p);
        if (op.status === 'InProgress') {
            return sendJson(c.res, 202, undefined, {
                ...c.ids,
                location: this.operationUrl('mfeOperationResults', op.id),
                'retry-after': String(this.timings.retryAfterSeconds),
            });
        }
        if (op.status === 'Failed' && op.error) {
            throw new ArmError(400, op.error.code, op.error.message);
        }
        if (op.kind === 'update') {
            const m = /\/workspaces\/([^/]+)\/onlineEndpoints\/([^/]+)(?:\/deployments\/([^/]+))?$/i.exec(op.resourceId);
            const e = m?.[1] && m[2] ? this.findEndpoint(m[1], m[2]) : undefined;
            if (m?.[3] && m[1] && m[2]) {
                const d = this.findDeployment(m[1], m[2], m[3]);
                if (d)
                    return sendJson(c.res, 200, d.resource, c.ids);
            }
            else if (e) {
                return sendJson(c.res, 200, this.endpointBody(e, c.apiVersion), c.ids);
            }
        }
        sendJson(c.res, 200, undefined, c.ids);
    }
    /** After a restart: finish what was in flight and bring every live deployment back up. */
    async resume() {
        const restarts = [];
        for (const op of Object.values(this.state.operations)) {
            if (op.status === 'InProgress') {
                op.status = 'Failed';
                op.error = {
                    code: 'OperationInterrupted',
                    message: 'The local plane restarted while this operation was running.',
                };
                op.endTime = new Date().toISOString();
            }
        }
        for (const [wsName, w] of Object.entries(this.state.workspaces)) {
            for (const [epName, e] of Object.entries(w.endpoints)) {
                const eState = str(e.resource.properties.provisioningState);
                if (eState === 'Deleting') {
                    this.startOperation(e.resource.id, 'delete', 0, async () => {
                        for (const dep of Object.keys(e.deployments))
                            await this.runtime.stopDeployment(wsName, epName, dep);
                        await this.runtime.closeEndpoint(wsName, epName);
                        delete w.endpoints[epName];
                    });
                    continue;
                }
                if (eState === 'Creating' || eState === 'Updating')
                    e.resource.properties.provisioningState = 'Succeeded';
                // Reopen the scoring listener now (same port when free), so the scoring URI is live on return.
                const scoringBase = await this.runtime.openEndpoint(wsName, epName);
                e.scoringPort = Number(new URL(scoringBase).port);
                e.resource.properties.scoringUri = `${scoringBase}/score`;
                e.resource.properties.swaggerUri = `${scoringBase}/swagger.json`;
                for (const [depName, d] of Object.entries(e.deployments)) {
                    const dState = str(d.resource.properties.provisioningState);
                    if (dState === 'Failed')
                        continue;
                    if (dState === 'Deleting') {
                        this.startOperation(d.resource.id, 'delete', 0, async () => {
                            await this.runtime.stopDeployment(wsName, epName, depName);
                            delete e.deployments[depName];
                        });
                        continue;
                    }
                    // Bring the process back before the plane reports ready: a restarted plane serves at once.
                    restarts.push(this.runtime.provisionDeployment(wsName, epName, depName).then(() => {
                        d.resource.properties.provisioningState = 'Succeeded';
                    }, (err) => {
                        d.resource.properties.provisioningState = 'Failed';
                        d.logs.inferenceServer.push(`Restart after plane restart failed: ${String(err)}`);
                    }));
                }
            }
        }
        await Promise.all(restarts);
        this.store.save();
    }
    /** Parse a deployment's model/environment references against this plane's workspaces. */
    resolveAsset(ws, ref, kind) {
        if (!ref)
            return undefined;
        const parsed = parseAssetRef(ref, kind);
        if (!parsed)
            return undefined;
        const w = this.state.workspaces[findKey(this.state.workspaces, parsed.workspace ?? ws) ?? ''];
        const a = w?.[kind][findKey(w[kind], parsed.name) ?? ''];
        return a?.versions[findKey(a.versions, parsed.version) ?? ''];
    }
    isGpu(d) {
        return isGpuInstanceType(str(d.resource.properties.instanceType));
    }
}
function sleep(ms) {
    return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
function defaultWorkspace(sub, rg, name, location, tenantId) {
    const id = workspaceId(sub, rg, name);
    const storage = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/localplane${name}`;
    return {
        ...resource(id, name, TYPES.workspace, {
            workspaceId: (0,external_node_crypto_.randomUUID)(),
            description: `Local AML control plane workspace '${name}'`,
            friendlyName: name,
            keyVault: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/localplane${name}`,
            applicationInsights: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.insights/components/localplane${name}`,
            storageAccount: storage,
            discoveryUrl: `https://${location}.api.azureml.ms/discovery`,
            provisioningState: 'Succeeded',
            hbiWorkspace: false,
            publicNetworkAccess: 'Enabled',
            v1LegacyMode: false,
            mlFlowTrackingUri: `azureml://${location}.api.azureml.ms/mlflow/v1.0${id}`,
        }),
        location,
        tags: {},
        identity: { type: 'SystemAssigned', principalId: (0,external_node_crypto_.randomUUID)(), tenantId },
        sku: { name: 'Basic', tier: 'Basic' },
    };
}

;// CONCATENATED MODULE: ./local/data-plane.ts
// The scoring side: one loopback listener per endpoint. Authenticates (endpoint key or aml_token),
// picks a deployment by the `azureml-model-deployment` header or by the traffic weights, mirrors a
// share of unpinned requests per mirrorTraffic (copies' answers discarded), forwards to the
// deployment's serving process, and counts requests, errors and latencies per deployment.





const MAX_SAMPLES = 5000;
class DataPlane {
    control;
    supervisor;
    faults;
    servers = new Map();
    counters = new Map();
    constructor(control, supervisor, faults) {
        this.control = control;
        this.supervisor = supervisor;
        this.faults = faults;
    }
    /** Open (or reuse) the endpoint's listener, preferring the port it had before a restart. */
    async open(ws, ep) {
        const key = `${ws}/${ep}`.toLowerCase();
        const e = this.endpoint(ws, ep);
        const existing = this.servers.get(key);
        if (existing)
            return baseUrl(existing);
        const server = (0,external_node_http_.createServer)((req, res) => {
            this.handle(ws, ep, req, res).catch((err) => {
                if (!res.headersSent)
                    send(res, 500, { message: String(err) });
                else
                    res.destroy();
            });
        });
        server.keepAliveTimeout = 5000;
        const listen = (port) => new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen(port, '127.0.0.1', () => {
                server.off('error', reject);
                resolve();
            });
        });
        try {
            await listen(e?.scoringPort ?? 0);
        }
        catch {
            await listen(0);
        }
        this.servers.set(key, server);
        if (e)
            e.scoringPort = server.address().port;
        return baseUrl(server);
    }
    async close(ws, ep) {
        const key = `${ws}/${ep}`.toLowerCase();
        const server = this.servers.get(key);
        this.servers.delete(key);
        if (server)
            await closeServer(server);
    }
    async closeAll() {
        const all = [...this.servers.values()];
        this.servers.clear();
        await Promise.all(all.map(closeServer));
    }
    countersFor(ws, ep) {
        const prefix = `${ws}/${ep}/`.toLowerCase();
        const out = {};
        const e = this.endpoint(ws, ep);
        for (const [key, c] of this.counters) {
            if (!key.startsWith(prefix))
                continue;
            const lower = key.slice(prefix.length);
            const name = (e ? findKey(e.deployments, lower) : undefined) ?? lower;
            const sorted = [...c.samples].sort((a, b) => a - b);
            const pct = (q) => sorted.length === 0
                ? 0
                : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
            out[name] = {
                requests: c.requests,
                errors: c.errors,
                mirrored: c.mirrored,
                status: { ...c.status },
                latencyMs: { count: c.samples.length, sum: c.sum, max: c.max, p50: pct(0.5), p95: pct(0.95) },
            };
        }
        return out;
    }
    resetCounters(ws, ep) {
        if (!ws || !ep) {
            this.counters.clear();
            return;
        }
        const prefix = `${ws}/${ep}/`.toLowerCase();
        for (const key of [...this.counters.keys()])
            if (key.startsWith(prefix))
                this.counters.delete(key);
    }
    endpoint(ws, ep) {
        return this.control().findEndpoint(ws, ep);
    }
    count(ws, ep, dep, status, ms, mirrored) {
        const key = `${ws}/${ep}/${dep}`.toLowerCase();
        let c = this.counters.get(key);
        if (!c) {
            c = { requests: 0, errors: 0, mirrored: 0, status: {}, samples: [], sum: 0, max: 0 };
            this.counters.set(key, c);
        }
        c.requests += 1;
        if (mirrored)
            c.mirrored += 1;
        if (status >= 400 || status === 0)
            c.errors += 1;
        const s = String(status);
        c.status[s] = (c.status[s] ?? 0) + 1;
        c.samples.push(ms);
        if (c.samples.length > MAX_SAMPLES)
            c.samples.shift();
        c.sum += ms;
        c.max = Math.max(c.max, ms);
    }
    authorized(ws, e, req) {
        const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
        if (!m?.[1])
            return false;
        const given = m[1];
        const mode = (str(e.resource.properties.authMode) ?? 'Key').toLowerCase();
        if (mode === 'key')
            return [e.keys.primaryKey, e.keys.secondaryKey].some((k) => safeEqual(k, given));
        if (mode === 'amltoken')
            return this.control().verifyAmlToken(given, ws, e.resource.name);
        return false;
    }
    async handle(ws, ep, req, res) {
        const e = this.endpoint(ws, ep);
        if (!e)
            return send(res, 404, { message: `Endpoint '${ep}' does not exist.` });
        if (!this.authorized(ws, e, req)) {
            res.setHeader('www-authenticate', 'Bearer');
            return send(res, 401, {
                message: 'Unauthorized: a valid endpoint key or token is required in the Authorization header.',
            });
        }
        const body = await readBody(req);
        const pinned = req.headers['azureml-model-deployment'];
        let dep;
        if (typeof pinned === 'string' && pinned.length > 0) {
            dep = findKey(e.deployments, pinned);
            if (!dep)
                return send(res, 404, { message: `Deployment '${pinned}' was not found on endpoint '${ep}'.` });
        }
        else {
            dep = pickByWeight((e.resource.properties.traffic ?? {}));
            if (!dep) {
                return send(res, 404, {
                    message: "The endpoint doesn't have any valid deployment with positive weight.",
                });
            }
            for (const [target, pct] of Object.entries(e.mirrorTraffic)) {
                if (pct > 0 && Math.random() * 100 < pct) {
                    const mirrorDep = findKey(e.deployments, target);
                    if (mirrorDep)
                        void this.forward(ws, ep, mirrorDep, req, body, undefined).catch(() => undefined);
                }
            }
        }
        await this.forward(ws, ep, dep, req, body, res);
    }
    /** Send one request to a deployment's process; `res` undefined means a mirrored copy (answer dropped). */
    async forward(ws, ep, dep, req, body, res) {
        const started = performance.now();
        const mirrored = res === undefined;
        const done = (status) => this.count(ws, ep, dep, status, performance.now() - started, mirrored);
        const fault = this.faults.take('deployment', (f) => sameName(f.endpoint, ep) && sameName(f.deployment, dep));
        if (fault?.mode === 'crash')
            this.supervisor.crash(ws, ep, dep);
        if (fault?.mode === 'slow')
            await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
        if (fault?.mode === 'drop') {
            done(0);
            res?.socket?.destroy();
            return;
        }
        if (fault?.mode === 'throttle') {
            const status = fault.status ?? 429;
            done(status);
            if (res)
                send(res, status, { message: 'Too many requests. Retry after the time in the Retry-After header.' }, { 'retry-after': String(fault.retryAfterSeconds ?? 1) });
            return;
        }
        if (fault?.mode === 'error') {
            const status = fault.status ?? 500;
            done(424);
            if (res)
                modelError(res, dep, status, 'Injected deployment error');
            return;
        }
        const target = this.supervisor.target(ws, ep, dep);
        if (!target) {
            done(502);
            if (res)
                send(res, 502, { message: `Deployment '${dep}' is not running.` }, { 'azureml-model-deployment': dep });
            return;
        }
        let upstream;
        try {
            upstream = await proxy(target, req, body);
        }
        catch (err) {
            done(502);
            if (res)
                send(res, 502, { message: `Deployment '${dep}' did not answer: ${String(err)}` }, { 'azureml-model-deployment': dep });
            return;
        }
        if (upstream.status >= 400) {
            done(424);
            if (res)
                modelError(res, dep, upstream.status, upstream.body.toString('utf8').slice(0, 200));
            return;
        }
        let out = upstream.body;
        const json = /json/i.test(upstream.headers['content-type'] ?? '');
        if (json && (target.roundOutputsToFp16 || fault?.mode === 'wrong-boxes')) {
            try {
                let parsed = JSON.parse(out.toString('utf8'));
                if (target.roundOutputsToFp16)
                    parsed = mapNumbers(parsed, toFp16);
                if (fault?.mode === 'wrong-boxes')
                    parsed = wrongBoxes(parsed);
                out = Buffer.from(JSON.stringify(parsed));
            }
            catch {
                // not JSON after all: pass through untouched
            }
        }
        done(upstream.status);
        if (!res)
            return;
        res.writeHead(upstream.status, {
            'content-type': upstream.headers['content-type'] ?? 'application/json',
            'content-length': out.length,
            'azureml-model-deployment': dep,
        });
        res.end(out);
    }
}
function proxy(target, req, body) {
    const base = new URL(target.url);
    const incoming = new URL(req.url ?? '/', 'http://x');
    const headers = { 'content-length': String(body.length) };
    const ct = req.headers['content-type'];
    if (typeof ct === 'string')
        headers['content-type'] = ct;
    const accept = req.headers.accept;
    if (typeof accept === 'string')
        headers.accept = accept;
    return new Promise((resolve, reject) => {
        const r = (0,external_node_http_.request)({
            host: base.hostname,
            port: base.port,
            method: req.method,
            path: `${base.pathname.replace(/\/$/, '')}${incoming.pathname}${incoming.search}`,
            headers,
        }, (up) => {
            const chunks = [];
            up.on('data', (c) => chunks.push(c));
            up.on('end', () => resolve({
                status: up.statusCode ?? 502,
                headers: Object.fromEntries(Object.entries(up.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)])),
                body: Buffer.concat(chunks),
            }));
            up.on('error', reject);
        });
        r.on('error', reject);
        r.end(body);
    });
}
function modelError(res, dep, status, reason) {
    send(res, 424, { message: 'An unexpected error occurred in scoring script. Check the logs for more info.' }, {
        'azureml-model-deployment': dep,
        'ms-azureml-model-error-statuscode': String(status),
        'ms-azureml-model-error-reason': reason.replace(/[^\x20-\x7e]/g, ' ').slice(0, 200),
    });
}
function send(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...headers,
    });
    res.end(text);
}
/** Weighted choice among deployments with positive traffic; undefined when none has any. */
function pickByWeight(traffic, rnd = Math.random()) {
    const live = Object.entries(traffic).filter(([, w]) => w > 0);
    const total = live.reduce((a, [, w]) => a + w, 0);
    if (total <= 0)
        return undefined;
    let x = rnd * total;
    for (const [name, w] of live) {
        x -= w;
        if (x < 0)
            return name;
    }
    return live[live.length - 1]?.[0];
}
/** Round a number to the nearest IEEE 754 half-precision value (what an FP16 GPU model emits). */
function toFp16(x) {
    if (!Number.isFinite(x) || x === 0)
        return x;
    const abs = Math.abs(x);
    if (abs >= 65520)
        return Math.sign(x) * Number.POSITIVE_INFINITY;
    const exp = Math.max(Math.floor(Math.log2(abs)), -14);
    const step = 2 ** (exp - 10);
    return Math.sign(x) * Math.round(abs / step) * step;
}
function mapNumbers(v, f) {
    if (typeof v === 'number')
        return Number.isInteger(v) ? v : f(v);
    if (Array.isArray(v))
        return v.map((x) => mapNumbers(x, f));
    if (v !== null && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapNumbers(x, f)]));
    }
    return v;
}
/** Shift every AutoML-format box to the opposite corner: plausible JSON, wrong answer. */
function wrongBoxes(v) {
    if (Array.isArray(v))
        return v.map(wrongBoxes);
    if (v !== null && typeof v === 'object') {
        const o = v;
        if ('topX' in o && 'bottomX' in o && typeof o.topX === 'number' && typeof o.bottomX === 'number') {
            const t = o;
            const w = t.bottomX - t.topX;
            const h = (t.bottomY ?? 0) - (t.topY ?? 0);
            const topX = Math.max(0, 1 - t.bottomX);
            const topY = Math.max(0, 1 - (t.bottomY ?? 0));
            return { ...o, topX, topY, bottomX: Math.min(1, topX + w), bottomY: Math.min(1, topY + h) };
        }
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, wrongBoxes(x)]));
    }
    return v;
}
function safeEqual(a, b) {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && (0,external_node_crypto_.timingSafeEqual)(x, y);
}
function baseUrl(server) {
    const addr = server.address();
    return `http://127.0.0.1:${addr.port}`;
}
function closeServer(server) {
    return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
    });
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
// EXTERNAL MODULE: external "node:readline"
var external_node_readline_ = __webpack_require__(80481);
;// CONCATENATED MODULE: ./local/supervisor.ts
// Deployment processes. Like AML's storage initializer, a deployment first copies its model
// version's files from the datastore (Azurite) into its own folder; then one child process per
// deployment serves them with the project's scorer (`aml-rollout serve ...`), restarted if it
// crashes, stopped when the deployment goes. Every step lands in the deployment's logs.









const MAX_LOG_LINES = 2000;
class DeploymentSupervisor {
    options;
    control;
    state;
    running = new Map();
    stopping = new Set();
    restartTimers = new Map();
    /** Every live child, ready or still starting, so shutdown never leaves one behind. */
    children = new Set();
    closed = false;
    constructor(options, control, state) {
        this.options = options;
        this.control = control;
        this.state = state;
    }
    target(ws, ep, dep) {
        return this.running.get(keyOf(ws, ep, dep));
    }
    /** Kill the process as a crash would (fault injection); the supervisor restarts it. */
    crash(ws, ep, dep) {
        const t = this.target(ws, ep, dep);
        if (!t)
            return false;
        t.child.kill('SIGKILL');
        return true;
    }
    async provision(ws, ep, dep) {
        const key = keyOf(ws, ep, dep);
        await this.stop(ws, ep, dep);
        this.stopping.delete(key);
        const d = this.deployment(ws, ep, dep);
        const log = (line) => pushLog(d.logs.storageInitializer, line);
        d.logs.storageInitializer = [];
        const control = this.control();
        const modelRef = str(d.resource.properties.model);
        const model = control.resolveAsset(ws, modelRef, 'models');
        if (!model) {
            const message = `Model '${modelRef ?? '(none)'}' was not found: the model version does not exist in this workspace. Register it first or fix the deployment's model reference.`;
            log(`Error: ${message}`);
            throw new ProvisioningError('ResourceNotFound', message);
        }
        const envRef = str(d.resource.properties.environmentId);
        let protocol = 'automl';
        if (envRef) {
            const env = control.resolveAsset(ws, envRef, 'environments');
            if (!env) {
                const message = `Environment '${envRef}' was not found: the environment version does not exist in this workspace. Register it first or fix the deployment's environment reference.`;
                log(`Error: ${message}`);
                pushLog(d.logs.inferenceServer, `Error: ${message}`);
                throw new ProvisioningError('ResourceNotFound', message);
            }
            protocol = protocolOf(obj(obj(env.properties.inferenceConfig)?.scoringRoute));
        }
        const envVars = (obj(d.resource.properties.environmentVariables) ?? {});
        const override = str(envVars.AML_ROLLOUT_SCORING_PROTOCOL);
        if (override === 'automl' || override === 'kserve' || override === 'torchserve')
            protocol = override;
        const dir = external_node_path_default().join(this.options.stateDir, 'deployments', ws, ep, dep, 'model');
        const modelUri = str(model.properties.modelUri) ?? '';
        log(`Downloading model ${model.name} version from ${modelUri}`);
        const files = await this.download(ws, modelUri, dir, log);
        log(`Downloaded ${files.length} file(s): ${files.join(', ')}`);
        const gpu = control.isGpu(d);
        const onnx = files.filter((f) => f.endsWith('.onnx'));
        const fp32 = onnx.find((f) => external_node_path_default().basename(f) === 'model.onnx') ?? onnx.find((f) => !f.endsWith('-fp16.onnx'));
        const fp16 = onnx.find((f) => external_node_path_default().basename(f) === 'model-fp16.onnx');
        const card = files.find((f) => /^model-card\.ya?ml$/.test(external_node_path_default().basename(f)));
        if (!fp32 && !(gpu && fp16)) {
            const message = `No ONNX model file was found under ${modelUri}; expected model.onnx beside model-card.yaml.`;
            log(`Error: ${message}`);
            throw new ProvisioningError('ModelFilesNotFound', message);
        }
        if (!card) {
            const message = `No model-card.yaml was found under ${modelUri}; a registered model folder carries its model card beside the ONNX file.`;
            log(`Error: ${message}`);
            throw new ProvisioningError('ModelFilesNotFound', message);
        }
        const modelFile = gpu && fp16 ? fp16 : fp32;
        const roundOutputsToFp16 = gpu && !fp16;
        if (gpu) {
            log(fp16
                ? `GPU instance type: serving the FP16 variant ${external_node_path_default().basename(fp16)}`
                : 'GPU instance type without model-fp16.onnx: serving model.onnx and rounding numeric outputs to FP16');
        }
        const launch = {
            ws,
            ep,
            dep,
            model: external_node_path_default().join(dir, modelFile),
            card: external_node_path_default().join(dir, card),
            protocol,
            envVars,
            roundOutputsToFp16,
        };
        await this.launch(launch);
    }
    async launch(l) {
        const key = keyOf(l.ws, l.ep, l.dep);
        const d = this.deployment(l.ws, l.ep, l.dep);
        const port = await freePort();
        const params = Object.entries(l.envVars)
            .filter(([k]) => /^[a-z][a-z0-9_]*$/.test(k))
            .flatMap(([k, v]) => ['--param', `${k}=${v}`]);
        const base = this.options.serveCommand();
        const args = [
            ...base.args,
            'serve',
            '--model',
            l.model,
            '--card',
            l.card,
            '--port',
            String(port),
            '--protocol',
            l.protocol,
            ...params,
        ];
        pushLog(d.logs.inferenceServer, `${new Date().toISOString()} Starting inference server: serve --protocol ${l.protocol} --port ${port}`);
        const child = (0,external_node_child_process_.spawn)(base.command, args, {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: {
                ...process.env,
                ...l.envVars,
                AZUREML_MODEL_DIR: external_node_path_default().dirname(l.model),
                AML_ROLLOUT_DEPLOYMENT: l.dep,
                AML_ROLLOUT_ENDPOINT: l.ep,
            },
        });
        this.children.add(child);
        child.once('exit', () => this.children.delete(child));
        const url = await new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                child.kill('SIGKILL');
                reject(new ProvisioningError('DeploymentTimeout', `The inference server did not become ready within ${this.options.startTimeoutMs} ms.`));
            }, this.options.startTimeoutMs);
            let ready = false;
            const lines = (0,external_node_readline_.createInterface)({ input: child.stdout });
            lines.on('line', (line) => {
                if (!ready) {
                    try {
                        const parsed = JSON.parse(line);
                        if (typeof parsed.url === 'string') {
                            ready = true;
                            clearTimeout(timer);
                            resolve(parsed.url.replace(/\/$/, ''));
                            return;
                        }
                    }
                    catch {
                        // not the ready line
                    }
                }
                pushLog(this.deploymentOrNull(l.ws, l.ep, l.dep)?.logs.inferenceServer, line);
            });
            (0,external_node_readline_.createInterface)({ input: child.stderr }).on('line', (line) => pushLog(this.deploymentOrNull(l.ws, l.ep, l.dep)?.logs.inferenceServer, line));
            child.once('exit', (code, signal) => {
                if (!ready) {
                    clearTimeout(timer);
                    const tail = d.logs.inferenceServer.slice(-5).join(' | ');
                    reject(new ProvisioningError('DeploymentFailed', `The inference server exited (${signal ?? code}) before it was ready: ${tail}`));
                }
            });
        });
        if (this.closed || this.stopping.has(key)) {
            await stopChild(child);
            throw new ProvisioningError('PlaneStopping', 'The deployment was stopped while it was starting.');
        }
        const target = {
            url,
            protocol: l.protocol,
            roundOutputsToFp16: l.roundOutputsToFp16,
            child,
        };
        this.running.set(key, target);
        pushLog(d.logs.inferenceServer, `${new Date().toISOString()} Inference server ready at ${url}`);
        child.once('exit', (code, signal) => {
            if (this.running.get(key) === target)
                this.running.delete(key);
            if (this.closed || this.stopping.has(key))
                return;
            const dep = this.deploymentOrNull(l.ws, l.ep, l.dep);
            if (!dep)
                return;
            pushLog(dep.logs.inferenceServer, `${new Date().toISOString()} Container crashed (exit ${signal ?? code}); restarting.`);
            const timer = setTimeout(() => {
                this.restartTimers.delete(key);
                if (this.closed || this.stopping.has(key) || !this.deploymentOrNull(l.ws, l.ep, l.dep))
                    return;
                this.launch(l).catch((e) => pushLog(this.deploymentOrNull(l.ws, l.ep, l.dep)?.logs.inferenceServer, `Restart failed: ${String(e)}`));
            }, this.options.restartDelayMs);
            this.restartTimers.set(key, timer);
        });
    }
    async stop(ws, ep, dep) {
        const key = keyOf(ws, ep, dep);
        this.stopping.add(key);
        const timer = this.restartTimers.get(key);
        if (timer)
            clearTimeout(timer);
        this.restartTimers.delete(key);
        const t = this.running.get(key);
        this.running.delete(key);
        if (t)
            await stopChild(t.child);
    }
    async stopAll() {
        this.closed = true;
        for (const t of this.restartTimers.values())
            clearTimeout(t);
        this.restartTimers.clear();
        this.running.clear();
        await Promise.all([...this.children].map((c) => stopChild(c)));
    }
    /** Copy every blob under the model's path into `dir`; returns the file names relative to `dir`. */
    async download(ws, modelUri, dir, log) {
        const location = this.blobLocation(ws, modelUri);
        if (!location) {
            const message = `Model URI '${modelUri}' is not on a datastore of this plane (expected azureml://.../datastores/<name>/paths/<path>).`;
            log(`Error: ${message}`);
            throw new ProvisioningError('InvalidModelUri', message);
        }
        const st = this.state();
        const service = new esm.BlobServiceClient(this.options.blobEndpoint(), new esm/* StorageSharedKeyCredential */.Z3(st.azurite.accountName, st.azurite.accountKey));
        const container = service.getContainerClient(location.container);
        const prefix = location.path.replace(/^\/+/, '').replace(/\/+$/, '');
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
        (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
        const files = [];
        try {
            for await (const blob of container.listBlobsFlat({ prefix })) {
                if (blob.name !== prefix && !blob.name.startsWith(`${prefix}/`))
                    continue;
                const rel = blob.name === prefix ? external_node_path_default().basename(prefix) : blob.name.slice(prefix.length + 1);
                const target = external_node_path_default().join(dir, rel);
                (0,external_node_fs_.mkdirSync)(external_node_path_default().dirname(target), { recursive: true });
                await container.getBlobClient(blob.name).downloadToFile(target);
                files.push(rel);
            }
        }
        catch (e) {
            const message = `Could not download the model from datastore container '${location.container}': ${e instanceof Error ? e.message : String(e)}`;
            log(`Error: ${message}`);
            throw new ProvisioningError('StorageInitializerFailed', message);
        }
        if (files.length === 0) {
            const message = `No files were found under ${modelUri}.`;
            log(`Error: ${message}`);
            throw new ProvisioningError('ModelFilesNotFound', message);
        }
        return files.sort();
    }
    blobLocation(ws, modelUri) {
        const st = this.state();
        const m = /^azureml:\/\/(?:.*\/workspaces\/([^/]+)\/)?datastores\/([^/]+)\/paths\/(.+)$/i.exec(modelUri);
        if (m?.[2] && m[3]) {
            const w = st.workspaces[findKey(st.workspaces, m[1] ?? ws) ?? ''];
            const ds = w?.datastores[findKey(w.datastores, m[2]) ?? ''];
            const container = str(ds?.resource.properties.containerName);
            return container ? { container, path: decodeURIComponent(m[3]) } : undefined;
        }
        try {
            const u = new URL(modelUri);
            const base = new URL(this.options.blobEndpoint());
            if (u.host === base.host) {
                const parts = u.pathname.split('/').filter(Boolean);
                if (parts.length >= 3 && parts[0] === st.azurite.accountName) {
                    return { container: parts[1], path: decodeURIComponent(parts.slice(2).join('/')) };
                }
            }
        }
        catch {
            // not a URL
        }
        return undefined;
    }
    deploymentOrNull(ws, ep, dep) {
        return this.control().findDeployment(ws, ep, dep);
    }
    deployment(ws, ep, dep) {
        const d = this.deploymentOrNull(ws, ep, dep);
        if (!d)
            throw new ProvisioningError('ResourceNotFound', `Deployment ${ep}/${dep} no longer exists.`);
        return d;
    }
}
function protocolOf(route) {
    const p = typeof route?.path === 'string' ? route.path : '';
    if (p.startsWith('/v2/'))
        return 'kserve';
    if (p.startsWith('/predictions'))
        return 'torchserve';
    return 'automl';
}
function keyOf(ws, ep, dep) {
    return `${ws}/${ep}/${dep}`.toLowerCase();
}
function pushLog(lines, line) {
    if (!lines)
        return;
    lines.push(line);
    if (lines.length > MAX_LOG_LINES)
        lines.splice(0, lines.length - MAX_LOG_LINES);
}
function freePort() {
    return new Promise((resolve, reject) => {
        const s = (0,external_node_net_.createServer)();
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => {
            const addr = s.address();
            const port = typeof addr === 'object' && addr ? addr.port : 0;
            s.close(() => resolve(port));
        });
    });
}
function listFiles(dir) {
    return existsSync(dir) ? readdirSync(dir) : [];
}

;// CONCATENATED MODULE: ./local/plane.ts
// The local AML control plane as one object: state on disk, TLS, Azurite, the ARM server (HTTPS),
// the data plane, deployment processes and the admin API. `startPlane` brings it up (resuming
// whatever the state dir holds); `stop` takes everything down and leaves no child or port behind.














const CONNECTION_FILE = 'plane.json';
const DEFAULT_WORKSPACES = ['dev', 'prod'];
const DEFAULT_TIMINGS = {
    endpointProvisionMs: 1000,
    deploymentProvisionMs: 1000,
    deleteMs: 500,
    retryAfterSeconds: 1,
};
async function startPlane(options) {
    const stateDir = external_node_path_default().resolve(options.stateDir);
    const resuming = (0,external_node_fs_.existsSync)(external_node_path_default().join(stateDir, STATE_FILE));
    const store = new StateStore(stateDir);
    const st = store.state;
    const tls = await ensurePlaneTls(stateDir);
    const azurite = await startAzurite(stateDir, st.azurite.port, st.azurite.accountName);
    // Taken down in this order: stop taking requests, stop work, kill children, then storage.
    let arm;
    let admin;
    let control;
    let supervisor;
    let dataPlane;
    const teardown = async () => {
        if (arm)
            await plane_closeServer(arm);
        if (admin)
            await plane_closeServer(admin);
        control?.close();
        await supervisor?.stopAll();
        await control?.settle();
        await dataPlane?.closeAll();
        await azurite.stop();
    };
    try {
        st.azurite.port = azurite.port;
        const faults = new FaultRegistry();
        let armBase = '';
        const getControl = () => control;
        supervisor = new DeploymentSupervisor({
            stateDir,
            serveCommand: options.serveCommand ?? cli_self/* selfCommand */.e,
            restartDelayMs: options.restartDelayMs ?? 500,
            startTimeoutMs: options.startTimeoutMs ?? 120_000,
            blobEndpoint: () => azurite.blobEndpoint,
        }, getControl, () => store.state);
        const sup = supervisor;
        dataPlane = new DataPlane(getControl, sup, faults);
        const dp = dataPlane;
        control = new ControlPlane(store, {
            openEndpoint: (ws, ep) => dp.open(ws, ep),
            closeEndpoint: (ws, ep) => dp.close(ws, ep),
            provisionDeployment: (ws, ep, dep) => sup.provision(ws, ep, dep),
            stopDeployment: (ws, ep, dep) => sup.stop(ws, ep, dep),
        }, faults, { ...DEFAULT_TIMINGS, ...options.timings }, () => armBase);
        const ctl = control;
        await ensureWorkspaces(store, azurite, [...DEFAULT_WORKSPACES, ...(options.workspaces ?? [])]);
        arm = (0,external_node_https_.createServer)({ cert: tls.cert, key: tls.key }, (req, res) => {
            void ctl.handle(req, res);
        });
        const armPort = await listen(arm, st.ports.arm);
        armBase = `https://127.0.0.1:${armPort}`;
        let resolveStopped = () => undefined;
        const stopped = new Promise((r) => {
            resolveStopped = r;
        });
        let stopping;
        const connection = {
            pid: process.pid,
            armEndpoint: armBase,
            caCertPath: tls.caCertPath,
            token: st.token,
            subscriptionId: st.subscriptionId,
            resourceGroup: st.resourceGroup,
            location: st.location,
            tenantId: st.tenantId,
            workspaces: Object.fromEntries(Object.values(st.workspaces).map((w) => [w.resource.name, w.resource.id])),
            azuriteBlobEndpoint: azurite.blobEndpoint,
            adminEndpoint: '',
            stateDir,
        };
        const stop = () => {
            stopping ??= (async () => {
                await teardown().catch(() => undefined);
                store.save();
                const file = external_node_path_default().join(stateDir, CONNECTION_FILE);
                if ((0,external_node_fs_.existsSync)(file) && readConnectionPid(file) === process.pid)
                    (0,external_node_fs_.rmSync)(file, { force: true });
                resolveStopped();
            })();
            return stopping;
        };
        admin = createAdminServer({
            faults,
            dataPlane: dp,
            supervisor: sup,
            info: () => connection,
            shutdown: () => void stop(),
        });
        const adminPort = await listen(admin, st.ports.admin);
        connection.adminEndpoint = `http://127.0.0.1:${adminPort}`;
        st.ports = { arm: armPort, admin: adminPort };
        store.save();
        if (resuming)
            await control.resume();
        (0,external_node_fs_.writeFileSync)(external_node_path_default().join(stateDir, CONNECTION_FILE), `${JSON.stringify(connection, null, 2)}\n`, {
            mode: 0o600,
        });
        return { connection, faults, dataPlane: dp, supervisor: sup, control: ctl, store, stopped, stop };
    }
    catch (e) {
        await teardown().catch(() => undefined);
        throw e;
    }
}
function readConnectionPid(file) {
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8')).pid;
    }
    catch {
        return undefined;
    }
}
/** First start: the workspaces and their default blob datastore, each backed by an Azurite container. */
async function ensureWorkspaces(store, azurite, names) {
    const st = store.state;
    const blob = new esm.BlobServiceClient(azurite.blobEndpoint, new esm/* StorageSharedKeyCredential */.Z3(st.azurite.accountName, st.azurite.accountKey));
    for (const name of [...new Set(names)]) {
        if (!st.workspaces[name]) {
            st.workspaces[name] = {
                resource: defaultWorkspace(st.subscriptionId, st.resourceGroup, name, st.location, st.tenantId),
                datastores: {},
                models: {},
                environments: {},
                endpoints: {},
            };
        }
        const w = st.workspaces[name];
        const workspaceGuid = String(w.resource.properties.workspaceId ?? name);
        const container = `azureml-blobstore-${workspaceGuid}`;
        const existing = w.datastores.workspaceblobstore;
        const properties = {
            description: 'Default blob datastore of the workspace (Azurite on loopback)',
            tags: {},
            properties: {},
            isDefault: true,
            credentials: { credentialsType: 'AccountKey' },
            datastoreType: 'AzureBlob',
            accountName: st.azurite.accountName,
            containerName: container,
            // Azurite is path-style on an IP host: blob service URL = protocol://endpoint/accountName.
            endpoint: `127.0.0.1:${azurite.port}`,
            protocol: 'http',
            serviceDataAccessAuthIdentity: 'None',
        };
        w.datastores.workspaceblobstore = {
            resource: resource(`${w.resource.id}/datastores/workspaceblobstore`, 'workspaceblobstore', TYPES.datastore, properties, existing?.resource),
            secrets: { secretsType: 'AccountKey', key: st.azurite.accountKey },
        };
        await blob.getContainerClient(container).createIfNotExists();
    }
    store.save();
}
function listen(server, preferred) {
    const attempt = (port) => new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
            server.off('error', reject);
            resolve(server.address().port);
        });
    });
    return attempt(preferred).catch(() => attempt(0));
}
function plane_closeServer(server) {
    return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
    });
}


/***/ })

};
