export const id = 547;
export const ids = [547];
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

/***/ 57457:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AJ: () => (/* binding */ sourceInfo),
/* harmony export */   PV: () => (/* binding */ adoArtifactsUrl),
/* harmony export */   hM: () => (/* binding */ githubArtifactUrl),
/* harmony export */   hx: () => (/* binding */ githubArtifactName),
/* harmony export */   yK: () => (/* binding */ runIdentity)
/* harmony export */ });
// What the CI run is, read from the variables both hosts set: an id and link for the run (the
// rollout's lock and journal name their holder with it) and the repository and commit a build
// came from (image labels). Host-agnostic on purpose: the CLI run inside a CI job reads them too.
function runIdentity(env = process.env) {
    if (env.GITHUB_RUN_ID) {
        const url = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY
            ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
            : undefined;
        return {
            runId: `github-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
            ...(url ? { runUrl: url } : {}),
        };
    }
    if (env.BUILD_BUILDID) {
        const url = env.SYSTEM_COLLECTIONURI && env.SYSTEM_TEAMPROJECT
            ? `${env.SYSTEM_COLLECTIONURI}${env.SYSTEM_TEAMPROJECT}/_build/results?buildId=${env.BUILD_BUILDID}`
            : undefined;
        return { runId: `ado-${env.BUILD_BUILDID}`, ...(url ? { runUrl: url } : {}) };
    }
    return { runId: `cli-${process.pid}-${Date.now().toString(36)}` };
}
/** A GitHub artifact's page, from the id its upload returned; undefined off a GitHub run. */
function githubArtifactUrl(id, env = process.env) {
    const run = env.GITHUB_RUN_ID ? runIdentity(env).runUrl : undefined;
    return run ? `${run}/artifacts/${id}` : undefined;
}
/** GitHub's artifact names are unique per workflow run, and a release gates in its dev job and
 * again in prod: the job's name (`GITHUB_JOB`) goes in the artifact's, and a second upload in the
 * same job (a matrix leg, a second gate) adds the step's id. Characters GitHub refuses become `-`. */
function githubArtifactName(name, attempt = 0, env = process.env) {
    const parts = [name, env.GITHUB_JOB, attempt > 0 ? env.GITHUB_ACTION : undefined];
    if (attempt > 1)
        parts.push(String(attempt));
    return parts
        .filter((p) => !!p)
        .join('-')
        .replace(/["<>|*?:\\/\r\n]/g, '-');
}
/** An Azure DevOps build's artifacts tab (an upload returns no id to link one artifact by). */
function adoArtifactsUrl(env = process.env) {
    const run = env.BUILD_BUILDID ? runIdentity(env).runUrl : undefined;
    return run ? `${run}&view=artifacts` : undefined;
}
/** The repository and commit of the checkout the job runs on, when the host says. */
function sourceInfo(env = process.env) {
    const source = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY
        ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`
        : env.BUILD_REPOSITORY_URI || undefined;
    const revision = env.GITHUB_SHA || env.BUILD_SOURCEVERSION || undefined;
    return { ...(source ? { source } : {}), ...(revision ? { revision } : {}) };
}


/***/ }),

/***/ 43547:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runBuildImageStep: () => (/* binding */ runBuildImageStep)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./shared/azure/inputs.ts + 1 modules
var azure_inputs = __webpack_require__(57897);
// EXTERNAL MODULE: ./shared/azure/registries.ts
var registries = __webpack_require__(40907);
// EXTERNAL MODULE: ./shared/azure/workspace.ts + 1 modules
var workspace = __webpack_require__(5779);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
// EXTERNAL MODULE: ./shared/host/run-info.ts
var run_info = __webpack_require__(57457);
// EXTERNAL MODULE: ./shared/inputs/parse.ts
var parse = __webpack_require__(83841);
// EXTERNAL MODULE: ./shared/model/files.ts
var model_files = __webpack_require__(51211);
// EXTERNAL MODULE: ./shared/registry/connect.ts
var connect = __webpack_require__(274);
// EXTERNAL MODULE: ./shared/registry/digest.ts
var registry_digest = __webpack_require__(34910);
// EXTERNAL MODULE: ./shared/registry/reference.ts
var reference = __webpack_require__(65189);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: ./node_modules/@azure/storage-blob/dist/esm/index.js + 143 modules
var esm = __webpack_require__(67940);
// EXTERNAL MODULE: ./shared/http/retry.ts
var retry = __webpack_require__(85129);
;// CONCATENATED MODULE: ./shared/image/build.ts
// What every build backend takes and gives (contract 3 of the build-image brief): a resolved build
// (context, Dockerfile, build arguments, platform, labels, target refs) and the registry sign-in
// as a `loginSecret()`; it pushes and returns the pushed manifest's digest.

/** ACR and AML run linux/amd64; a single-platform image manifest, never an index. */
const DEFAULT_PLATFORM = 'linux/amd64';
/** The labels every image of the suite carries (OCI annotation keys where one exists). */
const LABEL_SOURCE = 'org.opencontainers.image.source';
const LABEL_REVISION = 'org.opencontainers.image.revision';
/** No OCI key exists for "the model this image serves": an AML model reference or model hash. */
const LABEL_MODEL = 'com.azure.ml.rollout.model';
const DIGEST = /^sha256:[0-9a-f]{64}$/;
function checkDigest(value, from) {
    const digest = value.trim();
    if (!DIGEST.test(digest)) {
        throw new errors/* RolloutError */.a6('BuilderFailed', `${from} reported no manifest digest (got '${digest.slice(0, 80)}')`);
    }
    return digest;
}
/** How a refused CLI login fails, whichever builder ran it. */
const LOGIN_FAILURE = {
    failCode: 'RegistryAuthFailed',
    remediation: "the registry refused the sign-in: give the step's identity the AcrPush role on the registry (no admin user is needed)",
};

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./shared/image/dockerignore.ts
// `.dockerignore` rules, the way docker (moby/patternmatcher) and buildah read them, and the walk of
// a build context under them. The source hash must see exactly the files a builder sends, or a
// changed file would not change the tag (or an ignored one would force a rebuild).



/** Lines of a .dockerignore: `#` comments and blank lines drop; the last matching rule wins. */
function parseDockerignore(text) {
    const rules = [];
    for (const raw of text.split(/\r?\n/)) {
        let line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const exception = line.startsWith('!');
        if (exception)
            line = line.slice(1).trim();
        const pattern = external_node_path_default().posix.normalize(line.replace(/^\/+/, '')).replace(/\/+$/, '');
        if (pattern === '' || pattern === '.')
            continue;
        rules.push({ exception, pattern, regex: compile(pattern) });
    }
    return rules;
}
/** Go's filepath.Match plus `**` (any number of folders), anchored at the context root. */
function compile(pattern) {
    let re = '';
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '*' && pattern[i + 1] === '*') {
            i++;
            // `**/` may also match no folder at all.
            if (pattern[i + 1] === '/') {
                i++;
                re += '(?:.*/)?';
            }
            else
                re += '.*';
        }
        else if (c === '*')
            re += '[^/]*';
        else if (c === '?')
            re += '[^/]';
        else if (c === '[') {
            const end = pattern.indexOf(']', i + 1);
            if (end < 0)
                re += '\\[';
            else {
                const body = pattern
                    .slice(i + 1, end)
                    .replace(/^!/, '^')
                    .replace(/\\/g, '\\\\');
                re += `[${body}]`;
                i = end;
            }
        }
        else if (c === '\\' && i + 1 < pattern.length)
            re += dockerignore_escape(pattern[++i]);
        else
            re += dockerignore_escape(c);
    }
    return new RegExp(`^${re}$`);
}
function dockerignore_escape(c) {
    return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
/** Whether `rel` (POSIX, relative to the context) is left out: a rule matching the path or any of
 * its parent folders applies, the last one that applies decides. */
function isIgnored(rules, rel) {
    const parts = rel.split('/');
    let ignored = false;
    for (const rule of rules) {
        let hit = false;
        for (let n = parts.length; n > 0 && !hit; n--)
            hit = rule.regex.test(parts.slice(0, n).join('/'));
        if (hit)
            ignored = !rule.exception;
    }
    return ignored;
}
/** An ignored folder may still hold re-included files; only skip it when no exception could. */
function mayHoldExceptions(rules, dirRel) {
    const dir = `${dirRel}/`;
    return rules.some((r) => {
        if (!r.exception)
            return false;
        const literal = r.pattern.split(/[*?[\\]/)[0];
        return literal.startsWith(dir) || dir.startsWith(literal);
    });
}
/** The ignore file a builder uses for this Dockerfile: `<Dockerfile>.dockerignore` beside it
 * (BuildKit), else `.dockerignore` at the context root; undefined when there is none. */
function ignoreFileFor(context, dockerfile) {
    const own = `${dockerfile}.dockerignore`;
    if ((0,external_node_fs_.existsSync)(own))
        return own;
    const root = external_node_path_default().join(context, '.dockerignore');
    return (0,external_node_fs_.existsSync)(root) ? root : undefined;
}
/** Every file and link of the context a builder would send, sorted by `rel` (code-unit order). */
async function listContext(context, ignoreFile) {
    const rules = ignoreFile ? parseDockerignore(await (0,promises_.readFile)(ignoreFile, 'utf8')) : [];
    const out = [];
    const walk = async (dirAbs, dirRel) => {
        for (const d of await (0,promises_.readdir)(dirAbs, { withFileTypes: true })) {
            const rel = dirRel ? `${dirRel}/${d.name}` : d.name;
            const abs = external_node_path_default().join(dirAbs, d.name);
            const ignored = isIgnored(rules, rel);
            if (d.isDirectory()) {
                if (!ignored || mayHoldExceptions(rules, rel))
                    await walk(abs, rel);
            }
            else if (ignored)
                continue;
            else if (d.isSymbolicLink())
                out.push({ rel, abs, size: 0, linkTarget: await (0,promises_.readlink)(abs) });
            else if (d.isFile())
                out.push({ rel, abs, size: (await (0,promises_.stat)(abs)).size });
        }
    };
    await walk(external_node_path_default().resolve(context), '');
    return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(56118);
;// CONCATENATED MODULE: ./shared/image/layer-tar.ts
// A reproducible image layer (and the build context ACR Tasks uploads): a tar of files at given
// in-image paths, streamed from the files (`layerTar`), hashed in one pass (`hashLayer`: its digest
// is both the blob's and the diff_id, the layer being uncompressed), or gzipped to a file
// (`writeLayer`, for a caller that asks for compression). Reproducible: entries sorted by path,
// parent folders listed, fixed mtime/uid/gid (mode as given, 0644 by default) and no user names,
// so the same files give the same bytes and a push of an unchanged model sends nothing.






/** The epoch every entry carries: a layer's digest must not depend on when it was built. */
const FIXED_MTIME = new Date(0);
/** Files are read in chunks this large: few chunks, so little per-chunk work on the way out. */
const READ_CHUNK = 1 << 20;
/** Every entry, parent folders included, in code-unit order (a folder before what it holds). */
function layerEntries(files) {
    const dirs = new Set();
    for (const f of files) {
        const parts = f.path.split('/');
        for (let i = 1; i < parts.length; i++)
            dirs.add(parts.slice(0, i).join('/'));
    }
    const entries = [
        ...[...dirs].map((path) => ({ path })),
        ...files.map((file) => ({ path: file.path, file })),
    ];
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
/**
 * The layer's tar, streamed from the files (memory stays constant whatever their size); a new
 * call reads them anew, so a retried upload resends the same bytes. A file that changed since the
 * layer was hashed gives other bytes, which the registry refuses against the digest.
 */
function layerTar(files, signal) {
    const pack = (0,tar_stream.pack)();
    const fed = async () => {
        for (const entry of layerEntries(files)) {
            signal?.throwIfAborted();
            const link = entry.file?.linkTarget;
            const header = {
                name: entry.file ? entry.path : `${entry.path}/`,
                type: link !== undefined ? 'symlink' : entry.file ? 'file' : 'directory',
                mode: entry.file ? (entry.file.mode ?? 0o644) : 0o755,
                uid: 0,
                gid: 0,
                uname: '',
                gname: '',
                mtime: FIXED_MTIME,
                size: link !== undefined ? 0 : (entry.file?.size ?? 0),
                linkname: link ?? '',
                devmajor: 0,
                devminor: 0,
            };
            await new Promise((resolve, reject) => {
                if (!entry.file || entry.file.size === 0 || link !== undefined) {
                    return void pack.entry(header, Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
                }
                const source = (0,external_node_fs_.createReadStream)(entry.file.abs, { highWaterMark: READ_CHUNK });
                const sink = pack.entry(header, (err) => {
                    if (!err)
                        return resolve();
                    source.destroy();
                    reject(err);
                });
                source.once('error', (err) => {
                    sink.destroy(err);
                    reject(err);
                });
                source.pipe(sink);
            });
        }
        pack.finalize();
    };
    fed().catch((e) => pack.destroy(e));
    return external_node_stream_.Readable.from(pack, { objectMode: false });
}
/** Digest and size of the layer's tar, read once and kept nowhere. */
async function hashLayer(files, signal) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    for await (const chunk of layerTar(files, signal)) {
        hash.update(chunk);
        size += chunk.length;
    }
    return { digest: `sha256:${hash.digest('hex')}`, size };
}
/**
 * Writes the layer gzipped to `out`, hashing the tar and the gzip on the way. The gzip's bytes
 * depend on the zlib that made them (Node's bundled one), so the file is what gets uploaded.
 */
async function writeLayer(files, out, { signal, gzipLevel = 0 } = {}) {
    const tarHash = (0,external_node_crypto_.createHash)('sha256');
    const gzHash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const tee = (onChunk) => new external_node_stream_.Transform({
        transform(chunk, _enc, done) {
            onChunk(chunk);
            done(null, chunk);
        },
    });
    await (0,external_node_stream_promises_.pipeline)(layerTar(files, signal), tee((c) => tarHash.update(c)), (0,external_node_zlib_.createGzip)({ level: gzipLevel }), tee((c) => {
        gzHash.update(c);
        size += c.length;
    }), (0,external_node_fs_.createWriteStream)(out), ...(signal ? [{ signal }] : []));
    return {
        file: out,
        digest: `sha256:${gzHash.digest('hex')}`,
        diffId: `sha256:${tarHash.digest('hex')}`,
        size,
    };
}

;// CONCATENATED MODULE: ./shared/image/backends/acr-tasks.ts
// The builder that needs nothing on the runner: ACR Tasks quick builds, as `az acr build` runs them.
// The context (what .dockerignore leaves) goes up as a tar.gz to the registry's upload SAS URL, a
// `DockerBuildRequest` is scheduled, its log is streamed from the run's append blob until the blob
// says `Complete` and the run has ended, and the run's `outputImages` give the pushed digest.
// DockerBuildRequest has no labels: they ride in the uploaded Dockerfile as one appended LABEL.









/** The stage the labels are added in when a target stage is asked for. */
const LABEL_STAGE = 'aml-rollout-labelled';
/** Where a Dockerfile from outside the context travels in the upload. */
const OUTSIDE_DOCKERFILE = '.aml-rollout.Dockerfile';
/** How many log lines a failure quotes. */
const TAIL_LINES = 20;
const TERMINAL = new Set(['Succeeded', 'Failed', 'Canceled', 'Error', 'Timeout']);
/** The `# escape=` parser directive's character (a backtick on Windows-style Dockerfiles). */
function escapeCharOf(dockerfile) {
    for (const line of dockerfile.split(/\r?\n/)) {
        const m = /^#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(line);
        if (!m)
            break; // directives come first; anything else ends them
        if (m[1].toLowerCase() === 'escape')
            return m[2];
    }
    return '\\';
}
/** A Dockerfile double-quoted word: the escape character before `"`, `$` and itself. */
function quoted(text, esc) {
    let out = '';
    for (const c of text)
        out += c === '"' || c === '$' || c === esc ? `${esc}${c}` : c;
    return `"${out}"`;
}
/**
 * The Dockerfile as uploaded: the labels appended as one LABEL to the stage that is built (the last
 * one, or, with a target, a new stage on top of it that the run targets instead).
 */
function labelledDockerfile(text, labels, target) {
    const entries = Object.entries(labels);
    if (entries.length === 0)
        return { text, target };
    const esc = escapeCharOf(text);
    const label = `LABEL ${entries.map(([k, v]) => `${quoted(k, esc)}=${quoted(v, esc)}`).join(' ')}`;
    const body = text.endsWith('\n') ? text : `${text}\n`;
    if (!target)
        return { text: `${body}${label}\n`, target };
    return { text: `${body}FROM ${target} AS ${LABEL_STAGE}\n${label}\n`, target: LABEL_STAGE };
}
/** `linux/amd64[/v8]` as ACR's PlatformProperties. */
function platformProperties(platform) {
    const [os, architecture, variant] = platform.split('/');
    if (os?.toLowerCase() !== 'linux' || !architecture) {
        throw new errors/* InputError */.dz('platform', `'${platform}': ACR Tasks build linux images only`, 'use linux/amd64 (what AML runs)');
    }
    return { os: 'Linux', architecture, ...(variant ? { variant } : {}) };
}
/** Image names as a run takes them: the refs without the registry's login server. */
function imageNames(refs, loginServer) {
    return refs.map((ref) => {
        if (!ref.startsWith(`${loginServer}/`)) {
            throw new errors/* RolloutError */.a6('BuildFailed', `${ref} is not in ${loginServer}`, {
                resource: ref,
                remediation: 'ACR Tasks push only to the registry that runs them',
            });
        }
        return ref.slice(loginServer.length + 1);
    });
}
/** The request `scheduleRun` gets for a build whose context was uploaded to `sourceLocation`. */
function dockerBuildRequest(build, upload, timeoutSeconds) {
    return {
        type: 'DockerBuildRequest',
        imageNames: imageNames(build.refs, upload.loginServer),
        isPushEnabled: true,
        dockerFilePath: upload.dockerFilePath,
        ...(upload.target ? { target: upload.target } : {}),
        arguments: Object.entries(build.buildArgs).map(([name, value]) => ({ name, value, isSecret: false })),
        platform: platformProperties(build.platform),
        sourceLocation: upload.sourceLocation,
        ...(timeoutSeconds ? { timeout: timeoutSeconds } : {}),
    };
}
/** The files of the upload: the context as .dockerignore leaves it, and the (labelled) Dockerfile
 * at its place in the context, or at OUTSIDE_DOCKERFILE when it lives elsewhere. */
async function contextFiles(build, dockerfileCopy) {
    const rel = external_node_path_default().relative(build.context, build.dockerfile).split((external_node_path_default()).sep).join('/');
    const dockerFilePath = rel.startsWith('../') || external_node_path_default().isAbsolute(rel) ? OUTSIDE_DOCKERFILE : rel;
    const files = [];
    for (const e of await listContext(build.context, build.ignoreFile)) {
        if (e.rel === dockerFilePath)
            continue;
        const mode = e.linkTarget === undefined ? (await (0,promises_.stat)(e.abs)).mode & 0o777 : 0o777;
        files.push({ path: e.rel, abs: e.abs, size: e.size, mode, linkTarget: e.linkTarget });
    }
    files.push({ path: dockerFilePath, abs: dockerfileCopy, size: (await (0,promises_.stat)(dockerfileCopy)).size });
    return { files, dockerFilePath };
}
function acrTasksBuilder(registry, options = {}) {
    const pollMs = options.pollMs ?? 1000;
    return {
        name: 'acr-tasks',
        async buildAndPush(build, ctx) {
            if (build.refs.length === 0)
                throw new errors/* RolloutError */.a6('BuilderFailed', 'no image reference to push to');
            // What the request would refuse, refused before anything is uploaded.
            const names = imageNames(build.refs, registry.loginServer);
            platformProperties(build.platform);
            const arm = await registry.arm();
            const { resourceGroup: rg, name } = registry;
            const tmp = await (0,promises_.mkdtemp)(external_node_path_default().join(external_node_os_default().tmpdir(), 'aml-rollout-acr-tasks-'));
            let sourceLocation;
            let dockerFilePath;
            let target;
            try {
                const labelled = labelledDockerfile(await (0,promises_.readFile)(build.dockerfile, 'utf8'), build.labels, build.target);
                target = labelled.target;
                const dockerfileCopy = external_node_path_default().join(tmp, 'Dockerfile');
                await (0,promises_.writeFile)(dockerfileCopy, labelled.text);
                const context = await contextFiles(build, dockerfileCopy);
                dockerFilePath = context.dockerFilePath;
                // Text compresses; the default layer level (stored blocks) is for model weights.
                const archive = await writeLayer(context.files, external_node_path_default().join(tmp, 'source.tar.gz'), {
                    signal: ctx.signal,
                    gzipLevel: 6,
                });
                const upload = await arm.registries.getBuildSourceUploadUrl(rg, name, { abortSignal: ctx.signal });
                if (!upload.uploadUrl || !upload.relativePath) {
                    throw new errors/* RolloutError */.a6('BuildFailed', `registry ${name} gave no build source upload URL`);
                }
                ctx.onSecret(upload.uploadUrl);
                sourceLocation = upload.relativePath;
                ctx.log(`acr-tasks: uploading the context (${context.files.length} files, ${archive.size} bytes)`);
                await new esm.BlockBlobClient(upload.uploadUrl).uploadFile(archive.file, { abortSignal: ctx.signal });
            }
            finally {
                await (0,promises_.rm)(tmp, { recursive: true, force: true });
            }
            const request = dockerBuildRequest(build, { loginServer: registry.loginServer, sourceLocation, dockerFilePath, target }, options.timeoutSeconds);
            const scheduled = await arm.registries.beginScheduleRunAndWait(rg, name, request, {
                abortSignal: ctx.signal,
            });
            const runId = scheduled.runId;
            ctx.log(`acr-tasks: run ${runId} on ${name} (${names.join(', ')})`);
            let run;
            let tail;
            try {
                ({ run, tail } = await follow(arm, rg, name, runId, ctx, pollMs));
            }
            catch (e) {
                if (!ctx.signal?.aborted)
                    throw e;
                // A cancelled job must not leave a build running (and pushing) in the registry.
                ctx.log(`acr-tasks: cancelling run ${runId}`);
                await arm.runs.beginCancelAndWait(rg, name, runId).catch(() => undefined);
                throw ctx.signal.reason ?? e;
            }
            if (run.status !== 'Succeeded') {
                const why = run.runErrorMessage ? `: ${ctx.mask(run.runErrorMessage)}` : '';
                throw new errors/* RolloutError */.a6('BuildFailed', `ACR Tasks run ${runId} ${run.status}${why}\n${tail.join('\n')}`, {
                    resource: `${name}/runs/${runId}`,
                    remediation: `read the run log above (az acr task logs --registry ${name} --run-id ${runId})`,
                });
            }
            return {
                digest: outputDigest(run, registry.loginServer, names),
                refs: build.refs,
                builder: 'acr-tasks',
            };
        },
    };
}
/** The digest every pushed name got, from the run's `outputImages`. */
function outputDigest(run, loginServer, names) {
    const digests = names.map((n) => {
        const colon = n.lastIndexOf(':');
        const [repository, tag] = colon > n.lastIndexOf('/') ? [n.slice(0, colon), n.slice(colon + 1)] : [n, 'latest'];
        const out = run.outputImages?.find((o) => o.repository === repository &&
            (o.tag ?? 'latest') === tag &&
            (!o.registry || o.registry === loginServer));
        return checkDigest(out?.digest ?? '', `ACR Tasks run ${run.runId} (${n})`);
    });
    if (new Set(digests).size > 1) {
        throw new errors/* RolloutError */.a6('BuildFailed', `ACR Tasks run ${run.runId} pushed different digests: ${digests.join(', ')}`);
    }
    return digests[0];
}
/** Stream the run's log (masked, line by line) until the blob says Complete and the run ended. */
async function follow(arm, rg, name, runId, ctx, pollMs) {
    const { logLink } = await arm.runs.getLogSasUrl(rg, name, runId, { abortSignal: ctx.signal });
    if (!logLink)
        throw new errors/* RolloutError */.a6('BuildFailed', `ACR Tasks run ${runId} has no log link`);
    ctx.onSecret(logLink);
    const blob = new esm.BlobClient(logLink);
    const tail = [];
    let offset = 0;
    let partial = '';
    let quietAfterEnd = 0;
    const emit = (line) => {
        const masked = ctx.mask(line.replace(/\r$/, ''));
        ctx.log(masked);
        tail.push(masked);
        if (tail.length > TAIL_LINES)
            tail.shift();
    };
    for (;;) {
        ctx.signal?.throwIfAborted();
        const run = await arm.runs.get(rg, name, runId, { abortSignal: ctx.signal });
        const ended = TERMINAL.has(run.status ?? '');
        const props = await blob.getProperties({ abortSignal: ctx.signal });
        const length = props.contentLength ?? 0;
        if (length > offset) {
            const part = await blob.downloadToBuffer(offset, length - offset, { abortSignal: ctx.signal });
            offset += part.length;
            const lines = (partial + part.toString('utf8')).split('\n');
            partial = lines.pop() ?? '';
            for (const line of lines)
                emit(line);
        }
        const complete = props.metadata?.complete === 'true' || props.metadata?.Complete === 'true';
        // A run that ended but whose log never says Complete: stop after a few quiet polls.
        quietAfterEnd = ended && length <= offset ? quietAfterEnd + 1 : 0;
        if (ended && (complete || quietAfterEnd >= 3)) {
            if (partial)
                emit(partial);
            return { run, tail };
        }
        await (0,retry/* wait */.uk)(pollMs, ctx.signal);
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./shared/image/tool.ts
// Runs a builder CLI (docker, buildah) as a child process: argv only (no shell), an optional stdin
// (how a password reaches `login --password-stdin`, never argv or env), every output line masked
// before the caller's log hears it, cancellation through an AbortSignal. Host-agnostic on purpose
// (@actions/exec writes to the GitHub log directly, past the suite's masker and the ADO host).


/** The tool's own message when it fails: its last stderr lines (masked). */
const TAIL_CHARS = 800;
/** Runs to completion and resolves whatever the exit code; rejects only when it cannot start. */
function runTool(run) {
    const mask = run.mask ?? ((t) => t);
    run.log?.(mask(`[command] ${[run.command, ...run.args].join(' ')}`));
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(run.command, [...run.args], {
            cwd: run.cwd,
            env: { ...process.env, ...run.env },
            stdio: ['pipe', 'pipe', 'pipe'],
            signal: run.signal,
        });
        let stdout = '';
        let stderr = '';
        const lines = (into) => {
            let partial = '';
            return (chunk) => {
                const text = chunk.toString();
                if (into === 'out')
                    stdout += text;
                else
                    stderr += text;
                const parts = (partial + text).split(/\r?\n/);
                partial = parts.pop() ?? '';
                for (const l of parts)
                    if (l.trim())
                        run.log?.(mask(l));
            };
        };
        child.stdout.on('data', lines('out'));
        child.stderr.on('data', lines('err'));
        child.once('error', (e) => {
            // Cancelled: the caller's reason, not a builder failure.
            if (run.signal?.aborted)
                return reject(run.signal.reason);
            const missing = e.code === 'ENOENT';
            reject(new errors/* RolloutError */.a6(missing ? 'BuilderNotInstalled' : (run.failCode ?? 'BuilderFailed'), missing ? `${run.command} is not installed (not found on PATH)` : `${run.command}: ${e.message}`, { resource: run.command, ...(run.remediation ? { remediation: run.remediation } : {}), cause: e }));
        });
        child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
        child.stdin.on('error', () => undefined); // a tool that exits before reading stdin
        child.stdin.end(run.stdin ?? '');
    });
}
/** Runs and throws a RolloutError with the tool's last stderr lines when it exits non-zero. */
async function runToolOrFail(run) {
    const result = await runTool(run);
    if (result.code !== 0) {
        const mask = run.mask ?? ((t) => t);
        const tail = mask(result.stderr.trim() || result.stdout.trim()).slice(-TAIL_CHARS);
        throw new errors/* RolloutError */.a6(run.failCode ?? 'BuilderFailed', `${run.command} ${run.args[0] ?? ''} exited with ${result.code}: ${tail}`, { resource: run.command, ...(run.remediation ? { remediation: run.remediation } : {}) });
    }
    return result;
}

;// CONCATENATED MODULE: ./shared/image/backends/buildah.ts
// The daemonless backend: `buildah bud` then `buildah push --digestfile` per ref. Inside a container
// (most self-hosted and ADO agents) only chroot isolation and vfs storage work; elsewhere the
// user's own buildah configuration stands unless an option says otherwise.








const BUILD_FAILURE = { failCode: 'BuildFailed', remediation: 'read the buildah output above' };
/** Explicit options win; inside a container chroot + vfs, the only pair that works there. */
function buildahMode(facts, options) {
    return {
        isolation: options.isolation ?? (facts.inContainer ? 'chroot' : undefined),
        storageDriver: options.storageDriver ?? (facts.inContainer ? 'vfs' : undefined),
    };
}
function hostFacts() {
    return { inContainer: (0,external_node_fs_.existsSync)('/.dockerenv') || (0,external_node_fs_.existsSync)('/run/.containerenv') };
}
/** Global flags (storage) that go before the buildah subcommand. */
function buildahGlobals(options, mode) {
    return [
        ...(options.root ? ['--root', options.root] : []),
        ...(options.runroot ? ['--runroot', options.runroot] : []),
        ...(mode.storageDriver ? ['--storage-driver', mode.storageDriver] : []),
    ];
}
/** `registry` holds what pulling a base needs: a private base may live in the same registry (or
 * one the user signed in to), behind the same CA. */
function budArgs(build, mode, registry = {}) {
    return [
        'bud',
        ...(registry.authfile ? ['--authfile', registry.authfile] : []),
        ...(registry.tls ?? []),
        '--platform',
        build.platform,
        '--format',
        build.format ?? 'oci',
        ...(mode.isolation ? ['--isolation', mode.isolation] : []),
        '--file',
        build.dockerfile,
        ...(build.ignoreFile ? ['--ignorefile', build.ignoreFile] : []),
        ...(build.target ? ['--target', build.target] : []),
        ...Object.entries(build.buildArgs).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
        ...Object.entries(build.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
        ...build.refs.flatMap((r) => ['--tag', r]),
        build.context,
    ];
}
/** Where buildah finds the user's own sign-ins (containers-auth.json(5)): the first that exists. */
function userAuthFile(env = process.env) {
    return [
        env.REGISTRY_AUTH_FILE,
        env.XDG_RUNTIME_DIR ? external_node_path_default().join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json') : undefined,
        external_node_path_default().join(external_node_os_default().homedir(), '.config', 'containers', 'auth.json'),
        external_node_path_default().join(env.DOCKER_CONFIG || external_node_path_default().join(external_node_os_default().homedir(), '.docker'), 'config.json'),
    ].find((f) => !!f && (0,external_node_fs_.existsSync)(f));
}
/** The throwaway authfile's start: the user's sign-ins to other registries (a private base), none
 * for the hosts we sign in to, so our login is the one used and never lands in their file. */
function seedAuths(user, hosts) {
    const auths = user?.auths;
    if (!auths || typeof auths !== 'object')
        return { auths: {} };
    // Entries kept in a credential store are empty here (`{}`) and would read as no credentials.
    const usable = ([h, v]) => !hosts.includes(h) && !!v?.auth;
    return { auths: Object.fromEntries(Object.entries(auths).filter(usable)) };
}
async function readJson(file) {
    if (!file)
        return undefined;
    try {
        return JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
    }
    catch {
        return undefined; // unreadable or not JSON: start without the user's sign-ins
    }
}
function tlsArgs(ctx) {
    return [
        ...(ctx.tlsVerify === false ? ['--tls-verify=false'] : []),
        ...(ctx.certDir ? ['--cert-dir', ctx.certDir] : []),
    ];
}
function buildahBuilder(options = {}) {
    const binary = options.binary ?? 'buildah';
    return {
        name: 'buildah',
        async buildAndPush(build, ctx) {
            if (build.refs.length === 0)
                throw new errors/* RolloutError */.a6('BuilderFailed', 'no image reference to push to');
            const mode = buildahMode(hostFacts(), options);
            const globals = buildahGlobals(options, mode);
            const run = (args, stdin, failure = BUILD_FAILURE) => runToolOrFail({
                command: binary,
                args: [...globals, ...args],
                ...(stdin === undefined ? {} : { stdin }),
                log: ctx.log,
                mask: ctx.mask,
                ...(ctx.signal ? { signal: ctx.signal } : {}),
                ...failure,
            });
            // The sign-in lives in a throwaway authfile, never in the user's own.
            const tmp = await (0,promises_.mkdtemp)(external_node_path_default().join(external_node_os_default().tmpdir(), 'aml-rollout-buildah-'));
            try {
                const authfile = external_node_path_default().join(tmp, 'auth.json');
                const hosts = [...new Set(build.refs.map(reference/* registryHost */.U$))];
                const seed = seedAuths(await readJson(userAuthFile()), ctx.signIn ? hosts : []);
                await (0,promises_.writeFile)(authfile, JSON.stringify(seed), { mode: 0o600 });
                if (ctx.signIn) {
                    const { username, password } = await ctx.signIn.loginSecret();
                    ctx.onSecret(password);
                    for (const host of hosts) {
                        await run([
                            'login',
                            '--authfile',
                            authfile,
                            ...tlsArgs(ctx),
                            '--username',
                            username,
                            '--password-stdin',
                            host,
                        ], password, LOGIN_FAILURE);
                    }
                }
                await run(budArgs(build, mode, { authfile, tls: tlsArgs(ctx) }));
                let digest;
                for (const [i, ref] of build.refs.entries()) {
                    const digestfile = external_node_path_default().join(tmp, `digest-${i}`);
                    await run([
                        'push',
                        '--authfile',
                        authfile,
                        ...tlsArgs(ctx),
                        '--format',
                        build.format === 'docker' ? 'v2s2' : 'oci',
                        '--digestfile',
                        digestfile,
                        ref,
                        `docker://${ref}`,
                    ]);
                    const pushed = checkDigest(await (0,promises_.readFile)(digestfile, 'utf8'), 'buildah push');
                    if (digest !== undefined && pushed !== digest) {
                        throw new errors/* RolloutError */.a6('BuildFailed', `buildah pushed ${ref} as ${pushed}, other tags as ${digest}`);
                    }
                    digest = pushed;
                }
                return { digest: digest, refs: build.refs, builder: 'buildah' };
            }
            finally {
                await (0,promises_.rm)(tmp, { recursive: true, force: true });
            }
        },
    };
}

;// CONCATENATED MODULE: ./shared/image/backends/docker.ts
// The Docker backend: `docker buildx build --push`, single platform, provenance and SBOM
// attestations off (buildx >= 0.10 adds them as an image index, which ACR-backed consumers such as
// AML could not pull: docker/build-push-action#755, #778), the digest read from --metadata-file.
// The sign-in goes into a throwaway DOCKER_CONFIG that keeps the user's buildx builders, CLI
// plugins and other registries' sign-ins, but never writes our token into their config or keychain.








const docker_BUILD_FAILURE = { failCode: 'BuildFailed', remediation: 'read the docker output above' };
/** The argv after `docker` for the build; pure, so a unit test pins it. */
function buildxArgs(build, metadataFile) {
    return [
        'buildx',
        'build',
        '--push',
        '--platform',
        build.platform,
        // Attestations turn the push into an index (buildx >= 0.10), which ACR-backed consumers refused.
        `--provenance=${build.attestations === true}`,
        `--sbom=${build.attestations === true}`,
        '--metadata-file',
        metadataFile,
        '--file',
        build.dockerfile,
        ...(build.target ? ['--target', build.target] : []),
        ...Object.entries(build.buildArgs).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
        ...Object.entries(build.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
        ...build.refs.flatMap((r) => ['--tag', r]),
        build.context,
    ];
}
/** The user's config.json for our sign-in: their settings (current context, aliases such as a
 * buildx default builder) and sign-ins to other registries (private bases) stay; the credential
 * store goes, so our token lands in the throwaway file and never in their keychain; entries for
 * the hosts we sign in to go, so the new login is the one used. */
function configForSignIn(userConfig, hosts) {
    const { credsStore: _store, auths, credHelpers, ...rest } = userConfig;
    const without = (o) => o && typeof o === 'object'
        ? Object.fromEntries(Object.entries(o).filter(([h]) => !hosts.includes(h)))
        : undefined;
    const keptAuths = without(auths);
    const keptHelpers = without(credHelpers);
    return {
        ...rest,
        ...(keptAuths ? { auths: keptAuths } : {}),
        ...(keptHelpers ? { credHelpers: keptHelpers } : {}),
    };
}
function userDockerConfigDir(env = process.env) {
    return env.DOCKER_CONFIG || external_node_path_default().join(external_node_os_default().homedir(), '.docker');
}
async function throwawayConfig(userDir, into, hosts) {
    let user = {};
    try {
        user = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_default().join(userDir, 'config.json'), 'utf8'));
    }
    catch {
        // No user config: an empty one is what docker would use.
    }
    await (0,promises_.writeFile)(external_node_path_default().join(into, 'config.json'), JSON.stringify(configForSignIn(user, hosts)), {
        mode: 0o600,
    });
    // buildx keeps its builder instances and docker its contexts and plugins under the config folder.
    for (const sub of ['buildx', 'cli-plugins', 'contexts']) {
        if ((0,external_node_fs_.existsSync)(external_node_path_default().join(userDir, sub)))
            await (0,promises_.symlink)(external_node_path_default().join(userDir, sub), external_node_path_default().join(into, sub));
    }
}
/** Whether a Docker daemon answers; the first line of docker's complaint when not. */
async function dockerDaemon(binary = 'docker', signal) {
    try {
        const r = await runTool({
            command: binary,
            args: ['info', '--format', '{{.ServerVersion}}'],
            ...(signal ? { signal } : {}),
        });
        if (r.code === 0 && r.stdout.trim())
            return { ok: true, why: '' };
        const line = (r.stderr.split(/\r?\n/).find((l) => l.trim()) ?? `docker info exited with ${r.code}`).trim();
        return { ok: false, why: line };
    }
    catch (e) {
        return { ok: false, why: e.message };
    }
}
function dockerBuilder(options = {}) {
    const binary = options.binary ?? 'docker';
    return {
        name: 'docker',
        async buildAndPush(build, ctx) {
            const daemon = await dockerDaemon(binary, ctx.signal);
            if (!daemon.ok) {
                throw new errors/* RolloutError */.a6('DockerDaemonUnavailable', `no Docker daemon answers (${daemon.why})`, {
                    resource: binary,
                    remediation: "start Docker on the runner, or set builder to 'buildah' (daemonless) or 'auto'",
                });
            }
            const tmp = await (0,promises_.mkdtemp)(external_node_path_default().join(external_node_os_default().tmpdir(), 'aml-rollout-docker-'));
            try {
                const hosts = [...new Set(build.refs.map(reference/* registryHost */.U$))];
                await throwawayConfig(options.userConfigDir ?? userDockerConfigDir(), tmp, ctx.signIn ? hosts : []);
                // DOCKER_CONFIG names a folder, not a secret; the password only ever goes through stdin.
                const run = (args, stdin, failure = docker_BUILD_FAILURE) => runToolOrFail({
                    command: binary,
                    args,
                    env: { DOCKER_CONFIG: tmp },
                    ...(stdin === undefined ? {} : { stdin }),
                    log: ctx.log,
                    mask: ctx.mask,
                    ...(ctx.signal ? { signal: ctx.signal } : {}),
                    ...failure,
                });
                if (ctx.signIn) {
                    const { username, password } = await ctx.signIn.loginSecret();
                    ctx.onSecret(password);
                    for (const host of hosts) {
                        await run(['login', '--username', username, '--password-stdin', host], password, LOGIN_FAILURE);
                    }
                }
                const metadataFile = external_node_path_default().join(tmp, 'metadata.json');
                await run(buildxArgs(build, metadataFile));
                const metadata = JSON.parse(await (0,promises_.readFile)(metadataFile, 'utf8'));
                const digest = checkDigest(String(metadata['containerimage.digest'] ?? ''), 'docker buildx');
                return { digest, refs: build.refs, builder: 'docker' };
            }
            finally {
                await (0,promises_.rm)(tmp, { recursive: true, force: true });
            }
        },
    };
}

;// CONCATENATED MODULE: ./shared/image/backends/select.ts
// The `builder` input: `docker`, `buildah`, or `auto` (docker when a daemon answers, else buildah
// when installed, else an error naming what to install). The choice is a pure function of what
// was found, so a unit test covers every branch without a daemon.




/** Which backend runs, and a line saying why when `auto` chose. */
function chooseBuilder(choice, facts) {
    if (choice !== 'auto')
        return { name: choice, why: `builder: ${choice}` };
    if (facts.dockerDaemon)
        return { name: 'docker', why: 'builder auto: a Docker daemon answers, using docker buildx' };
    if (facts.buildahInstalled) {
        return { name: 'buildah', why: `builder auto: no Docker daemon (${facts.dockerWhy}), using buildah` };
    }
    throw new errors/* RolloutError */.a6('NoImageBuilder', `builder auto: no Docker daemon answers (${facts.dockerWhy}) and buildah is not installed`, {
        resource: 'builder',
        remediation: 'install buildah (apt-get install buildah) or start a Docker daemon with buildx, or use builder acr-tasks or model-layer',
    });
}
async function builderFacts(options = {}) {
    const daemon = await dockerDaemon(options.docker?.binary);
    let buildahInstalled = false;
    try {
        buildahInstalled =
            (await runTool({ command: options.buildah?.binary ?? 'buildah', args: ['--version'] })).code === 0;
    }
    catch {
        buildahInstalled = false;
    }
    return { dockerDaemon: daemon.ok, dockerWhy: daemon.why, buildahInstalled };
}
/** The backend for a `builder` input value; `log` hears why `auto` chose what it chose. */
async function selectBuilder(choice, log, options = {}) {
    const name = choice === 'auto' ? chooseBuilder(choice, await builderFacts(options)) : chooseBuilder(choice, NO_FACTS);
    log(name.why);
    return name.name === 'docker' ? dockerBuilder(options.docker) : buildahBuilder(options.buildah);
}
const NO_FACTS = { dockerDaemon: false, dockerWhy: '', buildahInstalled: false };

// EXTERNAL MODULE: ./shared/image/inputs.ts
var image_inputs = __webpack_require__(62919);
// EXTERNAL MODULE: ./shared/registry/client.ts + 1 modules
var client = __webpack_require__(83332);
// EXTERNAL MODULE: ./shared/registry/manifest.ts
var registry_manifest = __webpack_require__(62267);
;// CONCATENATED MODULE: ./shared/image/model-layer.ts
// The `model-layer` backend: no builder. Takes a base image by digest from the target registry,
// appends ONE reproducible layer holding the model files at the path the deployment expects,
// updates the config (diff_id, history, labels, env), and pushes only what the registry lacks:
// base layers are already there (or mounted from the base's repository), an unchanged model's
// layer and config are found by HEAD, and a tag that already names the result is left alone. So a
// new model pushes one layer, the config and the manifest; the same model again pushes nothing.
// The layer is an uncompressed tar by default (model weights barely compress): hashed in one pass
// over the files, then streamed from them again into the upload, with no file written between.











const HISTORY_COMMENT = 'aml-rollout model-layer';
/** The model layer's media type, in the base manifest's family. */
const LAYER_MEDIA_TYPES = {
    oci: { tar: registry_manifest/* MEDIA_TYPES */.Z2.ociLayer, gzip: registry_manifest/* MEDIA_TYPES */.Z2.ociLayerGzip },
    docker: { tar: registry_manifest/* MEDIA_TYPES */.Z2.dockerLayer, gzip: registry_manifest/* MEDIA_TYPES */.Z2.dockerLayerGzip },
};
async function pushModelLayer(o) {
    const base = (0,reference/* parseImageReference */.o_)(o.base);
    if (!base.digest) {
        throw new errors/* RolloutError */.a6('ModelLayerBaseNotPinned', `base image '${o.base}' is not referenced by digest`, {
            resource: o.base,
            remediation: 'give the base as <registry>/<repository>@sha256:<digest>, so the result is reproducible',
        });
    }
    const targets = targetRefs(o.refs, base);
    const modelDir = inImageDir(o.modelDir);
    const model = await (0,model_files/* listModelFiles */.J8)(o.model);
    const files = model.files.map((f) => ({ path: `${modelDir}/${f.rel}`, abs: f.abs, size: f.size }));
    const pushed = { blobs: 0, bytes: 0, mounted: 0, manifests: 0 };
    const work = o.gzipLevel === undefined ? undefined : await (0,promises_.mkdtemp)(external_node_path_default().join(o.workDir ?? (0,external_node_os_.tmpdir)(), 'model-layer-'));
    try {
        // The base's manifest and config, and what the target tags name now, are read while the
        // layer is hashed.
        const [{ from, baseConfig }, current, layer] = await Promise.all([
            o.client.getManifest(base.repository, base.digest).then(async (from) => ({
                from,
                baseConfig: JSON.parse((await o.client.getBlob(base.repository, from.manifest.config.digest)).toString()),
            })),
            Promise.all([...targets].map(([repository, tags]) => Promise.all(tags.map(async (t) => (await o.client.headManifest(repository, t))?.digest)))),
            work === undefined ? tarLayer(files, o.signal) : gzipLayer(files, work, o.gzipLevel, o.signal),
        ]);
        const docker = from.manifest.mediaType === registry_manifest/* MEDIA_TYPES */.Z2.dockerManifest;
        const layerDesc = {
            mediaType: LAYER_MEDIA_TYPES[docker ? 'docker' : 'oci'][layer.gzip ? 'gzip' : 'tar'],
            digest: layer.digest,
            size: layer.size,
        };
        const config = Buffer.from(JSON.stringify(modelLayerConfig(baseConfig, {
            diffId: layer.diffId,
            createdBy: `${HISTORY_COMMENT}: model ${layer.diffId} at /${modelDir}`,
            labels: o.labels ?? {},
            env: o.env ?? { AZUREML_MODEL_DIR: `/${modelDir}` },
        })));
        const manifest = modelLayerManifest(from.manifest, base.digest, layerDesc, {
            mediaType: from.manifest.config.mediaType,
            digest: (0,registry_digest/* sha256Digest */.sI)(config),
            size: config.length,
        });
        const manifestBytes = Buffer.from(JSON.stringify(manifest));
        const digest = (0,registry_digest/* sha256Digest */.sI)(manifestBytes);
        o.log?.(`model-layer: ${files.length} file(s), layer ${layer.digest} (${layer.size} bytes), image ${digest}`);
        for (const [n, [repository, tags]] of [...targets].entries()) {
            const stale = tags.filter((_, i) => current[n]?.[i] !== digest);
            if (stale.length === 0) {
                o.log?.(`model-layer: ${repository}:${tags.join(',')} already ${digest}; nothing to push`);
                continue;
            }
            await ensureBaseLayers(o.client, repository, base, from.manifest.layers, pushed);
            await Promise.all([
                ensureBlob(o.client, repository, { digest: layer.digest, size: layer.size, open: layer.open }, pushed),
                ensureBlob(o.client, repository, (0,client/* blobFromBytes */.x)(config), pushed),
            ]);
            for (const tag of stale) {
                await o.client.putManifest(repository, tag, manifestBytes, manifest.mediaType);
                pushed.manifests++;
            }
        }
        o.log?.(`model-layer: pushed ${pushed.blobs} blob(s) (${pushed.bytes} bytes), mounted ${pushed.mounted}, ${pushed.manifests} manifest(s)`);
        return {
            digest,
            refs: [...targets].flatMap(([repository, tags]) => tags.map((tag) => (0,reference/* formatImageReference */.my)({ registry: base.registry, repository, tag, digest }))),
            manifest,
            layer: { digest: layer.digest, diffId: layer.diffId, size: layer.size },
            pushed,
        };
    }
    finally {
        if (work !== undefined)
            await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}
/** The uncompressed layer: its digest is its diff_id; the bytes are made again for the upload. */
async function tarLayer(files, signal) {
    const { digest, size } = await hashLayer(files, signal);
    return { digest, diffId: digest, size, gzip: false, open: () => layerTar(files, signal) };
}
/** The gzipped layer, written to a file in `work`: the upload sends the bytes that were hashed. */
async function gzipLayer(files, work, gzipLevel, signal) {
    const built = await writeLayer(files, external_node_path_default().join(work, 'layer.tar.gz'), { signal, gzipLevel });
    return {
        digest: built.digest,
        diffId: built.diffId,
        size: built.size,
        gzip: true,
        open: () => (0,external_node_fs_.createReadStream)(built.file, { highWaterMark: 1 << 20 }),
    };
}
/** The base's config with the model layer on top: a pure function of its inputs, so the same
 * base and model give the same config bytes (no build time anywhere). */
function modelLayerConfig(base, change) {
    const inner = { ...(base.config ?? {}) };
    inner.Labels = { ...(inner.Labels ?? {}), ...change.labels };
    // A variable set here replaces the base's; new ones are appended in name order.
    const keys = Object.keys(change.env).sort();
    inner.Env = [
        ...(inner.Env ?? []).filter((e) => !keys.includes(e.split('=')[0] ?? '')),
        ...keys.map((k) => `${k}=${change.env[k]}`),
    ];
    return {
        ...base,
        config: inner,
        rootfs: { type: 'layers', diff_ids: [...base.rootfs.diff_ids, change.diffId] },
        history: [
            ...(base.history ?? []),
            {
                // The base's creation time, not now: the config must not change when nothing did.
                ...(typeof base.created === 'string' ? { created: base.created } : {}),
                created_by: change.createdBy,
                comment: HISTORY_COMMENT,
            },
        ],
    };
}
function modelLayerManifest(base, baseDigest, layer, config) {
    const oci = base.mediaType === registry_manifest/* MEDIA_TYPES */.Z2.ociManifest;
    return {
        schemaVersion: 2,
        mediaType: base.mediaType,
        config,
        layers: [...base.layers, layer],
        // Docker schema 2 has no annotations; OCI's base-image annotation says what this was built on.
        ...(oci ? { annotations: { 'org.opencontainers.image.base.digest': baseDigest } } : {}),
    };
}
/** Target repositories and their tags, all in the base's registry. */
function targetRefs(refs, base) {
    if (refs.length === 0) {
        throw new errors/* RolloutError */.a6('ModelLayerNoTarget', 'model-layer was given no image to push', {
            remediation: 'give at least one <registry>/<repository>:<tag>',
        });
    }
    const out = new Map();
    for (const ref of refs) {
        const r = (0,reference/* parseImageReference */.o_)(ref);
        if (r.registry !== base.registry || !r.tag || r.digest) {
            throw new errors/* RolloutError */.a6('ModelLayerTargetInvalid', `target '${ref}' must be <registry>/<repository>:<tag> in the base image's registry ${base.registry}`, {
                resource: ref,
                remediation: 'import the base image into the target registry first (az acr import), then reference it there',
            });
        }
        out.set(r.repository, [...(out.get(r.repository) ?? []), r.tag]);
    }
    return out;
}
/** `/var/azureml-app/model` -> `var/azureml-app/model`; refuses relative and `..` paths. */
function inImageDir(dir) {
    const norm = external_node_path_default().posix.normalize(dir);
    if (!external_node_path_default().posix.isAbsolute(dir) || norm === '/' || norm.split('/').includes('..')) {
        throw new errors/* RolloutError */.a6('ModelLayerPathInvalid', `model path in the image '${dir}' must be an absolute folder below /`, {
            resource: dir,
            remediation: 'give the folder the deployment reads the model from, e.g. /var/azureml-app/model',
        });
    }
    return norm.replace(/^\/+|\/+$/g, '');
}
/** The base's layers in the target repository: there already when it is the base's repository;
 * else HEAD, then mounted from the base's repository (the bytes never leave the registry). */
async function ensureBaseLayers(client, repository, base, layers, pushed) {
    if (repository === base.repository)
        return;
    await Promise.all(layers.map(async (l) => {
        if (await client.hasBlob(repository, l.digest))
            return;
        if (await client.mountBlob(repository, l.digest, base.repository))
            return void pushed.mounted++;
        throw new errors/* RolloutError */.a6('ModelLayerMountRefused', `the registry would not mount base layer ${l.digest} from ${base.repository} into ${repository}`, {
            resource: `${base.registry}/${repository}`,
            remediation: `push into the base's repository (${base.repository}), or copy the base image into ${repository} first`,
        });
    }));
}
async function ensureBlob(client, repository, blob, pushed) {
    if (await client.hasBlob(repository, blob.digest))
        return;
    await client.uploadBlob(repository, blob);
    pushed.blobs++;
    pushed.bytes += blob.size;
}

;// CONCATENATED MODULE: ./shared/image/source-hash.ts
// A variant's source hash: everything that decides the image's bytes (Dockerfile, the context files
// a builder sends, build arguments, platform, the base image digest, the model files) and nothing
// that changes per run (labels carry the commit), so a commit that changed nothing in the image
// gives the same tag and the build is skipped. Files are hashed with the suite's one content hash.




/** Characters of the hash in the tag: 48 bits, plenty against collisions within one repository. */
const TAG_HASH_CHARS = 12;
function variantTag(variant, hash) {
    return `${variant}-${hash.slice(0, TAG_HASH_CHARS)}`;
}
async function sourceHash(input, signal) {
    const entries = await listContext(input.context, input.ignoreFile);
    const files = entries.filter((e) => e.linkTarget === undefined);
    const context = await (0,model_files/* contentHash */.Ae)({
        root: input.context,
        isFile: false,
        files: files.map(({ rel, abs, size }) => ({ rel, abs, size })),
        totalBytes: files.reduce((n, f) => n + f.size, 0),
    }, signal);
    const sorted = (o) => Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]);
    // A versioned, canonical document: key order fixed here, maps as sorted pairs.
    const doc = JSON.stringify({
        v: 1,
        dockerfile: (0,external_node_crypto_.createHash)('sha256')
            .update(await (0,promises_.readFile)(input.dockerfile))
            .digest('hex'),
        context,
        links: entries.filter((e) => e.linkTarget !== undefined).map((e) => [e.rel, e.linkTarget]),
        buildArgs: sorted(input.buildArgs),
        platform: input.platform,
        baseDigests: sorted(input.baseDigests ?? {}),
        model: input.model ? await (0,model_files/* contentHash */.Ae)(input.model, signal) : null,
    });
    const hash = (0,external_node_crypto_.createHash)('sha256').update(doc).digest('hex');
    return { hash, tag: variantTag(input.variant, hash), contextEntries: entries.length };
}

;// CONCATENATED MODULE: ./shared/image/plan.ts
// From a checked variant to the build a backend runs: the source hash, the tags (`<variant>-<hash>`
// first, then the optional extra tag), the labels. Pure apart from hashing files, so the step can
// plan every variant, ask the registry which tags exist, and build only the rest.



/** Docker's tag grammar. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** Lower-case path components, as the distribution spec allows. */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
function imageLabels(values) {
    const labels = {};
    if (values.source)
        labels[LABEL_SOURCE] = values.source;
    if (values.revision)
        labels[LABEL_REVISION] = values.revision;
    if (values.model)
        labels[LABEL_MODEL] = values.model;
    return labels;
}
function checkTag(input, tag) {
    if (!TAG.test(tag)) {
        throw new errors/* InputError */.dz(input, `'${tag}' is not a valid image tag`, 'use letters, digits, _ . - (at most 128, not starting with . or -)');
    }
    return tag;
}
async function planVariant(variant, options, signal) {
    if (!REPOSITORY.test(options.repository)) {
        throw new errors/* InputError */.dz('repository', `'${options.repository}' is not a valid repository name`, 'use lower-case path components such as detector/inference');
    }
    const missing = variant.baseImages.filter((b) => options.baseDigests && !options.baseDigests[b]);
    if (missing.length > 0) {
        throw new errors/* RolloutError */.a6('BaseDigestMissing', `variant '${variant.name}': no digest for base image ${missing.join(', ')}`);
    }
    const platform = options.platform ?? DEFAULT_PLATFORM;
    const source = await sourceHash({
        variant: variant.name,
        dockerfile: variant.dockerfile,
        context: variant.context,
        ignoreFile: variant.ignoreFile,
        buildArgs: variant.buildArgs,
        platform,
        baseDigests: options.baseDigests,
        model: options.model,
    }, signal);
    const at = `${options.loginServer}/${options.repository}`;
    const tags = [source.tag, ...(options.extraTag ? [checkTag('tag', options.extraTag)] : [])];
    const refs = tags.map((t) => `${at}:${t}`);
    return {
        variant: variant.name,
        source,
        primaryRef: refs[0],
        build: {
            context: variant.context,
            dockerfile: variant.dockerfile,
            ignoreFile: variant.ignoreFile,
            buildArgs: variant.buildArgs,
            platform,
            labels: options.labels,
            target: variant.target,
            refs,
            ...(options.format ? { format: options.format } : {}),
        },
    };
}

;// CONCATENATED MODULE: ./shared/image/dockerfile.ts
// What the suite needs to know of a Dockerfile before building: that it is one (a FROM), the build
// arguments it declares (a misspelt `variants` argument fails early instead of being ignored),
// and the base images it starts from (whose digest goes into the source hash). Not a full parser:
// instructions, line continuations, comments and ${ARG} substitution in FROM.
class DockerfileProblem extends Error {
}
/** Build arguments every builder predefines; passing them is never a typo. */
const PREDEFINED_ARGS = new Set([
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'FTP_PROXY',
    'NO_PROXY',
    'ALL_PROXY',
    'http_proxy',
    'https_proxy',
    'ftp_proxy',
    'no_proxy',
    'all_proxy',
    'SOURCE_DATE_EPOCH',
]);
function instructions(text) {
    const escapeChar = /^#\s*escape\s*=\s*`/im.test(text.split(/\r?\n/, 5).join('\n')) ? '`' : '\\';
    const out = [];
    let pending = '';
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        // Comments are dropped even inside a continued instruction, as BuildKit does.
        if (line.startsWith('#'))
            continue;
        if (line.endsWith(escapeChar)) {
            pending += `${line.slice(0, -1)} `;
            continue;
        }
        const full = (pending + line).trim();
        pending = '';
        if (full === '')
            continue;
        const m = /^(\S+)\s*(.*)$/.exec(full);
        if (m)
            out.push({ keyword: m[1].toUpperCase(), rest: m[2].trim() });
    }
    if (pending.trim()) {
        const m = /^(\S+)\s*(.*)$/.exec(pending.trim());
        if (m)
            out.push({ keyword: m[1].toUpperCase(), rest: m[2].trim() });
    }
    return out;
}
function substitute(text, values) {
    return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+]([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, fallback, bare) => {
        const name = (braced ?? bare);
        return values.get(name) ?? fallback ?? '';
    });
}
/** Reads the facts, substituting `buildArgs` over the ARG defaults declared before the first FROM.
 * Throws DockerfileProblem when there is no FROM or a FROM names nothing. */
function readDockerfile(text, buildArgs) {
    const args = new Set();
    const globals = new Map();
    const baseImages = [];
    const stages = [];
    let seenFrom = false;
    for (const ins of instructions(text)) {
        if (ins.keyword === 'ARG') {
            for (const decl of ins.rest.split(/\s+/).filter(Boolean)) {
                const eq = decl.indexOf('=');
                const name = eq < 0 ? decl : decl.slice(0, eq);
                args.add(name);
                if (!seenFrom) {
                    const value = buildArgs[name] ?? (eq < 0 ? undefined : decl.slice(eq + 1).replace(/^"(.*)"$/, '$1'));
                    if (value !== undefined)
                        globals.set(name, value);
                }
            }
        }
        else if (ins.keyword === 'FROM') {
            seenFrom = true;
            const words = ins.rest.split(/\s+/).filter((w) => !w.startsWith('--'));
            const image = substitute(words[0] ?? '', globals);
            if (!image)
                throw new DockerfileProblem(`FROM '${ins.rest}' names no image (is a build argument missing?)`);
            if (image !== 'scratch' && !stages.includes(image))
                baseImages.push(image);
            if (words[1]?.toUpperCase() === 'AS' && words[2])
                stages.push(words[2]);
        }
        else if (!seenFrom) {
            throw new DockerfileProblem(`'${ins.keyword}' comes before the first FROM`);
        }
    }
    if (!seenFrom)
        throw new DockerfileProblem('has no FROM instruction');
    return { args, baseImages, stages };
}

;// CONCATENATED MODULE: ./shared/image/variants.ts
// The `variants` input: which images one build-image step makes (cpu, gpu) and how each differs.
// Parsed and checked in full (names, context folder, Dockerfile, its build arguments) before
// anything is built or pushed, so a typo fails the step at once with the input named.
//
// Syntax: items as every list input takes them (one per line, or comma-separated on one line);
// each item is `<variant>` or `<variant>=<setting>;<setting>;...`, a setting being
//   dockerfile=PATH | context=PATH | target=STAGE   what to build (PATH relative to the workspace)
//   NAME=VALUE                                      a build argument (`arg:NAME=VALUE` if NAME is
//                                                   one of the words above)
//   PATH                                            a bare first setting is the Dockerfile
// e.g. `cpu=BASE=node:20-bookworm-slim, gpu=images/gpu.Dockerfile;BASE=nvcr.io/nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04`.
// `\;` is a literal semicolon in a value. Settings a variant leaves out come from `defaults`.






const WORDS = new Set(['dockerfile', 'context', 'target']);
/** Splits the input text into variants without touching the disk. */
function parseVariantList(raw, known, input = 'variants') {
    const out = [];
    for (const item of (0,parse/* parseList */.E1)(raw)) {
        const eq = item.indexOf('=');
        const name = (eq < 0 ? item : item.slice(0, eq)).trim();
        if (!known.includes(name)) {
            throw new errors/* InputError */.dz(input, `unknown variant '${name}'`, `use one of: ${known.join(', ')}`);
        }
        if (out.some((v) => v.name === name))
            throw new errors/* InputError */.dz(input, `variant '${name}' is given twice`);
        const v = { name, args: {} };
        const settings = eq < 0 ? [] : splitSettings(item.slice(eq + 1));
        settings.forEach((s, i) => {
            if (i === 0 && !s.includes('=')) {
                v.dockerfile = s;
                return;
            }
            const [pair] = Object.entries((0,parse/* parsePairs */.xg)(input, [s]));
            const [key, value] = pair;
            if (WORDS.has(key))
                v[key] = value;
            else
                v.args[key.startsWith('arg:') ? key.slice(4) : key] = value;
        });
        out.push(v);
    }
    if (out.length === 0)
        throw new errors/* InputError */.dz(input, 'names no variant', `give one or more of: ${known.join(', ')}`);
    return out;
}
function splitSettings(text) {
    return text
        .split(/(?<!\\);/)
        .map((s) => s.replace(/\\;/g, ';').trim())
        .filter((s) => s !== '');
}
/** Parses `variants` and checks each against the disk: context folder, Dockerfile (readable, has
 * a FROM, declares every build argument given). Throws InputError naming the input. */
function resolveVariants(raw, options) {
    const input = options.input ?? 'variants';
    return parseVariantList(raw, options.known, input).map((v) => {
        const context = external_node_path_default().resolve(options.workspaceDir, v.context ?? options.defaults.context);
        const dockerfile = external_node_path_default().resolve(options.workspaceDir, v.dockerfile ?? options.defaults.dockerfile.replace(/\{variant\}/g, v.name));
        if (!isDir(context)) {
            throw new errors/* InputError */.dz(input, `variant '${v.name}': context folder ${context} does not exist`, 'give context=PATH relative to the workspace, or check out the repository first');
        }
        let text;
        try {
            text = (0,external_node_fs_.readFileSync)(dockerfile, 'utf8');
        }
        catch (e) {
            throw new errors/* InputError */.dz(input, `variant '${v.name}': cannot read Dockerfile ${dockerfile} (${e.code ?? e.message})`, 'give dockerfile=PATH relative to the workspace');
        }
        const buildArgs = { ...options.defaults.buildArgs, ...v.args };
        let facts;
        try {
            facts = readDockerfile(text, buildArgs);
        }
        catch (e) {
            if (!(e instanceof DockerfileProblem))
                throw e;
            throw new errors/* InputError */.dz(input, `variant '${v.name}': Dockerfile ${dockerfile} ${e.message}`);
        }
        for (const name of Object.keys(v.args)) {
            if (!facts.args.has(name) && !PREDEFINED_ARGS.has(name)) {
                throw new errors/* InputError */.dz(input, `variant '${v.name}': build argument '${name}' is not declared by an ARG in ${dockerfile}`, `declare it (ARG ${name}) or fix its spelling; declared: ${[...facts.args].join(', ') || 'none'}`);
            }
        }
        if (v.target !== undefined && !facts.stages.includes(v.target)) {
            throw new errors/* InputError */.dz(input, `variant '${v.name}': target '${v.target}' is not a stage of ${dockerfile}`);
        }
        return {
            name: v.name,
            context,
            dockerfile,
            ignoreFile: ignoreFileFor(context, dockerfile),
            buildArgs,
            target: v.target,
            baseImages: facts.baseImages,
        };
    });
}
function isDir(p) {
    try {
        return (0,external_node_fs_.statSync)(p).isDirectory();
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./shared/image/step.ts
// The build-image step: every variant planned and checked before anything is pushed (variants,
// Dockerfiles, tags, the builder), then the registry resolved and signed in to the ACR way, then
// per variant: skip when the registry already has its `<variant>-<source hash>` tag, else build
// and push (docker, buildah, or ACR Tasks in the registry) or add one model layer to a base
// (model-layer). Outputs per variant.


















async function runBuildImageStep(inputs, ctx) {
    const { host } = ctx;
    const repository = inputs.repository;
    if (inputs.tag)
        checkTag('tag', inputs.tag);
    const modelLayer = inputs.builder === 'model-layer';
    const acrTasks = inputs.builder === 'acr-tasks';
    // Everything a user can get wrong on disk, checked before any request.
    const variantsText = inputs.variants.join('\n');
    const variants = modelLayer ? undefined : resolveLocalVariants(inputs, variantsText, host.workspaceDir());
    const layerBases = modelLayer ? modelLayerBases(inputs, variantsText) : undefined;
    const model = inputs['model-path'] ? await (0,model_files/* listModelFiles */.J8)(inputs['model-path']) : undefined;
    if (modelLayer && !model)
        throw new errors/* InputError */.dz('model-path', 'is required with builder model-layer');
    const localBuilder = modelLayer || acrTasks
        ? undefined
        : await selectBuilder(inputs.builder, (l) => host.info(l));
    const target = await (0,workspace/* connectWorkspace */.A)((0,azure_inputs/* workspaceRef */.xv)(inputs), ctx.azure);
    const registry = await (0,registries/* resolveContainerRegistry */.J)(target, inputs.registry);
    host.info(`registry ${registry.loginServer}${inputs.registry ? '' : " (the workspace's linked registry)"}`);
    const { client, auth } = (0,connect/* connectRegistry */.g)(registry, {
        onSecret: (v) => host.setSecret(v),
        mask: (t) => host.mask(t),
        log: (l) => host.debug(l),
        signal: ctx.signal,
    });
    // Sign in once up front: a refused identity fails here, before any build.
    await client.ping();
    // ACR Tasks build in the registry itself: nothing to install here.
    const builder = acrTasks ? acrTasksBuilder(registry) : localBuilder;
    const { source, revision } = (0,run_info/* sourceInfo */.AJ)();
    const modelHash = model ? await (0,model_files/* contentHash */.Ae)(model, ctx.signal) : undefined;
    const labels = imageLabels({ source, revision, model: inputs['model-ref'] ?? modelHash });
    const results = {};
    if (layerBases && model) {
        for (const [variant, base] of Object.entries(layerBases)) {
            results[variant] = await layerVariant(variant, base);
        }
    }
    else if (variants && builder) {
        for (const variant of variants)
            results[variant.name] = await buildVariant(variant, builder);
    }
    await host.appendSummary(summary(registry.loginServer, repository, results));
    return outputs(results);
    async function buildVariant(variant, backend) {
        const baseDigests = await resolveBaseDigests(variant.baseImages);
        const plan = await planVariant(variant, {
            loginServer: registry.loginServer,
            repository,
            extraTag: inputs.tag,
            labels,
            baseDigests,
            model,
            platform: inputs.platform,
        }, ctx.signal);
        const skipped = await existing(variant.name, plan);
        if (skipped)
            return skipped;
        host.info(`${variant.name}: building ${plan.primaryRef} with ${backend.name}`);
        const buildContext = {
            log: (l) => host.info(l),
            mask: (t) => host.mask(t),
            onSecret: (v) => host.setSecret(v),
            signal: ctx.signal,
            signIn: auth,
            ...(registry.certDir ? { certDir: registry.certDir } : {}),
        };
        const pushed = await backend.buildAndPush({ ...plan.build, attestations: inputs.attestations }, buildContext);
        return {
            image: `${registry.loginServer}/${repository}@${pushed.digest}`,
            digest: pushed.digest,
            tags: plan.build.refs.map(tagOf),
            skipped: false,
        };
    }
    async function layerVariant(variant, baseRef) {
        const base = (0,reference/* parseImageReference */.o_)(baseRef);
        if (base.registry !== registry.loginServer) {
            throw new errors/* InputError */.dz('base-image', `'${baseRef}' is in ${base.registry}, not in ${registry.loginServer}`, 'model-layer adds to a base in the same registry: build or import the base there first');
        }
        // The tag covers what the image holds: the base, the model files, where they go and the model
        // reference. Not the commit: a new commit that changed none of these pushes nothing.
        const hash = (0,registry_digest/* sha256Digest */.sI)(JSON.stringify({
            base: base.digest,
            model: modelHash,
            dir: inputs['model-dir'],
            ref: inputs['model-ref'],
        })).slice('sha256:'.length);
        const tags = [variantTag(variant, hash), ...(inputs.tag ? [inputs.tag] : [])];
        const refs = tags.map((t) => `${registry.loginServer}/${repository}:${t}`);
        const skipped = await existingTag(variant, tags[0], tags);
        if (skipped)
            return skipped;
        host.info(`${variant}: adding the model to ${baseRef} as ${refs[0]}`);
        const result = await pushModelLayer({
            client,
            base: baseRef,
            refs,
            model: inputs['model-path'],
            modelDir: inputs['model-dir'],
            labels,
            log: (l) => host.info(l),
            signal: ctx.signal,
        });
        host.info(`${variant}: pushed ${result.pushed.blobs} blob(s), ${result.pushed.bytes} bytes, ${result.pushed.mounted} mounted`);
        return {
            image: `${registry.loginServer}/${repository}@${result.digest}`,
            digest: result.digest,
            tags,
            skipped: false,
        };
    }
    async function existing(variant, plan) {
        return existingTag(variant, tagOf(plan.primaryRef), plan.build.refs.map(tagOf));
    }
    /** The registry already has this source's tag: nothing to build (unless `rebuild`). */
    async function existingTag(variant, tag, tags) {
        if (inputs.rebuild)
            return undefined;
        const found = await client.headManifest(repository, tag);
        if (!found)
            return undefined;
        host.info(`${variant}: skipped, ${registry.loginServer}/${repository}:${tag} is already there (${found.digest})`);
        // The extra tag still moves to this image.
        const extra = tags.filter((t) => t !== tag);
        if (extra.length > 0) {
            const manifest = await client.getManifest(repository, found.digest);
            for (const t of extra)
                await client.putManifest(repository, t, manifest.body, manifest.mediaType);
        }
        return {
            image: `${registry.loginServer}/${repository}@${found.digest}`,
            digest: found.digest,
            tags,
            skipped: true,
        };
    }
    /** Each FROM image's digest: pinned ones as written, ones in our registry looked up; others by
     * reference text, with a warning (a moved tag upstream will not change the source hash). */
    async function resolveBaseDigests(images) {
        const digests = {};
        for (const image of images) {
            const pinned = /@(sha256:[0-9a-f]{64})$/.exec(image);
            if (pinned?.[1]) {
                digests[image] = pinned[1];
                continue;
            }
            const ref = tryParse(image);
            if (ref && ref.registry === registry.loginServer) {
                const found = await client.headManifest(ref.repository, ref.tag ?? 'latest');
                if (!found) {
                    throw new errors/* RolloutError */.a6('BaseImageMissing', `base image ${image} is not in ${registry.loginServer}`, {
                        resource: image,
                        remediation: 'build or import the base image first, or fix the FROM line / BASE argument',
                    });
                }
                digests[image] = found.digest;
                continue;
            }
            if (image !== 'scratch') {
                host.warning(`base image ${image} is not pinned by digest: the image's source hash covers its name only, so a new image behind that tag does not trigger a rebuild (pin it as ${image}@sha256:...)`);
            }
            digests[image] = `unpinned:${image}`;
        }
        return digests;
    }
}
function resolveLocalVariants(inputs, text, workspaceDir) {
    const context = external_node_path_default().relative(workspaceDir, external_node_path_default().resolve(workspaceDir, inputs.context)) || '.';
    return resolveVariants(text, {
        known: image_inputs/* IMAGE_VARIANTS */.PJ,
        workspaceDir,
        defaults: {
            context,
            dockerfile: inputs.dockerfile ?? external_node_path_default().join(context, 'Dockerfile'),
            buildArgs: (0,parse/* parsePairs */.xg)('build-args', inputs['build-args'] ?? []),
        },
    });
}
/** `base-image` for model-layer: one reference for a single variant, or `variant=ref` pairs. */
function modelLayerBases(inputs, variantsText) {
    const names = parseVariantList(variantsText, image_inputs/* IMAGE_VARIANTS */.PJ).map((v) => v.name);
    const given = inputs['base-image']?.trim();
    if (!given)
        throw new errors/* InputError */.dz('base-image', 'is required with builder model-layer');
    const pairs = /^[a-z]+=/.test(given) ? (0,parse/* parsePairs */.xg)('base-image', given.split(/[,\n]/)) : undefined;
    const bases = {};
    for (const name of names) {
        const ref = pairs ? pairs[name] : names.length === 1 ? given : undefined;
        if (!ref) {
            throw new errors/* InputError */.dz('base-image', `gives no base for variant '${name}'`, 'write one `variant=<image>@sha256:...` per variant');
        }
        const parsed = (0,reference/* parseImageReference */.o_)(ref);
        if (!parsed.digest) {
            throw new errors/* InputError */.dz('base-image', `'${ref}' is not pinned by digest`, 'give <registry>/<repository>@sha256:<digest> (a build-image output)');
        }
        bases[name] = ref;
    }
    return bases;
}
function tryParse(image) {
    try {
        return (0,reference/* parseImageReference */.o_)(image);
    }
    catch {
        return undefined;
    }
}
function tagOf(ref) {
    return ref.slice(ref.lastIndexOf(':') + 1);
}
function outputs(results) {
    const out = { images: JSON.stringify(results) };
    for (const [variant, r] of Object.entries(results)) {
        out[`image-${variant}`] = r.image;
        out[`digest-${variant}`] = r.digest;
    }
    return out;
}
function summary(loginServer, repository, results) {
    const rows = Object.entries(results).map(([variant, r]) => `| ${variant} | \`${r.digest}\` | ${r.tags.map((t) => `\`${t}\``).join(', ')} | ${r.skipped ? 'already there, skipped' : 'pushed'} |`);
    return [
        `### Images ${loginServer}/${repository}`,
        '',
        '| Variant | Digest | Tags | |',
        '|---|---|---|---|',
        ...rows,
        '',
    ].join('\n');
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


/***/ })

};
