export const id = 548;
export const ids = [548];
export const modules = {

/***/ 7548:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createAzureCredential: () => (/* binding */ createAzureCredential)
/* harmony export */ });
/* unused harmony exports resolveAuthChoice, federatedCredential, authorityOptions */
/* harmony import */ var _azure_identity__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(23989);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(32635);


/** Which sign-in `auto` resolves to, from what the user and the host provide. */
function resolveAuthChoice(s) {
    if (s.choice !== 'auto')
        return s.choice;
    if (s.clientSecret)
        return 'client-secret';
    if (s.clientId && s.tenantId && s.getFederatedToken)
        return 'oidc';
    return 'azure-cli';
}
function createAzureCredential(s) {
    const method = resolveAuthChoice(s);
    const base = s.subscriptionId ? { subscriptionId: s.subscriptionId } : {};
    switch (method) {
        case 'azure-cli':
            return {
                ...base,
                method,
                credential: new _azure_identity__WEBPACK_IMPORTED_MODULE_0__/* .AzureCliCredential */ .nG(s.tenantId ? { tenantId: s.tenantId } : {}),
            };
        case 'client-secret': {
            const { tenantId, clientId } = need(s, 'client-secret');
            if (!s.clientSecret)
                throw missing('client-secret', 'client-secret');
            return {
                ...base,
                method,
                credential: new _azure_identity__WEBPACK_IMPORTED_MODULE_0__/* .ClientSecretCredential */ .HC(tenantId, clientId, s.clientSecret, authorityOptions()),
            };
        }
        case 'oidc': {
            const { tenantId, clientId } = need(s, 'oidc');
            const getToken = s.getFederatedToken;
            if (!getToken) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RolloutError */ .a6('OidcUnavailable', 'no OIDC token source is available in this job', {
                    remediation: 'on GitHub grant `permissions: id-token: write`; on Azure DevOps use a workload identity service connection',
                });
            }
            return { ...base, method, credential: federatedCredential(tenantId, clientId, getToken) };
        }
        case 'managed-identity':
            return {
                ...base,
                method,
                credential: s.clientId
                    ? new _azure_identity__WEBPACK_IMPORTED_MODULE_0__/* .ManagedIdentityCredential */ .NC({ clientId: s.clientId })
                    : new _azure_identity__WEBPACK_IMPORTED_MODULE_0__/* .ManagedIdentityCredential */ .NC(),
            };
    }
}
/**
 * A federated credential whose assertion callback asks the host for a fresh token every time the
 * identity library needs one. `az login --federated-token` keeps the first assertion and fails
 * with AADSTS700024 once it expires (about 5-10 minutes); a GPU rollout runs far longer.
 */
function federatedCredential(tenantId, clientId, getFederatedToken) {
    return new _azure_identity__WEBPACK_IMPORTED_MODULE_0__/* .ClientAssertionCredential */ .XI(tenantId, clientId, getFederatedToken, authorityOptions());
}
// Entra's public and sovereign clouds; anything else (Azure Stack Hub, AD FS) has no instance
// discovery endpoint, so MSAL must not look for one (as `az cloud register` with
// `--disable-instance-discovery`).
const MICROSOFT_AUTHORITIES = /(^|\.)(microsoftonline\.(com|us|de)|chinacloudapi\.cn|microsoftonline\.microsoft\.scloud)$/;
/** Options for a custom authority host given in AZURE_AUTHORITY_HOST, which @azure/identity reads. */
function authorityOptions(env = process.env) {
    const host = env.AZURE_AUTHORITY_HOST;
    if (!host)
        return {};
    let hostname;
    try {
        hostname = new URL(host).hostname;
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RolloutError */ .a6('InvalidAuthorityHost', `AZURE_AUTHORITY_HOST '${host}' is not a URL`);
    }
    return MICROSOFT_AUTHORITIES.test(hostname) ? {} : { disableInstanceDiscovery: true };
}
function need(s, method) {
    if (!s.tenantId)
        throw missing('tenant-id', method);
    if (!s.clientId)
        throw missing('client-id', method);
    return { tenantId: s.tenantId, clientId: s.clientId };
}
function missing(input, method) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RolloutError */ .a6('InvalidInput', `input '${input}': is required to sign in with ${method}`, {
        resource: input,
    });
}


/***/ })

};
