export const id = 200;
export const ids = [200];
export const modules = {

/***/ 36200:
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
// EXTERNAL MODULE: ./node_modules/@azure/storage-blob/dist/esm/index.js + 143 modules
var esm = __webpack_require__(67940);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
// EXTERNAL MODULE: ./shared/launch/cli.ts
var cli = __webpack_require__(78570);
// EXTERNAL MODULE: ./shared/registry/reference.ts
var registry_reference = __webpack_require__(65189);
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
/** ARM id of the registry the plane links to a workspace (one per workspace, like AML's default). */
function registryId(sub, rg, ws) {
    return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${registryName(ws)}`;
}
/** Registry names are 5-50 alphanumerics. */
function registryName(ws) {
    return `localplane${ws.toLowerCase().replace(/[^a-z0-9]/g, '')}`.slice(0, 50);
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
;// CONCATENATED MODULE: ./local/arm-http.ts
// ARM's wire conventions in one place: error bodies (`{"error":{"code","message"}}`), request ids,
// JSON responses, reading a request body. Every handler throws ArmError; the server turns it into
// the status, headers and body Azure would send.

class ArmError extends Error {
    status;
    code;
    details;
    headers;
    target;
    constructor(status, code, message, details = [], headers = {}, 
    /** The request part at fault (`name`, `version`, `properties.traffic`), as ARM's ErrorDetail has it. */
    target) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
        this.headers = headers;
        this.target = target;
        this.name = 'ArmError';
    }
    body() {
        const error = { code: this.code, message: this.message };
        if (this.target)
            error.target = this.target;
        if (this.details.length > 0) {
            error.details = this.details.map((d) => ({ ...d }));
        }
        return { error };
    }
}
const badArgument = (reason, message, target) => new ArmError(400, 'BadArgument', message, [{ code: reason, message, ...(target ? { target } : {}) }], {}, target);
/** ARM request bodies above this are answered 413 before they are read whole (documented in docs/local-plane.md). */
const MAX_ARM_BODY_BYTES = 4 * 1024 * 1024;
const bodyTooLarge = (limit) => new ArmError(413, 'RequestEntityTooLarge', `The request body is larger than ${limit} bytes (${limit / 1024 / 1024} MiB), the most this service accepts.`, [], 
// The rest of the body is discarded, not read: the connection cannot be reused.
{ connection: 'close' });
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
/**
 * The whole body, or a 413 ArmError once it passes `limit`: a declared length over the limit is
 * refused before a byte is read; past the limit the rest is drained and dropped (never buffered), so
 * the client still gets the answer instead of a reset connection.
 */
function readBody(req, limit = 64 * 1024 * 1024) {
    return new Promise((resolve, reject) => {
        const declared = Number(req.headers['content-length']);
        if (Number.isFinite(declared) && declared > limit) {
            req.resume();
            reject(bodyTooLarge(limit));
            return;
        }
        const chunks = [];
        let size = 0;
        const onData = (c) => {
            size += c.length;
            if (size > limit) {
                chunks.length = 0;
                req.off('data', onData);
                req.resume();
                reject(bodyTooLarge(limit));
                return;
            }
            chunks.push(c);
        };
        req.on('data', onData);
        req.on('end', () => resolve(Buffer.concat(chunks)));
        req.on('error', reject);
    });
}
async function readJson(req, limit = MAX_ARM_BODY_BYTES) {
    const raw = await readBody(req, limit);
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

;// CONCATENATED MODULE: ./local/servers.ts
function listen(server, preferred, host = '127.0.0.1') {
    const attempt = (port) => new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
            server.off('error', reject);
            resolve(server.address().port);
        });
    });
    return attempt(preferred).catch(() => attempt(0));
}
function closeServer(server) {
    return new Promise((resolve) => {
        if (!server.listening)
            return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
    });
}

;// CONCATENATED MODULE: ./local/acr/access.ts
// What a registry request needs and what a token grants, in the Docker token-auth terms ACR uses:
// scopes (`repository:<name>:pull,push`), the access a `/v2/*` request requires, and the
// `WWW-Authenticate` challenge and error body ACR answers with. Pure functions; the front does I/O.
/**
 * Parse `scope` values (each may hold several space-separated scopes). A scope is
 * `type:name:actions`; the name may itself hold a `:` only for a port in a name, so the type is
 * the first field and the actions the last.
 */
function parseScopes(values) {
    const out = [];
    for (const value of values) {
        for (const scope of value.split(' ').filter(Boolean)) {
            const parts = scope.split(':');
            if (parts.length < 3)
                continue;
            const type = parts[0].replace(/\(.*\)$/, ''); // `repository(plugin)` is a repository
            const actions = parts.at(-1).split(',').filter(Boolean);
            out.push({ type, name: parts.slice(1, -1).join(':'), actions });
        }
    }
    return out;
}
/** The plane's identity owns both registries, so a token grants every action asked for. */
function grant(requested) {
    const merged = new Map();
    for (const a of requested) {
        const key = `${a.type}:${a.name}`;
        const m = merged.get(key) ?? { type: a.type, name: a.name, actions: [] };
        for (const act of a.actions)
            if (!m.actions.includes(act))
                m.actions.push(act);
        merged.set(key, m);
    }
    return [...merged.values()];
}
function allows(access, need) {
    return access.some((a) => a.type === need.type &&
        a.name === need.name &&
        (a.actions.includes(need.action) || a.actions.includes('*')));
}
/** The repository name, the route kind and the rest of a `/v2/<name>/<kind>/<rest>` path. */
function parseV2Path(pathname) {
    const m = /^\/v2\/(.+?)\/(manifests|blobs|tags|referrers)\/(.*)$/.exec(pathname);
    return m ? { name: m[1], kind: m[2], rest: m[3] } : undefined;
}
/** The access a `/v2/*` request needs; undefined for `/v2/` itself (any valid token will do). */
function needOf(method, pathname) {
    if (pathname === '/v2/' || pathname === '/v2')
        return undefined;
    if (pathname === '/v2/_catalog') {
        return { type: 'registry', name: 'catalog', action: '*', challengeActions: ['*'] };
    }
    const p = parseV2Path(pathname);
    const name = p?.name ?? pathname.replace(/^\/v2\//, '');
    if (method === 'GET' || method === 'HEAD') {
        return { type: 'repository', name, action: 'pull', challengeActions: ['pull'] };
    }
    if (method === 'DELETE') {
        return { type: 'repository', name, action: 'delete', challengeActions: ['delete'] };
    }
    return { type: 'repository', name, action: 'push', challengeActions: ['pull', 'push'] };
}
/** ACR's `WWW-Authenticate` value: realm and service always, scope when a resource is involved. */
function challenge(loginServer, need, error) {
    const parts = [`realm="https://${loginServer}/oauth2/token"`, `service="${loginServer}"`];
    if (need)
        parts.push(`scope="${need.type}:${need.name}:${need.challengeActions.join(',')}"`);
    if (error)
        parts.push(`error="${error}"`);
    return `Bearer ${parts.join(',')}`;
}
/** The distribution error body ACR sends (`{"errors":[{code,message,detail}]}`). */
function registryError(code, message, detail = null) {
    return JSON.stringify({ errors: [{ code, message, detail }] });
}
const AUTH_REQUIRED = 'authentication required, visit https://aka.ms/acr/authorization for more information.';

;// CONCATENATED MODULE: ./local/acr/counters.ts
// Per-registry request counters, so tests and benchmarks can say what a push cost: how many blob
// HEADs, upload starts, chunks, cross-repository mounts and manifest calls reached the registry,
// and how many bytes it received and sent. Only requests that passed sign-in are counted by kind
// (a client's first, unauthenticated try is counted once as a challenge), so the numbers are the
// registry API calls the client made.

const REQUEST_KINDS = [
    'blobHead',
    'blobGet',
    'blobUploadStart',
    'blobMount',
    'blobUploadPatch',
    'blobUploadPut',
    'manifestHead',
    'manifestGet',
    'manifestPut',
    'delete',
    'other',
];
/** Which kind of registry call a `/v2/*` request is. */
function requestKind(method, url) {
    const p = parseV2Path(url.pathname);
    if (!p)
        return 'other';
    if (method === 'DELETE')
        return 'delete';
    if (p.kind === 'manifests') {
        if (method === 'HEAD')
            return 'manifestHead';
        if (method === 'GET')
            return 'manifestGet';
        if (method === 'PUT')
            return 'manifestPut';
        return 'other';
    }
    if (p.kind !== 'blobs')
        return 'other';
    if (p.rest.startsWith('uploads')) {
        if (method === 'POST') {
            return url.searchParams.has('mount') && url.searchParams.has('from') ? 'blobMount' : 'blobUploadStart';
        }
        if (method === 'PATCH')
            return 'blobUploadPatch';
        if (method === 'PUT')
            return 'blobUploadPut';
        return 'other';
    }
    if (method === 'HEAD')
        return 'blobHead';
    if (method === 'GET')
        return 'blobGet';
    return 'other';
}
class RegistryCounters {
    v = emptyCounters();
    count(kind) {
        this.v.requests[kind] += 1;
    }
    add(field, n = 1) {
        this.v[field] += n;
    }
    values() {
        return { ...this.v, requests: { ...this.v.requests } };
    }
    reset() {
        this.v = emptyCounters();
    }
}
function emptyCounters() {
    return {
        requests: Object.fromEntries(REQUEST_KINDS.map((k) => [k, 0])),
        blobMountsHonoured: 0,
        tokenExchanges: 0,
        tokenRequests: 0,
        challenges: 0,
        bytesReceived: 0,
        bytesSent: 0,
    };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: ./shared/registry/digest.ts
var registry_digest = __webpack_require__(34910);
// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./local/acr/builtin/store.ts
// Storage of the builtin OCI registry under one folder, laid out as distribution lays it out so a
// reader of either finds the same things: content-addressed blobs (`blobs/sha256/<hex>`, manifests
// among them), per repository the blobs it may read (`repositories/<name>/_layers/sha256/<hex>`),
// its manifests (`_manifests/revisions/sha256/<hex>`, holding the media type) and tags
// (`_manifests/tags/<tag>`, holding a digest), and upload sessions as files that grow
// (`uploads/<uuid>/data`). Every write lands in a temp file and is renamed into place, and a blob
// is renamed in only once its bytes hash to its digest.






/** Repository names and tags per the OCI distribution spec. */
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** Only sha256 is accepted (distribution accepts others; no client of the suite sends them). */
const DIGEST = /^sha256:[a-f0-9]{64}$/;
class BuiltinStore {
    root;
    /** Running hashes of sessions fed only through this process (a restart re-reads the file). */
    hashes = new Map();
    constructor(root) {
        this.root = root;
        // Temp files a killed plane left half-written; nothing refers to them.
        (0,external_node_fs_.rmSync)(external_node_path_default().join(root, 'tmp'), { recursive: true, force: true });
        for (const d of ['blobs/sha256', 'repositories', 'uploads', 'tmp'])
            (0,external_node_fs_.mkdirSync)(external_node_path_default().join(root, d), { recursive: true });
    }
    blobFile(digest) {
        return external_node_path_default().join(this.root, 'blobs', 'sha256', digest.slice('sha256:'.length));
    }
    repoDir(repository) {
        return external_node_path_default().join(this.root, 'repositories', ...repository.split('/'));
    }
    layerLink(repository, digest) {
        return external_node_path_default().join(this.repoDir(repository), '_layers', 'sha256', digest.slice('sha256:'.length));
    }
    revisionLink(repository, digest) {
        return external_node_path_default().join(this.repoDir(repository), '_manifests', 'revisions', 'sha256', digest.slice('sha256:'.length));
    }
    tagFile(repository, tag) {
        return external_node_path_default().join(this.repoDir(repository), '_manifests', 'tags', tag);
    }
    /** Size of a blob the repository may read, or undefined. */
    async blobSize(repository, digest) {
        if (!(0,external_node_fs_.existsSync)(this.layerLink(repository, digest)))
            return undefined;
        return (await (0,external_node_fs_promises_.stat)(this.blobFile(digest)).catch(() => undefined))?.size;
    }
    openBlob(digest) {
        return (0,external_node_fs_.createReadStream)(this.blobFile(digest), { highWaterMark: 1 << 20 });
    }
    async linkBlob(repository, digest) {
        await this.atomicWrite(this.layerLink(repository, digest), digest);
    }
    async unlinkBlob(repository, digest) {
        const link = this.layerLink(repository, digest);
        if (!(0,external_node_fs_.existsSync)(link))
            return false;
        await (0,external_node_fs_promises_.rm)(link, { force: true });
        return true;
    }
    // --- uploads
    async startUpload(repository) {
        const uuid = (0,external_node_crypto_.randomUUID)();
        const dir = external_node_path_default().join(this.root, 'uploads', uuid);
        (0,external_node_fs_.mkdirSync)(dir);
        await (0,external_node_fs_promises_.writeFile)(external_node_path_default().join(dir, 'data'), '');
        await this.atomicWrite(external_node_path_default().join(dir, 'repository'), repository);
        this.hashes.set(uuid, { hash: (0,external_node_crypto_.createHash)('sha256'), size: 0 });
        return { uuid, repository, size: 0 };
    }
    async upload(repository, uuid) {
        if (!/^[0-9a-f-]{36}$/.test(uuid))
            return undefined;
        const dir = external_node_path_default().join(this.root, 'uploads', uuid);
        const owner = await (0,external_node_fs_promises_.readFile)(external_node_path_default().join(dir, 'repository'), 'utf8').catch(() => undefined);
        if (owner !== repository)
            return undefined;
        const size = (await (0,external_node_fs_promises_.stat)(external_node_path_default().join(dir, 'data')).catch(() => undefined))?.size;
        return size === undefined ? undefined : { uuid, repository, size };
    }
    /** Appends a request body to a session, streamed; returns the new size. */
    async append(session, body) {
        const known = this.hashes.get(session.uuid);
        // A session from before a restart, or one a failed append left torn: hash from the file at the end.
        const running = known && known.size === session.size ? known : undefined;
        if (!running)
            this.hashes.delete(session.uuid);
        let size = session.size;
        await (0,promises_.pipeline)(body, async function* (source) {
            for await (const chunk of source) {
                running?.hash.update(chunk);
                size += chunk.length;
                yield chunk;
            }
        }, (0,external_node_fs_.createWriteStream)(external_node_path_default().join(this.root, 'uploads', session.uuid, 'data'), { flags: 'a' }));
        if (running)
            running.size = size;
        return size;
    }
    /**
     * Ends a session as the blob `digest`: its bytes verified, then renamed into the blob store and
     * linked into the repository. False (and the session gone, as distribution cancels it) when the
     * bytes hash to another digest.
     */
    async commit(session, digest) {
        const data = external_node_path_default().join(this.root, 'uploads', session.uuid, 'data');
        const running = this.hashes.get(session.uuid);
        const actual = running && running.size === session.size
            ? `sha256:${running.hash.copy().digest('hex')}`
            : (await (0,registry_digest/* fileDigest */.hd)(data)).digest;
        if (actual !== digest) {
            await this.cancel(session.uuid);
            return false;
        }
        await (0,external_node_fs_promises_.rename)(data, this.blobFile(digest));
        await this.linkBlob(session.repository, digest);
        await this.cancel(session.uuid);
        return true;
    }
    async cancel(uuid) {
        this.hashes.delete(uuid);
        await (0,external_node_fs_promises_.rm)(external_node_path_default().join(this.root, 'uploads', uuid), { recursive: true, force: true });
    }
    /** A whole blob from one body (monolithic POST `?digest=`), through a throw-away session. */
    async putBlob(repository, digest, body) {
        const session = await this.startUpload(repository);
        try {
            session.size = await this.append(session, body);
        }
        catch (e) {
            await this.cancel(session.uuid);
            throw e;
        }
        return this.commit(session, digest);
    }
    // --- manifests and tags
    async resolve(repository, reference) {
        if (DIGEST.test(reference))
            return (0,external_node_fs_.existsSync)(this.revisionLink(repository, reference)) ? reference : undefined;
        const digest = (await (0,external_node_fs_promises_.readFile)(this.tagFile(repository, reference), 'utf8').catch(() => undefined))?.trim();
        return digest && (0,external_node_fs_.existsSync)(this.revisionLink(repository, digest)) ? digest : undefined;
    }
    async manifest(repository, reference) {
        const digest = await this.resolve(repository, reference);
        if (!digest)
            return undefined;
        const mediaType = (await (0,external_node_fs_promises_.readFile)(this.revisionLink(repository, digest), 'utf8')).trim();
        const file = this.blobFile(digest);
        const size = (await (0,external_node_fs_promises_.stat)(file).catch(() => undefined))?.size;
        return size === undefined ? undefined : { digest, mediaType, file, size };
    }
    async putManifest(repository, tag, body, mediaType) {
        const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(body).digest('hex')}`;
        if (!(0,external_node_fs_.existsSync)(this.blobFile(digest)))
            await this.atomicWrite(this.blobFile(digest), body);
        await this.atomicWrite(this.revisionLink(repository, digest), mediaType);
        if (tag)
            await this.atomicWrite(this.tagFile(repository, tag), digest);
        return digest;
    }
    /** Deletes a tag, or a manifest by digest with every tag naming it. */
    async deleteManifest(repository, reference) {
        if (!DIGEST.test(reference)) {
            if (!(await this.resolve(repository, reference)))
                return false;
            await (0,external_node_fs_promises_.rm)(this.tagFile(repository, reference), { force: true });
            return true;
        }
        if (!(0,external_node_fs_.existsSync)(this.revisionLink(repository, reference)))
            return false;
        for (const tag of (await this.tags(repository)) ?? []) {
            if ((await this.resolve(repository, tag)) === reference)
                await (0,external_node_fs_promises_.rm)(this.tagFile(repository, tag), { force: true });
        }
        await (0,external_node_fs_promises_.rm)(this.revisionLink(repository, reference), { force: true });
        return true;
    }
    /** Tags, sorted; undefined when the repository is unknown (never tagged, as distribution has it). */
    async tags(repository) {
        const dir = external_node_path_default().join(this.repoDir(repository), '_manifests', 'tags');
        if (!(0,external_node_fs_.existsSync)(dir))
            return undefined;
        const names = await (0,external_node_fs_promises_.readdir)(dir);
        const live = [];
        for (const t of names)
            if (TAG.test(t) && (await this.resolve(repository, t)))
                live.push(t);
        return live.sort();
    }
    /** Repositories holding at least one manifest, sorted. */
    async repositories() {
        const out = [];
        const walk = async (dir, prefix) => {
            const entries = await (0,external_node_fs_promises_.readdir)(dir, { withFileTypes: true }).catch(() => []);
            if (entries.some((e) => e.name === '_manifests'))
                out.push(prefix.join('/'));
            for (const e of entries)
                if (e.isDirectory() && !e.name.startsWith('_'))
                    await walk(external_node_path_default().join(dir, e.name), [...prefix, e.name]);
        };
        await walk(external_node_path_default().join(this.root, 'repositories'), []);
        return out.sort();
    }
    async atomicWrite(file, content) {
        (0,external_node_fs_.mkdirSync)(external_node_path_default().dirname(file), { recursive: true });
        const tmp = external_node_path_default().join(this.root, 'tmp', (0,external_node_crypto_.randomUUID)());
        await (0,external_node_fs_promises_.writeFile)(tmp, content);
        await (0,external_node_fs_promises_.rename)(tmp, file);
    }
}

;// CONCATENATED MODULE: ./local/acr/builtin/server.ts
// The plane's own OCI distribution endpoints, for machines without Debian's `docker-registry`: an
// HTTP server on loopback (no TLS, no auth: the ACR front adds both) answering what the suite,
// buildah, skopeo and docker use of the distribution API the way distribution 2.8 answers it
// (status codes, `Location`, `Docker-Upload-UUID`, `Range: 0-<n-1>`, `Docker-Content-Digest`, its
// error codes), storing through BuiltinStore. Bodies are streamed; only manifests (at most 4 MiB)
// are read whole.







/** distribution's own limit on a manifest's size. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const INDEX_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
];
const IMAGE_TYPES = [
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
];
/** Types distribution serves only to a client that says it accepts them. */
const NEGOTIATED = new Set(['application/vnd.oci.image.manifest.v1+json', ...INDEX_TYPES]);
async function startBuiltinRegistry(o) {
    const store = new BuiltinStore(o.root);
    const server = (0,external_node_http_.createServer)((req, res) => {
        handle(store, req, res).catch((e) => {
            if (res.headersSent)
                res.destroy();
            else
                fail(req, res, 500, 'UNKNOWN', `unknown error: ${e instanceof Error ? e.message : String(e)}`);
        });
    });
    // Idle keep-alive sockets stay open, as docker-registry's do: the front's pooled connections are
    // never closed under it mid-request; and a long upload is never cut by Node's request timeout.
    server.keepAliveTimeout = 0;
    server.requestTimeout = 0;
    const port = await listen(server, o.port ?? 0);
    return { url: `http://127.0.0.1:${port}`, port, stop: () => closeServer(server) };
}
function route(pathname) {
    if (pathname === '/v2/' || pathname === '/v2')
        return { kind: 'base' };
    if (pathname === '/v2/_catalog')
        return { kind: 'catalog' };
    // Matched from the end: a repository may itself have a component named `blobs` or `manifests`.
    let m = /^\/v2\/(.+)\/tags\/list$/.exec(pathname);
    if (m)
        return { kind: 'tags', name: m[1] };
    m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(pathname);
    if (m)
        return { kind: 'manifest', name: m[1], reference: m[2] };
    m = /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/.exec(pathname);
    if (m)
        return { kind: 'uploads', name: m[1], uuid: m[2] };
    m = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(pathname);
    if (m)
        return { kind: 'blob', name: m[1], digest: m[2] };
    return undefined;
}
async function handle(store, req, res) {
    const url = new URL(req.url ?? '/', 'http://registry');
    const method = (req.method ?? 'GET').toUpperCase();
    const r = route(url.pathname);
    if (!r)
        return fail(req, res, 404, 'NOT_FOUND', `no route ${url.pathname}`);
    if (r.kind === 'base')
        return json(req, res, 200, '{}');
    if (r.kind === 'catalog') {
        if (method !== 'GET')
            return unsupported(req, res, method);
        return json(req, res, 200, JSON.stringify({ repositories: await store.repositories() }));
    }
    if (r.name.length > 255 || !REPOSITORY_NAME.test(r.name)) {
        return fail(req, res, 400, 'NAME_INVALID', 'invalid repository name', { name: r.name });
    }
    const at = new Site(req, r.name);
    switch (r.kind) {
        case 'tags':
            return tags(store, req, res, method, r.name, url);
        case 'manifest':
            return manifest(store, req, res, method, at, r.reference);
        case 'blob':
            return blob(store, req, res, method, r.name, r.digest);
        case 'uploads':
            return uploads(store, req, res, method, at, r.uuid, url);
    }
}
/** Absolute URLs as distribution builds them, from the Host (and X-Forwarded-Proto) of the request. */
class Site {
    name;
    base;
    constructor(req, name) {
        this.name = name;
        const proto = String(req.headers['x-forwarded-proto'] ?? 'http')
            .split(',')[0]
            ?.trim() || 'http';
        this.base = `${proto}://${req.headers.host ?? '127.0.0.1'}/v2/${name}`;
    }
    blob(digest) {
        return `${this.base}/blobs/${digest}`;
    }
    upload(uuid) {
        return `${this.base}/blobs/uploads/${uuid}`;
    }
    manifest(digest) {
        return `${this.base}/manifests/${digest}`;
    }
}
async function tags(store, req, res, method, name, url) {
    if (method !== 'GET')
        return unsupported(req, res, method);
    const all = await store.tags(name);
    if (!all)
        return fail(req, res, 404, 'NAME_UNKNOWN', 'repository name not known to registry', { name });
    // Pagination as the spec has it: `n` tags after `last`, with a Link to the next page.
    const last = url.searchParams.get('last');
    const n = url.searchParams.has('n') ? Number(url.searchParams.get('n')) : undefined;
    let page = last ? all.filter((t) => t > last) : all;
    const headers = {};
    if (n !== undefined && Number.isInteger(n) && n >= 0 && page.length > n) {
        page = page.slice(0, n);
        headers.link = `</v2/${name}/tags/list?n=${n}&last=${encodeURIComponent(page.at(-1) ?? '')}>; rel="next"`;
    }
    return json(req, res, 200, JSON.stringify({ name, tags: page }), headers);
}
async function blob(store, req, res, method, name, digest) {
    if (!DIGEST.test(digest))
        return fail(req, res, 400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', {});
    if (method === 'DELETE') {
        if (!(await store.unlinkBlob(name, digest)))
            return blobUnknown(req, res, digest);
        return empty(req, res, 202, { 'docker-content-digest': digest });
    }
    if (method !== 'GET' && method !== 'HEAD')
        return unsupported(req, res, method);
    const size = await store.blobSize(name, digest);
    if (size === undefined)
        return blobUnknown(req, res, digest);
    req.resume();
    res.writeHead(200, {
        ...API,
        'content-type': 'application/octet-stream',
        'content-length': size,
        'docker-content-digest': digest,
        etag: `"${digest}"`,
        'cache-control': 'max-age=31536000',
    });
    if (method === 'HEAD')
        return void res.end();
    await (0,promises_.pipeline)(store.openBlob(digest), res);
}
async function uploads(store, req, res, method, at, uuid, url) {
    const name = at.name;
    if (uuid === '') {
        if (method !== 'POST')
            return unsupported(req, res, method);
        const mount = url.searchParams.get('mount');
        const from = url.searchParams.get('from');
        if (mount && from && DIGEST.test(mount) && REPOSITORY_NAME.test(from)) {
            // A blob the source repository may read becomes readable here; otherwise an ordinary upload.
            if ((await store.blobSize(from, mount)) !== undefined) {
                await store.linkBlob(name, mount);
                return empty(req, res, 201, { location: at.blob(mount), 'docker-content-digest': mount });
            }
        }
        const digest = url.searchParams.get('digest');
        if (digest !== null && !mount) {
            if (!DIGEST.test(digest))
                return digestInvalid(req, res, digest);
            if (!(await store.putBlob(name, digest, req)))
                return digestInvalid(req, res, digest);
            return empty(req, res, 201, { location: at.blob(digest), 'docker-content-digest': digest });
        }
        const session = await store.startUpload(name);
        return uploadState(req, res, 202, at, session.uuid, 0);
    }
    const session = await store.upload(name, uuid);
    if (!session)
        return fail(req, res, 404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', {});
    if (method === 'GET')
        return uploadState(req, res, 204, at, uuid, session.size);
    if (method === 'DELETE') {
        await store.cancel(uuid);
        return empty(req, res, 204);
    }
    if (method === 'PATCH' || method === 'PUT') {
        // A chunk must start where the session ends (distribution answers 416 otherwise).
        const range = /^(\d+)-(\d+)$/.exec(String(req.headers['content-range'] ?? ''));
        if (method === 'PATCH' && range && Number(range[1]) !== session.size) {
            return fail(req, res, 416, 'BLOB_UPLOAD_INVALID', 'blob upload invalid', {}, uploadHeaders(at, uuid, session.size));
        }
        if (method === 'PUT') {
            const digest = url.searchParams.get('digest');
            if (!digest || !DIGEST.test(digest))
                return digestInvalid(req, res, digest ?? '');
            session.size = await store.append(session, req);
            if (!(await store.commit(session, digest)))
                return digestInvalid(req, res, digest);
            return empty(req, res, 201, { location: at.blob(digest), 'docker-content-digest': digest });
        }
        session.size = await store.append(session, req);
        return uploadState(req, res, 202, at, uuid, session.size);
    }
    return unsupported(req, res, method);
}
async function manifest(store, req, res, method, at, reference) {
    const name = at.name;
    const isDigest = DIGEST.test(reference);
    if (!isDigest && !TAG.test(reference)) {
        return fail(req, res, 400, 'TAG_INVALID', 'manifest tag did not match URI', { Tag: reference });
    }
    const unknown = () => fail(req, res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown', isDigest ? { Digest: reference } : { Tag: reference });
    if (method === 'GET' || method === 'HEAD') {
        const m = await store.manifest(name, reference);
        if (!m)
            return unknown();
        const accept = String(req.headers.accept ?? '')
            .split(',')
            .map((t) => t.split(';')[0]?.trim());
        if (NEGOTIATED.has(m.mediaType) && !accept.includes(m.mediaType) && !accept.includes('*/*')) {
            const what = INDEX_TYPES.includes(m.mediaType) ? 'index' : 'manifest';
            return fail(req, res, 404, 'MANIFEST_UNKNOWN', `OCI ${what} found, but accept header does not support OCI ${what}s`);
        }
        req.resume();
        res.writeHead(200, {
            ...API,
            'content-type': m.mediaType,
            'content-length': m.size,
            'docker-content-digest': m.digest,
            etag: `"${m.digest}"`,
        });
        if (method === 'HEAD')
            return void res.end();
        await (0,promises_.pipeline)(store.openBlob(m.digest), res);
        return;
    }
    if (method === 'DELETE') {
        if (!(await store.deleteManifest(name, reference)))
            return unknown();
        return empty(req, res, 202);
    }
    if (method !== 'PUT')
        return unsupported(req, res, method);
    let body;
    try {
        body = await readBody(req, MAX_MANIFEST_BYTES);
    }
    catch {
        return fail(req, res, 400, 'SIZE_INVALID', `manifest larger than ${MAX_MANIFEST_BYTES} bytes`, {});
    }
    if (isDigest && (0,registry_digest/* sha256Digest */.sI)(body) !== reference) {
        return fail(req, res, 400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', {});
    }
    const checked = await checkManifest(store, name, body, req.headers['content-type']);
    if ('code' in checked)
        return fail(req, res, 400, checked.code, checked.message, checked.detail);
    const digest = await store.putManifest(name, isDigest ? undefined : reference, body, checked.mediaType);
    return empty(req, res, 201, { location: at.manifest(digest), 'docker-content-digest': digest });
}
/**
 * A manifest distribution would accept: JSON of schema 2, an image whose config and layers the
 * repository holds (foreign layers with `urls` excepted), or an index whose manifests it holds.
 */
async function checkManifest(store, name, body, contentType) {
    const invalid = (why) => ({ code: 'MANIFEST_INVALID', message: 'manifest invalid', detail: why });
    let m;
    try {
        m = JSON.parse(body.toString('utf8'));
    }
    catch (e) {
        return invalid(e instanceof Error ? e.message : 'not JSON');
    }
    if (typeof m !== 'object' || m === null || m.schemaVersion !== 2)
        return invalid('schemaVersion must be 2');
    const header = contentType?.split(';')[0]?.trim();
    const mediaType = header && header !== 'application/json'
        ? header
        : (m.mediaType ??
            (m.manifests
                ? 'application/vnd.oci.image.index.v1+json'
                : 'application/vnd.oci.image.manifest.v1+json'));
    if (m.mediaType && m.mediaType !== mediaType) {
        return invalid(`mediaType in manifest should be '${mediaType}' not '${m.mediaType}'`);
    }
    const unknownBlob = (digest) => ({
        code: 'MANIFEST_BLOB_UNKNOWN',
        message: 'blob unknown to registry',
        detail: digest,
    });
    if (INDEX_TYPES.includes(mediaType)) {
        if (!Array.isArray(m.manifests))
            return invalid('an index needs manifests');
        for (const d of m.manifests) {
            if (!d.digest || !DIGEST.test(d.digest))
                return invalid(`bad digest '${d.digest}'`);
            if (!(await store.resolve(name, d.digest)))
                return unknownBlob(d.digest);
        }
        return { mediaType };
    }
    if (!IMAGE_TYPES.includes(mediaType)) {
        return {
            code: 'MANIFEST_INVALID',
            message: 'manifest invalid',
            detail: `unsupported manifest media type '${mediaType}'`,
        };
    }
    if (!m.config?.digest || !Array.isArray(m.layers))
        return invalid('an image manifest needs config and layers');
    for (const d of [m.config, ...m.layers]) {
        if (!d.digest || !DIGEST.test(d.digest))
            return invalid(`bad digest '${d.digest}'`);
        if ('urls' in d && Array.isArray(d.urls) && d.urls.length > 0)
            continue;
        if ((await store.blobSize(name, d.digest)) === undefined)
            return unknownBlob(d.digest);
    }
    return { mediaType };
}
const API = { 'docker-distribution-api-version': 'registry/2.0' };
function uploadHeaders(at, uuid, size) {
    return {
        location: at.upload(uuid),
        'docker-upload-uuid': uuid,
        range: `0-${Math.max(size - 1, 0)}`,
    };
}
function uploadState(req, res, status, at, uuid, size) {
    empty(req, res, status, uploadHeaders(at, uuid, size));
}
function empty(req, res, status, headers = {}) {
    req.resume();
    res.writeHead(status, { ...API, ...(status === 204 ? {} : { 'content-length': 0 }), ...headers });
    res.end();
}
function json(req, res, status, body, headers = {}) {
    req.resume();
    res.writeHead(status, {
        ...API,
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
}
function fail(req, res, status, code, message, detail = undefined, headers = {}) {
    // A refused upload's body is drained, not read into memory.
    json(req, res, status, detail === undefined
        ? JSON.stringify({ errors: [{ code, message }] })
        : registryError(code, message, detail), headers);
}
function blobUnknown(req, res, digest) {
    fail(req, res, 404, 'BLOB_UNKNOWN', 'blob unknown to registry', digest);
}
function digestInvalid(req, res, digest) {
    fail(req, res, 400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', { Digest: digest });
}
function unsupported(req, res, method) {
    fail(req, res, 405, 'UNSUPPORTED', `the operation is unsupported: ${method}`, {});
}

;// CONCATENATED MODULE: ./local/acr/distribution.ts
// The OCI distribution server behind one registry of the plane, on loopback with plain HTTP and no
// auth (the ACR front adds both; tests may also use it bare), storage under the given folder:
// Debian's `docker-registry` (CNCF distribution 2.x) as a child process when it is installed, the
// port it reports parsed from its start-up line; else the plane's own in-process server
// (./builtin/). `AML_LOCAL_REGISTRY=builtin|docker-registry` forces one.






const DISTRIBUTION_BINARY = 'docker-registry';
/** Forces a backend: `builtin` or `docker-registry` (unset: docker-registry when on PATH). */
const REGISTRY_BACKEND_ENV = 'AML_LOCAL_REGISTRY';
const REGISTRY_BACKENDS = ['docker-registry', 'builtin'];
/** Which backend serves: the option, else the env, else docker-registry when it runs, else builtin. */
function chooseBackend(options, env = process.env) {
    if (options.backend)
        return options.backend;
    const forced = env[REGISTRY_BACKEND_ENV]?.trim();
    if (forced) {
        if (REGISTRY_BACKENDS.includes(forced))
            return forced;
        throw new errors/* RolloutError */.a6('RegistryBackendInvalid', `${REGISTRY_BACKEND_ENV}='${forced}' names no registry backend`, { remediation: `set ${REGISTRY_BACKEND_ENV} to ${REGISTRY_BACKENDS.join(' or ')}, or unset it` });
    }
    if (options.binary)
        return 'docker-registry';
    return hasDockerRegistry() ? 'docker-registry' : 'builtin';
}
let dockerRegistryFound;
function hasDockerRegistry() {
    dockerRegistryFound ??= (0,external_node_child_process_.spawnSync)(DISTRIBUTION_BINARY, ['--version'], { stdio: 'ignore' }).status === 0;
    return dockerRegistryFound;
}
async function startDistribution(options) {
    if (chooseBackend(options) === 'docker-registry')
        return startDockerRegistry(options);
    const reg = await startBuiltinRegistry({
        root: external_node_path_default().join(options.dir, 'builtin'),
        ...(options.port ? { port: options.port } : {}),
    });
    return { ...reg, backend: 'builtin' };
}
function startDockerRegistry(options) {
    const { dir } = options;
    (0,external_node_fs_.mkdirSync)(external_node_path_default().join(dir, 'data'), { recursive: true });
    const config = external_node_path_default().join(dir, 'config.yml');
    // One secret per registry folder: upload sessions stay valid across a restart.
    const secretFile = external_node_path_default().join(dir, 'http-secret');
    if (!(0,external_node_fs_.existsSync)(secretFile))
        (0,external_node_fs_.writeFileSync)(secretFile, (0,external_node_crypto_.randomBytes)(16).toString('hex'), { mode: 0o600 });
    const secret = (0,external_node_fs_.readFileSync)(secretFile, 'utf8').trim();
    (0,external_node_fs_.writeFileSync)(config, [
        'version: 0.1',
        'log:',
        '  level: info', // the start-up line with the port is an info line
        '  accesslog:',
        '    disabled: true',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${JSON.stringify(external_node_path_default().join(dir, 'data'))}`,
        '  delete:',
        '    enabled: true',
        'http:',
        `  addr: 127.0.0.1:${options.port ?? 0}`,
        `  secret: ${secret}`,
        '',
    ].join('\n'));
    const binary = options.binary ?? DISTRIBUTION_BINARY;
    const child = (0,external_node_child_process_.spawn)(binary, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    return new Promise((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => fail(`did not report its port within ${options.startTimeoutMs ?? 15_000} ms`), options.startTimeoutMs ?? 15_000);
        const fail = (why) => {
            clearTimeout(timer);
            child.kill('SIGKILL');
            reject(new errors/* RolloutError */.a6('RegistryStartFailed', `${binary} ${why}: ${out.slice(-400)}`, {
                remediation: "install Debian's docker-registry (`apt-get install docker-registry`; `.ci/run` does)",
            }));
        };
        const onData = (chunk) => {
            out += chunk.toString();
            const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
            if (!m?.[1])
                return;
            clearTimeout(timer);
            child.stdout?.off('data', onData);
            child.stderr?.off('data', onData);
            // Keep draining so the child never blocks on a full pipe.
            child.stdout?.resume();
            child.stderr?.resume();
            const port = Number(m[1]);
            resolve({
                url: `http://127.0.0.1:${port}`,
                port,
                backend: 'docker-registry',
                child,
                stop: () => new Promise((done) => {
                    if (child.exitCode !== null || child.signalCode !== null)
                        return done();
                    child.once('exit', () => done());
                    child.kill('SIGTERM');
                }),
            });
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        child.once('error', (e) => fail(`could not start (${e.message})`));
        child.once('exit', (code) => fail(`exited with ${code}`));
    });
}

;// CONCATENATED MODULE: ./local/acr/tokens.ts
// The registry's token service, as ACR runs it: an Entra access token is exchanged for a refresh
// token (`/oauth2/exchange`), which buys access tokens scoped to repositories (`/oauth2/token`).
// Tokens are JWTs, because clients such as `@azure/container-registry` read a refresh token's
// `exp` to know when to exchange again; they are signed with a per-registry secret kept beside
// the registry's storage, so a plane restart does not sign every client out. The faults tests set
// (refuse every token; expire refresh tokens) live here, where the check happens.



/** ACR's lifetimes: refresh tokens 3 hours, access tokens 75 minutes. */
const REFRESH_TOKEN_SECONDS = 3 * 3600;
const ACCESS_TOKEN_SECONDS = 75 * 60;
class RegistryTokens {
    loginServer;
    tenantId;
    faults = { refuseTokens: false, expireRefreshTokens: false };
    secret;
    constructor(dir, loginServer, tenantId) {
        this.loginServer = loginServer;
        this.tenantId = tenantId;
        (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
        const file = external_node_path_default().join(dir, 'token-secret');
        if (!(0,external_node_fs_.existsSync)(file))
            (0,external_node_fs_.writeFileSync)(file, (0,external_node_crypto_.randomBytes)(32).toString('hex'), { mode: 0o600 });
        this.secret = Buffer.from((0,external_node_fs_.readFileSync)(file, 'utf8').trim(), 'hex');
    }
    resetFaults() {
        this.faults.refuseTokens = false;
        this.faults.expireRefreshTokens = false;
        delete this.faults.refreshTokensIssuedBefore;
    }
    /** Refresh tokens issued until now count as expired; later ones work. */
    expireIssuedRefreshTokens() {
        this.faults.refreshTokensIssuedBefore = Date.now() + 1;
    }
    issueRefreshToken() {
        return this.sign('refresh_token', REFRESH_TOKEN_SECONDS);
    }
    issueAccessToken(access) {
        return this.sign('access_token', ACCESS_TOKEN_SECONDS, access);
    }
    checkRefreshToken(token) {
        const c = this.verify(token, 'refresh_token');
        if (!c.ok)
            return c;
        const cutoff = this.faults.refreshTokensIssuedBefore;
        if (this.faults.expireRefreshTokens || (cutoff !== undefined && c.value.iatMs < cutoff)) {
            return { ok: false, reason: 'the refresh token has expired' };
        }
        return c;
    }
    /** The access an access token grants, or why it is not valid. */
    checkAccessToken(token) {
        const c = this.verify(token, 'access_token');
        return c.ok ? { ok: true, value: c.value.access ?? [] } : c;
    }
    sign(grantType, seconds, access) {
        const now = Date.now();
        const claims = {
            jti: (0,external_node_crypto_.randomUUID)(),
            sub: 'local-plane-user@localhost',
            aud: this.loginServer,
            iss: 'Azure Container Registry',
            iat: Math.floor(now / 1000),
            nbf: Math.floor(now / 1000) - 60,
            exp: Math.floor(now / 1000) + seconds,
            iatMs: now,
            grant_type: grantType,
            tenant: this.tenantId,
            ...(access ? { access } : {}),
        };
        const head = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
        const body = b64(JSON.stringify(claims));
        return `${head}.${body}.${this.mac(`${head}.${body}`)}`;
    }
    verify(token, grantType) {
        const [head, body, sig] = token.split('.');
        if (!head || !body || !sig)
            return { ok: false, reason: 'the token is malformed' };
        const want = Buffer.from(this.mac(`${head}.${body}`));
        const given = Buffer.from(sig);
        if (want.length !== given.length || !(0,external_node_crypto_.timingSafeEqual)(want, given)) {
            return { ok: false, reason: 'the token signature is invalid' };
        }
        let claims;
        try {
            claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
        }
        catch {
            return { ok: false, reason: 'the token is malformed' };
        }
        if (claims.grant_type !== grantType)
            return { ok: false, reason: `the token is not a ${grantType.replace('_', ' ')}` };
        if (claims.aud !== this.loginServer)
            return { ok: false, reason: `the token is for ${claims.aud}` };
        if (claims.exp * 1000 <= Date.now())
            return { ok: false, reason: 'the token has expired' };
        return { ok: true, value: claims };
    }
    mac(data) {
        return (0,external_node_crypto_.createHmac)('sha256', this.secret).update(data).digest('base64url');
    }
}
function b64(s) {
    return Buffer.from(s).toString('base64url');
}

;// CONCATENATED MODULE: ./local/acr/front.ts









/** The user name ACR expects with a refresh token as password (docker/buildah/skopeo login). */
const ACR_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
const MANIFEST_TYPES = [
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
];
async function startRegistryFront(o) {
    const upstream = await startDistribution({
        dir: o.dir,
        ...(o.binary ? { binary: o.binary } : {}),
        ...(o.backend ? { backend: o.backend } : {}),
    });
    if (upstream.child)
        o.onChild?.(upstream.child, `registry:${o.name}`);
    const agent = new external_node_http_.Agent({ keepAlive: true });
    const counters = new RegistryCounters();
    // Requests can only arrive once the port (and so the login server the Front needs) is known.
    const ref = {};
    const onRequest = (req, res) => {
        if (!ref.front)
            return void res.destroy();
        ref.front.handle(req, res).catch((e) => {
            if (res.headersSent)
                res.destroy();
            else
                sendRegistryJson(res, 500, registryError('UNKNOWN', String(e)));
        });
    };
    const server = (0,external_node_https_.createServer)({ cert: o.tls.cert, key: o.tls.key }, onRequest);
    let port;
    try {
        port = await listen(server, o.preferredPort ?? 0);
    }
    catch (e) {
        await upstream.stop();
        throw e;
    }
    const loginServer = `localhost:${port}`;
    // `localhost` may resolve to ::1 first; answer there too when the host has IPv6 loopback.
    const v6 = (0,external_node_https_.createServer)({ cert: o.tls.cert, key: o.tls.key }, onRequest);
    await new Promise((resolve) => {
        v6.once('error', () => resolve());
        v6.listen(port, '::1', () => resolve());
    });
    const tokens = new RegistryTokens(o.dir, loginServer, o.tenantId);
    const f = new Front(loginServer, upstream, agent, counters, tokens, o);
    ref.front = f;
    return {
        name: o.name,
        port,
        loginServer,
        counters,
        tokens,
        backend: upstream.backend,
        upstreamUrl: upstream.url,
        hasManifest: (repository, reference) => f.hasManifest(repository, reference),
        stop: async () => {
            await closeServer(v6);
            await closeServer(server);
            agent.destroy();
            await upstream.stop();
        },
    };
}
class Front {
    loginServer;
    upstream;
    agent;
    counters;
    tokens;
    o;
    constructor(loginServer, upstream, agent, counters, tokens, o) {
        this.loginServer = loginServer;
        this.upstream = upstream;
        this.agent = agent;
        this.counters = counters;
        this.tokens = tokens;
        this.o = o;
    }
    async handle(req, res) {
        const url = new URL(req.url ?? '/', `https://${this.loginServer}`);
        const method = (req.method ?? 'GET').toUpperCase();
        if (url.pathname === '/oauth2/exchange')
            return this.exchange(req, res, method);
        if (url.pathname === '/oauth2/token')
            return this.token(req, res, method, url);
        if (url.pathname === '/v2' || url.pathname.startsWith('/v2/'))
            return this.v2(req, res, method, url);
        req.resume();
        sendRegistryJson(res, 404, registryError('NOT_FOUND', `no route ${url.pathname}`));
    }
    /** Entra access token -> ACR refresh token. */
    async exchange(req, res, method) {
        this.counters.add('tokenExchanges');
        if (method !== 'POST')
            return this.refuse(req, res, 405, 'UNSUPPORTED', 'use POST');
        const form = new URLSearchParams((await readBody(req, 1024 * 1024)).toString('utf8'));
        const grantType = form.get('grant_type');
        if (grantType !== 'access_token') {
            return this.refuse(req, res, 400, 'UNSUPPORTED', `grant_type '${grantType}' is not supported; use access_token`);
        }
        if (form.get('service') !== this.loginServer) {
            return this.refuse(req, res, 400, 'BAD_REQUEST', `service must be '${this.loginServer}'`);
        }
        const tenant = form.get('tenant');
        if (tenant && tenant !== this.o.tenantId) {
            return this.refuse(req, res, 401, 'UNAUTHORIZED', `the tenant '${tenant}' is not this registry's tenant`);
        }
        if (this.tokens.faults.refuseTokens) {
            return this.refuse(req, res, 401, 'UNAUTHORIZED', 'the registry refused the access token (injected fault)');
        }
        if (!sameSecret(form.get('access_token') ?? '', this.o.entraToken())) {
            return this.refuse(req, res, 401, 'UNAUTHORIZED', 'the access token is not valid for this registry');
        }
        sendRegistryJson(res, 200, JSON.stringify({ refresh_token: this.tokens.issueRefreshToken() }));
    }
    /**
     * Refresh token -> access token for the asked scopes. POST carries a form (refresh_token or
     * password grant); GET carries Basic auth with ACR's null-GUID user and the refresh token, which
     * is what docker, buildah and skopeo send after `login`.
     */
    async token(req, res, method, url) {
        this.counters.add('tokenRequests');
        let params;
        let refreshToken;
        if (method === 'GET') {
            req.resume();
            params = url.searchParams;
            const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
            if (!basic?.[1])
                return this.refuse(req, res, 401, 'UNAUTHORIZED', AUTH_REQUIRED);
            const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            const user = decoded.slice(0, colon);
            if (colon < 0 || user !== ACR_TOKEN_USER) {
                return this.refuse(req, res, 401, 'UNAUTHORIZED', 'the admin user is disabled; sign in with a token');
            }
            refreshToken = decoded.slice(colon + 1);
        }
        else if (method === 'POST') {
            params = new URLSearchParams((await readBody(req, 1024 * 1024)).toString('utf8'));
            const grantType = params.get('grant_type');
            if (grantType === 'refresh_token')
                refreshToken = params.get('refresh_token') ?? '';
            else if (grantType === 'password' && params.get('username') === ACR_TOKEN_USER)
                refreshToken = params.get('password') ?? '';
            else
                return this.refuse(req, res, 400, 'UNSUPPORTED', `grant_type '${grantType}' is not supported`);
        }
        else {
            return this.refuse(req, res, 405, 'UNSUPPORTED', 'use GET or POST');
        }
        if (params.get('service') !== this.loginServer) {
            return this.refuse(req, res, 400, 'BAD_REQUEST', `service must be '${this.loginServer}'`);
        }
        if (this.tokens.faults.refuseTokens) {
            return this.refuse(req, res, 401, 'UNAUTHORIZED', 'the registry refused the refresh token (injected fault)');
        }
        const check = this.tokens.checkRefreshToken(refreshToken);
        if (!check.ok)
            return this.refuse(req, res, 401, 'UNAUTHORIZED', check.reason);
        const access = grant(parseScopes(params.getAll('scope')));
        const body = { access_token: this.tokens.issueAccessToken(access) };
        // docker login asks for an offline token to keep as its identity token: the refresh token it sent.
        if (method === 'GET' && params.get('offline_token') === 'true')
            body.refresh_token = refreshToken;
        sendRegistryJson(res, 200, JSON.stringify(body));
    }
    async v2(req, res, method, url) {
        // @azure/container-registry sends `a%2Fb` for repository `a/b`; scopes name it decoded, as ACR does.
        const need = needOf(method, safeDecode(url.pathname));
        const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
        if (!bearer?.[1])
            return this.challenge(req, res, need);
        const check = this.tokens.checkAccessToken(bearer[1]);
        if (!check.ok)
            return this.challenge(req, res, need, 'invalid_token');
        if (need && !allows(check.value, need))
            return this.challenge(req, res, need, 'insufficient_scope');
        const kind = requestKind(method, url);
        if (kind === 'blobMount') {
            // As distribution does: without pull on the source repository, a mount is a plain upload.
            const from = url.searchParams.get('from') ?? '';
            if (!allows(check.value, { type: 'repository', name: from, action: 'pull' })) {
                url.searchParams.delete('mount');
                url.searchParams.delete('from');
            }
        }
        this.counters.count(requestKind(method, url));
        this.proxy(req, res, method, url);
    }
    proxy(req, res, method, url) {
        const headers = { ...req.headers };
        for (const h of ['authorization', 'connection', 'keep-alive', 'proxy-connection'])
            delete headers[h];
        // docker-registry builds `Location` from these, so most come back already right.
        headers.host = this.loginServer;
        headers['x-forwarded-proto'] = 'https';
        const kind = requestKind(method, url);
        const up = (0,external_node_http_.request)(`${this.upstream.url}${url.pathname}${url.search}`, { method, headers, agent: this.agent }, (upRes) => {
            const out = { ...upRes.headers };
            delete out.connection;
            delete out['keep-alive'];
            if (typeof out.location === 'string')
                out.location = this.frontLocation(out.location);
            if (kind === 'blobMount' && upRes.statusCode === 201)
                this.counters.add('blobMountsHonoured');
            res.writeHead(upRes.statusCode ?? 502, out);
            upRes.on('data', (c) => this.counters.add('bytesSent', c.length));
            upRes.pipe(res);
        });
        up.on('error', (e) => {
            if (res.headersSent)
                res.destroy();
            else
                sendRegistryJson(res, 503, registryError('UNAVAILABLE', `registry storage unavailable: ${e.message}`));
        });
        req.on('data', (c) => this.counters.add('bytesReceived', c.length));
        req.pipe(up);
    }
    /**
     * An upstream `Location` made relative (`/v2/...`), as ACR sends it: clients resolve it against
     * the front, and @azure/container-registry only handles the relative form.
     */
    frontLocation(location) {
        if (!/^https?:\/\//i.test(location))
            return location;
        const u = new URL(location);
        return `${u.pathname}${u.search}`;
    }
    challenge(req, res, need, error) {
        this.counters.add('challenges');
        req.resume();
        const detail = error === 'insufficient_scope' && need
            ? [{ Type: need.type, Name: need.name, Action: need.action }]
            : null;
        sendRegistryJson(res, 401, registryError('UNAUTHORIZED', AUTH_REQUIRED, detail), {
            'www-authenticate': challenge(this.loginServer, need, error),
        });
    }
    refuse(req, res, status, code, message) {
        req.resume();
        sendRegistryJson(res, status, registryError(code, message));
    }
    async hasManifest(repository, reference) {
        const res = await fetch(`${this.upstream.url}/v2/${repository}/manifests/${reference}`, {
            method: 'HEAD',
            headers: { accept: MANIFEST_TYPES.join(', ') },
        });
        return res.status === 200;
    }
}
function sendRegistryJson(res, status, body, headers = {}) {
    res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'docker-distribution-api-version': 'registry/2.0',
        ...headers,
    });
    res.end(body);
}
function sameSecret(given, want) {
    const a = Buffer.from(given);
    const b = Buffer.from(want);
    return a.length === b.length && (0,external_node_crypto_.timingSafeEqual)(a, b);
}
function safeDecode(pathname) {
    try {
        return decodeURIComponent(pathname);
    }
    catch {
        return pathname;
    }
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./shared/http/request.ts
var request = __webpack_require__(12094);
// EXTERNAL MODULE: ./shared/registry/client.ts + 1 modules
var client = __webpack_require__(83332);
// EXTERNAL MODULE: ./shared/registry/manifest.ts
var registry_manifest = __webpack_require__(62267);
;// CONCATENATED MODULE: ./local/acr/import.ts
// `importImage` between the plane's registries (what `az acr import` does, e.g. dev -> prod on
// promotion): the source named by ARM id or login server, copied in-process between the two
// registries' distribution servers (plain HTTP on loopback, no sign-in) with the suite's
// RegistryClient: an index's manifests first, each image's blobs streamed (skipped when the target
// has them, mounted when source and target are one registry), then the manifest's exact bytes, so
// the digest is kept. Works the same over docker-registry and the builtin backend. Sources outside
// the plane cannot be reached offline and fail the operation with that reason.







/** A refused import, with the code the operation reports. */
class ImportImageError extends Error {
    code;
    constructor(code, message) {
        super(message);
        this.code = code;
    }
}
/** The checks ACR makes before it accepts an import (400 when they fail). */
function checkImportRequest(p) {
    if (!p.source?.sourceImage)
        return 'source.sourceImage is required';
    if (!p.source.resourceId && !p.source.registryUri)
        return 'source.resourceId or source.registryUri is required';
    if (p.untaggedTargetRepositories?.length)
        return 'untaggedTargetRepositories is not supported on the local plane';
    return undefined;
}
async function importImage(registries, target, p) {
    const src = p.source;
    const source = src.resourceId
        ? registries.find(src.resourceId.split('/').at(-1) ?? '')
        : registries.forHost(src.registryUri?.replace(/^https?:\/\//, '').replace(/\/$/, '') ?? '');
    if (!source) {
        throw new ImportImageError('InvalidSourceRegistry', `The source registry '${src.resourceId ?? src.registryUri}' cannot be reached from the local plane (offline); import only between its registries.`);
    }
    const ref = (0,registry_reference/* parseImageRef */.Q)(src.sourceImage);
    if ('problem' in ref || ref.registry) {
        throw new ImportImageError('InvalidSourceImage', `The source image '${src.sourceImage}' must be <repository>[:tag][@digest] without a registry host.`);
    }
    const tags = p.targetTags?.length ? p.targetTags : [src.sourceImage.replace(/@.*$/, '')];
    const copy = new ImageCopy(source, target);
    const root = await copy.fetch(ref.repository, ref.digest ?? ref.tag ?? 'latest');
    if (!root) {
        throw new ImportImageError('ImportImageFailed', `The source image '${src.sourceImage}' was not found in registry '${source.name}'.`);
    }
    for (const tag of tags) {
        const [repo, reference] = splitTag(tag);
        if (p.mode !== 'Force' && (await target.hasManifest(repo, reference))) {
            throw new ImportImageError('TagAlreadyExists', `The target tag '${tag}' already exists in registry '${target.name}'; use mode Force to overwrite it.`);
        }
        try {
            await copy.tree(ref.repository, repo, root);
            await copy.to.putManifest(repo, reference, root.body, root.mediaType);
        }
        catch (e) {
            if (e instanceof ImportImageError)
                throw e;
            throw new ImportImageError('ImportImageFailed', `Importing the image failed: ${e instanceof Error ? e.message : String(e)}`);
        }
    }
}
/** One import's copy between two registries' distribution servers. */
class ImageCopy {
    source;
    target;
    from;
    to;
    constructor(source, target) {
        this.source = source;
        this.target = target;
        this.from = new client/* RegistryClient */.b({ url: source.upstreamUrl });
        this.to = new client/* RegistryClient */.b({ url: target.upstreamUrl });
    }
    /**
     * Any manifest, index or image, as its exact bytes (RegistryClient.getManifest reads single images
     * only); undefined when the source has none.
     */
    async fetch(repository, reference) {
        let res;
        try {
            res = await (0,request/* httpRequest */.aj)({
                url: `${this.source.upstreamUrl}/v2/${repository}/manifests/${reference}`,
                headers: { accept: registry_manifest/* ANY_MANIFEST_ACCEPT */.oV },
                maxResponseBytes: 4 * 1024 * 1024,
            });
        }
        catch (e) {
            if (e instanceof request/* HttpError */.j$ && e.status === 404)
                return undefined;
            throw e;
        }
        const digest = (0,registry_digest/* sha256Digest */.sI)(res.body);
        if ((0,registry_digest/* isDigest */.Bc)(reference) && digest !== reference) {
            throw new ImportImageError('ImportImageFailed', `${repository}@${reference} does not hash to its digest`);
        }
        const mediaType = res.headers.get('content-type')?.split(';')[0]?.trim() ||
            (JSON.parse(res.body.toString('utf8')).mediaType ?? '');
        return { body: res.body, mediaType, digest };
    }
    /** Everything `m` references, into `toRepo`: child manifests (by digest) or blobs. */
    async tree(fromRepo, toRepo, m) {
        const doc = JSON.parse(m.body.toString('utf8'));
        if ((0,registry_manifest/* isIndexMediaType */.$$)(m.mediaType) || Array.isArray(doc.manifests)) {
            for (const d of doc.manifests ?? []) {
                if (await this.to.headManifest(toRepo, d.digest))
                    continue;
                const child = await this.fetch(fromRepo, d.digest);
                if (!child)
                    throw new ImportImageError('ImportImageFailed', `${fromRepo}@${d.digest} is missing`);
                await this.tree(fromRepo, toRepo, child);
                await this.to.putManifest(toRepo, d.digest, child.body, child.mediaType);
            }
            return;
        }
        for (const d of [...(doc.config ? [doc.config] : []), ...(doc.layers ?? [])]) {
            if (d.urls?.length)
                continue; // a foreign layer: pulled from its URLs, never pushed
            await this.blob(fromRepo, toRepo, d);
        }
    }
    async blob(fromRepo, toRepo, d) {
        if (await this.to.hasBlob(toRepo, d.digest))
            return;
        if (this.source === this.target && (await this.to.mountBlob(toRepo, d.digest, fromRepo)))
            return;
        const url = `${this.source.upstreamUrl}/v2/${fromRepo}/blobs/${d.digest}`;
        // The target checks the bytes against the digest before it keeps them.
        await this.to.uploadBlob(toRepo, { digest: d.digest, size: d.size, open: () => streamed(url) });
    }
}
/** A GET's body as a stream, opened now; a non-200 answer fails the stream. */
function streamed(url) {
    const out = new external_node_stream_.PassThrough();
    (0,external_node_http_.get)(url, (res) => {
        if (res.statusCode !== 200) {
            res.resume();
            out.destroy(new Error(`GET ${url}: HTTP ${res.statusCode}`));
            return;
        }
        res.on('error', (e) => out.destroy(e));
        res.pipe(out);
    }).on('error', (e) => out.destroy(e));
    return out;
}
function splitTag(tag) {
    const colon = tag.lastIndexOf(':');
    return colon > tag.lastIndexOf('/') ? [tag.slice(0, colon), tag.slice(colon + 1)] : [tag, 'latest'];
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./local/acr/tasks.ts
// ACR Tasks quick builds (`DockerBuildRequest`) on the plane's registries, as `az acr build` uses
// them: a SAS URL to upload the context (`listBuildSourceUploadUrl`), a run that really builds it
// with buildah and pushes through the registry's own front (signed in the ACR way, with a refresh
// token the registry issues itself), and the run's log as an append blob the client streams from
// a SAS link until its `Complete` metadata appears. Uploads and logs live in Azurite; runs live in
// memory (a plane restart forgets them).







const TASKS_CONTAINER = 'acr-tasks';
/** Why a request cannot run, for a 400 with ACR's wording. */
class TaskRequestError extends Error {
}
class RegistryTasks {
    storage;
    caPem;
    buildah;
    runs = new Map();
    children = new Map();
    pending = new Set();
    counter = 0;
    closed = false;
    constructor(storage, caPem, buildah = 'buildah') {
        this.storage = storage;
        this.caPem = caPem;
        this.buildah = buildah;
    }
    /** A write-only SAS URL for one new source archive, and the relative path a run request names. */
    async sourceUploadUrl(registry) {
        await this.container().createIfNotExists();
        const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
        const relativePath = `source/${day}/${(0,external_node_crypto_.randomBytes)(16).toString('hex')}.tar.gz`;
        return { uploadUrl: this.sasUrl(`${registry}/${relativePath}`, 'cw'), relativePath };
    }
    get(registry, runId) {
        const r = this.runs.get(runId);
        return r && r.registry === registry ? r : undefined;
    }
    /** The registry's runs, oldest first (tests read the requests they were scheduled with). */
    list(registry) {
        return [...this.runs.values()].filter((r) => r.registry === registry);
    }
    /** A read-only SAS URL of the run's log blob. */
    logLink(run) {
        return this.sasUrl(run.logBlob, 'r');
    }
    /** Validate, record and start a run; the build goes on in the background. */
    async schedule(front, request) {
        if (request.type !== 'DockerBuildRequest') {
            throw new TaskRequestError(`run request type '${request.type}' is not supported on the local plane; use DockerBuildRequest`);
        }
        if (!request.dockerFilePath)
            throw new TaskRequestError('dockerFilePath is required');
        if (!request.sourceLocation)
            throw new TaskRequestError('sourceLocation is required (from listBuildSourceUploadUrl)');
        const os = request.platform?.os ?? 'Linux';
        const architecture = request.platform?.architecture ?? 'amd64';
        if (os.toLowerCase() !== 'linux')
            throw new TaskRequestError(`platform os '${os}' is not supported; use Linux`);
        const source = this.container().getBlobClient(`${front.name}/${request.sourceLocation}`);
        if (!(await source.exists())) {
            throw new TaskRequestError(`sourceLocation '${request.sourceLocation}' was not uploaded`);
        }
        this.counter += 1;
        const runId = `c${(0,external_node_crypto_.randomBytes)(2).toString('hex')}${this.counter}`;
        const now = new Date().toISOString();
        const run = {
            runId,
            registry: front.name,
            status: 'Queued',
            createTime: now,
            lastUpdatedTime: now,
            platform: { os: 'Linux', architecture },
            outputImages: [],
            logBlob: `${front.name}/logs/${runId}/rawtext.log`,
            request: {
                ...request,
                ...(request.arguments
                    ? { arguments: request.arguments.map((a) => (a.isSecret ? { ...a, value: '***' } : { ...a })) }
                    : {}),
            },
        };
        this.runs.set(runId, run);
        const log = this.container().getAppendBlobClient(run.logBlob);
        await log.create();
        const work = this.build(front, request, run).finally(() => this.pending.delete(work));
        this.pending.add(work);
        return run;
    }
    /** `runs.cancel`: kill the run's tools; it ends Canceled (a finished run stays as it ended). */
    cancel(run) {
        if (run.status !== 'Queued' && run.status !== 'Running')
            return;
        run.cancelRequested = true;
        for (const [c, id] of this.children)
            if (id === run.runId)
                c.kill('SIGKILL');
    }
    /** Stop: kill running builds and wait for them to record their end. */
    async close() {
        this.closed = true;
        for (const c of this.children.keys())
            c.kill('SIGKILL');
        await Promise.allSettled([...this.pending]);
    }
    async build(front, request, run) {
        const logClient = this.container().getAppendBlobClient(run.logBlob);
        let chain = Promise.resolve();
        const exec = (tool, args, secrets, stdin) => this.exec(run, tool, args, log, secrets, stdin);
        const log = (text) => {
            const data = Buffer.from(text.endsWith('\n') ? text : `${text}\n`);
            chain = chain
                .then(() => logClient.appendBlock(data, data.length).then(() => undefined))
                .catch(() => undefined);
        };
        const work = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join((0,external_node_os_.tmpdir)(), `acr-run-${run.runId}-`));
        const update = (status) => {
            run.status = status;
            run.lastUpdatedTime = new Date().toISOString();
        };
        let outcome = 'Failed';
        try {
            update('Running');
            run.startTime = run.lastUpdatedTime;
            log(`Queued a build with ID: ${run.runId}`);
            log('Waiting for an agent...');
            const context = external_node_path_default().join(work, 'context');
            (0,external_node_fs_.mkdirSync)(context);
            const archive = external_node_path_default().join(work, 'source.tar.gz');
            await this.container().getBlobClient(`${front.name}/${request.sourceLocation}`).downloadToFile(archive);
            log(`Downloading source code...`);
            await exec('tar', ['-xzf', archive, '-C', context]);
            const storage = [
                '--root',
                external_node_path_default().join(work, 'root'),
                '--runroot',
                external_node_path_default().join(work, 'runroot'),
                '--storage-driver',
                'vfs',
            ];
            const images = (request.imageNames ?? []).map((n) => `${front.loginServer}/${n}`);
            const local = images[0] ?? `localhost/acr-run-${run.runId}:latest`;
            const certDir = external_node_path_default().join(work, 'certs');
            (0,external_node_fs_.mkdirSync)(certDir);
            (0,external_node_fs_.writeFileSync)(external_node_path_default().join(certDir, 'ca.crt'), this.caPem);
            const authfile = external_node_path_default().join(work, 'auth.json');
            const args = [
                ...storage,
                'bud',
                '--authfile',
                authfile,
                '--cert-dir',
                certDir,
                '--isolation',
                'chroot',
                '--platform',
                `${run.platform.os.toLowerCase()}/${run.platform.architecture}`,
                '-f',
                external_node_path_default().join(context, request.dockerFilePath),
                ...(request.target ? ['--target', request.target] : []),
                ...(request.noCache ? ['--no-cache'] : []),
                ...(request.arguments ?? []).flatMap((a) => ['--build-arg', `${a.name}=${a.value}`]),
                ...images.slice(1).flatMap((i) => ['--tag', i]),
                '--tag',
                local,
                context,
            ];
            // Signed in before the build too: a base image in the same registry is pulled as ACR pulls it.
            const refresh = front.tokens.issueRefreshToken();
            await exec(this.buildah, [
                ...storage,
                'login',
                '--authfile',
                authfile,
                '--cert-dir',
                certDir,
                '--username',
                ACR_TOKEN_USER,
                '--password-stdin',
                front.loginServer,
            ], [refresh], refresh);
            log(`Step 1/2 : building ${request.dockerFilePath} for ${run.platform.os.toLowerCase()}/${run.platform.architecture}`);
            await exec(this.buildah, args, request.arguments?.filter((a) => a.isSecret).map((a) => a.value));
            if (request.isPushEnabled !== false && images.length > 0) {
                for (const image of images) {
                    log(`Step 2/2 : pushing ${image}`);
                    const digestFile = external_node_path_default().join(work, 'digest');
                    await exec(this.buildah, [
                        ...storage,
                        'push',
                        '--authfile',
                        authfile,
                        '--cert-dir',
                        certDir,
                        '--digestfile',
                        digestFile,
                        image,
                        `docker://${image}`,
                    ]);
                    const digest = (0,external_node_fs_.readFileSync)(digestFile, 'utf8').trim();
                    const rest = image.slice(front.loginServer.length + 1);
                    const colon = rest.lastIndexOf(':');
                    const repository = colon > rest.lastIndexOf('/') ? rest.slice(0, colon) : rest;
                    const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : 'latest';
                    run.outputImages.push({ registry: front.loginServer, repository, tag, digest });
                    log(`${image}: digest: ${digest}`);
                }
            }
            log(`Run ID: ${run.runId} was successful after ${elapsed(run)}`);
            outcome = 'Succeeded';
        }
        catch (e) {
            run.runErrorMessage = e instanceof Error ? e.message : String(e);
            log(`Run ID: ${run.runId} failed after ${elapsed(run)}. Error: ${run.runErrorMessage}`);
            outcome = this.closed || run.cancelRequested ? 'Canceled' : 'Failed';
        }
        finally {
            (0,external_node_fs_.rmSync)(work, { recursive: true, force: true });
            await chain;
            // What `az acr` and our own streamer wait for before they stop reading the log.
            await logClient.setMetadata({ Complete: 'true' }).catch(() => undefined);
            // Only now: a client that sees the final status finds the whole log.
            run.finishTime = new Date().toISOString();
            update(outcome);
        }
    }
    /** Run a tool, its output into the log (secrets blanked); fails with its last lines. */
    exec(run, tool, args, log, secrets = [], stdin = '') {
        const scrub = (t) => secrets.reduce((acc, s) => (s ? acc.split(s).join('***') : acc), t);
        return new Promise((resolve, reject) => {
            if (this.closed)
                return reject(new Error('the plane is stopping'));
            if (run.cancelRequested)
                return reject(new Error('the run was canceled'));
            const child = (0,external_node_child_process_.spawn)(tool, args, { stdio: ['pipe', 'pipe', 'pipe'] });
            this.children.set(child, run.runId);
            let tail = '';
            const onData = (c) => {
                const text = scrub(c.toString());
                tail = (tail + text).slice(-2000);
                log(text);
            };
            child.stdout.on('data', onData);
            child.stderr.on('data', onData);
            child.once('error', (e) => reject(new Error(`${tool} could not start: ${e.message}`)));
            child.once('close', (code, signal) => {
                this.children.delete(child);
                if (code === 0)
                    return resolve();
                const sub = ['bud', 'login', 'push'].find((s) => args.includes(s)) ?? '';
                const last = tail.trim().split('\n').slice(-3).join(' | ');
                reject(new Error(`${tool} ${sub} exited with ${signal ?? code}: ${last}`));
            });
            // A tool that exits before reading its input (a build that cannot run) closes the pipe:
            // the EPIPE is that same failure, which 'close' reports with the tool's own words.
            child.stdin.on('error', () => undefined);
            child.stdin.end(stdin);
        });
    }
    container() {
        const service = new esm.BlobServiceClient(this.storage.blobEndpoint(), new esm.StorageSharedKeyCredential(this.storage.accountName, this.storage.accountKey));
        return service.getContainerClient(TASKS_CONTAINER);
    }
    sasUrl(blobName, permissions) {
        const sas = (0,esm.generateBlobSASQueryParameters)({
            containerName: TASKS_CONTAINER,
            blobName,
            permissions: esm.BlobSASPermissions.parse(permissions),
            startsOn: new Date(Date.now() - 5 * 60_000),
            expiresOn: new Date(Date.now() + 3600_000),
        }, new esm.StorageSharedKeyCredential(this.storage.accountName, this.storage.accountKey));
        return `${this.storage.blobEndpoint()}/${TASKS_CONTAINER}/${blobName.split('/').map(encodeURIComponent).join('/')}?${sas.toString()}`;
    }
}
function elapsed(run) {
    const ms = Date.now() - Date.parse(run.startTime ?? run.createTime);
    const s = Math.round(ms / 1000);
    return `${Math.floor(s / 60)}m${s % 60}s`;
}
/** The Run resource ACR returns (api-version 2019-06-01-preview). */
function runBody(registryId, run) {
    return {
        id: `${registryId}/runs/${run.runId}`,
        name: run.runId,
        type: 'Microsoft.ContainerRegistry/registries/runs',
        properties: {
            runId: run.runId,
            status: run.status,
            lastUpdatedTime: run.lastUpdatedTime,
            runType: 'QuickRun',
            createTime: run.createTime,
            ...(run.startTime ? { startTime: run.startTime } : {}),
            ...(run.finishTime ? { finishTime: run.finishTime } : {}),
            outputImages: run.outputImages.map((i) => ({ ...i })),
            platform: { ...run.platform },
            agentConfiguration: { cpu: 2 },
            provisioningState: 'Succeeded',
            isArchiveEnabled: false,
            ...(run.runErrorMessage ? { runErrorMessage: run.runErrorMessage } : {}),
        },
    };
}

;// CONCATENATED MODULE: ./local/acr/registries.ts






/** Registry keys, after the workspaces whose `containerRegistry` they are. */
const REGISTRY_KEYS = ['dev', 'prod'];
async function startPlaneRegistries(o) {
    const st = o.state;
    st.registries ??= {};
    const fronts = new Map();
    let unavailable;
    try {
        for (const key of REGISTRY_KEYS) {
            const record = (st.registries[key] ??= {
                name: registryName(key),
                port: 0,
                createdAt: new Date().toISOString(),
            });
            const front = await startRegistryFront({
                name: record.name,
                dir: external_node_path_default().join(o.stateDir, 'registries', record.name),
                tls: o.tls,
                preferredPort: record.port,
                tenantId: st.tenantId,
                entraToken: () => st.token,
                ...(o.binary ? { binary: o.binary } : {}),
                ...(o.backend ? { backend: o.backend } : {}),
                ...(o.onChild ? { onChild: o.onChild } : {}),
            });
            fronts.set(key, front);
            record.port = front.port;
        }
    }
    catch (e) {
        await Promise.all([...fronts.values()].map((f) => f.stop()));
        fronts.clear();
        const remediation = e.remediation;
        unavailable = `the plane's container registries are unavailable: ${e instanceof Error ? e.message : String(e)}${remediation ? `; ${remediation}` : ''}`;
    }
    const find = (keyOrName) => {
        const k = keyOrName.toLowerCase();
        for (const [key, f] of fronts)
            if (key === k || f.name.toLowerCase() === k)
                return f;
        return undefined;
    };
    const tasks = fronts.size > 0 ? new RegistryTasks(o.taskStorage, o.tls.ca) : undefined;
    const self = {
        fronts,
        ...(tasks ? { tasks } : {}),
        ...(unavailable ? { unavailable } : {}),
        connections: () => fronts.size === 0
            ? undefined
            : Object.fromEntries([...fronts].map(([key, f]) => [
                key,
                {
                    name: f.name,
                    id: registryId(st.subscriptionId, st.resourceGroup, key),
                    loginServer: f.loginServer,
                },
            ])),
        find,
        forHost: (host) => [...fronts.values()].find((f) => f.loginServer === host.toLowerCase()),
        importImage: (target, parameters) => importImage(self, target, parameters),
        stop: async () => {
            await tasks?.close();
            await Promise.all([...fronts.values()].map((f) => f.stop()));
        },
    };
    return self;
}
async function checkImagePull(registries, image) {
    const ref = (0,registry_reference/* parseImageRef */.Q)(image);
    if ('problem' in ref || !ref.registry)
        return { checked: false };
    const front = registries.forHost(ref.registry);
    if (!front)
        return { checked: false };
    const reference = ref.digest ?? ref.tag ?? 'latest';
    if (await front.hasManifest(ref.repository, reference))
        return { checked: true, present: true };
    return { checked: true, present: false, registry: front.name, repository: ref.repository, reference };
}

;// CONCATENATED MODULE: ./local/admin.ts
// The admin API: plain HTTP on its own loopback port, never on the ARM host, so nothing an SDK
// client does can reach it. Tests (and later the rollout health checks and the gate) read
// per-deployment counters and the log of mutating ARM requests here, inject faults, set quota
// limits and shorten the metrics' minute; per container registry, read and reset request counters
// and set token faults.


const FAULT_KINDS = new Set(['arm-error', 'arm-drop', 'provisioning', 'deployment']);
function createAdminServer(deps) {
    return (0,external_node_http_.createServer)((req, res) => {
        admin_route(deps, req, res).catch((e) => {
            if (e instanceof ArmError)
                sendJson(res, e.status, e.body());
            else
                sendJson(res, 500, { error: { code: 'InternalServerError', message: String(e) } });
        });
    });
}
async function admin_route(deps, req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const [v1, what, a, b, c] = parts;
    if (method === 'GET' && parts.length === 1 && v1 === 'health') {
        // Healthy only when every required child (Azurite, each docker-registry) runs; a builtin
        // registry runs in the plane's own process, so it has no child and is up while the plane is.
        const children = deps.children();
        const dead = children.filter((c) => c.required && !c.alive).map((c) => c.role);
        const registries = Object.fromEntries([...deps.registries.fronts].map(([k, f]) => [k, { name: f.name, backend: f.backend }]));
        return sendJson(res, dead.length > 0 ? 503 : 200, {
            ok: dead.length === 0,
            ...(dead.length > 0 ? { dead } : {}),
            children,
            registries,
            ...(deps.registries.unavailable ? { registriesUnavailable: deps.registries.unavailable } : {}),
        });
    }
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
    if (what === 'arm-requests' && !a) {
        if (method === 'GET')
            return sendJson(res, 200, deps.control.requests.summary());
        if (method === 'DELETE') {
            deps.control.requests.reset();
            return sendJson(res, 204, undefined);
        }
    }
    if (what === 'quotas') {
        if (method === 'GET' && !a)
            return sendJson(res, 200, { value: deps.control.quotas() });
        if (method === 'PUT' && a) {
            const limit = (await readJson(req)).limit;
            if (typeof limit !== 'number')
                throw new ArmError(400, 'BadArgument', 'body must be {"limit": <cores>}');
            return sendJson(res, 200, deps.control.setQuota(a, limit));
        }
        if (method === 'DELETE') {
            if (a)
                deps.control.setQuota(a, undefined);
            else
                deps.control.resetQuotas();
            return sendJson(res, 204, undefined);
        }
    }
    if (what === 'metrics') {
        const metrics = deps.dataPlane.metrics;
        if (a === 'settings' && method === 'GET')
            return sendJson(res, 200, { bucketSeconds: metrics.bucketSeconds });
        if (a === 'settings' && method === 'PUT') {
            const seconds = (await readJson(req)).bucketSeconds;
            if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > 60) {
                throw new ArmError(400, 'BadArgument', 'bucketSeconds must be an integer from 1 to 60');
            }
            metrics.bucketSeconds = seconds;
            return sendJson(res, 200, { bucketSeconds: seconds });
        }
        if (!a && method === 'DELETE') {
            metrics.clear();
            return sendJson(res, 204, undefined);
        }
    }
    if (what === 'registries')
        return registryRoute(deps.registries, req, res, method, a, b);
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
/**
 * `/v1/registries` lists them; `/v1/registries/{dev|prod|name}/counters` (GET, DELETE) and
 * `/v1/registries/{dev|prod|name}/faults` (GET; PUT `{refuseTokens?: boolean, expireRefreshTokens?:
 * boolean | "issued"}`, merged; DELETE clears). `"issued"` expires the refresh tokens issued so far
 * (new exchanges work); `true` expires every refresh token until cleared.
 */
async function registryRoute(registries, req, res, method, key, what) {
    if (!key && method === 'GET') {
        const value = [...registries.fronts].map(([k, f]) => ({
            key: k,
            name: f.name,
            loginServer: f.loginServer,
            backend: f.backend,
        }));
        return sendJson(res, 200, {
            value,
            ...(registries.unavailable ? { unavailable: registries.unavailable } : {}),
        });
    }
    const front = key ? registries.find(key) : undefined;
    if (!front) {
        throw new ArmError(404, 'RegistryNotFound', registries.unavailable ?? `no registry '${key}' (dev, prod)`);
    }
    if (what === 'counters') {
        if (method === 'GET')
            return sendJson(res, 200, front.counters.values());
        if (method === 'DELETE') {
            front.counters.reset();
            return sendJson(res, 204, undefined);
        }
    }
    if (what === 'faults') {
        const faults = front.tokens.faults;
        if (method === 'PUT') {
            const body = await readJson(req);
            const { refuseTokens, expireRefreshTokens } = body;
            if (refuseTokens !== undefined && typeof refuseTokens !== 'boolean') {
                throw new ArmError(400, 'BadArgument', 'refuseTokens must be true or false');
            }
            if (expireRefreshTokens !== undefined &&
                typeof expireRefreshTokens !== 'boolean' &&
                expireRefreshTokens !== 'issued') {
                throw new ArmError(400, 'BadArgument', 'expireRefreshTokens must be true, false or "issued"');
            }
            if (typeof refuseTokens === 'boolean')
                faults.refuseTokens = refuseTokens;
            if (expireRefreshTokens === 'issued')
                front.tokens.expireIssuedRefreshTokens();
            else if (typeof expireRefreshTokens === 'boolean')
                faults.expireRefreshTokens = expireRefreshTokens;
        }
        else if (method === 'DELETE') {
            front.tokens.resetFaults();
            return sendJson(res, 204, undefined);
        }
        else if (method !== 'GET') {
            throw new ArmError(405, 'MethodNotAllowed', `${method} /v1/registries/${key}/faults`);
        }
        return sendJson(res, 200, { ...faults });
    }
    throw new ArmError(404, 'NotFound', `no admin route ${method} /v1/registries/${key}/${what ?? ''}`);
}

// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(98995);
;// CONCATENATED MODULE: ./local/azurite.ts
// Azurite's blob service as a child process of the plane: loopback only, data under the plane's
// state dir, the port it reports parsed from its start-up line. Backs `workspaceblobstore`.





function azuriteBlobMain() {
    const require = (0,external_node_module_.createRequire)(import.meta.url);
    return external_node_path_default().join(external_node_path_default().dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
}
async function startAzurite(stateDir, preferredPort, accountName, options = {}) {
    try {
        return await launch(stateDir, preferredPort, accountName);
    }
    catch (e) {
        if (preferredPort === 0 || options.samePortOnly)
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

// EXTERNAL MODULE: ./local/children.ts
var children = __webpack_require__(7723);
;// CONCATENATED MODULE: ./local/arm/lookup.ts
// Finding resources in the plane's state: by route parameters (throwing the 404 ARM answers with)
// or by name (undefined when absent). Names are case-insensitive, as ARM's are.


function workspaceOf(st, p) {
    const w = findWorkspace(st, p.ws);
    if (!w) {
        throw new ArmError(404, 'ResourceNotFound', `The Resource '${PROVIDER}/workspaces/${p.ws}' under resource group '${p.rg}' was not found.`);
    }
    return w;
}
function datastoreOf(st, p) {
    const w = workspaceOf(st, p);
    const key = findKey(w.datastores, p.name);
    if (!key)
        throw notFound('datastore', `${w.resource.id}/datastores/${p.name}`);
    return w.datastores[key];
}
function endpointOf(st, p) {
    const w = workspaceOf(st, p);
    const key = findKey(w.endpoints, p.ep);
    if (!key)
        throw notFound('online endpoint', `${w.resource.id}/onlineEndpoints/${p.ep}`);
    return w.endpoints[key];
}
function deploymentOf(st, p) {
    const e = endpointOf(st, p);
    const key = findKey(e.deployments, p.dep);
    if (!key)
        throw notFound('online deployment', `${e.resource.id}/deployments/${p.dep}`);
    return e.deployments[key];
}
function findWorkspace(st, ws) {
    return st.workspaces[findKey(st.workspaces, ws) ?? ''];
}
function findEndpoint(st, ws, ep) {
    const w = findWorkspace(st, ws);
    return w?.endpoints[findKey(w.endpoints, ep) ?? ''];
}
function findDeployment(st, ws, ep, dep) {
    const e = findEndpoint(st, ws, ep);
    return e?.deployments[findKey(e.deployments, dep) ?? ''];
}
/** A resource with an operation in progress refuses another change (409). */
function isBusy(r) {
    const s = str(r.properties.provisioningState);
    return s === 'Creating' || s === 'Updating' || s === 'Deleting' || s === 'Scaling';
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

;// CONCATENATED MODULE: ./local/arm/router.ts
// The ARM front door of the plane: one route table, bearer auth, api-version checks, injected ARM
// faults, subscription and resource-group checks, ARM error bodies, and the log of mutating
// requests. Each resource lives in its own module under ./resources and only adds routes here.




/** Path prefixes, so a module writes `${WORKSPACES}/:ws/datastores` rather than the whole id. */
const SUBSCRIPTION = '/subscriptions/:sub';
const LOCATION = `${SUBSCRIPTION}/providers/${PROVIDER}/locations/:loc`;
const WORKSPACES = `${SUBSCRIPTION}/resourceGroups/:rg/providers/${PROVIDER}/workspaces`;
class ArmRouter {
    state;
    faults;
    requests;
    routes = [];
    constructor(state, faults, requests) {
        this.state = state;
        this.faults = faults;
        this.requests = requests;
    }
    on(method, path, operationId, handle, options = {}) {
        this.routes.push({
            method,
            pattern: path.split('/').filter(Boolean),
            operationId,
            handle,
            apiVersions: options.apiVersions ?? SUPPORTED_API_VERSIONS,
        });
    }
    async handle(req, res) {
        const ids = requestIds(req);
        try {
            // Clients that join `/{resourceUri}` to the host (@azure/arm-monitor) send `//subscriptions/...`:
            // parsed relative to a base, that would be a host; prefixed, it stays a path.
            const url = new URL(`https://localhost${req.url ?? '/'}`);
            const method = (req.method ?? 'GET').toUpperCase();
            const segments = pathSegments(url.pathname);
            const logged = this.requests.record(method, segments ? `/${segments.join('/')}` : url.pathname);
            if (logged)
                res.once('close', () => (logged.status = res.headersSent ? res.statusCode : 0));
            this.authenticate(req);
            if (!segments) {
                throw new ArmError(400, 'InvalidRequestUri', `The request path '${url.pathname}' is not valid percent-encoding.`);
            }
            // Refused up front, for every route, whether or not it reads the body.
            if (Number(req.headers['content-length']) > MAX_ARM_BODY_BYTES)
                throw bodyTooLarge(MAX_ARM_BODY_BYTES);
            const apiVersion = url.searchParams.get('api-version');
            if (!apiVersion) {
                throw new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
            }
            const match = this.match(method, segments);
            if (logged && match)
                logged.operationId = match.route.operationId;
            const versions = match?.route.apiVersions ?? SUPPORTED_API_VERSIONS;
            if (!versions.includes(apiVersion)) {
                throw new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported versions are '${versions.join(',')}'.`);
            }
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
            const st = this.state();
            if (params.sub !== undefined && params.sub !== st.subscriptionId) {
                throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${params.sub}' could not be found.`);
            }
            if (params.rg !== undefined && params.rg.toLowerCase() !== st.resourceGroup.toLowerCase()) {
                throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${params.rg}' could not be found.`);
            }
            await route.handle({ req, res, method, apiVersion, url, ids }, params);
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
        const st = this.state();
        const auth = req.headers.authorization;
        const challenge = {
            'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${st.tenantId}", error="invalid_token", error_description="The access token is missing or invalid."`,
        };
        if (!auth) {
            throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", [], challenge);
        }
        const m = /^Bearer\s+(.+)$/i.exec(auth);
        const given = Buffer.from(m?.[1] ?? '');
        const want = Buffer.from(st.token);
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
                return { route: r, params };
        }
        return undefined;
    }
}
/** The decoded path segments, or undefined when the path's percent-encoding is broken (`%zz`). */
function pathSegments(pathname) {
    try {
        return pathname.split('/').filter(Boolean).map(decodeURIComponent);
    }
    catch {
        return undefined;
    }
}
/** A list response (`{"value": [...]}`), as every ARM list operation answers. */
function sendList(c, value) {
    sendJson(c.res, 200, { value }, c.ids);
}

;// CONCATENATED MODULE: ./local/arm/operations.ts
// ARM long-running operations as AML runs them: 201/202 with Azure-AsyncOperation, Location and
// Retry-After; operation records saved at every transition; the mfeOperationsStatus and
// mfeOperationResults resources a poller reads; provisioningState moving to Succeeded or Failed.




/** A provisioning failure with the code AML reports in the operation's error. */
class ProvisioningError extends Error {
    code;
    constructor(code, message) {
        super(message);
        this.code = code;
    }
}
function sleep(ms) {
    return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
class Operations {
    store;
    timings;
    armBase;
    pending = new Set();
    closed = false;
    constructor(store, timings, armBase) {
        this.store = store;
        this.timings = timings;
        this.armBase = armBase;
    }
    routes(router, resultBody) {
        router.on('GET', `${LOCATION}/mfeOperationsStatus/:op`, 'OperationStatus', (c, p) => this.status(c, p));
        router.on('GET', `${LOCATION}/mfeOperationResults/:op`, 'OperationResult', (c, p) => this.result(c, p, resultBody));
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
    /** Answer an LRO's first request: the status code, the body, and where to poll. */
    accepted(c, status, op, body, withLocation) {
        const headers = {
            ...c.ids,
            'azure-asyncoperation': this.url('mfeOperationsStatus', op.id),
            'retry-after': String(this.timings.retryAfterSeconds),
        };
        if (withLocation)
            headers.location = this.url('mfeOperationResults', op.id);
        sendJson(c.res, status, body, headers);
    }
    /** A long-running create or update: the resource is 'Succeeded' once `work` (if any) is done
     * after `delayMs`, 'Failed' if it throws. */
    provision(resource, kind, delayMs, work = async () => undefined) {
        return this.start(resource.id, kind, delayMs, async () => {
            await work();
            resource.properties.provisioningState = 'Succeeded';
        }, () => {
            resource.properties.provisioningState = 'Failed';
        });
    }
    /**
     * Record an operation and run its work in the background after `delayMs`. The resource state and
     * the operation record are saved at every transition, so a restart can see where things were.
     */
    start(resourceId, kind, delayMs, work, onFail) {
        const op = {
            id: (0,external_node_crypto_.randomUUID)(),
            resourceId,
            kind,
            status: 'InProgress',
            startTime: new Date().toISOString(),
        };
        this.store.state.operations[op.id] = op;
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
    /** After a restart: what was in flight did not finish. */
    interruptAll() {
        for (const op of Object.values(this.store.state.operations)) {
            if (op.status === 'InProgress') {
                op.status = 'Failed';
                op.error = {
                    code: 'OperationInterrupted',
                    message: 'The local plane restarted while this operation was running.',
                };
                op.endTime = new Date().toISOString();
            }
        }
    }
    url(kind, id) {
        const st = this.store.state;
        return `${this.armBase()}/subscriptions/${st.subscriptionId}/providers/${PROVIDER}/locations/${st.location}/${kind}/${id}?api-version=${API_VERSION}`;
    }
    find(p) {
        const op = this.store.state.operations[p.op];
        if (!op)
            throw new ArmError(404, 'NotFound', `Operation '${p.op}' was not found.`);
        return op;
    }
    async status(c, p) {
        const op = this.find(p);
        const body = compact({
            id: this.url('mfeOperationsStatus', op.id).replace(this.armBase(), '').replace(/\?.*$/, ''),
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
    async result(c, p, resultBody) {
        const op = this.find(p);
        if (op.status === 'InProgress') {
            return sendJson(c.res, 202, undefined, {
                ...c.ids,
                location: this.url('mfeOperationResults', op.id),
                'retry-after': String(this.timings.retryAfterSeconds),
            });
        }
        if (op.status === 'Failed' && op.error) {
            throw new ArmError(400, op.error.code, op.error.message);
        }
        sendJson(c.res, 200, op.kind === 'update' ? resultBody(op, c.apiVersion) : undefined, c.ids);
    }
}

;// CONCATENATED MODULE: ./local/arm/requests.ts
// The log of mutating ARM requests (PUT, PATCH, POST, DELETE) the plane received, for tests that
// assert a refused rollout changed nothing. Every request with one of those methods is logged, even
// one refused with 401/400/404; POSTs that only read (listKeys, listSecrets, token, getLogs) are
// logged too, and each entry carries its operationId so a test can leave them out.
const MUTATING_METHODS = ['PUT', 'PATCH', 'POST', 'DELETE'];
/** POST operations that read and change nothing. */
const READ_ONLY_POSTS = new Set([
    'Datastores_ListSecrets',
    'OnlineEndpoints_ListKeys',
    'OnlineEndpoints_GetToken',
    'OnlineDeployments_GetLogs',
]);
const MAX_ENTRIES = 10_000;
class MutatingRequestLog {
    entries = [];
    counts = new Map();
    /** Log a request if its method mutates; the caller fills `operationId` and `status` as it learns them. */
    record(method, path) {
        if (!MUTATING_METHODS.includes(method)) {
            // Reads are only counted: benchmarks compare a client's request count with a minimal one.
            if (method === 'GET')
                this.counts.set('GET', (this.counts.get('GET') ?? 0) + 1);
            return undefined;
        }
        const entry = { method, path, status: 0, at: new Date().toISOString() };
        this.entries.push(entry);
        if (this.entries.length > MAX_ENTRIES)
            this.entries.shift();
        this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
        return entry;
    }
    /** Totals per method (never truncated) and the most recent entries. */
    summary() {
        const byMethod = Object.fromEntries(MUTATING_METHODS.map((m) => [m, this.counts.get(m) ?? 0]));
        return {
            total: Object.values(byMethod).reduce((a, b) => a + b, 0),
            byMethod,
            readOnlyPosts: this.entries.filter((e) => READ_ONLY_POSTS.has(e.operationId ?? '')).length,
            reads: this.counts.get('GET') ?? 0,
            value: this.entries.map((e) => ({ ...e })),
        };
    }
    reset() {
        this.entries = [];
        this.counts.clear();
    }
}

;// CONCATENATED MODULE: ./local/skus.ts
// The VM sizes the plane knows, as VirtualMachineSizes_List describes them, and the quota maths
// AML applies to managed online deployments. `MIR` in supportedComputeTypes marks the sizes a
// managed online deployment may use (the managed-endpoint SKU list); the others exist for training
// compute only and a deployment on them is refused.
// Defaults are generous so tests only meet a quota when they set one; Azure's own defaults vary
// by subscription offer (GPU families often start at 0).
const VM_FAMILIES = [
    { name: 'standardDSv2Family', display: 'Standard DSv2 Family', defaultLimit: 100 },
    { name: 'standardFSv2Family', display: 'Standard FSv2 Family', defaultLimit: 100 },
    { name: 'standardESv3Family', display: 'Standard ESv3 Family', defaultLimit: 100 },
    { name: 'standardDASv4Family', display: 'Standard DASv4 Family', defaultLimit: 100 },
    { name: 'standardNCSv3Family', display: 'Standard NCSv3 Family', defaultLimit: 48 },
    { name: 'standardNCASv3_T4Family', display: 'Standard NCASv3_T4 Family', defaultLimit: 48 },
    { name: 'standardNCADSA100v4Family', display: 'Standard NCADSA100v4 Family', defaultLimit: 96 },
    { name: 'standardNDASv4_A100Family', display: 'Standard NDASv4_A100 Family', defaultLimit: 96 },
];
/** The regional total AML reports beside the families ("Total Cluster Dedicated Regional vCPUs"). */
const TOTAL_DEDICATED = {
    name: 'Total Cluster Dedicated Regional vCPUs',
    display: 'Total Cluster Dedicated Regional vCPUs',
    defaultLimit: 400,
};
const OS_DISK_MB = 1047552;
const ONLINE = ['AmlCompute', 'ComputeInstance', 'MIR'];
const TRAINING = ['AmlCompute', 'ComputeInstance'];
// [name, family, vCPUs, memoryGB, gpus, temp disk MB, compute types]
const SIZES = [
    ['Standard_DS1_v2', 'standardDSv2Family', 1, 3.5, 0, 7168, TRAINING],
    ['Standard_DS2_v2', 'standardDSv2Family', 2, 7, 0, 14336, ONLINE],
    ['Standard_DS3_v2', 'standardDSv2Family', 4, 14, 0, 28672, ONLINE],
    ['Standard_DS4_v2', 'standardDSv2Family', 8, 28, 0, 57344, ONLINE],
    ['Standard_DS5_v2', 'standardDSv2Family', 16, 56, 0, 114688, ONLINE],
    ['Standard_DS11_v2', 'standardDSv2Family', 2, 14, 0, 28672, TRAINING],
    ['Standard_F2s_v2', 'standardFSv2Family', 2, 4, 0, 16384, ONLINE],
    ['Standard_F4s_v2', 'standardFSv2Family', 4, 8, 0, 32768, ONLINE],
    ['Standard_F8s_v2', 'standardFSv2Family', 8, 16, 0, 65536, ONLINE],
    ['Standard_F16s_v2', 'standardFSv2Family', 16, 32, 0, 131072, ONLINE],
    ['Standard_F32s_v2', 'standardFSv2Family', 32, 64, 0, 262144, ONLINE],
    ['Standard_F48s_v2', 'standardFSv2Family', 48, 96, 0, 393216, ONLINE],
    ['Standard_F64s_v2', 'standardFSv2Family', 64, 128, 0, 524288, ONLINE],
    ['Standard_F72s_v2', 'standardFSv2Family', 72, 144, 0, 589824, ONLINE],
    ['Standard_E2s_v3', 'standardESv3Family', 2, 16, 0, 32768, ONLINE],
    ['Standard_E4s_v3', 'standardESv3Family', 4, 32, 0, 65536, ONLINE],
    ['Standard_E8s_v3', 'standardESv3Family', 8, 64, 0, 131072, ONLINE],
    ['Standard_E16s_v3', 'standardESv3Family', 16, 128, 0, 262144, ONLINE],
    ['Standard_E32s_v3', 'standardESv3Family', 32, 256, 0, 524288, ONLINE],
    ['Standard_E48s_v3', 'standardESv3Family', 48, 384, 0, 786432, ONLINE],
    ['Standard_E64s_v3', 'standardESv3Family', 64, 432, 0, 884736, ONLINE],
    ['Standard_D2as_v4', 'standardDASv4Family', 2, 8, 0, 16384, ONLINE],
    ['Standard_D4as_v4', 'standardDASv4Family', 4, 16, 0, 32768, ONLINE],
    ['Standard_D8as_v4', 'standardDASv4Family', 8, 32, 0, 65536, ONLINE],
    ['Standard_D16as_v4', 'standardDASv4Family', 16, 64, 0, 131072, ONLINE],
    ['Standard_D32as_v4', 'standardDASv4Family', 32, 128, 0, 262144, ONLINE],
    ['Standard_NC6s_v3', 'standardNCSv3Family', 6, 112, 1, 344064, ONLINE],
    ['Standard_NC12s_v3', 'standardNCSv3Family', 12, 224, 2, 688128, ONLINE],
    ['Standard_NC24s_v3', 'standardNCSv3Family', 24, 448, 4, 1376256, ONLINE],
    ['Standard_NC4as_T4_v3', 'standardNCASv3_T4Family', 4, 28, 1, 184320, ONLINE],
    ['Standard_NC8as_T4_v3', 'standardNCASv3_T4Family', 8, 56, 1, 368640, ONLINE],
    ['Standard_NC16as_T4_v3', 'standardNCASv3_T4Family', 16, 110, 1, 368640, ONLINE],
    ['Standard_NC64as_T4_v3', 'standardNCASv3_T4Family', 64, 440, 4, 2949120, ONLINE],
    ['Standard_NC24ads_A100_v4', 'standardNCADSA100v4Family', 24, 220, 1, 65536, ONLINE],
    ['Standard_NC48ads_A100_v4', 'standardNCADSA100v4Family', 48, 440, 2, 131072, ONLINE],
    ['Standard_NC96ads_A100_v4', 'standardNCADSA100v4Family', 96, 880, 4, 262144, ONLINE],
    ['Standard_ND96asr_v4', 'standardNDASv4_A100Family', 96, 900, 8, 6291456, ONLINE],
];
const VM_SIZES = SIZES.map(([name, family, vCPUs, memoryGB, gpus, temp, types]) => ({
    name,
    family,
    vCPUs,
    gpus,
    osVhdSizeMB: OS_DISK_MB,
    maxResourceVolumeMB: temp,
    memoryGB,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: types,
}));
function findVmSize(name) {
    const lower = (name ?? '').toLowerCase();
    return VM_SIZES.find((s) => s.name.toLowerCase() === lower);
}
/** Whether a managed online deployment may run on this size. */
function isOnlineSize(size) {
    return size.supportedComputeTypes.includes('MIR');
}
/**
 * Cores a managed online deployment holds against its family's quota. AML reserves 20% more
 * instances than requested so an upgrade can surge (ceil(1.2 x instances)); Azure's OutOfQuota
 * message for one Standard_F4s_v2 instance says "Additional needed: 8", which is this sum.
 */
function coresHeld(size, instances) {
    return Math.ceil((instances * 12) / 10) * size.vCPUs; // integer maths: 1.2 * 5 is 6.000000000000001
}

;// CONCATENATED MODULE: ./local/rules.ts
// AML's online-endpoint rules as pure decisions: each returns the ArmError Azure would answer with,
// or undefined when the request is allowed. The control plane calls these before changing state.


/** Endpoint and deployment names: start with a letter, 3-32 letters, digits or '-', not ending in '-'. */
const NAME_RULE = /^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/;
/** Asset (model, environment, datastore) names, as the 2022-10-01 swagger patterns them. */
const ASSET_NAME_RULE = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
/**
 * Asset versions: the 2022-10-01 swagger gives no pattern, so the plane applies the name's (letters,
 * digits, '-', '_', at most 255 characters) plus '.', as in `1.0.2`: never a path, a space or a NUL.
 */
const ASSET_VERSION_RULE = /^[a-zA-Z0-9][a-zA-Z0-9.\-_]{0,254}$/;
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
    return badArgument('InvalidAssetName', `${kind} name '${printable(name)}' is invalid: it must match ${ASSET_NAME_RULE.source} (letters, digits, '-', '_', at most 255 characters, starting with a letter or digit).`, 'name');
}
function checkAssetVersion(kind, version) {
    if (ASSET_VERSION_RULE.test(version))
        return undefined;
    return badArgument('InvalidAssetVersion', `${kind} version '${printable(version)}' is invalid: it must match ${ASSET_VERSION_RULE.source} (letters, digits, '.', '-', '_', at most 255 characters, starting with a letter or digit).`, 'version');
}
/** A name or version as an error message may quote it: control characters escaped, long values cut. */
function printable(value) {
    const shown = JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value).slice(1, -1);
    return shown;
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
/** Whether an Azure instance type is a GPU SKU (served in FP16 by the plane). Sizes outside the
 * catalogue (Kubernetes instance types) count as GPU when named like Azure's NC sizes. */
function isGpuInstanceType(instanceType) {
    const size = findVmSize(instanceType);
    return size ? size.gpus > 0 : /^Standard_NC/i.test(instanceType ?? '');
}
/** A managed online deployment's instance type must be a size the region offers for online endpoints. */
function checkInstanceType(instanceType, location) {
    const size = findVmSize(instanceType);
    if (size && isOnlineSize(size))
        return undefined;
    const supported = VM_SIZES.filter(isOnlineSize).map((s) => s.name);
    const message = size
        ? `Instance type '${instanceType}' is not supported for managed online endpoints. Supported instance types: ${supported.join(', ')}.`
        : `Instance type '${instanceType}' is not a VM size of location '${location}'. Supported instance types: ${supported.join(', ')}.`;
    return badArgument('InvalidInstanceType', message, 'properties.instanceType');
}
/**
 * A deployment needing `needed` more cores of a family, with `used` of `limit` already held, fails
 * with the message AML's inference service gives (surfaced by ARM as 400 BadRequest). `family` is
 * what the message names: the instance type for a family quota, the regional total otherwise.
 */
function checkQuota(q) {
    if (q.needed <= 0 || q.used + q.needed <= q.limit)
        return undefined;
    const what = q.scope === 'family' ? q.instanceType : `${q.instanceType} (Total Cluster Dedicated Regional vCPUs)`;
    const message = `Not enough quota available for ${what} in SubscriptionId ${q.subscriptionId}. Current usage/limit: ${q.used}/${q.limit}. Additional needed: ${q.needed} Please see troubleshooting guide, available here: https://aka.ms/oe-tsg#error-outofquota`;
    return new ArmError(400, 'BadRequest', message, [{ code: 'OutOfQuota', message, target: 'sku.capacity' }]);
}

;// CONCATENATED MODULE: ./local/arm/resources/assets.ts
// Model and environment assets: containers and immutable versions (get, list, create, delete). Both
// kinds share AML's container/version shape; the first version registered creates its container.





function assetRoutes(router, s) {
    const st = () => s.store.state;
    for (const kind of ['models', 'environments']) {
        const op = kind === 'models' ? 'Model' : 'Environment';
        const base = `${WORKSPACES}/:ws/${kind}`;
        router.on('GET', base, `${op}Containers_List`, async (c, p) => sendList(c, Object.values(workspaceOf(st(), p)[kind]).map((a) => a.container)));
        router.on('GET', `${base}/:name`, `${op}Containers_Get`, async (c, p) => sendJson(c.res, 200, assetOf(st(), p, kind).container, c.ids));
        router.on('PUT', `${base}/:name`, `${op}Containers_CreateOrUpdate`, (c, p) => putContainer(s, c, p, kind));
        router.on('DELETE', `${base}/:name`, `${op}Containers_Delete`, async (c, p) => {
            const all = workspaceOf(st(), p)[kind];
            const key = findKey(all, p.name);
            if (!key)
                return sendJson(c.res, 204, undefined, c.ids);
            delete all[key];
            s.store.save();
            sendJson(c.res, 200, undefined, c.ids);
        });
        router.on('GET', `${base}/:name/versions`, `${op}Versions_List`, async (c, p) => sendList(c, Object.values(assetOf(st(), p, kind).versions)));
        router.on('GET', `${base}/:name/versions/:version`, `${op}Versions_Get`, async (c, p) => sendJson(c.res, 200, assetVersionOf(st(), p, kind), c.ids));
        router.on('PUT', `${base}/:name/versions/:version`, `${op}Versions_CreateOrUpdate`, (c, p) => putVersion(s, c, p, kind));
        router.on('DELETE', `${base}/:name/versions/:version`, `${op}Versions_Delete`, async (c, p) => {
            const all = workspaceOf(st(), p)[kind];
            const key = findKey(all, p.name);
            const a = key ? all[key] : undefined;
            const vkey = a ? findKey(a.versions, p.version) : undefined;
            if (!a || !vkey)
                return sendJson(c.res, 204, undefined, c.ids);
            const modelUri = kind === 'models' ? str(a.versions[vkey]?.properties.modelUri) : undefined;
            delete a.versions[vkey];
            refreshLatest(a);
            s.store.save();
            // The version owned its blobs unless another model version (re-registered content) still uses them.
            if (modelUri && !modelUriInUse(st(), modelUri)) {
                await s.runtime.removeModelFiles(workspaceOf(st(), p).resource.name, modelUri);
            }
            sendJson(c.res, 200, undefined, c.ids);
        });
    }
}
/** Whether any model version left on the plane has this `modelUri`, or one inside or around it. */
function modelUriInUse(st, modelUri) {
    const base = modelUri.replace(/\/+$/, '');
    for (const w of Object.values(st.workspaces)) {
        for (const a of Object.values(w.models)) {
            for (const v of Object.values(a.versions)) {
                const other = (str(v.properties.modelUri) ?? '').replace(/\/+$/, '');
                if (other === base || other.startsWith(`${base}/`) || base.startsWith(`${other}/`))
                    return true;
            }
        }
    }
    return false;
}
/** Resolve a deployment's model/environment reference against this plane's workspaces. */
function resolveAsset(st, ws, ref, kind) {
    if (!ref)
        return undefined;
    const parsed = parseAssetRef(ref, kind);
    if (!parsed)
        return undefined;
    const w = findWorkspace(st, parsed.workspace ?? ws);
    const a = w?.[kind][findKey(w[kind], parsed.name) ?? ''];
    return a?.versions[findKey(a.versions, parsed.version) ?? ''];
}
function assetOf(st, p, kind) {
    const w = workspaceOf(st, p);
    const key = findKey(w[kind], p.name);
    if (!key)
        throw notFound(kind, `${w.resource.id}/${kind}/${p.name}`);
    return w[kind][key];
}
function assetVersionOf(st, p, kind) {
    const a = assetOf(st, p, kind);
    const key = findKey(a.versions, p.version);
    if (!key)
        throw notFound(kind, `${a.container.id}/versions/${p.version}`);
    return a.versions[key];
}
async function putContainer(s, c, p, kind) {
    const w = workspaceOf(s.store.state, p);
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
    refreshLatest(state);
    w[kind][key ?? name] = state;
    s.store.save();
    sendJson(c.res, previous ? 200 : 201, state.container, c.ids);
}
function refreshLatest(a) {
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
async function putVersion(s, c, p, kind) {
    const w = workspaceOf(s.store.state, p);
    const name = p.name;
    const version = p.version;
    const label = kind === 'models' ? 'Model' : 'Environment';
    const refused = checkAssetName(label, name) ?? checkAssetVersion(label, version);
    if (refused)
        throw refused;
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
    refreshLatest(a);
    a.container.systemData = systemData(a.container.systemData);
    s.store.save();
    sendJson(c.res, previous ? 200 : 201, r, c.ids);
}

;// CONCATENATED MODULE: ./local/arm/resources/datastores.ts
// Datastores: get, list, create or update, delete, and listSecrets. A datastore's secrets are kept
// apart from its resource body, as AML never returns them except through listSecrets.





function datastoreRoutes(router, s) {
    const st = () => s.store.state;
    router.on('GET', `${WORKSPACES}/:ws/datastores`, 'Datastores_List', async (c, p) => sendList(c, Object.values(workspaceOf(st(), p).datastores).map((d) => d.resource)));
    router.on('GET', `${WORKSPACES}/:ws/datastores/:name`, 'Datastores_Get', async (c, p) => sendJson(c.res, 200, datastoreOf(st(), p).resource, c.ids));
    router.on('PUT', `${WORKSPACES}/:ws/datastores/:name`, 'Datastores_CreateOrUpdate', (c, p) => putDatastore(s, c, p));
    router.on('DELETE', `${WORKSPACES}/:ws/datastores/:name`, 'Datastores_Delete', async (c, p) => {
        const w = workspaceOf(st(), p);
        const key = findKey(w.datastores, p.name);
        if (!key)
            return sendJson(c.res, 204, undefined, c.ids);
        delete w.datastores[key];
        s.store.save();
        sendJson(c.res, 200, undefined, c.ids);
    });
    router.on('POST', `${WORKSPACES}/:ws/datastores/:name/listSecrets`, 'Datastores_ListSecrets', async (c, p) => sendJson(c.res, 200, datastoreOf(st(), p).secrets, c.ids));
}
async function putDatastore(s, c, p) {
    const w = workspaceOf(s.store.state, p);
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
    s.store.save();
    sendJson(c.res, previous ? 200 : 201, r, c.ids);
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

;// CONCATENATED MODULE: ./local/arm/resources/endpoints.ts
// Online endpoints: create or update (traffic and mirrorTraffic rules), PATCH, delete, keys,
// regenerateKeys and aml_token. Opening and closing the scoring listener is the runtime's job.







const AUTH_MODES = ['Key', 'AMLToken', 'AADToken'];
function endpointRoutes(router, s) {
    const st = () => s.store.state;
    const base = `${WORKSPACES}/:ws/onlineEndpoints`;
    router.on('GET', base, 'OnlineEndpoints_List', async (c, p) => sendList(c, Object.values(workspaceOf(st(), p).endpoints).map((e) => endpointBody(e, c.apiVersion))));
    router.on('GET', `${base}/:ep`, 'OnlineEndpoints_Get', async (c, p) => sendJson(c.res, 200, endpointBody(endpointOf(st(), p), c.apiVersion), c.ids));
    router.on('PUT', `${base}/:ep`, 'OnlineEndpoints_CreateOrUpdate', (c, p) => putEndpoint(s, c, p));
    router.on('PATCH', `${base}/:ep`, 'OnlineEndpoints_Update', (c, p) => patchEndpoint(s, c, p));
    router.on('DELETE', `${base}/:ep`, 'OnlineEndpoints_Delete', (c, p) => deleteEndpoint(s, c, p));
    router.on('POST', `${base}/:ep/listKeys`, 'OnlineEndpoints_ListKeys', async (c, p) => {
        const e = endpointOf(st(), p);
        requireAuthMode(e, 'Key');
        sendJson(c.res, 200, { ...e.keys }, c.ids);
    });
    router.on('POST', `${base}/:ep/regenerateKeys`, 'OnlineEndpoints_RegenerateKeys', (c, p) => regenerateKeys(s, c, p));
    router.on('POST', `${base}/:ep/token`, 'OnlineEndpoints_GetToken', async (c, p) => {
        const e = endpointOf(st(), p);
        requireAuthMode(e, 'AMLToken');
        const now = Math.floor(Date.now() / 1000);
        sendJson(c.res, 200, {
            accessToken: signAmlToken(st(), p.ws, e.resource.name, now + 3600),
            tokenType: 'Bearer',
            expiryTimeUtc: now + 3600,
            refreshAfterTimeUtc: now + 1800,
        }, c.ids);
    });
}
/** The endpoint as returned at `apiVersion`: mirrorTraffic only exists from 2023-04-01 on. */
function endpointBody(e, apiVersion) {
    if (apiVersion !== MIRROR_API_VERSION)
        return e.resource;
    return { ...e.resource, properties: { ...e.resource.properties, mirrorTraffic: { ...e.mirrorTraffic } } };
}
/** An aml_token: the endpoint it is for and its expiry, signed with the plane's secret. */
function signAmlToken(st, ws, ep, exp) {
    const payload = Buffer.from(JSON.stringify({ ws: ws.toLowerCase(), ep: ep.toLowerCase(), exp })).toString('base64url');
    const sig = (0,external_node_crypto_.createHmac)('sha256', st.amlTokenSecret).update(payload).digest('base64url');
    return `${payload}.${sig}`;
}
function verifyAmlToken(st, token, ws, ep) {
    const [payload, sig] = token.split('.');
    if (!payload || !sig)
        return false;
    const want = (0,external_node_crypto_.createHmac)('sha256', st.amlTokenSecret).update(payload).digest('base64url');
    if (want !== sig)
        return false;
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        return claims.ws === ws.toLowerCase() && claims.ep === ep.toLowerCase() && claims.exp > Date.now() / 1000;
    }
    catch {
        return false;
    }
}
/** A managed identity as ARM returns it: the requested type with a fresh principal. */
function identity(st, requested) {
    const type = str(requested?.type) ?? 'SystemAssigned';
    if (type === 'None')
        return { type };
    return { type, principalId: (0,external_node_crypto_.randomUUID)(), tenantId: st.tenantId };
}
function requireAuthMode(e, mode) {
    const actual = str(e.resource.properties.authMode) ?? 'Key';
    if (actual.toLowerCase() !== mode.toLowerCase()) {
        throw badArgument('InvalidAuthMode', `This operation needs an endpoint with authMode '${mode}'; '${e.resource.name}' uses '${actual}'.`, 'properties.authMode');
    }
}
async function putEndpoint(s, c, p) {
    const w = workspaceOf(s.store.state, p);
    const name = p.ep;
    const nameError = checkEndpointName(name);
    if (nameError)
        throw nameError;
    const body = await readJson(c.req);
    const props = obj(body.properties);
    if (!props || !str(props.authMode))
        throw badArgument('MissingProperty', 'properties.authMode is required.', 'properties.authMode');
    const authMode = str(props.authMode);
    if (!AUTH_MODES.some((m) => m.toLowerCase() === authMode.toLowerCase())) {
        throw badArgument('InvalidAuthMode', `authMode '${authMode}' is not one of Key, AMLToken, AADToken.`, 'properties.authMode');
    }
    const key = findKey(w.endpoints, name);
    const existing = key ? w.endpoints[key] : undefined;
    if (existing && isBusy(existing.resource)) {
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
    const scoringBase = await s.runtime.openEndpoint(w.resource.name, key ?? name);
    const properties = compact({
        description: str(props.description),
        properties: obj(props.properties) ?? {},
        authMode: AUTH_MODES.find((m) => m.toLowerCase() === authMode.toLowerCase()),
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
        identity: identity(s.store.state, obj(body.identity)),
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
    const op = s.operations.provision(state.resource, existing ? 'update' : 'create', s.timings.endpointProvisionMs);
    s.operations.accepted(c, existing ? 200 : 201, op, endpointBody(state, c.apiVersion), false);
}
async function patchEndpoint(s, c, p) {
    const e = endpointOf(s.store.state, p);
    if (isBusy(e.resource))
        throw new ArmError(409, 'Conflict', `Endpoint '${e.resource.name}' has an operation in progress.`);
    const body = await readJson(c.req);
    if (obj(body.tags))
        e.resource.tags = obj(body.tags);
    if (obj(body.identity))
        e.resource.identity = identity(s.store.state, obj(body.identity));
    e.resource.systemData = systemData(e.resource.systemData);
    e.resource.properties.provisioningState = 'Updating';
    const op = s.operations.provision(e.resource, 'update', s.timings.endpointProvisionMs);
    s.operations.accepted(c, 202, op, undefined, true);
}
async function deleteEndpoint(s, c, p) {
    const w = workspaceOf(s.store.state, p);
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
    const op = s.operations.start(e.resource.id, 'delete', s.timings.deleteMs, async () => {
        for (const dep of Object.keys(e.deployments))
            await s.runtime.stopDeployment(w.resource.name, key, dep);
        await s.runtime.closeEndpoint(w.resource.name, key);
        s.runtime.removeDeploymentFiles(w.resource.name, key);
        delete w.endpoints[key];
    });
    s.operations.accepted(c, 202, op, undefined, true);
}
async function regenerateKeys(s, c, p) {
    const e = endpointOf(s.store.state, p);
    requireAuthMode(e, 'Key');
    const body = await readJson(c.req);
    const keyType = str(body.keyType);
    if (keyType !== 'Primary' && keyType !== 'Secondary') {
        throw badArgument('InvalidKeyType', `keyType must be Primary or Secondary, got '${keyType}'.`, 'keyType');
    }
    const value = str(body.keyValue) ?? newKey();
    const op = s.operations.start(e.resource.id, 'regenerateKeys', 0, async () => {
        if (keyType === 'Primary')
            e.keys.primaryKey = value;
        else
            e.keys.secondaryKey = value;
    });
    s.operations.accepted(c, 202, op, undefined, true);
}

;// CONCATENATED MODULE: ./local/arm/resources/usages.ts
// Usages_List and the quota a managed online deployment must fit in: per VM family and in the
// regional total, the cores held by the plane's deployments (see coresHeld in skus.ts) against a
// limit the admin API can set. The check runs on a deployment's PUT and on a PATCH that scales it.





function usageRoutes(router, s) {
    router.on('GET', `${LOCATION}/usages`, 'Usages_List', async (c, p) => {
        const st = s.store.state;
        requireLocation(st, p);
        sendJson(c.res, 200, { value: usages(st) }, c.ids);
    });
}
/** The plane has one location; ARM answers other regions' location-scoped calls with an error. */
function requireLocation(st, p) {
    if ((p.loc ?? '').toLowerCase() !== st.location.toLowerCase()) {
        throw new ArmError(400, 'InvalidLocation', `The location '${p.loc}' is not available for this subscription; the local plane runs in '${st.location}'.`);
    }
}
/** Cores held per family and per workspace by deployments that exist (Failed ones hold none). */
function held(st, exceptId) {
    const family = new Map();
    const byWorkspace = new Map();
    for (const w of Object.values(st.workspaces)) {
        for (const e of Object.values(w.endpoints)) {
            for (const d of Object.values(e.deployments)) {
                const r = d.resource;
                if (r.id.toLowerCase() === exceptId?.toLowerCase())
                    continue;
                if (str(r.properties.endpointComputeType) !== 'Managed')
                    continue;
                if (str(r.properties.provisioningState) === 'Failed')
                    continue;
                const size = findVmSize(str(r.properties.instanceType));
                if (!size)
                    continue;
                const cores = coresHeld(size, instancesOf(r.sku));
                family.set(size.family, (family.get(size.family) ?? 0) + cores);
                const ws = byWorkspace.get(w.resource.id) ?? new Map();
                ws.set(size.family, (ws.get(size.family) ?? 0) + cores);
                byWorkspace.set(w.resource.id, ws);
            }
        }
    }
    return { family, byWorkspace };
}
function instancesOf(sku) {
    const capacity = obj(sku)?.capacity;
    return typeof capacity === 'number' && capacity > 0 ? capacity : 1;
}
function limitOf(st, name, fallback) {
    return st.quotas?.[name] ?? fallback;
}
/** The quota lines the admin API shows: the regional total, then each family. */
function quotaLines(st) {
    const { family } = held(st);
    const total = [...family.values()].reduce((a, b) => a + b, 0);
    return [
        {
            name: TOTAL_DEDICATED.name,
            limit: limitOf(st, TOTAL_DEDICATED.name, TOTAL_DEDICATED.defaultLimit),
            currentValue: total,
        },
        ...VM_FAMILIES.map((f) => ({
            name: f.name,
            limit: limitOf(st, f.name, f.defaultLimit),
            currentValue: family.get(f.name) ?? 0,
        })),
    ];
}
/** Set a limit by usage name (case-insensitive); `undefined` restores the default. */
function setQuotaLimit(st, name, limit) {
    const known = [TOTAL_DEDICATED.name, ...VM_FAMILIES.map((f) => f.name)].find((n) => n.toLowerCase() === name.toLowerCase());
    if (!known) {
        throw new ArmError(404, 'NotFound', `No quota named '${name}'; known: ${[TOTAL_DEDICATED.name, ...VM_FAMILIES.map((f) => f.name)].join(', ')}.`);
    }
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
        throw new ArmError(400, 'BadArgument', `limit must be a non-negative integer, got ${String(limit)}.`);
    }
    st.quotas = { ...st.quotas };
    if (limit === undefined)
        delete st.quotas[known];
    else
        st.quotas[known] = limit;
    return quotaLines(st).find((l) => l.name === known);
}
/** Refuse a managed deployment (by ARM id) that would need more cores than its family or the region has left. */
function checkDeploymentQuota(st, deploymentId, instanceType, instances) {
    const size = findVmSize(instanceType);
    if (!size)
        return undefined;
    const { family } = held(st, deploymentId);
    const needed = coresHeld(size, instances);
    const fam = VM_FAMILIES.find((f) => f.name === size.family);
    const familyUsed = family.get(size.family) ?? 0;
    const base = { instanceType: size.name, subscriptionId: st.subscriptionId, needed };
    return (checkQuota({
        ...base,
        used: familyUsed,
        limit: limitOf(st, size.family, fam?.defaultLimit ?? 0),
        scope: 'family',
    }) ??
        checkQuota({
            ...base,
            used: [...family.values()].reduce((a, b) => a + b, 0),
            limit: limitOf(st, TOTAL_DEDICATED.name, TOTAL_DEDICATED.defaultLimit),
            scope: 'regional',
        }));
}
/** Usages_List's value, shaped like the 2022-10-01 example: regional total, families, then workspaces. */
function usages(st) {
    const sub = `/subscriptions/${st.subscriptionId}`;
    const { byWorkspace } = held(st);
    const lines = quotaLines(st);
    const [total, ...families] = lines;
    const usage = (id, type, value, localized, current, limit) => ({
        id,
        amlWorkspaceLocation: st.location,
        type,
        currentValue: current,
        limit,
        name: { value, localizedValue: localized },
        unit: 'Count',
    });
    const out = [
        usage(`${sub}/usages`, 'Microsoft.MachineLearningServices/dedicatedCores/usages', total.name, TOTAL_DEDICATED.display, total.currentValue, total.limit),
    ];
    for (const line of families) {
        const f = VM_FAMILIES.find((x) => x.name === line.name);
        const localized = `${f?.display ?? line.name} Cluster Dedicated vCPUs`;
        const idName = localized.replace(/ /g, '_');
        out.push(usage(`${sub}/usages/${idName}`, 'Microsoft.MachineLearningServices/vmFamily/usages', line.name, localized, line.currentValue, line.limit));
        for (const [wsId, perFamily] of byWorkspace) {
            const cores = perFamily.get(line.name);
            if (cores === undefined)
                continue;
            out.push(usage(`${wsId}/usages/${idName}`, 'Microsoft.MachineLearningServices/workspaces/usages', line.name, localized, cores, line.limit));
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./local/arm/resources/workspaces.ts
// Workspaces (get, list) and how the plane creates them: each has a linked container registry, and
// the prod ones are private (publicNetworkAccess Disabled, one approved private endpoint), as a
// production AML workspace usually is.





function workspaceRoutes(router, s) {
    router.on('GET', WORKSPACES, 'Workspaces_ListByResourceGroup', async (c) => sendList(c, Object.values(s.store.state.workspaces).map((w) => w.resource)));
    router.on('GET', `${WORKSPACES}/:ws`, 'Workspaces_Get', async (c, p) => sendJson(c.res, 200, workspaceOf(s.store.state, p).resource, c.ids));
}
/** Workspaces named `prod` or `<anything>-prod` start private. */
function isProdWorkspace(name) {
    return /(^|-)prod$/i.test(name);
}
/** The login server of the workspace's linked registry (`<name>.azurecr.io`), if it has one. */
function linkedRegistryLoginServer(w) {
    const id = str(w.resource.properties.containerRegistry);
    const name = id ? /\/registries\/([^/]+)$/i.exec(id)?.[1] : undefined;
    return name ? `${name.toLowerCase()}.azurecr.io` : undefined;
}
function isPrivateWorkspace(w) {
    return str(w.resource.properties.publicNetworkAccess) === 'Disabled';
}
function defaultWorkspace(sub, rg, name, location, tenantId) {
    const id = workspaceId(sub, rg, name);
    const storage = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/localplane${name}`;
    const isPrivate = isProdWorkspace(name);
    return {
        ...resource(id, name, TYPES.workspace, {
            workspaceId: (0,external_node_crypto_.randomUUID)(),
            description: `Local AML control plane workspace '${name}'`,
            friendlyName: name,
            keyVault: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/localplane${name}`,
            applicationInsights: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.insights/components/localplane${name}`,
            storageAccount: storage,
            containerRegistry: registryId(sub, rg, name),
            discoveryUrl: `https://${location}.api.azureml.ms/discovery`,
            provisioningState: 'Succeeded',
            hbiWorkspace: false,
            publicNetworkAccess: isPrivate ? 'Disabled' : 'Enabled',
            allowPublicAccessWhenBehindVnet: false,
            privateLinkCount: isPrivate ? 1 : 0,
            privateEndpointConnections: isPrivate ? [privateEndpointConnection(sub, rg, name)] : [],
            v1LegacyMode: false,
            mlFlowTrackingUri: `azureml://${location}.api.azureml.ms/mlflow/v1.0${id}`,
        }),
        location,
        tags: {},
        identity: { type: 'SystemAssigned', principalId: (0,external_node_crypto_.randomUUID)(), tenantId },
        sku: { name: 'Basic', tier: 'Basic' },
    };
}
function privateEndpointConnection(sub, rg, ws) {
    const pe = `localplane-${ws}-pe`;
    return {
        id: `${workspaceId(sub, rg, ws)}/privateEndpointConnections/${pe}`,
        name: pe,
        type: `${TYPES.workspace}/privateEndpointConnections`,
        properties: {
            provisioningState: 'Succeeded',
            privateEndpoint: {
                id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/privateEndpoints/${pe}`,
            },
            privateLinkServiceConnectionState: {
                status: 'Approved',
                description: 'Auto-Approved',
                actionsRequired: 'None',
            },
        },
    };
}

;// CONCATENATED MODULE: ./local/arm/resources/deployments.ts
// Online deployments: create or update (AML's naming, count and immutability rules, instance type
// and quota), PATCH (scale, tags), delete (refused while the deployment takes traffic), getLogs and
// skus. Provisioning runs as a long-running operation: the private-network image rule, then the
// runtime's work (download the model, start serving).












function deploymentRoutes(router, s) {
    const st = () => s.store.state;
    const base = `${WORKSPACES}/:ws/onlineEndpoints/:ep/deployments`;
    router.on('GET', base, 'OnlineDeployments_List', async (c, p) => sendList(c, Object.values(endpointOf(st(), p).deployments).map((d) => d.resource)));
    router.on('GET', `${base}/:dep`, 'OnlineDeployments_Get', async (c, p) => sendJson(c.res, 200, deploymentOf(st(), p).resource, c.ids));
    router.on('PUT', `${base}/:dep`, 'OnlineDeployments_CreateOrUpdate', (c, p) => putDeployment(s, c, p));
    router.on('PATCH', `${base}/:dep`, 'OnlineDeployments_Update', (c, p) => patchDeployment(s, c, p));
    router.on('DELETE', `${base}/:dep`, 'OnlineDeployments_Delete', (c, p) => deleteDeployment(s, c, p));
    router.on('POST', `${base}/:dep/getLogs`, 'OnlineDeployments_GetLogs', async (c, p) => {
        const d = deploymentOf(st(), p);
        const body = await readJson(c.req);
        const container = str(body.containerType) ?? 'InferenceServer';
        if (container !== 'InferenceServer' && container !== 'StorageInitializer') {
            throw badArgument('InvalidContainerType', `containerType must be InferenceServer or StorageInitializer, got '${container}'.`);
        }
        const lines = container === 'StorageInitializer' ? d.logs.storageInitializer : d.logs.inferenceServer;
        const tail = typeof body.tail === 'number' && body.tail > 0 ? lines.slice(-body.tail) : lines;
        sendJson(c.res, 200, { content: tail.join('\n') }, c.ids);
    });
    router.on('GET', `${base}/:dep/skus`, 'OnlineDeployments_ListSkus', async (c, p) => {
        const d = deploymentOf(st(), p);
        const sku = obj(d.resource.sku);
        sendList(c, [
            {
                resourceType: TYPES.deployment,
                sku: { name: str(sku?.name) ?? 'Default', tier: 'Standard' },
                capacity: { minimum: 1, maximum: 20, default: 1, scaleType: 'Manual' },
            },
        ]);
    });
}
async function putDeployment(s, c, p) {
    const w = workspaceOf(s.store.state, p);
    const epKey = findKey(w.endpoints, p.ep);
    if (!epKey) {
        throw new ArmError(404, 'ParentResourceNotFound', `Can not perform requested operation on nested resource. Parent resource '${p.ep}' not found.`);
    }
    const e = w.endpoints[epKey];
    const name = p.dep;
    const nameError = checkDeploymentName(name);
    if (nameError)
        throw nameError;
    if (str(e.resource.properties.provisioningState) === 'Deleting') {
        throw new ArmError(409, 'Conflict', `Endpoint '${epKey}' is being deleted.`);
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
    if (existing && isBusy(existing.resource)) {
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
    const id = `${e.resource.id}/deployments/${name}`;
    if (computeType === 'Managed') {
        const instanceType = str(properties.instanceType);
        const refused = checkInstanceType(instanceType, s.store.state.location) ??
            checkDeploymentQuota(s.store.state, id, instanceType, instancesOf(sku));
        if (refused)
            throw refused;
    }
    const r = {
        ...resource(id, key ?? name, TYPES.deployment, properties, existing?.resource),
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
        r.identity = identity(s.store.state, obj(body.identity));
    const state = existing ?? {
        resource: r,
        logs: { storageInitializer: [], inferenceServer: [] },
    };
    state.resource = r;
    e.deployments[key ?? name] = state;
    const depName = key ?? name;
    const op = s.operations.provision(state.resource, existing ? 'update' : 'create', s.timings.deploymentProvisionMs, () => provisionWithFaults(s, w.resource.name, epKey, depName));
    s.operations.accepted(c, existing ? 200 : 201, op, state.resource, false);
}
async function provisionWithFaults(s, ws, ep, dep) {
    const fault = s.faults.take('provisioning', (f) => sameName(f.endpoint, ep) && sameName(f.deployment, dep));
    if (fault?.mode === 'slow')
        await sleep(fault.delayMs ?? 2000);
    if (fault?.mode === 'fail') {
        const d = findDeployment(s.store.state, ws, ep, dep);
        const message = fault.message ?? 'Injected provisioning failure.';
        d?.logs.inferenceServer.push(`${new Date().toISOString()} ERROR ${message}`);
        throw new ProvisioningError(fault.code ?? 'DeploymentFailed', message);
    }
    deployments_checkImagePull(s, ws, ep, dep);
    await checkRegistryImage(s, ws, ep, dep);
    await s.runtime.provisionDeployment(ws, ep, dep);
}
/**
 * A deployment in a private workspace, or with egressPublicNetworkAccess Disabled, reaches only the
 * workspace's linked registry: any other environment image cannot be pulled, and AML fails the
 * deployment with the pull error in its logs. Environments built by AML (no `image`) land in the
 * linked registry, so they pass.
 */
function deployments_checkImagePull(s, ws, ep, dep) {
    const st = s.store.state;
    const w = findWorkspace(st, ws);
    const d = findDeployment(st, ws, ep, dep);
    if (!w || !d)
        return;
    const privateWs = isPrivateWorkspace(w);
    const noEgress = str(d.resource.properties.egressPublicNetworkAccess) === 'Disabled';
    if (!privateWs && !noEgress)
        return;
    const env = resolveAsset(st, ws, str(d.resource.properties.environmentId), 'environments');
    const image = str(env?.properties.image);
    if (!image)
        return;
    const registry = linkedRegistryLoginServer(w);
    const host = imageRegistry(image);
    // The linked registry answers under its ACR name and, when the plane runs it, at `localhost:<port>`.
    const running = registry ? s.runtime.registries.find(registry.split('.')[0]) : undefined;
    if (registry && (host === registry || host === running?.loginServer))
        return;
    const why = privateWs
        ? `workspace '${w.resource.name}' is private (publicNetworkAccess: Disabled)`
        : `the deployment has egressPublicNetworkAccess: Disabled`;
    const message = `Failed to pull image "${image}": registry ${host} is not reachable because ${why}; only the workspace's linked registry ${registry ?? '(none)'} is. Push or import the image into ${registry ?? 'the linked registry'} and reference it from there.`;
    const at = new Date().toISOString();
    d.logs.inferenceServer.push(`${at} Error: ImagePullFailed (ErrImagePull): ${message}`);
    d.logs.inferenceServer.push(`${at} Back-off pulling image "${image}" (ImagePullBackOff)`);
    throw new ProvisioningError('ImagePullFailed', message);
}
/**
 * An image on one of the plane's own registries must be there, as a real pull would find: a
 * missing tag or digest fails provisioning the way AML reports an image pull failure (error
 * message naming the image, the pull error in both containers' logs). Images elsewhere cannot be
 * checked offline and pass.
 */
async function checkRegistryImage(s, ws, ep, dep) {
    const st = s.store.state;
    const d = findDeployment(st, ws, ep, dep);
    if (!d)
        return;
    const env = resolveAsset(st, ws, str(d.resource.properties.environmentId), 'environments');
    const image = str(env?.properties.image);
    if (!image)
        return;
    const pull = await checkImagePull(s.runtime.registries, image);
    if (!pull.checked || pull.present)
        return;
    const message = `Failed to pull image "${image}": manifest for ${pull.repository}:${pull.reference} not found in registry ${pull.registry} (manifest unknown). Push the image to the registry (build-image), or fix the environment's image reference.`;
    const at = new Date().toISOString();
    for (const lines of [d.logs.storageInitializer, d.logs.inferenceServer]) {
        lines.push(`${at} Error: ImagePullFailed (ErrImagePull): ${message}`);
        lines.push(`${at} Back-off pulling image "${image}" (ImagePullBackOff)`);
    }
    throw new ProvisioningError('ImagePullFailed', message);
}
/** The registry host of an image reference, as docker resolves it (no host means Docker Hub). */
function imageRegistry(image) {
    const first = image.split('/')[0];
    const isHost = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
    return (isHost ? first : 'docker.io').toLowerCase();
}
async function patchDeployment(s, c, p) {
    const d = deploymentOf(s.store.state, p);
    if (isBusy(d.resource))
        throw new ArmError(409, 'Conflict', `Deployment '${d.resource.name}' has an operation in progress.`);
    const body = await readJson(c.req);
    if (obj(body.tags))
        d.resource.tags = obj(body.tags);
    const sku = obj(body.sku);
    const scaling = sku !== undefined && typeof sku.capacity === 'number';
    const instanceType = str(d.resource.properties.instanceType);
    if (scaling && instanceType && str(d.resource.properties.endpointComputeType) === 'Managed') {
        const refused = checkDeploymentQuota(s.store.state, d.resource.id, instanceType, instancesOf(sku));
        if (refused)
            throw refused;
    }
    if (sku)
        d.resource.sku = { ...(obj(d.resource.sku) ?? {}), ...sku };
    d.resource.systemData = systemData(d.resource.systemData);
    d.resource.properties.provisioningState = scaling ? 'Scaling' : 'Updating';
    const op = s.operations.provision(d.resource, 'update', s.timings.deploymentProvisionMs);
    s.operations.accepted(c, 202, op, undefined, true);
}
async function deleteDeployment(s, c, p) {
    const w = workspaceOf(s.store.state, p);
    const e = endpointOf(s.store.state, p);
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
    const op = s.operations.start(d.resource.id, 'delete', s.timings.deleteMs, async () => {
        await s.runtime.stopDeployment(w.resource.name, epKey, key);
        s.runtime.removeDeploymentFiles(w.resource.name, epKey, key);
        delete e.deployments[key];
    });
    s.operations.accepted(c, 202, op, undefined, true);
}

;// CONCATENATED MODULE: ./local/metrics.ts
// Azure Monitor metrics of online endpoints, computed from what the data plane saw: one event per
// request routed to a deployment (live or mirrored) with its status, the model's status and its
// latency. Events fall into buckets of one *plane minute*, 60 s unless a test shortens it through
// the admin API (`bucketSeconds`), so a closed bucket can be seen without waiting a real minute.
// The query maths (buckets, dimensions, aggregations) are pure functions below.
const AGGREGATIONS = ['average', 'count', 'maximum', 'minimum', 'total'];
/** The request metrics of Microsoft.MachineLearningServices/workspaces/onlineEndpoints. */
const ENDPOINT_METRICS = [
    {
        name: 'RequestsPerMinute',
        displayName: 'Requests per minute',
        description: 'The number of requests sent to online endpoint within a minute',
        unit: 'Count',
        dimensions: ['deployment', 'statusCode', 'statusCodeClass', 'modelStatusCode'],
        source: 'requests',
    },
    {
        name: 'RequestLatency',
        displayName: 'Request Latency',
        description: 'The complete interval of time taken for a request to be responded',
        unit: 'MilliSeconds',
        dimensions: ['deployment'],
        source: 'latency',
    },
    ...[50, 90, 95, 99].map((p) => ({
        name: `RequestLatency_P${p}`,
        displayName: `Request Latency P${p}`,
        description: `The ${p}th percentile of the request latency, aggregated per minute`,
        unit: 'MilliSeconds',
        dimensions: ['deployment'],
        source: { percentile: p / 100 },
    })),
];
const DIMENSIONS = [
    'deployment',
    'statusCode',
    'statusCodeClass',
    'modelStatusCode',
];
const MAX_EVENTS = 200_000;
/** The per-request record the data plane writes and the metrics route reads. */
class RequestMetrics {
    /** Length of one plane minute, in seconds: 60 unless a test shortens it. */
    bucketSeconds = 60;
    events = [];
    record(e) {
        this.events.push({ ...e, ws: e.ws.toLowerCase(), ep: e.ep.toLowerCase() });
        if (this.events.length > MAX_EVENTS)
            this.events.splice(0, this.events.length - MAX_EVENTS);
    }
    /** The endpoint's events with `from <= at < to`. */
    eventsFor(ws, ep, from, to) {
        const w = ws.toLowerCase();
        const e = ep.toLowerCase();
        return this.events.filter((x) => x.at >= from && x.at < to && x.ws === w && x.ep === e);
    }
    clear() {
        this.events = [];
    }
}
/** Nearest-rank-below percentile of sorted values (the data plane's counters use the same). */
function percentile(sorted, q) {
    if (sorted.length === 0)
        return 0;
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
function dimensionValue(e, d) {
    switch (d) {
        case 'deployment':
            return e.dep;
        case 'statusCode':
            return String(e.status);
        case 'statusCodeClass':
            return e.status === 0 ? '' : `${Math.floor(e.status / 100)}xx`;
        case 'modelStatusCode':
            return e.modelStatus === undefined ? '' : String(e.modelStatus);
    }
}
/** The time series of one metric over an endpoint's `events` within the query's buckets. */
function queryMetric(events, q) {
    // Dimensions a metric does not have are left out of its query rather than failing the others.
    const split = [...q.filter.keys()].filter((d) => q.metric.dimensions.includes(d));
    const kept = events.filter((e) => e.at >= q.start &&
        e.at < q.end &&
        split.every((d) => {
            const allowed = q.filter.get(d);
            return allowed === '*' || allowed.has(dimensionValue(e, d).toLowerCase());
        }));
    const groups = new Map();
    for (const e of kept) {
        const metadata = split.map((d) => [d, dimensionValue(e, d)]);
        const key = JSON.stringify(metadata);
        const g = groups.get(key) ?? { metadata, events: [] };
        g.events.push(e);
        groups.set(key, g);
    }
    if (split.length === 0 && groups.size === 0)
        groups.set('[]', { metadata: [], events: [] });
    const series = [...groups.values()].map((g) => ({
        metadata: g.metadata,
        data: buckets(q).map((t) => point(q, t, g.events)),
        size: g.events.length,
    }));
    series.sort((a, b) => b.size - a.size);
    return series.slice(0, q.top).map(({ metadata, data }) => ({ metadata, data }));
}
function buckets(q) {
    const out = [];
    for (let t = q.start; t < q.end; t += q.grainMs)
        out.push(t);
    return out;
}
function point(q, t, events) {
    const inBucket = events.filter((e) => e.at >= t && e.at < t + q.grainMs);
    let values;
    if (q.metric.source === 'latency') {
        values = inBucket.map((e) => e.ms);
    }
    else {
        // Per plane minute of the bucket: the request count, or the latency percentile of that minute.
        const minutes = Math.max(1, Math.round(q.grainMs / q.minuteMs));
        const source = q.metric.source;
        values = [];
        for (let i = 0; i < minutes; i++) {
            const from = t + i * q.minuteMs;
            const minute = inBucket.filter((e) => e.at >= from && e.at < from + q.minuteMs);
            if (source === 'requests')
                values.push(minute.length);
            else if (minute.length > 0)
                values.push(percentile(minute.map((e) => e.ms).sort((a, b) => a - b), source.percentile));
        }
    }
    const p = { timeStamp: t };
    // No value at all (an empty latency bucket) is reported as a bare timestamp, as Azure does.
    if (values.length === 0)
        return p;
    const total = values.reduce((a, b) => a + b, 0);
    for (const a of q.aggregations) {
        if (a === 'total')
            p.total = total;
        if (a === 'count')
            p.count = values.length;
        if (a === 'average')
            p.average = total / values.length;
        if (a === 'maximum')
            p.maximum = Math.max(...values);
        if (a === 'minimum')
            p.minimum = Math.min(...values);
    }
    return p;
}
/** Parse `$filter` (`deployment eq 'blue' or deployment eq 'green' and statusCode eq '*'`). */
function parseDimensionFilter(text) {
    const filter = new Map();
    if (!text || !text.trim())
        return filter;
    const clause = /^\s*([A-Za-z]+)\s+eq\s+'([^']*)'\s*(?:\b(and|or)\b)?/i;
    let rest = text;
    let joinedByOr;
    while (rest.trim()) {
        const m = clause.exec(rest);
        if (!m)
            throw new Error(`cannot parse $filter near "${rest.trim()}": use <dimension> eq '<value>' joined by and/or`);
        const dim = DIMENSIONS.find((d) => d.toLowerCase() === m[1].toLowerCase());
        if (!dim)
            throw new Error(`unknown dimension '${m[1]}' (known: ${DIMENSIONS.join(', ')})`);
        if (joinedByOr && joinedByOr !== dim) {
            throw new Error("the 'or' operator can only join values of the same dimension");
        }
        const value = m[2].toLowerCase();
        const current = filter.get(dim);
        if (value === '*' || current === '*')
            filter.set(dim, '*');
        else
            filter.set(dim, new Set([...(current ?? []), value]));
        joinedByOr = m[3]?.toLowerCase() === 'or' ? dim : undefined;
        rest = rest.slice(m[0].length);
    }
    return filter;
}
/** ISO 8601 duration (PT1M, PT2S, PT1H, P1D) in ms; undefined if it is not one. */
function parseDuration(text) {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim());
    if (!m || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim()))
        return undefined;
    const [, d, h, min, s] = m;
    return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
}
function formatDuration(ms) {
    let s = Math.round(ms / 1000);
    const d = Math.floor(s / 86400);
    s -= d * 86400;
    const h = Math.floor(s / 3600);
    s -= h * 3600;
    const m = Math.floor(s / 60);
    s -= m * 60;
    const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
    return `P${d ? `${d}D` : ''}${time ? `T${time}` : d ? '' : 'T0S'}`;
}
/** A timespan `start/end`, `start/duration`, `duration/end` or `duration` (ending now); default the last hour. */
function parseTimespan(text, now) {
    if (!text)
        return { start: now - 3_600_000, end: now };
    const parts = text.split('/');
    const at = (s) => {
        const t = Date.parse(s);
        if (Number.isNaN(t))
            throw new Error(`'${s}' is not an ISO 8601 date-time`);
        return t;
    };
    if (parts.length === 1) {
        const d = parseDuration(parts[0]);
        if (d === undefined)
            throw new Error(`timespan '${text}' is not start/end or an ISO 8601 duration`);
        return { start: now - d, end: now };
    }
    if (parts.length !== 2)
        throw new Error(`timespan '${text}' is not start/end`);
    const [a, b] = parts;
    const da = parseDuration(a);
    const db = parseDuration(b);
    if (da !== undefined)
        return { start: at(b) - da, end: at(b) };
    if (db !== undefined)
        return { start: at(a), end: at(a) + db };
    const range = { start: at(a), end: at(b) };
    if (range.end <= range.start)
        throw new Error(`timespan '${text}' ends before it starts`);
    return range;
}

;// CONCATENATED MODULE: ./local/arm/resources/metrics.ts
// Microsoft.Insights metrics and metricDefinitions of an online endpoint, as Azure Monitor answers
// `metrics.list(resourceUri, options)` of @azure/arm-monitor 7.x (api-version 2018-01-01): the
// request metrics computed by local/metrics.ts, split by the dimensions `$filter` names. Monitor's
// errors are `{"code","message"}`, not ARM's `{"error":{...}}`.





const MONITOR_API_VERSIONS = ['2018-01-01'];
const INTERVALS = ['PT1M', 'PT5M', 'PT15M', 'PT30M', 'PT1H', 'PT6H', 'PT12H', 'P1D'];
const MAX_POINTS = 1440;
function metricRoutes(router, s) {
    const base = `${WORKSPACES}/:ws/onlineEndpoints/:ep/providers/Microsoft.Insights`;
    const options = { apiVersions: MONITOR_API_VERSIONS };
    router.on('GET', `${base}/metrics`, 'Metrics_List', (c, p) => monitor(c, () => metrics(s, c, p)), options);
    router.on('GET', `${base}/metricDefinitions`, 'MetricDefinitions_List', (c, p) => monitor(c, () => definitions(s, c, p)), options);
}
async function monitor(c, work) {
    try {
        work();
    }
    catch (e) {
        if (!(e instanceof ArmError))
            throw e;
        sendJson(c.res, e.status, { code: e.code, message: e.message }, c.ids);
    }
}
const badRequest = (message) => new ArmError(400, 'BadRequest', message);
function metrics(s, c, p) {
    const st = s.store.state;
    const e = endpointOf(st, p);
    const q = c.url.searchParams;
    const namespace = q.get('metricnamespace');
    if (namespace && namespace.toLowerCase() !== TYPES.endpoint.toLowerCase()) {
        throw badRequest(`Metric namespace '${namespace}' is not valid for this resource; use '${TYPES.endpoint}'.`);
    }
    const names = (q.get('metricnames') ?? ENDPOINT_METRICS[0]?.name ?? '').split(',').map((n) => n.trim());
    const defs = names.map((n) => {
        const def = ENDPOINT_METRICS.find((m) => m.name.toLowerCase() === n.toLowerCase());
        if (!def) {
            throw badRequest(`Failed to find metric configuration for provider: Microsoft.MachineLearningServices, resource Type: workspaces/onlineEndpoints, metric: ${n}, Valid metrics: ${ENDPOINT_METRICS.map((m) => m.name).join(',')}`);
        }
        return def;
    });
    const aggregations = aggregationsOf(q.get('aggregation'));
    const minuteMs = s.runtime.metrics.bucketSeconds * 1000;
    const interval = (q.get('interval') ?? 'PT1M').toUpperCase();
    let span;
    let filter;
    try {
        span = parseTimespan(q.get('timespan'), Date.now());
        filter = parseDimensionFilter(q.get('$filter'));
    }
    catch (err) {
        throw badRequest(err.message);
    }
    let grainMs;
    if (interval === 'FULL') {
        grainMs = span.end - span.start;
    }
    else {
        if (!INTERVALS.includes(interval)) {
            throw badRequest(`Invalid time grain '${interval}'; supported: ${INTERVALS.join(', ')}, FULL.`);
        }
        // Time grains are counted in plane minutes, so a shortened minute shortens every grain.
        grainMs = (parseDuration(interval) / 60_000) * minuteMs;
        span.start = Math.floor(span.start / grainMs) * grainMs;
        if ((span.end - span.start) / grainMs > MAX_POINTS)
            span.start = span.end - MAX_POINTS * grainMs;
        span.start = Math.floor(span.start / grainMs) * grainMs;
    }
    const top = Number(q.get('top') ?? (filter.size > 0 ? 10 : Number.MAX_SAFE_INTEGER));
    if (!Number.isInteger(top) || top < 1)
        throw badRequest(`top must be a positive integer, got '${q.get('top')}'.`);
    const metadataOnly = (q.get('resultType') ?? 'Data').toLowerCase() === 'metadata';
    const events = s.runtime.metrics.eventsFor(p.ws, e.resource.name, span.start, span.end);
    const value = defs.map((metric) => {
        const series = queryMetric(events, {
            metric,
            aggregations: aggregations ?? ['average'],
            start: span.start,
            end: span.end,
            grainMs,
            minuteMs,
            filter,
            top,
        });
        return {
            ...metricHeader(e.resource.id, metric),
            timeseries: series.map((t) => ({
                metadatavalues: t.metadata.map(([name, v]) => ({
                    name: { value: name, localizedValue: name },
                    value: v,
                })),
                ...(metadataOnly ? {} : { data: t.data.map(dataPoint) }),
            })),
            errorCode: 'Success',
        };
    });
    sendJson(c.res, 200, {
        cost: Math.ceil((span.end - span.start) / 60_000) * defs.length,
        timespan: `${iso(span.start)}/${iso(span.end)}`,
        interval: formatDuration(grainMs),
        namespace: TYPES.endpoint,
        resourceregion: st.location,
        value,
    }, c.ids);
}
function definitions(s, c, p) {
    const e = endpointOf(s.store.state, p);
    const value = ENDPOINT_METRICS.map((m) => ({
        id: `${e.resource.id}/providers/microsoft.insights/metricdefinitions/${m.name}`,
        resourceId: e.resource.id,
        namespace: TYPES.endpoint,
        name: { value: m.name, localizedValue: m.displayName },
        displayDescription: m.description,
        isDimensionRequired: false,
        unit: m.unit,
        primaryAggregationType: 'Average',
        supportedAggregationTypes: ['None', 'Average', 'Minimum', 'Maximum', 'Total', 'Count'],
        metricAvailabilities: INTERVALS.map((timeGrain) => ({ timeGrain, retention: 'P93D' })),
        dimensions: m.dimensions.map((d) => ({ value: d, localizedValue: d })),
    }));
    sendJson(c.res, 200, { value }, c.ids);
}
function aggregationsOf(text) {
    if (!text)
        return undefined;
    return text.split(',').map((raw) => {
        const a = raw.trim().toLowerCase();
        if (!AGGREGATIONS.includes(a)) {
            throw badRequest(`Invalid aggregation '${raw}'; supported: Average, Count, Maximum, Minimum, Total.`);
        }
        return a;
    });
}
function metricHeader(resourceId, m) {
    return {
        id: `${resourceId}/providers/Microsoft.Insights/metrics/${m.name}`,
        type: 'Microsoft.Insights/metrics',
        name: { value: m.name, localizedValue: m.displayName },
        displayDescription: m.description,
        unit: m.unit,
    };
}
function dataPoint(d) {
    const { timeStamp, ...values } = d;
    return { timeStamp: iso(timeStamp), ...values };
}
/** ISO 8601 in UTC without milliseconds when they are zero, as Azure Monitor writes timestamps. */
function iso(ms) {
    return new Date(ms).toISOString().replace('.000Z', 'Z');
}

;// CONCATENATED MODULE: ./local/arm/resources/registries.ts







const REGISTRY_PROVIDER = 'Microsoft.ContainerRegistry';
/** 2025-11-01 is what @azure/arm-containerregistry 11.0.0 sends for registries; older GA ones for other clients. */
const REGISTRY_API_VERSIONS = [
    '2025-11-01',
    '2025-04-01',
    '2023-07-01',
    '2023-01-01-preview',
    '2019-05-01',
];
/** What @azure/arm-containerregistry 11 sends for Tasks (scheduleRun, runs). */
const TASKS_API_VERSIONS = ['2019-06-01-preview'];
const REGISTRIES = `${SUBSCRIPTION}/resourceGroups/:rg/providers/${REGISTRY_PROVIDER}/registries`;
function registryRoutes(router, s) {
    const opts = { apiVersions: REGISTRY_API_VERSIONS };
    router.on('GET', REGISTRIES, 'Registries_ListByResourceGroup', async (c) => sendList(c, bodies(s)), opts);
    router.on('GET', `${REGISTRIES}/:name`, 'Registries_Get', async (c, p) => {
        const body = bodies(s).find((b) => String(b.name).toLowerCase() === p.name.toLowerCase());
        if (!body)
            throw registryNotFound(s, p.name);
        sendJson(c.res, 200, body, c.ids);
    }, opts);
    router.on('POST', `${REGISTRIES}/:name/importImage`, 'Registries_ImportImage', async (c, p) => {
        const registries = s.runtime.registries;
        const target = registries.find(p.name);
        if (!target)
            throw registryNotFound(s, p.name);
        const parameters = (await readJson(c.req));
        const refused = checkImportRequest(parameters);
        if (refused)
            throw new ArmError(400, 'InvalidParameters', refused);
        // A long-running operation, as ACR's: 202, then Azure-AsyncOperation and Location to poll.
        const op = s.operations.start(registryIdOf(s, target), 'importImage', 0, async () => {
            try {
                await registries.importImage(target, parameters);
            }
            catch (e) {
                if (e instanceof ImportImageError)
                    throw new ProvisioningError(e.code, e.message);
                throw e;
            }
        });
        s.operations.accepted(c, 202, op, undefined, true);
    }, opts);
    taskRoutes(router, s);
}
function taskRoutes(router, s) {
    const opts = { apiVersions: TASKS_API_VERSIONS };
    const frontOf = (name) => {
        const front = s.runtime.registries.find(name);
        if (!front || !s.runtime.registries.tasks)
            throw registryNotFound(s, name);
        return front;
    };
    const tasks = () => s.runtime.registries.tasks;
    router.on('POST', `${REGISTRIES}/:name/listBuildSourceUploadUrl`, 'Registries_GetBuildSourceUploadUrl', async (c, p) => sendJson(c.res, 200, await tasks().sourceUploadUrl(frontOf(p.name).name), c.ids), opts);
    router.on('POST', `${REGISTRIES}/:name/scheduleRun`, 'Registries_ScheduleRun', async (c, p) => {
        const front = frontOf(p.name);
        const request = (await readJson(c.req));
        try {
            const run = await tasks().schedule(front, request);
            sendJson(c.res, 200, runBody(registryIdOf(s, front), run), c.ids);
        }
        catch (e) {
            if (e instanceof TaskRequestError)
                throw new ArmError(400, 'BadRequest', e.message);
            throw e;
        }
    }, opts);
    const runOf = (p) => {
        const front = frontOf(p.name);
        const run = tasks().get(front.name, p.run);
        if (!run) {
            throw new ArmError(404, 'ResourceNotFound', `The run '${p.run}' was not found in registry '${front.name}'.`);
        }
        return { front, run };
    };
    router.on('GET', `${REGISTRIES}/:name/runs/:run`, 'Runs_Get', async (c, p) => {
        const { front, run } = runOf(p);
        sendJson(c.res, 200, runBody(registryIdOf(s, front), run), c.ids);
    }, opts);
    router.on('POST', `${REGISTRIES}/:name/runs/:run/listLogSasUrl`, 'Runs_GetLogSasUrl', async (c, p) => sendJson(c.res, 200, { logLink: tasks().logLink(runOf(p).run) }, c.ids), opts);
    // ACR answers 200 and the run reaches Canceled on its own; the client then follows `runs.get`.
    router.on('POST', `${REGISTRIES}/:name/runs/:run/cancel`, 'Runs_Cancel', async (c, p) => {
        tasks().cancel(runOf(p).run);
        c.res.writeHead(200, c.ids).end();
    }, opts);
}
function registryIdOf(s, front) {
    const st = s.store.state;
    return `/subscriptions/${st.subscriptionId}/resourceGroups/${st.resourceGroup}/providers/${REGISTRY_PROVIDER}/registries/${front.name}`;
}
function registryNotFound(s, name) {
    return new ArmError(404, 'ResourceNotFound', `The Resource '${REGISTRY_PROVIDER}/registries/${name}' under resource group '${s.store.state.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
}
/** The registries that are running; without docker-registry there are none to serve. */
function bodies(s) {
    const st = s.store.state;
    const registries = s.runtime.registries;
    return Object.entries(registries.connections() ?? {}).map(([key, conn]) => {
        const record = st.registries?.[key];
        const isPrivate = isProdWorkspace(key);
        const sku = isPrivate ? 'Premium' : 'Standard';
        const created = record?.createdAt ?? new Date(0).toISOString();
        return {
            sku: { name: sku, tier: sku },
            type: `${REGISTRY_PROVIDER}/registries`,
            id: conn.id,
            name: conn.name,
            location: st.location,
            tags: {},
            systemData: { ...systemData({ createdAt: created }), lastModifiedAt: created },
            properties: {
                loginServer: conn.loginServer,
                creationDate: created,
                provisioningState: 'Succeeded',
                status: { displayStatus: 'Running' },
                adminUserEnabled: false,
                policies: {
                    quarantinePolicy: { status: 'disabled' },
                    trustPolicy: { type: 'Notary', status: 'disabled' },
                    retentionPolicy: { days: 7, status: 'disabled' },
                    exportPolicy: { status: 'enabled' },
                    azureADAuthenticationAsArmPolicy: { status: 'enabled' },
                },
                encryption: { status: 'disabled' },
                dataEndpointEnabled: false,
                dataEndpointHostNames: [],
                privateEndpointConnections: [],
                publicNetworkAccess: isPrivate ? 'Disabled' : 'Enabled',
                networkRuleBypassOptions: 'AzureServices',
                zoneRedundancy: 'Disabled',
                anonymousPullEnabled: false,
            },
        };
    });
}

;// CONCATENATED MODULE: ./local/arm/resources/vm-sizes.ts
// VirtualMachineSizes_List: the VM sizes of the plane's location (local/skus.ts), in the shape
// `client.virtualMachineSizes.list(location)` reads.




function vmSizeRoutes(router, s) {
    router.on('GET', `${LOCATION}/vmSizes`, 'VirtualMachineSizes_List', async (c, p) => {
        requireLocation(s.store.state, p);
        // No estimatedVMPrices: the field is optional and the plane has no prices to tell.
        sendJson(c.res, 200, { value: VM_SIZES.map((size) => ({ ...size })) }, c.ids);
    });
}

;// CONCATENATED MODULE: ./local/control-plane.ts

















class ControlPlane {
    store;
    runtime;
    timings;
    operations;
    /** Every mutating ARM request received (the admin API reads and resets it). */
    requests = new MutatingRequestLog();
    router;
    constructor(store, runtime, faults, timings, armBase) {
        this.store = store;
        this.runtime = runtime;
        this.timings = timings;
        this.operations = new Operations(store, timings, armBase);
        this.router = new ArmRouter(() => store.state, faults, this.requests);
        const services = { store, runtime, faults, timings, operations: this.operations };
        this.operations.routes(this.router, (op, apiVersion) => this.updated(op.resourceId, apiVersion));
        workspaceRoutes(this.router, services);
        datastoreRoutes(this.router, services);
        assetRoutes(this.router, services);
        endpointRoutes(this.router, services);
        deploymentRoutes(this.router, services);
        vmSizeRoutes(this.router, services);
        usageRoutes(this.router, services);
        metricRoutes(this.router, services);
        registryRoutes(this.router, services);
    }
    get state() {
        return this.store.state;
    }
    handle(req, res) {
        return this.router.handle(req, res);
    }
    /** Stop starting or finishing operations (shutdown); in-flight ones stay InProgress on disk. */
    close() {
        this.operations.close();
    }
    /** Wait for background operations to settle (used on shutdown). */
    settle() {
        return this.operations.settle();
    }
    findDeployment(ws, ep, dep) {
        return findDeployment(this.state, ws, ep, dep);
    }
    findEndpoint(ws, ep) {
        return findEndpoint(this.state, ws, ep);
    }
    /** Parse a deployment's model/environment references against this plane's workspaces. */
    resolveAsset(ws, ref, kind) {
        return resolveAsset(this.state, ws, ref, kind);
    }
    isGpu(d) {
        return isGpuInstanceType(str(d.resource.properties.instanceType));
    }
    amlToken(ws, ep, exp) {
        return signAmlToken(this.state, ws, ep, exp);
    }
    verifyAmlToken(token, ws, ep) {
        return verifyAmlToken(this.state, token, ws, ep);
    }
    /** Dedicated-core quota lines (regional total, then each VM family): limit and cores held. */
    quotas() {
        return quotaLines(this.state);
    }
    /** Set (or with `undefined`, reset) one quota limit by its usage name; saved with the state. */
    setQuota(name, limit) {
        const line = setQuotaLimit(this.state, name, limit);
        this.store.save();
        return line;
    }
    resetQuotas() {
        delete this.state.quotas;
        this.store.save();
    }
    /** An endpoint or deployment as it is now, for an update operation's result resource. */
    updated(resourceId, apiVersion) {
        const m = /\/workspaces\/([^/]+)\/onlineEndpoints\/([^/]+)(?:\/deployments\/([^/]+))?$/i.exec(resourceId);
        if (!m?.[1] || !m[2])
            return undefined;
        if (m[3])
            return this.findDeployment(m[1], m[2], m[3])?.resource;
        const e = this.findEndpoint(m[1], m[2]);
        return e ? endpointBody(e, apiVersion) : undefined;
    }
    /** After a restart: finish what was in flight and bring every live deployment back up. */
    async resume() {
        const restarts = [];
        const ops = this.operations;
        ops.interruptAll();
        for (const [wsName, w] of Object.entries(this.state.workspaces)) {
            for (const [epName, e] of Object.entries(w.endpoints)) {
                const eState = str(e.resource.properties.provisioningState);
                if (eState === 'Deleting') {
                    ops.start(e.resource.id, 'delete', 0, async () => {
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
                        ops.start(d.resource.id, 'delete', 0, async () => {
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
}

;// CONCATENATED MODULE: ./local/data-plane.ts
// The scoring side: one loopback listener per endpoint. Authenticates (endpoint key or aml_token),
// picks a deployment by the `azureml-model-deployment` header or by the traffic weights, mirrors a
// share of unpinned requests per mirrorTraffic (copies' answers discarded), forwards to the
// deployment's serving process, and counts requests, errors and latencies per deployment (also
// recording each request for the endpoint's Azure Monitor metrics).






const MAX_SAMPLES = 5000;
class DataPlane {
    control;
    supervisor;
    faults;
    servers = new Map();
    counters = new Map();
    /** Every request routed to a deployment, for Azure Monitor metrics (arm/resources/metrics.ts). */
    metrics = new RequestMetrics();
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
            await data_plane_closeServer(server);
    }
    async closeAll() {
        const all = [...this.servers.values()];
        this.servers.clear();
        await Promise.all(all.map(data_plane_closeServer));
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
            const pct = (q) => percentile(sorted, q);
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
    count(ws, ep, dep, status, ms, mirrored, modelStatus) {
        this.metrics.record({
            at: Date.now(),
            ws,
            ep,
            dep,
            status,
            ms,
            ...(modelStatus === undefined ? {} : { modelStatus }),
        });
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
        // `modelStatus`: what the model container answered, when the request reached it.
        const done = (status, modelStatus) => this.count(ws, ep, dep, status, performance.now() - started, mirrored, modelStatus);
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
            done(424, status);
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
            done(424, upstream.status);
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
        done(upstream.status, upstream.status);
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
function data_plane_closeServer(server) {
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
        this.options.ledger?.add(child, `deployment:${key}`, false);
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
    /** A deleted endpoint's (or deployment's) folder: its downloaded model goes with it. */
    removeFiles(ws, ep, dep) {
        const root = external_node_path_default().join(this.options.stateDir, 'deployments');
        const dir = external_node_path_default().join(root, ws, ep, ...(dep ? [dep] : []));
        // Names were validated by the ARM rules; this guards the folder against any that were not.
        if (!dir.startsWith(`${root}${(external_node_path_default()).sep}`))
            return;
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
    /** Delete the blobs under a model version's `modelUri` (on this plane's datastores; other URIs are not ours). */
    async removeModelBlobs(ws, modelUri) {
        const location = this.blobLocation(ws, modelUri);
        if (!location)
            return;
        const prefix = location.path.replace(/^\/+/, '').replace(/\/+$/, '');
        if (!prefix)
            return;
        const st = this.state();
        const container = new esm.BlobServiceClient(this.options.blobEndpoint(), new esm.StorageSharedKeyCredential(st.azurite.accountName, st.azurite.accountKey)).getContainerClient(location.container);
        for await (const blob of container.listBlobsFlat({ prefix })) {
            if (blob.name !== prefix && !blob.name.startsWith(`${prefix}/`))
                continue;
            await container.deleteBlob(blob.name, { deleteSnapshots: 'include' });
        }
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
        const service = new esm.BlobServiceClient(this.options.blobEndpoint(), new esm.StorageSharedKeyCredential(st.azurite.accountName, st.azurite.accountKey));
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
// The local AML control plane as one object: state on disk, TLS, Azurite, the container registries
// (ACR fronts over docker-registry or the builtin OCI server), the ARM server (HTTPS), the data plane, deployment processes
// and the admin API. `startPlane` brings it up (resuming
// whatever the state dir holds); `stop` takes everything down and leaves no child or port behind.


















const CONNECTION_FILE = 'plane.json';
/** `prod` is private (publicNetworkAccess Disabled), as are extra workspaces named `*-prod`. */
const DEFAULT_WORKSPACES = ['dev', 'prod'];
const NETWORK_PROPERTIES = [
    'containerRegistry',
    'publicNetworkAccess',
    'allowPublicAccessWhenBehindVnet',
    'privateLinkCount',
    'privateEndpointConnections',
];
const DEFAULT_TIMINGS = {
    endpointProvisionMs: 1000,
    deploymentProvisionMs: 1000,
    deleteMs: 500,
    retryAfterSeconds: 1,
};
async function startPlane(options) {
    const stateDir = external_node_path_default().resolve(options.stateDir);
    refuseIfServed(stateDir);
    // A plane that was killed left its children running: stop them before starting ours.
    await (0,children/* reapOrphans */.a6)(stateDir);
    const resuming = (0,external_node_fs_.existsSync)(external_node_path_default().join(stateDir, STATE_FILE));
    const store = new StateStore(stateDir);
    const st = store.state;
    const tls = await ensurePlaneTls(stateDir);
    const ledger = new children/* ChildLedger */.Gc(stateDir);
    let closing = false;
    let azurite = await startAzurite(stateDir, st.azurite.port, st.azurite.accountName);
    // Azurite that dies is restarted on its port (clients keep its URL); health shows it dead until then.
    const watchAzurite = (handle) => {
        ledger.add(handle.child, 'azurite', true);
        handle.child.once('exit', () => {
            if (closing)
                return;
            setTimeout(() => {
                if (closing)
                    return;
                startAzurite(stateDir, handle.port, st.azurite.accountName, { samePortOnly: true })
                    .then((next) => {
                    if (closing)
                        return void next.stop();
                    azurite = next;
                    watchAzurite(next);
                })
                    .catch((e) => process.stderr.write(`local plane: Azurite could not be restarted: ${String(e)}\n`));
            }, 200);
        });
    };
    watchAzurite(azurite);
    let registries;
    // Taken down in this order: stop taking requests, stop work, kill children, then storage.
    let arm;
    let admin;
    let control;
    let supervisor;
    let dataPlane;
    const teardown = async () => {
        closing = true;
        if (arm)
            await closeServer(arm);
        if (admin)
            await closeServer(admin);
        control?.close();
        await supervisor?.stopAll();
        await control?.settle();
        await dataPlane?.closeAll();
        await registries?.stop();
        await azurite.stop();
    };
    try {
        st.azurite.port = azurite.port;
        registries = await startPlaneRegistries({
            stateDir,
            tls,
            state: st,
            taskStorage: {
                blobEndpoint: () => azurite.blobEndpoint,
                accountName: st.azurite.accountName,
                accountKey: st.azurite.accountKey,
            },
            ...(options.registryBinary ? { binary: options.registryBinary } : {}),
            ...(options.registryBackend ? { backend: options.registryBackend } : {}),
            onChild: (child, role) => ledger.add(child, role, true),
        });
        const regs = registries;
        const faults = new FaultRegistry();
        let armBase = '';
        const getControl = () => control;
        supervisor = new DeploymentSupervisor({
            stateDir,
            serveCommand: options.serveCommand ?? cli/* selfCommand */.e,
            restartDelayMs: options.restartDelayMs ?? 500,
            startTimeoutMs: options.startTimeoutMs ?? 120_000,
            blobEndpoint: () => azurite.blobEndpoint,
            ledger,
        }, getControl, () => store.state);
        const sup = supervisor;
        dataPlane = new DataPlane(getControl, sup, faults);
        const dp = dataPlane;
        control = new ControlPlane(store, {
            openEndpoint: (ws, ep) => dp.open(ws, ep),
            closeEndpoint: (ws, ep) => dp.close(ws, ep),
            provisionDeployment: (ws, ep, dep) => sup.provision(ws, ep, dep),
            stopDeployment: (ws, ep, dep) => sup.stop(ws, ep, dep),
            removeDeploymentFiles: (ws, ep, dep) => sup.removeFiles(ws, ep, dep),
            removeModelFiles: (ws, modelUri) => sup.removeModelBlobs(ws, modelUri),
            metrics: dp.metrics,
            registries: regs,
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
            ...(regs.unavailable
                ? { registriesUnavailable: regs.unavailable }
                : { registries: regs.connections() }),
            adminEndpoint: '',
            stateDir,
        };
        const stop = () => {
            stopping ??= (async () => {
                await teardown().catch(() => undefined);
                ledger.clear();
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
            control: ctl,
            dataPlane: dp,
            supervisor: sup,
            registries: regs,
            info: () => connection,
            children: () => ledger.health(),
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
        return {
            connection,
            faults,
            dataPlane: dp,
            supervisor: sup,
            control: ctl,
            store,
            registries: regs,
            stopped,
            stop,
        };
    }
    catch (e) {
        await teardown().catch(() => undefined);
        throw e;
    }
}
/** Another live plane process already serves this state dir: say so rather than start a second. */
function refuseIfServed(stateDir) {
    const pid = readConnectionPid(external_node_path_default().join(stateDir, CONNECTION_FILE));
    if (pid === undefined || pid === process.pid || !(0,children/* servesStateDir */.lQ)(pid, stateDir))
        return;
    throw new errors/* RolloutError */.a6('LocalPlaneAlreadyRunning', `the local plane (pid ${pid}) already serves ${stateDir}`, {
        resource: stateDir,
        remediation: `use it (aml-rollout local up --state-dir ${stateDir} prints its connection), or stop it first with aml-rollout local down --state-dir ${stateDir}`,
    });
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
    const blob = new esm.BlobServiceClient(azurite.blobEndpoint, new esm.StorageSharedKeyCredential(st.azurite.accountName, st.azurite.accountKey));
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
        // A state written before workspaces had network settings gets them (the rest stays as it was).
        if (w.resource.properties.containerRegistry === undefined) {
            const fresh = defaultWorkspace(st.subscriptionId, st.resourceGroup, name, st.location, st.tenantId);
            for (const k of NETWORK_PROPERTIES)
                w.resource.properties[k] = fresh.properties[k] ?? null;
        }
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


/***/ })

};
