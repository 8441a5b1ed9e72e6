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
/* harmony import */ var _run_info_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(57457);
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
            return rootDir;
        }
        // Loaded on demand: the artifact client pulls in a large dependency tree most steps never use.
        const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(725), __webpack_require__.e(869), __webpack_require__.e(738), __webpack_require__.e(971), __webpack_require__.e(940), __webpack_require__.e(159), __webpack_require__.e(888)]).then(__webpack_require__.bind(__webpack_require__, 37888));
        const client = new DefaultArtifactClient();
        for (let attempt = 0;; attempt++) {
            const unique = (0,_run_info_js__WEBPACK_IMPORTED_MODULE_4__/* .githubArtifactName */ .hx)(name, attempt);
            try {
                const { id } = await client.uploadArtifact(unique, files, rootDir);
                if (unique !== name)
                    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`artifact '${name}' uploaded as '${unique}'`);
                return id === undefined ? undefined : (0,_run_info_js__WEBPACK_IMPORTED_MODULE_4__/* .githubArtifactUrl */ .hM)(id);
            }
            catch (e) {
                // 409: this run has an artifact of that name already (an earlier job's or step's).
                if (attempt >= 3 || !/\b409\b|conflict|already exists/i.test(String(e)))
                    throw e;
            }
        }
    }
    async publishTestResults(junitFiles, title) {
        // GitHub has no native test tab: the results travel as an artifact for test-reporter actions.
        if (junitFiles.length === 0)
            return;
        try {
            await this.uploadArtifact(`${title}-junit`, junitFiles, node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(junitFiles[0] ?? '.'));
        }
        catch (e) {
            // The results are also in the report artifact: a failed upload must not hide the verdict.
            _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(this.masker.mask(`could not upload the test results: ${e.message}`));
        }
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


/***/ })

};
