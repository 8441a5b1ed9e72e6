import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 84682:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _step_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(55597);
// Bundled entry of the `gate` action and task (dist/gate/index.js).

await (0,_step_js__WEBPACK_IMPORTED_MODULE_0__/* .runHostedStep */ .l)('gate');

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 55597:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  l: () => (/* binding */ runHostedStep)
});

;// CONCATENATED MODULE: ./shared/host/detect.ts
async function detectHost(env = process.env) {
    if (env.TF_BUILD || env.AGENT_ID) {
        const { AzureDevOpsHost } = await Promise.all(/* import() */[__nccwpck_require__.e(358), __nccwpck_require__.e(741)]).then(__nccwpck_require__.bind(__nccwpck_require__, 10741));
        return new AzureDevOpsHost();
    }
    const { GitHubHost } = await Promise.all(/* import() */[__nccwpck_require__.e(659), __nccwpck_require__.e(130)]).then(__nccwpck_require__.bind(__nccwpck_require__, 17130));
    return new GitHubHost();
}

// EXTERNAL MODULE: ./shared/errors.ts
var errors = __nccwpck_require__(32635);
;// CONCATENATED MODULE: ./shared/steps/definition.ts
/** Helper that keeps the literal types of a definition so `InputsOf` can see them. */
function defineStep(step) {
    return step;
}

;// CONCATENATED MODULE: ./shared/steps/catalog/build-image.ts
// build-image: build the inference image (CPU and GPU variants) and push it to Azure Container Registry.


const buildImage = defineStep({
    id: 'build-image',
    title: 'Build inference image',
    description: 'Build the inference image (CPU or GPU variant) and push it to Azure Container Registry.',
    available: false,
    inputs: {
        registry: { kind: 'string', required: true, description: 'Registry host, e.g. `myacr.azurecr.io`.' },
        repository: {
            kind: 'string',
            required: true,
            description: 'Image repository, e.g. `detector/inference`.',
        },
        tag: { kind: 'string', description: 'Image tag. Defaults to the commit SHA.' },
        context: { kind: 'path', default: '.', description: 'Build context folder.' },
        dockerfile: { kind: 'path', description: 'Dockerfile path. Defaults to `<context>/Dockerfile`.' },
        variant: {
            kind: 'choice',
            default: 'cpu',
            options: ['cpu', 'gpu'],
            description: 'Image variant to build.',
        },
        'build-args': { kind: 'list', description: 'Build arguments, one `NAME=value` per line.' },
        builder: {
            kind: 'choice',
            default: 'auto',
            options: ['auto', 'docker', 'buildah', 'acr-tasks'],
            description: 'Build backend. `auto` picks docker buildx, then buildah.',
        },
    },
    outputs: {
        image: { description: 'Pushed image reference with digest (`registry/repo@sha256:...`).' },
        digest: { description: 'Image manifest digest (`sha256:...`).' },
    },
    async run() {
        throw new errors/* StepNotAvailableError */.p$('build-image');
    },
});

;// CONCATENATED MODULE: ./shared/steps/common-inputs.ts
const workspaceInputs = {
    'subscription-id': {
        kind: 'string',
        description: 'Azure subscription id of the workspace. On Azure DevOps defaults to the service connection subscription.',
    },
    'resource-group': { kind: 'string', description: 'Resource group of the Azure ML workspace.' },
    workspace: { kind: 'string', required: true, description: 'Azure ML workspace name.' },
    'local-state-dir': {
        kind: 'path',
        description: 'Target a running local AML plane (`aml-rollout local up --state-dir DIR`) instead of Azure. For rehearsals and tests.',
    },
};
const githubAuthInputs = {
    auth: {
        kind: 'choice',
        default: 'auto',
        options: ['auto', 'azure-cli', 'oidc', 'client-secret', 'managed-identity'],
        hosts: ['github', 'cli'],
        description: 'How to sign in to Azure. `auto`: client secret if given, else OIDC when the job has `id-token: write` and a client id, else the `azure/login` (az CLI) session.',
    },
    'client-id': {
        kind: 'string',
        hosts: ['github', 'cli'],
        description: 'Application (client) id for OIDC federation, client secret or a user-assigned managed identity.',
    },
    'tenant-id': { kind: 'string', hosts: ['github', 'cli'], description: 'Microsoft Entra tenant id.' },
    'client-secret': {
        kind: 'secret',
        hosts: ['github', 'cli'],
        description: 'Client secret (prefer OIDC). Masked in every log.',
    },
};
const adoAuthInputs = {
    'azure-subscription': {
        kind: 'string',
        hosts: ['ado'],
        adoType: 'connectedService:AzureRM',
        description: 'Azure Resource Manager service connection (service principal secret or workload identity federation).',
    },
};
const azureInputs = { ...workspaceInputs, ...githubAuthInputs, ...adoAuthInputs };

;// CONCATENATED MODULE: ./shared/steps/catalog/deploy.ts
// deploy: create or update the endpoint and a new deployment, then a blue-green rollout.



const deploy = defineStep({
    id: 'deploy',
    title: 'Blue-green deploy',
    description: 'Create or update an online endpoint and a new deployment from `az ml` YAML, then shift traffic stepwise with health checks and automatic rollback.',
    available: false,
    inputs: {
        ...azureInputs,
        'endpoint-file': { kind: 'path', required: true, description: '`az ml` online endpoint YAML.' },
        'deployment-file': { kind: 'path', required: true, description: '`az ml` online deployment YAML.' },
        'deployment-name': {
            kind: 'string',
            description: 'Name of the new deployment; defaults to the YAML name.',
        },
        'traffic-steps': {
            kind: 'list',
            default: '10,50,100',
            description: 'Traffic percentages for the new deployment, in order.',
        },
        'bake-seconds': {
            kind: 'number',
            default: '60',
            min: 0,
            description: 'Wait and watch time at each step.',
        },
        'mirror-percent': {
            kind: 'number',
            default: '0',
            min: 0,
            max: 50,
            description: 'Mirror this share of live traffic to the new deployment before shifting (0 = off).',
        },
        'smoke-request': {
            kind: 'path',
            description: 'Request body sent to the new deployment before any traffic.',
        },
        'max-error-rate': {
            kind: 'number',
            default: '0.01',
            min: 0,
            max: 1,
            description: 'Health check: highest error rate accepted at a step.',
        },
        'keep-old': {
            kind: 'boolean',
            default: 'false',
            description: 'Keep the old deployment (scaled down) instead of deleting it.',
        },
    },
    outputs: {
        endpoint: { description: 'Endpoint name.' },
        deployment: { description: 'The new deployment name.' },
        'scoring-uri': { description: 'Endpoint scoring URI.' },
        traffic: { description: 'Final traffic as JSON.' },
    },
    async run() {
        throw new errors/* StepNotAvailableError */.p$('deploy');
    },
});

;// CONCATENATED MODULE: ./shared/steps/catalog/gate.ts
// gate: golden-image detection regression against the local ONNX scorer and the live endpoint.



const gate = defineStep({
    id: 'gate',
    title: 'Detection gate',
    description: 'Run a golden set through the local ONNX scorer and a live deployment; judge COCO metrics, parity and thresholds.',
    available: false,
    inputs: {
        ...azureInputs,
        workspace: { kind: 'string', description: 'Azure ML workspace name (when judging a live endpoint).' },
        golden: {
            kind: 'path',
            required: true,
            description: 'Golden set folder: `images/` and `instances.json`.',
        },
        model: { kind: 'path', required: true, description: 'ONNX model run by the local scorer.' },
        card: { kind: 'path', required: true, description: 'Model card of that model.' },
        'baseline-model': { kind: 'path', description: 'Baseline ONNX model, run locally for comparison.' },
        baseline: { kind: 'path', description: 'Baseline predictions (COCO results JSON).' },
        endpoint: { kind: 'string', description: 'Online endpoint name.' },
        deployment: {
            kind: 'string',
            description: 'Deployment judged, via the `azureml-model-deployment` header.',
        },
        'scoring-uri': { kind: 'string', description: 'Scoring URI, instead of resolving the endpoint.' },
        'key-env': { kind: 'string', description: 'Name of the environment variable holding the endpoint key.' },
        thresholds: { kind: 'path', description: 'Thresholds YAML.' },
        shard: { kind: 'string', description: 'Run a slice of the golden set: `i/n`.' },
        'report-dir': { kind: 'path', default: 'gate-report', description: 'Where reports are written.' },
    },
    outputs: {
        verdict: { description: '`pass`, `fail` or `inconclusive`.' },
        ap: { description: 'Endpoint AP@[.50:.95].' },
        ap50: { description: 'Endpoint AP50.' },
        'report-dir': { description: 'Folder with gate.json, JUnit XML, summary and HTML report.' },
    },
    async run() {
        throw new errors/* StepNotAvailableError */.p$('gate');
    },
});

;// CONCATENATED MODULE: ./shared/steps/catalog/promote.ts
// promote: carry a gated model and image from the dev workspace to prod, behind an approval.



const promote = defineStep({
    id: 'promote',
    title: 'Promote to prod',
    description: 'Copy a gated model version and inference image from the dev (CPU) workspace to prod (GPU); run it behind an environment approval.',
    available: false,
    inputs: {
        ...azureInputs,
        workspace: { kind: 'string', required: true, description: 'Target (prod) Azure ML workspace name.' },
        'source-workspace': { kind: 'string', required: true, description: 'Source (dev) workspace name.' },
        'source-resource-group': {
            kind: 'string',
            description: 'Source resource group; defaults to the target one.',
        },
        'model-ref': {
            kind: 'string',
            required: true,
            description: '`azureml:<name>:<version>` in the source workspace.',
        },
        image: { kind: 'string', description: 'Image with digest to copy to the prod registry.' },
        'target-registry': { kind: 'string', description: 'Prod registry host.' },
        'gate-report': {
            kind: 'path',
            description: 'gate.json of the passed gate; promotion refuses any other verdict.',
        },
    },
    outputs: {
        'model-ref': { description: 'Model reference in the target workspace.' },
        image: { description: 'Image reference in the target registry.' },
    },
    async run() {
        throw new errors/* StepNotAvailableError */.p$('promote');
    },
});

;// CONCATENATED MODULE: ./shared/steps/catalog/register-model.ts
// register-model: upload model files to the workspace datastore and register a model version.



const registerModel = defineStep({
    id: 'register-model',
    title: 'Register model',
    description: 'Upload model files to the workspace datastore and register a model version, idempotently, with lineage tags.',
    available: false,
    inputs: {
        ...azureInputs,
        path: { kind: 'path', description: 'Model file or folder. Required unless `model-yaml` gives it.' },
        name: { kind: 'string', description: 'Model name. Required unless `model-yaml` gives it.' },
        version: { kind: 'string', default: 'auto', description: 'Model version, or `auto` for the next one.' },
        type: {
            kind: 'choice',
            default: 'custom_model',
            options: ['custom_model', 'mlflow_model', 'triton_model'],
            description: 'Model type.',
        },
        description: { kind: 'string', description: 'Model description.' },
        tags: { kind: 'list', description: 'Tags, one `key=value` per line.' },
        properties: { kind: 'list', description: 'Properties, one `key=value` per line.' },
        'model-yaml': { kind: 'path', description: '`az ml` model YAML; the other inputs override it.' },
    },
    outputs: {
        'model-name': { description: 'Registered model name.' },
        'model-version': { description: 'Registered model version.' },
        'model-id': { description: 'ARM id of the model version.' },
        'model-ref': { description: '`azureml:<name>:<version>`.' },
    },
    async run() {
        throw new errors/* StepNotAvailableError */.p$('register-model');
    },
});

;// CONCATENATED MODULE: ./shared/steps/catalog/index.ts





// The catalogue is read generically (manifests, CLI, host runner); each step keeps its own types.
const steps = [
    buildImage,
    registerModel,
    deploy,
    gate,
    promote,
];
function findStep(id) {
    return steps.find((s) => s.id === id);
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./shared/steps/inputs.ts
// Turns the raw strings a host hands over into a step's typed inputs. All validation of input
// *form* happens here, before the step runs, and every error names the input.


function inputAppliesTo(spec, host) {
    return !spec.hosts || spec.hosts.includes(host);
}
function parseInputs(specs, source) {
    const values = {};
    for (const [name, spec] of Object.entries(specs)) {
        if (!inputAppliesTo(spec, source.kind))
            continue;
        const given = source.rawInput(name);
        const raw = given === undefined || given.trim() === '' ? spec.default : given;
        if (raw === undefined || raw.trim() === '') {
            if (spec.required)
                throw new errors/* InputError */.dz(name, 'is required but was not given');
            values[name] = undefined;
            continue;
        }
        values[name] = parseValue(name, spec, raw, source);
    }
    return values;
}
function parseValue(name, spec, raw, source) {
    switch (spec.kind) {
        case 'string':
            return raw.trim();
        case 'secret':
            source.setSecret(raw);
            return raw;
        case 'boolean':
            return parseBoolean(name, raw);
        case 'number':
            return parseNumber(name, spec, raw);
        case 'list':
            return parseList(raw);
        case 'path':
            return external_node_path_default().resolve(source.workspaceDir(), raw.trim());
        case 'choice': {
            const value = raw.trim();
            if (!spec.options?.includes(value)) {
                throw new errors/* InputError */.dz(name, `'${value}' is not one of: ${spec.options?.join(', ')}`);
            }
            return value;
        }
    }
}
// The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);
function parseBoolean(name, raw) {
    const value = raw.trim();
    if (TRUE.has(value))
        return true;
    if (FALSE.has(value))
        return false;
    throw new errors/* InputError */.dz(name, `'${value}' is not a boolean`, 'use true or false');
}
function parseNumber(name, spec, raw) {
    const value = raw.trim();
    const n = Number(value);
    if (value === '' || !Number.isFinite(n))
        throw new errors/* InputError */.dz(name, `'${value}' is not a number`);
    if (spec.min !== undefined && n < spec.min)
        throw new errors/* InputError */.dz(name, `${n} is below the minimum ${spec.min}`);
    if (spec.max !== undefined && n > spec.max)
        throw new errors/* InputError */.dz(name, `${n} is above the maximum ${spec.max}`);
    return n;
}
/** One item per line; a single line may also be comma-separated. Blank lines and `#` comments drop. */
function parseList(raw) {
    const lines = raw
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
    if (lines.length === 1) {
        return (lines[0] ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
    }
    return lines;
}

;// CONCATENATED MODULE: ./shared/steps/runner.ts
// Runs one step on one host: read and validate inputs, run, write outputs. The only place that
// turns a thrown error into a failed step, so every host reports failures the same way.


async function runStep(step, host, signal) {
    try {
        const inputs = parseInputs(step.inputs, host);
        const outputs = await step.run(inputs, { host, signal });
        for (const [name, value] of Object.entries(outputs)) {
            if (value !== undefined)
                host.setOutput(name, value);
        }
        host.succeed();
        return true;
    }
    catch (e) {
        if (!(0,errors/* isRolloutError */.IV)(e) && e instanceof Error && e.stack)
            host.debug(e.stack);
        host.fail((0,errors/* describeError */.Uc)(e));
        return false;
    }
}
/** Cancellation for a whole process: the CI host sends SIGTERM/SIGINT when a job is cancelled. */
function processSignal() {
    const controller = new AbortController();
    const abort = () => controller.abort(new Error('the job was cancelled'));
    process.once('SIGTERM', abort);
    process.once('SIGINT', abort);
    return controller.signal;
}

;// CONCATENATED MODULE: ./entries/step.ts
// Shared body of every bundled step entry: find the host, run the step, set the exit code.



async function runHostedStep(stepId) {
    const host = await detectHost();
    const step = stepId ? findStep(stepId) : undefined;
    if (!step) {
        host.fail(stepId
            ? `input 'command': '${stepId}' is not a step (one of: ${steps.map((s) => s.id).join(', ')})`
            : `input 'command': is required (one of: ${steps.map((s) => s.id).join(', ')})`);
        process.exitCode = 1;
        return;
    }
    const ok = await runStep(step, host, processSignal());
    process.exitCode = ok ? 0 : 1;
}


/***/ }),

/***/ 32635:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   IV: () => (/* binding */ isRolloutError),
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   a6: () => (/* binding */ RolloutError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   p$: () => (/* binding */ StepNotAvailableError)
/* harmony export */ });
// Typed errors for the whole suite. Every failure a user can act on carries a stable `code`,
// the resource involved and a remediation hint, so hosts can print one clear line and tests can
// assert on the code rather than on prose.
class RolloutError extends Error {
    code;
    resource;
    remediation;
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'RolloutError';
        this.code = code;
        this.resource = options.resource;
        this.remediation = options.remediation;
    }
    /** One line for a log or an annotation: code, message, and the hint if there is one. */
    toLine() {
        return `${this.code}: ${this.message}${this.remediation ? ` (${this.remediation})` : ''}`;
    }
}
/** A step input is missing, malformed or out of range. Raised before anything is changed. */
class InputError extends RolloutError {
    constructor(input, message, remediation) {
        super('InvalidInput', `input '${input}': ${message}`, {
            resource: input,
            ...(remediation === undefined ? {} : { remediation }),
        });
        this.name = 'InputError';
    }
}
/** The step exists in the catalogue but its behaviour has not been built yet. */
class StepNotAvailableError extends RolloutError {
    constructor(step) {
        super('StepNotAvailable', `step '${step}' is not available yet in this version of the suite`, {
            resource: step,
            remediation: 'pin a release that ships it, or follow the project issue for this step',
        });
        this.name = 'StepNotAvailableError';
    }
}
function isRolloutError(e) {
    return e instanceof RolloutError;
}
/** A readable line for any thrown value, without stack noise. */
function describeError(e) {
    if (isRolloutError(e))
        return e.toLine();
    if (e instanceof Error)
        return e.message;
    return String(e);
}


/***/ }),

/***/ 42613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 20181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 35317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 49140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

/***/ }),

/***/ 76982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 24434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 79896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 91943:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs/promises");

/***/ }),

/***/ 58611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 65692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 69278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 34589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 16698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 31421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 37540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 77598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 53053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 40610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 78474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 73024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 51455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 37067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 32467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 44708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 98995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 77030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 48161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 76760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 41792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 57075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 46193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 41692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 73136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 57975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 73429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 75919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 38522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 70857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 16928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 13193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 53557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 64756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 52018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 87016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 39023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 43106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(84682);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
