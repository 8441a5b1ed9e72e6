export const id = 360;
export const ids = [360,189];
export const modules = {

/***/ 40907:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ resolveContainerRegistry)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(32635);
// Which Azure Container Registry a step pushes to or reads from, and how to sign in to it: the one
// given (a login server as is; a name looked up in the workspace's resource group), else the
// registry linked to the workspace (the one Azure ML pulls from, the only one a private workspace
// can pull from). Looked up through @azure/arm-containerregistry, against Azure or the local plane
// alike; the sign-in to the registry itself is shared/registry's.



const REGISTRY_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)$/i;
async function resolveContainerRegistry(target, given) {
    const credential = target.plane?.credential ?? target.credential;
    if (!credential)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RolloutError */ .a6('NoCredential', 'no Azure sign-in to reach the container registry with');
    const local = target.plane ? localTrust(target.plane) : {};
    const text = given?.trim().toLowerCase();
    if (text && /[.:]/.test(text)) {
        // A login server needs no lookup (and the identity may not read the registry's ARM resource).
        const loginServer = text.replace(/^https?:\/\//, '').replace(/\/+$/, '');
        const { subscriptionId, resourceGroup } = target;
        // On the local plane a `localhost:<port>` login server names one of its registries.
        const known = Object.values(target.plane?.registries ?? {}).find((r) => r.loginServer === loginServer);
        return {
            name: known?.name ?? loginServer.split(/[.:]/)[0],
            loginServer,
            credential,
            ...local,
            subscriptionId,
            resourceGroup,
            arm: () => armClient(credential, subscriptionId, target.plane),
        };
    }
    let where;
    if (text) {
        where = { subscriptionId: target.subscriptionId, resourceGroup: target.resourceGroup, name: text };
    }
    else {
        const ws = await target.client.workspaces.get(target.resourceGroup, target.workspace);
        const id = ws.containerRegistry;
        const m = id ? REGISTRY_ID.exec(id) : null;
        if (!m) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RolloutError */ .a6('NoLinkedRegistry', `workspace '${target.workspace}' has no linked container registry${id ? ` (it names '${id}')` : ''}`, {
                resource: target.workspace,
                remediation: 'give the registry input (an ACR name or login server), or link a registry to the workspace',
            });
        }
        where = { subscriptionId: m[1], resourceGroup: m[2], name: m[3] };
    }
    const arm = await armClient(credential, where.subscriptionId, target.plane);
    let loginServer;
    try {
        loginServer = (await arm.registries.get(where.resourceGroup, where.name)).loginServer;
    }
    catch (e) {
        if (e.statusCode !== 404)
            throw e;
    }
    if (!loginServer) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RolloutError */ .a6('RegistryNotFound', `container registry '${where.name}' is not in resource group '${where.resourceGroup}'`, {
            resource: where.name,
            remediation: 'give the registry by its login server (myacr.azurecr.io), or check the name',
        });
    }
    return {
        name: where.name,
        loginServer: loginServer.toLowerCase(),
        credential,
        ...local,
        subscriptionId: where.subscriptionId,
        resourceGroup: where.resourceGroup,
        arm: () => armClient(credential, where.subscriptionId, target.plane),
    };
}
/** Loaded on first use: only registry look-ups and ACR Tasks need the ARM client. */
async function armClient(credential, subscriptionId, plane) {
    const { ContainerRegistryManagementClient } = await Promise.all(/* import() */[__webpack_require__.e(725), __webpack_require__.e(869), __webpack_require__.e(738), __webpack_require__.e(971), __webpack_require__.e(772)]).then(__webpack_require__.bind(__webpack_require__, 47909));
    return new ContainerRegistryManagementClient(credential, subscriptionId, plane
        ? {
            endpoint: plane.armEndpoint,
            credentialScopes: [`${plane.armEndpoint}/.default`],
            tlsOptions: { ca: plane.ca },
        }
        : {});
}
/** The plane's CA, as PEM and as a `--cert-dir` folder the container tools read. */
function localTrust(plane) {
    const certDir = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(plane.stateDir, 'registry-ca');
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(certDir, { recursive: true });
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(certDir, 'ca.crt'), plane.ca);
    return { ca: plane.ca, certDir };
}


/***/ }),

/***/ 73713:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lq: () => (/* binding */ acrAuth),
/* harmony export */   Pv: () => (/* binding */ RegistryAuthFailedError)
/* harmony export */ });
/* unused harmony exports ACR_REFRESH_TOKEN_USER, ACR_ENTRA_SCOPE, loginServerHost, expiry */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
/* harmony import */ var _http_request_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(12094);


/** The user name ACR expects beside a refresh token (docker/buildah/skopeo login). */
const ACR_REFRESH_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
/** The Entra audience of ACR's data plane; registries created before it existed take ARM's. */
const ACR_ENTRA_SCOPE = 'https://containerregistry.azure.net/.default';
/** A token is replaced this long before it expires, so it never expires mid-request. */
const EXPIRY_MARGIN_MS = 5 * 60_000;
/** When neither the token (a JWT) nor the response says: ACR's own lifetimes, shortened. */
const DEFAULT_REFRESH_MS = 60 * 60_000;
const DEFAULT_ACCESS_MS = 10 * 60_000;
class RegistryAuthFailedError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RolloutError */ .a6 {
    constructor(loginServer, message, remediation, cause) {
        super('RegistryAuthFailed', `registry ${loginServer}: ${message}`, {
            resource: loginServer,
            remediation,
            ...(cause === undefined ? {} : { cause }),
        });
        this.name = 'RegistryAuthFailedError';
    }
}
/** `host[:port]` of a login server given as a host or a URL. */
function loginServerHost(loginServer) {
    return /^[a-z]+:\/\//i.test(loginServer) ? new URL(loginServer).host : loginServer.replace(/\/+$/, '');
}
function acrAuth(loginServer, credential, options) {
    const host = loginServerHost(loginServer);
    const origin = `https://${host}`;
    let refresh;
    let refreshing;
    const access = new Map();
    const fresh = (c) => c !== undefined && c.expiresAt - EXPIRY_MARGIN_MS > Date.now();
    const secret = (value) => {
        options.onSecret(value);
        return value;
    };
    const post = async (url, form) => (await (0,_http_request_js__WEBPACK_IMPORTED_MODULE_1__/* .requestJson */ .SS)({
        url,
        method: 'POST',
        body: new URLSearchParams(form).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        ca: options.ca,
        mask: options.mask,
        log: options.log,
        signal: options.signal,
        ...(options.retry ? { retry: options.retry } : {}),
    })).json;
    async function exchange(service) {
        const scope = options.entraScope ?? ACR_ENTRA_SCOPE;
        const entra = await credential.getToken(scope, options.signal ? { abortSignal: options.signal } : {});
        if (!entra?.token) {
            throw new RegistryAuthFailedError(host, `the Entra credential gave no token for ${scope}`, 'check the workflow sign-in (azure/login, OIDC federation or the service connection)');
        }
        secret(entra.token);
        const form = [
            ['grant_type', 'access_token'],
            ['service', service],
            ['access_token', entra.token],
        ];
        if (options.tenant)
            form.push(['tenant', options.tenant]);
        let body;
        try {
            body = await post(`${origin}/oauth2/exchange`, form);
        }
        catch (e) {
            throw refused(e, 'refused to exchange the Entra token for a registry refresh token');
        }
        if (!body.refresh_token)
            throw refused(undefined, 'answered the token exchange without a refresh_token');
        return {
            token: secret(body.refresh_token),
            expiresAt: expiry(body.refresh_token, undefined, DEFAULT_REFRESH_MS),
        };
    }
    async function refreshToken(service) {
        if (fresh(refresh))
            return refresh;
        refreshing ??= exchange(service).finally(() => (refreshing = undefined));
        refresh = await refreshing;
        return refresh;
    }
    async function accessToken(realm, service, scope) {
        const ask = async (rt) => {
            const form = [
                ['grant_type', 'refresh_token'],
                ['service', service],
                ['refresh_token', rt.token],
            ];
            // Distribution's token protocol repeats `scope` once per scope.
            for (const s of (scope ?? '').split(' ').filter(Boolean))
                form.push(['scope', s]);
            const body = await post(realm, form);
            if (!body.access_token)
                throw refused(undefined, 'answered the token request without an access_token');
            return {
                token: secret(body.access_token),
                expiresAt: expiry(body.access_token, body.expires_in, DEFAULT_ACCESS_MS),
            };
        };
        const rt = await refreshToken(service);
        try {
            return await ask(rt);
        }
        catch (e) {
            if (!isRefusal(e))
                throw refused(e, `could not get an access token for '${scope ?? 'the registry'}'`);
            // The refresh token expired or was revoked: exchange a new one, once.
            if (refresh === rt)
                refresh = undefined;
            const again = await refreshToken(service);
            try {
                return await ask(again);
            }
            catch (e2) {
                throw refused(e2, `refused an access token for '${scope ?? 'the registry'}' with a fresh refresh token`);
            }
        }
    }
    function refused(cause, what) {
        if (cause instanceof RegistryAuthFailedError)
            return cause;
        const status = cause instanceof _http_request_js__WEBPACK_IMPORTED_MODULE_1__/* .HttpError */ .j$ && cause.status !== undefined ? ` (HTTP ${cause.status})` : '';
        return new RegistryAuthFailedError(host, `${what}${status}`, `give the signed-in identity the AcrPush role (AcrPull to read) on registry ${host}` +
            (options.tenant ? '' : ", and pass its tenant when it is a guest in the registry's tenant"), cause);
    }
    return {
        async authorize(challenge) {
            const service = challenge.service ?? host;
            if (challenge.scheme === 'Basic') {
                const rt = await refreshToken(service);
                return `Basic ${Buffer.from(`${ACR_REFRESH_TOKEN_USER}:${rt.token}`).toString('base64')}`;
            }
            const realm = challenge.realm ?? `${origin}/oauth2/token`;
            if (new URL(realm).origin !== origin) {
                throw new RegistryAuthFailedError(host, `its challenge sends tokens to another host (${new URL(realm).origin})`, 'sign in to that registry directly; the suite sends ACR tokens only to the login server');
            }
            const key = `${realm} ${service} ${challenge.scope ?? ''}`;
            const hit = access.get(key);
            if (hit && !(hit instanceof Promise) && fresh(hit))
                return `Bearer ${hit.token}`;
            if (hit instanceof Promise)
                return `Bearer ${(await hit).token}`;
            const pending = accessToken(realm, service, challenge.scope);
            access.set(key, pending);
            try {
                const token = await pending;
                access.set(key, token);
                return `Bearer ${token.token}`;
            }
            catch (e) {
                access.delete(key);
                throw e;
            }
        },
        async loginSecret() {
            const rt = await refreshToken(host);
            return { username: ACR_REFRESH_TOKEN_USER, password: rt.token };
        },
    };
}
function isRefusal(e) {
    return e instanceof _http_request_js__WEBPACK_IMPORTED_MODULE_1__/* .HttpError */ .j$ && (e.status === 401 || e.status === 403);
}
/** When a token expires: the JWT's `exp` when it is one, else the response's `expires_in`, else
 * the default. ACR's tokens are JWTs; the local plane's may not be. */
function expiry(token, expiresIn, fallbackMs, now = Date.now()) {
    const payload = token.split('.')[1];
    if (payload) {
        try {
            const exp = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).exp;
            if (typeof exp === 'number' && Number.isFinite(exp))
                return exp * 1000;
        }
        catch {
            // Not a JWT: fall through.
        }
    }
    if (typeof expiresIn === 'number' && expiresIn > 0)
        return now + expiresIn * 1000;
    return now + fallbackMs;
}


/***/ }),

/***/ 83332:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  b: () => (/* binding */ RegistryClient),
  x: () => (/* binding */ blobFromBytes)
});

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
// EXTERNAL MODULE: ./shared/http/request.ts
var request = __webpack_require__(12094);
// EXTERNAL MODULE: ./shared/registry/acr-auth.ts
var acr_auth = __webpack_require__(73713);
;// CONCATENATED MODULE: ./shared/registry/challenge.ts
// What a registry's `WWW-Authenticate` header asks for: the scheme (Bearer with realm, service and
// scope, or Basic), parsed per RFC 7235 (quoted strings with escapes, commas inside quotes), and
// the repository scopes the distribution token protocol names (`repository:<name>:pull,push`).

/** The first challenge of a scheme we speak, or a RolloutError naming what the registry asked for. */
function parseChallenge(header) {
    for (const c of parseChallenges(header ?? '')) {
        const scheme = c.scheme.toLowerCase();
        if (scheme !== 'bearer' && scheme !== 'basic')
            continue;
        const out = { scheme: scheme === 'bearer' ? 'Bearer' : 'Basic' };
        for (const key of ['realm', 'service', 'scope']) {
            const value = c.params[key];
            if (value !== undefined)
                out[key] = value;
        }
        return out;
    }
    throw new errors/* RolloutError */.a6('RegistryChallengeUnsupported', `the registry's sign-in challenge is not Bearer or Basic: '${(header ?? '').slice(0, 120)}'`, { remediation: 'use a registry that speaks the OCI distribution token protocol (ACR does)' });
}
/** Every challenge of the header, with its parameters (names lower-cased, values unquoted). */
function parseChallenges(header) {
    const out = [];
    let i = 0;
    const skip = () => {
        while (i < header.length && /[\s,]/.test(header[i]))
            i++;
    };
    const token = () => {
        const m = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(header.slice(i));
        i += m ? m[0].length : 0;
        return m ? m[0] : '';
    };
    while (true) {
        skip();
        const scheme = token();
        if (!scheme)
            break;
        const params = {};
        out.push({ scheme, params });
        while (true) {
            const save = i;
            skip();
            const name = token();
            while (header[i] === ' ')
                i++;
            if (!name || header[i] !== '=') {
                // Not `name=`: the next challenge's scheme (or a token68, which we do not use).
                i = save;
                break;
            }
            i++;
            while (header[i] === ' ')
                i++;
            let value = '';
            if (header[i] === '"') {
                i++;
                while (i < header.length && header[i] !== '"') {
                    if (header[i] === '\\')
                        i++;
                    value += header[i] ?? '';
                    i++;
                }
                i++;
            }
            else {
                value = token();
            }
            params[name.toLowerCase()] = value;
        }
    }
    return out;
}
/** `repository:a/b:pull,push repository:c:pull` -> scopes; a malformed item is skipped. */
function parseScopes(scope) {
    const out = [];
    for (const item of (scope ?? '').split(' ').filter(Boolean)) {
        // The name may hold a port-less host-like part but never a colon; the actions are last.
        const first = item.indexOf(':');
        const last = item.lastIndexOf(':');
        if (first < 0 || last === first)
            continue;
        out.push({
            type: item.slice(0, first),
            name: item.slice(first + 1, last),
            actions: item
                .slice(last + 1)
                .split(',')
                .filter(Boolean),
        });
    }
    return out;
}
function formatScope(scope) {
    return `${scope.type}:${scope.name}:${scope.actions.join(',')}`;
}
/** The scope a request on a repository needs. */
function repositoryScope(repository, actions) {
    return formatScope({ type: 'repository', name: repository, actions: [...actions] });
}

// EXTERNAL MODULE: ./shared/registry/digest.ts
var registry_digest = __webpack_require__(34910);
// EXTERNAL MODULE: ./shared/registry/manifest.ts
var registry_manifest = __webpack_require__(62267);
;// CONCATENATED MODULE: ./shared/registry/client.ts
// An OCI distribution client over the suite's one HTTP helper: sign-in through a RegistryAuth
// (challenge -> Authorization, reused per repository and action set so a push asks once), manifest
// GET/HEAD/PUT, blob HEAD/GET, monolithic upload streamed from its source, and cross-repository
// mount that falls back to uploading into the session the registry opened instead. Written by hand:
// `@azure/container-registry` has neither blob HEAD nor mount, uploads in 4 MiB PATCH chunks and
// keeps its refresh token to itself (docs/dependencies.md).







/** Largest manifest or config read into memory; ACR's own manifest limit is 4 MiB. */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
class RegistryClient {
    options;
    base;
    /** The registry's challenge (realm, service), learnt from its first 401, reused for each scope. */
    challenge;
    constructor(options) {
        this.options = options;
        this.base = options.url.replace(/\/+$/, '');
    }
    /** `GET /v2/`: the registry answers and, when it asks for sign-in, accepts ours. */
    async ping() {
        await this.send('', [], { url: `${this.base}/v2/` });
    }
    /** The manifest of a tag or digest, as a single image; an index is refused with its reason. */
    async getManifest(repository, reference) {
        const res = await this.send(repository, ['pull'], {
            url: this.url(repository, 'manifests', reference),
            headers: { accept: registry_manifest/* ANY_MANIFEST_ACCEPT */.oV },
        });
        if (res.body.length > MAX_DOCUMENT_BYTES)
            throw tooLarge(`${repository}:${reference}`);
        const ref = `${repository}${(0,registry_digest/* isDigest */.Bc)(reference) ? '@' : ':'}${reference}`;
        const manifest = (0,registry_manifest/* parseImageManifest */.Sw)(res.body, res.headers.get('content-type'), ref);
        const digest = (0,registry_digest/* sha256Digest */.sI)(res.body);
        const claimed = res.headers.get('docker-content-digest');
        if (((0,registry_digest/* isDigest */.Bc)(reference) && digest !== reference) || (claimed && claimed !== digest)) {
            throw new errors/* RolloutError */.a6('ManifestDigestMismatch', `the manifest of ${ref} does not hash to its digest`, {
                resource: ref,
                remediation: 'the registry or something between it and this runner altered the manifest',
            });
        }
        return { manifest, body: res.body, digest, mediaType: manifest.mediaType };
    }
    /** Digest and media type of a tag or digest, or undefined when the registry has none. */
    async headManifest(repository, reference) {
        const res = await this.sendOrMissing(repository, ['pull'], {
            url: this.url(repository, 'manifests', reference),
            method: 'HEAD',
            headers: { accept: registry_manifest/* ANY_MANIFEST_ACCEPT */.oV },
        });
        if (!res)
            return undefined;
        return {
            digest: res.headers.get('docker-content-digest') ?? ((0,registry_digest/* isDigest */.Bc)(reference) ? reference : ''),
            mediaType: res.headers.get('content-type')?.split(';')[0]?.trim() ?? '',
            size: Number(res.headers.get('content-length') ?? 0),
        };
    }
    async tagExists(repository, tag) {
        return (await this.headManifest(repository, tag)) !== undefined;
    }
    /** Puts the manifest under a tag or its digest; returns its digest. The bytes are sent as given. */
    async putManifest(repository, reference, body, mediaType) {
        const digest = (0,registry_digest/* sha256Digest */.sI)(body);
        const res = await this.send(repository, ['pull', 'push'], {
            url: this.url(repository, 'manifests', reference),
            method: 'PUT',
            headers: { 'content-type': mediaType },
            body,
        });
        const claimed = res.headers.get('docker-content-digest');
        if (claimed && claimed !== digest) {
            throw new errors/* RolloutError */.a6('ManifestDigestMismatch', `registry stored ${repository}:${reference} as ${claimed}, not ${digest}`, { resource: `${repository}:${reference}` });
        }
        return digest;
    }
    async hasBlob(repository, digest) {
        const res = await this.sendOrMissing(repository, ['pull'], {
            url: this.url(repository, 'blobs', digest),
            method: 'HEAD',
        });
        return res !== undefined;
    }
    /** A small blob (an image config) read whole and checked against its digest. */
    async getBlob(repository, digest) {
        const res = await this.send(repository, ['pull'], { url: this.url(repository, 'blobs', digest) });
        if (res.body.length > MAX_DOCUMENT_BYTES)
            throw tooLarge(`${repository}@${digest}`);
        if ((0,registry_digest/* sha256Digest */.sI)(res.body) !== digest) {
            throw new errors/* RolloutError */.a6('BlobDigestMismatch', `blob ${repository}@${digest} does not hash to its digest`, {
                resource: `${repository}@${digest}`,
            });
        }
        return res.body;
    }
    /** Monolithic upload: POST opens a session, one PUT `?digest=` streams the bytes. */
    async uploadBlob(repository, blob) {
        const res = await this.send(repository, ['pull', 'push'], {
            url: `${this.base}/v2/${repository}/blobs/uploads/`,
            method: 'POST',
            headers: { 'content-length': '0' },
            body: '',
        });
        await this.finishUpload(repository, res, blob);
    }
    /**
     * Mounts a blob the registry holds in another repository (no bytes sent); when it cannot (202),
     * uploads into the session it opened instead. Returns whether it mounted.
     */
    async mountOrUploadBlob(repository, blob, from) {
        const res = await this.openMount(repository, blob.digest, from);
        if (res.status === 201)
            return true;
        await this.finishUpload(repository, res, blob);
        return false;
    }
    /**
     * Mounts a blob the registry holds in another repository, sending no bytes; when it cannot,
     * the upload session it opened instead is cancelled and false returned (the caller has no bytes
     * to send: a base image's layer lives only in the registry).
     */
    async mountBlob(repository, digest, from) {
        const res = await this.openMount(repository, digest, from);
        if (res.status === 201)
            return true;
        const location = res.headers.get('location');
        if (location) {
            await this.send(repository, ['pull', 'push'], {
                url: new URL(location, `${this.base}/`).toString(),
                method: 'DELETE',
            }).catch(() => undefined); // an abandoned session expires on its own
        }
        return false;
    }
    openMount(repository, digest, from) {
        const q = new URLSearchParams({ mount: digest, from });
        return this.send(repository, ['pull', 'push'], {
            url: `${this.base}/v2/${repository}/blobs/uploads/?${q.toString()}`,
            method: 'POST',
            headers: { 'content-length': '0' },
            body: '',
        }, 
        // Mounting reads the other repository: ask for both in one token.
        `${repositoryScope(repository, ['pull', 'push'])} ${repositoryScope(from, ['pull'])}`);
    }
    async finishUpload(repository, opened, blob) {
        const location = opened.headers.get('location');
        if (!location) {
            throw new errors/* RolloutError */.a6('RegistryProtocolError', `registry opened an upload to ${repository} without a Location`, {
                resource: repository,
            });
        }
        const target = new URL(location, `${this.base}/`);
        target.searchParams.set('digest', blob.digest);
        await this.send(repository, ['pull', 'push'], {
            url: target.toString(),
            method: 'PUT',
            headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
            body: () => {
                const b = blob.open();
                return b instanceof Uint8Array ? external_node_stream_.Readable.from([b]) : b;
            },
        });
    }
    url(repository, kind, reference) {
        return `${this.base}/v2/${repository}/${kind}/${reference}`;
    }
    /** `send`, with a 404 answered as undefined (HEAD of something the registry lacks). */
    async sendOrMissing(repository, actions, req) {
        try {
            return await this.send(repository, actions, req);
        }
        catch (e) {
            if (e instanceof request/* HttpError */.j$ && e.status === 404)
                return undefined;
            throw e;
        }
    }
    /** One request, signed in: with the header for its scope when the registry's challenge is known;
     * on a 401, once more with a token for its scope and the challenge's together. */
    async send(repository, actions, req, scope = repository ? repositoryScope(repository, actions) : undefined) {
        const o = this.options;
        const common = {
            ca: o.ca,
            mask: o.mask,
            log: o.log,
            signal: o.signal,
            ...(o.retry ? { retry: o.retry } : {}),
        };
        const withAuth = (authorization) => ({
            ...common,
            ...req,
            headers: { ...req.headers, ...(authorization ? { authorization } : {}) },
        });
        const known = this.challenge && o.auth ? await o.auth.authorize(this.forScope(this.challenge, scope)) : undefined;
        try {
            return await (0,request/* httpRequest */.aj)(withAuth(known));
        }
        catch (e) {
            if (!(e instanceof request/* HttpError */.j$) || e.status !== 401)
                throw e;
            const host = new URL(this.base).host;
            if (!o.auth) {
                throw new acr_auth/* RegistryAuthFailedError */.Pv(host, 'asks for sign-in and none was given', 'sign in to Azure before this step (the suite signs in to ACR with that identity)', e);
            }
            const challenge = parseChallenge(e.headers?.get('www-authenticate'));
            this.challenge = { ...challenge };
            delete this.challenge.scope;
            // What we need and what the registry says it needs (they differ when it wants more).
            const wanted = [...new Set([...(scope ?? '').split(' '), ...(challenge.scope ?? '').split(' ')])]
                .filter(Boolean)
                .join(' ');
            const header = await o.auth.authorize(this.forScope(challenge, wanted || undefined));
            const refused = (cause) => new acr_auth/* RegistryAuthFailedError */.Pv(host, `refused the token it issued for '${wanted || 'the registry'}' (HTTP 401)`, `give the signed-in identity the AcrPush role (AcrPull to read) on registry ${host}`, cause);
            // The same token again would be refused again.
            if (header === known)
                throw refused(e);
            try {
                return await (0,request/* httpRequest */.aj)(withAuth(header));
            }
            catch (e2) {
                if (!(e2 instanceof request/* HttpError */.j$) || e2.status !== 401)
                    throw e2;
                throw refused(e2);
            }
        }
    }
    forScope(challenge, scope) {
        const out = { ...challenge };
        if (scope)
            out.scope = scope;
        else
            delete out.scope;
        return out;
    }
}
function tooLarge(ref) {
    return new errors/* RolloutError */.a6('RegistryDocumentTooLarge', `${ref} is larger than ${MAX_DOCUMENT_BYTES} bytes`, {
        resource: ref,
    });
}
/** A blob whose bytes are in memory (configs, manifests' blobs, tests). */
function blobFromBytes(bytes) {
    return { digest: (0,registry_digest/* sha256Digest */.sI)(bytes), size: bytes.length, open: () => bytes };
}


/***/ }),

/***/ 274:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ connectRegistry)
/* harmony export */ });
/* harmony import */ var _acr_auth_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73713);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83332);


function connectRegistry(registry, io) {
    const ca = registry.ca ? { ca: registry.ca } : {};
    const auth = (0,_acr_auth_js__WEBPACK_IMPORTED_MODULE_0__/* .acrAuth */ .Lq)(registry.loginServer, registry.credential, {
        onSecret: io.onSecret,
        mask: io.mask,
        signal: io.signal,
        ...ca,
    });
    const client = new _client_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryClient */ .b({
        url: `https://${registry.loginServer}`,
        auth,
        mask: io.mask,
        log: io.log,
        signal: io.signal,
        ...ca,
    });
    return { client, auth };
}


/***/ }),

/***/ 34910:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   sI: () => (/* binding */ sha256Digest)
/* harmony export */ });
/* unused harmony export fileDigest */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
// Content digests (`sha256:<hex>`) of bytes and of files (streamed), and the form check of one.


const DIGEST = /^sha256:[0-9a-f]{64}$/;
function isDigest(value) {
    return DIGEST.test(value);
}
function sha256Digest(bytes) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}`;
}
/** Digest and size of a file, read in 1 MiB chunks. */
async function fileDigest(file, signal) {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(file, {
        highWaterMark: 1 << 20,
        ...(signal ? { signal } : {}),
    })) {
        hash.update(chunk);
        size += chunk.length;
    }
    return { digest: `sha256:${hash.digest('hex')}`, size };
}


/***/ }),

/***/ 62267:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Sw: () => (/* binding */ parseImageManifest),
/* harmony export */   Z2: () => (/* binding */ MEDIA_TYPES),
/* harmony export */   oV: () => (/* binding */ ANY_MANIFEST_ACCEPT)
/* harmony export */ });
/* unused harmony export isIndexMediaType */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
// Image manifest and config shapes (OCI image-spec 1.1 and Docker v2 schema 2, which share them
// field for field) and the media types the client accepts. A manifest is checked to be a single
// image: ACR-backed consumers such as AML fail on an index, so one is refused here with that reason.

const MEDIA_TYPES = {
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociConfig: 'application/vnd.oci.image.config.v1+json',
    ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    ociLayer: 'application/vnd.oci.image.layer.v1.tar',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerConfig: 'application/vnd.docker.container.image.v1+json',
    dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    /** Uncompressed; docker, containerd and ACR take it as they take the gzip one. */
    dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
};
/** Both image manifest types, and the index types too: asked for an index, a registry answers
 * 404 to an Accept without them; with them, the index is recognised and refused with its reason. */
const ANY_MANIFEST_ACCEPT = [
    MEDIA_TYPES.ociManifest,
    MEDIA_TYPES.dockerManifest,
    MEDIA_TYPES.ociIndex,
    MEDIA_TYPES.dockerList,
].join(', ');
function isIndexMediaType(mediaType) {
    return mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerList;
}
/** The manifest as a single image, or a RolloutError saying why it is not one. */
function parseImageManifest(body, contentType, ref) {
    let m;
    try {
        m = JSON.parse(body.toString());
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RolloutError */ .a6('ImageManifestInvalid', `manifest of ${ref} is not JSON`, { resource: ref });
    }
    const mediaType = m.mediaType ?? contentType?.split(';')[0]?.trim() ?? '';
    if (isIndexMediaType(mediaType) || Array.isArray(m.manifests)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RolloutError */ .a6('ImageIsIndex', `${ref} is an image index (${mediaType || 'manifests list'}), not a single image manifest`, {
            resource: ref,
            remediation: "reference one platform's image by its digest (linux/amd64), or build with provenance and SBOM attestations off (buildx --provenance=false --sbom=false)",
        });
    }
    if (m.schemaVersion !== 2 ||
        (mediaType !== MEDIA_TYPES.ociManifest && mediaType !== MEDIA_TYPES.dockerManifest) ||
        !m.config?.digest ||
        !Array.isArray(m.layers)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RolloutError */ .a6('ImageManifestInvalid', `${ref} is not an OCI or Docker v2 schema 2 image manifest (media type '${mediaType}')`, { resource: ref, remediation: 'push the image with a current docker, buildah or skopeo' });
    }
    return { ...m, mediaType };
}


/***/ }),

/***/ 65189:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ parseImageRef),
/* harmony export */   U$: () => (/* binding */ registryHost),
/* harmony export */   kL: () => (/* binding */ formatImageRef),
/* harmony export */   my: () => (/* binding */ formatImageReference),
/* harmony export */   o_: () => (/* binding */ parseImageReference)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
// Image references: `[host[:port]/]repository[:tag][@sha256:...]`, split the way docker does (the
// first part is a registry host only when it has a dot or a colon, is `localhost`, or has capitals).
// The one parser of image references: deployment YAML, the step inputs, the builders and the
// local plane's pull check all read references through it.

// The OCI distribution reference grammar (distribution/reference), restricted to sha256 digests.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:localhost|(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Parses an image reference, or says why it is not one. */
function parseImageRef(text) {
    const bad = (why) => ({ problem: `'${text}' is not an image reference: ${why}` });
    if (text !== text.trim() || text === '')
        return bad('it is empty or has surrounding spaces');
    let rest = text;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST.test(digest))
            return bad(`digest '${digest}' is not sha256:<64 lowercase hex>`);
    }
    let tag;
    const slash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    if (colon > slash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag))
            return bad(`tag '${tag}' must be 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`);
    }
    const parts = rest.split('/');
    let registry;
    const first = parts[0] ?? '';
    if (parts.length > 1 &&
        (first.includes('.') || first.includes(':') || first === 'localhost' || /[A-Z]/.test(first))) {
        registry = first;
        parts.shift();
        if (!DOMAIN.test(registry))
            return bad(`registry '${registry}' is not a host name`);
    }
    if (parts.length === 0 || parts.some((p) => !PATH_COMPONENT.test(p))) {
        return bad('the repository must be lowercase letters and digits, separated by / . _ __ or -');
    }
    const repository = parts.join('/');
    if ((registry ? registry.length + 1 : 0) + repository.length > 255)
        return bad('the name is over 255 characters');
    return {
        ...(registry === undefined ? {} : { registry }),
        repository,
        ...(tag === undefined ? {} : { tag }),
        ...(digest === undefined ? {} : { digest }),
    };
}
function formatImageRef(ref) {
    return `${ref.registry ? `${ref.registry}/` : ''}${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
/** Parses a reference that names its registry; throws `InvalidImageReference` saying why not. */
function parseImageReference(ref) {
    const parsed = parseImageRef(ref.trim());
    const bad = (why) => new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RolloutError */ .a6('InvalidImageReference', why, {
        resource: ref,
        remediation: 'write it as <registry>/<repository>@sha256:<digest> or <registry>/<repository>:<tag>',
    });
    if ('problem' in parsed)
        throw bad(parsed.problem);
    if (!parsed.registry)
        throw bad(`image reference '${ref}': it names no registry host`);
    return parsed;
}
const formatImageReference = (r) => formatImageRef(r);
/** `host[:port]` of a reference, `docker.io` when it names none (docker's default). */
function registryHost(ref) {
    const parsed = parseImageRef(ref);
    return 'problem' in parsed ? 'docker.io' : (parsed.registry ?? 'docker.io');
}


/***/ })

};
