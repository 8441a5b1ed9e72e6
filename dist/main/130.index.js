export const id = 130;
export const ids = [130];
export const modules = {

/***/ 17130:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitHubHost: () => (/* binding */ GitHubHost)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(91659);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(35931);
// GitHub Actions adapter over @actions/core and @actions/artifact.




class GitHubHost {
    kind = 'github';
    masker = new _secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .SecretMasker */ .M2();
    rawInput(name) {
        // core.getInput reads INPUT_<NAME> with spaces as underscores, upper-cased; hyphens stay.
        const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
        return value === undefined || value === '' ? undefined : value;
    }
    workspaceDir() {
        return process.env.GITHUB_WORKSPACE || process.cwd();
    }
    setOutput(name, value) {
        // GITHUB_OUTPUT is a file later steps and jobs read: masked like every file the suite writes.
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH(name, this.masker.mask(value));
    }
    setSecret(value) {
        this.masker.add(value);
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setSecret */ .Pq(value);
    }
    mask(text) {
        return this.masker.mask(text);
    }
    info(message) {
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(this.masker.mask(message));
    }
    debug(message) {
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .debug */ .Yz(this.masker.mask(message));
    }
    warning(message, annotation) {
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(this.masker.mask(message), toProperties(annotation));
    }
    error(message, annotation) {
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .error */ .z3(this.masker.mask(message), toProperties(annotation));
    }
    group(title, fn) {
        return _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .group */ .Os(this.masker.mask(title), fn);
    }
    async appendSummary(markdown) {
        const file = process.env.GITHUB_STEP_SUMMARY;
        if (!file) {
            _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(this.masker.mask(markdown));
            return;
        }
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.appendFile)(file, `${this.masker.mask(markdown)}\n`);
    }
    async uploadArtifact(name, files, rootDir) {
        if (!process.env.ACTIONS_RUNTIME_TOKEN) {
            // Outside a hosted runner (a local `act`-style run, a test) there is no artifact service.
            _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`not on a GitHub runner: artifact '${name}' stays in ${this.masker.mask(rootDir)}`);
            return;
        }
        // Loaded on demand: the artifact client pulls in a large dependency tree most steps never use.
        const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(725), __webpack_require__.e(869), __webpack_require__.e(738), __webpack_require__.e(352), __webpack_require__.e(940), __webpack_require__.e(159), __webpack_require__.e(888)]).then(__webpack_require__.bind(__webpack_require__, 37888));
        await new DefaultArtifactClient().uploadArtifact(name, files, rootDir);
    }
    async publishTestResults(junitFiles, title) {
        // GitHub has no native test tab: the results travel as an artifact for test-reporter actions.
        if (junitFiles.length === 0)
            return;
        await this.uploadArtifact(`${title}-junit`, junitFiles, node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(junitFiles[0] ?? '.'));
    }
    async azureCredential(auth) {
        // Loaded on demand: @azure/identity is most of a bundle's start-up time.
        const { createAzureCredential } = await Promise.all(/* import() */[__webpack_require__.e(725), __webpack_require__.e(869), __webpack_require__.e(738), __webpack_require__.e(594), __webpack_require__.e(548)]).then(__webpack_require__.bind(__webpack_require__, 7548));
        // The client secret is a `secret` input: the parser registered it for masking.
        return createAzureCredential({
            choice: auth.auth,
            clientId: auth['client-id'],
            tenantId: auth['tenant-id'],
            clientSecret: auth['client-secret'],
            // Called again on every token refresh: a GitHub OIDC assertion lives minutes, a rollout longer.
            getFederatedToken: process.env.ACTIONS_ID_TOKEN_REQUEST_URL
                ? () => _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .getIDToken */ .V9('api://AzureADTokenExchange')
                : undefined,
        });
    }
    saveState(name, value) {
        // Appended to GITHUB_STATE at once; the runner hands it to the post step as STATE_<name>.
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .saveState */ .LZ(name, value);
    }
    getState(name) {
        return _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .getState */ .Gu(name) || undefined;
    }
    fail(message, annotation) {
        const line = this.masker.mask(message);
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setFailed */ .C1(line);
        if (annotation)
            _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .error */ .z3(line, toProperties(annotation));
    }
    succeed() {
        // GitHub takes a zero exit code as success.
    }
}
function toProperties(a) {
    if (!a)
        return {};
    const p = {};
    if (a.file)
        p.file = a.file;
    if (a.line)
        p.startLine = a.line;
    if (a.title)
        p.title = a.title;
    return p;
}


/***/ })

};
