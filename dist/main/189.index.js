export const id = 189;
export const ids = [189];
export const modules = {

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
