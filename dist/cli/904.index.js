export const id = 904;
export const ids = [904,59];
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
    const storage = await Promise.all(/* import() */[__webpack_require__.e(869), __webpack_require__.e(738), __webpack_require__.e(352), __webpack_require__.e(940)]).then(__webpack_require__.bind(__webpack_require__, 67940));
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


/***/ })

};
