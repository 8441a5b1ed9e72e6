export const id = 734;
export const ids = [734];
export const modules = {

/***/ 31384:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   resolveEndpoint: () => (/* binding */ resolveEndpoint)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
/* harmony import */ var _workspace_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5779);
// An online endpoint as a client needs it: its scoring URI, the key or token to call it with, and
// (when one is named) a deployment's serving settings. The gate reads it to score a deployment;
// deploy reads it to smoke-test one. Every key or token is handed to `onSecret` the moment it is
// read, before anything else sees it.


/** Reads the endpoint (and the deployment named); `log` gets one line saying what was resolved. */
async function resolveEndpoint(ref, access, log) {
    const ws = await (0,_workspace_js__WEBPACK_IMPORTED_MODULE_1__/* .connectWorkspace */ .A)(ref, access);
    const { client, resourceGroup: rg, workspace } = ws;
    const endpoint = await client.onlineEndpoints.get(rg, workspace, ref.endpoint);
    const scoringUri = endpoint.properties.scoringUri;
    if (!scoringUri)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RolloutError */ .a6('EndpointNotReady', `endpoint '${ref.endpoint}' has no scoring URI yet`, {
            resource: ref.endpoint,
            remediation: 'wait for the endpoint to finish provisioning',
        });
    const authMode = endpoint.properties.authMode ?? 'Key';
    let credential;
    if (authMode === 'AMLToken') {
        credential = (await client.onlineEndpoints.getToken(rg, workspace, ref.endpoint)).accessToken;
        if (credential)
            access.onSecret(credential);
    }
    else {
        const keys = await client.onlineEndpoints.listKeys(rg, workspace, ref.endpoint);
        for (const key of [keys.primaryKey, keys.secondaryKey])
            if (key)
                access.onSecret(key);
        credential = keys.primaryKey;
    }
    let deployment;
    if (ref.deployment) {
        const d = await client.onlineDeployments.get(rg, workspace, ref.endpoint, ref.deployment);
        const perInstance = d.properties.requestSettings?.maxConcurrentRequestsPerInstance ?? 1;
        deployment = {
            name: ref.deployment,
            concurrency: Math.max(1, perInstance * (d.sku?.capacity ?? 1)),
            environmentVariables: Object.fromEntries(Object.entries(d.properties.environmentVariables ?? {}).filter((e) => e[1] !== null)),
        };
    }
    log?.(`endpoint ${ref.endpoint}${ref.deployment ? ` / deployment ${ref.deployment}` : ''} via ${ws.via}: ${scoringUri}`);
    return { endpoint: ref.endpoint, scoringUri, authMode, credential, deployment, via: ws.via };
}


/***/ }),

/***/ 95102:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tx: () => (/* binding */ bboxIou),
/* harmony export */   Xs: () => (/* binding */ COCO_STAT_NAMES),
/* harmony export */   km: () => (/* binding */ evaluateCoco)
/* harmony export */ });
/* unused harmony exports IOU_THRESHOLDS, RECALL_THRESHOLDS, MAX_DETS, AREA_RANGES, searchsortedLeft */
// COCO bbox evaluation, computed the way pycocotools' COCOeval does it (iouType 'bbox', default
// detection params, useCats=1): loadRes -> evaluate -> accumulate -> summarize. Our own code,
// written from the algorithm; fixtures/gate/ holds pycocotools' own figures to compare against.
//
// The details that make the numbers identical:
// - results get loadRes' treatment: area = w*h, iscrowd 0, id = index + 1 in the results list;
//   detections whose category is not a ground-truth category (or whose image is not evaluated)
//   are dropped, as COCOeval._prepare does through getAnnIds.
// - ground truth `ignore` = iscrowd; crowd boxes use IoU = intersection / detection area.
// - per (image, category): detections sorted by descending score with a stable sort (numpy's
//   mergesort) over their order in the results list, cut to the largest maxDet (100) — the cut is
//   per category, not per image; ground truth sorted stably with non-ignored first.
// - greedy matching per IoU threshold (threshold capped at 1 - 1e-10), ties go to the later gt;
//   a detection matched to an ignored gt is ignored, an unmatched detection outside the area
//   range is ignored. A match is recorded as the gt id, so (as in pycocotools) a gt with id 0
//   never counts as matched.
// - accumulate: per category/area/maxDet, detections of all images (in ascending image id order,
//   each cut to maxDet) are sorted stably by descending score; precision envelope; precision
//   sampled at 101 recall points with searchsorted(side='left'), zero past the last recall.
//   -1 where a category has no non-ignored gt (or nothing at all in the evaluated images).
// - summarize: mean over entries > -1, or -1 when there are none.
const COCO_STAT_NAMES = [
    'AP',
    'AP50',
    'AP75',
    'APs',
    'APm',
    'APl',
    'AR1',
    'AR10',
    'AR100',
    'ARs',
    'ARm',
    'ARl',
];
/** numpy.linspace(start, stop, num): i * ((stop - start) / (num - 1)) + start, last = stop. */
function linspace(start, stop, num) {
    const step = (stop - start) / (num - 1);
    const out = [];
    for (let i = 0; i < num; i++)
        out.push(i * step + start);
    out[num - 1] = stop;
    return out;
}
/** IoU thresholds .50:.05:.95, bit-identical to pycocotools' params.iouThrs. */
const IOU_THRESHOLDS = Object.freeze(linspace(0.5, 0.95, Math.round((0.95 - 0.5) / 0.05) + 1));
/** 101 recall points 0:.01:1, bit-identical to pycocotools' params.recThrs. */
const RECALL_THRESHOLDS = Object.freeze(linspace(0, 1, Math.round(1 / 0.01) + 1));
const MAX_DETS = [1, 10, 100];
const AREA_RANGES = [
    ['all', 0 ** 2, 1e5 ** 2],
    ['small', 0 ** 2, 32 ** 2],
    ['medium', 32 ** 2, 96 ** 2],
    ['large', 96 ** 2, 1e5 ** 2],
];
/** numpy.spacing(1). */
const EPS = 2.220446049250313e-16;
/**
 * IoU of two [x, y, w, h] boxes as pycocotools' bbIou computes it; with `crowd` the union is the
 * detection's area alone.
 */
function bboxIou(dt, gt, crowd = false) {
    const w = Math.min(dt[2] + dt[0], gt[2] + gt[0]) - Math.max(dt[0], gt[0]);
    if (w <= 0)
        return 0;
    const h = Math.min(dt[3] + dt[1], gt[3] + gt[1]) - Math.max(dt[1], gt[1]);
    if (h <= 0)
        return 0;
    const i = w * h;
    const da = dt[2] * dt[3];
    const u = crowd ? da : da + gt[2] * gt[3] - i;
    return i / u;
}
/** Indices of `keys` sorted ascending, stable (numpy argsort kind='mergesort'). */
function stableArgsort(keys) {
    const idx = keys.map((_, i) => i);
    return idx.sort((a, b) => {
        const ka = keys[a];
        const kb = keys[b];
        return ka < kb ? -1 : ka > kb ? 1 : a - b;
    });
}
/**
 * numpy.searchsorted(sorted, v, side='left'): first index i with sorted[i] >= v (NaN-free input).
 */
function searchsortedLeft(sorted, v) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
/** Detections sorted as COCOeval does (stable, descending score) and cut to maxDet. */
function sortDetections(dts, maxDet) {
    return stableArgsort(dts.map((d) => -d.score))
        .slice(0, maxDet)
        .map((i) => dts[i]);
}
function evaluateImage(imageId, gts, dtsSorted, ious, areaMin, areaMax, maxDet) {
    if (gts.length === 0 && dtsSorted.length === 0)
        return null;
    const ignoreOrig = gts.map((g) => g.iscrowd || g.area < areaMin || g.area > areaMax);
    const gtind = stableArgsort(ignoreOrig.map((x) => (x ? 1 : 0)));
    const gt = gtind.map((i) => gts[i]);
    const gtIg = gtind.map((i) => ignoreOrig[i]);
    const dt = dtsSorted.slice(0, maxDet);
    const T = IOU_THRESHOLDS.length;
    const G = gt.length;
    const D = dt.length;
    const gtm = Array.from({ length: T }, () => new Array(G).fill(0));
    const dtm = Array.from({ length: T }, () => new Array(D).fill(0));
    const dtIg = Array.from({ length: T }, () => new Array(D).fill(false));
    if (G > 0 && D > 0) {
        for (let t = 0; t < T; t++) {
            const gtmT = gtm[t];
            const dtmT = dtm[t];
            const dtIgT = dtIg[t];
            for (let d = 0; d < D; d++) {
                let iou = Math.min(IOU_THRESHOLDS[t], 1 - 1e-10);
                let m = -1;
                const row = ious[d];
                for (let g = 0; g < G; g++) {
                    const gObj = gt[g];
                    if (gtmT[g] > 0 && !gObj.iscrowd)
                        continue;
                    if (m > -1 && !gtIg[m] && gtIg[g])
                        break;
                    const v = row[gtind[g]];
                    if (v < iou)
                        continue;
                    iou = v;
                    m = g;
                }
                if (m === -1)
                    continue;
                dtIgT[d] = gtIg[m];
                dtmT[d] = gt[m].id;
                gtmT[m] = dt[d].id;
            }
        }
    }
    for (let d = 0; d < D; d++) {
        const a = dt[d].area;
        const outside = a < areaMin || a > areaMax;
        if (!outside)
            continue;
        for (let t = 0; t < T; t++) {
            if (dtm[t][d] === 0)
                dtIg[t][d] = true;
        }
    }
    return {
        imageId,
        dtMatches: dtm,
        gtMatches: gtm,
        dtScores: dt.map((d) => d.score),
        gtIgnore: gtIg,
        dtIgnore: dtIg,
    };
}
/** accumulate() for one category, area range and maxDet: precision [T][R] and recall [T]. */
function accumulateOne(evals, maxDet) {
    const T = IOU_THRESHOLDS.length;
    const R = RECALL_THRESHOLDS.length;
    if (evals.length === 0)
        return null;
    const scores = [];
    const dtmCat = Array.from({ length: T }, () => []);
    const dtIgCat = Array.from({ length: T }, () => []);
    let npig = 0;
    for (const e of evals) {
        const n = Math.min(maxDet, e.dtScores.length);
        for (let d = 0; d < n; d++)
            scores.push(e.dtScores[d]);
        for (let t = 0; t < T; t++) {
            const dm = e.dtMatches[t];
            const di = e.dtIgnore[t];
            for (let d = 0; d < n; d++) {
                dtmCat[t].push(dm[d]);
                dtIgCat[t].push(di[d]);
            }
        }
        for (const ig of e.gtIgnore)
            if (!ig)
                npig++;
    }
    if (npig === 0)
        return null;
    const inds = stableArgsort(scores.map((s) => -s));
    const nd = inds.length;
    const precision = [];
    const recall = [];
    for (let t = 0; t < T; t++) {
        const dm = dtmCat[t];
        const di = dtIgCat[t];
        const rc = new Array(nd);
        const pr = new Array(nd);
        let tp = 0;
        let fp = 0;
        for (let j = 0; j < nd; j++) {
            const k = inds[j];
            if (!di[k]) {
                if (dm[k] !== 0)
                    tp++;
                else
                    fp++;
            }
            rc[j] = tp / npig;
            pr[j] = tp / (fp + tp + EPS);
        }
        recall.push(nd ? rc[nd - 1] : 0);
        for (let i = nd - 1; i > 0; i--) {
            if (pr[i] > pr[i - 1])
                pr[i - 1] = pr[i];
        }
        const q = new Array(R).fill(0);
        for (let r = 0; r < R; r++) {
            const pi = searchsortedLeft(rc, RECALL_THRESHOLDS[r]);
            if (pi >= nd)
                break;
            q[r] = pr[pi];
        }
        precision.push(q);
    }
    return { precision, recall };
}
function meanDefined(values) {
    let sum = 0;
    let n = 0;
    for (const v of values) {
        if (v > -1) {
            sum += v;
            n++;
        }
    }
    return n === 0 ? -1 : sum / n;
}
/** COCOeval (bbox) on `gt` and `detections`: the 12 summary stats, per class and per image. */
function evaluateCoco(gt, detections, options = {}) {
    const imgIds = [...new Set(options.imageIds ?? gt.images.map((i) => i.id))].sort((a, b) => a - b);
    const catIds = [...new Set(gt.categories.map((c) => c.id))].sort((a, b) => a - b);
    const imgSet = new Set(imgIds);
    const catSet = new Set(catIds);
    const key = (img, cat) => `${img}\u0000${cat}`;
    // _prepare: group by (image, category), in annotation / results order.
    const gtsBy = new Map();
    // pycocotools groups anns image by image (imgToAnns), keeping file order within an image.
    for (const a of gt.annotations) {
        if (!imgSet.has(a.image_id) || !catSet.has(a.category_id))
            continue;
        const k = key(a.image_id, a.category_id);
        const list = gtsBy.get(k) ?? [];
        if (list.length === 0)
            gtsBy.set(k, list);
        list.push({ id: a.id, bbox: a.bbox, area: a.area, iscrowd: a.iscrowd === 1 });
    }
    const dtsBy = new Map();
    detections.forEach((d, index) => {
        if (!imgSet.has(d.image_id) || !catSet.has(d.category_id))
            return;
        const k = key(d.image_id, d.category_id);
        const list = dtsBy.get(k) ?? [];
        if (list.length === 0)
            dtsBy.set(k, list);
        // loadRes: area = w * h, id = index + 1, iscrowd = 0.
        list.push({ id: index + 1, bbox: d.bbox, area: d.bbox[2] * d.bbox[3], score: d.score });
    });
    const maxDetLast = MAX_DETS[MAX_DETS.length - 1];
    const T = IOU_THRESHOLDS.length;
    // evaluate(): evalImgs[cat][area][img]
    const evalImgs = [];
    for (const catId of catIds) {
        const perArea = AREA_RANGES.map(() => []);
        for (const imgId of imgIds) {
            const gts = gtsBy.get(key(imgId, catId)) ?? [];
            const dts = sortDetections(dtsBy.get(key(imgId, catId)) ?? [], maxDetLast);
            const ious = dts.map((d) => gts.map((g) => bboxIou(d.bbox, g.bbox, g.iscrowd)));
            AREA_RANGES.forEach(([, lo, hi], a) => {
                perArea[a].push(evaluateImage(imgId, gts, dts, ious, lo, hi, maxDetLast));
            });
        }
        evalImgs.push(perArea);
    }
    // accumulate(): precision[T][R][K][A][M] and recall[T][K][A][M], -1 where undefined.
    const R = RECALL_THRESHOLDS.length;
    const K = catIds.length;
    const A = AREA_RANGES.length;
    const M = MAX_DETS.length;
    const precisionAt = (t, r, k, a, m) => (((t * R + r) * K + k) * A + a) * M + m;
    const recallAt = (t, k, a, m) => ((t * K + k) * A + a) * M + m;
    const precision = new Array(T * R * K * A * M).fill(-1);
    const recall = new Array(T * K * A * M).fill(-1);
    for (let k = 0; k < K; k++) {
        for (let a = 0; a < A; a++) {
            const evals = evalImgs[k][a].filter((e) => e !== null);
            for (let m = 0; m < M; m++) {
                const res = accumulateOne(evals, MAX_DETS[m]);
                if (!res)
                    continue;
                for (let t = 0; t < T; t++) {
                    recall[recallAt(t, k, a, m)] = res.recall[t];
                    const row = res.precision[t];
                    for (let r = 0; r < R; r++)
                        precision[precisionAt(t, r, k, a, m)] = row[r];
                }
            }
        }
    }
    // summarize()
    const summarizeAp = (t, a, m, k = null) => {
        const vals = [];
        for (let ti = 0; ti < T; ti++) {
            if (t !== null && ti !== t)
                continue;
            for (let r = 0; r < R; r++) {
                for (let ki = 0; ki < K; ki++) {
                    if (k !== null && ki !== k)
                        continue;
                    vals.push(precision[precisionAt(ti, r, ki, a, m)]);
                }
            }
        }
        return meanDefined(vals);
    };
    const summarizeAr = (t, a, m, k = null) => {
        const vals = [];
        for (let ti = 0; ti < T; ti++) {
            if (t !== null && ti !== t)
                continue;
            for (let ki = 0; ki < K; ki++) {
                if (k !== null && ki !== k)
                    continue;
                vals.push(recall[recallAt(ti, ki, a, m)]);
            }
        }
        return meanDefined(vals);
    };
    const t50 = IOU_THRESHOLDS.indexOf(0.5);
    const t75 = IOU_THRESHOLDS.indexOf(0.75);
    const m100 = MAX_DETS.indexOf(100);
    const stats = {
        AP: summarizeAp(null, 0, m100),
        AP50: summarizeAp(t50, 0, m100),
        AP75: summarizeAp(t75, 0, m100),
        APs: summarizeAp(null, 1, m100),
        APm: summarizeAp(null, 2, m100),
        APl: summarizeAp(null, 3, m100),
        AR1: summarizeAr(null, 0, MAX_DETS.indexOf(1)),
        AR10: summarizeAr(null, 0, MAX_DETS.indexOf(10)),
        AR100: summarizeAr(null, 0, m100),
        ARs: summarizeAr(null, 1, m100),
        ARm: summarizeAr(null, 2, m100),
        ARl: summarizeAr(null, 3, m100),
    };
    const names = new Map();
    for (const c of gt.categories)
        if (!names.has(c.id))
            names.set(c.id, c.name);
    const perClass = catIds.map((categoryId, k) => ({
        categoryId,
        name: names.get(categoryId) ?? String(categoryId),
        ap: summarizeAp(null, 0, m100, k),
        ap50: summarizeAp(t50, 0, m100, k),
        recall: summarizeAr(t50, 0, m100, k),
    }));
    // Per image at IoU .5, area 'all', maxDets 100, summed over categories.
    const perImageMap = new Map(imgIds.map((imageId) => [imageId, { imageId, tp: 0, fp: 0, fn: 0 }]));
    for (let k = 0; k < K; k++) {
        for (const e of evalImgs[k][0]) {
            if (!e)
                continue;
            const row = perImageMap.get(e.imageId);
            const dm = e.dtMatches[t50];
            const di = e.dtIgnore[t50];
            for (let d = 0; d < dm.length; d++) {
                if (di[d])
                    continue;
                if (dm[d] !== 0)
                    row.tp++;
                else
                    row.fp++;
            }
            const gm = e.gtMatches[t50];
            for (let g = 0; g < gm.length; g++)
                if (!e.gtIgnore[g] && gm[g] === 0)
                    row.fn++;
        }
    }
    return { stats, perClass, perImage: [...perImageMap.values()] };
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

/***/ 55847:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EF: () => (/* binding */ loadGoldenSet),
/* harmony export */   Fc: () => (/* binding */ shardImages),
/* harmony export */   uK: () => (/* binding */ parseShard)
/* harmony export */ });
/* unused harmony export checkGroundTruth */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(38815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(32635);
/* harmony import */ var _files_contained_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(40431);
// A golden set on disk: `images/` plus COCO ground truth (`instances.json`), optionally
// `expectations.yaml` (per image, classes that must be detected). Shards split it by image.
// Every `file_name` is resolved when the set is loaded, before any request, and must stay inside
// `images/` (shared/files/contained): a set from a pull request must not read other files.






function parseShard(text) {
    if (!text)
        return undefined;
    const m = /^(\d+)\/(\d+)$/.exec(text.trim());
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    if (!m || count < 1 || index < 1 || index > count) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz('shard', `'${text}' is not i/n with 1 <= i <= n`);
    }
    return { index, count };
}
/** Images of one shard: every n-th image by id, so shards stay balanced and disjoint. */
function shardImages(images, shard) {
    const sorted = [...images].sort((a, b) => a.id - b.id);
    return shard ? sorted.filter((_, i) => i % shard.count === shard.index - 1) : sorted;
}
async function loadGoldenSet(dir) {
    const gtPath = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, 'instances.json');
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(gtPath))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz('golden', `${gtPath} does not exist`, 'a golden set is images/ plus instances.json');
    let gt;
    try {
        gt = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(gtPath, 'utf8'));
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz('golden', `${gtPath} is not valid JSON (${e.message})`);
    }
    // Valid JSON is not yet an object (`null`, a number, a list).
    if (typeof gt !== 'object' ||
        gt === null ||
        !Array.isArray(gt.images) ||
        !Array.isArray(gt.annotations) ||
        !Array.isArray(gt.categories)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz('golden', `${gtPath} is not COCO ground truth (images, annotations, categories)`);
    }
    const folder = await openImagesFolder(dir);
    checkGroundTruth(gt, gtPath);
    const images = [];
    for (const img of gt.images)
        images.push(await resolveImage(folder, img, gtPath));
    const expectations = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, 'expectations.yaml');
    const mustDetect = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(expectations) ? await readExpectations(expectations) : new Map();
    return { dir, gt, images, categoryByName: new Map(gt.categories.map((c) => [c.name, c.id])), mustDetect };
}
/** `expectations.yaml`: `must_detect: { <file_name>: [class, ...] }`, every value checked. */
async function readExpectations(file) {
    const refuse = (why) => new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RolloutError */ .a6('InvalidGoldenSet', `golden set ${file}: ${why}`, {
        resource: file,
        remediation: 'expectations.yaml is `must_detect:` mapping image file names to lists of class names',
    });
    let doc;
    try {
        doc = (0,yaml__WEBPACK_IMPORTED_MODULE_3__/* .parse */ .qg)(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8'));
    }
    catch (e) {
        throw refuse(`is not valid YAML (${e.message})`);
    }
    const mustDetect = new Map();
    if (doc === null || doc === undefined)
        return mustDetect;
    if (typeof doc !== 'object' || Array.isArray(doc))
        throw refuse('must be a mapping');
    const given = doc.must_detect;
    if (given === undefined || given === null)
        return mustDetect;
    if (typeof given !== 'object' || Array.isArray(given))
        throw refuse('must_detect must map image file names to lists of class names');
    for (const [name, classes] of Object.entries(given)) {
        if (!Array.isArray(classes) || !classes.every((c) => typeof c === 'string' && c !== ''))
            throw refuse(`must_detect.${name} must be a list of class names, got ${show(classes)}`);
        mustDetect.set(name, classes);
    }
    return mustDetect;
}
async function openImagesFolder(dir) {
    const images = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, 'images');
    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(images).catch(() => undefined);
    if (!st?.isDirectory())
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz('golden', `${images} is not a folder`, 'a golden set is images/ plus instances.json');
    return (0,_files_contained_js__WEBPACK_IMPORTED_MODULE_5__/* .openFolder */ .NE)(images, 'golden set images folder');
}
/** One ground-truth image: its file must be a file inside `images/`. */
async function resolveImage(folder, img, gtPath) {
    const entry = `image ${String(img.id)} ('${String(img.file_name)}' in ${gtPath})`;
    if (typeof img.file_name !== 'string' || img.file_name === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz('golden', `${entry}: file_name must be a path relative to images/`);
    let found;
    try {
        found = await (0,_files_contained_js__WEBPACK_IMPORTED_MODULE_5__/* .resolveInside */ .LI)(folder, img.file_name, 'keep every golden image inside images/ and give file_name relative to it');
    }
    catch (e) {
        // The same refusal, said of the ground-truth entry that asked for it.
        if (!(e instanceof _files_contained_js__WEBPACK_IMPORTED_MODULE_5__/* .ContainmentError */ .h5))
            throw e;
        throw new _files_contained_js__WEBPACK_IMPORTED_MODULE_5__/* .ContainmentError */ .h5(e.problem, e.resource ?? entry, `golden ${entry}: ${e.message}`, e.remediation ?? '', e);
    }
    if (!found)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RolloutError */ .a6('GoldenImageMissing', `golden ${entry}: ${node_path__WEBPACK_IMPORTED_MODULE_2___default().join(folder.path, img.file_name)} is missing`, {
            resource: node_path__WEBPACK_IMPORTED_MODULE_2___default().join(folder.path, img.file_name),
            remediation: 'add the image to images/ or remove its entry (and its annotations) from instances.json',
        });
    if (!found.stats.isFile())
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RolloutError */ .a6('GoldenImageNotAFile', `golden ${entry}: ${found.path} is ${found.stats.isDirectory() ? 'a folder' : 'not a regular file'}, not an image`, { resource: found.path, remediation: 'file_name must name an image file inside images/' });
    return { id: img.id, file: found.real, fileName: img.file_name, width: img.width, height: img.height };
}
/** Errors listed in one refusal; the rest are counted (a hostile file may hold millions). */
const MAX_LISTED_ERRORS = 50;
const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);
const show = (v) => (v === undefined ? 'missing' : JSON.stringify(v));
/** The ground truth as a whole, before anything is scored: a set that cannot measure anything (no
 * image, no annotation) or whose annotations point nowhere or hold boxes that are not boxes would
 * give AP = -1 or silently wrong metrics, so every such error is listed, each with its index.
 * Fills a missing `area` with the box's w * h (as pycocotools' loadRes does for results). */
function checkGroundTruth(gt, gtPath) {
    const errors = [];
    const categoryIds = new Set();
    const names = new Set();
    for (const [i, c] of gt.categories.entries()) {
        const cat = (c ?? {});
        if (!isNumber(cat.id))
            errors.push(`categories[${i}]: id must be a number, got ${show(cat.id)}`);
        else if (categoryIds.has(cat.id))
            errors.push(`categories[${i}]: id ${cat.id} is used twice`);
        categoryIds.add(cat.id);
        if (typeof cat.name !== 'string' || cat.name === '')
            errors.push(`categories[${i}]: name must be a non-empty string, got ${show(cat.name)}`);
        else if (names.has(cat.name))
            errors.push(`categories[${i}]: name '${cat.name}' is used twice`);
        else
            names.add(cat.name);
    }
    const imageIds = new Set();
    for (const [i, m] of gt.images.entries()) {
        const img = (m ?? {});
        if (!isNumber(img.id))
            errors.push(`images[${i}]: id must be a number, got ${show(img.id)}`);
        else if (imageIds.has(img.id))
            errors.push(`images[${i}]: id ${img.id} is used twice`);
        imageIds.add(img.id);
        for (const k of ['width', 'height'])
            if (!isNumber(img[k]) || img[k] <= 0)
                errors.push(`images[${i}]: ${k} must be a positive number, got ${show(img[k])}`);
    }
    const annotationIds = new Set();
    for (const [i, a] of gt.annotations.entries()) {
        const ann = (a ?? {});
        const at = `annotations[${i}]`;
        if (!isNumber(ann.id))
            errors.push(`${at}: id must be a number, got ${show(ann.id)}`);
        else if (annotationIds.has(ann.id))
            errors.push(`${at}: id ${ann.id} is used twice`);
        annotationIds.add(ann.id);
        if (!imageIds.has(ann.image_id))
            errors.push(`${at}: image_id ${show(ann.image_id)} is not the id of an image in images`);
        if (!categoryIds.has(ann.category_id))
            errors.push(`${at}: category_id ${show(ann.category_id)} is not the id of a category in categories`);
        const box = ann.bbox;
        if (!Array.isArray(box) || box.length !== 4 || !box.every(isNumber))
            errors.push(`${at}: bbox must be [x, y, width, height] (4 finite numbers), got ${show(box)}`);
        else if (box[2] <= 0 || box[3] <= 0)
            errors.push(`${at}: bbox ${show(box)} has a width or height that is not positive`);
        else if (ann.area === undefined)
            ann.area = box[2] * box[3];
        if (ann.area !== undefined && (!isNumber(ann.area) || ann.area < 0))
            errors.push(`${at}: area must be a number >= 0, got ${show(ann.area)}`);
        if (ann.iscrowd !== undefined && ann.iscrowd !== 0 && ann.iscrowd !== 1)
            errors.push(`${at}: iscrowd must be 0 or 1, got ${show(ann.iscrowd)}`);
    }
    if (gt.images.length === 0)
        errors.push('images: the set has no image');
    if (gt.categories.length === 0)
        errors.push('categories: the set has no category');
    if (gt.annotations.length === 0)
        errors.push('annotations: the set has no annotation, so no metric could be measured (AP would be -1)');
    if (errors.length === 0)
        return;
    const listed = errors.slice(0, MAX_LISTED_ERRORS);
    const more = errors.length - listed.length;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RolloutError */ .a6('InvalidGoldenSet', `golden set ${gtPath} has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n  ${listed.join('\n  ')}${more > 0 ? `\n  ... and ${more} more` : ''}`, {
        resource: gtPath,
        remediation: 'fix instances.json: every annotation needs a known image_id and category_id and a bbox [x, y, w, h] with w, h > 0 (docs/gate.md)',
    });
}


/***/ }),

/***/ 64687:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ imageParity),
/* harmony export */   u: () => (/* binding */ parityHolds)
/* harmony export */ });
/* harmony import */ var _coco_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(95102);
// Parity between the local scorer and the endpoint on the same image: detections matched one to
// one by class and IoU (greedy, highest local score first), then matched IoU, score deltas and
// what stayed unmatched on either side.

function imageParity(imageId, local, endpoint, tolerance) {
    const remaining = [...endpoint];
    const unmatchedLocal = [];
    let matched = 0;
    let minIou = 1;
    let maxScoreDelta = 0;
    for (const l of [...local].sort((a, b) => b.score - a.score)) {
        let best = -1;
        let bestIou = tolerance.iou;
        remaining.forEach((e, i) => {
            if (e.category_id !== l.category_id)
                return;
            const iou = (0,_coco_js__WEBPACK_IMPORTED_MODULE_0__/* .bboxIou */ .Tx)(l.bbox, e.bbox);
            if (iou >= bestIou) {
                best = i;
                bestIou = iou;
            }
        });
        if (best < 0) {
            unmatchedLocal.push(l);
            continue;
        }
        const [e] = remaining.splice(best, 1);
        matched++;
        minIou = Math.min(minIou, bestIou);
        maxScoreDelta = Math.max(maxScoreDelta, Math.abs(l.score - (e?.score ?? 0)));
    }
    const strong = (d) => d.score >= tolerance.scoreThreshold + tolerance.scoreDelta;
    const localOnly = unmatchedLocal.filter(strong).length;
    const endpointOnly = remaining.filter(strong).length;
    return {
        imageId,
        matched,
        localOnly,
        endpointOnly,
        borderline: unmatchedLocal.length - localOnly + remaining.length - endpointOnly,
        minIou: matched ? minIou : 1,
        maxScoreDelta,
    };
}
/** Whether an image's parity is within tolerance (matching already enforces class and IoU). */
function parityHolds(p, tolerance) {
    return p.localOnly === 0 && p.endpointOnly === 0 && p.maxScoreDelta <= tolerance.scoreDelta;
}


/***/ }),

/***/ 64586:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  jB: () => (/* binding */ parityEvidence),
  qV: () => (/* binding */ parseModelRef),
  jD: () => (/* binding */ readJudgedModel),
  ti: () => (/* binding */ recordEvidence)
});

;// CONCATENATED MODULE: ./shared/azure/models.ts
const statusOf = (e) => e.statusCode;
/** The version, or undefined when the workspace has no such model or version (404). */
async function readModelVersion(target, name, version) {
    try {
        return await target.client.modelVersions.get(target.resourceGroup, target.workspace, name, version);
    }
    catch (e) {
        if (statusOf(e) === 404)
            return undefined;
        throw e;
    }
}
/**
 * Merges `tags` over the version's own and writes the version back unchanged otherwise. `tags`
 * may be a function of the tags as read, for tags that depend on them (the gate's content hash).
 * Returns the version as written.
 */
async function tagModelVersion(target, name, version, tags) {
    const { client, resourceGroup, workspace } = target;
    const current = await client.modelVersions.get(resourceGroup, workspace, name, version);
    // The SDK types a tag's value as nullable; AML stores strings.
    const before = Object.fromEntries(Object.entries(current.properties.tags ?? {}).filter((e) => e[1] !== null));
    const added = typeof tags === 'function' ? tags(before) : tags;
    return client.modelVersions.createOrUpdate(resourceGroup, workspace, name, version, {
        properties: { ...current.properties, tags: { ...before, ...added } },
    });
}

// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
// EXTERNAL MODULE: ./shared/model/spec.ts
var spec = __webpack_require__(32845);
// EXTERNAL MODULE: ./shared/spec/refs.ts
var refs = __webpack_require__(30632);
// EXTERNAL MODULE: ./shared/gate/evidence.ts
var evidence = __webpack_require__(52639);
;// CONCATENATED MODULE: ./shared/gate/record.ts
// The gate's verdict recorded where promote reads it back: the judged model version (input
// `model-ref`, or deploy's own model) is parsed and read before anything is scored, and tagged
// with the evidence after the reports are written. The tag format is evidence.ts; the SDK calls
// are azure/models.ts.





/** `azureml:<name>:<version>` of the gate's workspace; anything else is refused, naming `input`. */
function parseModelRef(text, input = 'model-ref') {
    const hint = 'give azureml:<name>:<version> of the workspace (register-model output model-ref)';
    const ref = (0,refs/* parseAssetRef */.fP)(text, 'models');
    if ('problem' in ref)
        throw new errors/* InputError */.dz(input, ref.problem, hint);
    if (ref.kind !== 'version')
        throw new errors/* InputError */.dz(input, `'${text}' is not a version of a model in the workspace: the evidence goes on one exact version`, hint);
    return { name: ref.name, version: ref.version };
}
/** Reads the version: it must exist before anything is judged for it. */
async function readJudgedModel(workspace, ref, input = 'model-ref') {
    const text = `azureml:${ref.name}:${ref.version}`;
    const found = await readModelVersion(workspace, ref.name, ref.version);
    if (!found)
        throw new errors/* RolloutError */.a6('ModelNotFound', `model '${text}' does not exist in workspace '${workspace.workspace}'`, {
            resource: text,
            remediation: `check input '${input}' and 'workspace'; register the model first (register-model)`,
        });
    return {
        ref: text,
        ...ref,
        workspace,
        contentHash: found.properties.tags?.[spec/* CONTENT_HASH_TAG */.a8] ?? undefined,
    };
}
/** `<disagreeing>/<compared>` images, or `n/a` when no endpoint was compared. */
function parityEvidence(parity) {
    return parity ? `${parity.disagreeing.length}/${parity.images}` : 'n/a';
}
/**
 * Writes the evidence onto the version. The content hash is the version's register-model hash as
 * read now (empty when it has none: promote refuses such a version). A failure is
 * `GateEvidenceNotRecorded`, naming the model and what to check.
 */
async function recordEvidence(model, fields, now = new Date()) {
    let written;
    try {
        await tagModelVersion(model.workspace, model.name, model.version, (current) => {
            written = { ...fields, contentHash: current[spec/* CONTENT_HASH_TAG */.a8] ?? '', at: now.toISOString() };
            return (0,evidence/* evidenceTags */.Xb)(written);
        });
    }
    catch (e) {
        throw new errors/* RolloutError */.a6('GateEvidenceNotRecorded', `the gate's verdict (${fields.verdict}) was not recorded on model ${model.ref}: ${(0,errors/* describeError */.Uc)(e)}`, {
            resource: model.ref,
            remediation: `the sign-in needs write access to model versions in workspace '${model.workspace.workspace}' (role AzureML Data Scientist); check the version still exists, then re-run the gate`,
            cause: e,
        });
    }
    return written;
}


/***/ }),

/***/ 61376:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Fo: () => (/* binding */ collect),
  jf: () => (/* binding */ concludeRun),
  h5: () => (/* binding */ runEndpoint)
});

// UNUSED EXPORTS: mergeRunData

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./shared/endpoint/client.ts
var client = __webpack_require__(95559);
;// CONCATENATED MODULE: ./shared/endpoint/concurrency.ts
// Bounded concurrency: run `fn` over `items` with at most `limit` calls in flight, results in order.
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return results;
}

// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
// EXTERNAL MODULE: ./shared/secrets.ts
var secrets = __webpack_require__(35931);
;// CONCATENATED MODULE: ./shared/scoring/format.ts
function toAutoml(result) {
    const { width, height } = result;
    return {
        boxes: result.detections.map((d) => ({
            box: { topX: d.x1 / width, topY: d.y1 / height, bottomX: d.x2 / width, bottomY: d.y2 / height },
            label: d.label,
            score: d.score,
        })),
    };
}
/** `categoryIds` maps a label to its COCO category id; by default id = class index + 1. */
function toCoco(result, imageId, categoryIds) {
    return result.detections.map((d) => ({
        image_id: imageId,
        category_id: categoryIds?.get(d.label) ?? d.classId + 1,
        bbox: [d.x1, d.y1, d.x2 - d.x1, d.y2 - d.y1],
        score: d.score,
        label: d.label,
    }));
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: ./shared/native/load.ts + 2 modules
var load = __webpack_require__(46643);
// EXTERNAL MODULE: ./shared/scoring/card.ts + 7 modules
var scoring_card = __webpack_require__(55822);
;// CONCATENATED MODULE: ./shared/scoring/decoders.ts
function num(v) {
    return typeof v === 'bigint' ? Number(v) : v;
}
function sigmoid(v) {
    return 1 / (1 + Math.exp(-v));
}
/** Converts one box in `format` to corners. */
function corners(a, b, c, d, format) {
    switch (format) {
        case 'xyxy':
            return [a, b, c, d];
        case 'yxyx':
            return [b, a, d, c];
        case 'xywh':
            return [a, b, a + c, b + d];
        case 'cxcywh':
            return [a - c / 2, b - d / 2, a + c / 2, b + d / 2];
    }
}
function decodePostprocessed(o, ctx) {
    const boxes = ctx.get(o.outputs.boxes).data;
    const scores = ctx.get(o.outputs.scores).data;
    const labels = o.outputs.labels === undefined ? undefined : ctx.get(o.outputs.labels).data;
    const n = Math.floor(boxes.length / 4);
    const sx = o.boxUnits === 'normalized' ? ctx.inputWidth : 1;
    const sy = o.boxUnits === 'normalized' ? ctx.inputHeight : 1;
    const out = [];
    for (let i = 0; i < n; i++) {
        const score = num(scores[i]);
        if (!(score > ctx.scoreThreshold))
            continue;
        const [x1, y1, x2, y2] = corners(num(boxes[4 * i]), num(boxes[4 * i + 1]), num(boxes[4 * i + 2]), num(boxes[4 * i + 3]), o.boxFormat);
        const label = labels === undefined ? 0 : Math.round(num(labels[i]));
        out.push({ x1: x1 * sx, y1: y1 * sy, x2: x2 * sx, y2: y2 * sy, score, classId: label - o.labelOffset });
    }
    return out;
}
function decodeYolo(o, ctx) {
    const t = ctx.get(o.outputs.predictions);
    const data = t.data;
    const k = t.dims[t.dims.length - 1];
    const rows = Math.floor(data.length / k);
    const first = o.objectness ? 5 : 4;
    const classes = k - first;
    if (classes < 1)
        throw new Error(`yolo output rows have ${k} columns, too few for 4 box values${o.objectness ? ', objectness' : ''} and a class`);
    const act = o.scoreActivation === 'sigmoid' ? sigmoid : (v) => v;
    // Grid cell and stride of every row, for raw YOLOX heads.
    let gridX;
    let gridY;
    let gridS;
    if (o.strides.length > 0) {
        gridX = new Int32Array(rows);
        gridY = new Int32Array(rows);
        gridS = new Int32Array(rows);
        const cells = o.strides.reduce((n, s) => n + Math.floor(ctx.inputWidth / s) * Math.floor(ctx.inputHeight / s), 0);
        if (cells !== rows) {
            throw new Error(`yolo strides [${o.strides.join(', ')}] give ${cells} grid cells but the output has ${rows} rows`);
        }
        let r = 0;
        for (const s of o.strides) {
            const fw = Math.floor(ctx.inputWidth / s);
            const fh = Math.floor(ctx.inputHeight / s);
            for (let gy = 0; gy < fh; gy++) {
                for (let gx = 0; gx < fw; gx++, r++) {
                    gridX[r] = gx;
                    gridY[r] = gy;
                    gridS[r] = s;
                }
            }
        }
        if (r !== rows) {
            throw new Error(`yolo strides [${o.strides.join(', ')}] give ${r} grid cells but the output has ${rows} rows`);
        }
    }
    const out = [];
    for (let i = 0; i < rows; i++) {
        const base = i * k;
        const obj = o.objectness ? act(data[base + 4]) : 1;
        if (!(obj > ctx.scoreThreshold) && o.objectness)
            continue;
        let best = -1;
        let bestScore = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < classes; c++) {
            const v = data[base + first + c];
            if (v > bestScore) {
                bestScore = v;
                best = c;
            }
        }
        const score = obj * act(bestScore);
        if (!(score > ctx.scoreThreshold))
            continue;
        let a = data[base];
        let b = data[base + 1];
        let c = data[base + 2];
        let d = data[base + 3];
        if (gridS) {
            const s = gridS[i];
            a = (a + gridX[i]) * s;
            b = (b + gridY[i]) * s;
            c = Math.exp(c) * s;
            d = Math.exp(d) * s;
        }
        const [x1, y1, x2, y2] = corners(a, b, c, d, o.boxFormat);
        out.push({ x1, y1, x2, y2, score, classId: best - o.labelOffset });
    }
    return out;
}
function decodeGfl(o, ctx) {
    const out = [];
    const bins = o.regMax + 1;
    const act = o.scoreActivation === 'sigmoid' ? sigmoid : (v) => v;
    const prob = new Float64Array(bins);
    o.strides.forEach((s, level) => {
        const scores = ctx.get(o.outputs.scores[level]);
        const dist = ctx.get(o.outputs.distances[level]);
        const classes = scores.dims[scores.dims.length - 1];
        const sd = scores.data;
        const dd = dist.data;
        const cells = Math.floor(sd.length / classes);
        if (dd.length !== cells * 4 * bins) {
            throw new Error(`gfl level ${level}: ${cells} score cells but distance tensor has ${dd.length} values`);
        }
        const fw = Math.ceil(ctx.inputWidth / s);
        // Best class score per cell, to keep the top-K cells of the level.
        const best = new Float32Array(cells);
        for (let i = 0; i < cells; i++) {
            let m = Number.NEGATIVE_INFINITY;
            for (let c = 0; c < classes; c++)
                m = Math.max(m, act(sd[i * classes + c]));
            best[i] = m;
        }
        let idx = Array.from({ length: cells }, (_, i) => i).filter((i) => best[i] > ctx.scoreThreshold);
        if (o.preNmsTopKPerLevel > 0 && idx.length > o.preNmsTopKPerLevel) {
            idx = idx.sort((a, b) => best[b] - best[a]).slice(0, o.preNmsTopKPerLevel);
        }
        for (const i of idx) {
            const row = Math.floor(i / fw);
            const col = i % fw;
            const cx = (col + o.cellOffset) * s;
            const cy = (row + o.cellOffset) * s;
            const side = [0, 0, 0, 0];
            for (let k = 0; k < 4; k++) {
                const off = i * 4 * bins + k * bins;
                let mx = Number.NEGATIVE_INFINITY;
                for (let j = 0; j < bins; j++)
                    mx = Math.max(mx, dd[off + j]);
                let sum = 0;
                for (let j = 0; j < bins; j++) {
                    prob[j] = Math.exp(dd[off + j] - mx);
                    sum += prob[j];
                }
                let e = 0;
                for (let j = 0; j < bins; j++)
                    e += (j * prob[j]) / sum;
                side[k] = e * s;
            }
            for (let c = 0; c < classes; c++) {
                const score = act(sd[i * classes + c]);
                if (!(score > ctx.scoreThreshold))
                    continue;
                out.push({
                    x1: cx - side[0],
                    y1: cy - side[1],
                    x2: cx + side[2],
                    y2: cy + side[3],
                    score,
                    classId: c - o.labelOffset,
                });
            }
        }
    });
    return out;
}
/** SSD prior boxes (normalized cx, cy, w, h): level, row, column, size order. */
function ssdPriors(p, inputWidth, inputHeight) {
    const list = [];
    const clamp = (v) => (p.clamp ? Math.min(1, Math.max(0, v)) : v);
    p.strides.forEach((s, level) => {
        const fw = Math.ceil(inputWidth / s);
        const fh = Math.ceil(inputHeight / s);
        for (let row = 0; row < fh; row++) {
            for (let col = 0; col < fw; col++) {
                for (const m of p.minSizes[level]) {
                    list.push(clamp((col + 0.5) / fw), clamp((row + 0.5) / fh), clamp(m / inputWidth), clamp(m / inputHeight));
                }
            }
        }
    });
    return Float32Array.from(list);
}
const priorCache = new WeakMap();
function decodeSsd(o, ctx) {
    const scores = ctx.get(o.outputs.scores);
    const boxes = ctx.get(o.outputs.boxes).data;
    const k = scores.dims[scores.dims.length - 1];
    const sd = scores.data;
    const n = Math.floor(sd.length / k);
    let priors;
    if (o.encoding === 'offsets' && o.priors) {
        priors = priorCache.get(o.priors);
        if (!priors) {
            priors = ssdPriors(o.priors, ctx.inputWidth, ctx.inputHeight);
            priorCache.set(o.priors, priors);
        }
        if (priors.length / 4 !== n) {
            throw new Error(`ssd priors give ${priors.length / 4} boxes but the model outputs ${n}`);
        }
    }
    const W = ctx.inputWidth;
    const H = ctx.inputHeight;
    const out = [];
    const row = new Float64Array(k);
    for (let i = 0; i < n; i++) {
        if (o.scoreActivation === 'softmax') {
            let mx = Number.NEGATIVE_INFINITY;
            for (let c = 0; c < k; c++)
                mx = Math.max(mx, sd[i * k + c]);
            let sum = 0;
            for (let c = 0; c < k; c++) {
                row[c] = Math.exp(sd[i * k + c] - mx);
                sum += row[c];
            }
            for (let c = 0; c < k; c++)
                row[c] = row[c] / sum;
        }
        else {
            for (let c = 0; c < k; c++) {
                const v = sd[i * k + c];
                row[c] = o.scoreActivation === 'sigmoid' ? sigmoid(v) : v;
            }
        }
        let x1 = 0;
        let y1 = 0;
        let x2 = 0;
        let y2 = 0;
        let decoded = false;
        for (let c = 0; c < k; c++) {
            if (c === o.backgroundClass)
                continue;
            const score = row[c];
            if (!(score > ctx.scoreThreshold))
                continue;
            if (!decoded) {
                decoded = true;
                const b0 = boxes[4 * i];
                const b1 = boxes[4 * i + 1];
                const b2 = boxes[4 * i + 2];
                const b3 = boxes[4 * i + 3];
                if (priors) {
                    const pcx = priors[4 * i];
                    const pcy = priors[4 * i + 1];
                    const pw = priors[4 * i + 2];
                    const ph = priors[4 * i + 3];
                    const cx = pcx + b0 * o.centerVariance * pw;
                    const cy = pcy + b1 * o.centerVariance * ph;
                    const w = pw * Math.exp(b2 * o.sizeVariance);
                    const h = ph * Math.exp(b3 * o.sizeVariance);
                    x1 = (cx - w / 2) * W;
                    y1 = (cy - h / 2) * H;
                    x2 = (cx + w / 2) * W;
                    y2 = (cy + h / 2) * H;
                }
                else {
                    x1 = b0 * W;
                    y1 = b1 * H;
                    x2 = b2 * W;
                    y2 = b3 * H;
                }
            }
            out.push({ x1, y1, x2, y2, score, classId: c - o.labelOffset });
        }
    }
    if (o.preNmsTopK > 0 && out.length > o.preNmsTopK) {
        out.sort((a, b) => b.score - a.score);
        out.length = o.preNmsTopK;
    }
    return out;
}
function decodeOutputs(spec, ctx) {
    switch (spec.decoder) {
        case 'postprocessed':
            return decodePostprocessed(spec, ctx);
        case 'yolo':
            return decodeYolo(spec, ctx);
        case 'gfl':
            return decodeGfl(spec, ctx);
        case 'ssd':
            return decodeSsd(spec, ctx);
    }
}

;// CONCATENATED MODULE: ./shared/scoring/errors.ts
// Typed errors of the scorer. Each carries a stable code; the server maps them to HTTP statuses
// (400 bad image or request, 413 too large, 422 model/card mismatch or unusable parameters).


/** The bytes are not an image sharp can decode (empty, truncated, not an image format). */
class ImageDecodeError extends errors/* RolloutError */.a6 {
    constructor(message, resource, cause) {
        super('InvalidImage', message, {
            ...(resource === undefined ? {} : { resource }),
            remediation: 'send a complete JPEG, PNG, WebP, GIF or TIFF file',
            ...(cause === undefined ? {} : { cause }),
        });
        this.name = 'ImageDecodeError';
    }
}
/** The image (or the request) is over the configured size limit. */
class ImageTooLargeError extends errors/* RolloutError */.a6 {
    constructor(message, resource) {
        super('ImageTooLarge', message, {
            ...(resource === undefined ? {} : { resource }),
            remediation: 'downscale the image, or raise the scorer pixel limit (maxPixels) if it is legitimate',
        });
        this.name = 'ImageTooLargeError';
    }
}
/** A request the server cannot interpret (bad JSON, wrong shape, unknown parameter). */
class BadRequestError extends errors/* RolloutError */.a6 {
    constructor(message, remediation) {
        super('BadRequest', message, remediation === undefined ? {} : { remediation });
        this.name = 'BadRequestError';
    }
}
/** HTTP status for a scorer error; 500 for anything unexpected. */
function httpStatusFor(e) {
    if (!(e instanceof RolloutError))
        return 500;
    switch (e.code) {
        case 'InvalidImage':
        case 'BadRequest':
        case 'InvalidModelCard':
            return 400;
        case 'ImageTooLarge':
        case 'RequestTooLarge':
            return 413;
        case 'ModelCardMismatch':
        case 'ModelRunFailed':
            return 422;
        default:
            return 500;
    }
}

;// CONCATENATED MODULE: ./shared/scoring/resize.ts
// Resize kernels that reproduce the Python preprocessing a live endpoint runs, bit for bit on
// uint8 RGB (HWC) images: OpenCV's INTER_LINEAR resize and warp, and PIL's antialiased bilinear.
// A half-pixel or rounding difference here moves model scores by several hundredths, which would
// break local-vs-endpoint parity, so each function follows its library's fixed-point arithmetic.
// Pure functions, no native code.
/** Bytes from one row of `img` to the next. */
function rowStride(img) {
    return img.stride ?? img.width * 3;
}
/** The image with its rows packed (a copy only for views into a wider image). */
function compact(img) {
    const st = rowStride(img);
    const rowLen = img.width * 3;
    if (st === rowLen)
        return img;
    const out = new Uint8Array(rowLen * img.height);
    for (let y = 0; y < img.height; y++)
        out.set(img.data.subarray(y * st, y * st + rowLen), y * rowLen);
    return { width: img.width, height: img.height, data: out };
}
const CV_RESIZE_COEF_BITS = 11;
const CV_RESIZE_COEF_SCALE = 1 << CV_RESIZE_COEF_BITS;
/** cvRound / saturate_cast<int>(double): round half to even. */
function roundHalfEven(v) {
    const r = Math.round(v);
    return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
/** Per-axis source offsets and fixed-point weights, as cv::resize computes them for INTER_LINEAR.
 * The fraction is computed in float32, as OpenCV does. */
function cvLinearAxis(srcSize, dstSize, clampWeights) {
    const scale = srcSize / dstSize;
    const ofs = new Int32Array(dstSize);
    const w0 = new Int32Array(dstSize);
    const w1 = new Int32Array(dstSize);
    for (let d = 0; d < dstSize; d++) {
        let f = Math.fround((d + 0.5) * scale - 0.5);
        let s = Math.floor(f);
        f = Math.fround(f - s);
        // Only the horizontal axis zeroes the fraction at the borders; vertically OpenCV keeps the
        // weights and clamps the row index instead.
        if (clampWeights && s < 0) {
            f = 0;
            s = 0;
        }
        if (clampWeights && s >= srcSize - 1) {
            f = 0;
            s = srcSize - 1;
        }
        ofs[d] = s;
        w0[d] = roundHalfEven(Math.fround(1 - f) * CV_RESIZE_COEF_SCALE);
        w1[d] = roundHalfEven(f * CV_RESIZE_COEF_SCALE);
    }
    return { ofs, w0, w1 };
}
/** Taps and weights of cv2's INTER_LINEAR resize of a sw x sh image to dstW x dstH. */
function cvPlan(sw, sh, dstW, dstH) {
    const xs = cvLinearAxis(sw, dstW, true);
    const ys = cvLinearAxis(sh, dstH, false);
    // Byte offsets of each output pixel's two horizontal taps. At the right border OpenCV takes the
    // edge pixel times ONE (weights 2048/0), so pointing the second tap at the same pixel is exact.
    const tap0 = new Int32Array(dstW);
    const tap1 = new Int32Array(dstW);
    for (let dx = 0; dx < dstW; dx++) {
        const sx = xs.ofs[dx];
        tap0[dx] = sx * 3;
        tap1[dx] = (sx + 1 < sw ? sx + 1 : sx) * 3;
    }
    /** The two source rows output row dy blends (clamped to the image) and their weights. */
    const rows = (dy) => {
        const sy = ys.ofs[dy];
        return {
            y0: Math.min(Math.max(sy, 0), sh - 1),
            y1: Math.min(Math.max(sy + 1, 0), sh - 1),
            b0: ys.w0[dy],
            b1: ys.w1[dy],
        };
    };
    return { tap0, tap1, w0: xs.w0, w1: xs.w1, rows };
}
/** Whether OpenCV's INTER_LINEAR takes the downscaling path here, which blends both source rows
 * per pixel in one pass (an exact 2x downscale is switched to INTER_AREA instead). */
function cvDownscalesInOnePass(sw, sh, dstW, dstH) {
    return sh > dstH && !(sw === 2 * dstW && sh === 2 * dstH);
}
/** cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR) on uint8, 3 channels. */
function resizeOpenCvBilinear(src, dstW, dstH) {
    const { width: sw, height: sh, data } = src;
    const st = rowStride(src);
    if (sw === dstW && sh === dstH) {
        const c = compact(src);
        return { width: dstW, height: dstH, data: c === src ? data.slice(0, sw * sh * 3) : c.data };
    }
    // OpenCV switches an exact 2x downscale to INTER_AREA (same result in float, cheaper).
    if (sw === 2 * dstW && sh === 2 * dstH)
        return resizeAreaHalf(src);
    const { tap0, tap1, w0, w1, rows } = cvPlan(sw, sh, dstW, dstH);
    const rowLen = dstW * 3;
    const out = new Uint8Array(rowLen * dstH);
    if (cvDownscalesInOnePass(sw, sh, dstW, dstH)) {
        // Downscaling, consecutive output rows share few source rows: blend both rows' horizontal
        // taps and the vertical weights in one pass per pixel (same arithmetic; 1.3-2x faster here
        // than caching horizontal rows, which only pays off when upscaling).
        for (let dy = 0; dy < dstH; dy++) {
            const { y0, y1, b0, b1 } = rows(dy);
            cvFusedRow(data, y0 * st, y1 * st, tap0, tap1, w0, w1, b0, b1, out, dy * rowLen);
        }
        return { width: dstW, height: dstH, data: out };
    }
    // The horizontal pass of the two source rows a destination row blends; consecutive output rows
    // mostly share one, so the previous bottom row is reused as the next top row.
    let top = new Int32Array(rowLen);
    let bottom = new Int32Array(rowLen);
    let topRow = -1;
    let bottomRow = -1;
    for (let dy = 0; dy < dstH; dy++) {
        const { y0, y1, b0, b1 } = rows(dy);
        if (y0 !== topRow && y0 === bottomRow) {
            [top, bottom] = [bottom, top];
            [topRow, bottomRow] = [bottomRow, topRow];
        }
        if (y0 !== topRow) {
            cvHorizontalRow(data, y0 * st, tap0, tap1, w0, w1, top);
            topRow = y0;
        }
        if (y1 !== bottomRow) {
            if (y1 === topRow)
                bottom.set(top);
            else
                cvHorizontalRow(data, y1 * st, tap0, tap1, w0, w1, bottom);
            bottomRow = y1;
        }
        cvVerticalRow(top, bottom, b0, b1, out, dy * rowLen);
    }
    return { width: dstW, height: dstH, data: out };
}
/** One source row resampled horizontally into 11-bit fixed point. */
function cvHorizontalRow(data, base, tap0, tap1, w0, w1, row) {
    const n = tap0.length;
    for (let dx = 0, o = 0; dx < n; dx++, o += 3) {
        const p = base + tap0[dx];
        const q = base + tap1[dx];
        const a0 = w0[dx];
        const a1 = w1[dx];
        row[o] = data[p] * a0 + data[q] * a1;
        row[o + 1] = data[p + 1] * a0 + data[q + 1] * a1;
        row[o + 2] = data[p + 2] * a0 + data[q + 2] * a1;
    }
}
/** The vertical blend of two horizontal rows. OpenCV's vertical pass is SIMD: each weighted row is
 * shifted (mul-hi on 16-bit lanes) before the sum, so it rounds differently from plain fixed point;
 * this reproduces that arithmetic. */
function cvVerticalRow(r0, r1, b0, b1, out, offset) {
    const n = r0.length;
    for (let x = 0; x < n; x++) {
        const v = (((b0 * (r0[x] >> 4)) >> 16) + ((b1 * (r1[x] >> 4)) >> 16) + 2) >> 2;
        out[offset + x] = v > 255 ? 255 : v;
    }
}
/** cvHorizontalRow on two source rows and cvVerticalRow on the results, fused per pixel. */
function cvFusedRow(data, top, bottom, tap0, tap1, w0, w1, b0, b1, out, offset) {
    const n = tap0.length;
    for (let dx = 0, o = offset; dx < n; dx++, o += 3) {
        const t0 = tap0[dx];
        const t1 = tap1[dx];
        const a0 = w0[dx];
        const a1 = w1[dx];
        const p = top + t0;
        const q = top + t1;
        const r = bottom + t0;
        const s = bottom + t1;
        for (let c = 0; c < 3; c++) {
            const h0 = data[p + c] * a0 + data[q + c] * a1;
            const h1 = data[r + c] * a0 + data[s + c] * a1;
            const v = (((b0 * (h0 >> 4)) >> 16) + ((b1 * (h1 >> 4)) >> 16) + 2) >> 2;
            out[o + c] = v > 255 ? 255 : v;
        }
    }
}
/** resizeOpenCvBilinear's one-pass downscale (see cvDownscalesInOnePass) written straight into
 * float planes through per-channel tables: the values resizing then packing gives, without the
 * interleaved image in between and the packing pass over it (resize and pack of the golden set
 * went from 2.9 to 2.3 ms an image on the dev machine). */
function resizeOpenCvBilinearToPlanes(src, dstW, dstH, target) {
    const { width: sw, height: sh, data } = src;
    const st = rowStride(src);
    const { tap0, tap1, w0, w1, rows } = cvPlan(sw, sh, dstW, dstH);
    const { out, rowLength, offsetX, offsetY } = target;
    const [p0, p1, p2] = target.planes;
    const [t0, t1, t2] = target.tables;
    const width = Math.min(target.width, dstW);
    const height = Math.min(target.height, dstH);
    for (let dy = 0; dy < height; dy++) {
        const { y0, y1, b0, b1 } = rows(dy);
        const top = y0 * st;
        const bottom = y1 * st;
        let o = (dy + offsetY) * rowLength + offsetX;
        // The three channels written out, each into its own plane.
        for (let dx = 0; dx < width; dx++, o++) {
            const a0 = w0[dx];
            const a1 = w1[dx];
            const p = top + tap0[dx];
            const q = top + tap1[dx];
            const r = bottom + tap0[dx];
            const s = bottom + tap1[dx];
            let h0 = data[p] * a0 + data[q] * a1;
            let h1 = data[r] * a0 + data[s] * a1;
            let v = (((b0 * (h0 >> 4)) >> 16) + ((b1 * (h1 >> 4)) >> 16) + 2) >> 2;
            out[p0 + o] = t0[v > 255 ? 255 : v];
            h0 = data[p + 1] * a0 + data[q + 1] * a1;
            h1 = data[r + 1] * a0 + data[s + 1] * a1;
            v = (((b0 * (h0 >> 4)) >> 16) + ((b1 * (h1 >> 4)) >> 16) + 2) >> 2;
            out[p1 + o] = t1[v > 255 ? 255 : v];
            h0 = data[p + 2] * a0 + data[q + 2] * a1;
            h1 = data[r + 2] * a0 + data[s + 2] * a1;
            v = (((b0 * (h0 >> 4)) >> 16) + ((b1 * (h1 >> 4)) >> 16) + 2) >> 2;
            out[p2 + o] = t2[v > 255 ? 255 : v];
        }
    }
}
function resizeAreaHalf(src) {
    const dstW = src.width / 2;
    const dstH = src.height / 2;
    const out = new Uint8Array(dstW * dstH * 3);
    const stride = rowStride(src);
    const d = src.data;
    for (let y = 0; y < dstH; y++) {
        for (let x = 0; x < dstW; x++) {
            const p = 2 * y * stride + 2 * x * 3;
            for (let c = 0; c < 3; c++) {
                const s = d[p + c] + d[p + 3 + c] + d[p + stride + c];
                out[(y * dstW + x) * 3 + c] = (s + d[p + stride + 3 + c] + 2) >> 2;
            }
        }
    }
    return { width: dstW, height: dstH, data: out };
}
/** An affine letterbox drawn like cv2.warpAffine / warpPerspective (INTER_LINEAR, constant border):
 * output pixel (x, y) samples the source at ((x - tx)/scale, (y - ty)/scale), quantised to 1/32 px,
 * with 15-bit weights; taps outside the source read `border`. */
function warpOpenCvBilinear(src, dstW, dstH, scale, tx, ty, border) {
    const { width: sw, height: sh, data } = compact(src);
    const out = new Uint8Array(dstW * dstH * 3);
    const inv = 1 / scale;
    const ax = new Int32Array(dstW);
    for (let x = 0; x < dstW; x++)
        ax[x] = roundHalfEven((x - tx) * inv * 32);
    for (let y = 0; y < dstH; y++) {
        const Y = roundHalfEven((y - ty) * inv * 32);
        const sy = Y >> 5;
        const fy = Y & 31;
        for (let x = 0; x < dstW; x++) {
            const X = ax[x];
            const sx = X >> 5;
            const fx = X & 31;
            const o = (y * dstW + x) * 3;
            if (sx >= sw || sx + 1 < 0 || sy >= sh || sy + 1 < 0) {
                out[o] = border[0];
                out[o + 1] = border[1];
                out[o + 2] = border[2];
                continue;
            }
            // Weights are exact integers on the 1/32 grid: (32-f)*(32-g)*32 sums to 32768.
            const w00 = (32 - fy) * (32 - fx) * 32;
            const w01 = (32 - fy) * fx * 32;
            const w10 = fy * (32 - fx) * 32;
            const w11 = fy * fx * 32;
            const in0 = sy >= 0 && sy < sh;
            const in1 = sy + 1 >= 0 && sy + 1 < sh;
            const inX0 = sx >= 0 && sx < sw;
            const inX1 = sx + 1 >= 0 && sx + 1 < sw;
            const p00 = (sy * sw + sx) * 3;
            for (let c = 0; c < 3; c++) {
                const b = border[c];
                const v00 = in0 && inX0 ? data[p00 + c] : b;
                const v01 = in0 && inX1 ? data[p00 + 3 + c] : b;
                const v10 = in1 && inX0 ? data[p00 + sw * 3 + c] : b;
                const v11 = in1 && inX1 ? data[p00 + sw * 3 + 3 + c] : b;
                const v = (v00 * w00 + v01 * w01 + v10 * w10 + v11 * w11 + (1 << 14)) >> 15;
                out[o + c] = v < 0 ? 0 : Math.min(v, 255);
            }
        }
    }
    return { width: dstW, height: dstH, data: out };
}
const PIL_PRECISION_BITS = 32 - 8 - 2;
/** PIL's precompute_coeffs + normalize_coeffs_8bpc for the bilinear (triangle) filter. */
function pilAxis(inSize, outSize) {
    const scale = inSize / outSize;
    const filterscale = Math.max(scale, 1);
    const support = 1 * filterscale;
    const ksize = Math.ceil(support) * 2 + 1;
    const bounds = new Int32Array(outSize * 2);
    const k = new Int32Array(outSize * ksize);
    const ss = 1 / filterscale;
    const w = new Float64Array(ksize);
    for (let xx = 0; xx < outSize; xx++) {
        const center = (xx + 0.5) * scale;
        let xmin = Math.trunc(center - support + 0.5);
        if (xmin < 0)
            xmin = 0;
        let xmax = Math.trunc(center + support + 0.5);
        if (xmax > inSize)
            xmax = inSize;
        xmax -= xmin;
        let ww = 0;
        for (let x = 0; x < xmax; x++) {
            let t = Math.abs((x + xmin - center + 0.5) * ss);
            t = t < 1 ? 1 - t : 0;
            w[x] = t;
            ww += t;
        }
        for (let x = 0; x < xmax; x++) {
            const v = ww !== 0 ? w[x] / ww : w[x];
            // C's (int) truncates toward zero after the +-0.5.
            k[xx * ksize + x] =
                v < 0
                    ? Math.trunc(-0.5 + v * (1 << PIL_PRECISION_BITS))
                    : Math.trunc(0.5 + v * (1 << PIL_PRECISION_BITS));
        }
        bounds[xx * 2] = xmin;
        bounds[xx * 2 + 1] = xmax;
    }
    return { bounds, k, ksize };
}
function clip8(v) {
    // v is a sum of products that may exceed 2^31 for negative kernels; Math.floor division keeps it exact.
    const r = Math.floor(v / (1 << PIL_PRECISION_BITS));
    return r < 0 ? 0 : Math.min(r, 255);
}
/** PIL `Image.resize((w, h), Image.BILINEAR)` on an RGB image (antialiased, Pillow >= 7, no reducing_gap). */
function resizePilBilinear(image, dstW, dstH) {
    const src = compact(image);
    const { width: sw, height: sh } = src;
    let cur = src;
    const needH = dstW !== sw;
    const needV = dstH !== sh;
    const vert = pilAxis(sh, dstH);
    if (needH) {
        // Only the source rows the vertical pass reads are resampled horizontally.
        const yFirst = needV ? vert.bounds[0] : 0;
        const yLast = needV ? vert.bounds[dstH * 2 - 2] + vert.bounds[dstH * 2 - 1] : sh;
        const horiz = pilAxis(sw, dstW);
        const rows = yLast - yFirst;
        const out = new Uint8Array(dstW * rows * 3);
        const half = 1 << (PIL_PRECISION_BITS - 1);
        for (let y = 0; y < rows; y++) {
            const rowBase = (y + yFirst) * sw * 3;
            for (let xx = 0; xx < dstW; xx++) {
                const xmin = horiz.bounds[xx * 2];
                const xmax = horiz.bounds[xx * 2 + 1];
                const kb = xx * horiz.ksize;
                let s0 = half;
                let s1 = half;
                let s2 = half;
                for (let x = 0; x < xmax; x++) {
                    const kv = horiz.k[kb + x];
                    const p = rowBase + (x + xmin) * 3;
                    s0 += cur.data[p] * kv;
                    s1 += cur.data[p + 1] * kv;
                    s2 += cur.data[p + 2] * kv;
                }
                const o = (y * dstW + xx) * 3;
                out[o] = clip8(s0);
                out[o + 1] = clip8(s1);
                out[o + 2] = clip8(s2);
            }
        }
        cur = { width: dstW, height: rows, data: out };
        if (needV)
            for (let i = 0; i < dstH; i++)
                vert.bounds[i * 2] = vert.bounds[i * 2] - yFirst;
    }
    if (needV) {
        const w = cur.width;
        const out = new Uint8Array(w * dstH * 3);
        const half = 1 << (PIL_PRECISION_BITS - 1);
        for (let yy = 0; yy < dstH; yy++) {
            const ymin = vert.bounds[yy * 2];
            const ymax = vert.bounds[yy * 2 + 1];
            const kb = yy * vert.ksize;
            for (let xx = 0; xx < w * 3; xx++) {
                let s = half;
                for (let y = 0; y < ymax; y++)
                    s += cur.data[(y + ymin) * w * 3 + xx] * vert.k[kb + y];
                out[yy * w * 3 + xx] = clip8(s);
            }
        }
        cur = { width: w, height: dstH, data: out };
    }
    return cur === src ? { width: sw, height: sh, data: src.data.slice() } : cur;
}
/** Copies a rectangle out of an image (used for tiles). */
/** A tile of `src` as a view into its pixels (no copy: `stride` carries the parent's rows). */
function cropRgb(src, left, top, width, height) {
    const st = rowStride(src);
    const start = top * st + left * 3;
    const end = (top + height - 1) * st + (left + width) * 3;
    return { width, height, stride: st, data: src.data.subarray(start, end) };
}

;// CONCATENATED MODULE: ./shared/scoring/image.ts
// Image decoding with sharp: EXIF auto-orientation, alpha flattened onto the card's background,
// grayscale/CMYK/16-bit converted to 8-bit sRGB, embedded ICC profiles not applied (as PIL and
// cv2 do not), and a pixel limit checked from the header before any pixels are decoded (a
// 30000x30000 PNG is a few KB on the wire and 2.7 GB in memory).



/** 40 megapixels: more than any diagram scan we expect, well under what would exhaust memory. */
const DEFAULT_MAX_PIXELS = 40_000_000;
function wrapDecodeError(e, resource) {
    if (e instanceof ImageDecodeError || e instanceof ImageTooLargeError)
        return e;
    const message = e instanceof Error ? e.message : String(e);
    if (/pixel limit/i.test(message))
        return new ImageTooLargeError(`image exceeds the pixel limit: ${message}`, resource);
    return new ImageDecodeError(`cannot decode image: ${message.split('\n')[0]}`, resource, e);
}
/** A sharp pipeline over the bytes that orients, flattens alpha and converts to 8-bit sRGB. The
 * pixel limit is enforced by libvips from the header, before any pixel is decoded. */
async function orientedPipeline(bytes, options) {
    if (bytes.byteLength === 0)
        throw new ImageDecodeError('image is empty (0 bytes)', options.resource);
    const sharp = await (0,load/* loadSharp */.P)();
    const [r, g, b] = options.alphaBackground;
    // failOn 'truncated' refuses cut-off files instead of returning grey-filled pixels.
    // ignoreIcc: the endpoint decodes with PIL or cv2, which leave the pixel values as stored and do
    // not apply an embedded ICC profile; applying it would move every pixel (and costs more than
    // the decode itself on a 768x576 JPEG).
    return sharp(bytes, {
        limitInputPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS,
        failOn: 'truncated',
        sequentialRead: true,
        ignoreIcc: true,
    })
        .rotate()
        .flatten({ background: { r, g, b } })
        .toColourspace('srgb')
        .removeAlpha();
}
/** The header's size, for a clear error when the image is over the pixel limit. */
async function checkSize(bytes, options) {
    const { resource } = options;
    const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
    const sharp = await (0,load/* loadSharp */.P)();
    let meta;
    try {
        meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    }
    catch (e) {
        throw wrapDecodeError(e, resource);
    }
    if (!meta.width || !meta.height)
        throw new ImageDecodeError('image has no dimensions', resource);
    if (meta.width * meta.height > maxPixels) {
        throw new ImageTooLargeError(`image is ${meta.width}x${meta.height} = ${meta.width * meta.height} pixels, over the limit of ${maxPixels}`, resource);
    }
    const swap = (meta.orientation ?? 1) >= 5;
    return { width: swap ? meta.height : meta.width, height: swap ? meta.width : meta.height };
}
/** Opens the bytes, checks the header and the pixel limit, and returns an oriented, flattened
 * 8-bit sRGB sharp pipeline plus the oriented size (for resizing inside the same pipeline). */
async function openImage(bytes, options) {
    const pipeline = await orientedPipeline(bytes, options);
    return { pipeline, info: await checkSize(bytes, options) };
}
/** Raw interleaved 8-bit RGB of a pipeline. */
async function toRgb(pipeline, resource) {
    try {
        const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
        if (info.channels !== 3)
            throw new ImageDecodeError(`decoded to ${info.channels} channels, expected 3`, resource);
        return {
            width: info.width,
            height: info.height,
            data: new Uint8Array(data.buffer, data.byteOffset, data.length),
        };
    }
    catch (e) {
        throw wrapDecodeError(e, resource);
    }
}
/** Full decode to oriented RGB. The header is read once, by the decode itself: a separate
 * metadata pass only runs to explain a refusal (the pixel limit). */
async function decodeImage(bytes, options) {
    const pipeline = await orientedPipeline(bytes, options);
    try {
        return await toRgb(pipeline, options.resource);
    }
    catch (e) {
        if (e instanceof ImageTooLargeError)
            await checkSize(bytes, options);
        throw e;
    }
}
/** Resizes raw RGB with sharp (libvips; its default lanczos3 kernel, antialiased). */
async function resizeWithSharp(view, width, height) {
    const img = compact(view);
    if (img.width === width && img.height === height)
        return img;
    const sharp = await (0,load/* loadSharp */.P)();
    const pipeline = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).resize(width, height, { fit: 'fill' });
    return toRgb(pipeline);
}

;// CONCATENATED MODULE: ./shared/scoring/detection.ts
// The scorer's result types and the box maths everything else shares. A Detection is in pixels of
// the original (EXIF-oriented) image; `classId` indexes the card's `classes`.
function boxArea(b, plusOne = false) {
    const e = plusOne ? 1 : 0;
    return Math.max(0, b.x2 - b.x1 + e) * Math.max(0, b.y2 - b.y1 + e);
}
function iou(a, b, plusOne = false) {
    const e = plusOne ? 1 : 0;
    const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + e;
    const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + e;
    if (w <= 0 || h <= 0)
        return 0;
    const inter = w * h;
    return inter / (boxArea(a, plusOne) + boxArea(b, plusOne) - inter);
}

;// CONCATENATED MODULE: ./shared/scoring/nms.ts
// Greedy hard non-maximum suppression, class-aware or class-agnostic, as torchvision's
// batched_nms and the upstream demos do it: highest score first, drop every later box whose IoU
// with a kept box exceeds the threshold.

/** Returns the kept candidates, best score first. Ties keep input order (stable sort). */
function nonMaxSuppression(candidates, options) {
    const order = candidates
        .map((_, i) => i)
        .sort((a, b) => candidates[b].score - candidates[a].score);
    const kept = [];
    const suppressed = new Uint8Array(candidates.length);
    const plusOne = options.plusOne ?? false;
    const maxKeep = options.maxKeep ?? 0;
    for (let oi = 0; oi < order.length; oi++) {
        const i = order[oi];
        if (suppressed[i])
            continue;
        const a = candidates[i];
        kept.push(a);
        if (maxKeep > 0 && kept.length >= maxKeep)
            break;
        for (let oj = oi + 1; oj < order.length; oj++) {
            const j = order[oj];
            if (suppressed[j])
                continue;
            const b = candidates[j];
            if (!options.classAgnostic && a.classId !== b.classId)
                continue;
            if (options.groupOf && options.groupOf(i) === options.groupOf(j))
                continue;
            if (iou(a, b, plusOne) > options.iouThreshold)
                suppressed[j] = 1;
        }
    }
    return kept;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(75919);
;// CONCATENATED MODULE: ./shared/scoring/pool.ts
// Image-level parallelism for batches: worker threads that each hold their own onnxruntime session
// (one intra-op thread) and score whole images. onnxruntime-node's session.run blocks the thread
// it runs on and one small model cannot keep several intra-op threads busy, so whole images side
// by side use the cores better than one image with more threads: while one worker is in the
// model, another decodes and resizes (sharp on libuv's pool, the cv2/PIL kernels in JavaScript).







const OPEN_FAILED = -1;
/** A worker that cannot score at all (it died, or could not open the model the calling thread
 * opened): not the image's fault, so callers score that image in their own thread instead. */
class PoolWorkerError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'PoolWorkerError';
    }
}
function serializeError(e) {
    if (e instanceof RolloutError)
        return { name: e.name, code: e.code, message: e.message, resource: e.resource };
    return { name: 'Error', code: 'InternalError', message: e instanceof Error ? e.message : String(e) };
}
function deserializeError(e) {
    switch (e.code) {
        case 'InvalidImage':
            return new ImageDecodeError(e.message, e.resource);
        case 'ImageTooLarge':
            return new ImageTooLargeError(e.message, e.resource);
        case 'BadRequest':
            return new BadRequestError(e.message);
        case 'ModelCardMismatch':
            return new scoring_card/* ModelCardMismatchError */.A_(e.message, e.resource);
        case 'InternalError':
            return new Error(e.message);
        default:
            return new errors/* RolloutError */.a6(e.code, e.message, e.resource === undefined ? {} : { resource: e.resource });
    }
}
/** The worker bundle for a bundle in `bundleDir`: beside it (an Azure DevOps task folder holds
 * score-worker/) or one level up (the repository's dist/score-worker). */
function bundledWorkerEntry(bundleDir) {
    return [
        external_node_path_default().join(bundleDir, 'score-worker', 'index.js'),
        external_node_path_default().join(bundleDir, '..', 'score-worker', 'index.js'),
    ].find((f) => (0,external_node_fs_.existsSync)(f));
}
/** Where the worker's entry is: from source (.ts) score-worker.ts, loaded through tsx; in a bundle
 * (every module of dist/<entry>/ lives in that folder, in index.js or one of its `<id>.index.js`
 * chunks) the separately bundled dist/score-worker. Undefined when it cannot be found: callers then score in-thread. */
function workerEntry() {
    const here = (0,external_node_url_.fileURLToPath)(import.meta.url);
    if (here.endsWith('.ts'))
        return { file: external_node_path_default().join(external_node_path_default().dirname(here), 'score-worker.ts'), fromSource: true };
    const file = bundledWorkerEntry(external_node_path_default().dirname(here));
    return file === undefined ? undefined : { file, fromSource: false };
}
function spawn(init) {
    const entry = workerEntry();
    if (!entry || !(0,external_node_fs_.existsSync)(entry.file))
        return undefined;
    if (!entry.fromSource)
        return new external_node_worker_threads_.Worker(entry.file, { workerData: init });
    // --import in a worker's execArgv does not apply to its entry module, so register tsx first and
    // import the TypeScript entry through it.
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const href = (0,external_node_url_.pathToFileURL)(entry.file).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(href)}); })`;
    return new external_node_worker_threads_.Worker(boot, { eval: true, workerData: init });
}
/** Images a worker holds at once: one in the model while the next decodes. More would only
 * hold more decoded images in memory. */
const IN_FLIGHT_PER_WORKER = 2;
/** A fixed set of scoring workers; `score` queues an image and the least busy worker with room
 * takes it. */
class ScoringPool {
    slots;
    nextId = 0;
    queue = [];
    pending = new Map();
    constructor(slots) {
        this.slots = slots;
        for (const slot of slots) {
            slot.worker.on('message', (m) => this.onReply(slot, m));
            slot.worker.on('error', (e) => this.fail(slot, new PoolWorkerError(`scoring worker failed: ${e.message}`, { cause: e })));
            slot.worker.on('exit', (code) => this.fail(slot, new PoolWorkerError(`scoring worker exited (code ${code})`)));
            slot.worker.unref();
        }
    }
    /** Starts `size` workers, or returns undefined when no worker entry exists here (a bundle
     * without dist/score-worker). */
    static start(size, init) {
        const slots = [];
        for (let i = 0; i < size; i++) {
            const worker = spawn(init);
            if (!worker)
                break;
            slots.push({ worker, busy: 0 });
        }
        return slots.length > 0 ? new ScoringPool(slots) : undefined;
    }
    get size() {
        return this.slots.length;
    }
    /** Scores `bytes` on a worker. The worker gets its own copy (transferred, not cloned again);
     * the caller keeps its buffer. */
    score(bytes, params, resource) {
        return new Promise((resolve, reject) => {
            this.queue.push({ job: { bytes: new Uint8Array(bytes), params, resource }, resolve, reject });
            this.pump();
        });
    }
    pump() {
        for (;;) {
            const live = this.slots.filter((s) => !s.dead);
            if (live.length === 0) {
                const why = this.slots[0]?.dead ?? new PoolWorkerError('no scoring worker is running');
                for (const q of this.queue.splice(0))
                    q.reject(why);
                return;
            }
            const slot = live.reduce((a, b) => (b.busy < a.busy ? b : a));
            if (slot.busy >= IN_FLIGHT_PER_WORKER)
                return;
            const next = this.queue.shift();
            if (!next)
                return;
            const id = this.nextId++;
            this.pending.set(id, { ...next, slot });
            slot.busy++;
            // Busy workers keep the process alive; idle ones must not.
            slot.worker.ref();
            const job = { id, ...next.job };
            slot.worker.postMessage(job, [job.bytes.buffer]);
        }
    }
    onReply(slot, m) {
        if (!m.ok && m.id === OPEN_FAILED) {
            // The worker could not open its scorer (model or native module): nothing it gets can work.
            const cause = deserializeError(m.error);
            this.fail(slot, new PoolWorkerError(`scoring worker could not open the model: ${cause.message}`, { cause }));
            return;
        }
        const p = this.pending.get(m.id);
        if (!p)
            return;
        this.pending.delete(m.id);
        slot.busy--;
        if (slot.busy === 0)
            slot.worker.unref();
        if (m.ok)
            p.resolve(m.value);
        else
            p.reject(deserializeError(m.error));
        this.pump();
    }
    fail(slot, e) {
        slot.dead ??= e;
        for (const [id, p] of this.pending) {
            if (p.slot !== slot)
                continue;
            this.pending.delete(id);
            p.reject(e);
        }
        slot.busy = 0;
        slot.worker.unref();
        this.pump();
    }
    async close() {
        await Promise.all(this.slots.map((s) => s.worker.terminate()));
    }
}

;// CONCATENATED MODULE: ./shared/scoring/preprocess.ts

function planPlacement(srcW, srcH, input, pre) {
    const { width: W, height: H } = input;
    const { resize } = pre;
    if (resize.mode === 'stretch') {
        return { scaleX: W / srcW, scaleY: H / srcH, offsetX: 0, offsetY: 0, scaledWidth: W, scaledHeight: H };
    }
    let r = Math.min(W / srcW, H / srcH);
    if (!resize.upscale)
        r = Math.min(r, 1);
    const round = resize.sizeRounding === 'floor' ? Math.floor : Math.round;
    const sw = Math.min(W, Math.max(1, round(srcW * r)));
    const sh = Math.min(H, Math.max(1, round(srcH * r)));
    if (resize.align === 'top-left') {
        return { scaleX: r, scaleY: r, offsetX: 0, offsetY: 0, scaledWidth: sw, scaledHeight: sh };
    }
    if (resize.geometry === 'warp') {
        // The warp centres the exact (fractional) scaled image, as x' = r*(x - w/2) + W/2.
        return {
            scaleX: r,
            scaleY: r,
            offsetX: W / 2 - (r * srcW) / 2,
            offsetY: H / 2 - (r * srcH) / 2,
            scaledWidth: sw,
            scaledHeight: sh,
        };
    }
    return {
        scaleX: r,
        scaleY: r,
        offsetX: Math.floor((W - sw) / 2),
        offsetY: Math.floor((H - sh) / 2),
        scaledWidth: sw,
        scaledHeight: sh,
    };
}
/** Maps a box from model-input pixels back to original pixels, clipped to the image. */
function toOriginal(b, p, width, height) {
    const clip = (v, max) => (v < 0 ? 0 : Math.min(v, max));
    return {
        ...b,
        x1: clip((b.x1 - p.offsetX) / p.scaleX, width),
        y1: clip((b.y1 - p.offsetY) / p.scaleY, height),
        x2: clip((b.x2 - p.offsetX) / p.scaleX, width),
        y2: clip((b.y2 - p.offsetY) / p.scaleY, height),
    };
}
/** Resizes with a pure-JS kernel. Returns the image to pack: the scaled image (resize geometry) or
 * the whole input canvas (warp geometry, which draws its own border). */
function preprocess_resizeForInput(img, placement, input, pre) {
    const { resize } = pre;
    if (resize.geometry === 'warp') {
        return warpOpenCvBilinear(img, input.width, input.height, placement.scaleX, placement.offsetX, placement.offsetY, resize.padValue);
    }
    if (resize.kernel === 'pil-bilinear')
        return resizePilBilinear(img, placement.scaledWidth, placement.scaledHeight);
    return resizeOpenCvBilinear(img, placement.scaledWidth, placement.scaledHeight);
}
/** Per tensor channel, a 256-entry table from raw byte to normalized value. */
function channelTables(_input, pre) {
    const { scale, mean, std } = pre.normalize;
    return [0, 1, 2].map((c) => {
        const t = new Float32Array(256);
        for (let v = 0; v < 256; v++)
            t[v] = (v * scale - mean[c]) / std[c];
        return t;
    });
}
/** Source RGB channel feeding each tensor channel. */
function sourceChannels(input) {
    return input.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
}
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** IEEE half from float, round to nearest even. */
function toHalf(v) {
    f32[0] = v;
    const x = u32[0];
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff)
        return sign | 0x7c00 | (mant ? 0x200 : 0);
    const e = exp - 127 + 15;
    if (e >= 0x1f)
        return sign | 0x7c00;
    if (e <= 0) {
        if (e < -10)
            return sign;
        mant |= 0x800000;
        const shift = 14 - e;
        let h = mant >> shift;
        const rem = mant & ((1 << shift) - 1);
        const half = 1 << (shift - 1);
        if (rem > half || (rem === half && h & 1))
            h++;
        return sign | h;
    }
    let h = (e << 10) | (mant >> 13);
    const rem = mant & 0x1fff;
    // A carry out of the mantissa correctly bumps the exponent.
    if (rem > 0x1000 || (rem === 0x1000 && h & 1))
        h++;
    return sign | h;
}
/** Normalizes the image's pixels through the per-channel tables into the tensor at (ox, oy). */
function packPixels(d, stride, iw, ih, out, nchw, W, plane, ox, oy, tables, src) {
    const [t0, t1, t2] = tables;
    const [c0, c1, c2] = src;
    for (let y = 0; y < ih; y++) {
        let s = y * stride;
        if (nchw) {
            let o = (y + oy) * W + ox;
            const o1 = plane;
            const o2 = 2 * plane;
            for (let x = 0; x < iw; x++, s += 3, o++) {
                out[o] = t0[d[s + c0]];
                out[o + o1] = t1[d[s + c1]];
                out[o + o2] = t2[d[s + c2]];
            }
        }
        else {
            let o = ((y + oy) * W + ox) * 3;
            for (let x = 0; x < iw; x++, s += 3, o += 3) {
                out[o] = t0[d[s + c0]];
                out[o + 1] = t1[d[s + c1]];
                out[o + 2] = t2[d[s + c2]];
            }
        }
    }
}
/** The float32 buffer a tensor is packed into, with the pad around the image already filled:
 * where the image lands (ox, oy) and how much of an iw x ih image fits. `reuse`, a spent tensor of
 * the right size, is overwritten instead of allocating (a fresh megabyte per image costs page
 * faults and garbage collections); every element is written, so it needs no clearing. */
function startTensor(imgW, imgH, placement, input, pre, reuse) {
    const { width: W, height: H } = input;
    const plane = W * H;
    const tables = channelTables(input, pre);
    const src = sourceChannels(input);
    const out = reuse?.length === plane * 3 ? reuse : new Float32Array(plane * 3);
    const nchw = input.layout === 'NCHW';
    const warp = pre.resize.geometry === 'warp';
    const ox = warp ? 0 : Math.round(placement.offsetX);
    const oy = warp ? 0 : Math.round(placement.offsetY);
    const iw = Math.min(imgW, W - ox);
    const ih = Math.min(imgH, H - oy);
    if (ox > 0 || oy > 0 || iw < W || ih < H) {
        for (let c = 0; c < 3; c++) {
            const t = tables[c];
            const pad = t[pre.resize.padValue[src[c]]];
            if (nchw)
                out.fill(pad, c * plane, (c + 1) * plane);
            else
                for (let i = c; i < out.length; i += 3)
                    out[i] = pad;
        }
    }
    return { out, plane, tables, src, nchw, ox, oy, iw, ih };
}
/** Resizes a decoded region for the input with the card's JS kernel and packs it. Where OpenCV's
 * bilinear downscale goes into a float32 NCHW tensor (a large image or tile into a small input, the
 * common case) the resized pixels are written straight into the tensor in the same pass. */
function resizeAndPack(region, placement, input, pre, reuse) {
    const { scaledWidth: w, scaledHeight: h } = placement;
    if (pre.resize.kernel === 'opencv-bilinear' &&
        pre.resize.geometry !== 'warp' &&
        input.layout === 'NCHW' &&
        input.dtype === 'float32' &&
        cvDownscalesInOnePass(region.width, region.height, w, h)) {
        const t = startTensor(w, h, placement, input, pre, reuse);
        const planes = [0, 0, 0];
        const tables = [t.tables[0], t.tables[1], t.tables[2]];
        for (let c = 0; c < 3; c++) {
            planes[t.src[c]] = c * t.plane;
            tables[t.src[c]] = t.tables[c];
        }
        resizeOpenCvBilinearToPlanes(region, w, h, {
            out: t.out,
            rowLength: input.width,
            offsetX: t.ox,
            offsetY: t.oy,
            width: t.iw,
            height: t.ih,
            planes: planes,
            tables: tables,
        });
        return t.out;
    }
    return packTensor(preprocess_resizeForInput(region, placement, input, pre), placement, input, pre, reuse);
}
/** Packs `img` (placed at the placement's offset; the rest is pad) into the input tensor layout. */
function packTensor(img, placement, input, pre, reuse) {
    const { out, plane, tables, src, nchw, ox, oy, iw, ih } = startTensor(img.width, img.height, placement, input, pre, reuse);
    // One pass over the pixels for all three channels: ~20% cheaper than a strided pass per channel.
    packPixels(img.data, rowStride(img), iw, ih, out, nchw, input.width, plane, ox, oy, tables, src);
    if (input.dtype === 'float32')
        return out;
    if (input.dtype === 'float16') {
        const h = new Uint16Array(out.length);
        for (let i = 0; i < out.length; i++)
            h[i] = toHalf(out[i]);
        return h;
    }
    const u = new Uint8Array(out.length);
    for (let i = 0; i < out.length; i++)
        u[i] = Math.max(0, Math.min(255, Math.round(out[i])));
    return u;
}

;// CONCATENATED MODULE: ./shared/scoring/tiling.ts
// AutoML's small-object tiling: the image is cut into a cols x rows grid of equal tiles that
// overlap by `overlapRatio` of a tile per axis and together cover the image. Each tile and the
// whole image are scored; their boxes are merged (see scorer.ts). The tile maths follows AutoML's
// get_tiles, including its float32 arithmetic and round-half-to-even, so tile edges land on the
// same pixels as an AutoML endpoint's.
function tiling_roundHalfEven(v) {
    const r = Math.round(v);
    return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
/** Tile size s solves s * (overlap + (1 - overlap) * n) = size; starts step by (1 - overlap) * s.
 * Tiles are listed column by column (AutoML's order), each clipped to the image. */
function tileGrid(imageWidth, imageHeight, grid, overlapRatio) {
    const axis = (size, n) => {
        const tile = size / (overlapRatio + (1 - overlapRatio) * n);
        const step = (1 - overlapRatio) * tile;
        const tile32 = Math.fround(tile);
        const out = [];
        for (let i = 0; i < n; i++) {
            const start32 = Math.fround(i * step);
            const start = tiling_roundHalfEven(start32);
            const end = Math.min(size, tiling_roundHalfEven(Math.fround(start32 + tile32)));
            out.push([start, Math.max(1, end - start)]);
        }
        return out;
    };
    const xs = axis(imageWidth, grid.cols);
    const ys = axis(imageHeight, grid.rows);
    const tiles = [];
    for (const [left, width] of xs)
        for (const [top, height] of ys)
            tiles.push({ left, top, width, height });
    return tiles;
}

;// CONCATENATED MODULE: ./shared/scoring/prepare.ts




/** Decode, orient and tile, handing each view to `each` in turn (so what `each` resizes or packs
 * is still in cache) and waiting for it before cutting the next: what a view needs is held only
 * while `each` uses it, so a tiled image costs one tile at a time, not one tensor per tile. */
async function forEachView(bytes, card, params, maxPixels, resource, each) {
    const { input, preprocess } = card;
    const decode = {
        alphaBackground: preprocess.alphaBackground,
        maxPixels,
        ...(resource === undefined ? {} : { resource }),
    };
    if (preprocess.resize.kernel === 'sharp' && params.tileGridSize === undefined) {
        // One libvips pipeline from the compressed bytes: JPEG shrink-on-load makes this the fast path.
        const { pipeline, info } = await openImage(bytes, decode);
        const placement = planPlacement(info.width, info.height, input, preprocess);
        pipeline.resize(placement.scaledWidth, placement.scaledHeight, { fit: 'fill' });
        const region = await toRgb(pipeline, resource);
        const tile = { left: 0, top: 0, width: info.width, height: info.height };
        return {
            width: info.width,
            height: info.height,
            views: [await each({ region, resized: true, placement, tile })],
        };
    }
    const rgb = await decodeImage(bytes, decode);
    const tiles = [{ left: 0, top: 0, width: rgb.width, height: rgb.height }];
    if (params.tileGridSize !== undefined) {
        for (const t of tileGrid(rgb.width, rgb.height, params.tileGridSize, params.tileOverlapRatio))
            tiles.push(t);
    }
    const views = [];
    for (const [i, tile] of tiles.entries()) {
        const region = i === 0 ? rgb : cropRgb(rgb, tile.left, tile.top, tile.width, tile.height);
        const placement = planPlacement(region.width, region.height, input, preprocess);
        views.push(preprocess.resize.kernel === 'sharp'
            ? await each({
                region: await resizeWithSharp(region, placement.scaledWidth, placement.scaledHeight),
                resized: true,
                placement,
                tile,
            })
            : await each({ region, resized: false, placement, tile }));
    }
    return { width: rgb.width, height: rgb.height, views };
}
/** Decode, orient, tile and resize with the card's kernel, handing each view to `each` as soon as
 * it is resized. */
function resizeViews(bytes, card, params, maxPixels, resource, each) {
    return forEachView(bytes, card, params, maxPixels, resource, ({ region, resized, placement, tile }) => each({
        image: resized ? region : resizeForInput(region, placement, card.input, card.preprocess),
        placement,
        tile,
    }));
}
/** Each view resized and packed into an input tensor, handed to `each` and awaited before the
 * next is cut: a caller that runs the model inside `each` holds one tile's tensor at a time. */
function forEachPreparedView(bytes, card, params, maxPixels, resource, recycled, each) {
    const { input, preprocess } = card;
    return forEachView(bytes, card, params, maxPixels, resource, ({ region, resized, placement, tile }) => each({
        data: resized
            ? packTensor(region, placement, input, preprocess, recycled?.())
            : resizeAndPack(region, placement, input, preprocess, recycled?.()),
        placement,
        tile,
    }));
}
/** Everything before the model: each view resized and packed into an input tensor (in one pass
 * where the kernel allows, see resizeAndPack), all views at once. */
function prepareImage(bytes, card, params, maxPixels, resource, recycled) {
    return forEachPreparedView(bytes, card, params, maxPixels, resource, recycled, (view) => Promise.resolve(view));
}

// EXTERNAL MODULE: ./shared/scoring/session.ts
var scoring_session = __webpack_require__(13504);
;// CONCATENATED MODULE: ./shared/scoring/scorer.ts
// The local ONNX detection scorer: image bytes in, detections in original-image pixels out, with
// AutoML's inference parameters (thresholds, NMS, detection cap, tiling). Configured by the model
// card alone. The batch API scores whole images side by side in worker threads (pool.ts).











/** More workers than this rarely pays: each holds its own session (memory) and sharp's decodes
 * share libuv's four threads. */
const MAX_DEFAULT_WORKERS = 4;
/** Enough for a tiled image's views plus the next image being prepared. */
const MAX_SPARE_TENSORS = 8;
class DetectionScorer {
    modelPath;
    card;
    session;
    inputName;
    ort;
    maxPixels;
    workers;
    runChain = Promise.resolve();
    outputNames = new Map();
    /** Spent input tensors, overwritten by the next images this scorer prepares itself. */
    spare = [];
    /** Workers of the batch API, started on the first batch; null when none can start here. */
    pool;
    constructor(modelPath, card, session, inputName, ort, maxPixels, workers) {
        this.modelPath = modelPath;
        this.card = card;
        this.session = session;
        this.inputName = inputName;
        this.ort = ort;
        this.maxPixels = maxPixels;
        this.workers = workers;
    }
    /** Loads (or reuses) the session and checks the model against its card. */
    static async open(modelPath, card, options = {}) {
        const session = await (0,scoring_session/* getSession */.Ht)(modelPath, {
            intraOpThreads: options.intraOpThreads ?? card.runtime.intraOpThreads,
            interOpThreads: options.interOpThreads ?? card.runtime.interOpThreads,
        });
        const inputName = (0,scoring_session/* checkSessionAgainstCard */.MG)(session, card, modelPath);
        return new DetectionScorer(modelPath, card, session, inputName, await (0,load/* loadOnnxRuntime */.a)(), options.maxPixels ?? DEFAULT_MAX_PIXELS, options.workers ?? Math.min(external_node_os_default().availableParallelism(), MAX_DEFAULT_WORKERS));
    }
    /** The card's inference parameters with overrides applied (validated); `origin` names the input
     * they were read from (see overrideInference). */
    params(overrides = {}, origin) {
        return (0,scoring_card/* overrideInference */.gL)(this.card.inference, overrides, origin);
    }
    /** Decode, orient, resize and pack: everything before the model. */
    prepare(bytes, params, resource) {
        return prepareImage(bytes, this.card, params, this.maxPixels, resource);
    }
    /** Runs the model on one prepared tensor; runs are serialised so thread settings hold. */
    async run(data) {
        const tensor = new this.ort.Tensor(this.card.input.dtype, data, this.card.input.shape);
        const job = this.runChain.then(() => this.session.run({ [this.inputName]: tensor }));
        this.runChain = job.catch(() => undefined);
        try {
            return (await job);
        }
        catch (e) {
            throw new scoring_card/* ModelCardMismatchError */.A_(`the model rejected the input the card describes: ${e.message.split('\n')[0]}`, this.modelPath);
        }
    }
    outputName(ref, what) {
        let name = this.outputNames.get(ref);
        if (name === undefined) {
            name = (0,scoring_session/* resolveOutputName */.Rc)(this.session, ref, what);
            this.outputNames.set(ref, name);
        }
        return name;
    }
    /** Candidates of one view, in model-input pixels, after the per-view threshold and NMS. */
    decodeView(outputs, params) {
        const { card } = this;
        let candidates;
        try {
            candidates = decodeOutputs(card.output, {
                inputWidth: card.input.width,
                inputHeight: card.input.height,
                scoreThreshold: params.boxScoreThresh,
                get: (ref) => {
                    const t = outputs[this.outputName(ref, String(ref))];
                    if (!t)
                        throw new scoring_card/* ModelCardMismatchError */.A_(`model produced no output for card ref '${ref}'`, this.modelPath);
                    return t;
                },
            });
        }
        catch (e) {
            if (e instanceof errors/* RolloutError */.a6)
                throw e;
            throw new scoring_card/* ModelCardMismatchError */.A_(`cannot decode the model outputs with the card: ${e.message}`, this.modelPath);
        }
        const kept = candidates.filter((c) => c.classId >= 0);
        if (!card.output.applyNms) {
            return kept.sort((a, b) => b.score - a.score).slice(0, params.boxDetectionsPerImg);
        }
        return nonMaxSuppression(kept, {
            iouThreshold: params.nmsIouThresh,
            classAgnostic: card.output.nms === 'class-agnostic',
            plusOne: card.output.nmsPlusOne,
            maxKeep: params.boxDetectionsPerImg,
        });
    }
    /** Model, decoding, NMS, tile merge and mapping back to original pixels. */
    async infer(prepared, params) {
        const outputs = [];
        for (const view of prepared.views)
            outputs.push(await this.run(view.data));
        return this.detect(prepared, outputs, params);
    }
    /** Everything after the model, from each view's outputs: decoding, per-view threshold and NMS,
     * mapping back to original pixels, the tile merge. */
    detect(prepared, outputs, params) {
        const perView = prepared.views.map((view, v) => this.viewCandidates(view, outputs[v], params));
        return this.merge(prepared.width, prepared.height, perView, params);
    }
    /** One view's candidates in original-image pixels. */
    viewCandidates(view, outputs, params) {
        const { tile, placement } = view;
        return this.decodeView(outputs, params).map((c) => {
            const local = toOriginal(c, placement, tile.width, tile.height);
            return {
                ...local,
                x1: local.x1 + tile.left,
                y1: local.y1 + tile.top,
                x2: local.x2 + tile.left,
                y2: local.y2 + tile.top,
            };
        });
    }
    /** The tile merge over every view's candidates, then labels from the card. */
    merge(width, height, perView, params) {
        const group = [];
        const all = [];
        for (const [v, list] of perView.entries()) {
            for (const c of list) {
                if (c.x2 > c.x1 && c.y2 > c.y1) {
                    all.push(c);
                    group.push(v);
                }
            }
        }
        let merged = all;
        if (perView.length > 1) {
            // AutoML's merge: by score, a box removes same-class boxes from *other* views (tiles or the
            // whole image) overlapping it by more than tile_predictions_nms_thresh. Each view was already
            // capped at box_detections_per_img and the merged list is not cut again.
            merged = nonMaxSuppression(all, {
                iouThreshold: params.tilePredictionsNmsThresh,
                classAgnostic: false,
                plusOne: this.card.output.nmsPlusOne,
                groupOf: (i) => group[i],
            });
        }
        else {
            merged.sort((a, b) => b.score - a.score);
            merged = merged.slice(0, params.boxDetectionsPerImg);
        }
        const { classes } = this.card;
        const detections = merged.map((c) => {
            const label = classes[c.classId];
            // A postprocessed graph says its class count only through the labels it emits.
            if (label === undefined)
                throw new scoring_card/* ModelCardMismatchError */.A_(`${this.modelPath} output class id ${c.classId} but the card names ${classes.length} class${classes.length === 1 ? '' : 'es'} (${classes.join(', ')}, ids 0-${classes.length - 1} after label_offset)`, this.modelPath);
            return { x1: c.x1, y1: c.y1, x2: c.x2, y2: c.y2, classId: c.classId, label, score: c.score };
        });
        return { width, height, detections };
    }
    /** Scores one image (bytes of a JPEG/PNG/...). */
    score(bytes, overrides = {}, resource) {
        return this.scoreWith(bytes, this.params(overrides), resource);
    }
    /** Scores one image with validated parameters. Its tensors never leave this call, so they are
     * recycled for the next image (`prepare` and `infer` on their own leave tensors alone). */
    async scoreWith(bytes, params, resource) {
        // View by view: each tile's tensor is run, decoded and recycled before the next tile is cut,
        // so a tiled image holds one tile's tensor and its candidates, whatever the grid.
        const { width, height, views } = await forEachPreparedView(bytes, this.card, params, this.maxPixels, resource, () => this.spare.pop(), async (view) => {
            const candidates = this.viewCandidates(view, await this.run(view.data), params);
            if (view.data instanceof Float32Array && this.spare.length < MAX_SPARE_TENSORS)
                this.spare.push(view.data);
            return candidates;
        });
        return this.merge(width, height, views, params);
    }
    async inferAndRecycle(prepared, params) {
        const result = await this.infer(prepared, params);
        for (const v of prepared.views) {
            if (v.data instanceof Float32Array && this.spare.length < MAX_SPARE_TENSORS)
                this.spare.push(v.data);
        }
        return result;
    }
    /** Scores many images; results come back in input order. With two or more workers the images
     * are scored side by side in worker threads; otherwise (or where no worker can start, e.g. a
     * bundle without its score-worker) in this thread, preparing image i+1 while image i is in the
     * model. A failing image yields its error in place (named by `names[i]`, else `image i`) and
     * the batch goes on. */
    async scoreBatch(images, overrides = {}, names = []) {
        const params = this.params(overrides);
        const name = (i) => names[i] ?? `image ${i}`;
        const settle = (p) => p.then((v) => v, (e) => {
            if (e instanceof errors/* RolloutError */.a6)
                return e;
            throw e;
        });
        if (this.workers > 1 && images.length > 1) {
            this.pool ??=
                ScoringPool.start(this.workers, {
                    modelPath: this.modelPath,
                    card: this.card,
                    maxPixels: this.maxPixels,
                }) ?? null;
        }
        const { pool } = this;
        if (params.tileGridSize !== undefined && !(pool && images.length > 1)) {
            // A tiled image is scored view by view (scoreWith), not prepared whole ahead of time.
            const results = [];
            for (const [i, b] of images.entries())
                results.push(await settle(this.scoreWith(b, params, name(i))));
            return results;
        }
        if (pool && images.length > 1) {
            // A worker that cannot score at all (PoolWorkerError) is not the image's fault: score that
            // image here instead, so a batch never fails where one-by-one scoring would not.
            const one = (b, i) => pool.score(b, params, name(i)).catch((e) => {
                if (e instanceof PoolWorkerError)
                    return this.scoreWith(b, params, name(i));
                throw e;
            });
            return Promise.all(images.map((b, i) => settle(one(b, i))));
        }
        const results = [];
        const prepare = (i) => {
            const p = prepareImage(images[i], this.card, params, this.maxPixels, name(i), () => this.spare.pop());
            p.catch(() => undefined); // awaited below; do not report it as unhandled meanwhile
            return p;
        };
        let next = images.length > 0 ? prepare(0) : undefined;
        for (let i = 0; i < images.length; i++) {
            const cur = next;
            next = i + 1 < images.length ? prepare(i + 1) : undefined;
            results.push(await settle(cur.then((p) => this.inferAndRecycle(p, params))));
        }
        return results;
    }
    /** Stops the batch API's workers, if any were started. */
    async close() {
        const p = this.pool;
        this.pool = undefined;
        if (p)
            await p.close();
    }
    /** Scores sequentially without overlap (the baseline the pipelined batch is measured against). */
    async scoreSequential(images, overrides = {}) {
        const out = [];
        for (const img of images)
            out.push(await this.score(img, overrides));
        return out;
    }
}

// EXTERNAL MODULE: ./shared/gate/coco.ts
var coco = __webpack_require__(95102);
// EXTERNAL MODULE: ./shared/gate/golden.ts
var golden = __webpack_require__(55847);
// EXTERNAL MODULE: ./shared/gate/inputs.ts
var inputs = __webpack_require__(14455);
// EXTERNAL MODULE: ./shared/gate/parity.ts
var parity = __webpack_require__(64687);
;// CONCATENATED MODULE: ./shared/gate/judge.ts

const f = (n) => (n < 0 ? 'n/a' : n.toFixed(4));
function judge(input) {
    const { thresholds: t, judged } = input;
    const checks = [];
    const add = (name, passed, detail) => checks.push({ name, passed, detail });
    const stats = judged.coco.stats;
    // Error budget first: without enough answers nothing else means much.
    const { failed, total } = input.errors;
    const rate = total ? failed / total : 0;
    const budgetOk = (t.errorBudget.maxErrors === undefined || failed <= t.errorBudget.maxErrors) &&
        rate <= t.errorBudget.maxErrorRate;
    if (total > 0) {
        add('error budget', budgetOk, `${failed} of ${total} endpoint requests failed (${(rate * 100).toFixed(1)}%; budget ${t.errorBudget.maxErrors ?? '-'} / ${(t.errorBudget.maxErrorRate * 100).toFixed(1)}%)`);
    }
    // A metric is -1 where the set holds nothing to measure it on: a check that names it fails
    // (it cannot pass by accident); metrics no check names are shown in the report, never judged.
    for (const [name, floor] of Object.entries(t.metrics)) {
        add(`${judged.side} ${name} >= ${floor}`, stats[name] >= 0 && stats[name] >= floor, stats[name] < 0
            ? `${judged.side} ${name} is undefined (nothing in the golden set to measure it on), floor ${floor}`
            : `${judged.side} ${name} is ${f(stats[name])}, floor ${floor}`);
    }
    if (input.baseline) {
        const base = input.baseline.stats;
        for (const [name, drop] of Object.entries(t.baseline)) {
            const floors = [
                drop.absolute === undefined ? Number.NEGATIVE_INFINITY : base[name] - drop.absolute,
                drop.relative === undefined ? Number.NEGATIVE_INFINITY : base[name] * (1 - drop.relative),
            ];
            const floor = Math.max(...floors);
            const undefinedSide = stats[name] < 0 ? judged.side : base[name] < 0 ? 'baseline' : undefined;
            add(`${name} vs baseline`, undefinedSide === undefined && stats[name] >= floor - 1e-12, undefinedSide === undefined
                ? `${judged.side} ${name} ${f(stats[name])} vs baseline ${f(base[name])} (lowest allowed ${f(floor)})`
                : `${name} vs baseline: ${undefinedSide} ${name} is undefined (nothing in the golden set to measure it on)`);
        }
        if (t.classAp50Drop !== undefined) {
            for (const cls of judged.coco.perClass) {
                const b = input.baseline.perClass.find((c) => c.categoryId === cls.categoryId);
                if (!b || b.ap50 < 0)
                    continue;
                add(`class ${cls.name} AP50 vs baseline`, cls.ap50 >= b.ap50 - t.classAp50Drop - 1e-12, `class '${cls.name}': AP50 ${f(cls.ap50)} vs baseline ${f(b.ap50)} (largest drop allowed ${t.classAp50Drop})`);
            }
        }
    }
    for (const cls of judged.coco.perClass) {
        const named = t.classRecall[cls.name];
        if (named !== undefined && cls.recall < 0) {
            add(`class ${cls.name} recall >= ${named}`, false, `class '${cls.name}': recall is undefined (no ground truth of this class in the golden set), floor ${named}`);
            continue;
        }
        // `*` covers the classes the set can measure; one without ground truth is shown, not judged.
        const floor = named ?? t.classRecall['*'];
        if (floor === undefined || cls.recall < 0)
            continue;
        add(`class ${cls.name} recall >= ${floor}`, cls.recall >= floor, `class '${cls.name}': recall ${f(cls.recall)}, floor ${floor}`);
    }
    const classes = new Set(judged.coco.perClass.map((c) => c.name));
    for (const [name, floor] of Object.entries(t.classRecall)) {
        if (name === '*' || classes.has(name))
            continue;
        add(`class ${name} recall >= ${floor}`, false, `class '${name}' (class_recall) is not a category of the golden set (${[...classes].join(', ')})`);
    }
    for (const miss of input.missedMustDetect) {
        add(`must detect in ${miss.image}`, false, `${miss.image}: missed ${miss.classes.join(', ')}`);
    }
    if (input.parity) {
        const tol = { iou: t.parity.iou, scoreDelta: t.parity.scoreDelta, scoreThreshold: 0 };
        const broken = input.parity.filter((p) => !(0,parity/* parityHolds */.u)(p, tol));
        const allowed = Math.floor(t.parity.maxImageRate * input.parity.length);
        const allowance = allowed > 0 ? ` (${allowed} allowed: max_image_rate ${t.parity.maxImageRate})` : '';
        add('parity per image', broken.length <= allowed, broken.length === 0
            ? `all ${input.parity.length} images agree (same class, IoU >= ${t.parity.iou}, |score diff| <= ${t.parity.scoreDelta})`
            : `${broken.length} of ${input.parity.length} images disagree between local and endpoint${allowance} (e.g. image ${broken[0]?.imageId}: ${broken[0]?.localOnly} local-only, ${broken[0]?.endpointOnly} endpoint-only, max |score diff| ${f(broken[0]?.maxScoreDelta ?? 0)})`);
        const d = Math.abs(input.local.stats.AP50 - stats.AP50);
        add('parity AP50', d <= t.parity.ap50Delta, `|local AP50 - endpoint AP50| = ${f(d)} (tolerance ${t.parity.ap50Delta})`);
    }
    const failedChecks = checks.filter((c) => !c.passed);
    // A run cut short measured a subset the user did not choose: never a pass, never a fail.
    const deadline = input.errors.deadline;
    if (deadline && deadline.unscored > 0) {
        add('endpoint deadline', false, `the endpoint phase passed its deadline of ${deadline.seconds} s (input 'endpoint-deadline'): ${deadline.unscored} of ${total} images not scored`);
        return {
            verdict: 'inconclusive',
            reasons: [
                `endpoint deadline reached: ${deadline.unscored} of ${total} images not scored within ${deadline.seconds} s (raise 'endpoint-deadline' or check the endpoint's latency)`,
            ],
            checks,
        };
    }
    if (total > 0 && !budgetOk) {
        return {
            verdict: 'inconclusive',
            reasons: [`too many endpoint errors: ${checks.find((c) => c.name === 'error budget')?.detail}`],
            checks,
        };
    }
    return {
        verdict: failedChecks.length ? 'fail' : 'pass',
        reasons: failedChecks.map((c) => c.detail),
        checks,
    };
}

;// CONCATENATED MODULE: ./shared/gate/run.ts
// A gate run in two halves. `collect` scores the golden images (local scorer, baseline, endpoint)
// and keeps the raw results; `conclude` evaluates, judges and writes the reports. A sharded run
// collects a slice; `mergeShards` concatenates the slices' raw results and concludes once, so the
// merged verdict is exactly the unsharded one.












async function runLocal(modelPath, card, images, golden, params) {
    const scorer = await DetectionScorer.open(modelPath, card);
    try {
        const bytes = await Promise.all(images.map((i) => (0,promises_.readFile)(i.file)));
        const results = await scorer.scoreBatch(bytes, params);
        const detections = [];
        results.forEach((r, i) => {
            const image = images[i];
            if (r instanceof errors/* RolloutError */.a6) {
                throw new errors/* RolloutError */.a6('GoldenImageUnreadable', `local scorer failed on ${image.fileName}: ${r.message}`, { resource: image.file });
            }
            for (const d of toCoco(r, image.id, golden.categoryByName)) {
                detections.push({ image_id: image.id, category_id: d.category_id, bbox: d.bbox, score: d.score });
            }
        });
        return { detections, scoreThreshold: scorer.params(params).boxScoreThresh };
    }
    finally {
        await scorer.close();
    }
}
/** The endpoint side of a run: every image through `scoreImage`, `run.concurrency` in flight,
 * all within `run.deadlineSeconds`: when it passes, requests in flight are abandoned and the
 * images left are failures (EndpointDeadlineReached), so a hanging endpoint costs the deadline,
 * not the retries of every image. `signal` (the job's cancellation) still throws. */
async function runEndpoint(run, images, golden, signal, log) {
    const detections = [];
    const failures = [];
    const seconds = run.deadlineSeconds ?? inputs/* DEFAULT_ENDPOINT_DEADLINE_SECONDS */.DF;
    const deadline = AbortSignal.timeout(seconds * 1000);
    const phase = signal ? AbortSignal.any([signal, deadline]) : deadline;
    let unscored = 0;
    // What the endpoint said is quoted in excerpts only, masked before they are cut.
    const mask = (0,client/* answerMask */.by)(run.target);
    const quote = (text) => `'${(0,secrets/* excerpt */.Kb)(text, mask, { max: 100 })}'`;
    let done = 0;
    await mapLimit(images, run.concurrency, async (image) => {
        try {
            if (deadline.aborted)
                throw deadlineError();
            const outcome = await (0,client/* scoreImage */.e$)(run.target, await (0,promises_.readFile)(image.file), image, phase);
            // Where the endpoint says who answered, it must be the deployment we asked for.
            if (run.target.deployment && outcome.answeredBy && outcome.answeredBy !== run.target.deployment) {
                throw new errors/* RolloutError */.a6('WrongDeployment', `answered by deployment ${quote(outcome.answeredBy)}, not '${run.target.deployment}'`);
            }
            for (const d of outcome.detections) {
                const category = golden.categoryByName.get(d.label);
                if (category === undefined)
                    throw new errors/* RolloutError */.a6('UnknownLabel', `label ${quote(d.label)} is not a golden-set category`);
                detections.push({
                    image_id: image.id,
                    category_id: category,
                    bbox: [d.x1, d.y1, d.x2 - d.x1, d.y2 - d.y1],
                    score: d.score,
                });
            }
        }
        catch (caught) {
            if (signal?.aborted)
                throw caught;
            let e = caught;
            if (deadline.aborted && !(e instanceof errors/* RolloutError */.a6))
                e = deadlineError();
            if (!(e instanceof errors/* RolloutError */.a6))
                throw e;
            if (e.code === 'EndpointDeadlineReached')
                unscored++;
            failures.push({
                imageId: image.id,
                code: e.code,
                message: `${image.fileName}: ${e.code}: ${e.message}`,
            });
        }
        if (++done % 8 === 0 || done === images.length)
            log(`endpoint: ${done}/${images.length} images`);
    });
    if (!unscored)
        return { detections, failures };
    log(`endpoint: the ${seconds} s deadline passed; ${unscored} image(s) not scored`);
    return { detections, failures, deadline: { seconds, unscored } };
    function deadlineError() {
        return new client/* EndpointError */.cY(`not scored: the endpoint phase's deadline of ${seconds} s passed (input 'endpoint-deadline')`, undefined, 0, 'EndpointDeadlineReached');
    }
}
async function loadPredictions(file, imageIds) {
    let doc;
    try {
        doc = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
    }
    catch (e) {
        throw new errors/* RolloutError */.a6('InvalidInput', `input 'baseline': ${file} is not a COCO results JSON (${e.message})`, { resource: 'baseline' });
    }
    const list = Array.isArray(doc) ? doc : (doc.results ?? []);
    return list.filter((d) => imageIds.has(d.image_id));
}
async function collect(o) {
    const images = (0,golden/* shardImages */.Fc)(o.golden.images, o.shard);
    const imageIds = images.map((i) => i.id);
    const ids = new Set(imageIds);
    o.log(`golden set: ${images.length} images${o.shard ? ` (shard ${o.shard.index}/${o.shard.count})` : ''}`);
    const local = await runLocal(o.model, o.card, images, o.golden, o.params);
    o.log(`local scorer: ${local.detections.length} detections`);
    let baseline;
    if (o.baselineModel)
        baseline = (await runLocal(o.baselineModel, o.card, images, o.golden, o.params)).detections;
    else if (o.baselinePredictions)
        baseline = await loadPredictions(o.baselinePredictions, ids);
    const data = {
        imageIds,
        scoreThreshold: local.scoreThreshold,
        local: local.detections,
        baseline,
        errors: { failed: 0, total: 0, failures: [] },
        missedMustDetect: [],
    };
    if (o.endpoint) {
        const ep = await runEndpoint(o.endpoint, images, o.golden, o.signal, o.log);
        data.endpoint = ep.detections;
        data.errors = {
            failed: ep.failures.length,
            total: images.length,
            failures: ep.failures,
            ...(ep.deadline ? { deadline: ep.deadline } : {}),
        };
        const failed = new Set(ep.failures.map((f) => f.imageId));
        const tolerance = {
            iou: o.thresholds.parity.iou,
            scoreDelta: o.thresholds.parity.scoreDelta,
            scoreThreshold: local.scoreThreshold,
        };
        data.parity = images
            .filter((i) => !failed.has(i.id))
            .map((i) => (0,parity/* imageParity */.X)(i.id, local.detections.filter((d) => d.image_id === i.id), ep.detections.filter((d) => d.image_id === i.id), tolerance));
    }
    const judged = data.endpoint ?? data.local;
    for (const image of images) {
        const expected = o.golden.mustDetect.get(image.fileName);
        if (!expected)
            continue;
        const found = new Set(judged.filter((d) => d.image_id === image.id).map((d) => d.category_id));
        const missed = expected.filter((name) => !found.has(o.golden.categoryByName.get(name) ?? -1));
        if (missed.length)
            data.missedMustDetect.push({ image: image.fileName, classes: missed });
    }
    return data;
}
function concludeRun(golden, data, thresholds) {
    const options = { imageIds: data.imageIds };
    const local = (0,coco/* evaluateCoco */.km)(golden.gt, data.local, options);
    const endpoint = data.endpoint ? (0,coco/* evaluateCoco */.km)(golden.gt, data.endpoint, options) : undefined;
    const baseline = data.baseline ? (0,coco/* evaluateCoco */.km)(golden.gt, data.baseline, options) : undefined;
    const judgement = judge({
        judged: endpoint ? { side: 'endpoint', coco: endpoint } : { side: 'local', coco: local },
        local,
        baseline,
        parity: data.parity,
        errors: data.errors,
        missedMustDetect: data.missedMustDetect,
        thresholds,
    });
    return { local, endpoint, baseline, judgement };
}
/** Concatenates shard results; their image sets must be disjoint. */
function mergeRunData(parts) {
    const seen = new Set();
    for (const p of parts) {
        for (const id of p.imageIds) {
            if (seen.has(id))
                throw new RolloutError('ShardOverlap', `image ${id} appears in more than one shard`);
            seen.add(id);
        }
    }
    const all = (pick) => parts.every((p) => pick(p) !== undefined) ? parts.flatMap((p) => pick(p) ?? []) : undefined;
    return {
        imageIds: [...seen].sort((a, b) => a - b),
        scoreThreshold: parts[0]?.scoreThreshold ?? 0,
        local: parts.flatMap((p) => p.local),
        baseline: all((p) => p.baseline),
        endpoint: all((p) => p.endpoint),
        // Per-image lists in image order, as an unsharded run writes them (shards interleave images).
        parity: all((p) => p.parity)?.sort((a, b) => a.imageId - b.imageId),
        errors: {
            failed: parts.reduce((s, p) => s + p.errors.failed, 0),
            total: parts.reduce((s, p) => s + p.errors.total, 0),
            failures: parts.flatMap((p) => p.errors.failures).sort((a, b) => a.imageId - b.imageId),
            ...mergedDeadline(parts),
        },
        missedMustDetect: parts.flatMap((p) => p.missedMustDetect),
    };
}
/** A merged run passed its deadline if any shard did: the images none of them scored, summed. */
function mergedDeadline(parts) {
    const reached = parts.flatMap((p) => (p.errors.deadline ? [p.errors.deadline] : []));
    if (!reached.length)
        return {};
    return {
        deadline: {
            seconds: Math.max(...reached.map((d) => d.seconds)),
            unscored: reached.reduce((s, d) => s + d.unscored, 0),
        },
    };
}


/***/ }),

/***/ 9734:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J: () => (/* binding */ finishGate),
  runGateStep: () => (/* binding */ runGateStep)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./shared/azure/endpoints.ts
var endpoints = __webpack_require__(31384);
// EXTERNAL MODULE: ./shared/azure/inputs.ts + 1 modules
var azure_inputs = __webpack_require__(57897);
// EXTERNAL MODULE: ./shared/azure/workspace.ts + 1 modules
var workspace = __webpack_require__(5779);
// EXTERNAL MODULE: ./shared/endpoint/client.ts
var client = __webpack_require__(95559);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./shared/files/report-folder.ts
// The one way the suite writes a file for people (the gate's JSON, JUnit XML, Markdown and HTML
// reports, and whatever report a step adds): every text and every string of a JSON document goes
// through the run's masker (the host's `mask`, shared/secrets.ts) on its way to disk. A writer
// cannot forget a field: there is no other way in. Only node built-ins.


class ReportFolder {
    dir;
    mask;
    constructor(
    /** Absolute. */
    dir, mask) {
        this.dir = dir;
        this.mask = mask;
    }
    /** Where `name` is written. */
    file(name) {
        return external_node_path_default().join(this.dir, name);
    }
    /** Writes `text`, masked; returns the file's path. */
    writeText(name, text) {
        return this.write(name, this.mask(text));
    }
    /** Writes `value` as JSON with every string in it (keys too) masked, so the file stays valid
     * JSON whatever a secret contains; `indent` as JSON.stringify takes it. */
    writeJson(name, value, indent) {
        const text = JSON.stringify(maskStrings(value, this.mask), null, indent);
        return this.write(name, indent ? `${text}\n` : text);
    }
    async write(name, masked) {
        const file = this.file(name);
        await (0,promises_.mkdir)(external_node_path_default().dirname(file), { recursive: true });
        await (0,promises_.writeFile)(file, masked);
        return file;
    }
}
function maskStrings(value, mask) {
    if (typeof value === 'string')
        return mask(value);
    if (Array.isArray(value))
        return value.map((v) => maskStrings(v, mask));
    if (value === null || typeof value !== 'object')
        return value;
    const json = value.toJSON;
    if (typeof json === 'function')
        return maskStrings(json.call(value), mask);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [mask(k), maskStrings(v, mask)]));
}

// EXTERNAL MODULE: ./shared/host/run-info.ts
var run_info = __webpack_require__(57457);
// EXTERNAL MODULE: ./shared/inputs/parse.ts
var parse = __webpack_require__(83841);
// EXTERNAL MODULE: ./shared/registry/reference.ts
var reference = __webpack_require__(65189);
// EXTERNAL MODULE: ./shared/scoring/card.ts + 7 modules
var scoring_card = __webpack_require__(55822);
// EXTERNAL MODULE: ./shared/gate/golden.ts
var gate_golden = __webpack_require__(55847);
// EXTERNAL MODULE: ./shared/native/load.ts + 2 modules
var load = __webpack_require__(46643);
// EXTERNAL MODULE: ./shared/gate/coco.ts
var coco = __webpack_require__(95102);
;// CONCATENATED MODULE: ./shared/gate/html.ts
// The self-contained HTML report: verdict, metrics, and every golden image with ground truth,
// local and endpoint boxes drawn on it (sharp + an SVG overlay), embedded as data URIs so the
// file opens anywhere, with no script and nothing fetched. Written through the ReportFolder, masked.




const COLOURS = { gt: '#22c55e', local: '#3b82f6', endpoint: '#f97316' };
const MAX_WIDTH = 960;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
function rects(boxes, colour, scale, dash, width = 2) {
    return boxes
        .map(([x, y, w, h]) => `<rect x="${(x * scale).toFixed(1)}" y="${(y * scale).toFixed(1)}" width="${(w * scale).toFixed(1)}" height="${(h * scale).toFixed(1)}" fill="none" stroke="${colour}" stroke-width="${width}" stroke-dasharray="${dash}"/>`)
        .join('');
}
async function annotate(image, gt, data, scoreFloor) {
    const sharp = await (0,load/* loadSharp */.P)();
    const scale = Math.min(1, MAX_WIDTH / image.width);
    const width = Math.round(image.width * scale);
    const height = Math.round(image.height * scale);
    const of = (list) => (list ?? []).filter((d) => d.image_id === image.id && d.score >= scoreFloor).map((d) => d.bbox);
    const truth = gt.gt.annotations.filter((a) => a.image_id === image.id).map((a) => a.bbox);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects(truth, COLOURS.gt, scale, '', 5)}${rects(of(data.local), COLOURS.local, scale, '6 3')}${rects(of(data.endpoint), COLOURS.endpoint, scale, '2 3')}</svg>`;
    const jpeg = await sharp(await (0,promises_.readFile)(image.file))
        .rotate()
        .flatten({ background: '#ffffff' })
        .resize(width, height, { fit: 'fill' })
        .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
        .jpeg({ quality: 78 })
        .toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}
async function writeHtmlReport(folder, report, golden, data) {
    const fmt = (n) => (n === undefined ? '' : n < 0 ? 'n/a' : n.toFixed(3));
    const sides = ['local', 'endpoint', 'baseline'].filter((s) => report[s]);
    const stats = coco/* COCO_STAT_NAMES */.Xs.map((n) => `<tr><th>${n}</th>${sides.map((s) => `<td>${fmt(report[s]?.coco[n])}</td>`).join('')}</tr>`).join('');
    const perImage = new Map((report.endpoint ?? report.local).perImage.map((p) => [p.imageId, p]));
    const disagreeing = new Set(report.parity?.disagreeing ?? []);
    const failures = new Map(data.errors.failures.map((f) => [f.imageId, f.message]));
    const figures = [];
    for (const id of data.imageIds) {
        const image = golden.images.find((i) => i.id === id);
        if (!image)
            continue;
        const p = perImage.get(id);
        const notes = [
            p ? `TP ${p.tp} · FP ${p.fp} · FN ${p.fn}` : '',
            disagreeing.has(id) ? '<strong>local and endpoint disagree</strong>' : '',
            failures.has(id) ? `<strong>endpoint error</strong>: ${esc(failures.get(id) ?? '')}` : '',
        ].filter(Boolean);
        figures.push(`<figure data-image-id="${id}"><img alt="${esc(image.fileName)}" src="${await annotate(image, golden, data, data.scoreThreshold)}"><figcaption>${esc(image.fileName)} — ${notes.join(' · ')}</figcaption></figure>`);
    }
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Detection gate: ${report.verdict}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2rem;color:#111}
.verdict{font-size:1.6rem;font-weight:700}.pass{color:#15803d}.fail,.inconclusive{color:#b91c1c}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ddd;padding:.25rem .6rem;text-align:right}
.legend span{display:inline-block;margin-right:1.2rem}.legend i{display:inline-block;width:1.2rem;height:.3rem;margin-right:.3rem;vertical-align:middle}
figure{margin:1.5rem 0}img{max-width:100%;border:1px solid #ccc}
</style></head><body>
<p class="verdict ${report.verdict}">Detection gate: ${report.verdict.toUpperCase()}</p>
<ul>${report.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>
<table><tr><th></th>${sides.map((s) => `<th>${s}</th>`).join('')}</tr>${stats}</table>
<p class="legend"><span><i style="background:${COLOURS.gt}"></i>ground truth</span><span><i style="background:${COLOURS.local}"></i>local scorer</span><span><i style="background:${COLOURS.endpoint}"></i>endpoint</span></p>
${figures.join('\n')}
</body></html>
`;
    await folder.writeText(external_node_path_default().basename(report.files.html), html);
}

// EXTERNAL MODULE: ./shared/gate/record.ts + 1 modules
var record = __webpack_require__(64586);
;// CONCATENATED MODULE: ./shared/gate/report.ts
// Gate reports: gate.json (everything), predictions as COCO results, run-data.json (raw results a
// merge reads back), JUnit XML (a testcase per check and per image) and a Markdown summary
// (verdict first, then what an approver needs on one screen). The HTML report with drawn boxes is html.ts. Everything is written through a
// ReportFolder, which masks every secret the run knows; what an endpoint said is only ever an
// excerpt (gate/run.ts, endpoint/client.ts).



const side = (e) => ({
    coco: e.stats,
    perClass: e.perClass,
    perImage: e.perImage,
});
const xml = (s) => s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
function junitXml(report, golden, data) {
    const failuresByImage = new Map();
    const note = (id, msg) => failuresByImage.set(id, [...(failuresByImage.get(id) ?? []), msg]);
    for (const f of data.errors.failures)
        note(f.imageId, `endpoint request failed: ${f.message}`);
    for (const p of data.parity ?? []) {
        if (p.localOnly || p.endpointOnly)
            note(p.imageId, `parity: ${p.localOnly} local-only, ${p.endpointOnly} endpoint-only detections`);
        else if (p.maxScoreDelta > report.thresholds.parity.scoreDelta)
            note(p.imageId, `parity: |score diff| ${p.maxScoreDelta.toFixed(4)}`);
    }
    for (const m of data.missedMustDetect) {
        const id = golden.images.find((i) => i.fileName === m.image)?.id;
        if (id !== undefined)
            note(id, `must detect: missed ${m.classes.join(', ')}`);
    }
    const names = new Map(golden.images.map((i) => [i.id, i.fileName]));
    const imageCases = data.imageIds.map((id) => {
        const fails = failuresByImage.get(id);
        const body = fails ? `<failure message="${xml(fails[0] ?? '')}">${xml(fails.join('\n'))}</failure>` : '';
        return `    <testcase classname="gate.images" name="${xml(names.get(id) ?? String(id))}">${body}</testcase>`;
    });
    const checkCases = report.checks.map((c) => {
        const body = c.passed ? '' : `<failure message="${xml(c.detail)}">${xml(c.detail)}</failure>`;
        return `    <testcase classname="gate.thresholds" name="${xml(c.name)}">${body}</testcase>`;
    });
    const suite = (name, cases) => `  <testsuite name="${name}" tests="${cases.length}" failures="${cases.filter((c) => c.includes('<failure')).length}">\n${cases.join('\n')}\n  </testsuite>`;
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="aml-rollout gate">\n${suite('gate.thresholds', checkCases)}\n${suite('gate.images', imageCases)}\n</testsuites>\n`;
}
const f = (n) => (n === undefined ? '' : n < 0 ? 'n/a' : n.toFixed(3));
const ICON = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' };
/** Table cells hold no newline and no unescaped pipe. */
const cell = (s) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
const code = (s) => `\`${cell(s).replace(/`/g, "'")}\``;
/** The judged side minus the baseline, signed; empty when either is undefined or n/a (-1). */
function delta(judged, baseline) {
    if (judged === undefined || baseline === undefined || judged < 0 || baseline < 0)
        return '';
    const d = judged - baseline;
    return `${d >= 0 ? '+' : '-'}${Math.abs(d).toFixed(3)}`;
}
/** An image by digest; a reference without one is shown as given, flagged. */
function imageLine(image) {
    const ref = (0,reference/* parseImageRef */.Q)(image);
    if ('problem' in ref)
        return `${code(image)} (not an image reference)`;
    return ref.digest ? code(image) : `${code(image)} (no digest: a tag can move)`;
}
function reportLink(report) {
    if (/^https?:\/\//i.test(report))
        return `[HTML report (artifact)](${report})`;
    if (report === 'report.html')
        return '[report.html](report.html)';
    return code(report);
}
function summaryMarkdown(report, golden, data, links = {}) {
    const lines = [`## Detection gate: ${ICON[report.verdict]}`, ''];
    if (report.reasons.length) {
        lines.push(...report.reasons.slice(0, 20).map((r) => `- ${r}`));
        if (report.reasons.length > 20)
            lines.push(`- ... and ${report.reasons.length - 20} more (gate.json)`);
        lines.push('');
    }
    const names = new Map(golden.images.map((i) => [i.id, i.fileName]));
    const subject = report.subject;
    const facts = [];
    if (subject?.model)
        facts.push([
            'model',
            `${code(subject.model)}, content ${subject.contentHash ? code(`sha256:${subject.contentHash}`) : 'hash unknown (not registered by register-model)'}`,
        ]);
    if (subject?.image)
        facts.push(['image', imageLine(subject.image)]);
    facts.push(['judged', code(subject?.target ?? (report.endpoint ? 'endpoint' : 'local'))]);
    facts.push(['golden set', `${report.images} images${report.shard ? `, shard ${report.shard}` : ''}`]);
    if (report.parity) {
        const { disagreeing, images } = report.parity;
        const named = disagreeing.slice(0, 5).map((id) => names.get(id) ?? String(id));
        facts.push([
            'parity',
            `${disagreeing.length}/${images} images disagree between local and endpoint${named.length ? ` (${named.map(cell).join(', ')}${disagreeing.length > 5 ? ', ...' : ''})` : ''}`,
        ]);
    }
    else
        facts.push(['parity', 'n/a (no endpoint)']);
    facts.push(['report', reportLink(links.report ?? 'report.html')]);
    if (links.evidence)
        facts.push(['evidence', cell(links.evidence)]);
    lines.push('| | |', '|---|---|', ...facts.map(([k, v]) => `| ${k} | ${v} |`), '');
    const cols = [
        ['local', report.local],
        ['endpoint', report.endpoint],
        ['baseline', report.baseline],
    ].filter((c) => c[1] !== undefined);
    const judged = report.endpoint ?? report.local;
    const base = report.baseline;
    lines.push(`| metric | ${cols.map((c) => c[0]).join(' | ')}${base ? ' | Δ vs baseline' : ''} |`, `|---|${cols.map(() => '---:').join('|')}${base ? '|---:' : ''}|`);
    for (const name of coco/* COCO_STAT_NAMES */.Xs) {
        const d = base ? ` | ${delta(judged.coco[name], base.coco[name])}` : '';
        lines.push(`| ${name} | ${cols.map((c) => f(c[1].coco[name])).join(' | ')}${d} |`);
    }
    lines.push('', '| class | AP | AP50 | recall |', '|---|---:|---:|---:|');
    for (const c of judged.perClass)
        lines.push(`| ${cell(c.name)} | ${f(c.ap)} | ${f(c.ap50)} | ${f(c.recall)} |`);
    const worst = [...judged.perImage]
        .sort((a, b) => b.fp + b.fn - (a.fp + a.fn))
        .filter((p) => p.fp + p.fn > 0)
        .slice(0, 10);
    if (worst.length) {
        lines.push('', '**Worst images**', '', '| image | TP | FP | FN |', '|---|---:|---:|---:|');
        for (const w of worst)
            lines.push(`| ${cell(names.get(w.imageId) ?? String(w.imageId))} | ${w.tp} | ${w.fp} | ${w.fn} |`);
    }
    if (data.errors.failures.length) {
        lines.push('', `**Endpoint errors** (${data.errors.failed} of ${data.errors.total})`, '');
        lines.push(...data.errors.failures.slice(0, 10).map((e) => `- ${e.message}`));
    }
    return `${lines.join('\n')}\n`;
}
async function writeReports(folder, golden, data, result, thresholds, shard, subject) {
    const files = {
        json: folder.file('gate.json'),
        junit: folder.file('junit.xml'),
        summary: folder.file('summary.md'),
        html: folder.file('report.html'),
        runData: folder.file('run-data.json'),
        predictionsLocal: folder.file('predictions-local.json'),
    };
    if (data.endpoint)
        files.predictionsEndpoint = folder.file('predictions-endpoint.json');
    if (data.baseline)
        files.predictionsBaseline = folder.file('predictions-baseline.json');
    const disagreeing = (data.parity ?? [])
        .filter((p) => p.localOnly || p.endpointOnly || p.maxScoreDelta > thresholds.parity.scoreDelta)
        .map((p) => p.imageId);
    const report = {
        verdict: result.judgement.verdict,
        reasons: result.judgement.reasons,
        checks: result.judgement.checks,
        images: data.imageIds.length,
        golden: external_node_path_default().resolve(golden.dir),
        shard,
        local: side(result.local),
        endpoint: result.endpoint ? side(result.endpoint) : undefined,
        baseline: result.baseline ? side(result.baseline) : undefined,
        parity: data.parity ? { images: data.parity.length, disagreeing, perImage: data.parity } : undefined,
        errors: data.errors,
        thresholds,
        files,
        subject,
    };
    await folder.writeJson('gate.json', report, 2);
    await folder.writeJson('run-data.json', data);
    await folder.writeJson('predictions-local.json', data.local);
    if (data.endpoint)
        await folder.writeJson('predictions-endpoint.json', data.endpoint);
    if (data.baseline)
        await folder.writeJson('predictions-baseline.json', data.baseline);
    await folder.writeText('junit.xml', junitXml(report, golden, data));
    await folder.writeText('summary.md', summaryMarkdown(report, golden, data));
    return report;
}

// EXTERNAL MODULE: ./shared/gate/run.ts + 14 modules
var run = __webpack_require__(61376);
// EXTERNAL MODULE: ./shared/gate/thresholds.ts
var gate_thresholds = __webpack_require__(86566);
;// CONCATENATED MODULE: ./shared/gate/step.ts
// The gate step: validate everything (and read the judged model version, `model-ref`), resolve the
// endpoint (through the SDK, or a URI + key), run the golden set on both sides, judge, write and
// publish the reports, record the verdict as evidence on the model version, and return the
// outputs. A fail or inconclusive verdict fails the step after the reports are written; so does
// evidence that could not be recorded. The error carries the outputs, which the step runner sets
// before it marks the step failed.


















const mustExist = (input, file) => {
    if (file && !(0,external_node_fs_.existsSync)(file))
        throw new errors/* InputError */.dz(input, `${file} does not exist`);
};
/** Protocols a deployment may declare in AML_ROLLOUT_SCORING_PROTOCOL (its environment). */
const DECLARABLE = ['automl', 'kserve', 'torchserve'];
/** The endpoint side of the run: from a URI and a key in an environment variable, or resolved
 * from the workspace (with the deployment's concurrency, inference parameters and protocol). */
async function endpointRun(inputs, host, azure) {
    if (inputs['scoring-uri']) {
        let credential;
        if (inputs['key-env']) {
            credential = process.env[inputs['key-env']];
            if (!credential)
                throw new errors/* InputError */.dz('key-env', `environment variable ${inputs['key-env']} is empty or unset`);
            azure.onSecret(credential);
        }
        const target = {
            scoringUri: inputs['scoring-uri'],
            protocol: inputs.protocol,
            mask: (text) => host.mask(text),
        };
        if (credential)
            target.credential = credential;
        if (inputs.deployment)
            target.deployment = inputs.deployment;
        return { run: { target, concurrency: inputs.concurrency ?? 4 }, params: {} };
    }
    if (!inputs.endpoint)
        return undefined;
    if (!inputs.workspace)
        throw new errors/* InputError */.dz('workspace', 'is required to resolve the endpoint');
    const resolved = await (0,endpoints.resolveEndpoint)({
        ...(0,azure_inputs/* workspaceRef */.xv)({ ...inputs, workspace: inputs.workspace }),
        endpoint: inputs.endpoint,
        deployment: inputs.deployment,
    }, azure, (line) => host.info(line));
    const env = resolved.deployment?.environmentVariables ?? {};
    const declared = env.AML_ROLLOUT_SCORING_PROTOCOL;
    const target = {
        scoringUri: resolved.scoringUri,
        protocol: declared && DECLARABLE.includes(declared) ? declared : inputs.protocol,
        mask: (text) => host.mask(text),
    };
    if (resolved.credential)
        target.credential = resolved.credential;
    if (inputs.deployment)
        target.deployment = inputs.deployment;
    return {
        run: { target, concurrency: inputs.concurrency ?? resolved.deployment?.concurrency ?? 1 },
        // Judge the local scorer with the same inference parameters the deployment runs with.
        params: resolved.deployment ? (0,scoring_card/* inferenceOverridesFromEnv */.CC)(env) : {},
    };
}
const ARTIFACT = 'detection-gate-report';
/** Judges a collected run, writes and publishes the reports, records the evidence on the judged
 * model version (when there is one), and returns the gate's outputs; a verdict other than pass
 * throws, with the outputs on the error, and so does evidence that could not be recorded. */
async function finishGate(host, golden, data, thresholds, reportDir, shard, subject = { target: data.endpoint ? 'endpoint' : 'local' }) {
    const result = (0,run/* concludeRun */.jf)(golden, data, thresholds);
    // Every report file goes through the host's masker: an endpoint may echo its key anywhere.
    const folder = new ReportFolder(reportDir, (text) => host.mask(text));
    const report = await writeReports(folder, golden, data, result, thresholds, shard, {
        target: subject.target,
        model: subject.model?.ref,
        contentHash: subject.model?.contentHash,
        image: subject.image,
    });
    await writeHtmlReport(folder, report, golden, data);
    await host.publishTestResults([report.files.junit], 'detection-gate');
    let location;
    try {
        location = await host.uploadArtifact(ARTIFACT, Object.values(report.files), reportDir);
    }
    catch (e) {
        host.warning(`could not upload the report artifact: ${e.message}`);
    }
    const judged = report.endpoint ?? report.local;
    const outputs = {
        verdict: report.verdict,
        ap: String(judged.coco.AP),
        ap50: String(judged.coco.AP50),
        'report-dir': reportDir,
    };
    host.info(`verdict: ${report.verdict}; report: ${report.files.html}`);
    // Every verdict is evidence; written once the reports are, so a failure here hides nothing.
    let evidence = subject.noEvidence ?? 'not recorded: no model-ref given';
    let notRecorded;
    if (subject.model) {
        try {
            const written = await (0,record/* recordEvidence */.ti)(subject.model, {
                verdict: report.verdict,
                ap: judged.coco.AP,
                ap50: judged.coco.AP50,
                parity: (0,record/* parityEvidence */.jB)(report.parity),
                report: location ?? reportDir,
                run: (0,run_info/* runIdentity */.yK)().runUrl ?? 'local',
                target: subject.target,
            });
            evidence = `recorded on ${subject.model.ref} (tags aml-rollout.gate.*)`;
            host.info(`evidence: verdict ${report.verdict} ${evidence}`);
            if (!written.contentHash)
                host.warning(`model ${subject.model.ref} has no content hash tag (not registered by register-model): promote will refuse it`);
        }
        catch (e) {
            if (!(e instanceof errors/* RolloutError */.a6))
                throw e;
            notRecorded = e;
            evidence = `NOT recorded on ${subject.model.ref}: ${e.message}`;
        }
    }
    // The job summary: summary.md's content with the artifact's link and the evidence, masked.
    const summary = summaryMarkdown(report, golden, data, {
        report: location && /^https?:/i.test(location) ? location : report.files.html,
        evidence,
    });
    await host.appendSummary(host.mask(summary));
    if (report.verdict !== 'pass') {
        // The verdict is what the step fails on; the lost evidence is said too.
        if (notRecorded)
            host.error((0,errors/* describeError */.Uc)(notRecorded));
        throw new errors/* RolloutError */.a6(report.verdict === 'fail' ? 'GateFailed' : 'GateInconclusive', `gate ${report.verdict}: ${report.reasons.slice(0, 3).join('; ')}`, { resource: report.files.json, remediation: `see ${report.files.summary}`, outputs });
    }
    if (notRecorded) {
        throw new errors/* RolloutError */.a6(notRecorded.code, notRecorded.message, {
            resource: notRecorded.resource,
            remediation: notRecorded.remediation,
            cause: notRecorded.cause,
            outputs,
        });
    }
    return { report, outputs };
}
async function runGateStep(inputs, { host, signal, azure }) {
    // Everything is checked before any request is sent.
    mustExist('model', inputs.model);
    mustExist('card', inputs.card);
    mustExist('baseline-model', inputs['baseline-model']);
    mustExist('baseline', inputs.baseline);
    if (inputs['baseline-model'] && inputs.baseline)
        throw new errors/* InputError */.dz('baseline', 'give baseline or baseline-model, not both');
    if (inputs['scoring-uri'] && inputs.endpoint)
        throw new errors/* InputError */.dz('scoring-uri', 'give scoring-uri or endpoint, not both');
    if (inputs.deployment && !inputs.endpoint && !inputs['scoring-uri'])
        throw new errors/* InputError */.dz('deployment', 'needs endpoint or scoring-uri');
    if (inputs['scoring-uri'])
        (0,client/* checkScoringUri */.wk)(inputs['scoring-uri']);
    const modelRef = inputs['model-ref'] ? (0,record/* parseModelRef */.qV)(inputs['model-ref']) : undefined;
    if (modelRef && !inputs.workspace)
        throw new errors/* InputError */.dz('workspace', 'is required with model-ref (the workspace the model is registered in)');
    if (modelRef && inputs.shard)
        throw new errors/* InputError */.dz('model-ref', 'a shard judges part of the golden set: its verdict is not evidence for the model', 'run the gate unsharded with model-ref');
    if (inputs.image) {
        const image = (0,reference/* parseImageRef */.Q)(inputs.image);
        if ('problem' in image)
            throw new errors/* InputError */.dz('image', image.problem);
    }
    const shard = (0,gate_golden/* parseShard */.uK)(inputs.shard);
    const golden = await (0,gate_golden/* loadGoldenSet */.EF)(inputs.golden);
    // Loaded once: the model and the baseline model are both scored with this card.
    const card = await (0,scoring_card/* loadModelCard */.uW)(inputs.card);
    const thresholds = await (0,gate_thresholds/* loadThresholds */.HP)(inputs.thresholds);
    const userParams = (0,parse/* parsePairs */.xg)('params', inputs.params ?? []);
    // Bounded and validated now, before any image is decoded (a tile grid costs a run per tile).
    (0,scoring_card/* overrideInference */.gL)(card.inference, userParams, 'params');
    // The judged version must exist before anything is scored for it.
    const judgedModel = modelRef
        ? await (0,record/* readJudgedModel */.jD)(await (0,workspace/* connectWorkspace */.A)((0,azure_inputs/* workspaceRef */.xv)({ ...inputs, workspace: inputs.workspace }), azure), modelRef)
        : undefined;
    const endpoint = await endpointRun(inputs, host, azure);
    if (endpoint) {
        endpoint.run.target.maxResponseBytes = inputs['max-response-mb'] * 1024 * 1024;
        endpoint.run.deadlineSeconds = inputs['endpoint-deadline'];
        // The deployment's environment (TILE_GRID_SIZE, ...) where the step's params do not override it.
        const fromEnv = Object.entries(endpoint.params).filter(([k]) => !(k in userParams));
        (0,scoring_card/* overrideInference */.gL)(card.inference, Object.fromEntries(fromEnv), 'deployment');
    }
    const data = await host.group('golden set', () => (0,run/* collect */.Fo)({
        golden,
        model: inputs.model,
        card,
        baselineModel: inputs['baseline-model'],
        baselinePredictions: inputs.baseline,
        endpoint: endpoint?.run,
        params: { ...endpoint?.params, ...userParams },
        thresholds,
        shard,
        signal,
        log: (l) => host.info(l),
    }));
    const reportDir = external_node_path_default().resolve(inputs['report-dir']);
    const where = inputs.endpoint ?? inputs['scoring-uri'];
    const { outputs } = await finishGate(host, golden, data, thresholds, reportDir, inputs.shard, {
        target: where ? `${where}${inputs.deployment ? `/${inputs.deployment}` : ''}` : 'local',
        model: judgedModel,
        image: inputs.image,
    });
    return outputs;
}


/***/ }),

/***/ 86566:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HP: () => (/* binding */ loadThresholds)
/* harmony export */ });
/* unused harmony exports DEFAULT_THRESHOLDS, parseThresholds */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(32635);
/* harmony import */ var _coco_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(95102);
// The thresholds file (YAML) and its defaults, suited to FP32 CPU locally vs FP16 GPU live.




const DEFAULT_THRESHOLDS = {
    metrics: {},
    baseline: { AP: { absolute: 0.02 }, AP50: { absolute: 0.02 } },
    classRecall: {},
    classAp50Drop: 0.1,
    parity: { iou: 0.9, scoreDelta: 0.02, ap50Delta: 0.01, maxImageRate: 0 },
    errorBudget: { maxErrors: undefined, maxErrorRate: 0.05 },
};
const num = (where, v, min = 0, max = Number.POSITIVE_INFINITY) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('thresholds', `${where} must be a number in [${min}, ${max}], got ${JSON.stringify(v)}`);
    }
    return v;
};
const stat = (where, name) => {
    if (!_coco_js__WEBPACK_IMPORTED_MODULE_3__/* .COCO_STAT_NAMES */ .Xs.includes(name)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('thresholds', `${where}.${name} is not a COCO stat (${_coco_js__WEBPACK_IMPORTED_MODULE_3__/* .COCO_STAT_NAMES */ .Xs.join(' ')})`);
    }
    return name;
};
/** A YAML mapping with only known keys (a typo must not silently keep a default). */
const mapping = (where, v, known) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('thresholds', `${where} must be a mapping, got ${JSON.stringify(v)}`);
    for (const k of Object.keys(v))
        if (known && !known.includes(k))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('thresholds', `unknown key '${where}.${k}' (known: ${known.join(', ')})`);
    return v;
};
function parseThresholds(doc) {
    if (doc === null || doc === undefined)
        return structuredClone(DEFAULT_THRESHOLDS);
    if (typeof doc !== 'object' || Array.isArray(doc))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('thresholds', 'must be a YAML mapping');
    const d = doc;
    const known = ['metrics', 'baseline', 'class_recall', 'class_ap50_drop', 'parity', 'error_budget'];
    for (const k of Object.keys(d))
        if (!known.includes(k))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('thresholds', `unknown key '${k}' (known: ${known.join(', ')})`);
    const t = structuredClone(DEFAULT_THRESHOLDS);
    if (d.metrics !== undefined) {
        t.metrics = {};
        for (const [k, v] of Object.entries(mapping('metrics', d.metrics)))
            t.metrics[stat('metrics', k)] = num(`metrics.${k}`, v, 0, 1);
    }
    if (d.baseline !== undefined) {
        t.baseline = {};
        for (const [k, raw] of Object.entries(mapping('baseline', d.baseline))) {
            const v = mapping(`baseline.${k}`, raw, ['absolute', 'relative']);
            const drop = {};
            if (v.absolute !== undefined)
                drop.absolute = num(`baseline.${k}.absolute`, v.absolute, 0, 1);
            if (v.relative !== undefined)
                drop.relative = num(`baseline.${k}.relative`, v.relative, 0, 1);
            t.baseline[stat('baseline', k)] = drop;
        }
    }
    if (d.class_recall !== undefined) {
        t.classRecall = {};
        for (const [k, v] of Object.entries(mapping('class_recall', d.class_recall)))
            t.classRecall[k] = num(`class_recall.${k}`, v, 0, 1);
    }
    if (d.class_ap50_drop !== undefined)
        t.classAp50Drop = num('class_ap50_drop', d.class_ap50_drop, 0, 1);
    const p = mapping('parity', d.parity ?? {}, ['iou', 'score_delta', 'ap50_delta', 'max_image_rate']);
    if (p.iou !== undefined)
        t.parity.iou = num('parity.iou', p.iou, 0, 1);
    if (p.score_delta !== undefined)
        t.parity.scoreDelta = num('parity.score_delta', p.score_delta, 0, 1);
    if (p.ap50_delta !== undefined)
        t.parity.ap50Delta = num('parity.ap50_delta', p.ap50_delta, 0, 1);
    if (p.max_image_rate !== undefined)
        t.parity.maxImageRate = num('parity.max_image_rate', p.max_image_rate, 0, 1);
    const e = mapping('error_budget', d.error_budget ?? {}, ['max_errors', 'max_error_rate']);
    if (e.max_errors !== undefined)
        t.errorBudget.maxErrors = num('error_budget.max_errors', e.max_errors);
    if (e.max_error_rate !== undefined)
        t.errorBudget.maxErrorRate = num('error_budget.max_error_rate', e.max_error_rate, 0, 1);
    return t;
}
async function loadThresholds(file) {
    if (!file)
        return structuredClone(DEFAULT_THRESHOLDS);
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8');
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('thresholds', `${file} cannot be read`);
    }
    try {
        return parseThresholds((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parse */ .qg)(text));
    }
    catch (e) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz)
            throw e;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('thresholds', `${file} is not valid YAML (${e.message})`);
    }
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
