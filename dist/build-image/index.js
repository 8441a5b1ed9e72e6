import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 81697:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _step_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(42120);
// Bundled entry of the `build-image` action and task (dist/build-image/index.js).

await (0,_step_js__WEBPACK_IMPORTED_MODULE_0__/* .runHostedStep */ .l)('build-image');

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 42120:
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

// EXTERNAL MODULE: ./shared/azure/inputs.ts + 1 modules
var azure_inputs = __nccwpck_require__(57897);
;// CONCATENATED MODULE: ./shared/rollout/inputs.ts
// The deploy step's inputs and outputs, declared once: the step catalogue, the manifests and the
// CLI read these objects, and `DeployInputs` / `DeployOutputs` are derived from them. Kept free of
// the SDKs: the step catalogue loads this file at start-up.

const deployInputs = {
    ...azure_inputs/* azureInputs */.Ro,
    action: {
        kind: 'choice',
        default: 'deploy',
        options: ['deploy', 'promote', 'reject', 'status'],
        description: '`deploy` runs a rollout; `promote` / `reject` continue or undo one paused by `pause-before-promote`; `status` prints the journal and traffic and changes nothing.',
    },
    'endpoint-file': { kind: 'path', description: '`az ml` online endpoint YAML (required for `deploy`).' },
    'deployment-file': {
        kind: 'path',
        description: '`az ml` online deployment YAML (required for `deploy`).',
    },
    endpoint: {
        kind: 'string',
        description: 'Endpoint name; defaults to the endpoint YAML `name` (required for promote, reject, status without YAML).',
    },
    'deployment-name': {
        kind: 'string',
        description: 'Name of the new deployment. Default: the YAML `name` unless it carries traffic, else the colour (blue/green) that carries none.',
    },
    model: {
        kind: 'string',
        description: 'Model to deploy, overriding the YAML: `azureml:<name>:<version>` (register-model output `model-ref`).',
    },
    image: {
        kind: 'string',
        description: 'Inference image overriding `environment.image` (build-image output), e.g. `myacr.azurecr.io/detector@sha256:...`.',
    },
    'instance-type': { kind: 'string', description: 'Overrides `instance_type`.' },
    'instance-count': { kind: 'number', min: 1, max: 100, description: 'Overrides `instance_count`.' },
    'environment-variables': {
        kind: 'list',
        description: 'Environment variables merged over the YAML ones, one `NAME=value` per line (the AutoML inference parameters among them).',
    },
    'traffic-steps': {
        kind: 'list',
        default: '10,50,100',
        description: 'Traffic percentages for the new deployment, ascending, ending at 100.',
    },
    'bake-seconds': {
        kind: 'number',
        default: '60',
        min: 0,
        max: 86400,
        description: 'Watch time at each traffic step before it is judged.',
    },
    'mirror-percent': {
        kind: 'number',
        default: '0',
        min: 0,
        max: 50,
        description: 'Mirror this share of live traffic to the new deployment before shifting (0 = off).',
    },
    'mirror-seconds': {
        kind: 'number',
        default: '60',
        min: 0,
        max: 86400,
        description: 'How long mirrored traffic is watched before it is judged and cleared.',
    },
    'smoke-request': {
        kind: 'path',
        description: 'JSON request body sent to the new deployment before any traffic (default: one golden image).',
    },
    'gate-golden': {
        kind: 'path',
        description: 'Golden set folder: run the gate on the new deployment before traffic.',
    },
    'gate-model': { kind: 'path', description: 'ONNX model the gate scores locally (with `gate-golden`).' },
    'gate-card': { kind: 'path', description: 'Model card of `gate-model`.' },
    'gate-thresholds': { kind: 'path', description: 'Gate thresholds YAML (docs/gate.md).' },
    'gate-baseline': { kind: 'path', description: 'Baseline predictions (COCO results JSON) for the gate.' },
    'gate-report-dir': {
        kind: 'path',
        default: 'gate-report',
        description: 'Where the gate writes its reports (gate.json, JUnit XML, summary, HTML).',
    },
    'max-error-rate': {
        kind: 'number',
        default: '0.01',
        min: 0,
        max: 1,
        description: 'Health: highest error rate (5xx, 424 model errors, no answer) accepted at a check.',
    },
    'max-p95-ms': {
        kind: 'number',
        min: 1,
        description: 'Health: highest p95 latency of the new deployment, in ms (none by default).',
    },
    'max-p95-ratio': {
        kind: 'number',
        default: '2',
        min: 1,
        description: 'Health: highest p95 latency of the new deployment relative to the old one.',
    },
    'min-requests': {
        kind: 'number',
        default: '10',
        min: 1,
        description: 'Health: fewest requests (probes plus live) a check needs; fewer fails it (no data is not success).',
    },
    'failure-limit': {
        kind: 'number',
        default: '1',
        min: 1,
        description: 'Failed health checks that trigger the rollback.',
    },
    'probe-interval-ms': {
        kind: 'number',
        default: '1000',
        min: 10,
        max: 60000,
        description: 'Pause between probe rounds during a bake (one request to the new and one to the old deployment per round).',
    },
    'provision-timeout': {
        kind: 'number',
        default: '1800',
        min: 1,
        description: 'Seconds to wait for the new deployment to reach Succeeded.',
    },
    'lock-timeout': {
        kind: 'number',
        default: '600',
        min: 0,
        description: 'Seconds to wait for another rollout on the same endpoint before failing.',
    },
    'lock-lease-seconds': {
        kind: 'number',
        default: '60',
        min: 15,
        max: 60,
        description: 'Length of the lock lease (Azure allows 15 to 60), renewed at a third of it: how long a runner that dies holds the endpoint.',
    },
    'pause-before-promote': {
        kind: 'boolean',
        default: 'false',
        description: 'Stop after the gate and mirror (no traffic moved); continue later with `action: promote` or undo with `reject`.',
    },
    'on-interrupted': {
        kind: 'choice',
        default: 'rollback',
        options: ['rollback', 'resume'],
        description: 'What a re-run does with a rollout whose runner died: restore the traffic it found, or finish it.',
    },
    'keep-old': {
        kind: 'boolean',
        default: 'false',
        description: 'Keep the old deployment at 0% on one instance instead of deleting it.',
    },
    'keep-failed': {
        kind: 'boolean',
        default: 'false',
        description: 'Keep a failed new deployment (at 0%) for debugging instead of deleting it.',
    },
};
const deployOutputs = {
    endpoint: { description: 'Endpoint name.' },
    deployment: { description: 'The deployment now serving (the new one after a rollout).' },
    'previous-deployment': { description: 'The deployment that served before, if any.' },
    'scoring-uri': { description: 'Endpoint scoring URI.' },
    traffic: { description: 'Final traffic as JSON.' },
    changed: {
        description: '`true` when the rollout changed the endpoint, `false` when nothing needed to change.',
    },
};

;// CONCATENATED MODULE: ./shared/steps/catalog/deploy.ts
// deploy: create or update the endpoint and a new deployment from `az ml` YAML, then a blue-green
// rollout: 0% -> smoke -> gate -> optional mirror -> traffic steps with health checks -> finalize,
// restoring the traffic it found on any failure (after the job too, when its runner was killed).
// Inputs and outputs live in shared/rollout/inputs.ts (cheap to load); the behaviour is loaded on
// run.


const deploy = defineStep({
    id: 'deploy',
    title: 'Blue-green deploy',
    description: 'Create or update an online endpoint and a new deployment from `az ml` YAML, then shift traffic stepwise with health checks and automatic rollback.',
    available: true,
    inputs: deployInputs,
    outputs: deployOutputs,
    async run(inputs, context) {
        const { runDeployStep } = await Promise.all(/* import() */[__nccwpck_require__.e(815), __nccwpck_require__.e(212), __nccwpck_require__.e(734), __nccwpck_require__.e(855)]).then(__nccwpck_require__.bind(__nccwpck_require__, 68855));
        return runDeployStep(inputs, context);
    },
    // After the job, even a cancelled one: a rollout its killed main entry left is restored.
    async post(inputs, context) {
        const { runDeployPost } = await Promise.all(/* import() */[__nccwpck_require__.e(815), __nccwpck_require__.e(212), __nccwpck_require__.e(734), __nccwpck_require__.e(855)]).then(__nccwpck_require__.bind(__nccwpck_require__, 68855));
        return runDeployPost(inputs, context);
    },
});

// EXTERNAL MODULE: ./shared/endpoint/client.ts
var client = __nccwpck_require__(95559);
;// CONCATENATED MODULE: ./shared/gate/inputs.ts
// The gate step's inputs and outputs, declared once: the step catalogue, the manifests and the CLI
// read these objects, and `GateInputs` / `GateOutputs` are derived from them. Kept free of the
// SDKs and the scorer: the step catalogue loads this file at start-up.


const gateInputs = {
    ...azure_inputs/* azureInputs */.Ro,
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
    protocol: {
        kind: 'choice',
        default: 'automl',
        options: client/* SCORING_PROTOCOLS */.UX,
        description: 'Scoring protocol of the endpoint (a deployment that declares one wins).',
    },
    concurrency: {
        kind: 'number',
        min: 1,
        max: 256,
        description: 'Requests in flight. Default: the deployment max_concurrent_requests_per_instance x instances.',
    },
    params: {
        kind: 'list',
        description: 'Inference parameters for the local scorer, `name=value` (default: the deployment environment).',
    },
    thresholds: { kind: 'path', description: 'Thresholds YAML (docs/gate.md).' },
    shard: { kind: 'string', description: 'Run a slice of the golden set: `i/n`.' },
    'report-dir': { kind: 'path', default: 'gate-report', description: 'Where reports are written.' },
};
const gateOutputs = {
    verdict: { description: '`pass`, `fail` or `inconclusive`.' },
    ap: { description: 'Endpoint AP@[.50:.95].' },
    ap50: { description: 'Endpoint AP50.' },
    'report-dir': { description: 'Folder with gate.json, JUnit XML, summary and HTML report.' },
};

;// CONCATENATED MODULE: ./shared/steps/catalog/gate.ts
// gate: golden-image detection regression against the local ONNX scorer and the live endpoint.
// Inputs and outputs live in shared/gate/inputs.ts (cheap to load); the behaviour is loaded on
// run, not at start-up: it pulls the scorer (onnxruntime-node, sharp) and the Azure SDKs.


const gate = defineStep({
    id: 'gate',
    title: 'Detection gate',
    description: 'Run a golden set through the local ONNX scorer and a live deployment; judge COCO metrics, parity and thresholds.',
    available: true,
    inputs: gateInputs,
    outputs: gateOutputs,
    async run(inputs, context) {
        const { runGateStep } = await Promise.all(/* import() */[__nccwpck_require__.e(815), __nccwpck_require__.e(212), __nccwpck_require__.e(734)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9734));
        return runGateStep(inputs, context);
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
        ...azure_inputs/* azureInputs */.Ro,
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

// EXTERNAL MODULE: ./shared/model/inputs.ts
var inputs = __nccwpck_require__(93927);
;// CONCATENATED MODULE: ./shared/steps/catalog/register-model.ts
// register-model: upload model files to the workspace datastore and register a model version.
// Inputs and outputs live in shared/model/inputs.ts (cheap to load); the behaviour is loaded on
// run, not at start-up: registration pulls the Azure SDKs (ARM, storage).


const registerModel = defineStep({
    id: 'register-model',
    title: 'Register model',
    description: 'Upload model files to the workspace datastore and register a model version, idempotently, with lineage tags.',
    available: true,
    inputs: inputs/* registerModelInputs */.Ab,
    outputs: inputs/* registerModelOutputs */.RY,
    async run(inputs, context) {
        const { runRegisterModelStep } = await Promise.all(/* import() */[__nccwpck_require__.e(725), __nccwpck_require__.e(789), __nccwpck_require__.e(815), __nccwpck_require__.e(212), __nccwpck_require__.e(959)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9959));
        return runRegisterModelStep(inputs, context);
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

// EXTERNAL MODULE: ./shared/inputs/parse.ts
var parse = __nccwpck_require__(83841);
;// CONCATENATED MODULE: ./shared/steps/runner.ts
// Runs one step on one host: read and validate inputs, run, write outputs. The only place that
// reads a step's inputs, sets its outputs, and turns a thrown error into a failed step, so every
// host does each the same way. A step that fails after it has results (a gate verdict) throws a
// RolloutError carrying them: they are set before the step is marked failed.



async function runStep(step, host, signal) {
    try {
        const inputs = (0,parse/* parseInputs */.TL)(step.inputs, host);
        setOutputs(host, await step.run(inputs, contextOf(host, inputs, signal)));
        host.succeed();
        return true;
    }
    catch (e) {
        if ((0,errors/* isRolloutError */.IV)(e) && e.outputs)
            setOutputs(host, e.outputs);
        if (!(0,errors/* isRolloutError */.IV)(e) && e instanceof Error && e.stack)
            host.debug(e.stack);
        host.fail((0,errors/* describeError */.Uc)(e));
        return false;
    }
}
/** The step's post-job entry (nothing when it has none): same inputs, no outputs. */
async function runStepPost(step, host, signal) {
    if (!step.post)
        return true;
    try {
        const inputs = (0,parse/* parseInputs */.TL)(step.inputs, host);
        await step.post(inputs, contextOf(host, inputs, signal));
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
function contextOf(host, inputs, signal) {
    return {
        host,
        signal,
        azure: {
            signIn: () => host.azureCredential((0,azure_inputs/* authInputsOf */.HO)(inputs)),
            onSecret: (value) => host.setSecret(value),
        },
    };
}
function setOutputs(host, outputs) {
    for (const [name, value] of Object.entries(outputs)) {
        if (value !== undefined)
            host.setOutput(name, value);
    }
}
/**
 * Set (to `post`) by a bundle's post-job entry, `post.js`, before it loads the bundle: the hosts
 * run the post phase from the same bundle, and this says which phase it is, with no guessing
 * from saved state (a main entry killed before it saved anything must not be taken for a post).
 */
const PHASE_VARIABLE = 'AML_ROLLOUT_PHASE';
function isPostPhase(env = process.env) {
    return env[PHASE_VARIABLE] === 'post';
}
/** Cancellation for a whole process: the CI host sends SIGTERM/SIGINT when a job is cancelled. */
function processSignal() {
    return processCancellation().signal;
}
/** The same, listening only until `dispose` (a CLI step run inside a longer-lived process). */
function processCancellation() {
    const controller = new AbortController();
    const abort = () => controller.abort(new Error('the job was cancelled'));
    process.once('SIGTERM', abort);
    process.once('SIGINT', abort);
    return {
        signal: controller.signal,
        dispose() {
            process.off('SIGTERM', abort);
            process.off('SIGINT', abort);
        },
    };
}

;// CONCATENATED MODULE: ./entries/step.ts
// Shared body of every bundled step entry: find the host, run the step (or, in the post-job phase,
// its post entry), set the exit code.



async function runHostedStep(stepId) {
    const host = await detectHost();
    const step = stepId ? findStep(stepId) : undefined;
    if (isPostPhase()) {
        // The main entry already said what was wrong with the command.
        process.exitCode = step && !(await runStepPost(step, host, processSignal())) ? 1 : 0;
        return;
    }
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

/***/ 57897:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  HO: () => (/* binding */ authInputsOf),
  Ro: () => (/* binding */ azureInputs),
  xv: () => (/* binding */ workspaceRef)
});

// UNUSED EXPORTS: adoAuthInputs, githubAuthInputs, workspaceInputs

;// CONCATENATED MODULE: ./shared/azure/sign-in.ts
const AZURE_AUTH_CHOICES = ['auto', 'azure-cli', 'oidc', 'client-secret', 'managed-identity'];

;// CONCATENATED MODULE: ./shared/azure/inputs.ts

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
        options: AZURE_AUTH_CHOICES,
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
/** The workspace the inputs name (`workspace` may come from elsewhere when the step's own is optional). */
function workspaceRef(inputs) {
    return {
        workspace: inputs.workspace,
        subscriptionId: inputs['subscription-id'],
        resourceGroup: inputs['resource-group'],
        localStateDir: inputs['local-state-dir'],
    };
}
/** The sign-in inputs among a step's parsed (so validated) inputs; absent ones are undefined. */
function authInputsOf(inputs) {
    const text = (name) => {
        const v = inputs[name];
        return typeof v === 'string' ? v : undefined;
    };
    return {
        // The parser checked it against AZURE_AUTH_CHOICES; hosts without the input (ADO) sign in their way.
        auth: (text('auth') ?? 'auto'),
        'client-id': text('client-id'),
        'tenant-id': text('tenant-id'),
        'client-secret': text('client-secret'),
        'azure-subscription': text('azure-subscription'),
    };
}


/***/ }),

/***/ 95559:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   UX: () => (/* binding */ SCORING_PROTOCOLS),
/* harmony export */   by: () => (/* binding */ answerMask),
/* harmony export */   cY: () => (/* binding */ EndpointError),
/* harmony export */   e$: () => (/* binding */ scoreImage),
/* harmony export */   kf: () => (/* binding */ encodeRequest)
/* harmony export */ });
/* unused harmony export decodeResponse */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(32635);
/* harmony import */ var _http_request_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(21076);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(35931);
// Scoring-protocol clients: send one image to a live endpoint (or one named deployment of it) and
// get detections back in original-image pixels, whatever the protocol. Requests go through the
// one HTTP helper (retry policy, per-request timeout, cancellation); the payload size is checked
// before anything is sent. An endpoint is not trusted with what it says: an error quotes its
// answer only as a masked excerpt (secrets.ts), since a broken or hostile one echoes its key.



const SCORING_PROTOCOLS = ['automl', 'kserve', 'torchserve', 'json'];
class EndpointError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RolloutError */ .a6 {
    status;
    attempts;
    constructor(message, status, attempts) {
        super('EndpointRequestFailed', message);
        this.status = status;
        this.attempts = attempts;
        this.name = 'EndpointError';
    }
}
/** The request body, content type and route for one image, as `scoreImage` sends it. */
function encodeRequest(target, image) {
    const model = target.modelName ?? 'model';
    switch (target.protocol) {
        case 'automl':
        case 'json': {
            // As the AutoML samples send it: base64 with MIME line breaks (base64.encodebytes).
            const b64 = (image.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
            const body = { input_data: { columns: ['image'], index: [0], data: [`${b64}\n`] } };
            return { body: Buffer.from(JSON.stringify(body)), contentType: 'application/json', path: '' };
        }
        case 'kserve': {
            const body = {
                inputs: [{ name: 'image', shape: [1], datatype: 'BYTES', data: [image.toString('base64')] }],
            };
            return {
                body: Buffer.from(JSON.stringify(body)),
                contentType: 'application/json',
                path: `/v2/models/${model}/infer`,
            };
        }
        case 'torchserve':
            return { body: image, contentType: 'application/octet-stream', path: `/predictions/${model}` };
    }
}
/** Reads any supported response body into pixel-space detections. */
function decodeResponse(protocol, body, width, height) {
    if (protocol === 'torchserve') {
        // TorchServe's object detector: [{"<label>": [x1, y1, x2, y2], "score": s}, ...] in pixels.
        const rows = Array.isArray(body) ? (Array.isArray(body[0]) ? body[0] : body) : [];
        return rows.map((row) => {
            const label = Object.keys(row).find((k) => k !== 'score') ?? '';
            const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = row[label] ?? [];
            return { label, score: Number(row.score), x1, y1, x2, y2 };
        });
    }
    if (protocol === 'kserve') {
        // KServe v2: the first output carries the AutoML JSON of each image as a BYTES string.
        const out = body.outputs?.[0]?.data?.[0];
        return decodeResponse('automl', typeof out === 'string' ? JSON.parse(out) : out, width, height);
    }
    // AutoML: one item per image, normalized corners.
    const first = Array.isArray(body) ? body[0] : body;
    const parsed = typeof first === 'string' ? JSON.parse(first) : first;
    const boxes = (parsed?.boxes ?? []);
    return boxes.map((b) => ({
        label: String(b.label),
        score: Number(b.score),
        x1: b.box.topX * width,
        y1: b.box.topY * height,
        x2: b.box.bottomX * width,
        y2: b.box.bottomY * height,
    }));
}
/** What masks text from `target`'s answers: its `mask`, else a masker that knows its credential. */
function answerMask(target) {
    if (target.mask)
        return target.mask;
    const masker = new _secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .SecretMasker */ .M2();
    masker.add(target.credential);
    return (text) => masker.mask(text);
}
/** Scores one image; retries per the policy; throws EndpointError once attempts run out. */
async function scoreImage(target, image, size, signal) {
    const { body, contentType, path } = encodeRequest(target, image);
    const limit = target.maxPayloadBytes ?? 25 * 1024 * 1024;
    if (body.length > limit) {
        throw new EndpointError(`request of ${body.length} bytes is over the ${limit}-byte limit; not sent`, undefined, 0);
    }
    // AutoML JSON goes to the scoring URI itself; KServe and TorchServe routes hang off its host.
    const url = path ? new URL(path, target.scoringUri).toString() : target.scoringUri;
    const headers = { 'content-type': contentType };
    if (target.credential)
        headers.authorization = `Bearer ${target.credential}`;
    if (target.deployment)
        headers['azureml-model-deployment'] = target.deployment;
    const mask = answerMask(target);
    let res;
    try {
        res = await (0,_http_request_js__WEBPACK_IMPORTED_MODULE_1__/* .requestJson */ .SS)({
            url,
            method: 'POST',
            headers,
            body,
            timeoutMs: target.timeoutMs ?? 60_000,
            ...(target.retry ? { retry: target.retry } : {}),
            signal,
            mask,
        });
    }
    catch (e) {
        if (!(e instanceof _http_request_js__WEBPACK_IMPORTED_MODULE_1__/* .HttpError */ .j$))
            throw e;
        // A 424 is the model container failing; Azure says with which status.
        const modelStatus = e.headers?.get('ms-azureml-model-error-statuscode');
        throw new EndpointError(`${e.reason}${modelStatus ? ` (model error ${modelStatus})` : ''} after ${e.attempts} attempt(s)${e.bodyExcerpt ? `: ${e.bodyExcerpt}` : ''}`, e.status, e.attempts);
    }
    let detections;
    try {
        detections = decodeResponse(target.protocol, res.json, size.width, size.height);
    }
    catch (e) {
        // Not the error's own message: JSON.parse quotes the body, cut where a secret may be.
        throw new EndpointError(`the response is not ${target.protocol} JSON (${e.name}): ${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .excerpt */ .Kb)(res.body.toString('utf8'), mask)}`, res.status, res.attempts);
    }
    const answeredBy = res.headers.get('azureml-model-deployment') ?? undefined;
    return {
        detections,
        ...(answeredBy ? { answeredBy } : {}),
        attempts: res.attempts,
        latencyMs: res.latencyMs,
    };
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
    outputs;
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'RolloutError';
        this.code = code;
        this.resource = options.resource;
        this.remediation = options.remediation;
        this.outputs = options.outputs;
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

/***/ 21076:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  j$: () => (/* binding */ HttpError),
  aj: () => (/* binding */ httpRequest),
  SS: () => (/* binding */ requestJson)
});

// EXTERNAL MODULE: ./shared/secrets.ts
var secrets = __nccwpck_require__(35931);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __nccwpck_require__(32635);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __nccwpck_require__(58500);
;// CONCATENATED MODULE: ./shared/http/retry.ts
// The one HTTP retry policy (shared/http/request.ts applies it to every request the suite sends
// itself): 429 and 503 are the server saying "not now" and are retried after Retry-After (seconds
// or an HTTP date) or an exponential backoff; 408, 500, 502, 504 and connection failures are
// retried too; 424 (a model container failing) and other 4xx never are. Every wait honours the
// caller's AbortSignal.

const DEFAULT_RETRY = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 30_000 };
/** One attempt: for probes that are themselves polled (is the plane up yet?). */
const NO_RETRY = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };
function isThrottle(status) {
    return status === 429 || status === 503;
}
function isRetryable(status) {
    return isThrottle(status) || status === 500 || status === 502 || status === 504 || status === 408;
}
/** Milliseconds to wait before the next attempt. */
function retryDelayMs(attempt, retryAfter, policy, now = Date.now()) {
    if (retryAfter) {
        const seconds = Number(retryAfter);
        if (Number.isFinite(seconds))
            return Math.min(Math.max(0, seconds * 1000), policy.maxDelayMs);
        const date = Date.parse(retryAfter);
        if (Number.isFinite(date))
            return Math.min(Math.max(0, date - now), policy.maxDelayMs);
    }
    return Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
}
function wait(ms, signal) {
    return (0,promises_.setTimeout)(ms, undefined, signal ? { signal } : undefined);
}

;// CONCATENATED MODULE: ./shared/http/request.ts
// The one HTTP client of the suite's own requests (scoring calls, the Azure DevOps OIDC token, the
// local plane's admin API; the Azure SDKs bring their own pipeline): a per-attempt timeout, the
// caller's AbortSignal, and the one retry policy (./retry.ts) with Retry-After honoured. What it
// logs and the errors it throws are masked: SAS signatures always, and whatever `mask` hides. An
// error response's body is read only up to ERROR_BODY_BYTES and kept as a masked excerpt.



/** Of an error response's body, what is read for its excerpt; the rest is never read. */
const ERROR_BODY_BYTES = 64 * 1024;
/** A request that did not succeed once its attempts ran out (or that must not be retried). */
class HttpError extends errors/* RolloutError */.a6 {
    reason;
    status;
    attempts;
    headers;
    bodyExcerpt;
    constructor(message, 
    /** What went wrong on the last attempt: `HTTP 503`, `timed out`, `connection failed (...)`. */
    reason, 
    /** The last response's status, if there was a response. */
    status, attempts, 
    /** The last response's headers, if there was a response. */
    headers, 
    /** The start of the last response's body, masked (`excerpt`), if it had one. */
    bodyExcerpt) {
        super('HttpRequestFailed', message);
        this.reason = reason;
        this.status = status;
        this.attempts = attempts;
        this.headers = headers;
        this.bodyExcerpt = bodyExcerpt;
        this.name = 'HttpError';
    }
}
/** Sends the request; a 2xx response is returned with its body, anything else throws HttpError. */
async function httpRequest(req) {
    const policy = req.retry ?? DEFAULT_RETRY;
    const masked = (text) => (0,secrets/* maskSasSignatures */.LX)(req.mask ? req.mask(text) : text);
    const headers = { ...req.headers };
    let body = req.body;
    if (req.json !== undefined) {
        body = JSON.stringify(req.json);
        headers['content-type'] ??= 'application/json';
    }
    const method = req.method ?? (body === undefined ? 'GET' : 'POST');
    const what = describe(req);
    const started = performance.now();
    let reason = '';
    let status;
    let lastHeaders;
    let bodyExcerpt;
    let attempt = 0;
    while (attempt < policy.maxAttempts) {
        attempt++;
        const timeout = AbortSignal.timeout(req.timeoutMs ?? 60_000);
        const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
        let retryAfter = null;
        try {
            const res = await fetch(req.url, { method, headers, ...(body === undefined ? {} : { body }), signal });
            status = res.status;
            lastHeaders = res.headers;
            if (res.ok) {
                return {
                    status: res.status,
                    headers: res.headers,
                    body: Buffer.from(await res.arrayBuffer()),
                    attempts: attempt,
                    latencyMs: performance.now() - started,
                };
            }
            reason = `HTTP ${res.status}`;
            retryAfter = res.headers.get('retry-after');
            bodyExcerpt = await errorBodyExcerpt(res, masked);
            if (!isRetryable(res.status))
                break;
        }
        catch (e) {
            if (req.signal?.aborted)
                throw e;
            status = undefined;
            lastHeaders = undefined;
            bodyExcerpt = undefined;
            reason =
                e.name === 'TimeoutError' ? 'timed out' : `connection failed (${e.message})`;
        }
        if (attempt < policy.maxAttempts) {
            const delay = retryDelayMs(attempt, retryAfter, policy);
            req.log?.(masked(`${what}: ${reason}; retrying in ${delay} ms (attempt ${attempt + 1} of ${policy.maxAttempts})`));
            await wait(delay, req.signal);
        }
    }
    throw new HttpError(masked(`${what}: ${reason} after ${attempt} attempt(s)`), masked(reason), status, attempt, lastHeaders, bodyExcerpt);
}
/** A masked excerpt of an error response's body (ERROR_BODY_BYTES at most are read), or undefined
 * when it has none. A body that breaks off while being read is quoted as far as it came. */
async function errorBodyExcerpt(res, mask) {
    if (!res.body)
        return undefined;
    const reader = res.body.getReader();
    const chunks = [];
    let size = 0;
    try {
        while (size < ERROR_BODY_BYTES) {
            const { done, value } = await reader.read();
            if (done)
                break;
            chunks.push(value);
            size += value.length;
        }
    }
    catch {
        // Quote what arrived.
    }
    finally {
        await reader.cancel().catch(() => undefined);
    }
    const text = Buffer.concat(chunks).toString('utf8').trim();
    return text ? (0,secrets/* excerpt */.Kb)(text, mask, { cutShort: size >= ERROR_BODY_BYTES }) : undefined;
}
/** `httpRequest`, with the response body read as JSON; a body that is not JSON is an HttpError. */
async function requestJson(req) {
    const res = await httpRequest(req);
    const text = res.body.toString('utf8');
    try {
        return { ...res, json: JSON.parse(text) };
    }
    catch {
        // Not JSON.parse's message: it quotes the body's first characters, cut where a secret may be.
        const reason = 'the response is not JSON';
        const quoted = (0,secrets/* excerpt */.Kb)(text, req.mask);
        throw new HttpError(`${describe(req)}: ${reason}: ${quoted}`, reason, res.status, res.attempts, res.headers, quoted);
    }
}
/** Method and URL without its query (where SAS tokens and keys travel). */
function describe(req) {
    const url = new URL(req.url);
    const method = req.method ?? (req.body === undefined && req.json === undefined ? 'GET' : 'POST');
    return `${method} ${url.origin}${url.pathname}`;
}


/***/ }),

/***/ 83841:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   TL: () => (/* binding */ parseInputs),
/* harmony export */   xg: () => (/* binding */ parsePairs)
/* harmony export */ });
/* unused harmony exports inputAppliesTo, parseBoolean, parseNumber, parseList */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(32635);
// Turns the raw strings a host hands over into a step's typed inputs. All validation of input
// *form* happens here, before the step runs, and every error names the input. Also the one
// `key=value` list reader (tags, inference parameters, `--param` flags).


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
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(name, 'is required but was not given');
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
            return node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(source.workspaceDir(), raw.trim());
        case 'choice': {
            const value = raw.trim();
            if (!spec.options?.includes(value)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(name, `'${value}' is not one of: ${spec.options?.join(', ')}`);
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
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(name, `'${value}' is not a boolean`, 'use true or false');
}
function parseNumber(name, spec, raw) {
    const value = raw.trim();
    const n = Number(value);
    if (value === '' || !Number.isFinite(n))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(name, `'${value}' is not a number`);
    if (spec.min !== undefined && n < spec.min)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(name, `${n} is below the minimum ${spec.min}`);
    if (spec.max !== undefined && n > spec.max)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(name, `${n} is above the maximum ${spec.max}`);
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
/** `key=value` items into an object; the value may contain `=`, both sides are trimmed. */
function parsePairs(input, items) {
    const out = {};
    for (const item of items) {
        const eq = item.indexOf('=');
        const key = eq < 0 ? '' : item.slice(0, eq).trim();
        if (!key)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `'${item}' is not key=value`);
        out[key] = item.slice(eq + 1).trim();
    }
    return out;
}


/***/ }),

/***/ 93927:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ab: () => (/* binding */ registerModelInputs),
/* harmony export */   RY: () => (/* binding */ registerModelOutputs),
/* harmony export */   me: () => (/* binding */ MODEL_TYPES)
/* harmony export */ });
/* harmony import */ var _azure_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(57897);
// The register-model step's inputs and outputs, declared once: the step catalogue, the manifests
// and the CLI read these objects, and `ModelSpecInputs` is derived from them. Kept free of the
// SDKs and the scorer: the step catalogue loads this file at start-up.

const MODEL_TYPES = ['custom_model', 'mlflow_model', 'triton_model'];
const registerModelInputs = {
    ..._azure_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .azureInputs */ .Ro,
    path: { kind: 'path', description: 'Model file or folder. Required unless `model-yaml` gives it.' },
    name: { kind: 'string', description: 'Model name. Required unless `model-yaml` gives it.' },
    version: {
        kind: 'string',
        description: 'Model version, or `auto` (the default unless `model-yaml` gives one) for the next integer. A version holding the same files is returned instead of creating one.',
    },
    type: {
        kind: 'choice',
        options: MODEL_TYPES,
        description: 'Model type; `custom_model` unless `model-yaml` gives one.',
    },
    description: { kind: 'string', description: 'Model description.' },
    tags: { kind: 'list', description: 'Tags, one `key=value` per line.' },
    properties: { kind: 'list', description: 'Properties, one `key=value` per line.' },
    'model-yaml': { kind: 'path', description: '`az ml` model YAML; the other inputs override it.' },
    datastore: {
        kind: 'string',
        default: 'workspaceblobstore',
        description: 'Blob datastore of the workspace to upload to.',
    },
};
const registerModelOutputs = {
    'model-name': { description: 'Registered model name.' },
    'model-version': { description: 'Registered model version.' },
    'model-id': { description: 'ARM id of the model version.' },
    'model-ref': { description: '`azureml:<name>:<version>`.' },
};


/***/ }),

/***/ 35931:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Kb: () => (/* binding */ excerpt),
/* harmony export */   LX: () => (/* binding */ maskSasSignatures),
/* harmony export */   M2: () => (/* binding */ SecretMasker)
/* harmony export */ });
/* unused harmony exports EXCERPT_CHARS, runnerMaskCommand */
// The one place that masks secrets (layer 1: anything may use it). Every host adapter registers
// secrets here and passes every line it writes through `mask`, so a secret stays hidden even when
// no CI runner is there to mask it; the report files go through the same `mask` (files/
// report-folder.ts), and the HTTP helper masks what it logs and quotes the same way. Text someone
// else sent (a response body, a label) is only ever quoted as an `excerpt`: masked whole, then cut.
const MASK = '***';
/** Encoded forms shorter than this are not masked: they would shred ordinary output (a base64
 * image in the HTML report) and protect little. The secret itself is masked from 4 characters. */
const MIN_ENCODED = 8;
class SecretMasker {
    secrets = new Set();
    /** The secrets, longest first, rebuilt when one is added. */
    ordered;
    add(value) {
        if (!value)
            return;
        const trimmed = value.trim();
        // Masking very short strings would shred ordinary output and protects nothing.
        if (trimmed.length < 4)
            return;
        // Secrets often travel encoded; mask the common encodings as well.
        for (const form of encodedForms(trimmed)) {
            if (form === trimmed || form.length >= MIN_ENCODED)
                this.secrets.add(form);
        }
        this.ordered = undefined;
    }
    mask(text) {
        // Longest first, so a secret that contains another is masked whole.
        this.ordered ??= [...this.secrets].sort((a, b) => b.length - a.length);
        let out = text;
        for (const s of this.ordered) {
            if (out.includes(s))
                out = out.split(s).join(MASK);
        }
        return maskSasSignatures(out);
    }
}
/** A secret as it may appear in text: itself, base64 and base64url (whole, and at each of the three
 * byte offsets it can have inside a longer encoded text, such as `Authorization: Bearer <key>`),
 * URL-encoded (upper- and lower-case hex), and escaped in JSON, XML and HTML. */
function encodedForms(secret) {
    const bytes = Buffer.from(secret);
    const forms = [secret, bytes.toString('base64'), bytes.toString('base64url')];
    for (let offset = 0; offset < 3; offset++) {
        const b64 = Buffer.concat([Buffer.alloc(offset), bytes])
            .toString('base64')
            .replace(/=+$/, '');
        // Keep only the characters made of the secret's bits: the first ones also carry the bytes
        // before it, the last one (unless it ends on a 3-byte boundary) the bytes after it.
        const start = [0, 2, 3][offset];
        const end = b64.length - ((offset + bytes.length) % 3 === 0 ? 0 : 1);
        const core = b64.slice(start, end);
        forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
    try {
        const url = encodeURIComponent(secret);
        forms.push(url, url.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
    }
    catch {
        // A lone surrogate cannot be URL-encoded, so it never travels that way either.
    }
    forms.push(JSON.stringify(secret).slice(1, -1));
    const xml = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    forms.push(xml, xml.replace(/"/g, '&quot;'), xml.replace(/"/g, '&quot;').replace(/'/g, '&apos;'));
    forms.push(xml.replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    return forms;
}
/** SAS tokens in URLs are secrets even when nobody registered them. */
function maskSasSignatures(text) {
    return text.replace(/([?&]sig=)[^&\s"']+/gi, `$1${MASK}`);
}
/** Characters of an excerpt, before the note of how much was left out. */
const EXCERPT_CHARS = 200;
/** Of a text that was itself cut short (the first bytes of a long body), this much of its end is
 * dropped before masking: it may hold the start of a secret whose end was cut off, which no
 * masker can recognise. Longer than any key, SAS or token the suite handles. */
const CUT_MARGIN = 16 * 1024;
/** A short quote of text the suite did not write (a response body, a label, a header), for a log
 * line or a report: masked whole with `mask` (the host's masker; SAS signatures at least) before
 * it is cut, so a secret is never cut in two and half shown; one line, no control characters;
 * says how long the whole was when it is cut. */
function excerpt(text, mask = maskSasSignatures, options = {}) {
    const max = options.max ?? EXCERPT_CHARS;
    const kept = options.cutShort ? text.slice(0, Math.max(0, text.length - CUT_MARGIN)) : text;
    // eslint-disable-next-line no-control-regex
    const line = maskSasSignatures(mask(kept)).replace(/[\u0000-\u001f\u007f\s]+/g, ' ');
    if (!options.cutShort && line.length <= max)
        return line;
    return `${line.slice(0, max)}… (${options.cutShort ? 'more than ' : ''}${text.length} characters)`;
}
/** The line that registers a secret with the CI runner a CLI command runs under (a `run:` step on
 * GitHub, a script step on Azure DevOps), or undefined outside one. For the rare command whose
 * output is a secret (the local plane's token): runners read these commands from stderr as well,
 * so stdout stays one JSON object, and the runner then masks the value in every later line. */
function runnerMaskCommand(value, env = process.env) {
    if (!value)
        return undefined;
    if (env.TF_BUILD)
        return `##vso[task.setsecret]${value}`;
    if (env.GITHUB_ACTIONS === 'true')
        return `::add-mask::${value}`;
    return undefined;
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

/***/ 58500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

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

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

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
/******/ var __webpack_exports__ = __nccwpck_require__(81697);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
