export const id = 279;
export const ids = [279];
export const modules = {

/***/ 43279:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runDeployPost: () => (/* binding */ runDeployPost),
  runDeployStep: () => (/* binding */ runDeployStep)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./shared/azure/inputs.ts + 1 modules
var azure_inputs = __webpack_require__(57897);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
;// CONCATENATED MODULE: ./shared/azure/online.ts


const MIRROR_API_VERSION = '2023-04-01';
const statusOf = (e) => e.statusCode;
/** The endpoint with its deployments, traffic and mirror traffic; undefined when there is none. */
async function readEndpoint(ws, name) {
    const { client, resourceGroup, workspace } = ws;
    let resource;
    try {
        resource = await client.onlineEndpoints.get(resourceGroup, workspace, name);
    }
    catch (e) {
        if (statusOf(e) === 404)
            return undefined;
        throw e;
    }
    const deployments = [];
    for await (const d of client.onlineDeployments.list(resourceGroup, workspace, name)) {
        deployments.push(liveDeployment(d));
    }
    const mirror = await readMirrorTraffic(ws, name);
    return {
        name: resource.name ?? name,
        location: resource.location,
        authMode: resource.properties.authMode,
        scoringUri: resource.properties.scoringUri,
        provisioningState: resource.properties.provisioningState,
        traffic: numbers(resource.properties.traffic),
        mirrorTraffic: mirror,
        tags: { ...resource.tags },
        deployments,
        resource,
    };
}
function liveDeployment(d) {
    const env = {};
    for (const [k, v] of Object.entries(d.properties.environmentVariables ?? {}))
        if (v !== null)
            env[k] = v;
    return {
        name: d.name ?? '',
        provisioningState: d.properties.provisioningState,
        instanceType: d.properties.instanceType,
        instanceCount: d.sku?.capacity ?? 1,
        model: d.properties.model,
        environmentId: d.properties.environmentId,
        environmentVariables: env,
        resource: d,
    };
}
function numbers(map) {
    return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, Number(v)]));
}
function endpointUrl(ws, name) {
    const { client, resourceGroup, workspace } = ws;
    const path = `/subscriptions/${encodeURIComponent(client.subscriptionId)}/resourceGroups/${encodeURIComponent(resourceGroup)}` +
        `/providers/Microsoft.MachineLearningServices/workspaces/${encodeURIComponent(workspace)}` +
        `/onlineEndpoints/${encodeURIComponent(name)}`;
    return `${client.$host.replace(/\/$/, '')}${path}?api-version=${MIRROR_API_VERSION}`;
}
/** A raw request through the SDK's pipeline (sign-in, retry, TLS settings), at 2023-04-01. */
async function rawEndpointRequest(ws, name, method, body) {
    const { createPipelineRequest, createHttpHeaders } = await Promise.all(/* import() */[__webpack_require__.e(725), __webpack_require__.e(869)]).then(__webpack_require__.bind(__webpack_require__, 30869));
    const request = createPipelineRequest({
        url: endpointUrl(ws, name),
        method,
        headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const res = await ws.client.sendRequest(request);
    let json;
    try {
        json = res.bodyAsText ? JSON.parse(res.bodyAsText) : undefined;
    }
    catch {
        json = undefined;
    }
    if (res.status >= 400) {
        const error = (json?.error ?? {});
        throw new errors/* RolloutError */.a6(error.code ?? 'EndpointRequestFailed', `${method} endpoint '${name}' (api-version ${MIRROR_API_VERSION}) answered ${res.status}: ${error.message ?? 'no message'}`, { resource: name });
    }
    return { status: res.status, json, headers: new Headers(res.headers.toJSON()) };
}
async function readMirrorTraffic(ws, name) {
    const { json } = await rawEndpointRequest(ws, name, 'GET');
    const props = (json?.properties ?? {});
    return numbers(props.mirrorTraffic);
}
/** Create or update the endpoint (never its traffic: callers pass the traffic it has). */
async function putEndpoint(ws, name, body, options = {}) {
    const { client, resourceGroup, workspace } = ws;
    return client.onlineEndpoints.beginCreateOrUpdateAndWait(resourceGroup, workspace, name, body, {
        ...(options.pollIntervalMs === undefined ? {} : { updateIntervalInMs: options.pollIntervalMs }),
        ...(options.signal ? { abortSignal: options.signal } : {}),
    });
}
/** The endpoint body to PUT: what ARM returned, minus read-only fields, with these changes. */
function endpointBody(live, change) {
    const { provisioningState: _p, scoringUri: _s, swaggerUri: _w, ...properties } = live.resource.properties;
    return {
        location: live.resource.location,
        ...(live.resource.identity ? { identity: live.resource.identity } : {}),
        ...(live.resource.kind ? { kind: live.resource.kind } : {}),
        ...(live.resource.sku ? { sku: live.resource.sku } : {}),
        tags: change.tags ?? live.tags,
        properties: { ...properties, traffic: change.traffic ?? live.traffic },
    };
}
/** Set traffic (SDK, 2022-10-01: mirror traffic is kept as it is). Tags kept. */
async function setTraffic(ws, live, traffic, options = {}) {
    await putEndpoint(ws, live.name, endpointBody(live, { traffic }), options);
}
/** Set traffic and mirror traffic in one PUT (2023-04-01 through the SDK pipeline), then wait. */
async function setTrafficAndMirror(ws, live, traffic, mirrorTraffic, options = {}) {
    const body = endpointBody(live, { traffic });
    body.properties.mirrorTraffic = mirrorTraffic;
    await rawEndpointRequest(ws, live.name, 'PUT', body);
    await waitForEndpoint(ws, live.name, options);
}
/** Replace the endpoint's tags (a PATCH: nothing else changes). The journal lives here. */
async function setEndpointTags(ws, name, tags, options = {}) {
    const { client, resourceGroup, workspace } = ws;
    await client.onlineEndpoints.beginUpdateAndWait(resourceGroup, workspace, name, { tags }, {
        ...(options.pollIntervalMs === undefined ? {} : { updateIntervalInMs: options.pollIntervalMs }),
        ...(options.signal ? { abortSignal: options.signal } : {}),
    });
}
const TERMINAL = new Set(['Succeeded', 'Failed', 'Canceled']);
/** Wait until the endpoint has no operation in progress (after a raw PUT). */
async function waitForEndpoint(ws, name, options) {
    const { client, resourceGroup, workspace } = ws;
    for (;;) {
        const e = await client.onlineEndpoints.get(resourceGroup, workspace, name);
        const state = e.properties.provisioningState;
        if (!state || TERMINAL.has(state)) {
            if (state === 'Failed') {
                throw new errors/* RolloutError */.a6('EndpointUpdateFailed', `endpoint '${name}' update ended Failed`, {
                    resource: name,
                });
            }
            return;
        }
        await (0,promises_.setTimeout)(options.pollIntervalMs ?? 2000, undefined, options.signal ? { signal: options.signal } : {});
    }
}
class DeploymentProvisioningError extends errors/* RolloutError */.a6 {
    deployment;
    state;
    constructor(deployment, state, message) {
        super('DeploymentProvisioningFailed', message, {
            resource: deployment,
            remediation: 'read the deployment logs printed above (StorageInitializer, InferenceServer)',
        });
        this.deployment = deployment;
        this.state = state;
        this.name = 'DeploymentProvisioningError';
    }
}
/**
 * Create or update a deployment and wait for the outcome, at most `timeoutMs`. The SDK poller
 * follows the operation (Azure-AsyncOperation, Retry-After); a Failed outcome or a timeout
 * throws, leaving cleanup to the caller, who knows what it created.
 */
async function putDeployment(ws, endpoint, name, body, options) {
    const { client, resourceGroup, workspace } = ws;
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
        // An operation still running on it (left by a runner that died mid-provisioning) makes Azure
        // refuse the PUT with 409 Conflict: let it end first, within the same timeout.
        await waitForDeploymentIdle(ws, endpoint, name, signal, options.pollIntervalMs);
        const poller = await client.onlineDeployments.beginCreateOrUpdate(resourceGroup, workspace, endpoint, name, body, {
            abortSignal: signal,
            ...(options.pollIntervalMs === undefined ? {} : { updateIntervalInMs: options.pollIntervalMs }),
        });
        await poller.pollUntilDone({ abortSignal: signal });
    }
    catch (e) {
        if (options.signal?.aborted)
            throw options.signal.reason ?? e;
        if (timeout.aborted) {
            throw new DeploymentProvisioningError(name, 'Timeout', `deployment '${name}' did not reach Succeeded within ${Math.round(options.timeoutMs / 1000)} s`);
        }
        const d = await getDeployment(ws, endpoint, name);
        if (d?.provisioningState === 'Failed' || d?.provisioningState === 'Canceled') {
            throw new DeploymentProvisioningError(name, d.provisioningState, `deployment '${name}' provisioning ended ${d.provisioningState}: ${e.message}`);
        }
        throw e;
    }
    const d = await getDeployment(ws, endpoint, name);
    if (!d || d.provisioningState !== 'Succeeded') {
        throw new DeploymentProvisioningError(name, d?.provisioningState ?? 'Missing', `deployment '${name}' ended ${d?.provisioningState ?? 'missing'}, not Succeeded`);
    }
    return d;
}
async function waitForDeploymentIdle(ws, endpoint, name, signal, pollIntervalMs) {
    for (;;) {
        const state = (await getDeployment(ws, endpoint, name))?.provisioningState;
        if (state === undefined || TERMINAL.has(state))
            return;
        await (0,promises_.setTimeout)(pollIntervalMs ?? 2000, undefined, { signal });
    }
}
async function getDeployment(ws, endpoint, name) {
    const { client, resourceGroup, workspace } = ws;
    try {
        return liveDeployment(await client.onlineDeployments.get(resourceGroup, workspace, endpoint, name));
    }
    catch (e) {
        if (statusOf(e) === 404)
            return undefined;
        throw e;
    }
}
/** Delete a deployment and wait; a deployment that is already gone is fine. */
async function deleteDeployment(ws, endpoint, name, options = {}) {
    const { client, resourceGroup, workspace } = ws;
    try {
        await client.onlineDeployments.beginDeleteAndWait(resourceGroup, workspace, endpoint, name, {
            ...(options.pollIntervalMs === undefined ? {} : { updateIntervalInMs: options.pollIntervalMs }),
            ...(options.signal ? { abortSignal: options.signal } : {}),
        });
    }
    catch (e) {
        if (statusOf(e) !== 404)
            throw e;
    }
}
/** Delete an endpoint and wait (only ever one this run created and nothing else lives on). */
async function deleteEndpoint(ws, name, options = {}) {
    const { client, resourceGroup, workspace } = ws;
    try {
        await client.onlineEndpoints.beginDeleteAndWait(resourceGroup, workspace, name, {
            ...(options.pollIntervalMs === undefined ? {} : { updateIntervalInMs: options.pollIntervalMs }),
            ...(options.signal ? { abortSignal: options.signal } : {}),
        });
    }
    catch (e) {
        if (statusOf(e) !== 404)
            throw e;
    }
}
/** The tail of a deployment's container log; empty when it cannot be read (it is diagnostics). */
async function deploymentLogs(ws, endpoint, name, container, tail = 200) {
    const { client, resourceGroup, workspace } = ws;
    try {
        const logs = await client.onlineDeployments.getLogs(resourceGroup, workspace, endpoint, name, {
            containerType: container,
            tail,
        });
        return logs.content ?? '';
    }
    catch {
        return '';
    }
}

// EXTERNAL MODULE: ./shared/azure/workspace.ts + 1 modules
var workspace = __webpack_require__(5779);
// EXTERNAL MODULE: ./shared/host/run-info.ts
var run_info = __webpack_require__(57457);
;// CONCATENATED MODULE: ./shared/azure/metrics.ts
// Live traffic of an endpoint from Azure Monitor metrics (`Microsoft.Insights/metrics`, api-version
// 2018-01-01), read through the ML client's own pipeline (same sign-in, retry and TLS settings as
// every other ARM call; `@azure/arm-monitor` 8 needs node 22 and 7 adds nothing this REST call
// lacks). Metrics come in one-minute buckets and arrive late: each bucket says whether it has
// closed, and only closed buckets may be judged.

const METRICS_API_VERSION = '2018-01-01';
/** `PT1M`, `PT30S`, `PT1H` as ms; one minute when absent or unreadable. */
function isoDurationMs(text) {
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(text ?? '');
    if (!m || (!m[1] && !m[2] && !m[3]))
        return 60_000;
    return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}
async function query(ws, resourceId, params, signal) {
    const { createPipelineRequest, createHttpHeaders } = await Promise.all(/* import() */[__webpack_require__.e(725), __webpack_require__.e(869)]).then(__webpack_require__.bind(__webpack_require__, 30869));
    const search = new URLSearchParams({ 'api-version': METRICS_API_VERSION, ...params });
    const url = `${ws.client.$host.replace(/\/$/, '')}${resourceId}/providers/Microsoft.Insights/metrics?${search}`;
    const res = await ws.client.sendRequest(createPipelineRequest({
        url,
        method: 'GET',
        headers: createHttpHeaders({ accept: 'application/json' }),
        ...(signal ? { abortSignal: signal } : {}),
    }));
    if (res.status >= 400) {
        throw new errors/* RolloutError */.a6('MetricsUnavailable', `Azure Monitor metrics answered ${res.status} for ${resourceId}`, {
            resource: resourceId,
            remediation: 'the identity needs Monitoring Reader (or Reader) on the endpoint',
        });
    }
    return JSON.parse(res.bodyAsText ?? '{}');
}
function dimension(series, name) {
    // Azure Monitor answers dimension names in lower case; match either way.
    const hit = series.metadatavalues?.find((m) => m.name?.value?.toLowerCase() === name.toLowerCase());
    return hit?.value;
}
/** Requests by deployment and status, and p95 latency by deployment, between `from` and `to`. */
async function readEndpointMetrics(ws, endpointId, window) {
    const now = window.now ?? Date.now();
    const timespan = `${window.from.toISOString()}/${window.to.toISOString()}`;
    const [requests, latency] = await Promise.all([
        query(ws, endpointId, {
            metricnames: 'RequestsPerMinute',
            aggregation: 'Total',
            interval: 'PT1M',
            timespan,
            $filter: "deployment eq '*' and statusCode eq '*' and modelStatusCode eq '*'",
        }, window.signal),
        query(ws, endpointId, {
            metricnames: 'RequestLatency_P95',
            aggregation: 'Average',
            interval: 'PT1M',
            timespan,
            $filter: "deployment eq '*'",
        }, window.signal),
    ]);
    const out = { requests: [], latency: [] };
    const requestWidth = isoDurationMs(requests.interval);
    for (const metric of requests.value ?? []) {
        for (const series of metric.timeseries ?? []) {
            const deployment = dimension(series, 'deployment') ?? '';
            const statusCode = dimension(series, 'statusCode') ?? '';
            const model = dimension(series, 'modelStatusCode');
            for (const point of series.data ?? []) {
                const start = Date.parse(point.timeStamp);
                const count = point.total ?? 0;
                if (!count)
                    continue;
                out.requests.push({
                    start: point.timeStamp,
                    deployment,
                    statusCode,
                    modelStatusCode: model === '' ? undefined : model,
                    count,
                    closed: start + requestWidth <= now,
                });
            }
        }
    }
    const latencyWidth = isoDurationMs(latency.interval);
    for (const metric of latency.value ?? []) {
        for (const series of metric.timeseries ?? []) {
            const deployment = dimension(series, 'deployment') ?? '';
            for (const point of series.data ?? []) {
                const value = point.average ?? point.maximum;
                if (value === undefined)
                    continue;
                const start = Date.parse(point.timeStamp);
                out.latency.push({
                    start: point.timeStamp,
                    deployment,
                    p95Ms: value,
                    closed: start + latencyWidth <= now,
                });
            }
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./shared/rollout/traffic.ts
// Traffic maths of a blue-green rollout on an AML managed online endpoint: the `traffic-steps` and
// `mirror-percent` inputs, the traffic map each step writes, comparing a read-back map with the one
// written, what the endpoint's traffic says at the start, and the restore target.
// AML's rules, as Azure applies them (and local/rules.ts mirrors them): deployment names are
// case-insensitive; live traffic values are integers 0..100 summing to 100, or to 0 when nothing
// serves; mirror traffic names one deployment at most, at most 50%, never one with live traffic.
// Pure: no I/O.

const MAX_MIRROR_PERCENT = 50;
const STEPS_HINT = 'list whole percentages in ascending order ending at 100, e.g. 10,50,100';
/** `traffic-steps`: whole percentages 1..100 (a trailing `%` is allowed), strictly ascending, ending at 100. */
function parseTrafficSteps(items) {
    if (items.length === 0)
        throw new errors/* InputError */.dz('traffic-steps', 'is empty', STEPS_HINT);
    const steps = items.map((item) => {
        const text = item.trim().replace(/%$/, '').trim();
        if (!/^\d+$/.test(text)) {
            throw new errors/* InputError */.dz('traffic-steps', `'${item.trim()}' is not a whole percentage`, STEPS_HINT);
        }
        return Number(text);
    });
    checkTrafficSteps(steps);
    return steps;
}
/** The rules `parseTrafficSteps` applies, for steps that arrive already as numbers. */
function checkTrafficSteps(steps) {
    if (steps.length === 0)
        throw new errors/* InputError */.dz('traffic-steps', 'is empty', STEPS_HINT);
    steps.forEach((p, i) => {
        if (!Number.isInteger(p) || p < 1 || p > 100) {
            throw new errors/* InputError */.dz('traffic-steps', `${p} is not a whole percentage between 1 and 100`, STEPS_HINT);
        }
        const before = steps[i - 1];
        if (before !== undefined && p <= before) {
            throw new errors/* InputError */.dz('traffic-steps', `${p} comes after ${before}: steps must rise strictly (got ${steps.join(',')})`, STEPS_HINT);
        }
    });
    const last = steps[steps.length - 1];
    if (last !== 100) {
        throw new errors/* InputError */.dz('traffic-steps', `must end at 100 so the new deployment ends up serving everything (got ${steps.join(',')})`, STEPS_HINT);
    }
}
/** `mirror-percent`: a whole percentage 0..50 (AML's ceiling for mirrored traffic); 0 turns mirroring off. */
function parseMirrorPercent(value) {
    if (value === undefined || (typeof value === 'string' && value.trim() === ''))
        return 0;
    const n = typeof value === 'number' ? value : Number(value.trim().replace(/%$/, ''));
    if (!Number.isInteger(n) || n < 0 || n > MAX_MIRROR_PERCENT) {
        throw new errors/* InputError */.dz('mirror-percent', `${JSON.stringify(value)} is not a whole percentage between 0 and ${MAX_MIRROR_PERCENT}`, `AML mirrors at most ${MAX_MIRROR_PERCENT}% of live traffic; use 0 to skip mirroring`);
    }
    return n;
}
/** AML compares deployment names without regard to case. */
function sameDeployment(a, b) {
    return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
/** A deployment's percent in a map, matching names as AML does; absent means 0. */
function trafficOf(map, deployment) {
    let total = 0;
    for (const [name, value] of Object.entries(map ?? {}))
        if (sameDeployment(name, deployment))
            total += value;
    return total;
}
/** The spelling a list uses for a deployment, or undefined when the list does not name it. */
function findDeployment(names, deployment) {
    for (const name of names)
        if (sameDeployment(name, deployment))
            return name;
    return undefined;
}
/** "blue 90%, green 10%" (zeros left out), or "none". */
function formatTraffic(map) {
    const parts = Object.entries(map ?? {})
        .filter(([, v]) => v !== 0)
        .map(([k, v]) => `${k} ${v}%`);
    return parts.length === 0 ? 'none' : parts.join(', ');
}
/**
 * The traffic map of one step: the new deployment at `percent`, the old one at the rest, every other
 * deployment the endpoint lists at 0 (named explicitly, so the map sums to 100 across the endpoint's
 * deployments whatever AML does with names left out). Without an old deployment only 0 or 100 can sum
 * right. Keys keep the endpoint's spelling of each name.
 */
function trafficForStep(percent, p) {
    if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
        throw new errors/* RolloutError */.a6('InvalidTrafficStep', `traffic step ${percent} is not a whole percentage 0..100`, {
            resource: p.newDeployment,
        });
    }
    if (sameDeployment(p.newDeployment, p.oldDeployment)) {
        throw new errors/* RolloutError */.a6('InvalidTrafficStep', `the new and the old deployment are the same ('${p.newDeployment}')`, { resource: p.newDeployment });
    }
    if (p.oldDeployment === undefined && percent !== 0 && percent !== 100) {
        throw new errors/* RolloutError */.a6('InvalidTrafficStep', `without an old deployment the new one '${p.newDeployment}' can only take 0% or 100%, not ${percent}%: AML requires traffic to sum to 100 (or 0)`, { resource: p.newDeployment });
    }
    const map = {};
    for (const name of p.deployments)
        if (findDeployment(Object.keys(map), name) === undefined)
            map[name] = 0;
    const newKey = findDeployment(Object.keys(map), p.newDeployment) ?? p.newDeployment;
    map[newKey] = percent;
    if (p.oldDeployment !== undefined) {
        const oldKey = findDeployment(Object.keys(map), p.oldDeployment) ?? p.oldDeployment;
        map[oldKey] = 100 - percent;
    }
    return map;
}
/** `map` with every listed deployment it does not name added at 0 (same meaning, explicit). */
function withZeros(map, deployments) {
    const out = { ...map };
    for (const name of deployments)
        if (findDeployment(Object.keys(out), name) === undefined)
            out[name] = 0;
    return out;
}
/**
 * How a read-back map differs from the expected one; empty when they agree. Names match without case
 * and a name missing on either side counts as 0, as AML treats them.
 */
function compareTraffic(expected, actual) {
    const names = [];
    for (const name of [...Object.keys(expected), ...Object.keys(actual ?? {})]) {
        if (findDeployment(names, name) === undefined)
            names.push(name);
    }
    return names
        .map((deployment) => ({
        deployment,
        expected: trafficOf(expected, deployment),
        actual: trafficOf(actual, deployment),
    }))
        .filter((d) => d.expected !== d.actual);
}
/** "green: expected 10%, read back 0%; blue: expected 90%, read back 100%". */
function describeDifferences(diffs) {
    return diffs.map((d) => `${d.deployment}: expected ${d.expected}%, read back ${d.actual}%`).join('; ');
}
/**
 * Reads the traffic found at the start. A rollout starts only from a clean state: at most one
 * deployment carrying traffic, so "old" and "new" are unambiguous and a restore is exact.
 */
function describeTraffic(traffic, mirrorTraffic) {
    const found = { ...(traffic ?? {}) };
    const mirrorFound = { ...(mirrorTraffic ?? {}) };
    for (const [name, value] of Object.entries(found)) {
        if (!Number.isInteger(value) || value < 0 || value > 100) {
            throw new errors/* RolloutError */.a6('InvalidTraffic', `the endpoint's traffic gives '${name}' ${value}%, not a whole percentage 0..100`, { resource: 'traffic', remediation: 'set the endpoint traffic to valid values and re-run' });
        }
    }
    const carrying = Object.entries(found).filter(([, v]) => v > 0);
    if (carrying.length > 1) {
        throw new errors/* RolloutError */.a6('MultipleLiveDeployments', `a rollout starts from at most one deployment carrying traffic; found ${formatTraffic(found)}`, {
            resource: 'traffic',
            remediation: 'finish the earlier split first: if a rollout of this suite is paused, run it with action: promote or reject; otherwise send all traffic to one deployment (az ml online-endpoint update --traffic "<name>=100")',
        });
    }
    const [live] = carrying;
    if (live && live[1] !== 100) {
        throw new errors/* RolloutError */.a6('InvalidTraffic', `the endpoint's traffic sums to ${live[1]}% (${formatTraffic(found)}); AML requires 100 or 0`, { resource: 'traffic', remediation: 'set the endpoint traffic to sum to 100 and re-run' });
    }
    const mirrored = Object.entries(mirrorFound).find(([, v]) => v > 0);
    return {
        live: live?.[0],
        firstDeployment: live === undefined,
        mirror: mirrored ? { deployment: mirrored[0], percent: mirrored[1] } : undefined,
        traffic: found,
        mirrorTraffic: mirrorFound,
    };
}
function restoreTarget(picture) {
    return { traffic: { ...picture.traffic }, mirrorTraffic: { ...picture.mirrorTraffic } };
}
/** A mirror map without the entries naming `deployment` (it is about to take live traffic). */
function mirrorWithout(mirror, deployment) {
    const out = {};
    for (const [name, value] of Object.entries(mirror))
        if (!sameDeployment(name, deployment))
            out[name] = value;
    return out;
}

;// CONCATENATED MODULE: ./shared/rollout/health.ts
// Judging one health check of a deployment during a rollout, from the step's own probes and the
// endpoint's closed Azure Monitor buckets, and counting failed checks against `failure-limit`.
// Pure: the caller collects probes and metrics; this only decides.
//
// Rules:
// - fewer than `min-requests` judged requests (probes plus live) fail the check: no data is not success;
// - errors are 5xx, 424 (the model container failed), 408 (request timed out in the deployment),
//   429 (the deployment could not keep up), and probe transport failures (status 0);
// - other 4xx are left out of the judgement (counted, not judged): a 400, 401, 404 or 413 says the
//   caller sent something wrong, not that the deployment is unwell;
// - p95 from probes is exact (nearest rank); metric P95 buckets cannot be merged, so the worst closed
//   minute stands for them, and the check takes the worse of the two. The old deployment's p95 for
//   `max-p95-ratio` is computed the same way, so the ratio compares like with like;
// - only closed metric buckets count: an open minute is still filling and would understate errors.


/**
 * A p95 ratio between two fast deployments is noise (14 ms vs 41 ms is 3x and means nothing on a
 * busy machine): the ratio is judged only when the new deployment is also this much slower.
 */
const RATIO_NOISE_MS = 50;
const DEFAULT_HEALTH_THRESHOLDS = { maxErrorRate: 0.01, minRequests: 10 };
/** Validates thresholds from inputs; each error names its input. */
function parseHealthThresholds(raw) {
    const t = {
        maxErrorRate: raw.maxErrorRate ?? DEFAULT_HEALTH_THRESHOLDS.maxErrorRate,
        minRequests: raw.minRequests ?? DEFAULT_HEALTH_THRESHOLDS.minRequests,
        maxP95Ms: raw.maxP95Ms,
        maxP95Ratio: raw.maxP95Ratio,
    };
    if (!Number.isFinite(t.maxErrorRate) || t.maxErrorRate < 0 || t.maxErrorRate > 1)
        throw new errors/* InputError */.dz('max-error-rate', `${t.maxErrorRate} is not a rate between 0 and 1`, 'e.g. 0.01 for 1%');
    if (!Number.isInteger(t.minRequests) || t.minRequests < 1)
        throw new errors/* InputError */.dz('min-requests', `${t.minRequests} is not a whole number of at least 1`, 'a check without requests proves nothing, so at least 1 is required');
    if (t.maxP95Ms !== undefined && (!Number.isFinite(t.maxP95Ms) || t.maxP95Ms <= 0))
        throw new errors/* InputError */.dz('max-p95-ms', `${t.maxP95Ms} is not a positive number of milliseconds`);
    if (t.maxP95Ratio !== undefined && (!Number.isFinite(t.maxP95Ratio) || t.maxP95Ratio < 1))
        throw new errors/* InputError */.dz('max-p95-ratio', `${t.maxP95Ratio} is not a ratio of at least 1`, 'e.g. 1.5 accepts a p95 up to 1.5 times the old deployment');
    return t;
}
const COUNTED_4XX = new Set([408, 424, 429]);
/** How a status counts: `error` against the deployment, `client` left out, `ok`. */
function classifyStatus(status) {
    if (status === undefined)
        return 'error';
    const text = String(status).trim().toLowerCase();
    if (/^\d+$/.test(text)) {
        const code = Number(text);
        if (code >= 200 && code < 400)
            return 'ok';
        if (code >= 400 && code < 500)
            return COUNTED_4XX.has(code) ? 'error' : 'client';
        return 'error'; // 0 (no response), 1xx, 5xx and anything odd
    }
    // A status class cannot tell 429 from 400, so a "4xx" bucket counts as errors (conservative).
    if (text === '2xx' || text === '3xx')
        return 'ok';
    return 'error';
}
const RANK = { ok: 0, client: 1, error: 2 };
/** The worse of a bucket's endpoint status and model status, and the status that decided it. */
function bucketClass(b) {
    let worst;
    for (const code of [b.statusCode, b.modelStatusCode]) {
        if (code === undefined || String(code).trim() === '')
            continue;
        const cls = classifyStatus(code);
        if (!worst || RANK[cls] > RANK[worst.cls])
            worst = { cls, status: String(code).trim() };
    }
    return worst ?? { cls: 'error', status: 'unknown' };
}
/** Nearest-rank percentile (q in (0, 1]); undefined for no values. */
function percentile(values, q) {
    const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    if (sorted.length === 0)
        return undefined;
    const rank = Math.max(1, Math.ceil(q * sorted.length));
    return sorted[rank - 1];
}
function p95(values) {
    return percentile(values, 0.95);
}
const pct = (r) => `${+(r * 100).toFixed(2)}%`;
const ms = (v) => `${Math.round(v)} ms`;
/** p95 for one deployment: probes exactly, metrics by their worst closed minute, then the worse. */
function latencyOf(probes, buckets, deployment) {
    const probeP95Ms = p95(probes.filter((s) => classifyStatus(s.status) !== 'client').map((s) => s.latencyMs));
    const closed = buckets.filter((b) => b.closed && sameDeployment(b.deployment, deployment));
    const metricP95Ms = closed.length ? Math.max(...closed.map((b) => b.p95Ms)) : undefined;
    const both = [probeP95Ms, metricP95Ms].filter((v) => v !== undefined);
    return { probeP95Ms, metricP95Ms, p95Ms: both.length ? Math.max(...both) : undefined };
}
function judgeHealth(input) {
    const t = input.thresholds;
    const reasons = [];
    const notes = [];
    const name = input.newDeployment;
    const errorsByStatus = {};
    let errors = 0;
    let clientErrors = 0;
    let probes = 0;
    let live = 0;
    const count = (cls, status, n) => {
        if (cls === 'client') {
            clientErrors += n;
            return false;
        }
        if (cls === 'error') {
            errors += n;
            errorsByStatus[status] = (errorsByStatus[status] ?? 0) + n;
        }
        return true;
    };
    for (const s of input.probes.new)
        if (count(classifyStatus(s.status), String(s.status), 1))
            probes += 1;
    const allBuckets = [...(input.requests ?? []), ...(input.latency ?? [])];
    const openBucketsIgnored = allBuckets.filter((b) => !b.closed).length;
    for (const b of input.requests ?? []) {
        if (!b.closed || !sameDeployment(b.deployment, name))
            continue;
        const { cls, status } = bucketClass(b);
        if (count(cls, status, b.count))
            live += b.count;
    }
    const requests = probes + live;
    const errorRate = requests > 0 ? errors / requests : undefined;
    const mine = latencyOf(input.probes.new, input.latency ?? [], name);
    const old = input.oldDeployment === undefined
        ? undefined
        : latencyOf(input.probes.old ?? [], input.latency ?? [], input.oldDeployment).p95Ms;
    const ratio = mine.p95Ms !== undefined && old !== undefined ? mine.p95Ms / Math.max(old, 1) : undefined;
    if (requests < t.minRequests) {
        reasons.push(`only ${requests} judged requests reached '${name}' (${probes} probes, ${live} live); at least ${t.minRequests} are needed: no data is not success`);
    }
    if (errorRate !== undefined && errorRate > t.maxErrorRate) {
        const by = Object.entries(errorsByStatus)
            .sort(([sa, a], [sb, b]) => b - a || sa.localeCompare(sb))
            .map(([s, n]) => `${n}x ${s === '0' ? 'no response' : s}`)
            .join(', ');
        reasons.push(`error rate ${pct(errorRate)} (${errors} of ${requests}: ${by}) is above max-error-rate ${pct(t.maxErrorRate)}`);
    }
    const latencyText = () => `p95 ${ms(mine.p95Ms ?? 0)} (probes ${mine.probeP95Ms === undefined ? 'none' : ms(mine.probeP95Ms)}, metrics ${mine.metricP95Ms === undefined ? 'none' : ms(mine.metricP95Ms)})`;
    if (t.maxP95Ms !== undefined || t.maxP95Ratio !== undefined) {
        if (mine.p95Ms === undefined) {
            if (requests >= t.minRequests)
                reasons.push(`no latency data for '${name}': no data is not success`);
        }
        else if (t.maxP95Ms !== undefined && mine.p95Ms > t.maxP95Ms) {
            reasons.push(`${latencyText()} is above max-p95-ms ${t.maxP95Ms}`);
        }
    }
    if (t.maxP95Ratio !== undefined && mine.p95Ms !== undefined) {
        if (ratio === undefined) {
            notes.push(input.oldDeployment === undefined
                ? 'max-p95-ratio not applied: there is no old deployment to compare with'
                : `max-p95-ratio not applied: no latency data for the old deployment '${input.oldDeployment}'`);
        }
        else if (ratio > t.maxP95Ratio && (mine.p95Ms ?? 0) - (old ?? 0) < RATIO_NOISE_MS) {
            notes.push(`p95 is ${ratio.toFixed(2)}x the old deployment's, but only ${ms((mine.p95Ms ?? 0) - (old ?? 0))} slower: under ${RATIO_NOISE_MS} ms a ratio is noise, not judged`);
        }
        else if (ratio > t.maxP95Ratio) {
            reasons.push(`${latencyText()} is ${ratio.toFixed(2)}x the old deployment's ${ms(old ?? 0)}, above max-p95-ratio ${t.maxP95Ratio}`);
        }
    }
    if (clientErrors > 0) {
        notes.push(`${clientErrors} client errors (4xx other than 408/424/429) left out: they say the request was wrong, not the deployment`);
    }
    if (openBucketsIgnored > 0)
        notes.push(`${openBucketsIgnored} open metric buckets ignored (still filling)`);
    return {
        ok: reasons.length === 0,
        reasons,
        notes,
        figures: {
            requests,
            probes,
            live,
            errors,
            errorsByStatus,
            clientErrors,
            errorRate,
            p95Ms: mine.p95Ms,
            probeP95Ms: mine.probeP95Ms,
            metricP95Ms: mine.metricP95Ms,
            oldP95Ms: old,
            p95Ratio: ratio,
            openBucketsIgnored,
        },
    };
}
/** One line of figures for a timeline: "errors 1/120 (0.83%), p95 180 ms, old 170 ms (x1.06)". */
function describeFigures(f) {
    const parts = [
        `errors ${f.errors}/${f.requests}${f.errorRate === undefined ? '' : ` (${pct(f.errorRate)})`}`,
    ];
    if (f.p95Ms !== undefined)
        parts.push(`p95 ${ms(f.p95Ms)}`);
    if (f.oldP95Ms !== undefined)
        parts.push(`old ${ms(f.oldP95Ms)}${f.p95Ratio === undefined ? '' : ` (x${f.p95Ratio.toFixed(2)})`}`);
    return parts.join(', ');
}
function startFailureTally(limit) {
    if (!Number.isInteger(limit) || limit < 1) {
        throw new InputError('failure-limit', `${limit} is not a whole number of at least 1`, 'the number of failed checks after which the rollout rolls back');
    }
    return { limit, checks: 0, failed: 0, exhausted: false };
}
function countCheck(tally, verdict) {
    const failed = tally.failed + (verdict.ok ? 0 : 1);
    return { limit: tally.limit, checks: tally.checks + 1, failed, exhausted: failed >= tally.limit };
}

// EXTERNAL MODULE: ./shared/endpoint/client.ts
var client = __webpack_require__(95559);
// EXTERNAL MODULE: ./shared/http/request.ts
var http_request = __webpack_require__(12094);
;// CONCATENATED MODULE: ./shared/rollout/probes.ts
// The rollout's own probes: requests (golden images, or the smoke request) sent to the new and the
// old deployment through the `azureml-model-deployment` header, throughout a watch window, one
// attempt each: a retry would hide exactly the errors a probe is there to see. Each answer is one
// sample, judged by health.ts. Answers are read within the endpoint client's response bound (the
// target's `maxResponseBytes`, else DEFAULT_MAX_RESPONSE_BYTES): an answer over it is a failed
// probe, never a body held in memory.



const EXTRA_FLOOR_MS = 5_000;
/** One request to one deployment, as a sample. */
async function probeOnce(target, deployment, request, signal) {
    const at = Date.now();
    const started = performance.now();
    const headers = {
        'content-type': request.contentType,
        'azureml-model-deployment': deployment,
    };
    if (target.credential)
        headers.authorization = `Bearer ${target.credential}`;
    const url = request.path ? new URL(request.path, target.scoringUri).toString() : target.scoringUri;
    try {
        const res = await (0,http_request/* httpRequest */.aj)({
            url,
            method: 'POST',
            headers,
            body: request.body,
            timeoutMs: target.timeoutMs ?? 60_000,
            retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
            signal,
            maxResponseBytes: target.maxResponseBytes ?? client/* DEFAULT_MAX_RESPONSE_BYTES */.fe,
            mask: (0,client/* answerMask */.by)({ ...target, deployment }),
        });
        return { deployment, status: res.status, latencyMs: res.latencyMs, at };
    }
    catch (e) {
        if (signal?.aborted)
            throw e;
        const latencyMs = performance.now() - started;
        if (e instanceof http_request/* HttpError */.j$) {
            // A 424 is the model container failing; Azure says with which status.
            const model = e.headers?.get('ms-azureml-model-error-statuscode');
            // A 2xx whose body was refused unread is no answer: its status must not count as success.
            const unread = e.code === 'HttpResponseTooLarge' || e.code === 'HttpInvalidResponse';
            return {
                deployment,
                status: unread ? 0 : (e.status ?? 0),
                latencyMs,
                error: `${e.reason}${model ? ` (model error ${model})` : ''}`,
                at,
            };
        }
        return { deployment, status: 0, latencyMs, error: e.message, at };
    }
}
/** Probe every deployment in rounds until the window closes; returns every sample. */
async function probeWindow(w) {
    const samples = [];
    const end = Date.now() + w.durationMs;
    const hardEnd = end + Math.max(w.durationMs, EXTRA_FLOOR_MS);
    for (let round = 0;; round++) {
        const request = w.requests[round % w.requests.length];
        if (!request)
            break;
        samples.push(...(await Promise.all(w.deployments.map((d) => probeOnce(w.target, d, request, w.signal)))));
        const until = round + 1 < (w.minRounds ?? 0) ? hardEnd : end;
        const left = until - Date.now();
        if (left <= 0)
            break;
        await (0,promises_.setTimeout)(Math.min(w.intervalMs, left), undefined, w.signal ? { signal: w.signal } : {});
    }
    return samples;
}

;// CONCATENATED MODULE: ./shared/rollout/checks.ts
// The checks a rollout runs on a deployment, on Azure and on the local plane alike: the smoke
// request, the gate (with blue-vs-green parity), and each watch window judged from the step's own
// probes plus the closed Azure Monitor buckets of live traffic.




function rolloutChecks(s) {
    return {
        gate: s.gate,
        async smoke(deployment, signal) {
            const request = s.requests[0];
            if (!request)
                throw new errors/* RolloutError */.a6('SmokeFailed', 'there is no smoke request to send');
            const sample = await probeOnce(s.target, deployment, request, signal);
            if (sample.error !== undefined) {
                throw new errors/* RolloutError */.a6('SmokeFailed', `smoke request (${request.name}) to '${deployment}' failed: ${sample.error}`, {
                    resource: deployment,
                    remediation: 'read the InferenceServer log of the deployment',
                });
            }
            return `${request.name}: HTTP ${sample.status} in ${Math.round(sample.latencyMs)} ms`;
        },
        watch: (window, signal) => watch(s, window, signal),
    };
}
async function watch(s, w, signal) {
    const from = new Date();
    const deployments = w.oldDeployment && !w.mirror ? [w.newDeployment, w.oldDeployment] : [w.newDeployment];
    const samples = await probeWindow({
        target: s.target,
        deployments,
        requests: s.requests,
        durationMs: w.durationMs,
        intervalMs: s.probeIntervalMs,
        minRounds: s.thresholds.minRequests,
        signal,
    });
    const of = (name) => name ? samples.filter((x) => x.deployment.toLowerCase() === name.toLowerCase()) : [];
    let requests = [];
    let latency = [];
    try {
        const metrics = await readEndpointMetrics(s.ws, s.endpointId, { from, to: new Date(), signal });
        requests = metrics.requests;
        latency = metrics.latency;
    }
    catch (e) {
        if (signal.aborted)
            throw e;
        // Live traffic is one of two sources; without it the probes alone must reach min-requests.
        s.warn(`${w.stage}: live metrics unavailable (${e.message}); judging by probes alone`);
    }
    // Mirrored requests reach the new deployment but their answers reach no client: judge the
    // new deployment alone.
    const verdict = judgeHealth({
        newDeployment: w.newDeployment,
        oldDeployment: w.mirror ? undefined : w.oldDeployment,
        probes: { new: of(w.newDeployment), old: w.mirror ? undefined : of(w.oldDeployment) },
        requests,
        latency,
        thresholds: s.thresholds,
    });
    const f = verdict.figures;
    s.log(`${w.stage}: ${f.probes} probe answers and ${f.live} live requests (closed metric buckets) judged`);
    return verdict;
}

// EXTERNAL MODULE: ./shared/gate/coco.ts
var coco = __webpack_require__(95102);
// EXTERNAL MODULE: ./shared/gate/parity.ts
var gate_parity = __webpack_require__(64687);
// EXTERNAL MODULE: ./shared/gate/record.ts + 1 modules
var record = __webpack_require__(64586);
// EXTERNAL MODULE: ./shared/gate/run.ts + 14 modules
var run = __webpack_require__(61376);
// EXTERNAL MODULE: ./shared/gate/step.ts + 3 modules
var step = __webpack_require__(9734);
// EXTERNAL MODULE: ./shared/scoring/card.ts + 7 modules
var scoring_card = __webpack_require__(55822);
;// CONCATENATED MODULE: ./shared/rollout/gate.ts






/** Per-image detections grouped by image id. */
function byImage(detections) {
    const out = new Map();
    for (const d of detections)
        out.set(d.image_id, [...(out.get(d.image_id) ?? []), d]);
    return out;
}
function deployGate(host, gate, target, environmentVariables, 
/** A live deployment's environment variables (its inference parameters). */
liveEnvironment, subject) {
    return async (deployment, live, signal) => {
        // Read before anything is scored: its content hash is shown beside the verdict.
        const model = 'reason' in subject.model
            ? undefined
            : await (0,record/* readJudgedModel */.jD)(subject.workspace, subject.model, 'model');
        const noEvidence = 'reason' in subject.model ? `not recorded: ${subject.model.reason}` : undefined;
        if (noEvidence)
            host.info(`gate evidence ${noEvidence}`);
        const endpoint = { target: { ...target, deployment }, concurrency: 2 };
        const data = await host.group(`gate on '${deployment}'`, () => (0,run/* collect */.Fo)({
            golden: gate.golden,
            model: gate.model,
            card: gate.card,
            baselinePredictions: gate.baseline,
            endpoint,
            // The local scorer runs with the inference parameters the deployment runs with.
            params: (0,scoring_card/* inferenceOverridesFromEnv */.CC)({ ...environmentVariables }),
            thresholds: gate.thresholds,
            signal,
            log: (l) => host.info(l),
        }));
        const { report } = await (0,step/* finishGate */.J)(host, gate.golden, data, gate.thresholds, gate.reportDir, undefined, {
            target: `${subject.endpoint}/${deployment}`,
            model,
            image: subject.image,
            noEvidence,
        });
        const judged = report.endpoint ?? report.local;
        let parity = '';
        if (live && data.endpoint) {
            const old = await (0,run/* runEndpoint */.h5)({ target: { ...target, deployment: live }, concurrency: 2 }, gate.golden.images, gate.golden, signal, () => undefined);
            const next = byImage(data.endpoint);
            const before = byImage(old.detections);
            // Detections just above the lower of the two box_score_thresh values may fall on either side
            // of it and are not counted as changes; above that, a box one side returns and the other
            // does not is a change, even when the two deployments run with different thresholds.
            const scoreThreshold = Math.min(data.scoreThreshold, liveScoreThreshold(gate, liveEnvironment(live)));
            const changed = [];
            for (const image of gate.golden.images) {
                const p = (0,gate_parity/* imageParity */.X)(image.id, before.get(image.id) ?? [], next.get(image.id) ?? [], {
                    iou: 0.5,
                    scoreDelta: 0.05,
                    scoreThreshold,
                });
                if (p.localOnly || p.endpointOnly)
                    changed.push(image.fileName);
            }
            parity = `; vs '${live}': ${changed.length} of ${gate.golden.images.length} images' detections changed${changed.length ? ` (${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ', ...' : ''})` : ''}`;
            host.info(`blue/green parity${parity}`);
        }
        return `${report.verdict}: AP ${judged.coco.AP.toFixed(3)}, AP50 ${judged.coco.AP50.toFixed(3)}${parity}`;
    };
}
/** The live deployment's box_score_thresh (its environment over the gate card's defaults); 0, the
 * least allowance, when its variables do not parse. */
function liveScoreThreshold(gate, env) {
    try {
        return (0,scoring_card/* overrideInference */.gL)(gate.card.inference, (0,scoring_card/* inferenceOverridesFromEnv */.CC)({ ...env })).boxScoreThresh;
    }
    catch {
        return 0;
    }
}

;// CONCATENATED MODULE: ./shared/rollout/journal.ts
// The rollout journal: the stages of a blue-green rollout and their legal transitions, the record
// kept in the endpoint's tags (written before each stage acts), its encoding within Azure's tag
// limits, and what a run does when it finds a journal at start. Pure: the caller reads and writes
// the tags, and calls `decideRecovery` only while holding the endpoint lock, so any journal still
// in flight belongs to a runner that died.
//
// Tags: Azure allows 50 tags per resource, names up to 512 characters and values up to 256. The
// record is compact JSON (non-ASCII escaped, so every chunk is plain ASCII), cut into 256-character
// parts `aml-rollout.journal.1..N`, announced by the header `aml-rollout.journal` =
// `v1 stage=<stage> parts=<N> fnv=<8 hex>`; the header shows the stage in the portal, and its count
// and FNV-1a checksum catch a part lost or edited by hand. Other tags are never touched.


const NAMED_STAGES = [
    'validated',
    'endpoint-ready',
    'locked',
    'deploying',
    'smoke',
    'gate',
    'mirror',
    'finalizing',
    'done',
    'paused',
    'rolling-back',
    'rolled-back',
];
function trafficStage(percent) {
    return `traffic:${percent}`;
}
/** The percent of a `traffic:<p>` stage, else undefined. */
function stagePercent(stage) {
    const m = /^traffic:(\d+)$/.exec(stage);
    return m ? Number(m[1]) : undefined;
}
function parseStage(text) {
    if (NAMED_STAGES.includes(text))
        return text;
    const m = /^traffic:([1-9]\d?|100)$/.exec(text);
    return m ? trafficStage(Number(m[1])) : undefined;
}
/** The forward path, `validated` to `done`. */
function forwardStages(route) {
    return [
        'validated',
        'endpoint-ready',
        'locked',
        'deploying',
        'smoke',
        'gate',
        ...(route.mirrorPercent > 0 ? ['mirror'] : []),
        ...route.steps.map(trafficStage),
        'finalizing',
        'done',
    ];
}
/** A rollout may pause once the new deployment is vetted and before it serves everything. */
function canPauseAfter(stage) {
    const p = stagePercent(stage);
    return stage === 'gate' || stage === 'mirror' || (p !== undefined && p < 100);
}
/**
 * The stage after `stage` on `event`:
 * - succeeded: the next forward stage; a finished rollback is `rolled-back`;
 * - failed: `rolling-back` from any stage before `finalizing`; `finalizing` stays (the new deployment
 *   already serves 100% and passed its checks, and the old may be gone: only forward is safe);
 *   `rolling-back` stays (retry the restore);
 * - paused: `paused` after gate, mirror or a traffic step below 100;
 * - promoted: from `paused`, the stage after the one it paused after;
 * - rejected: `rolling-back` from `paused` or any stage before `finalizing`.
 */
function nextStage(stage, event, ctx) {
    const forward = forwardStages(ctx.route);
    const at = forward.indexOf(stage);
    const beforeFinalizing = at >= 0 && at < forward.indexOf('finalizing');
    const illegal = () => new errors/* RolloutError */.a6('IllegalTransition', `a rollout at stage '${stage}' cannot take the event '${event}'`, {
        resource: stage,
    });
    switch (event) {
        case 'succeeded':
            if (stage === 'rolling-back')
                return 'rolled-back';
            if (at >= 0 && stage !== 'done')
                return forward[at + 1];
            throw illegal();
        case 'failed':
            if (beforeFinalizing)
                return 'rolling-back';
            if (stage === 'finalizing' || stage === 'rolling-back')
                return stage;
            throw illegal();
        case 'paused':
            if (at >= 0 && canPauseAfter(stage))
                return 'paused';
            throw illegal();
        case 'promoted': {
            const after = ctx.pausedAfter === undefined ? -1 : forward.indexOf(ctx.pausedAfter);
            if (stage === 'paused' && after >= 0 && ctx.pausedAfter !== 'done')
                return forward[after + 1];
            throw illegal();
        }
        case 'rejected':
            if (stage === 'paused' || beforeFinalizing)
                return 'rolling-back';
            throw illegal();
    }
}
const JOURNAL_TAG = 'aml-rollout.journal';
const MAX_TAGS = 50;
const MAX_TAG_VALUE = 256;
const MAX_TAG_NAME = 512;
const isJournalTag = (key) => {
    const k = key.toLowerCase();
    return (k === JOURNAL_TAG || (k.startsWith(`${JOURNAL_TAG}.`) && /^\d+$/.test(k.slice(JOURNAL_TAG.length + 1))));
};
/** FNV-1a, 32 bits, over UTF-16 code units (the text is ASCII here). */
function fnv1a(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
}
const asciiJson = (value) => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** The journal's own tags (header and parts) for a record. */
function encodeJournal(record) {
    const problem = checkRecord(record);
    if (problem)
        throw new errors/* RolloutError */.a6('InvalidJournal', `journal record is invalid: ${problem}`);
    const json = asciiJson(record);
    const parts = [];
    for (let i = 0; i < json.length; i += MAX_TAG_VALUE)
        parts.push(json.slice(i, i + MAX_TAG_VALUE));
    const tags = {
        [JOURNAL_TAG]: `v1 stage=${record.stage} parts=${parts.length} fnv=${fnv1a(json)}`,
    };
    parts.forEach((part, i) => (tags[`${JOURNAL_TAG}.${i + 1}`] = part));
    return tags;
}
/** The endpoint's tags without any journal tag (other tags kept as they are). */
function withoutJournal(tags) {
    const out = {};
    for (const [k, v] of Object.entries(tags ?? {}))
        if (!isJournalTag(k))
            out[k] = v;
    return out;
}
/** The endpoint's tags with the journal replaced by `record`; refuses to pass Azure's tag limits. */
function withJournal(tags, record) {
    const others = withoutJournal(tags);
    const mine = encodeJournal(record);
    const total = Object.keys(others).length + Object.keys(mine).length;
    if (total > MAX_TAGS) {
        throw new errors/* RolloutError */.a6('TooManyTags', `the endpoint has ${Object.keys(others).length} tags of its own and the rollout journal needs ${Object.keys(mine).length}; Azure allows ${MAX_TAGS} per resource`, {
            resource: 'tags',
            remediation: `remove ${total - MAX_TAGS} tags from the endpoint (or its YAML) and re-run`,
        });
    }
    return { ...others, ...mine };
}
/** Reads the journal from an endpoint's tags; never throws: absent or garbled come back with a reason. */
function decodeJournal(tags) {
    const lower = new Map();
    for (const [k, v] of Object.entries(tags ?? {}))
        if (isJournalTag(k))
            lower.set(k.toLowerCase(), v);
    const garbled = (reason) => ({ record: undefined, reason, garbled: true });
    const header = lower.get(JOURNAL_TAG);
    if (header === undefined) {
        return lower.size === 0
            ? { record: undefined, reason: 'the endpoint has no rollout journal', garbled: false }
            : garbled(`journal parts without the '${JOURNAL_TAG}' header`);
    }
    const m = /^v(\d+) stage=(\S+) parts=(\d+) fnv=([0-9a-f]{8})$/.exec(header.trim());
    if (!m)
        return garbled(`the '${JOURNAL_TAG}' header '${header}' is not 'v1 stage=.. parts=.. fnv=..'`);
    if (m[1] !== '1')
        return garbled(`journal version v${m[1]} is not one this version reads (v1)`);
    const count = Number(m[3]);
    if (count < 1 || count > MAX_TAGS)
        return garbled(`journal header announces ${count} parts`);
    let json = '';
    for (let i = 1; i <= count; i++) {
        const part = lower.get(`${JOURNAL_TAG}.${i}`);
        if (part === undefined)
            return garbled(`journal part ${i} of ${count} is missing`);
        json += part;
    }
    if (lower.size !== count + 1)
        return garbled(`journal has parts beyond the ${count} its header announces`);
    if (fnv1a(json) !== m[4])
        return garbled('journal checksum does not match its parts (edited or cut short)');
    let value;
    try {
        value = JSON.parse(json);
    }
    catch {
        return garbled('journal parts are not JSON');
    }
    const problem = checkRecord(value);
    if (problem)
        return garbled(`journal record is invalid: ${problem}`);
    const record = value;
    if (record.stage !== m[2])
        return garbled(`journal header says stage ${m[2]}, the record ${record.stage}`);
    return { record };
}
const isMap = (v) => typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n));
/** Why `v` is not a valid journal record, or undefined when it is. */
function checkRecord(v) {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
        return 'not an object';
    const r = v;
    const str = (k) => typeof r[k] === 'string' && r[k] !== '';
    for (const k of ['runId', 'newDeployment', 'startedAt', 'updatedAt'])
        if (!str(k))
            return `${k} is missing`;
    for (const k of ['runUrl', 'oldDeployment'])
        if (r[k] !== undefined && !str(k))
            return `${k} is not a string`;
    if (typeof r.stage !== 'string' || parseStage(r.stage) === undefined)
        return `stage ${String(r.stage)} is unknown`;
    for (const k of ['createdEndpoint', 'createdDeployment'])
        if (typeof r[k] !== 'boolean')
            return `${k} is not true or false`;
    if (r.keepOld !== undefined && typeof r.keepOld !== 'boolean')
        return 'keepOld is not true or false';
    const original = r.original;
    if (!original || !isMap(original.traffic) || !isMap(original.mirrorTraffic))
        return 'original traffic and mirror traffic are missing';
    const route = r.route;
    const steps = route?.steps;
    if (!Array.isArray(steps) ||
        steps.length === 0 ||
        !steps.every((p, i) => Number.isInteger(p) && p >= 1 && p <= 100 && (i === 0 || p > steps[i - 1])) ||
        steps[steps.length - 1] !== 100)
        return 'route.steps is not an ascending list of percentages ending at 100';
    const mirror = route?.mirrorPercent;
    if (typeof mirror !== 'number' || !Number.isInteger(mirror) || mirror < 0 || mirror > MAX_MIRROR_PERCENT)
        return 'route.mirrorPercent is not 0..50';
    const stageRoute = { steps: steps, mirrorPercent: mirror };
    const onRoute = (s) => forwardStages(stageRoute).includes(s);
    const stage = r.stage;
    if (stagePercent(stage) !== undefined && !onRoute(stage))
        return `stage ${stage} is not on the route`;
    if (r.paused !== undefined) {
        const paused = typeof r.paused === 'string' ? parseStage(r.paused) : undefined;
        if (paused === undefined || !onRoute(paused) || !canPauseAfter(paused))
            return `paused ${String(r.paused)} is not a stage a rollout pauses after`;
    }
    if (stage === 'paused' && r.paused === undefined)
        return 'stage is paused but paused is not set';
    return undefined;
}
/** The journalled rollout that has not finished (in flight, interrupted or paused), if any. */
function unfinishedRollout(read) {
    const r = read.record;
    return r && r.stage !== 'done' && r.stage !== 'rolled-back' ? r : undefined;
}
/** "rollout of 'green' (from 'blue') by run 42 (url), at traffic:50". */
function describeJournal(r) {
    const at = r.stage === 'paused' && r.paused ? `paused after ${r.paused}` : `at ${r.stage}`;
    return `rollout of '${r.newDeployment}'${r.oldDeployment ? ` (from '${r.oldDeployment}')` : ' (first deployment)'} by run ${r.runId}${r.runUrl ? ` (${r.runUrl})` : ''}, ${at}`;
}
function parseOnInterrupted(value) {
    const v = (value ?? '').trim() || 'rollback';
    if (v === 'resume' || v === 'rollback')
        return v;
    throw new errors/* InputError */.dz('on-interrupted', `'${v}' is not one of: resume, rollback`, 'rollback (the default) restores the traffic found before; resume carries on');
}
/**
 * What to do with the journal found at start (read under the lock):
 * - none, `done` or `rolled-back`: nothing to recover (`promote` is refused: nothing is paused);
 * - `paused`: `deploy` is refused until `promote` (resume after the paused stage) or `reject` (roll back);
 * - `rolling-back`: always finish the rollback;
 * - `finalizing`: always finish forward (`reject` is refused: too late);
 * - any other stage: `deploy` follows `on-interrupted`, `promote` resumes, `reject` rolls back.
 * A resume starts no earlier than `deploying`: this run has redone validate, endpoint and lock itself.
 * When `newDeployment` (what this run would deploy) differs from the journal's, a resume is refused:
 * this run is not the interrupted rollout.
 */
function decideRecovery(read, opts) {
    if (read.record === undefined) {
        if (read.garbled) {
            throw new errors/* RolloutError */.a6('JournalUnreadable', `the endpoint's rollout journal is unreadable: ${read.reason}`, {
                resource: JOURNAL_TAG,
                remediation: `check the endpoint's traffic by hand, then remove the ${JOURNAL_TAG}* tags to start afresh`,
            });
        }
        if (opts.action === 'promote')
            throw nothingPaused(read.reason);
        return { kind: 'nothing', reason: read.reason };
    }
    const j = read.record;
    const what = describeJournal(j);
    const { action } = opts;
    if (j.stage === 'done' || j.stage === 'rolled-back') {
        if (action === 'promote')
            throw nothingPaused(`the last ${what} has finished`);
        return { kind: 'nothing', reason: `the last ${what} has finished` };
    }
    const resume = (from, reason) => {
        if (opts.newDeployment !== undefined &&
            opts.newDeployment.toLowerCase() !== j.newDeployment.toLowerCase()) {
            throw new errors/* RolloutError */.a6('ResumeMismatch', `cannot resume the ${what}: this run would deploy '${opts.newDeployment}'`, {
                resource: j.newDeployment,
                remediation: 'use on-interrupted: rollback, or re-run with the same inputs',
            });
        }
        return { kind: 'resume', from, journal: j, reason };
    };
    const rollback = (reason, thenDeploy) => ({
        kind: 'rollback',
        journal: j,
        reason,
        thenDeploy,
    });
    if (j.stage === 'paused') {
        if (action === 'deploy') {
            throw new errors/* RolloutError */.a6('RolloutPaused', `a ${what} is waiting for a decision`, {
                resource: j.newDeployment,
                remediation: 'run with action: promote to carry it on, or action: reject to roll it back',
            });
        }
        if (action === 'reject')
            return rollback(`rejecting the ${what}`, false);
        return resume(nextStage('paused', 'promoted', { route: j.route, pausedAfter: j.paused }), `promoting the ${what}`);
    }
    if (j.stage === 'rolling-back') {
        if (action === 'promote')
            throw nothingPaused(`the ${what} was being rolled back`);
        return rollback(`finishing the interrupted rollback of the ${what}`, action === 'deploy');
    }
    if (j.stage === 'finalizing') {
        if (action === 'reject') {
            throw new errors/* RolloutError */.a6('TooLateToReject', `the ${what}: the new deployment already serves 100%`, {
                resource: j.newDeployment,
                remediation: 'let it finish (deploy or promote), then deploy the previous model again',
            });
        }
        return resume('finalizing', `finishing the interrupted ${what}`);
    }
    const from = forwardStages(j.route).indexOf(j.stage) < forwardStages(j.route).indexOf('deploying')
        ? 'deploying'
        : j.stage;
    if (action === 'reject')
        return rollback(`rejecting the interrupted ${what}`, false);
    if (action === 'promote' || opts.onInterrupted === 'resume')
        return resume(from, `resuming the interrupted ${what}`);
    return rollback(`rolling back the interrupted ${what} (on-interrupted: rollback)`, true);
}
function nothingPaused(why) {
    return new errors/* RolloutError */.a6('NothingToPromote', `no paused rollout to promote: ${why}`, {
        resource: JOURNAL_TAG,
        remediation: 'run with action: deploy to start a rollout',
    });
}

;// CONCATENATED MODULE: ./shared/rollout/lock.ts
// The rollout lock: a lease on a blob named after the endpoint in the workspace's default
// datastore. Azure blob leases are atomic and expire on their own, so a runner that dies holds the
// endpoint for one lease period at most; a live one renews while it runs. Who holds the lock
// (run id and link) is kept in the blob's metadata, so a second rollout can name the holder.


function lockBlobName(workspace, endpoint) {
    // Endpoint names are unique per workspace and case-insensitive in Azure.
    return `azureml-rollout/locks/${workspace.toLowerCase()}/${endpoint.toLowerCase()}.lock`;
}
const lock_statusOf = (e) => e.statusCode;
const codeOf = (e) => e.code;
async function acquireEndpointLock(container, workspace, endpoint, holder, options) {
    const blobName = lockBlobName(workspace, endpoint);
    const blob = container.getBlockBlobClient(blobName);
    const leaseSeconds = options.leaseSeconds ?? 60;
    const deadline = Date.now() + options.timeoutMs;
    await ensureBlob(blob);
    const { BlobLeaseClient } = await Promise.all(/* import() */[__webpack_require__.e(725), __webpack_require__.e(869), __webpack_require__.e(738), __webpack_require__.e(971), __webpack_require__.e(940), __webpack_require__.e(30)]).then(__webpack_require__.bind(__webpack_require__, 67940));
    const lease = new BlobLeaseClient(blob, options.leaseId);
    let said = false;
    for (;;) {
        try {
            await lease.acquireLease(leaseSeconds);
            break;
        }
        catch (e) {
            if (lock_statusOf(e) !== 409)
                throw lockError(e, blobName);
            const current = await readHolder(blob);
            if (Date.now() >= deadline) {
                throw new errors/* RolloutError */.a6('EndpointLocked', `endpoint '${endpoint}' is locked by another rollout: run ${current.runId}${current.runUrl ? ` (${current.runUrl})` : ''}`, {
                    resource: endpoint,
                    remediation: `wait for that run to finish, or raise lock-timeout (waited ${Math.round(options.timeoutMs / 1000)} s); a lease left by a dead runner expires within ${leaseSeconds} s`,
                });
            }
            if (!said) {
                options.log?.(`endpoint '${endpoint}' is locked by run ${current.runId}${current.runUrl ? ` (${current.runUrl})` : ''}; waiting up to ${Math.round(options.timeoutMs / 1000)} s`);
                said = true;
            }
            await (0,promises_.setTimeout)(Math.min(options.retryMs ?? 2000, Math.max(0, deadline - Date.now())), undefined, options.signal ? { signal: options.signal } : {});
        }
    }
    await blob.setMetadata({
        runid: holder.runId,
        ...(holder.runUrl ? { runurl: holder.runUrl } : {}),
        acquired: new Date().toISOString(),
    }, { conditions: { leaseId: lease.leaseId } });
    return holdLease(lease, blobName, leaseSeconds, options.onLost);
}
function holdLease(lease, blobName, leaseSeconds, onLost) {
    let released = false;
    const timer = setInterval(() => {
        lease.renewLease().catch((e) => {
            if (released)
                return;
            clearInterval(timer);
            onLost?.(lockError(e, blobName));
        });
    }, (leaseSeconds * 1000) / 3);
    // A rollout that ends without releasing must not be kept alive by the renewal timer.
    timer.unref();
    return {
        blobName,
        async release() {
            if (released)
                return;
            released = true;
            clearInterval(timer);
            try {
                await lease.releaseLease();
            }
            catch (e) {
                // Already expired or taken over: nothing of ours is left to release.
                if (lock_statusOf(e) !== 409 && lock_statusOf(e) !== 412)
                    throw lockError(e, blobName);
            }
        },
    };
}
async function ensureBlob(blob) {
    try {
        await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
    }
    catch (e) {
        // 409 (exists, or leased) and 412 (exists) mean the blob is there: that is all we need.
        if (lock_statusOf(e) !== 409 && lock_statusOf(e) !== 412)
            throw lockError(e, blob.name);
    }
}
async function readHolder(blob) {
    try {
        const props = await blob.getProperties();
        const m = props.metadata ?? {};
        return { runId: m.runid ?? 'unknown', runUrl: m.runurl };
    }
    catch {
        return { runId: 'unknown' };
    }
}
function lockError(e, blobName) {
    return new errors/* RolloutError */.a6('EndpointLockFailed', `could not hold the rollout lock ${blobName}: ${codeOf(e) ?? lock_statusOf(e) ?? ''} ${e.message}`.trim(), {
        resource: blobName,
        remediation: 'the identity needs write access to the workspace default datastore (Storage Blob Data Contributor)',
        cause: e,
    });
}

;// CONCATENATED MODULE: ./shared/rollout/machine.ts





/** Stages the machine runs, in order, from `from` (stages before `deploying` belong to the step). */
function machineStages(plan, from) {
    const all = forwardStages(plan.route);
    const first = all.indexOf('deploying');
    const start = Math.max(first, all.indexOf(from));
    return all.slice(start).filter((s) => s !== 'done');
}
/** Drives the rollout from `from`; on failure restores the start and throws the reason. */
async function driveRollout(run, from = 'deploying') {
    return new Machine(run).drive(from);
}
/** Restores what the journalled rollout found at its start (a rejected or interrupted rollout). */
async function rollBack(run, reason) {
    const m = new Machine(run);
    await m.restore(reason);
}
class Machine {
    run;
    live;
    failedChecks = 0;
    constructor(run) {
        this.run = run;
    }
    get ws() {
        return this.run.ws;
    }
    wait() {
        return { pollIntervalMs: this.run.options.pollIntervalMs };
    }
    async drive(from) {
        await this.refresh();
        const stages = machineStages(this.run.plan, from);
        let current = from;
        try {
            for (const stage of stages) {
                current = stage;
                this.run.signal.throwIfAborted();
                await this.journal(stage);
                await this.timed(stage, () => this.act(stage));
                if (this.shouldPauseAfter(stage)) {
                    await this.journal('paused', stage);
                    this.run.io.log(`paused after ${stage}: continue with action: promote, or undo with action: reject`);
                    return { kind: 'paused', after: stage };
                }
            }
            await this.journal('done');
            return { kind: 'done' };
        }
        catch (e) {
            if (current === 'finalizing') {
                // The new deployment already serves 100% and passed every check: only forward is safe.
                throw new errors/* RolloutError */.a6('FinalizeFailed', `the rollout reached 100% on '${this.run.plan.newDeployment}' but could not finish: ${(0,errors/* describeError */.Uc)(e)}`, {
                    resource: this.run.endpoint,
                    remediation: 're-run the step: it resumes at finalizing (the journal says so)',
                    cause: e,
                });
            }
            // Cancelled: whichever wait noticed first (its AbortError may not say why), the reason is the
            // cancellation. The rollback itself runs without the signal.
            const failure = this.run.signal.aborted ? this.cancelled(current) : e;
            await this.rollback(current, failure);
            throw failure;
        }
    }
    cancelled(stage) {
        const reason = this.run.signal.reason;
        return new errors/* RolloutError */.a6('RolloutCancelled', `the rollout was cancelled at ${stage} (${reason === undefined ? 'aborted' : (0,errors/* describeError */.Uc)(reason)})`, {
            resource: this.run.endpoint,
            remediation: 'the traffic and mirror traffic found at the start were restored; re-run to deploy again',
        });
    }
    shouldPauseAfter(stage) {
        if (!this.run.options.pauseBeforePromote)
            return false;
        // Pause once the new deployment is vetted, before the first traffic step.
        const stages = machineStages(this.run.plan, 'deploying');
        const next = stages[stages.indexOf(stage) + 1];
        return next !== undefined && stagePercent(next) !== undefined && stagePercent(stage) === undefined;
    }
    async act(stage) {
        const { plan, checks, signal } = this.run;
        const p = stagePercent(stage);
        if (p !== undefined)
            return this.trafficStep(stage, p);
        switch (stage) {
            case 'deploying':
                return this.deploy();
            case 'smoke':
                return checks.smoke(plan.newDeployment, signal);
            case 'gate':
                return checks.gate ? checks.gate(plan.newDeployment, plan.oldDeployment, signal) : 'not configured';
            case 'mirror':
                return this.mirror();
            case 'finalizing':
                return this.finalize();
            default:
                return undefined;
        }
    }
    // ------------------------------------------------------------------ stages
    async deploy() {
        const { plan, endpoint, deploymentBody, options } = this.run;
        this.run.io.log(`${plan.action === 'create' ? 'creating' : 'updating'} deployment '${plan.newDeployment}' at 0% (${plan.nameWhy})`);
        try {
            const d = await putDeployment(this.ws, endpoint, plan.newDeployment, deploymentBody, {
                timeoutMs: options.provisionTimeoutMs,
                signal: this.run.signal,
                pollIntervalMs: options.pollIntervalMs,
            });
            return `${d.provisioningState}: ${d.instanceType} x ${d.instanceCount}`;
        }
        catch (e) {
            if (e instanceof DeploymentProvisioningError)
                await this.printLogs(plan.newDeployment);
            throw e;
        }
    }
    async mirror() {
        const { plan, options } = this.run;
        const mirror = plan.mirror;
        if (!mirror)
            return 'no mirror';
        await this.writeTraffic('mirror', this.live.traffic, mirror.mirrorTraffic);
        const verdict = await this.run.checks.watch({
            stage: 'mirror',
            newDeployment: plan.newDeployment,
            oldDeployment: plan.oldDeployment,
            durationMs: options.mirrorMs,
            mirror: true,
        }, this.run.signal);
        this.judge('mirror', verdict);
        // AML refuses traffic to a mirror target: clear the mirror before the first traffic step.
        await this.writeTraffic('mirror cleared', this.live.traffic, mirror.clearTo);
        return verdictLine(verdict);
    }
    async trafficStep(stage, percent) {
        const { plan, options } = this.run;
        const step = plan.steps.find((s) => s.percent === percent);
        if (!step)
            throw new errors/* RolloutError */.a6('PlanMismatch', `no traffic step of ${percent}% in the plan`);
        await this.writeTraffic(`${percent}%`, step.traffic, step.mirrorTraffic);
        if (plan.firstDeployment) {
            return 'first deployment: no live traffic to shift from or judge; smoke and gate passed';
        }
        const verdict = await this.run.checks.watch({
            stage,
            newDeployment: plan.newDeployment,
            oldDeployment: plan.oldDeployment,
            durationMs: options.bakeMs,
            mirror: false,
        }, this.run.signal);
        this.judge(stage, verdict);
        return verdictLine(verdict);
    }
    async finalize() {
        const { plan, endpoint } = this.run;
        const f = plan.finalize;
        const old = plan.oldDeployment;
        // A deployment about to be deleted leaves the traffic map (AML treats a missing name as 0%).
        const traffic = old && f.old?.action === 'delete'
            ? Object.fromEntries(Object.entries(f.traffic).filter(([name]) => name.toLowerCase() !== old.toLowerCase()))
            : f.traffic;
        await this.writeTraffic('final', traffic, f.mirrorTraffic);
        if (!old || !f.old)
            return `'${plan.newDeployment}' serves 100%`;
        if (f.old.action === 'delete') {
            await deleteDeployment(this.ws, endpoint, old, this.wait());
            return `'${plan.newDeployment}' serves 100%; '${old}' deleted`;
        }
        if (f.old.scaleTo !== undefined) {
            const d = await getDeployment(this.ws, endpoint, old);
            if (d && d.instanceCount !== f.old.scaleTo) {
                const { provisioningState: _p, ...properties } = d.resource.properties;
                await putDeployment(this.ws, endpoint, old, {
                    ...d.resource,
                    properties,
                    sku: { ...(d.resource.sku ?? { name: 'Default' }), capacity: f.old.scaleTo },
                }, { timeoutMs: this.run.options.provisionTimeoutMs, pollIntervalMs: this.run.options.pollIntervalMs });
            }
        }
        return `'${plan.newDeployment}' serves 100%; '${old}' kept at 0% on ${f.old.scaleTo ?? 'its'} instance(s)`;
    }
    // ------------------------------------------------------------------ rollback
    async restore(reason) {
        await this.refresh();
        this.run.io.log(`rolling back: ${reason}`);
        await this.rollback(this.run.record.stage, reason);
    }
    async rollback(at, cause) {
        const { plan, endpoint, options } = this.run;
        const reason = typeof cause === 'string' ? cause : (0,errors/* describeError */.Uc)(cause);
        if (typeof cause !== 'string')
            this.run.io.warn(`rolling back from ${at}: ${reason}`);
        const started = Date.now();
        try {
            await this.journal('rolling-back');
            await this.refresh();
            const restore = plan.restore;
            const diffs = [
                ...compareTraffic(restore.traffic, this.live.traffic),
                ...compareTraffic(restore.mirrorTraffic, this.live.mirrorTraffic),
            ];
            // Exactly the map found when the new deployment goes away; with explicit zeros when it stays.
            const deleting = restore.deleteNewDeployment && !options.keepFailed;
            const traffic = deleting ? restore.traffic : restore.writeTraffic;
            if (diffs.length || deleting)
                await this.writeTraffic('rollback', traffic, restore.mirrorTraffic);
            if (restore.deleteNewDeployment) {
                if (options.keepFailed) {
                    this.run.io.log(`keep-failed: deployment '${plan.newDeployment}' is kept at 0% for debugging`);
                }
                else {
                    await deleteDeployment(this.ws, endpoint, plan.newDeployment, this.wait());
                }
            }
            await this.journal('rolled-back');
            const restored = `traffic restored: ${formatTraffic(restore.traffic)}; mirror ${formatTraffic(restore.mirrorTraffic)}`;
            this.run.io.log(`rolled back: ${restored}`);
            this.row('rollback', started, 'rolled back', restored);
        }
        catch (e) {
            this.row('rollback', started, 'failed', (0,errors/* describeError */.Uc)(e));
            throw new errors/* RolloutError */.a6('RollbackFailed', `rollback after '${reason}' did not complete: ${(0,errors/* describeError */.Uc)(e)}`, {
                resource: endpoint,
                remediation: 're-run the step: the journal in the endpoint tags makes it finish the rollback',
                cause: e,
            });
        }
    }
    // ------------------------------------------------------------------ traffic and journal
    /** Write traffic (and mirror traffic when it changes), read it back, and compare. */
    async writeTraffic(label, traffic, mirrorTraffic) {
        const mirrorChanges = compareTraffic(mirrorTraffic, this.live.mirrorTraffic).length > 0;
        if (mirrorChanges) {
            await setTrafficAndMirror(this.ws, this.live, { ...traffic }, { ...mirrorTraffic }, this.wait());
        }
        else {
            await setTraffic(this.ws, this.live, { ...traffic }, this.wait());
        }
        await this.refresh();
        const diffs = [
            ...compareTraffic(traffic, this.live.traffic),
            ...compareTraffic(mirrorTraffic, this.live.mirrorTraffic),
        ];
        if (diffs.length) {
            throw new errors/* RolloutError */.a6('TrafficMismatch', `traffic read back after '${label}' differs from what was set: ${describeDifferences(diffs)}`, { resource: this.run.endpoint });
        }
        this.run.io.traffic.push({ label, traffic: this.live.traffic, mirrorTraffic: this.live.mirrorTraffic });
        this.run.io.log(`traffic ${label}: ${formatTraffic(this.live.traffic)}${Object.keys(this.live.mirrorTraffic).length ? `; mirror ${formatTraffic(this.live.mirrorTraffic)}` : ''}`);
    }
    async journal(stage, pausedAfter) {
        const record = this.run.record;
        record.stage = stage;
        record.updatedAt = new Date().toISOString();
        if (pausedAfter)
            record.paused = pausedAfter;
        else
            delete record.paused;
        const tags = withJournal(this.live.tags, record);
        await setEndpointTags(this.ws, this.run.endpoint, tags, this.wait());
        this.live.tags = tags;
    }
    async refresh() {
        const live = await readEndpoint(this.ws, this.run.endpoint);
        if (!live) {
            throw new errors/* RolloutError */.a6('EndpointMissing', `endpoint '${this.run.endpoint}' disappeared during the rollout`, {
                resource: this.run.endpoint,
            });
        }
        this.live = live;
    }
    judge(stage, verdict) {
        if (verdict.ok)
            return;
        this.failedChecks++;
        if (this.failedChecks >= this.run.options.failureLimit) {
            throw new errors/* RolloutError */.a6('HealthCheckFailed', `${stage}: ${verdict.reasons.join('; ')}`, {
                resource: this.run.plan.newDeployment,
                remediation: 'see the figures in the summary; thresholds are the max-error-rate, max-p95-* and min-requests inputs',
            });
        }
        this.run.io.warn(`${stage}: check failed (${this.failedChecks} of ${this.run.options.failureLimit} allowed): ${verdict.reasons.join('; ')}`);
    }
    async printLogs(deployment) {
        for (const container of ['StorageInitializer', 'InferenceServer']) {
            const text = await deploymentLogs(this.ws, this.run.endpoint, deployment, container);
            this.run.io.warn(`--- ${deployment} ${container} log ---\n${text || '(empty)'}`);
        }
    }
    async timed(stage, fn) {
        const started = Date.now();
        try {
            const figures = await fn();
            this.row(stage, started, 'ok', figures);
        }
        catch (e) {
            this.row(stage, started, 'failed', (0,errors/* describeError */.Uc)(e));
            throw e;
        }
    }
    row(stage, startedAt, outcome, figures) {
        this.run.io.timeline.push({ stage, startedAt, endedAt: Date.now(), outcome, figures });
    }
}
function verdictLine(v) {
    return `${v.ok ? 'healthy' : 'unhealthy'}: ${describeFigures(v.figures)}${v.ok ? '' : ` — ${v.reasons.join('; ')}`}`;
}

;// CONCATENATED MODULE: ./shared/rollout/naming.ts
// Which deployment a rollout deploys to: the name, whether that deployment already exists (then it
// is updated in place, which AML allows only while it carries no traffic), and AML's refusal to
// change an existing deployment's instance_type. Pure: no I/O.
//
// The rule, first match wins:
//   1. the `deployment-name` input, when given (refused if it carries traffic);
//   2. the YAML `name`, unless that deployment carries traffic;
//   3. a colour: of `blue` and `green`, leaving out the live deployment, the first that does not
//      exist yet; if both exist (idle, at 0%), the first of them, updated in place. So blue -> green,
//      green -> blue, and a live deployment with another name (say `prod`) is followed by `blue`,
//      or by `green` when an idle `blue` exists but `green` does not.


/** AML's rule for endpoint and deployment names: a letter first, 3-32 letters, digits or '-', no '-' last. */
const DEPLOYMENT_NAME_RULE = /^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/;
const COLOURS = ['blue', 'green'];
function checkDeploymentName(name, input) {
    if (!DEPLOYMENT_NAME_RULE.test(name)) {
        throw new errors/* InputError */.dz(input, `deployment name '${name}' is invalid`, "AML wants 3-32 characters: letters, digits and '-', starting with a letter and not ending with '-'");
    }
}
/** Refuses to update a deployment in place while it carries live traffic. */
function checkIdle(name, traffic, input) {
    const live = trafficOf(traffic, name);
    if (live > 0) {
        throw new errors/* RolloutError */.a6('DeploymentCarriesTraffic', `deployment '${name}' carries ${live}% of the traffic; a rollout never updates the live deployment in place`, {
            resource: input ?? name,
            remediation: 'choose another deployment-name, or leave it empty so the step picks the idle colour (blue/green)',
        });
    }
}
function chooseDeploymentName(p) {
    const existing = (name) => findDeployment(p.deployments, name);
    const input = p.input?.trim();
    if (input) {
        checkDeploymentName(input, 'deployment-name');
        checkIdle(input, p.traffic, 'deployment-name');
        return {
            name: existing(input) ?? input,
            source: 'input',
            existing: existing(input),
            why: `deployment-name is '${input}'`,
        };
    }
    const yamlName = p.yamlName?.trim();
    if (yamlName) {
        checkDeploymentName(yamlName, 'deployment-file');
        if (trafficOf(p.traffic, yamlName) === 0) {
            return {
                name: existing(yamlName) ?? yamlName,
                source: 'yaml',
                existing: existing(yamlName),
                why: `the deployment YAML names '${yamlName}' and it carries no traffic`,
            };
        }
    }
    const live = Object.entries(p.traffic ?? {}).find(([, v]) => v > 0)?.[0];
    const candidates = COLOURS.filter((c) => !sameDeployment(c, live));
    const colour = candidates.find((c) => existing(c) === undefined) ?? candidates[0] ?? 'blue';
    const because = yamlName
        ? `the YAML name '${yamlName}' is live`
        : live
            ? `no name was given and '${live}' is live`
            : 'no name was given';
    return {
        name: existing(colour) ?? colour,
        source: 'colour',
        existing: existing(colour),
        why: `${because}, so the idle colour '${colour}'${existing(colour) ? ' (updated in place)' : ''}`,
    };
}
/** AML refuses to change an existing deployment's instance_type; say so before it does. */
function checkInstanceTypeUnchanged(deployment, existing, wanted) {
    if (existing === undefined || wanted === undefined || existing.toLowerCase() === wanted.toLowerCase())
        return;
    throw new errors/* RolloutError */.a6('InstanceTypeImmutable', `deployment '${deployment}' runs on ${existing}; its instance_type cannot change to ${wanted} (AML refuses it on update)`, {
        resource: deployment,
        remediation: `set deployment-name to a new name (a new deployment may use ${wanted}), or delete '${deployment}' first`,
    });
}

;// CONCATENATED MODULE: ./shared/rollout/plan.ts




/** AML's limit of deployments per endpoint. */
const MAX_DEPLOYMENTS_PER_ENDPOINT = 20;
/** Provisioning states in which another operation owns the deployment. */
const BUSY_STATES = new Set(['creating', 'updating', 'deleting', 'scaling']);
function deploymentFacts(d) {
    return {
        name: d.name ?? '',
        instanceType: d.properties.instanceType,
        instanceCount: d.sku?.capacity,
        provisioningState: d.properties.provisioningState,
    };
}
function planRollout(inputs, endpoint, options) {
    checkInputs(inputs);
    const notes = [];
    const facts = endpoint.deployments.map(deploymentFacts);
    const names = facts.map((f) => f.name);
    const factsOf = (name) => name === undefined ? undefined : facts.find((f) => f.name.toLowerCase() === name.toLowerCase());
    const resuming = options.resuming;
    const picture = resuming
        ? describeTraffic(resuming.original.traffic, resuming.original.mirrorTraffic)
        : describeTraffic(endpoint.traffic, endpoint.mirrorTraffic);
    const live = factsOf(picture.live);
    if (!resuming &&
        live &&
        (live.provisioningState === undefined || live.provisioningState.toLowerCase() === 'succeeded')) {
        const resource = endpoint.deployments.find((d) => d.name === live.name);
        if (resource && options.isSameDeployment(resource)) {
            return {
                kind: 'unchanged',
                live: live.name,
                reason: `deployment '${live.name}' already serves 100% with the same model, image, instance type and count, and environment`,
            };
        }
    }
    let newDeployment;
    let nameWhy;
    if (resuming) {
        checkIdle(resuming.newDeployment, picture.traffic);
        newDeployment = findDeployment(names, resuming.newDeployment) ?? resuming.newDeployment;
        nameWhy = `resuming the interrupted rollout of '${resuming.newDeployment}'`;
    }
    else {
        const choice = chooseDeploymentName({
            input: inputs.deploymentName,
            yamlName: inputs.yamlName,
            traffic: picture.traffic,
            deployments: names,
        });
        newDeployment = choice.name;
        nameWhy = choice.why;
    }
    const existing = factsOf(newDeployment);
    const action = resuming
        ? resuming.createdDeployment
            ? 'create'
            : 'update'
        : existing
            ? 'update'
            : 'create';
    if (existing) {
        checkInstanceTypeUnchanged(existing.name, existing.instanceType, inputs.instanceType);
        if (!resuming && BUSY_STATES.has((existing.provisioningState ?? '').toLowerCase())) {
            throw new errors/* RolloutError */.a6('DeploymentBusy', `deployment '${existing.name}' is ${existing.provisioningState}: another operation owns it`, { resource: existing.name, remediation: 'wait for that operation to finish, then re-run' });
        }
    }
    else if (facts.length >= MAX_DEPLOYMENTS_PER_ENDPOINT) {
        throw new errors/* RolloutError */.a6('TooManyDeployments', `the endpoint has ${facts.length} deployments, AML's limit; a new one cannot be created`, {
            resource: newDeployment,
            remediation: 'delete an idle deployment, or update one in place (deployment-name)',
        });
    }
    const allNames = existing ? names : [...names, newDeployment];
    const old = picture.live === undefined ? undefined : (findDeployment(names, picture.live) ?? picture.live);
    const firstDeployment = old === undefined;
    const kept = mirrorWithout(picture.mirrorTraffic, newDeployment);
    let steps = [...inputs.trafficSteps];
    let mirrorPercent = inputs.mirrorPercent;
    if (firstDeployment) {
        if (steps.length !== 1)
            notes.push('first deployment: it takes 100% at once after smoke and gate');
        steps = [100];
        if (mirrorPercent > 0)
            notes.push('mirror-percent not applied: there is no live traffic to mirror');
        mirrorPercent = 0;
        if (inputs.keepOld)
            notes.push('keep-old not applied: there is no old deployment');
    }
    const stepPlans = steps.map((percent) => ({
        percent,
        stage: trafficStage(percent),
        traffic: trafficForStep(percent, { newDeployment, oldDeployment: old, deployments: allNames }),
        mirrorTraffic: { ...kept },
    }));
    const last = stepPlans[stepPlans.length - 1];
    const oldFacts = factsOf(old);
    const oldEnd = old === undefined
        ? undefined
        : inputs.keepOld
            ? { action: 'keep', scaleTo: oldFacts?.instanceCount === 1 ? undefined : 1 }
            : { action: 'delete' };
    const restore = restoreTarget(picture);
    return {
        kind: 'rollout',
        createEndpoint: !endpoint.exists,
        newDeployment,
        nameWhy,
        action,
        oldDeployment: old,
        firstDeployment,
        mirror: mirrorPercent > 0
            ? { percent: mirrorPercent, mirrorTraffic: { [newDeployment]: mirrorPercent }, clearTo: { ...kept } }
            : undefined,
        steps: stepPlans,
        finalize: { traffic: { ...last.traffic }, mirrorTraffic: { ...kept }, old: oldEnd },
        restore: {
            ...restore,
            writeTraffic: withZeros(restore.traffic, allNames),
            deleteNewDeployment: action === 'create',
        },
        quota: {
            instanceType: inputs.instanceType,
            instanceCount: inputs.instanceCount,
            existing: existing?.instanceType !== undefined && existing.instanceCount !== undefined
                ? { instanceType: existing.instanceType, instanceCount: existing.instanceCount }
                : undefined,
        },
        route: { steps, mirrorPercent },
        notes,
    };
}
function checkInputs(inputs) {
    if (inputs.instanceType.trim() === '')
        throw new errors/* InputError */.dz('deployment-file', 'instance_type is empty');
    if (!Number.isInteger(inputs.instanceCount) || inputs.instanceCount < 1) {
        throw new errors/* InputError */.dz('deployment-file', `instance_count ${inputs.instanceCount} is not a whole number of at least 1`);
    }
    checkTrafficSteps(inputs.trafficSteps);
    parseMirrorPercent(inputs.mirrorPercent);
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./shared/gate/golden.ts
var gate_golden = __webpack_require__(55847);
// EXTERNAL MODULE: ./shared/gate/thresholds.ts
var thresholds = __webpack_require__(86566);
// EXTERNAL MODULE: ./shared/spec/deploy-spec.ts
var deploy_spec = __webpack_require__(45445);
// EXTERNAL MODULE: ./shared/spec/resolve.ts
var resolve = __webpack_require__(58264);
;// CONCATENATED MODULE: ./shared/spec/fingerprint.ts

const normalizeId = (id) => (id ?? '').trim().replace(/\/+$/, '').toLowerCase();
function deploymentIdentity(d) {
    const p = d.properties;
    const vars = Object.entries(p.environmentVariables ?? {})
        .map(([k, v]) => [k, v ?? ''])
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
        model: normalizeId(p.model),
        environment: normalizeId(p.environmentId),
        instanceType: (p.instanceType ?? '').toLowerCase(),
        // Azure's default capacity for a managed deployment is one instance.
        instanceCount: d.sku?.capacity ?? 1,
        environmentVariables: Object.fromEntries(vars),
    };
}
/** A stable hash of the identity; equal for equal deployments. */
function deploymentFingerprint(d) {
    return contentHash(deploymentIdentity(d));
}
function fingerprint_sameDeployment(a, b) {
    return (0,resolve/* canonicalJson */.dj)(deploymentIdentity(a)) === (0,resolve/* canonicalJson */.dj)(deploymentIdentity(b));
}
/** What differs, one line each (`instance count: 1 -> 2`), for the log when a deployment is needed. */
function deploymentDifferences(live, desired) {
    const a = deploymentIdentity(live);
    const b = deploymentIdentity(desired);
    const out = [];
    if (a.model !== b.model)
        out.push(`model: ${a.model || '(none)'} -> ${b.model || '(none)'}`);
    if (a.environment !== b.environment) {
        out.push(`environment: ${a.environment || '(none)'} -> ${b.environment || '(none)'}`);
    }
    if (a.instanceType !== b.instanceType)
        out.push(`instance type: ${a.instanceType} -> ${b.instanceType}`);
    if (a.instanceCount !== b.instanceCount)
        out.push(`instance count: ${a.instanceCount} -> ${b.instanceCount}`);
    const names = [
        ...new Set([...Object.keys(a.environmentVariables), ...Object.keys(b.environmentVariables)]),
    ].sort();
    for (const n of names) {
        const x = a.environmentVariables[n];
        const y = b.environmentVariables[n];
        // Values are not printed: environment variables may carry secrets.
        if (x === undefined)
            out.push(`environment variable ${n}: added`);
        else if (y === undefined)
            out.push(`environment variable ${n}: removed`);
        else if (x !== y)
            out.push(`environment variable ${n}: changed`);
    }
    return out;
}

;// CONCATENATED MODULE: ./shared/spec/durations.ts
// ISO 8601 durations, as ARM takes request settings and probe timings: the YAML says
// `request_timeout_ms: 90000` and `period: 10`, ARM wants `PT1M30S` and `PT10S`. The same
// shapes the CLI sends (isodate's duration_isoformat of a timedelta), hours as the largest unit.
/** `90000` -> `PT1M30S`, `500` -> `PT0.5S`, `0` -> `PT0S`. Whole, non-negative milliseconds. */
function isoDurationFromMs(ms) {
    if (!Number.isInteger(ms) || ms < 0)
        throw new RangeError(`duration must be whole non-negative ms, got ${ms}`);
    const hours = Math.floor(ms / 3_600_000);
    const minutes = Math.floor((ms % 3_600_000) / 60_000);
    const restMs = ms % 60_000;
    let out = 'PT';
    if (hours)
        out += `${hours}H`;
    if (minutes)
        out += `${minutes}M`;
    if (restMs || out === 'PT') {
        const seconds = Math.floor(restMs / 1000);
        const fraction = restMs % 1000;
        out += fraction ? `${seconds}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}S` : `${seconds}S`;
    }
    return out;
}
/** `10` -> `PT10S`, `90` -> `PT1M30S`. Whole, non-negative seconds. */
function isoDurationFromSeconds(seconds) {
    if (!Number.isInteger(seconds) || seconds < 0) {
        throw new RangeError(`duration must be whole non-negative seconds, got ${seconds}`);
    }
    return isoDurationFromMs(seconds * 1000);
}
const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
/** `PT1M30S` -> 90000; days count 24 h. Undefined for anything else (years, months, weeks). */
function msFromIsoDuration(text) {
    const m = ISO_DURATION.exec(text.trim());
    if (!m || text.trim() === 'P' || text.trim().endsWith('T'))
        return undefined;
    const [, d = '0', h = '0', min = '0', s = '0'] = m;
    return Math.round(((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000);
}

// EXTERNAL MODULE: ./shared/spec/refs.ts
var refs = __webpack_require__(30632);
;// CONCATENATED MODULE: ./shared/spec/mapping.ts



/** ARM id of the environment the deployment runs: the reference, or the inline one's registration. */
function environmentIdOf(d, workspaceId) {
    if (d.environment.kind === 'ref')
        return (0,refs/* assetRefId */.r$)(workspaceId, 'environments', d.environment.ref);
    const env = (0,resolve/* environmentToRegister */.gG)(d.environment.environment);
    return (0,refs/* assetVersionId */.cn)(workspaceId, 'environments', env.name, env.version);
}
function probe(p) {
    return {
        ...(p.initialDelay === undefined ? {} : { initialDelay: isoDurationFromSeconds(p.initialDelay) }),
        ...(p.period === undefined ? {} : { period: isoDurationFromSeconds(p.period) }),
        ...(p.timeout === undefined ? {} : { timeout: isoDurationFromSeconds(p.timeout) }),
        ...(p.successThreshold === undefined ? {} : { successThreshold: p.successThreshold }),
        ...(p.failureThreshold === undefined ? {} : { failureThreshold: p.failureThreshold }),
    };
}
/** The body for `onlineDeployments.beginCreateOrUpdate`. `@latest` references must be pinned first. */
function toOnlineDeployment(d, target) {
    const ws = (0,refs/* checkWorkspaceId */.t)(target.workspaceId);
    const rs = d.requestSettings;
    const properties = {
        endpointComputeType: 'Managed',
        model: (0,refs/* assetRefId */.r$)(ws, 'models', d.model),
        environmentId: environmentIdOf(d, ws),
        ...(d.code
            ? {
                codeConfiguration: {
                    codeId: (0,refs/* assetRefId */.r$)(ws, 'codes', d.code.code),
                    scoringScript: d.code.scoringScript,
                },
            }
            : {}),
        environmentVariables: { ...d.environmentVariables },
        instanceType: d.instanceType,
        scaleSettings: { scaleType: 'Default' },
        ...(rs
            ? {
                requestSettings: {
                    ...(rs.requestTimeoutMs === undefined
                        ? {}
                        : { requestTimeout: isoDurationFromMs(rs.requestTimeoutMs) }),
                    ...(rs.maxConcurrentRequestsPerInstance === undefined
                        ? {}
                        : { maxConcurrentRequestsPerInstance: rs.maxConcurrentRequestsPerInstance }),
                    ...(rs.maxQueueWaitMs === undefined
                        ? {}
                        : { maxQueueWait: isoDurationFromMs(rs.maxQueueWaitMs) }),
                },
            }
            : {}),
        ...(d.livenessProbe ? { livenessProbe: probe(d.livenessProbe) } : {}),
        ...(d.readinessProbe ? { readinessProbe: probe(d.readinessProbe) } : {}),
        ...(d.appInsightsEnabled === undefined ? {} : { appInsightsEnabled: d.appInsightsEnabled }),
        ...(d.egressPublicNetworkAccess === undefined
            ? {}
            : { egressPublicNetworkAccess: d.egressPublicNetworkAccess === 'enabled' ? 'Enabled' : 'Disabled' }),
        ...(d.modelMountPath === undefined ? {} : { modelMountPath: d.modelMountPath }),
        ...(d.description === undefined ? {} : { description: d.description }),
        ...(Object.keys(d.properties).length ? { properties: { ...d.properties } } : {}),
    };
    return {
        location: target.location,
        tags: { ...d.tags },
        sku: { name: 'Default', capacity: d.instanceCount },
        properties,
    };
}

// EXTERNAL MODULE: ./shared/spec/endpoint.ts
var endpoint = __webpack_require__(36035);
// EXTERNAL MODULE: ./shared/azure/registries.ts
var registries = __webpack_require__(40907);
// EXTERNAL MODULE: ./shared/registry/connect.ts
var connect = __webpack_require__(274);
// EXTERNAL MODULE: ./shared/registry/reference.ts
var reference = __webpack_require__(65189);
;// CONCATENATED MODULE: ./shared/rollout/image-check.ts
// The deployment's image, checked before the first change (Azure reports both problems only after
// a long provisioning): on a private workspace, or a deployment without public egress, the image
// must be in the workspace's linked registry (the only one Azure ML can pull from there); and an
// image in an Azure Container Registry this run can sign in to must be there. A registry this run
// cannot read (the pipeline identity lacks AcrPull, where Azure ML pulls with the workspace's
// identity), or cannot reach, is said and left to provisioning; only a registry's own "no such
// manifest" refuses the rollout.




async function checkDeploymentImage(target, input, io) {
    const parsed = (0,reference/* parseImageRef */.Q)(input.image);
    if ('problem' in parsed)
        return; // the YAML check already said why
    const host = (parsed.registry ?? 'docker.io').toLowerCase();
    const privateWs = input.workspace.publicNetworkAccess?.toLowerCase() === 'disabled';
    let linked;
    if (privateWs || input.egressDisabled) {
        linked = await linkedRegistry(target);
        if (!linked || host !== linked.loginServer) {
            const why = privateWs
                ? `workspace '${input.workspace.name}' has public network access disabled`
                : 'the deployment sets egress_public_network_access: disabled';
            throw new errors/* RolloutError */.a6('ImageNotInLinkedRegistry', `${why}, so Azure ML can pull images only from its linked registry${linked ? ` '${linked.loginServer}'` : ''}; '${input.image}' is elsewhere`, {
                resource: input.deploymentName,
                remediation: linked
                    ? `build the image into ${linked.loginServer} (build-image), or import the base image there (az acr import)`
                    : 'link a container registry to the workspace and build the image into it',
            });
        }
    }
    const registry = linked ?? (await registryToCheck(target, host));
    if (!registry) {
        io.log(`image ${input.image}: not looked up (${host} is not an Azure Container Registry this run can reach)`);
        return;
    }
    const { client } = (0,connect/* connectRegistry */.g)(registry, { onSecret: io.onSecret, signal: io.signal });
    let found;
    try {
        found = await client.headManifest(parsed.repository, parsed.digest ?? parsed.tag ?? 'latest');
    }
    catch (e) {
        const why = (0,errors/* isRolloutError */.IV)(e) && e.code === 'RegistryAuthFailed'
            ? "; Azure ML pulls it with the workspace's identity"
            : '';
        io.log(`image ${input.image}: not looked up: ${(0,errors/* describeError */.Uc)(e)}${why}`);
        return;
    }
    if (!found) {
        throw new errors/* RolloutError */.a6('ImageNotFound', `image '${input.image}' is not in ${registry.loginServer}`, {
            resource: input.deploymentName,
            remediation: 'push it first (build-image, whose image output the image input takes), or fix the reference',
        });
    }
    io.log(`image ${input.image}: in ${registry.loginServer} (${found.digest})`);
}
async function linkedRegistry(target) {
    try {
        return await (0,registries/* resolveContainerRegistry */.J)(target, undefined);
    }
    catch (e) {
        if ((0,errors/* isRolloutError */.IV)(e) && e.code === 'NoLinkedRegistry')
            return undefined;
        throw e;
    }
}
/** An ACR the run can reach: any `*.azurecr.io` on Azure; on the local plane, only its own. */
async function registryToCheck(target, host) {
    if (target.plane) {
        const own = Object.values(target.plane.registries ?? {}).some((r) => r.loginServer === host);
        return own ? (0,registries/* resolveContainerRegistry */.J)(target, host) : undefined;
    }
    return /\.azurecr\.(io|cn|us)$/.test(host) ? (0,registries/* resolveContainerRegistry */.J)(target, host) : undefined;
}

;// CONCATENATED MODULE: ./shared/rollout/quota.ts

/** Instances AML keeps for `count`: ceil(1.2 x count), in integers (1.2 * 5 is 6.000000000000001). */
function reservedInstances(count) {
    return Math.ceil((count * 6) / 5);
}
/** The VM size named `instanceType`, matched without case; refused with close names when absent. */
function findSku(instanceType, sizes) {
    const want = instanceType.toLowerCase();
    const size = sizes.find((s) => s.name?.toLowerCase() === want);
    if (size)
        return size;
    const close = closeNames(instanceType, sizes);
    throw new errors/* RolloutError */.a6('SkuNotAvailable', `instance_type ${instanceType} is not offered in this workspace's region${close.length ? `; close names: ${close.join(', ')}` : ''}`, {
        resource: instanceType,
        remediation: 'pick an instance_type from `az ml compute list-sizes`, or deploy in a region that offers it',
    });
}
/** Up to three offered names sharing the longest prefix with `name` beyond `Standard_`. */
function closeNames(name, sizes) {
    const want = name.toLowerCase();
    const prefix = (s) => {
        let i = 0;
        while (i < s.length && i < want.length && s[i] === want[i])
            i++;
        return i;
    };
    const scored = sizes
        .map((s) => s.name)
        .filter((n) => typeof n === 'string')
        .map((n) => ({ n, score: prefix(n.toLowerCase()) }))
        .filter((x) => x.score > 'standard_'.length);
    const best = Math.max(0, ...scored.map((x) => x.score));
    return scored
        .filter((x) => x.score === best)
        .map((x) => x.n)
        .slice(0, 3);
}
/**
 * The family's need against its usage. When several usage entries name the family (subscription and
 * workspace level), the one with the least free cores decides.
 */
function checkQuota(request, sizes, usages) {
    const size = findSku(request.instanceType, sizes);
    const sku = size.name ?? request.instanceType;
    const family = size.family ?? 'unknown family';
    const vCPUs = size.vCPUs ?? 0;
    const gpus = size.gpus ?? 0;
    const held = request.existing && request.existing.instanceType.toLowerCase() === request.instanceType.toLowerCase()
        ? reservedInstances(request.existing.instanceCount)
        : 0;
    const instances = Math.max(0, reservedInstances(request.instanceCount) - held);
    const needCores = instances * vCPUs;
    const what = held
        ? `${sku} from ${request.existing?.instanceCount} to ${request.instanceCount} instances needs ${needCores} more cores of ${family}`
        : `${sku} x ${request.instanceCount} needs ${needCores} cores of ${family} (${instances} instances with AML's 20% upgrade reserve x ${vCPUs} vCPUs)`;
    const entries = usages.filter((u) => u.name?.value?.toLowerCase() === family.toLowerCase());
    const usage = entries
        .filter((u) => typeof u.limit === 'number' && typeof u.currentValue === 'number')
        .map((u) => ({
        inUse: u.currentValue,
        limit: u.limit,
        free: u.limit - u.currentValue,
    }))
        .sort((a, b) => a.free - b.free)[0];
    if (!usage) {
        return {
            sku,
            family,
            vCPUs,
            gpus,
            instances,
            needCores,
            usage: undefined,
            enough: undefined,
            message: `quota: ${what}; the usage list has no entry for ${family}, so Azure will judge`,
        };
    }
    const enough = needCores <= usage.free;
    const free = Math.max(0, usage.free);
    return {
        sku,
        family,
        vCPUs,
        gpus,
        instances,
        needCores,
        usage,
        enough,
        message: `quota: ${what}; ${usage.inUse} of ${usage.limit} in use, ${free} free` +
            (enough ? '' : `, short by ${needCores - free}`),
    };
}
/** Throws `QuotaExceeded` when the check found too few free cores. */
function requireQuota(check) {
    if (check.enough !== false)
        return;
    throw new errors/* RolloutError */.a6('QuotaExceeded', check.message, {
        resource: check.family,
        remediation: `request more ${check.family} quota in this region, lower instance_count, or pick another instance_type`,
    });
}

;// CONCATENATED MODULE: ./shared/rollout/preflight.ts
// Stage 1 of a rollout: everything checked before the first mutating call. First what the inputs
// and files alone can tell (YAML, names, overrides, gate files, smoke request), then what Azure
// can tell through reads only (workspace, endpoint and its traffic and journal, model and
// environment, SKU and quota, the private-network image rule), ending in the rollout plan.

















/** A model version's ARM id, with where it lives. */
const ARM_MODEL_VERSION = /^\/subscriptions\/(?<sub>[^/]+)\/resourceGroups\/(?<rg>[^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/(?<ws>[^/]+)\/models\/(?<name>[^/]+)\/versions\/(?<version>[^/]+)$/i;
/** How many golden images the probes cycle through. */
const PROBE_IMAGES = 4;
const preflight_statusOf = (e) => e.statusCode;
class Preflight {
    endpointName;
    spec;
    gate;
    probes;
    protocol;
    inputs;
    deployment;
    workspaceId = '';
    location = '';
    constructor(endpointName, spec, gate, probes, protocol, inputs) {
        this.endpointName = endpointName;
        this.spec = spec;
        this.gate = gate;
        this.probes = probes;
        this.protocol = protocol;
        this.inputs = inputs;
    }
    /** The deployment's environment variables (inference parameters), as the YAML and inputs set them. */
    get environmentVariables() {
        return this.spec?.deployment.environmentVariables ?? {};
    }
    /**
     * The registered model version the new deployment serves, when it is one of `target`'s: its gate
     * records the verdict there. Otherwise why no evidence is recorded. Known after `check`.
     */
    gateModel(target) {
        const model = this.deployment?.model;
        if (!model)
            return { reason: 'no model was resolved for the deployment' };
        if (model.kind === 'version')
            return { name: model.name, version: model.version };
        if (model.kind === 'id') {
            const m = ARM_MODEL_VERSION.exec(model.id);
            const same = (a, b) => a?.toLowerCase() === b.toLowerCase();
            if (m?.groups &&
                same(m.groups.sub, target.subscriptionId) &&
                same(m.groups.rg, target.resourceGroup) &&
                same(m.groups.ws, target.workspace))
                return { name: m.groups.name, version: m.groups.version };
            return {
                reason: `model ${model.id} is not a version registered in workspace '${target.workspace}' (a registry's or another workspace's)`,
            };
        }
        return { reason: `model azureml:${model.name}@latest was not pinned to a version` };
    }
    /** The new deployment's image, when it names one (an inline environment); known after `check`. */
    get image() {
        const env = this.deployment?.environment;
        return env?.kind === 'inline' ? env.environment.image : undefined;
    }
    /** Checks the inputs and reads the files; no request to Azure. */
    static async load(inputs) {
        const deploying = inputs.action === 'deploy';
        let spec;
        if (deploying) {
            if (!inputs['endpoint-file'])
                throw new errors/* InputError */.dz('endpoint-file', 'is required for action: deploy');
            if (!inputs['deployment-file'])
                throw new errors/* InputError */.dz('deployment-file', 'is required for action: deploy');
            spec = await (0,deploy_spec/* loadDeploySpec */.l)({ endpointFile: inputs['endpoint-file'], deploymentFile: inputs['deployment-file'] }, {
                ...(inputs.endpoint ? { endpointName: inputs.endpoint } : {}),
                ...(inputs.model ? { model: inputs.model } : {}),
                ...(inputs.image ? { image: inputs.image } : {}),
                ...(inputs['instance-type'] ? { instanceType: inputs['instance-type'] } : {}),
                ...(inputs['instance-count'] !== undefined ? { instanceCount: inputs['instance-count'] } : {}),
                ...(inputs['environment-variables']
                    ? { environmentVariables: inputs['environment-variables'] }
                    : {}),
            }, { inputNames: { endpointName: 'endpoint' }, checkEnvironmentVariables: checkInferenceParameters });
        }
        const endpointName = spec?.endpoint.name ?? inputs.endpoint ?? (await endpointFromFile(inputs));
        const gate = deploying ? await loadGate(inputs) : undefined;
        // A promote watches the remaining traffic steps: it probes with the golden images too.
        const probing = deploying || inputs.action === 'promote';
        const golden = gate?.golden ??
            (probing && inputs['gate-golden'] ? await (0,gate_golden/* loadGoldenSet */.EF)(inputs['gate-golden']) : undefined);
        const probes = [];
        const protocol = protocolOf(spec?.deployment.environmentVariables ?? {});
        if (golden) {
            for (const image of golden.images.slice(0, PROBE_IMAGES)) {
                const bytes = await (0,external_node_fs_promises_.readFile)(image.file);
                const encoded = (0,client/* encodeRequest */.kf)({ scoringUri: 'https://x/', protocol }, bytes);
                probes.push({ name: image.fileName, ...encoded });
            }
        }
        if (inputs['smoke-request']) {
            const body = await (0,external_node_fs_promises_.readFile)(inputs['smoke-request']).catch(() => {
                throw new errors/* InputError */.dz('smoke-request', `${inputs['smoke-request']} cannot be read`);
            });
            try {
                JSON.parse(body.toString('utf8'));
            }
            catch (e) {
                throw new errors/* InputError */.dz('smoke-request', `is not JSON: ${e.message}`);
            }
            probes.unshift({ name: 'smoke-request', body, contentType: 'application/json', path: '' });
        }
        if (probing && probes.length === 0) {
            throw new errors/* InputError */.dz('smoke-request', `give smoke-request or gate-golden: ${deploying ? 'the rollout needs a request to smoke-test and probe the new deployment with' : 'the traffic steps left need a request to probe the deployments with'}`);
        }
        return new Preflight(endpointName, spec, gate, probes, protocol, inputs);
    }
    /** Reads only: workspace, endpoint, assets, SKU and quota; returns the plan as things stand. */
    async check(target, log, onSecret) {
        const { client, resourceGroup, workspace } = target;
        const ws = await client.workspaces.get(resourceGroup, workspace);
        this.workspaceId = ws.id ?? '';
        this.location = ws.location ?? '';
        const live = await readEndpoint(target, this.endpointName);
        const endpointBody = this.spec
            ? (0,endpoint/* toOnlineEndpoint */.yn)(this.spec.endpoint, { location: live?.location ?? this.location })
            : {};
        if (!this.spec)
            return { live, plan: undefined, endpointBody };
        const d = await this.pin(target, this.spec.deployment);
        this.deployment = d;
        await this.assetsExist(target, d);
        if (d.environment.kind === 'inline') {
            await checkDeploymentImage(target, {
                image: d.environment.environment.image,
                deploymentName: this.spec.deployment.name,
                workspace: ws,
                egressDisabled: d.egressPublicNetworkAccess === 'disabled',
            }, { log, onSecret });
        }
        const plan = planRollout(this.planInputs(), this.snapshot(live), {
            isSameDeployment: (existing) => this.isSame(existing),
        });
        if (plan.kind === 'rollout') {
            const sizes = (await client.virtualMachineSizes.list(this.location)).value ?? [];
            const usages = [];
            for await (const u of client.usages.list(this.location))
                usages.push(u);
            const quota = checkQuota(plan.quota, sizes, usages);
            requireQuota(quota);
            log(quota.message);
        }
        return { live, plan, endpointBody };
    }
    planInputs() {
        const d = this.deployment;
        return {
            ...(this.inputs['deployment-name'] ? { deploymentName: this.inputs['deployment-name'] } : {}),
            yamlName: this.spec?.deployment.name,
            instanceType: d?.instanceType ?? '',
            instanceCount: d?.instanceCount ?? 1,
            trafficSteps: parseTrafficSteps(this.inputs['traffic-steps']),
            mirrorPercent: parseMirrorPercent(this.inputs['mirror-percent']),
            keepOld: this.inputs['keep-old'],
        };
    }
    snapshot(live) {
        if (!live)
            return { exists: false, deployments: [] };
        // An unfinished rollout (its runner died mid-split) is recovered under the lock before this
        // run plans its own: until then, plan against the endpoint as that rollout found it.
        const earlier = unfinishedRollout(decodeJournal(live.tags));
        const created = earlier?.createdDeployment ? earlier.newDeployment.toLowerCase() : undefined;
        return {
            exists: true,
            traffic: earlier ? earlier.original.traffic : live.traffic,
            mirrorTraffic: earlier ? earlier.original.mirrorTraffic : live.mirrorTraffic,
            deployments: live.deployments.filter((x) => x.name.toLowerCase() !== created).map((x) => x.resource),
        };
    }
    isSame(existing) {
        return fingerprint_sameDeployment(existing, this.deploymentBody());
    }
    /** The body for the new deployment (the name goes in the URL). */
    deploymentBody() {
        if (!this.deployment)
            throw new errors/* RolloutError */.a6('PreflightNotRun', 'the deployment was not checked yet');
        const body = toOnlineDeployment(this.deployment, {
            workspaceId: this.workspaceId,
            location: this.location,
        });
        return { ...body, location: this.location };
    }
    /** An inline environment is registered (content-hash version, so a re-run registers nothing). */
    async registerEnvironment(target, log) {
        const env = this.spec?.environment;
        if (!env)
            return;
        const { client, resourceGroup, workspace } = target;
        try {
            await client.environmentVersions.get(resourceGroup, workspace, env.name, env.version);
            return;
        }
        catch (e) {
            if (preflight_statusOf(e) !== 404)
                throw e;
        }
        log(`registering environment ${env.name}:${env.version} (${env.body.properties.image})`);
        await client.environmentVersions.createOrUpdate(resourceGroup, workspace, env.name, env.version, env.body);
    }
    async pin(target, d) {
        const { client, resourceGroup, workspace } = target;
        const versions = {};
        for (const ref of (0,resolve/* latestRefs */.KW)(d)) {
            try {
                const c = ref.kind === 'models'
                    ? await client.modelContainers.get(resourceGroup, workspace, ref.name)
                    : ref.kind === 'environments'
                        ? await client.environmentContainers.get(resourceGroup, workspace, ref.name)
                        : await client.codeContainers.get(resourceGroup, workspace, ref.name);
                const latest = c.properties.latestVersion;
                if (latest)
                    versions[ref.kind] = latest;
            }
            catch (e) {
                if (preflight_statusOf(e) === 404)
                    throw missingAsset(ref.kind, `${ref.name}@latest`, workspace);
                throw e;
            }
        }
        return (0,resolve/* pinLatest */.VL)(d, versions);
    }
    async assetsExist(target, d) {
        const { client, resourceGroup, workspace } = target;
        const model = d.model;
        if (model.kind === 'version') {
            try {
                await client.modelVersions.get(resourceGroup, workspace, model.name, model.version);
            }
            catch (e) {
                if (preflight_statusOf(e) === 404)
                    throw missingAsset('models', `${model.name}:${model.version}`, workspace);
                throw e;
            }
        }
        const env = d.environment;
        if (env.kind === 'ref' && env.ref.kind === 'version') {
            try {
                await client.environmentVersions.get(resourceGroup, workspace, env.ref.name, env.ref.version);
            }
            catch (e) {
                if (preflight_statusOf(e) === 404)
                    throw missingAsset('environments', `${env.ref.name}:${env.ref.version}`, workspace);
                throw e;
            }
        }
    }
}
function loadPreflight(inputs) {
    return Preflight.load(inputs);
}
function missingAsset(kind, ref, workspace) {
    const what = kind === 'models' ? 'model' : kind === 'environments' ? 'environment' : 'code';
    return new errors/* RolloutError */.a6(what === 'model' ? 'ModelNotFound' : 'EnvironmentNotFound', `${what} '${ref}' does not exist in workspace '${workspace}'`, {
        resource: ref,
        remediation: what === 'model'
            ? 'register it first (register-model, whose model-ref output the model input takes)'
            : 'register the environment first, or give an image',
    });
}
async function endpointFromFile(inputs) {
    if (inputs['endpoint-file']) {
        const { loadEndpointYaml } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 45445));
        return (await loadEndpointYaml(inputs['endpoint-file'])).name;
    }
    throw new errors/* InputError */.dz('endpoint', `is required for action: ${inputs.action} (or give endpoint-file)`);
}
async function loadGate(inputs) {
    const golden = inputs['gate-golden'];
    const model = inputs['gate-model'];
    const card = inputs['gate-card'];
    if (!golden && !model && !card) {
        for (const name of ['gate-thresholds', 'gate-baseline']) {
            if (inputs[name])
                throw new errors/* InputError */.dz(name, 'needs gate-golden, gate-model and gate-card');
        }
        return undefined;
    }
    if (!golden)
        throw new errors/* InputError */.dz('gate-golden', 'is required with gate-model and gate-card');
    if (!model)
        throw new errors/* InputError */.dz('gate-model', 'is required with gate-golden');
    if (!card)
        throw new errors/* InputError */.dz('gate-card', 'is required with gate-golden');
    const baseline = inputs['gate-baseline'];
    if (baseline)
        await (0,external_node_fs_promises_.readFile)(baseline).catch(() => {
            throw new errors/* InputError */.dz('gate-baseline', `${baseline} cannot be read`);
        });
    await (0,external_node_fs_promises_.readFile)(model).catch(() => {
        throw new errors/* InputError */.dz('gate-model', `${model} cannot be read`);
    });
    return {
        golden: await (0,gate_golden/* loadGoldenSet */.EF)(golden),
        model,
        card: await (0,scoring_card/* loadModelCard */.uW)(card),
        thresholds: await (0,thresholds/* loadThresholds */.HP)(inputs['gate-thresholds']),
        baseline,
        reportDir: inputs['gate-report-dir'],
    };
}
/** The six AutoML inference parameters (BOX_SCORE_THRESH, ...), checked with the scorer's parser. */
function checkInferenceParameters(vars) {
    const problems = [];
    const params = (0,scoring_card/* inferenceOverridesFromEnv */.CC)(vars);
    for (const [param, value] of Object.entries(params)) {
        try {
            (0,scoring_card/* overrideInference */.gL)(scoring_card/* AUTOML_INFERENCE_DEFAULTS */.E4, { [param]: value });
        }
        catch (e) {
            problems.push({ name: param.toUpperCase(), message: e.message });
        }
    }
    return problems;
}
function protocolOf(env) {
    const declared = env.AML_ROLLOUT_SCORING_PROTOCOL;
    return declared === 'kserve' || declared === 'torchserve' ? declared : 'automl';
}

;// CONCATENATED MODULE: ./shared/rollout/timeline.ts
// The rollout's summary pieces, as strings: the timeline of stages as a Markdown table, and the
// traffic over time as a Mermaid `xychart-beta` (GitHub renders Mermaid in job summaries) or as a
// Markdown table (Azure DevOps summaries do not render Mermaid). Pure string building.

const OUTCOME = {
    ok: '✅ ok',
    failed: '❌ failed',
    skipped: '⏭️ skipped',
    running: '⏳ running',
    'rolled back': '↩️ rolled back',
    paused: '⏸️ paused',
};
const toMs = (t) => (typeof t === 'number' ? t : Date.parse(t));
/** "850 ms", "42s", "3m 05s", "1h 02m". */
function formatDuration(ms) {
    if (!Number.isFinite(ms) || ms < 0)
        return '?';
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    const s = Math.round(ms / 1000);
    if (s < 60)
        return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 60)
        return `${m}m ${String(s % 60).padStart(2, '0')}s`;
    return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
/** A table cell: no pipes or line breaks to break the row. */
function cell(text) {
    return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}
/** "12:03:05Z" (UTC time of day), or "?" for a bad time. */
function clock(t) {
    const ms = toMs(t);
    return Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(11, 19)}Z` : '?';
}
function timelineMarkdown(rows) {
    const lines = [
        '| Stage | Started | Duration | Outcome | Checks | Figures |',
        '| --- | --- | --- | --- | --- | --- |',
    ];
    for (const r of rows) {
        const duration = r.endedAt === undefined ? '' : formatDuration(toMs(r.endedAt) - toMs(r.startedAt));
        const checks = r.checks ? `${r.checks.passed} passed, ${r.checks.failed} failed` : '';
        lines.push(`| ${[cell(r.stage), clock(r.startedAt), duration, OUTCOME[r.outcome], checks, cell(r.figures ?? '')].join(' | ')} |`);
    }
    return lines.join('\n');
}
/** One series per deployment (first spelling seen), plus one per mirrored deployment. */
function seriesOf(samples) {
    const live = [];
    const mirrored = [];
    for (const s of samples) {
        for (const name of Object.keys(s.traffic))
            if (!findDeployment(live, name))
                live.push(name);
        for (const [name, v] of Object.entries(s.mirrorTraffic ?? {}))
            if (v > 0 && !findDeployment(mirrored, name))
                mirrored.push(name);
    }
    return [
        ...live.map((name) => ({ name, mirror: false, values: samples.map((s) => trafficOf(s.traffic, name)) })),
        ...mirrored.map((name) => ({
            name,
            mirror: true,
            values: samples.map((s) => trafficOf(s.mirrorTraffic, name)),
        })),
    ];
}
/** Line colours: the deployments called blue and green get those; others the rest in turn. */
const PALETTE = [
    { name: 'orange', hex: '#bc4c00' },
    { name: 'purple', hex: '#8250df' },
    { name: 'red', hex: '#cf222e' },
    { name: 'grey', hex: '#6e7781' },
    { name: 'brown', hex: '#953800' },
    { name: 'pink', hex: '#bf3989' },
];
const NAMED = { blue: { name: 'blue', hex: '#0969da' }, green: { name: 'green', hex: '#1a7f37' } };
function colours(series) {
    let next = 0;
    return series.map((s) => {
        const key = s.name.toLowerCase();
        if (!s.mirror && (key === 'blue' || key === 'green'))
            return NAMED[key];
        return PALETTE[next++ % PALETTE.length];
    });
}
/** Text safe inside a Mermaid double-quoted string. */
const quoted = (text) => `"${text
    .replace(/"/g, "'")
    .replace(/[\\\s]+/g, ' ')
    .trim()}"`;
/**
 * A fenced Mermaid `xychart-beta` of traffic per deployment over the samples, and a legend line
 * (xychart draws no legend, so the line colours are fixed and named under the chart).
 */
function trafficMermaid(samples, title = 'Traffic by deployment (%)') {
    if (samples.length === 0)
        return '_No traffic changes._';
    const series = seriesOf(samples);
    if (series.length === 0)
        return '_No traffic on the endpoint._';
    const palette = colours(series);
    const lines = [
        '```mermaid',
        '---',
        'config:',
        '  theme: base',
        '  themeVariables:',
        '    xyChart:',
        `      plotColorPalette: "${palette.map((c) => c.hex).join(', ')}"`,
        '---',
        'xychart-beta',
        `  title ${quoted(title)}`,
        `  x-axis [${samples.map((s) => quoted(s.label)).join(', ')}]`,
        '  y-axis "traffic %" 0 --> 100',
        ...series.map((s) => `  line [${s.values.join(', ')}]`),
        '```',
        '',
        `Lines: ${series.map((s, i) => `${palette[i]?.name} = \`${s.name}\`${s.mirror ? ' (mirrored)' : ''}`).join(', ')}.`,
    ];
    return lines.join('\n');
}
/** The same traffic as a Markdown table: one row per sample, one column per deployment. */
function trafficMarkdownTable(samples) {
    if (samples.length === 0)
        return '_No traffic changes._';
    const series = seriesOf(samples);
    const head = ['When', ...series.map((s) => (s.mirror ? `${s.name} (mirrored)` : s.name))];
    const lines = [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
    samples.forEach((sample, i) => {
        lines.push(`| ${[cell(sample.label), ...series.map((s) => `${s.values[i]}%`)].join(' | ')} |`);
    });
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./shared/rollout/step.ts
// The deploy step: every check before the first change (YAML, names, traffic maths, model and
// environment, SKU, quota, the private-network image rule, the endpoint's traffic and journal),
// then ensure the endpoint, take the lock, and drive the blue-green machine. Verbs: `deploy`,
// `promote` / `reject` (a paused rollout), `status` (read only). After the job, the post-job entry
// (`runDeployPost`) recovers a rollout whose main entry was killed.
















/** SDK poll interval on the local plane (its operations take milliseconds); Azure: Retry-After or 2 s. */
const LOCAL_POLL_MS = 200;
async function runDeployStep(inputs, ctx) {
    const { host, azure } = ctx;
    // Everything about the inputs alone is checked before anything is read from Azure.
    parseTrafficSteps(inputs['traffic-steps']);
    parseMirrorPercent(inputs['mirror-percent']);
    const thresholds = parseHealthThresholds({
        maxErrorRate: inputs['max-error-rate'],
        maxP95Ms: inputs['max-p95-ms'],
        maxP95Ratio: inputs['max-p95-ratio'],
        minRequests: inputs['min-requests'],
    });
    const onInterrupted = parseOnInterrupted(inputs['on-interrupted']);
    const local = inputs['local-state-dir'] !== undefined;
    const pollIntervalMs = local ? LOCAL_POLL_MS : undefined;
    if (inputs.action === 'status')
        return step_status(inputs, ctx);
    const runInfo = (0,run_info/* runIdentity */.yK)();
    const pre = await loadPreflight(inputs);
    const target = await (0,workspace/* connectWorkspace */.A)((0,azure_inputs/* workspaceRef */.xv)(inputs), azure);
    const ws = target;
    const endpointName = pre.endpointName;
    const context = await pre.check(target, (l) => host.info(l), (v) => host.setSecret(v));
    let live = context.live;
    if (inputs.action === 'deploy') {
        // A paused or interrupted rollout is refused (or recovered) before anything changes.
        const read = decodeJournal(live?.tags);
        if (read.record?.stage === 'paused')
            decideRecovery(read, { action: 'deploy', onInterrupted });
        if (context.plan?.kind === 'unchanged') {
            host.info(`nothing to change: ${context.plan.reason}`);
            await host.appendSummary(`### Deploy ${endpointName}\n\nNothing to change: ${context.plan.reason}\n`);
            return outputs(live, context.plan.live, undefined, 'false');
        }
    }
    const io = {
        log: (l) => host.info(l),
        warn: (l) => host.warning(l),
        timeline: [],
        traffic: live ? [{ label: 'start', traffic: live.traffic, mirrorTraffic: live.mirrorTraffic }] : [],
    };
    let createdEndpoint = false;
    if (!live) {
        if (inputs.action !== 'deploy')
            throw noEndpoint(endpointName);
        host.info(`creating endpoint '${endpointName}'`);
        const started = Date.now();
        await putEndpoint(ws, endpointName, context.endpointBody, { pollIntervalMs, signal: ctx.signal });
        createdEndpoint = true;
        io.timeline.push({
            stage: 'endpoint',
            startedAt: started,
            endedAt: Date.now(),
            outcome: 'ok',
            figures: 'created',
        });
        live = (await readEndpoint(ws, endpointName));
    }
    // Saved before the lock is taken: a main entry killed from here on leaves its post-job entry what
    // it needs to take over the lease and restore the endpoint. Cleared once the rollout has settled.
    const leaseId = (0,external_node_crypto_.randomUUID)();
    host.saveState(POST_STATE, JSON.stringify({ endpoint: endpointName, runId: runInfo.runId, leaseId }));
    const lock = await takeLock(host, target, endpointName, inputs, ctx, runInfo, {
        leaseId,
        timeoutMs: inputs['lock-timeout'] * 1000,
    }).catch((e) => {
        host.saveState(POST_STATE, '');
        throw e;
    });
    try {
        const result = await underLock();
        host.saveState(POST_STATE, '');
        return result;
    }
    catch (e) {
        // A failed rollout's summary shows how far it got and the restore, as a finished one does.
        if (io.timeline.length)
            await writeSummary(host, io, endpointName, `failed: ${(0,errors/* describeError */.Uc)(e)}`);
        throw e;
    }
    finally {
        await lock
            .release()
            .catch((e) => host.warning(`could not release the lock: ${(0,errors/* describeError */.Uc)(e)}`));
    }
    async function underLock() {
        // Read again under the lock: another rollout may have finished or died meanwhile.
        live = (await readEndpoint(ws, endpointName));
        const deploying = inputs.action === 'deploy';
        const recovery = decideRecovery(decodeJournal(live.tags), {
            action: inputs.action,
            onInterrupted,
            // A resume carries on with this run's deployment: refused when that is another one.
            newDeployment: deploying && context.plan?.kind === 'rollout' ? context.plan.newDeployment : undefined,
        });
        host.info(recovery.reason);
        const checks = await buildChecks(host, target, live, pre, thresholds, inputs, ctx);
        const options = machineOptions(inputs, pollIntervalMs);
        if (recovery.kind !== 'nothing') {
            const r = await recover(recovery, {
                host,
                ws,
                live,
                // A resume at `deploying` puts this run's deployment (promote resumes after the gate).
                deploymentBody: deploying ? pre.deploymentBody() : {},
                checks,
                options,
                io,
                runInfo,
                keepOld: inputs['keep-old'],
                signal: ctx.signal,
            });
            if (recovery.kind === 'resume' || !recovery.thenDeploy)
                return finish(host, io, ws, endpointName, r.outcome, r.deployment, r.previous);
            live = (await readEndpoint(ws, endpointName));
        }
        if (inputs.action !== 'deploy')
            throw new errors/* RolloutError */.a6('NothingPaused', `no paused rollout on '${endpointName}'`);
        const plan = planRollout(pre.planInputs(), pre.snapshot(live), {
            isSameDeployment: (d) => pre.isSame(d),
        });
        if (plan.kind === 'unchanged') {
            host.info(`nothing to change: ${plan.reason}`);
            return outputs(live, plan.live, undefined, 'false');
        }
        await pre.registerEnvironment(target, (l) => host.info(l));
        const now = new Date().toISOString();
        const record = {
            runId: runInfo.runId,
            runUrl: runInfo.runUrl,
            stage: 'deploying',
            newDeployment: plan.newDeployment,
            oldDeployment: plan.oldDeployment,
            route: plan.route,
            startedAt: now,
            updatedAt: now,
            original: { traffic: { ...live.traffic }, mirrorTraffic: { ...live.mirrorTraffic } },
            createdEndpoint,
            createdDeployment: plan.action === 'create',
            keepOld: inputs['keep-old'],
        };
        for (const note of plan.notes)
            host.info(note);
        host.info(`rollout ${plan.oldDeployment ?? '(none)'} -> ${plan.newDeployment} on '${endpointName}': ${plan.firstDeployment ? 'first deployment, 100% after smoke and gate' : `steps ${plan.steps.map((s) => `${s.percent}%`).join(', ')}`}`);
        const outcome = await driveRollout({
            ws,
            endpoint: endpointName,
            plan,
            deploymentBody: pre.deploymentBody(),
            record,
            checks,
            options,
            io,
            signal: ctx.signal,
        });
        return finish(host, io, ws, endpointName, outcome.kind, plan.newDeployment, plan.oldDeployment);
    }
}
/** What the main entry saves for the post-job entry while a rollout of this job may be unfinished. */
const POST_STATE = 'aml_rollout_deploy';
function readPostState(text) {
    if (!text)
        return undefined;
    try {
        const v = JSON.parse(text);
        if (typeof v.endpoint === 'string' && typeof v.runId === 'string' && typeof v.leaseId === 'string')
            return { endpoint: v.endpoint, runId: v.runId, leaseId: v.leaseId };
    }
    catch {
        // Not ours, or cut short: nothing to recover from it.
    }
    return undefined;
}
/**
 * The post-job entry (GitHub `post:`, Azure DevOps `postjobexecution`), run after the job, even a
 * cancelled one: when the main entry died mid-rollout (killed after a cancel timed out, out of
 * memory), take over its lease, restore the traffic and mirror traffic its journal found (or
 * finish an interrupted finalize: only forward is safe there) through the same machine, and
 * release the lock. It reads only the saved state and the workspace inputs, and does nothing when
 * the main entry settled its rollout, or another run has taken the endpoint since.
 */
async function runDeployPost(inputs, ctx) {
    const { host } = ctx;
    const saved = readPostState(host.getState(POST_STATE));
    if (!saved) {
        host.info('deploy: no rollout of this job was left unfinished');
        return;
    }
    const target = await (0,workspace/* connectWorkspace */.A)((0,azure_inputs/* workspaceRef */.xv)(inputs), ctx.azure);
    let lock;
    try {
        lock = await takeLock(host, target, saved.endpoint, inputs, ctx, { runId: saved.runId }, {
            leaseId: saved.leaseId,
            timeoutMs: 0,
        });
    }
    catch (e) {
        if (!(0,errors/* isRolloutError */.IV)(e) || e.code !== 'EndpointLocked')
            throw e;
        // Another run holds it now: it finds this job's journal and recovers it (on-interrupted).
        host.warning(`deploy: ${e.message}; that run recovers this job's rollout`);
        return;
    }
    try {
        const live = await readEndpoint(target, saved.endpoint);
        const read = decodeJournal(live?.tags);
        const j = unfinishedRollout(read);
        if (!live || !j || j.runId !== saved.runId || j.stage === 'paused') {
            host.info(`deploy: nothing to recover on '${saved.endpoint}': ${j ? describeJournal(j) : (read.reason ?? 'the rollout of this job has finished')}`);
            return;
        }
        host.warning(`deploy: the job ended before its rollout did (${describeJournal(j)})`);
        const recovery = decideRecovery(read, { action: 'deploy', onInterrupted: 'rollback' });
        if (recovery.kind === 'nothing')
            return;
        const local = inputs['local-state-dir'] !== undefined;
        const io = {
            log: (l) => host.info(l),
            warn: (l) => host.warning(l),
            timeline: [],
            traffic: [{ label: 'found', traffic: live.traffic, mirrorTraffic: live.mirrorTraffic }],
        };
        const r = await recover(recovery, {
            host,
            ws: target,
            live,
            deploymentBody: {},
            checks: NO_CHECKS,
            options: machineOptions(inputs, local ? LOCAL_POLL_MS : undefined),
            io,
            runInfo: { runId: j.runId, runUrl: j.runUrl },
            keepOld: inputs['keep-old'],
            signal: ctx.signal,
        });
        await finish(host, io, target, saved.endpoint, `${r.outcome} after the job ended`, r.deployment, r.previous);
    }
    finally {
        await lock
            .release()
            .catch((e) => host.warning(`could not release the lock: ${(0,errors/* describeError */.Uc)(e)}`));
    }
}
/** The post-job entry rolls back or finishes a finalize: neither checks a deployment. */
const NO_CHECKS = {
    smoke: () => Promise.reject(new errors/* RolloutError */.a6('NoChecks', 'the post-job entry runs no smoke test')),
    watch: () => Promise.reject(new errors/* RolloutError */.a6('NoChecks', 'the post-job entry watches no traffic')),
};
function machineOptions(inputs, pollIntervalMs) {
    return {
        provisionTimeoutMs: inputs['provision-timeout'] * 1000,
        bakeMs: inputs['bake-seconds'] * 1000,
        mirrorMs: inputs['mirror-seconds'] * 1000,
        failureLimit: inputs['failure-limit'],
        pauseBeforePromote: inputs['pause-before-promote'],
        keepFailed: inputs['keep-failed'],
        pollIntervalMs,
    };
}
/**
 * Recover a journalled rollout: roll it back, or carry it on from `recovery.from`. The run doing
 * it owns the journal from now on (its own post-job entry recovers it, should it die too).
 */
async function recover(recovery, r) {
    const j = { ...recovery.journal, runId: r.runInfo.runId, runUrl: r.runInfo.runUrl };
    const run = {
        ws: r.ws,
        endpoint: r.live.name,
        plan: journalPlan(j, r.live, r.keepOld),
        deploymentBody: r.deploymentBody,
        record: j,
        checks: r.checks,
        options: r.options,
        io: r.io,
        signal: r.signal,
    };
    if (recovery.kind === 'rollback') {
        await rollBack(run, recovery.reason);
        return { outcome: 'rolled back', deployment: j.oldDeployment, previous: undefined };
    }
    const outcome = await driveRollout(run, recovery.from);
    return { outcome: outcome.kind, deployment: j.newDeployment, previous: j.oldDeployment };
}
/** The plan of a journalled rollout, rebuilt from what the journal kept (`keepOld`: this run's
 * input, for a journal written before the record kept it). */
function journalPlan(j, live, keepOld) {
    const plan = planRollout({
        deploymentName: j.newDeployment,
        // Only guards an existing deployment against a change of SKU (a journal plan requests no
        // quota): the new deployment may not exist, when its runner died before Azure took the PUT.
        instanceType: live.deployments.find((d) => d.name.toLowerCase() === j.newDeployment.toLowerCase())?.instanceType ??
            'not created',
        instanceCount: 1,
        trafficSteps: j.route.steps,
        mirrorPercent: j.route.mirrorPercent,
        keepOld: j.keepOld ?? keepOld,
    }, {
        exists: true,
        traffic: live.traffic,
        mirrorTraffic: live.mirrorTraffic,
        deployments: live.deployments.map((d) => d.resource),
    }, {
        isSameDeployment: () => false,
        resuming: {
            newDeployment: j.newDeployment,
            createdDeployment: j.createdDeployment,
            original: j.original,
        },
    });
    if (plan.kind !== 'rollout')
        throw new errors/* RolloutError */.a6('JournalUnreadable', 'the journal describes no rollout');
    return plan;
}
async function takeLock(host, target, endpoint, inputs, ctx, runInfo, lease) {
    const { openDatastore } = await Promise.all(/* import() */[__webpack_require__.e(725), __webpack_require__.e(789), __webpack_require__.e(59)]).then(__webpack_require__.bind(__webpack_require__, 49059));
    const store = await openDatastore(target, 'workspaceblobstore', (s) => ctx.azure.onSecret(s));
    return acquireEndpointLock(store.container, target.workspace, endpoint, runInfo, {
        ...lease,
        leaseSeconds: Math.round(inputs['lock-lease-seconds']),
        signal: ctx.signal,
        log: (l) => host.info(l),
        onLost: (e) => host.warning((0,errors/* describeError */.Uc)(e)),
    });
}
async function buildChecks(host, ws, live, pre, thresholds, inputs, ctx) {
    const { resolveEndpoint } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 31384));
    const resolved = await resolveEndpoint({ ...(0,azure_inputs/* workspaceRef */.xv)(inputs), endpoint: live.name }, ctx.azure, (l) => host.info(l));
    const target = {
        scoringUri: resolved.scoringUri,
        protocol: pre.protocol,
        ...(resolved.credential ? { credential: resolved.credential } : {}),
        // What the gate quotes of an answer is masked by the run's masker.
        mask: (text) => host.mask(text),
    };
    return rolloutChecks({
        ws,
        endpointId: live.resource.id ?? '',
        target,
        requests: pre.probes,
        probeIntervalMs: inputs['probe-interval-ms'],
        thresholds,
        gate: pre.gate
            ? deployGate(host, pre.gate, target, pre.environmentVariables, (name) => {
                const d = live.deployments.find((x) => x.name.toLowerCase() === name.toLowerCase());
                return d?.environmentVariables ?? {};
            }, { workspace: ws, endpoint: live.name, model: pre.gateModel(ws), image: pre.image })
            : undefined,
        warn: (l) => host.warning(l),
        log: (l) => host.info(l),
    });
}
async function step_status(inputs, ctx) {
    const { host } = ctx;
    const name = inputs.endpoint ?? (inputs['endpoint-file'] ? await endpointNameOf(inputs['endpoint-file']) : undefined);
    if (!name)
        throw new errors/* InputError */.dz('endpoint', 'is required for action: status (or give endpoint-file)');
    const ws = await (0,workspace/* connectWorkspace */.A)((0,azure_inputs/* workspaceRef */.xv)(inputs), ctx.azure);
    const live = await readEndpoint(ws, name);
    if (!live)
        throw noEndpoint(name);
    const read = decodeJournal(live.tags);
    const journal = read.record ? describeJournal(read.record) : `no rollout journal (${read.reason})`;
    host.info(`endpoint '${name}': traffic ${formatTraffic(live.traffic)}; mirror ${formatTraffic(live.mirrorTraffic)}`);
    host.info(`journal: ${journal}`);
    for (const d of live.deployments) {
        host.info(`deployment '${d.name}': ${d.provisioningState}, ${d.instanceType} x ${d.instanceCount}`);
    }
    const serving = Object.entries(live.traffic).find(([, v]) => v > 0)?.[0];
    return outputs(live, serving, undefined, 'false');
}
async function endpointNameOf(file) {
    const { loadEndpointYaml } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 45445));
    return (await loadEndpointYaml(file)).name;
}
function noEndpoint(name) {
    return new errors/* RolloutError */.a6('EndpointNotFound', `endpoint '${name}' does not exist`, {
        resource: name,
        remediation: 'run action: deploy with the endpoint YAML first',
    });
}
function outputs(live, deployment, previous, changed) {
    return {
        endpoint: live.name,
        ...(deployment ? { deployment } : {}),
        ...(previous ? { 'previous-deployment': previous } : {}),
        ...(live.scoringUri ? { 'scoring-uri': live.scoringUri } : {}),
        traffic: JSON.stringify(live.traffic),
        changed,
    };
}
const PAUSED_NOTE = 'Paused before any traffic moved, waiting for a decision: run the step with `action: promote` to carry the rollout on, or `action: reject` to roll it back.';
/** The job summary: the timeline of stages and the traffic over time (Mermaid on GitHub, a table on ADO). */
async function writeSummary(host, io, endpoint, outcome) {
    const chart = host.kind === 'ado' ? trafficMarkdownTable(io.traffic) : trafficMermaid(io.traffic);
    await host.appendSummary([
        `### Deploy ${endpoint}: ${outcome}`,
        '',
        ...(outcome === 'paused' ? [PAUSED_NOTE, ''] : []),
        timelineMarkdown(io.timeline),
        '',
        '#### Traffic',
        '',
        chart,
        '',
    ].join('\n'));
}
/** Outputs and summary of a rollout that ran: `deployment` serves once it is done, `previous` is the one it replaced. */
async function finish(host, io, ws, endpoint, outcome, deployment, previous) {
    const live = await readEndpoint(ws, endpoint);
    // Paused before any traffic moved: the old deployment still serves everything.
    if (outcome === 'paused')
        [deployment, previous] = [previous, undefined];
    await writeSummary(host, io, endpoint, outcome);
    return {
        endpoint,
        ...(deployment ? { deployment } : {}),
        ...(previous ? { 'previous-deployment': previous } : {}),
        ...(live?.scoringUri ? { 'scoring-uri': live.scoringUri } : {}),
        traffic: JSON.stringify(live?.traffic ?? {}),
        changed: 'true',
    };
}


/***/ }),

/***/ 45445:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ loadDeploySpec),
/* harmony export */   loadEndpointYaml: () => (/* binding */ loadEndpointYaml)
/* harmony export */ });
/* unused harmony export parseDeploySpec */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _deployment_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(89681);
/* harmony import */ var _endpoint_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(36035);
/* harmony import */ var _issues_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(12966);
/* harmony import */ var _reader_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(76249);
/* harmony import */ var _resolve_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(58264);
// The deploy step's stage-1 check for its YAML: both files and the overriding inputs read and
// validated together, so one error lists every problem, before anything in Azure is touched.






/** Validates both documents and the overrides together; throws one SpecError listing everything. */
function parseDeploySpec(files, overrides = {}, options = {}) {
    const endpointDoc = new _reader_js__WEBPACK_IMPORTED_MODULE_4__/* .YamlDocument */ .Jz(files.endpoint.text, files.endpoint.source, 'endpoint');
    const deploymentDoc = new _reader_js__WEBPACK_IMPORTED_MODULE_4__/* .YamlDocument */ .Jz(files.deployment.text, files.deployment.source, 'deployment');
    const endpoint = (0,_endpoint_js__WEBPACK_IMPORTED_MODULE_2__/* .readEndpoint */ .KW)(endpointDoc);
    const deployment = (0,_deployment_js__WEBPACK_IMPORTED_MODULE_1__/* .readDeployment */ .iJ)(deploymentDoc);
    const inputIssues = [];
    const resolved = deployment &&
        (0,_resolve_js__WEBPACK_IMPORTED_MODULE_5__/* .resolveDeploymentInto */ .SD)(deployment, overrides, {
            ...options,
            // The endpoint-name input wins over the YAML name; resolve checks and reports it.
            ...(overrides.endpointName === undefined && endpoint ? { endpointName: endpoint.name } : {}),
        }, (0,_resolve_js__WEBPACK_IMPORTED_MODULE_5__/* .issueSink */ .vg)(inputIssues, (path, message, hint) => {
            // A field whose YAML value was already refused is not "required" as well.
            const at = (0,_reader_js__WEBPACK_IMPORTED_MODULE_4__/* .formatPath */ .jV)(path);
            if (!deploymentDoc.issues.some((i) => i.path === at))
                deploymentDoc.report(path, message, hint);
        }));
    (0,_issues_js__WEBPACK_IMPORTED_MODULE_3__/* .throwIfIssues */ .AR)([...endpointDoc.issues, ...deploymentDoc.issues, ...inputIssues]);
    const ep = endpoint;
    const d = resolved;
    return {
        endpoint: { ...ep, name: d.endpointName },
        deployment: d,
        ...(d.environment.kind === 'inline'
            ? { environment: (0,_resolve_js__WEBPACK_IMPORTED_MODULE_5__/* .environmentToRegister */ .gG)(d.environment.environment) }
            : {}),
        ignored: [
            ...ep.ignored.map((f) => `${files.endpoint.source}: ${f}`),
            ...(deployment?.ignored ?? []).map((f) => `${files.deployment.source}: ${f}`),
        ],
    };
}
/** Reads both files (named in messages as given) and validates them with the overrides. */
async function loadDeploySpec(files, overrides = {}, options = {}) {
    const issues = [];
    const read = async (file, kind) => {
        try {
            return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8');
        }
        catch (e) {
            const code = e.code;
            issues.push({
                kind,
                source: file,
                path: '',
                message: code === 'ENOENT' ? 'does not exist' : `cannot be read (${e.message})`,
                hint: `check the ${kind}-file input`,
            });
            return '';
        }
    };
    const [endpointText, deploymentText] = await Promise.all([
        read(files.endpointFile, 'endpoint'),
        read(files.deploymentFile, 'deployment'),
    ]);
    (0,_issues_js__WEBPACK_IMPORTED_MODULE_3__/* .throwIfIssues */ .AR)(issues);
    return parseDeploySpec({
        endpoint: { text: endpointText, source: files.endpointFile },
        deployment: { text: deploymentText, source: files.deploymentFile },
    }, overrides, options);
}
/** Reads the endpoint YAML alone (for a verb that only touches the endpoint). */
async function loadEndpointYaml(file) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8');
    }
    catch (e) {
        throw new _issues_js__WEBPACK_IMPORTED_MODULE_3__/* .SpecError */ .G8([
            { kind: 'endpoint', source: file, path: '', message: `cannot be read (${e.message})` },
        ]);
    }
    return (0,_endpoint_js__WEBPACK_IMPORTED_MODULE_2__/* .parseEndpointYaml */ .IG)(text, file);
}


/***/ }),

/***/ 89681:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KS: () => (/* binding */ environmentVariableNameProblem),
/* harmony export */   iJ: () => (/* binding */ readDeployment)
/* harmony export */ });
/* unused harmony exports MAX_REQUEST_TIMEOUT_MS, parseDeploymentYaml */
/* harmony import */ var _issues_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(12966);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(22348);
/* harmony import */ var _reader_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76249);
/* harmony import */ var _registry_reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(65189);
/* harmony import */ var _refs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(30632);
// The managed online deployment YAML (`az ml online-deployment create -f`), read as written:
// every field the CLI v2 schema takes is either read, refused with a reason, or (output-only)
// ignored. Overrides and the "can the step deploy this" checks come after, in resolve.ts.





/** The largest scoring timeout Azure ML accepts for managed online deployments. */
const MAX_REQUEST_TIMEOUT_MS = 180_000;
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function environmentVariableNameProblem(name) {
    return ENV_VAR_NAME.test(name)
        ? undefined
        : `'${name}' is not an environment variable name (letters, digits and '_', not starting with a digit)`;
}
const REGISTER_MODEL_HINT = 'register the model first (register-model step, or az ml model create) and reference it as azureml:<name>:<version>, or pass the model input';
const IMAGE_HINT = 'build and push the image first (build-image step) and set environment.image, or pass the image input';
/** Reads a deployment document; problems go to `doc.issues`. */
function readDeployment(doc) {
    const r = (0,_reader_js__WEBPACK_IMPORTED_MODULE_2__/* .rootMapping */ .tA)(doc);
    if (!r)
        return undefined;
    const ignored = [];
    r.string('$schema');
    const name = r.string('name', _names_js__WEBPACK_IMPORTED_MODULE_1__/* .deploymentNameProblem */ .uK);
    const endpointName = r.string('endpoint_name', _names_js__WEBPACK_IMPORTED_MODULE_1__/* .endpointNameProblem */ .YK);
    const type = r.choice('type', ['managed', 'kubernetes']);
    if (type === 'kubernetes') {
        r.report('type', 'kubernetes deployments are not supported', 'the deploy step deploys to managed online endpoints; use type: managed');
    }
    const model = readModel(r);
    const code = readCode(r);
    const environment = readEnvironment(r);
    const environmentVariables = r.stringMap('environment_variables', environmentVariableNameProblem) ?? {};
    const instanceType = r.string('instance_type', _refs_js__WEBPACK_IMPORTED_MODULE_4__/* .instanceTypeProblem */ .nH);
    const instanceCount = r.integer('instance_count', { min: 1 });
    const requestSettings = readRequestSettings(r);
    const livenessProbe = readProbe(r, 'liveness_probe');
    const readinessProbe = readProbe(r, 'readiness_probe');
    const appInsightsEnabled = r.boolean('app_insights_enabled');
    const egressPublicNetworkAccess = r.choice('egress_public_network_access', [
        'enabled',
        'disabled',
    ]);
    const modelMountPath = r.string('model_mount_path', (p) => p.startsWith('/') ? undefined : `'${p}' must be an absolute path in the container (e.g. /models)`);
    const description = r.string('description');
    const tags = r.stringMap('tags') ?? {};
    const properties = r.stringMap('properties') ?? {};
    readScaleSettings(r);
    r.refuse('data_collector', 'needs api-version 2023-04-01 or later; the deploy step speaks 2022-10-01 (@azure/arm-machinelearning 2.1.1)', 'remove data_collector, or collect data from the scoring container itself');
    r.refuse('private_network_connection', 'is a retired preview field', 'use egress_public_network_access: disabled');
    r.refuse('resources', 'is for Kubernetes deployments (managed deployments size by instance_type)', 'remove it');
    r.ignore(['id', 'provisioning_state', 'creation_context'], ignored);
    r.finish();
    return {
        ...(name === undefined ? {} : { name }),
        ...(endpointName === undefined ? {} : { endpointName }),
        ...(model === undefined ? {} : { model }),
        ...(code === undefined ? {} : { code }),
        ...(environment === undefined ? {} : { environment }),
        environmentVariables,
        ...(instanceType === undefined ? {} : { instanceType }),
        ...(instanceCount === undefined ? {} : { instanceCount }),
        ...(requestSettings === undefined ? {} : { requestSettings }),
        ...(livenessProbe === undefined ? {} : { livenessProbe }),
        ...(readinessProbe === undefined ? {} : { readinessProbe }),
        ...(appInsightsEnabled === undefined ? {} : { appInsightsEnabled }),
        ...(egressPublicNetworkAccess === undefined ? {} : { egressPublicNetworkAccess }),
        ...(modelMountPath === undefined ? {} : { modelMountPath }),
        ...(description === undefined ? {} : { description }),
        tags,
        properties,
        ignored,
    };
}
function readRef(r, key, kind, hint) {
    const v = r.raw(key);
    if (typeof v !== 'string')
        return undefined;
    const ref = (0,_refs_js__WEBPACK_IMPORTED_MODULE_4__/* .parseAssetRef */ .fP)(v, kind);
    if ('problem' in ref) {
        r.report(key, ref.problem, hint);
        return undefined;
    }
    return ref;
}
function readModel(r) {
    const v = r.raw('model');
    if (v === undefined)
        return undefined;
    if (typeof v === 'string') {
        if (!/^azureml:/i.test(v)) {
            r.report('model', `'${v}' is not a registered model reference`, REGISTER_MODEL_HINT);
            return undefined;
        }
        return readRef(r, 'model', 'models');
    }
    if (!(0,_reader_js__WEBPACK_IMPORTED_MODULE_2__/* .isMapping */ .pi)(v)) {
        r.report('model', `expected azureml:<name>:<version> or a mapping, got ${(0,_reader_js__WEBPACK_IMPORTED_MODULE_2__/* .describeValue */ .bp)(v)}`, REGISTER_MODEL_HINT);
        return undefined;
    }
    const m = r.mapping('model');
    // An inline model (the CLI uploads and registers it) is refused in resolve unless the model
    // input replaces it; only its path is read, for the message. Its fields are the CLI's.
    const path = m.string('path');
    for (const key of [
        'name',
        'version',
        'type',
        'description',
        'tags',
        'properties',
        'flavors',
        'utc_time_created',
        'stage',
        'datastore',
        'id',
        'creation_context',
        'job_name',
        'latest_version',
    ]) {
        m.raw(key);
    }
    m.finish();
    return { kind: 'local', ...(path === undefined ? {} : { path }) };
}
function readCode(r) {
    const m = r.mapping('code_configuration');
    if (!m)
        return undefined;
    const rawCode = m.raw('code');
    let code;
    if (rawCode !== undefined) {
        if (typeof rawCode !== 'string') {
            m.report('code', `expected a code reference (azureml:<name>:<version>), got a ${Array.isArray(rawCode) ? 'list' : typeof rawCode}`);
        }
        else if (!/^azureml:/i.test(rawCode)) {
            m.report('code', `local code '${rawCode}' is not uploaded by the deploy step`, 'bake the scoring code into the image (build-image) and serve it through environment.inference_config, or register it (az ml code create) and reference azureml:<name>:<version>');
        }
        else {
            code = readRef(m, 'code', 'codes');
        }
    }
    const scoringScript = m.string('scoring_script', (s) => (s.trim() ? undefined : 'must not be empty'));
    if (rawCode !== undefined && !m.has('scoring_script'))
        m.report('scoring_script', 'is required with code');
    if (rawCode === undefined && scoringScript !== undefined) {
        m.report('code', 'is required with scoring_script (the code asset that holds the script)');
    }
    m.finish();
    return {
        ...(code === undefined ? {} : { code }),
        ...(scoringScript === undefined ? {} : { scoringScript }),
    };
}
function readEnvironment(r) {
    const v = r.raw('environment');
    if (v === undefined)
        return undefined;
    if (typeof v === 'string') {
        if (!/^azureml:/i.test(v)) {
            r.report('environment', `'${v}' is not a registered environment reference`, 'use azureml:<name>:<version>, or an inline environment with image');
            return undefined;
        }
        const ref = readRef(r, 'environment', 'environments');
        return ref && { kind: 'ref', ref };
    }
    if (!(0,_reader_js__WEBPACK_IMPORTED_MODULE_2__/* .isMapping */ .pi)(v)) {
        r.report('environment', `expected azureml:<name>:<version> or a mapping, got ${(0,_reader_js__WEBPACK_IMPORTED_MODULE_2__/* .describeValue */ .bp)(v)}`);
        return undefined;
    }
    const m = r.mapping('environment');
    const name = m.string('name', (n) => /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/.test(n)
        ? undefined
        : `environment name '${n}' must use only letters, digits, '-' and '_'`);
    const rawVersion = m.raw('version');
    let version;
    if (typeof rawVersion === 'number' && Number.isInteger(rawVersion))
        version = String(rawVersion);
    else if (typeof rawVersion === 'string')
        version = rawVersion;
    else if (rawVersion !== undefined)
        m.report('version', 'expected string or integer');
    const image = m.string('image', (i) => {
        const parsed = (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .parseImageRef */ .Q)(i);
        return 'problem' in parsed ? parsed.problem : undefined;
    });
    const inferenceConfig = readInferenceConfig(m);
    const osType = m.choice('os_type', ['linux', 'windows']);
    const description = m.string('description');
    const tags = m.stringMap('tags') ?? {};
    m.stringMap('properties');
    m.refuse('conda_file', 'makes Azure ML build a derived image at deploy time, which the rollout cannot check before it starts', 'install the conda environment in the image (build-image) and reference that image');
    m.refuse('build', 'makes Azure ML build the image at deploy time', IMAGE_HINT);
    m.refuse('datastore', 'is only used to upload a build context, which the deploy step does not do', 'remove it');
    if (m.has('channels') || m.has('dependencies')) {
        m.report(m.has('channels') ? 'channels' : 'dependencies', 'belongs in a conda file, not in the environment', 'the deploy step takes an image; install these packages in it');
    }
    m.ignore(['id', 'creation_context', 'latest_version'], []);
    m.finish();
    return {
        kind: 'inline',
        environment: {
            ...(name === undefined ? {} : { name }),
            ...(version === undefined ? {} : { version }),
            ...(image === undefined ? {} : { image }),
            ...(inferenceConfig === undefined ? {} : { inferenceConfig }),
            ...(osType === undefined ? {} : { osType }),
            ...(description === undefined ? {} : { description }),
            tags,
        },
    };
}
function readRoute(m, key) {
    const route = m.mapping(key);
    if (!route) {
        if (!m.has(key))
            m.report(key, 'is required in inference_config', 'give {port, path}');
        return undefined;
    }
    const port = route.integer('port', { min: 1, max: 65535 });
    const path = route.string('path', (p) => (p.startsWith('/') ? undefined : `'${p}' must start with /`));
    if (!route.has('port'))
        route.report('port', 'is required');
    if (!route.has('path'))
        route.report('path', 'is required');
    route.finish();
    return port === undefined || path === undefined ? undefined : { port, path };
}
function readInferenceConfig(m) {
    const ic = m.mapping('inference_config');
    if (!ic)
        return undefined;
    const livenessRoute = readRoute(ic, 'liveness_route');
    const readinessRoute = readRoute(ic, 'readiness_route');
    const scoringRoute = readRoute(ic, 'scoring_route');
    ic.finish();
    return livenessRoute && readinessRoute && scoringRoute
        ? { livenessRoute, readinessRoute, scoringRoute }
        : undefined;
}
function readRequestSettings(r) {
    const m = r.mapping('request_settings');
    if (!m)
        return undefined;
    const requestTimeoutMs = m.integer('request_timeout_ms', {
        min: 1,
        max: MAX_REQUEST_TIMEOUT_MS,
        hint: `Azure ML allows at most ${MAX_REQUEST_TIMEOUT_MS} ms for managed online deployments`,
    });
    const maxConcurrentRequestsPerInstance = m.integer('max_concurrent_requests_per_instance', { min: 1 });
    const maxQueueWaitMs = m.integer('max_queue_wait_ms', { min: 0 });
    m.finish();
    return {
        ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
        ...(maxConcurrentRequestsPerInstance === undefined ? {} : { maxConcurrentRequestsPerInstance }),
        ...(maxQueueWaitMs === undefined ? {} : { maxQueueWaitMs }),
    };
}
function readProbe(r, key) {
    const m = r.mapping(key);
    if (!m)
        return undefined;
    const initialDelay = m.integer('initial_delay', { min: 0 });
    const period = m.integer('period', { min: 1 });
    const timeout = m.integer('timeout', { min: 1 });
    const successThreshold = m.integer('success_threshold', { min: 1 });
    const failureThreshold = m.integer('failure_threshold', { min: 1 });
    m.finish();
    return {
        ...(initialDelay === undefined ? {} : { initialDelay }),
        ...(period === undefined ? {} : { period }),
        ...(timeout === undefined ? {} : { timeout }),
        ...(successThreshold === undefined ? {} : { successThreshold }),
        ...(failureThreshold === undefined ? {} : { failureThreshold }),
    };
}
function readScaleSettings(r) {
    const m = r.mapping('scale_settings');
    if (!m)
        return;
    const type = m.choice('type', ['default', 'target_utilization']);
    if (!m.has('type'))
        m.report('type', 'is required', 'use type: default');
    if (type === 'target_utilization') {
        m.report('type', 'target_utilization is for Kubernetes deployments; managed deployments scale by instance_count (or Azure Monitor autoscale)', 'use type: default');
        for (const k of ['min_instances', 'max_instances', 'polling_interval', 'target_utilization_percentage'])
            m.raw(k);
    }
    m.finish();
}
/** Parses deployment YAML text; throws one SpecError listing every problem. */
function parseDeploymentYaml(text, source) {
    const doc = new YamlDocument(text, source, 'deployment');
    const spec = readDeployment(doc);
    throwIfIssues(doc.issues);
    return spec;
}


/***/ }),

/***/ 36035:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IG: () => (/* binding */ parseEndpointYaml),
/* harmony export */   KW: () => (/* binding */ readEndpoint),
/* harmony export */   yn: () => (/* binding */ toOnlineEndpoint)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
/* harmony import */ var _issues_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(12966);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(22348);
/* harmony import */ var _reader_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76249);




const TRAFFIC_HINT = 'the deploy step owns traffic: it creates the new deployment at 0% and shifts it by traffic-steps (mirror-percent for mirroring); remove this field';
const USER_IDENTITY_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;
/** Reads an endpoint document; problems go to `doc.issues`. */
function readEndpoint(doc) {
    const r = (0,_reader_js__WEBPACK_IMPORTED_MODULE_3__/* .rootMapping */ .tA)(doc);
    if (!r)
        return undefined;
    const ignored = [];
    r.string('$schema');
    const name = r.requiredString('name', _names_js__WEBPACK_IMPORTED_MODULE_2__/* .endpointNameProblem */ .YK);
    const authMode = readAuthMode(r);
    const description = r.string('description');
    const tags = r.stringMap('tags') ?? {};
    const properties = r.stringMap('properties') ?? {};
    const identity = readIdentity(r);
    const publicNetworkAccess = r.choice('public_network_access', ['enabled', 'disabled']);
    const location = r.string('location');
    r.refuse('traffic', 'is set by the deploy step, not by the endpoint YAML', TRAFFIC_HINT);
    r.refuse('mirror_traffic', 'is set by the deploy step, not by the endpoint YAML', TRAFFIC_HINT);
    r.refuse('kind', 'is output-only (az ml does not accept it on input either)', 'remove it');
    r.refuse('compute', 'is for Kubernetes online endpoints; the deploy step creates managed online endpoints', 'remove it');
    r.ignore(['id', 'provisioning_state', 'scoring_uri', 'openapi_uri', 'swagger_uri'], ignored);
    r.finish();
    if (name === undefined)
        return undefined;
    return {
        name,
        authMode: authMode ?? 'key',
        ...(description === undefined ? {} : { description }),
        tags,
        properties,
        ...(identity === undefined ? {} : { identity }),
        ...(publicNetworkAccess === undefined ? {} : { publicNetworkAccess }),
        ...(location === undefined ? {} : { location }),
        ignored,
    };
}
function readAuthMode(r) {
    const v = r.raw('auth_mode');
    if (typeof v === 'string' && v.toLowerCase() === 'aad_token') {
        r.report('auth_mode', 'aad_token is not supported by the deploy step', "use key or aml_token: the step's smoke test and the gate call the endpoint with its key or an aml_token");
        return undefined;
    }
    return r.choice('auth_mode', ['key', 'aml_token']);
}
function readIdentity(r) {
    const m = r.mapping('identity');
    if (!m)
        return undefined;
    const type = m.choice('type', [
        'system_assigned',
        'user_assigned',
        'system_assigned,user_assigned',
        'none',
    ]);
    if (!m.has('type'))
        m.report('type', 'is required');
    const ids = [];
    const list = m.raw('user_assigned_identities');
    if (list !== undefined) {
        if (!Array.isArray(list)) {
            m.report('user_assigned_identities', 'expected a list of {resource_id: <ARM id>}');
        }
        else {
            list.forEach((item, i) => {
                const path = [...m.path, 'user_assigned_identities', i];
                const id = typeof item === 'object' && item !== null
                    ? item.resource_id
                    : undefined;
                if (typeof id !== 'string') {
                    m.doc.report(path, 'expected {resource_id: <ARM id of a user-assigned identity>}');
                }
                else if (!USER_IDENTITY_ID.test(id)) {
                    m.doc.report([...path, 'resource_id'], `'${id}' is not the ARM id of a user-assigned identity`);
                }
                else {
                    ids.push(id);
                }
            });
        }
    }
    m.refuse('principal_id', 'is output-only', 'remove it');
    m.refuse('tenant_id', 'is output-only', 'remove it');
    m.finish();
    if (type === undefined)
        return undefined;
    const wantsUser = type.includes('user_assigned');
    if (wantsUser && ids.length === 0 && list === undefined) {
        m.report('user_assigned_identities', `is required when type is ${type}`);
    }
    if (!wantsUser && list !== undefined) {
        m.report('user_assigned_identities', `is only allowed when type includes user_assigned (type is ${type})`);
    }
    return { type, userAssignedIdentities: wantsUser ? ids : [] };
}
/** Parses endpoint YAML text; throws one SpecError listing every problem. */
function parseEndpointYaml(text, source) {
    const doc = new _reader_js__WEBPACK_IMPORTED_MODULE_3__/* .YamlDocument */ .Jz(text, source, 'endpoint');
    const spec = readEndpoint(doc);
    (0,_issues_js__WEBPACK_IMPORTED_MODULE_1__/* .throwIfIssues */ .AR)(doc.issues);
    return spec;
}
const IDENTITY_TYPES = {
    none: 'None',
    system_assigned: 'SystemAssigned',
    user_assigned: 'UserAssigned',
    'system_assigned,user_assigned': 'SystemAssigned,UserAssigned',
};
/** The ARM body for `onlineEndpoints.beginCreateOrUpdate`. */
function toOnlineEndpoint(spec, target) {
    const norm = (s) => s.replace(/\s+/g, '').toLowerCase();
    if (spec.location !== undefined && norm(spec.location) !== norm(target.location)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RolloutError */ .a6('EndpointLocationMismatch', `endpoint '${spec.name}' says location '${spec.location}', but the workspace is in '${target.location}'`, {
            resource: spec.name,
            remediation: 'remove location from the endpoint YAML (endpoints live in the workspace region)',
        });
    }
    const identity = spec.identity && {
        type: IDENTITY_TYPES[spec.identity.type],
        ...(spec.identity.userAssignedIdentities.length
            ? {
                userAssignedIdentities: Object.fromEntries(spec.identity.userAssignedIdentities.map((id) => [id, {}])),
            }
            : {}),
    };
    return {
        location: target.location,
        tags: { ...spec.tags, ...target.tags },
        ...(identity ? { identity } : {}),
        properties: {
            authMode: spec.authMode === 'key' ? 'Key' : 'AMLToken',
            ...(spec.description === undefined ? {} : { description: spec.description }),
            ...(Object.keys(spec.properties).length ? { properties: { ...spec.properties } } : {}),
            ...(spec.publicNetworkAccess === undefined
                ? {}
                : { publicNetworkAccess: spec.publicNetworkAccess === 'enabled' ? 'Enabled' : 'Disabled' }),
            ...(target.traffic === undefined ? {} : { traffic: { ...target.traffic } }),
        },
    };
}


/***/ }),

/***/ 12966:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AR: () => (/* binding */ throwIfIssues),
/* harmony export */   G8: () => (/* binding */ SpecError)
/* harmony export */ });
/* unused harmony exports formatIssue, codeForIssues */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
// Problems found in the deploy step's YAML files and inputs. Validation collects every problem
// before it throws, so a user fixes a file in one pass instead of one error per run.

/** One line: `deployment.yml: request_settings.x: expected integer, got "4" (line 7, column 3); hint`. */
function formatIssue(issue) {
    const where = issue.path ? `${issue.source}: ${issue.path}` : issue.source;
    const at = issue.line === undefined ? '' : ` (line ${issue.line}, column ${issue.column ?? 1})`;
    return `${where}: ${issue.message}${at}${issue.hint ? `; ${issue.hint}` : ''}`;
}
const CODES = {
    endpoint: 'InvalidEndpointYaml',
    deployment: 'InvalidDeploymentYaml',
    input: 'InvalidInput',
};
/** The code for a set of problems: the document kind's own code, or `InvalidDeploySpec` when mixed. */
function codeForIssues(issues) {
    const kinds = new Set(issues.map((i) => i.kind));
    const [only] = kinds;
    return kinds.size === 1 && only ? CODES[only] : 'InvalidDeploySpec';
}
/** Every problem in the deploy YAML and inputs, thrown once before anything is changed. */
class SpecError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RolloutError */ .a6 {
    issues;
    constructor(found) {
        const sources = [...new Set(found.map((i) => i.source))];
        // Each file's problems in the order they appear in it; files in the order first reported.
        const issues = [...found].sort((a, b) => sources.indexOf(a.source) - sources.indexOf(b.source) ||
            (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
            (a.column ?? 0) - (b.column ?? 0));
        const message = issues.length === 1
            ? formatIssue(issues[0])
            : `${issues.length} problems in ${sources.join(', ')}:\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}`;
        super(codeForIssues(issues), message, {
            resource: sources.join(', '),
            remediation: 'fix every listed field (docs/deploy-yaml.md lists what the deploy step accepts)',
        });
        this.name = 'SpecError';
        this.issues = issues;
    }
}
/** Throws a SpecError when there is anything to report. */
function throwIfIssues(issues) {
    if (issues.length > 0)
        throw new SpecError(issues);
}


/***/ }),

/***/ 22348:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   YK: () => (/* binding */ endpointNameProblem),
/* harmony export */   q: () => (/* binding */ sameName),
/* harmony export */   uK: () => (/* binding */ deploymentNameProblem)
/* harmony export */ });
/* unused harmony exports checkEndpointName, checkDeploymentName */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
// Online endpoint and deployment names, as Azure ML enforces them (azure-ai-ml's
// validate_endpoint_or_deployment_name, and the local plane's rules): 3-32 characters, a letter
// first, then letters, digits and '-', not ending in '-'. Endpoint names are also DNS labels of
// the scoring URI (`<name>.<region>.inference.ml.azure.com`), so they must be unique in the
// region; only Azure can tell that, at create time.

const ONLINE_NAME_RULE = /^[a-zA-Z]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
function onlineNameProblem(what, name) {
    if (name.length < 3 || name.length > 32) {
        return `${what} name '${name}' must be 3-32 characters long (it has ${name.length})`;
    }
    if (!ONLINE_NAME_RULE.test(name)) {
        return `${what} name '${name}' must start with a letter, contain only letters, digits and '-', and not end with '-'`;
    }
    return undefined;
}
/** Why an endpoint name is refused, or undefined when it is valid. */
function endpointNameProblem(name) {
    return onlineNameProblem('endpoint', name);
}
/** Why a deployment name is refused, or undefined when it is valid. */
function deploymentNameProblem(name) {
    return onlineNameProblem('deployment', name);
}
/** Checks an endpoint name given as a step input. */
function checkEndpointName(name, input = 'endpoint-name') {
    const problem = endpointNameProblem(name);
    if (problem)
        throw new InputError(input, problem, 'e.g. pid-detector-dev');
    return name;
}
/** Checks a deployment name given as a step input. */
function checkDeploymentName(name, input = 'deployment-name') {
    const problem = deploymentNameProblem(name);
    if (problem)
        throw new InputError(input, problem, 'e.g. blue or green');
    return name;
}
/** ARM names are case-insensitive: `Blue` and `blue` are the same deployment. */
function sameName(a, b) {
    return a.toLowerCase() === b.toLowerCase();
}


/***/ }),

/***/ 76249:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jz: () => (/* binding */ YamlDocument),
/* harmony export */   bp: () => (/* binding */ describeValue),
/* harmony export */   jV: () => (/* binding */ formatPath),
/* harmony export */   pi: () => (/* binding */ isMapping),
/* harmony export */   tA: () => (/* binding */ rootMapping)
/* harmony export */ });
/* unused harmony exports MappingReader, nearest */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38815);
// Reads one `az ml` YAML document into plain values while collecting problems with their path
// and line: syntax errors, wrong types, values out of range, fields refused with a reason, and
// unknown fields. Documents are read with the YAML 1.1 schema, as the CLI (PyYAML) reads them, so
// `yes`/`no` are booleans there and here.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** `request_settings.max_queue_wait_ms`, `identity.user_assigned_identities[0]`, `tags["a.b"]`. */
function formatPath(path) {
    let out = '';
    for (const seg of path) {
        if (typeof seg === 'number')
            out += `[${seg}]`;
        else if (IDENTIFIER.test(seg))
            out += out ? `.${seg}` : seg;
        else
            out += `[${JSON.stringify(seg)}]`;
    }
    return out;
}
/** How a value reads in a message: strings quoted, mappings and lists by kind. */
function describeValue(v) {
    if (typeof v === 'string')
        return JSON.stringify(v);
    if (v === null || v === undefined)
        return 'null';
    if (v instanceof Date)
        return 'a date';
    if (Array.isArray(v))
        return 'a list';
    if (typeof v === 'object')
        return 'a mapping';
    return String(v);
}
function isMapping(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
/** One parsed document: its plain value, and where each path sits in the text. */
class YamlDocument {
    source;
    kind;
    issues = [];
    value;
    lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    doc;
    constructor(text, source, kind) {
        this.source = source;
        this.kind = kind;
        this.doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, {
            lineCounter: this.lineCounter,
            schema: 'yaml-1.1',
            merge: true,
            prettyErrors: false,
            uniqueKeys: true,
        });
        for (const e of this.doc.errors) {
            const pos = this.lineCounter.linePos(e.pos[0]);
            this.issues.push({
                kind,
                source,
                path: '',
                message: `is not valid YAML: ${e.message.split('\n')[0]}`,
                line: pos.line,
                column: pos.col,
            });
        }
        this.value = this.doc.errors.length ? undefined : this.doc.toJS({ maxAliasCount: 1000 });
    }
    get valid() {
        return this.doc.errors.length === 0;
    }
    /** The node at a path (aliases followed), and the key node when the last segment is a map key. */
    find(path) {
        let node = this.doc.contents;
        let key;
        for (const seg of path) {
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node))
                node = node.resolve(this.doc);
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
                const pair = node.items.find((p) => (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isPair */ .tO)(p) && (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(p.key) && String(p.key.value) === String(seg));
                if (!pair)
                    return {};
                key = pair.key;
                node = pair.value;
            }
            else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node) && typeof seg === 'number') {
                key = undefined;
                node = node.items[seg];
            }
            else {
                return {};
            }
        }
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node))
            node = node.resolve(this.doc);
        return { node: (node ?? undefined), key };
    }
    /** 1-based line and column of the value at a path (or of its key). */
    position(path, of = 'value') {
        const found = this.find(path);
        const node = of === 'key' ? (found.key ?? found.node) : (found.node ?? found.key);
        const offset = node?.range?.[0];
        if (offset === undefined)
            return undefined;
        const pos = this.lineCounter.linePos(offset);
        return { line: pos.line, column: pos.col };
    }
    /** A scalar exactly as written (`1.10`, `yes`), for values that must stay strings. */
    sourceText(path) {
        const { node } = this.find(path);
        return (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node) ? node.source : undefined;
    }
    report(path, message, hint, of = 'value') {
        // A missing field points at its parent, the nearest thing in the file.
        let pos = this.position(path, of);
        for (let n = path.length - 1; !pos && n > 0; n--)
            pos = this.position(path.slice(0, n), 'key');
        this.issues.push({
            kind: this.kind,
            source: this.source,
            path: formatPath(path),
            message,
            ...(hint ? { hint } : {}),
            ...(pos ? { line: pos.line, column: pos.column } : {}),
        });
    }
}
/**
 * Typed reads of one mapping. Every key asked for becomes a known field; `finish()` reports the
 * rest as unknown, with the nearest known name as a suggestion.
 */
class MappingReader {
    doc;
    path;
    value;
    known = new Set();
    constructor(doc, path, value) {
        this.doc = doc;
        this.path = path;
        this.value = value;
    }
    at(key) {
        return [...this.path, key];
    }
    report(key, message, hint, of = 'value') {
        this.doc.report(this.at(key), message, hint, of);
    }
    /** The raw value (undefined when absent); marks the key known. */
    raw(key) {
        this.known.add(key);
        return this.value[key];
    }
    has(key) {
        this.known.add(key);
        return key in this.value;
    }
    typeError(key, expected, v, hint) {
        this.report(key, `expected ${expected}, got ${describeValue(v)}`, hint);
        return undefined;
    }
    string(key, check, hint) {
        const v = this.raw(key);
        if (v === undefined)
            return undefined;
        if (typeof v !== 'string')
            return this.typeError(key, 'string', v, hint);
        const problem = check?.(v);
        if (problem) {
            this.report(key, problem, hint);
            return undefined;
        }
        return v;
    }
    requiredString(key, check, hint) {
        if (this.raw(key) === undefined) {
            this.report(key, 'is required', hint);
            return undefined;
        }
        return this.string(key, check, hint);
    }
    integer(key, rule = {}) {
        const v = this.raw(key);
        if (v === undefined)
            return undefined;
        if (typeof v !== 'number' || !Number.isInteger(v))
            return this.typeError(key, 'integer', v, rule.hint);
        if (rule.min !== undefined && v < rule.min) {
            this.report(key, `must be at least ${rule.min}, got ${v}`, rule.hint);
            return undefined;
        }
        if (rule.max !== undefined && v > rule.max) {
            this.report(key, `must be at most ${rule.max}, got ${v}`, rule.hint);
            return undefined;
        }
        return v;
    }
    boolean(key) {
        const v = this.raw(key);
        if (v === undefined)
            return undefined;
        if (typeof v !== 'boolean')
            return this.typeError(key, 'boolean', v);
        return v;
    }
    /** One of `values`, compared case-insensitively as the CLI does; returned as listed. */
    choice(key, values, hint) {
        const v = this.raw(key);
        if (v === undefined)
            return undefined;
        if (typeof v !== 'string')
            return this.typeError(key, `one of ${values.join(', ')}`, v, hint);
        const found = values.find((c) => c.toLowerCase() === v.toLowerCase());
        if (!found)
            this.report(key, `expected one of ${values.join(', ')}, got ${describeValue(v)}`, hint);
        return found;
    }
    mapping(key) {
        const v = this.raw(key);
        if (v === undefined)
            return undefined;
        if (!isMapping(v))
            return this.typeError(key, 'a mapping', v);
        return new MappingReader(this.doc, this.at(key), v);
    }
    /**
     * A mapping of names to string values (tags, properties, environment variables). Numbers and
     * booleans are taken as written (`1.10` stays "1.10"), since Azure stores these as strings.
     */
    stringMap(key, checkName) {
        const v = this.raw(key);
        if (v === undefined || v === null)
            return undefined;
        if (!isMapping(v))
            return this.typeError(key, 'a mapping of names to strings', v);
        const out = {};
        for (const [name, item] of Object.entries(v)) {
            const path = [...this.path, key, name];
            const problem = checkName?.(name);
            if (problem) {
                this.doc.report(path, problem, undefined, 'key');
                continue;
            }
            if (typeof item === 'string')
                out[name] = item;
            else if (typeof item === 'number' || typeof item === 'boolean' || item instanceof Date) {
                out[name] = this.doc.sourceText(path) ?? String(item);
            }
            else {
                this.doc.report(path, `expected a string value, got ${describeValue(item)}`, "write '' for an empty value");
            }
        }
        return out;
    }
    /** A field the CLI knows that the deploy step does not take: reported with the reason if present. */
    refuse(key, message, hint) {
        if (this.has(key))
            this.report(key, message, hint, 'key');
    }
    /** Output-only fields (`az ml ... show` prints them): accepted and ignored, as the CLI does. */
    ignore(keys, ignored) {
        for (const key of keys)
            if (this.has(key))
                ignored.push(formatPath(this.at(key)));
    }
    /** Reports every key no reader asked for. */
    finish() {
        for (const key of Object.keys(this.value)) {
            if (this.known.has(key))
                continue;
            const near = nearest(key, [...this.known]);
            this.doc.report(this.at(key), 'is not a field of this schema', near ? `did you mean '${near}'?` : `known fields: ${[...this.known].sort().join(', ')}`, 'key');
        }
    }
}
/** The known name within edit distance 2 (or a case-only difference), if any. */
function nearest(name, known) {
    let best;
    let bestDistance = 3;
    for (const k of known) {
        const d = k.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, k);
        if (d < bestDistance) {
            best = k;
            bestDistance = d;
        }
    }
    return best;
}
function editDistance(a, b) {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        }
        prev = row;
    }
    return prev[b.length];
}
/** The document's root mapping, or a reported problem. */
function rootMapping(doc) {
    if (!doc.valid)
        return undefined;
    if (!isMapping(doc.value)) {
        doc.report([], `expected a mapping of fields, got ${doc.value == null ? 'an empty document' : describeValue(doc.value)}`);
        return undefined;
    }
    return new MappingReader(doc, [], doc.value);
}


/***/ }),

/***/ 58264:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KW: () => (/* binding */ latestRefs),
/* harmony export */   SD: () => (/* binding */ resolveDeploymentInto),
/* harmony export */   VL: () => (/* binding */ pinLatest),
/* harmony export */   dj: () => (/* binding */ canonicalJson),
/* harmony export */   gG: () => (/* binding */ environmentToRegister),
/* harmony export */   vg: () => (/* binding */ issueSink)
/* harmony export */ });
/* unused harmony exports DEFAULT_INPUT_NAMES, parseEnvironmentAssignments, resolveDeployment, ANONYMOUS_ENVIRONMENT_NAME, contentHash */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _deployment_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(89681);
/* harmony import */ var _issues_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(12966);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(22348);
/* harmony import */ var _reader_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(76249);
/* harmony import */ var _registry_reference_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(65189);
/* harmony import */ var _refs_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(30632);
// From what the YAML says to what the step will deploy: the step's inputs override the YAML
// (model, image, instance type and count, environment variables, names), and everything the
// step cannot deploy as written (local model files, no image) is refused here, so all of it is
// known before the first call to Azure.







const DEFAULT_INPUT_NAMES = {
    endpointName: 'endpoint-name',
    deploymentName: 'deployment-name',
    model: 'model',
    image: 'image',
    instanceType: 'instance-type',
    instanceCount: 'instance-count',
    environmentVariables: 'environment-variables',
};
function issueSink(issues, yaml) {
    return {
        yaml,
        input: (input, message, hint) => issues.push({
            kind: 'input',
            source: `input '${input}'`,
            path: '',
            message,
            ...(hint ? { hint } : {}),
        }),
    };
}
/** `NAME=value` items (the value may hold '='); problems go to `report`. */
function parseEnvironmentAssignments(items, report) {
    const out = {};
    for (const item of items) {
        if (item.trim() === '')
            continue;
        const eq = item.indexOf('=');
        const name = eq < 0 ? '' : item.slice(0, eq).trim();
        if (!name) {
            report(`'${item}' is not NAME=value`, 'one variable per item, e.g. BOX_SCORE_THRESH=0.5');
            continue;
        }
        const problem = (0,_deployment_js__WEBPACK_IMPORTED_MODULE_1__/* .environmentVariableNameProblem */ .KS)(name);
        if (problem) {
            report(problem);
            continue;
        }
        out[name] = item.slice(eq + 1);
    }
    return out;
}
const MODEL_HINT = 'register the model first (register-model step, or az ml model create) and reference it as azureml:<name>:<version>, or pass the model input';
const IMAGE_HINT = 'build and push the image (build-image step) and set environment.image, or pass the image input';
/**
 * Applies the overrides to a parsed deployment and checks it can be deployed. `endpointName` is
 * the endpoint the deployment goes to (from the endpoint YAML or input), when known. Returns
 * undefined when anything was reported.
 */
function resolveDeploymentInto(spec, overrides, options, sink) {
    const names = { ...DEFAULT_INPUT_NAMES, ...options.inputNames };
    let failed = false;
    const yaml = (path, message, hint) => {
        failed = true;
        sink.yaml(path, message, hint);
    };
    const input = (key, message, hint) => {
        failed = true;
        sink.input(names[key], message, hint);
    };
    // Names: the inputs win (over both YAML files); without an input, the deployment's
    // endpoint_name must agree with the endpoint YAML's name.
    let endpointName = options.endpointName;
    if (overrides.endpointName !== undefined) {
        const problem = (0,_names_js__WEBPACK_IMPORTED_MODULE_3__/* .endpointNameProblem */ .YK)(overrides.endpointName);
        if (problem)
            input('endpointName', problem);
        else
            endpointName = overrides.endpointName;
    }
    else if (endpointName === undefined) {
        endpointName = spec.endpointName;
        if (endpointName === undefined)
            yaml(['endpoint_name'], 'is required', 'name the endpoint this deployment belongs to');
    }
    else if (spec.endpointName !== undefined && !(0,_names_js__WEBPACK_IMPORTED_MODULE_3__/* .sameName */ .q)(spec.endpointName, endpointName)) {
        yaml(['endpoint_name'], `names endpoint '${spec.endpointName}', but the deployment goes to '${endpointName}'`, "make endpoint_name match the endpoint YAML's name, or remove it");
    }
    let name = spec.name;
    if (overrides.deploymentName !== undefined) {
        const problem = (0,_names_js__WEBPACK_IMPORTED_MODULE_3__/* .deploymentNameProblem */ .uK)(overrides.deploymentName);
        if (problem)
            input('deploymentName', problem);
        else
            name = overrides.deploymentName;
    }
    else if (name === undefined) {
        yaml(['name'], 'is required', `name the deployment (e.g. blue), or pass the ${names.deploymentName} input`);
    }
    // Model: a registered reference; local files only when the model input replaces them.
    let model;
    if (overrides.model !== undefined) {
        const parsed = (0,_refs_js__WEBPACK_IMPORTED_MODULE_6__/* .parseAssetRef */ .fP)(overrides.model, 'models');
        if ('problem' in parsed)
            input('model', parsed.problem, 'e.g. azureml:pid-symbols:3 (the model-ref output of register-model)');
        else
            model = parsed;
    }
    else if (spec.model === undefined) {
        yaml(['model'], 'is required', MODEL_HINT);
    }
    else if (spec.model.kind === 'local') {
        yaml(['model'], `an inline model${spec.model.path ? ` (path ${spec.model.path})` : ''} is not uploaded by the deploy step`, MODEL_HINT);
    }
    else {
        model = spec.model;
    }
    // Environment: a registered reference, or an inline image (+ routes) that the step registers.
    let environment;
    if (overrides.image !== undefined) {
        const parsed = (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .parseImageRef */ .Q)(overrides.image);
        if ('problem' in parsed) {
            input('image', parsed.problem);
        }
        else if (parsed.registry === undefined) {
            input('image', `'${overrides.image}' names no registry`, 'use the pushed image, e.g. myacr.azurecr.io/detector@sha256:<64 hex>');
        }
        else if (spec.environment?.kind === 'ref') {
            input('image', `replaces environment.image, but the deployment YAML references the registered environment ${(0,_refs_js__WEBPACK_IMPORTED_MODULE_6__/* .formatAssetRef */ .Fz)(spec.environment.ref)}`, 'write the environment inline in the YAML (image + inference_config), or drop the image input');
        }
        else {
            const yamlEnv = spec.environment?.environment;
            // A new image is new content: the YAML's explicit version would name two different images.
            const { version: _dropped, ...rest } = yamlEnv ?? { tags: {} };
            environment = { kind: 'inline', environment: { ...rest, image: (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .formatImageRef */ .kL)(parsed) } };
        }
    }
    else if (spec.environment === undefined) {
        yaml(['environment'], 'is required', `${IMAGE_HINT}; or reference a registered environment azureml:<name>:<version>`);
    }
    else if (spec.environment.kind === 'ref') {
        environment = spec.environment;
    }
    else if (spec.environment.environment.image === undefined) {
        yaml(['environment', 'image'], 'is required', IMAGE_HINT);
    }
    else {
        const env = spec.environment.environment;
        environment = { kind: 'inline', environment: { ...env, image: env.image } };
    }
    const code = resolveCode(spec.code);
    // Environment variables: the inputs' NAME=value over the YAML's, then the caller's check.
    const fromInput = parseEnvironmentAssignments(overrides.environmentVariables ?? [], (m, h) => input('environmentVariables', m, h));
    const environmentVariables = { ...spec.environmentVariables, ...fromInput };
    for (const problem of options.checkEnvironmentVariables?.(environmentVariables) ?? []) {
        if (problem.name in fromInput)
            input('environmentVariables', `${problem.name}: ${problem.message}`);
        else
            yaml(['environment_variables', problem.name], problem.message);
    }
    let instanceType = spec.instanceType;
    if (overrides.instanceType !== undefined) {
        const problem = (0,_refs_js__WEBPACK_IMPORTED_MODULE_6__/* .instanceTypeProblem */ .nH)(overrides.instanceType);
        if (problem)
            input('instanceType', problem);
        else
            instanceType = overrides.instanceType;
    }
    else if (instanceType === undefined) {
        yaml(['instance_type'], 'is required', `e.g. Standard_DS3_v2, or pass the ${names.instanceType} input`);
    }
    let instanceCount = spec.instanceCount;
    if (overrides.instanceCount !== undefined) {
        if (!Number.isInteger(overrides.instanceCount) || overrides.instanceCount < 1) {
            input('instanceCount', `must be a whole number of at least 1, got ${overrides.instanceCount}`);
        }
        else {
            instanceCount = overrides.instanceCount;
        }
    }
    else if (instanceCount === undefined) {
        yaml(['instance_count'], 'is required', `e.g. instance_count: 1, or pass the ${names.instanceCount} input`);
    }
    if (failed || !endpointName || !name || !model || !environment || !instanceType || !instanceCount) {
        return undefined;
    }
    return {
        endpointName,
        name,
        model,
        environment,
        ...(code === undefined ? {} : { code }),
        environmentVariables,
        instanceType,
        instanceCount,
        ...pick(spec, [
            'requestSettings',
            'livenessProbe',
            'readinessProbe',
            'appInsightsEnabled',
            'egressPublicNetworkAccess',
            'modelMountPath',
            'description',
        ]),
        tags: { ...spec.tags },
        properties: { ...spec.properties },
    };
}
function resolveCode(code) {
    // Local code and a missing half were reported when the YAML was read.
    return code?.code && code.scoringScript
        ? { code: code.code, scoringScript: code.scoringScript }
        : undefined;
}
function pick(o, keys) {
    const out = {};
    for (const k of keys)
        if (o[k] !== undefined)
            out[k] = o[k];
    return out;
}
/** Applies overrides without the YAML text at hand (problems carry paths, not lines). */
function resolveDeployment(spec, overrides = {}, options = {}) {
    const issues = [];
    const source = options.source ?? 'deployment YAML';
    const sink = issueSink(issues, (path, message, hint) => issues.push({ kind: 'deployment', source, path: formatPath(path), message, ...(hint ? { hint } : {}) }));
    const resolved = resolveDeploymentInto(spec, overrides, options, sink);
    if (!resolved)
        throw new SpecError(issues);
    return resolved;
}
/** References still saying `@latest`: the caller looks their versions up, then calls pinLatest. */
function latestRefs(d) {
    const out = [];
    if (d.model.kind === 'latest')
        out.push({ kind: 'models', name: d.model.name });
    if (d.environment.kind === 'ref' && d.environment.ref.kind === 'latest') {
        out.push({ kind: 'environments', name: d.environment.ref.name });
    }
    if (d.code?.code.kind === 'latest')
        out.push({ kind: 'codes', name: d.code.code.name });
    return out;
}
/** Replaces `@latest` references with the versions the caller looked up. */
function pinLatest(d, versions) {
    const pin = (ref, kind) => ref.kind === 'latest' && versions[kind] !== undefined
        ? { kind: 'version', name: ref.name, version: versions[kind] }
        : ref;
    return {
        ...d,
        model: pin(d.model, 'models'),
        environment: d.environment.kind === 'ref'
            ? { kind: 'ref', ref: pin(d.environment.ref, 'environments') }
            : d.environment,
        ...(d.code ? { code: { ...d.code, code: pin(d.code.code, 'codes') } } : {}),
    };
}
/** The CLI's name for environments written inline without a name. */
const ANONYMOUS_ENVIRONMENT_NAME = 'CliV2AnonymousEnvironment';
/**
 * The environment version for an inline environment. Its version is the YAML's when given, else a
 * hash of its content: a re-run registers nothing new, a new image gets a new version (AML
 * refuses to change the image of an existing version).
 */
function environmentToRegister(env) {
    const anonymous = env.name === undefined;
    const ic = env.inferenceConfig;
    const route = (r) => ({ port: r.port, path: r.path });
    const properties = {
        image: env.image,
        ...(ic
            ? {
                inferenceConfig: {
                    livenessRoute: route(ic.livenessRoute),
                    readinessRoute: route(ic.readinessRoute),
                    scoringRoute: route(ic.scoringRoute),
                },
            }
            : {}),
        ...(env.osType ? { osType: env.osType === 'linux' ? 'Linux' : 'Windows' } : {}),
        ...(env.description === undefined ? {} : { description: env.description }),
        ...(Object.keys(env.tags).length ? { tags: { ...env.tags } } : {}),
        ...(anonymous ? { isAnonymous: true } : {}),
    };
    return {
        name: env.name ?? ANONYMOUS_ENVIRONMENT_NAME,
        version: env.version ?? contentHash(properties).slice(0, 32),
        anonymous,
        body: { properties },
    };
}
/** sha256 of a JSON value with its keys sorted: equal content, equal hash. */
function contentHash(value) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(canonicalJson(value)).digest('hex');
}
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}


/***/ })

};
