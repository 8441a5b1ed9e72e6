export const id = 352;
export const ids = [352];
export const modules = {

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

/***/ 40431:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LI: () => (/* binding */ resolveInside),
/* harmony export */   NE: () => (/* binding */ openFolder),
/* harmony export */   gZ: () => (/* binding */ listFilesInside),
/* harmony export */   h5: () => (/* binding */ ContainmentError)
/* harmony export */ });
/* unused harmony export isInside */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(32635);




const CODES = {
    outside: 'PathOutsideFolder',
    'broken-link': 'BrokenLink',
    loop: 'LinkLoop',
    unreadable: 'PathUnreadable',
};
class ContainmentError extends _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .RolloutError */ .a6 {
    problem;
    constructor(problem, entry, message, remediation, cause) {
        super(CODES[problem], message, { resource: entry, remediation, cause });
        this.name = 'ContainmentError';
        this.problem = problem;
    }
}
/** Whether `candidate` is `folder` or under it (both absolute, already resolved or both not). */
function isInside(folder, candidate) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_2___default().relative(folder, candidate);
    return rel === '' || (rel.split((node_path__WEBPACK_IMPORTED_MODULE_2___default().sep))[0] !== '..' && !node_path__WEBPACK_IMPORTED_MODULE_2___default().isAbsolute(rel));
}
const describeFolder = (folder) => `${folder.label} ${folder.path}`;
const errnoOf = (e) => e?.code;
function unreadable(entry, e) {
    return new ContainmentError('unreadable', entry, `${entry} cannot be read (${errnoOf(e) ?? e.message})`, 'give the job user read access to it, or remove it from the folder', e);
}
/** The folder with its links resolved. It must exist and be a folder: callers check that first. */
async function openFolder(dir, label) {
    const given = node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(dir);
    try {
        return { path: given, real: await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(given), label };
    }
    catch (e) {
        if (errnoOf(e) === 'ELOOP')
            throw new ContainmentError('loop', given, `${label} ${given} is a link that loops`, 'fix the link');
        throw unreadable(given, e);
    }
}
async function linkText(file) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readlink)(file);
    }
    catch {
        return undefined;
    }
}
/**
 * Resolves `entry` (relative to the folder) through every link, or undefined when nothing is
 * there at all (the caller knows whether that is an error). `remediation` says what to do when
 * the entry leads outside the folder.
 */
async function resolveInside(folder, entry, remediation) {
    const outside = (shown, message) => new ContainmentError('outside', shown, message, remediation);
    if (node_path__WEBPACK_IMPORTED_MODULE_2___default().posix.isAbsolute(entry) || node_path__WEBPACK_IMPORTED_MODULE_2___default().win32.isAbsolute(entry))
        throw outside(entry, `'${entry}' is an absolute path; entries of the ${describeFolder(folder)} are relative to it`);
    const joined = node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(folder.path, entry);
    if (!isInside(folder.path, joined))
        throw outside(entry, `'${entry}' points outside the ${describeFolder(folder)} (to ${joined})`);
    let own;
    try {
        own = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(joined);
    }
    catch (e) {
        const code = errnoOf(e);
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return undefined;
        throw unreadable(joined, e);
    }
    const link = own.isSymbolicLink() ? await linkText(joined) : undefined;
    const linkNote = link === undefined ? '' : ` (a link to ${link})`;
    let real;
    try {
        real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(joined);
    }
    catch (e) {
        const code = errnoOf(e);
        if (code === 'ELOOP')
            throw new ContainmentError('loop', joined, link === undefined
                ? `${joined} leads through a chain of links that loops back on itself`
                : `${joined} is a link to ${link} in a chain of links that loops back on itself`, 'make the link point at a file or folder, not at another link of the chain', e);
        if (code === 'ENOENT' || code === 'ENOTDIR')
            throw new ContainmentError('broken-link', joined, link === undefined
                ? `${joined} leads through a link to something that does not exist`
                : `${joined} is a link to ${link}, which does not exist`, 'fix or remove the broken link', e);
        throw unreadable(joined, e);
    }
    if (!isInside(folder.real, real))
        throw outside(joined, `${joined}${linkNote} resolves to ${real}, outside the ${describeFolder(folder)}; it is not read`);
    let stats;
    try {
        stats = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(real);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.access)(real, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.R_OK);
    }
    catch (e) {
        throw unreadable(joined, e);
    }
    return { path: joined, real, stats };
}
/**
 * Every regular file under the folder, sorted by `rel` in code-unit order. A link is followed
 * once, to where it resolves inside the folder: a linked file is listed under the link's name, a
 * linked folder is walked under it. A linked folder that holds the link (a cycle) is refused, as is
 * anything `resolveInside` refuses. Other kinds of file (sockets, FIFOs, devices) are left out.
 */
async function listFilesInside(folder, remediation) {
    const files = [];
    // Real paths of the folders being walked, outermost first: a link to any of them is a cycle.
    const walking = [];
    const walk = async (real, prefix) => {
        walking.push(real);
        let entries;
        try {
            entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(real, { withFileTypes: true });
        }
        catch (e) {
            throw unreadable(prefix ? node_path__WEBPACK_IMPORTED_MODULE_2___default().join(folder.path, prefix) : folder.path, e);
        }
        for (const entry of entries) {
            const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
            const shown = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(folder.path, rel);
            if (!entry.isSymbolicLink()) {
                const full = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(real, entry.name);
                if (entry.isDirectory())
                    await walk(full, rel);
                else if (entry.isFile())
                    files.push({ rel, path: shown, real: full, size: (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(full)).size });
                continue;
            }
            const target = await resolveInside(folder, rel, remediation);
            if (!target)
                continue; // removed while walking
            if (target.stats.isDirectory()) {
                if (walking.includes(target.real))
                    throw new ContainmentError('loop', shown, `${shown} is a link to ${target.real}, a folder that holds the link: following it would never end`, 'remove the link, or point it at a folder that does not contain it');
                await walk(target.real, rel);
            }
            else if (target.stats.isFile()) {
                files.push({ rel, path: shown, real: target.real, size: target.stats.size });
            }
        }
        walking.pop();
    };
    await walk(folder.real, '');
    return files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
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

/***/ 46643:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  a: () => (/* binding */ loadOnnxRuntime),
  P: () => (/* binding */ loadSharp)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(98995);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
;// CONCATENATED MODULE: ./shared/native/install.ts
// Native packages (onnxruntime-node, sharp) cannot travel inside an ncc bundle: their .node
// binaries and shared libraries must sit in a real node_modules. Inside this repository they
// resolve from ours. A bundle copied elsewhere (a GitHub action checkout runs dist/ as is, an Azure
// DevOps task folder holds only index.js) installs the pinned versions once into the runner's tool
// cache and loads them from there on every later run.







/** The runner's persistent tool cache, as each host names it. */
function toolCacheRoot(env = process.env) {
    return (env.AML_ROLLOUT_TOOL_CACHE ||
        env.RUNNER_TOOL_CACHE ||
        env.AGENT_TOOLSDIRECTORY ||
        external_node_path_default().join(external_node_os_default().homedir(), '.cache', 'aml-rollout'));
}
function nativeCacheDir(pkg, env = process.env) {
    return external_node_path_default().join(toolCacheRoot(env), 'aml-rollout-native', `${pkg.name}-${pkg.version}`, `${process.platform}-${process.arch}`);
}
function isNotFound(e) {
    const code = e?.code;
    return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
/**
 * Loads a native package: from the surrounding node_modules when there is one, else from the tool
 * cache, installing it there first if needed. `log` hears about installs (they take a while).
 */
async function importNative(pkg, importer, log = (l) => process.stderr.write(`${l}\n`)) {
    try {
        return await importer();
    }
    catch (e) {
        if (!isNotFound(e))
            throw e;
    }
    const dir = nativeCacheDir(pkg);
    if (!(0,external_node_fs_.existsSync)(external_node_path_default().join(dir, 'node_modules', pkg.name, 'package.json'))) {
        log(`installing ${pkg.name}@${pkg.version} into the tool cache (${dir}); later runs reuse it`);
        await installInto(pkg, dir);
    }
    return (0,external_node_module_.createRequire)(external_node_path_default().join(dir, 'package.json'))(pkg.name);
}
async function installInto(pkg, dir) {
    await (0,promises_.mkdir)(external_node_path_default().dirname(dir), { recursive: true });
    // Install beside the target and rename into place, so a parallel job never sees half a package.
    const staging = await (0,promises_.mkdtemp)(`${dir}.staging-`);
    try {
        await (0,promises_.writeFile)(external_node_path_default().join(staging, 'package.json'), JSON.stringify({ private: true, dependencies: { [pkg.name]: pkg.version } }));
        await npm(['install', '--no-audit', '--no-fund', '--no-package-lock', '--omit=dev', '--loglevel=error'], staging);
        try {
            await (0,promises_.rename)(staging, dir);
        }
        catch (e) {
            // Another job installed the same version first; theirs is as good as ours.
            if (!(0,external_node_fs_.existsSync)(external_node_path_default().join(dir, 'node_modules', pkg.name)))
                throw e;
        }
    }
    finally {
        await (0,promises_.rm)(staging, { recursive: true, force: true });
    }
}
function npm(args, cwd) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
            cwd,
            stdio: ['ignore', 'ignore', 'pipe'],
            // onnxruntime-node's install script would fetch CUDA binaries; the CPU ones ship in the package.
            env: { ...process.env, npm_config_onnxruntime_node_install: 'skip' },
            shell: process.platform === 'win32',
        });
        let stderr = '';
        child.stderr.on('data', (d) => {
            stderr += d.toString();
        });
        child.on('error', (e) => reject(new errors/* RolloutError */.a6('NativeInstallFailed', `could not run npm: ${e.message}`)));
        child.on('exit', (code) => code === 0
            ? resolve()
            : reject(new errors/* RolloutError */.a6('NativeInstallFailed', `npm install failed (exit ${code}): ${stderr.trim().slice(-500)}`, {
                remediation: 'check that the runner reaches the npm registry, or preinstall the package into the tool cache',
            })));
    });
}

;// CONCATENATED MODULE: ./shared/native/packages.ts
const NATIVE_PACKAGES = [
    { name: 'onnxruntime-node', version: '1.23.2' },
    { name: 'sharp', version: '0.34.5' },
];

;// CONCATENATED MODULE: ./shared/native/load.ts


let ort;
let sharp;
function pinned(name) {
    const pkg = NATIVE_PACKAGES.find((p) => p.name === name);
    if (!pkg)
        throw new Error(`${name} is not a pinned native package`);
    return pkg;
}
function loadOnnxRuntime() {
    ort ??= importNative(pinned('onnxruntime-node'), () => import(/* webpackIgnore: true */ 'onnxruntime-node').then((m) => (m.default ?? m)));
    return ort;
}
function loadSharp() {
    sharp ??= importNative(pinned('sharp'), () => import(/* webpackIgnore: true */ 'sharp').then((m) => m.default));
    return sharp;
}


/***/ }),

/***/ 55822:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  E4: () => (/* reexport */ AUTOML_INFERENCE_DEFAULTS),
  A_: () => (/* reexport */ ModelCardMismatchError),
  CC: () => (/* reexport */ inferenceOverridesFromEnv),
  uW: () => (/* binding */ loadModelCard),
  gL: () => (/* reexport */ overrideInference)
});

// UNUSED EXPORTS: INFERENCE_PARAM_NAMES, MAX_DETECTIONS_PER_IMG, MAX_TILES, MAX_TILE_GRID_SIDE, MODEL_CARD_SCHEMA, ModelCardError, checkedInferenceOverridesFromEnv, parseModelCard, parseModelCardText, parseTileGridSize

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
;// CONCATENATED MODULE: ./shared/scoring/card/errors.ts
// The model card's errors: a card that is malformed, and a model that does not match its card.

/** The card is malformed or contradicts itself. */
class ModelCardError extends errors/* RolloutError */.a6 {
    constructor(field, message, source) {
        super('InvalidModelCard', `model card${source ? ` ${source}` : ''}: '${field}' ${message}`, {
            resource: source ?? field,
            remediation: 'fix the card; the schema is in docs/model-card.md',
        });
        this.name = 'ModelCardError';
    }
}
/** The model does not match its card (input name, shape, outputs). */
class ModelCardMismatchError extends errors/* RolloutError */.a6 {
    constructor(message, resource) {
        super('ModelCardMismatch', message, {
            ...(resource === undefined ? {} : { resource }),
            remediation: 'make the card describe the model: input name/shape/dtype and output names/positions',
        });
        this.name = 'ModelCardMismatchError';
    }
}

;// CONCATENATED MODULE: ./shared/scoring/card/fields.ts
// Field-by-field reading of a raw card document: each accessor validates one value and every
// failure names the exact dotted field (`preprocess.resize.mode`) and the card's source.

/** Reads fields off one object with a path prefix, so every error names the exact field. */
class FieldReader {
    obj;
    prefix;
    source;
    error;
    constructor(obj, prefix, source, 
    /** How a failure is raised: a card's by default; parameters given elsewhere (a step input,
     * an environment) name where they came from instead. */
    error = (field, message) => new ModelCardError(field, message, source)) {
        this.obj = obj;
        this.prefix = prefix;
        this.source = source;
        this.error = error;
    }
    fail(key, message) {
        throw this.error(this.path(key), message);
    }
    path(key) {
        return this.prefix ? `${this.prefix}.${key}` : key;
    }
    has(key) {
        return this.obj[key] !== undefined && this.obj[key] !== null;
    }
    raw(key) {
        return this.obj[key];
    }
    object(key, required = true) {
        const v = this.obj[key];
        if (v === undefined || v === null) {
            if (required)
                this.fail(key, 'is required');
            return new FieldReader({}, this.path(key), this.source, this.error);
        }
        if (typeof v !== 'object' || Array.isArray(v))
            this.fail(key, 'must be a mapping');
        return new FieldReader(v, this.path(key), this.source, this.error);
    }
    number(key, fallback, range) {
        const v = this.obj[key];
        if (v === undefined || v === null) {
            if (fallback === undefined)
                this.fail(key, 'is required');
            return fallback;
        }
        const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
        if (typeof n !== 'number' || !Number.isFinite(n))
            this.fail(key, `must be a number, got ${JSON.stringify(v)}`);
        if (range?.integer && !Number.isInteger(n))
            this.fail(key, `must be an integer, got ${n}`);
        if (range?.min !== undefined && n < range.min)
            this.fail(key, `must be >= ${range.min}, got ${n}`);
        if (range?.max !== undefined && n > range.max)
            this.fail(key, `must be <= ${range.max}, got ${n}`);
        return n;
    }
    optionalNumber(key, range) {
        return this.has(key) ? this.number(key, undefined, range) : undefined;
    }
    boolean(key, fallback) {
        const v = this.obj[key];
        if (v === undefined || v === null)
            return fallback;
        if (typeof v !== 'boolean')
            this.fail(key, `must be true or false, got ${JSON.stringify(v)}`);
        return v;
    }
    enumOf(key, allowed, fallback) {
        const v = this.obj[key];
        if (v === undefined || v === null) {
            if (fallback === undefined)
                this.fail(key, `is required (one of ${allowed.join(', ')})`);
            return fallback;
        }
        if (typeof v !== 'string' || !allowed.includes(v)) {
            this.fail(key, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
        }
        return v;
    }
    string(key, fallback) {
        const v = this.obj[key];
        if (v === undefined || v === null) {
            if (fallback === undefined)
                this.fail(key, 'is required');
            return fallback;
        }
        if (typeof v !== 'string' || v === '')
            this.fail(key, 'must be a non-empty string');
        return v;
    }
    outputRef(key, fallback) {
        const v = this.obj[key];
        if (v === undefined || v === null) {
            if (fallback === undefined)
                this.fail(key, 'is required (an output name or a 0-based index)');
            return fallback;
        }
        if (typeof v === 'string' && v !== '')
            return v;
        if (typeof v === 'number' && Number.isInteger(v) && v >= 0)
            return v;
        this.fail(key, `must be an output name or a 0-based index, got ${JSON.stringify(v)}`);
    }
    outputRefs(key) {
        const v = this.obj[key];
        if (!Array.isArray(v) || v.length === 0)
            this.fail(key, 'must be a non-empty list of output names or indices');
        return v.map((item, i) => new FieldReader({ [String(i)]: item }, this.path(key), this.source, this.error).outputRef(String(i)));
    }
    numbers(key, fallback, length) {
        const v = this.obj[key];
        if (v === undefined || v === null) {
            if (fallback === undefined)
                this.fail(key, 'is required');
            return fallback;
        }
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
            this.fail(key, 'must be a list of numbers');
        }
        if (length !== undefined && v.length !== length)
            this.fail(key, `must have ${length} numbers, got ${v.length}`);
        return v;
    }
    rgb(key, fallback) {
        const v = this.obj[key];
        if (v === undefined || v === null)
            return fallback;
        if (typeof v === 'number') {
            if (v < 0 || v > 255)
                this.fail(key, 'must be in 0..255');
            return [v, v, v];
        }
        if (typeof v === 'string' && /^#[0-9a-f]{6}$/i.test(v)) {
            const n = Number.parseInt(v.slice(1), 16);
            return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
        }
        const list = this.numbers(key, undefined, 3);
        if (list.some((x) => x < 0 || x > 255))
            this.fail(key, 'values must be in 0..255');
        return list;
    }
}

;// CONCATENATED MODULE: ./shared/scoring/card/inference.ts
// The card's `inference` section (AutoML's six inference-time parameters) and the same parameters
// given by name from the CLI (`--param`), the environment or a request.



/** Largest tile grid: 64 tiles (each side at most 16). Every tile is one more model run, so time
 * grows with the grid; and at the scorer's pixel limit (40 MP) a 64-tile grid already cuts tiles of
 * about 790 x 790 px, the size of a detector's input: finer grids only upsample. */
const MAX_TILES = 64;
const MAX_TILE_GRID_SIDE = 16;
/** Largest per-view detection cap: AutoML's default is 100 and COCO judges at most 100 per image;
 * the cap also bounds the tile merge (one list of cap x views boxes). */
const MAX_DETECTIONS_PER_IMG = 1000;
/** Parses `3x2` (columns x rows), or a `[3, 2]` pair, within the bounds above. */
function parseTileGridSize(v) {
    if (v === undefined || v === null || v === '' || v === 'none')
        return undefined;
    let cols;
    let rows;
    if (Array.isArray(v) && v.length === 2) {
        [cols, rows] = v.map(Number);
    }
    else if (typeof v === 'string') {
        const m = /^\s*\(?\s*(\d{1,6})\s*[x,X]\s*(\d{1,6})\s*\)?\s*$/.exec(v);
        if (!m)
            throw new Error(`expected COLSxROWS like 3x2, got ${JSON.stringify(v)}`);
        cols = Number(m[1]);
        rows = Number(m[2]);
    }
    else {
        throw new Error(`expected COLSxROWS like 3x2, got ${JSON.stringify(v)}`);
    }
    if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1) {
        throw new Error(`tile grid must be positive integers, got ${cols}x${rows}`);
    }
    if (cols > MAX_TILE_GRID_SIDE || rows > MAX_TILE_GRID_SIDE || cols * rows > MAX_TILES) {
        throw new Error(`tile grid ${cols}x${rows} is over the limit: at most ${MAX_TILE_GRID_SIDE} per side and ${MAX_TILES} tiles (e.g. 8x8); each tile is one more model run`);
    }
    return { cols, rows };
}
function parseInference(r, base) {
    let tileGridSize = base.tileGridSize;
    if (r.has('tile_grid_size')) {
        try {
            tileGridSize = parseTileGridSize(r.raw('tile_grid_size'));
        }
        catch (e) {
            r.fail('tile_grid_size', e.message);
        }
    }
    return {
        boxScoreThresh: r.number('box_score_thresh', base.boxScoreThresh, { min: 0, max: 1 }),
        nmsIouThresh: r.number('nms_iou_thresh', base.nmsIouThresh, { min: 0, max: 1 }),
        boxDetectionsPerImg: r.number('box_detections_per_img', base.boxDetectionsPerImg, {
            min: 1,
            max: MAX_DETECTIONS_PER_IMG,
            integer: true,
        }),
        tileGridSize,
        tileOverlapRatio: r.number('tile_overlap_ratio', base.tileOverlapRatio, { min: 0, max: 0.99 }),
        tilePredictionsNmsThresh: r.number('tile_predictions_nms_thresh', base.tilePredictionsNmsThresh, {
            min: 0,
            max: 1,
        }),
    };
}
/** Inference parameters by their AutoML names (snake_case), as they come from the CLI (`--param`),
 * environment variables (upper-cased) or a request. Unknown names are an error. */
const INFERENCE_PARAM_NAMES = [
    'box_score_thresh',
    'nms_iou_thresh',
    'box_detections_per_img',
    'tile_grid_size',
    'tile_overlap_ratio',
    'tile_predictions_nms_thresh',
];
/** The card's parameters with `overrides` applied, each validated against its bound. `origin`
 * names where the overrides were read (a step input such as `params`, a deployment's environment)
 * and makes a bad one an InputError about it; without it the error is the card's (a request). */
function overrideInference(base, overrides, origin) {
    const error = (field, message) => {
        const name = field.replace(/^inference\./, '');
        return origin === undefined
            ? new ModelCardError(field, message)
            : new errors/* InputError */.dz(origin, `${name}=${String(overrides[name])}: ${message}`, 'give AutoML inference parameters within their bounds (docs/model-card.md)');
    };
    for (const key of Object.keys(overrides)) {
        if (!INFERENCE_PARAM_NAMES.includes(key)) {
            throw error(`inference.${key}`, `is not an inference parameter (known: ${INFERENCE_PARAM_NAMES.join(', ')})`);
        }
    }
    return parseInference(new FieldReader(overrides, 'inference', undefined, error), base);
}
/** Reads AutoML's parameter names upper-cased from an environment (BOX_SCORE_THRESH=0.5, ...). */
function inferenceOverridesFromEnv(env) {
    const out = {};
    for (const name of INFERENCE_PARAM_NAMES) {
        const v = env[name.toUpperCase()];
        if (v !== undefined && v !== '')
            out[name] = v;
    }
    return out;
}
/** The environment's overrides (as inferenceOverridesFromEnv reads them), each validated against
 * `base` on its own so a refusal names the variable that holds it (`TILE_GRID_SIZE`), not the card
 * the value never came from. `skip` names parameters given elsewhere that win over the environment. */
function checkedInferenceOverridesFromEnv(base, env, skip = []) {
    const out = inferenceOverridesFromEnv(env);
    for (const name of skip)
        delete out[name];
    for (const [name, value] of Object.entries(out))
        overrideInference(base, { [name]: value }, `environment variable ${name.toUpperCase()}`);
    return out;
}

;// CONCATENATED MODULE: ./shared/scoring/card/input.ts
const LAYOUTS = ['NCHW', 'NHWC'];
const ORDERS = ['RGB', 'BGR'];
const DTYPES = ['float32', 'float16', 'uint8'];
function parseInput(r) {
    const layout = r.enumOf('layout', LAYOUTS, 'NCHW');
    const shape = r.numbers('shape', undefined, 4);
    if (!shape.every((d) => Number.isInteger(d) && d > 0))
        r.fail('shape', 'must be 4 positive integers');
    const [n, a, b, c] = shape;
    if (n !== 1)
        r.fail('shape', `batch must be 1, got ${n}`);
    const channels = layout === 'NCHW' ? a : c;
    if (channels !== 3)
        r.fail('shape', `must have 3 channels in ${layout} position, got ${channels}`);
    const height = layout === 'NCHW' ? b : a;
    const width = layout === 'NCHW' ? c : b;
    const name = r.has('name') ? r.string('name') : undefined;
    return {
        ...(name === undefined ? {} : { name }),
        shape: [n, a, b, c],
        dtype: r.enumOf('dtype', DTYPES, 'float32'),
        layout,
        channelOrder: r.enumOf('channel_order', ORDERS, 'RGB'),
        height,
        width,
    };
}

;// CONCATENATED MODULE: ./shared/scoring/card/output.ts
const DECODERS = ['postprocessed', 'yolo', 'gfl', 'ssd'];
const BOX_FORMATS = ['xyxy', 'xywh', 'cxcywh', 'yxyx'];
const BOX_UNITS = ['pixels', 'normalized'];
const NMS_MODES = ['class-aware', 'class-agnostic'];
const ACTIVATIONS = ['none', 'sigmoid', 'softmax'];
function parseOutput(r) {
    const decoder = r.enumOf('decoder', DECODERS);
    const outputs = r.object('outputs', false);
    const common = {
        labelOffset: r.number('label_offset', 0, { integer: true }),
        nms: r.enumOf('nms', NMS_MODES, decoder === 'yolo' ? 'class-agnostic' : 'class-aware'),
        nmsPlusOne: r.boolean('nms_plus_one', false),
        applyNms: r.boolean('apply_nms', decoder !== 'postprocessed'),
    };
    switch (decoder) {
        case 'postprocessed': {
            const labels = outputs.has('labels') ? outputs.outputRef('labels') : undefined;
            return {
                ...common,
                decoder,
                outputs: {
                    boxes: outputs.outputRef('boxes', 'boxes'),
                    ...(labels === undefined ? {} : { labels }),
                    scores: outputs.outputRef('scores', 'scores'),
                },
                boxFormat: r.enumOf('box_format', BOX_FORMATS, 'xyxy'),
                boxUnits: r.enumOf('box_units', BOX_UNITS, 'pixels'),
            };
        }
        case 'yolo': {
            const strides = r.numbers('strides', []);
            if (strides.some((s) => !Number.isInteger(s) || s <= 0))
                r.fail('strides', 'must be positive integers');
            return {
                ...common,
                decoder,
                outputs: { predictions: outputs.outputRef('predictions', 0) },
                strides,
                objectness: r.boolean('objectness', true),
                boxFormat: r.enumOf('box_format', BOX_FORMATS, 'cxcywh'),
                scoreActivation: r.enumOf('score_activation', ACTIVATIONS, 'none'),
            };
        }
        case 'gfl': {
            const strides = r.numbers('strides');
            if (strides.length === 0 || strides.some((s) => !Number.isInteger(s) || s <= 0)) {
                r.fail('strides', 'must be a non-empty list of positive integers');
            }
            const scores = outputs.outputRefs('scores');
            const distances = outputs.outputRefs('distances');
            if (scores.length !== strides.length || distances.length !== strides.length) {
                outputs.fail('scores', `and 'distances' must each list one output per stride (${strides.length})`);
            }
            return {
                ...common,
                decoder,
                outputs: { scores, distances },
                strides,
                regMax: r.number('reg_max', 7, { min: 0, integer: true }),
                cellOffset: r.number('cell_offset', 0.5),
                scoreActivation: r.enumOf('score_activation', ACTIVATIONS, 'none'),
                preNmsTopKPerLevel: r.number('pre_nms_top_k_per_level', 1000, { min: 0, integer: true }),
            };
        }
        case 'ssd': {
            const encoding = r.enumOf('encoding', ['corners', 'offsets'], 'corners');
            let priors;
            if (r.has('priors')) {
                const p = r.object('priors');
                const strides = p.numbers('strides');
                const raw = p.raw('min_sizes');
                if (!Array.isArray(raw) ||
                    raw.length !== strides.length ||
                    !raw.every((l) => Array.isArray(l) && l.every((x) => typeof x === 'number' && x > 0))) {
                    p.fail('min_sizes', 'must be one list of positive sizes per stride');
                }
                priors = { strides, minSizes: raw, clamp: p.boolean('clamp', true) };
            }
            if (encoding === 'offsets' && priors === undefined)
                r.fail('priors', "is required when encoding is 'offsets'");
            return {
                ...common,
                decoder,
                outputs: {
                    scores: outputs.outputRef('scores', 'scores'),
                    boxes: outputs.outputRef('boxes', 'boxes'),
                },
                encoding,
                backgroundClass: r.number('background_class', 0, { min: -1, integer: true }),
                ...(priors === undefined ? {} : { priors }),
                centerVariance: r.number('center_variance', 0.1),
                sizeVariance: r.number('size_variance', 0.2),
                scoreActivation: r.enumOf('score_activation', ACTIVATIONS, 'none'),
                preNmsTopK: r.number('pre_nms_top_k', 0, { min: 0, integer: true }),
            };
        }
    }
}

;// CONCATENATED MODULE: ./shared/scoring/card/preprocess.ts
const RESIZE_MODES = ['stretch', 'letterbox'];
const RESIZE_KERNELS = ['sharp', 'opencv-bilinear', 'pil-bilinear'];
const ALIGNS = ['center', 'top-left'];
const GEOMETRIES = ['resize', 'warp'];
function parsePreprocess(r) {
    const resize = r.object('resize', false);
    const normalize = r.object('normalize', false);
    const mode = resize.enumOf('mode', RESIZE_MODES, 'stretch');
    const kernel = resize.enumOf('kernel', RESIZE_KERNELS, 'sharp');
    const geometry = resize.enumOf('geometry', GEOMETRIES, 'resize');
    if (geometry === 'warp' && kernel !== 'opencv-bilinear') {
        resize.fail('geometry', "'warp' is only available with kernel 'opencv-bilinear'");
    }
    const scale = normalize.number('scale', 1 / 255, { min: Number.MIN_VALUE });
    const mean = normalize.numbers('mean', [0, 0, 0], 3);
    const std = normalize.numbers('std', [1, 1, 1], 3);
    if (std.some((s) => s === 0))
        normalize.fail('std', 'must not contain 0');
    return {
        resize: {
            mode,
            kernel,
            align: resize.enumOf('align', ALIGNS, 'center'),
            geometry,
            padValue: resize.rgb('pad_value', [114, 114, 114]),
            upscale: resize.boolean('upscale', true),
            sizeRounding: resize.enumOf('size_rounding', ['round', 'floor'], 'round'),
        },
        normalize: { scale, mean, std },
        alphaBackground: r.rgb('alpha_background', [255, 255, 255]),
    };
}

;// CONCATENATED MODULE: ./shared/scoring/card/types.ts
// The model card's shape: the typed spec the scorer is configured by (input tensor, preprocessing,
// output decoding, classes, inference defaults). Parsing lives beside it, one file per section;
// `../card.ts` is the reader and the one import for callers.
const MODEL_CARD_SCHEMA = 'aml-rollout/model-card@1';
/** AutoML's defaults (how-to-auto-train-image-models, object detection). */
const AUTOML_INFERENCE_DEFAULTS = {
    boxScoreThresh: 0.3,
    nmsIouThresh: 0.5,
    boxDetectionsPerImg: 100,
    tileGridSize: undefined,
    tileOverlapRatio: 0.25,
    tilePredictionsNmsThresh: 0.25,
};

;// CONCATENATED MODULE: ./shared/scoring/card.ts
// The model card: everything the scorer needs to know about one ONNX detector (input tensor,
// preprocessing, output decoding, class names, inference defaults). The scorer is configured by
// the card alone, never by model name. This module is the reader (document, text or file ->
// validated ModelCard) and the one import for callers; the types live in card/types.ts and each
// section's parser in card/<section>.ts. The schema is documented in docs/model-card.md.













/** Validates a parsed YAML/JSON document as a model card. `source` names it in errors. */
function parseModelCard(doc, source) {
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
        throw new ModelCardError('(root)', 'must be a mapping', source);
    }
    const r = new FieldReader(doc, '', source);
    const schema = r.string('schema');
    if (schema !== MODEL_CARD_SCHEMA)
        r.fail('schema', `must be '${MODEL_CARD_SCHEMA}', got '${schema}'`);
    const rawClasses = r.raw('classes');
    if (!Array.isArray(rawClasses) ||
        rawClasses.length === 0 ||
        !rawClasses.every((c) => typeof c === 'string')) {
        r.fail('classes', 'must be a non-empty list of class names (label id i -> classes[i])');
    }
    const output = parseOutput(r.object('output'));
    const runtime = r.object('runtime', false);
    return {
        schema: MODEL_CARD_SCHEMA,
        name: r.has('name') ? r.string('name') : undefined,
        input: parseInput(r.object('input')),
        preprocess: parsePreprocess(r.object('preprocess', false)),
        output,
        classes: rawClasses,
        inference: parseInference(r.object('inference', false), AUTOML_INFERENCE_DEFAULTS),
        runtime: {
            intraOpThreads: runtime.optionalNumber('intra_op_threads', { min: 1, integer: true }),
            interOpThreads: runtime.optionalNumber('inter_op_threads', { min: 1, integer: true }),
        },
    };
}
/** Parses card text (YAML, which includes JSON). */
function parseModelCardText(text, source) {
    let doc;
    try {
        doc = (0,dist/* parse */.qg)(text);
    }
    catch (e) {
        throw new ModelCardError('(root)', `is not valid YAML/JSON: ${e.message}`, source);
    }
    return parseModelCard(doc, source);
}
async function loadModelCard(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (e) {
        throw new errors/* RolloutError */.a6('ModelCardNotFound', `cannot read model card ${file}: ${e.message}`, {
            resource: file,
            remediation: 'pass --card with the path of the model-card.yaml beside the model',
        });
    }
    return parseModelCardText(text, file);
}


/***/ }),

/***/ 13504:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ht: () => (/* binding */ getSession),
/* harmony export */   MG: () => (/* binding */ checkSessionAgainstCard),
/* harmony export */   Rc: () => (/* binding */ resolveOutputName)
/* harmony export */ });
/* unused harmony exports EXECUTION_PROVIDERS_VARIABLE, executionProviders, defaultIntraOpThreads, releaseSessions */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(32635);
/* harmony import */ var _native_load_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(46643);
/* harmony import */ var _card_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(55822);
// onnxruntime sessions, one per (model file, thread settings), reused for every image; and the
// check that a model matches its card before the first image is scored.




const sessions = new Map();
/** Set in the GPU image (images/gpu.Dockerfile): the providers sessions try, in order. */
const EXECUTION_PROVIDERS_VARIABLE = 'AML_ROLLOUT_EXECUTION_PROVIDERS';
const KNOWN_PROVIDERS = ['cpu', 'cuda', 'tensorrt'];
/** The execution providers named by the environment (default CPU only), checked by name. */
function executionProviders(env = process.env) {
    const raw = env[EXECUTION_PROVIDERS_VARIABLE]?.trim();
    if (!raw)
        return ['cpu'];
    const names = raw
        .split(',')
        .map((p) => p.trim().toLowerCase())
        .filter(Boolean);
    const unknown = names.filter((n) => !KNOWN_PROVIDERS.includes(n));
    if (unknown.length > 0 || names.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RolloutError */ .a6('UnknownExecutionProvider', `${EXECUTION_PROVIDERS_VARIABLE}='${raw}' names unknown execution providers: ${unknown.join(', ') || '(none)'}`, {
            resource: EXECUTION_PROVIDERS_VARIABLE,
            remediation: `use a comma-separated list of ${KNOWN_PROVIDERS.join(', ')}`,
        });
    }
    return names;
}
function defaultIntraOpThreads() {
    return Math.max(1, node_os__WEBPACK_IMPORTED_MODULE_0___default().availableParallelism());
}
async function getSession(modelPath, options = {}) {
    const intra = options.intraOpThreads ?? defaultIntraOpThreads();
    const inter = options.interOpThreads ?? 1;
    const providers = executionProviders();
    const key = `${modelPath}\0${intra}\0${inter}\0${providers.join(',')}`;
    let s = sessions.get(key);
    if (!s) {
        s = (async () => {
            const ort = await (0,_native_load_js__WEBPACK_IMPORTED_MODULE_2__/* .loadOnnxRuntime */ .a)();
            try {
                return await ort.InferenceSession.create(modelPath, {
                    intraOpNumThreads: intra,
                    interOpNumThreads: inter,
                    executionMode: 'sequential',
                    graphOptimizationLevel: 'all',
                    executionProviders: providers,
                    // Old exporters list initializers as inputs and ORT warns once per initializer.
                    logSeverityLevel: 3,
                    // Idle intra-op threads spin by default, taking the cores that sharp is decoding the
                    // next image on; a scorer alternates decode and run, so let them sleep instead.
                    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
                });
            }
            catch (e) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RolloutError */ .a6('ModelLoadFailed', `cannot load ONNX model ${modelPath}: ${e.message}`, {
                    resource: modelPath,
                    remediation: providers.join(',') === 'cpu'
                        ? 'check the path and that the file is a valid ONNX model'
                        : `check the path and the model, and that this onnxruntime build has the ${providers.join(', ')} execution provider (${EXECUTION_PROVIDERS_VARIABLE}; a GPU image needs onnxruntime-node with CUDA, docs/images.md)`,
                    cause: e,
                });
            }
        })();
        sessions.set(key, s);
        s.catch(() => sessions.delete(key));
    }
    return s;
}
/** Drops every cached session (tests, or a server shutting down). */
async function releaseSessions() {
    const all = [...sessions.values()];
    sessions.clear();
    await Promise.allSettled(all.map(async (p) => (await p).release()));
}
function resolveOutputName(session, ref, what) {
    if (typeof ref === 'number') {
        const name = session.outputNames[ref];
        if (name === undefined) {
            throw new _card_js__WEBPACK_IMPORTED_MODULE_3__/* .ModelCardMismatchError */ .A_(`card output '${what}' is index ${ref} but the model has ${session.outputNames.length} outputs`);
        }
        return name;
    }
    if (!session.outputNames.includes(ref)) {
        throw new _card_js__WEBPACK_IMPORTED_MODULE_3__/* .ModelCardMismatchError */ .A_(`card output '${what}' is '${ref}' but the model's outputs are ${session.outputNames.join(', ')}`);
    }
    return ref;
}
/** The input name to feed, after checking the card's input against the model's metadata. */
function checkSessionAgainstCard(session, card, modelPath) {
    const name = card.input.name ?? session.inputNames[0];
    if (name === undefined || !session.inputNames.includes(name)) {
        throw new _card_js__WEBPACK_IMPORTED_MODULE_3__/* .ModelCardMismatchError */ .A_(`card input '${name}' is not an input of ${modelPath} (inputs: ${session.inputNames.join(', ')})`, modelPath);
    }
    const meta = session.inputMetadata;
    const m = meta?.find((x) => x.name === name);
    if (m?.shape) {
        const dims = m.shape;
        const expected = card.input.shape;
        const bad = dims.length !== 4 || dims.some((d, i) => typeof d === 'number' && d > 0 && i > 0 && d !== expected[i]);
        if (bad) {
            throw new _card_js__WEBPACK_IMPORTED_MODULE_3__/* .ModelCardMismatchError */ .A_(`model input '${name}' has shape [${dims.join(', ')}] but the card says [${expected.join(', ')}]`, modelPath);
        }
    }
    if (m?.type && m.type !== card.input.dtype) {
        throw new _card_js__WEBPACK_IMPORTED_MODULE_3__/* .ModelCardMismatchError */ .A_(`model input '${name}' is ${m.type} but the card says ${card.input.dtype}`, modelPath);
    }
    const o = card.output;
    const refs = [];
    if (o.decoder === 'postprocessed') {
        refs.push([o.outputs.boxes, 'boxes'], [o.outputs.scores, 'scores']);
        if (o.outputs.labels !== undefined)
            refs.push([o.outputs.labels, 'labels']);
    }
    else if (o.decoder === 'yolo')
        refs.push([o.outputs.predictions, 'predictions']);
    else if (o.decoder === 'gfl') {
        for (const [i, r] of o.outputs.scores.entries())
            refs.push([r, `scores[${i}]`]);
        for (const [i, r] of o.outputs.distances.entries())
            refs.push([r, `distances[${i}]`]);
    }
    else
        refs.push([o.outputs.scores, 'scores'], [o.outputs.boxes, 'boxes']);
    for (const [ref, what] of refs)
        resolveOutputName(session, ref, what);
    const emitted = classesEmitted(session, card);
    if (emitted !== undefined && emitted > card.classes.length) {
        throw new _card_js__WEBPACK_IMPORTED_MODULE_3__/* .ModelCardMismatchError */ .A_(`${modelPath} outputs ${emitted} classes but the card names ${card.classes.length} (${card.classes.join(', ')}): the rest would be scored under no name`, modelPath);
    }
    return name;
}
/** How many class ids the model can emit, read off its score output's static last dimension (the
 * dense decoders: one column per class); undefined where the graph does not say (a dynamic
 * dimension, or a postprocessed model's label output, checked per detection instead). */
function classesEmitted(session, card) {
    const o = card.output;
    const ref = o.decoder === 'yolo'
        ? o.outputs.predictions
        : o.decoder === 'gfl'
            ? o.outputs.scores[0]
            : o.decoder === 'ssd'
                ? o.outputs.scores
                : undefined;
    if (ref === undefined)
        return undefined;
    const outputName = resolveOutputName(session, ref, 'scores');
    const meta = session
        .outputMetadata;
    const last = meta?.find((m) => m.name === outputName)?.shape?.at(-1);
    if (typeof last !== 'number' || last <= 0)
        return undefined;
    // Columns hold classes after any box/objectness columns; ids are column - label_offset.
    let lastColumn = last - 1;
    if (o.decoder === 'yolo')
        lastColumn -= o.objectness ? 5 : 4;
    if (o.decoder === 'ssd' && o.backgroundClass === lastColumn)
        lastColumn -= 1;
    return lastColumn - o.labelOffset + 1;
}


/***/ })

};
