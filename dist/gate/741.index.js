export const id = 741;
export const ids = [741];
export const modules = {

/***/ 10741:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AzureDevOpsHost: () => (/* binding */ AzureDevOpsHost)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/azure-pipelines-task-lib/task.js
var task = __webpack_require__(70358);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
// EXTERNAL MODULE: ./shared/http/request.ts
var request = __webpack_require__(12094);
;// CONCATENATED MODULE: ./shared/host/ado-names.ts
// Azure DevOps names inputs and output variables in camelCase; the suite's canonical names are
// GitHub-style kebab-case. One mapping, used by the adapter and the task.json generator.
function adoName(kebab) {
    return kebab.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

// EXTERNAL MODULE: ./shared/host/run-info.ts
var run_info = __webpack_require__(57457);
// EXTERNAL MODULE: ./shared/secrets.ts
var secrets = __webpack_require__(35931);
;// CONCATENATED MODULE: ./shared/host/ado.ts
// Azure DevOps adapter over azure-pipelines-task-lib: inputs, `##vso` logging commands, service
// connections.









class AzureDevOpsHost {
    kind = 'ado';
    masker = new secrets/* SecretMasker */.M2();
    summaryCount = 0;
    rawInput(name) {
        const value = task.getInput(adoName(name), false);
        return value === undefined || value === '' ? undefined : value;
    }
    workspaceDir() {
        return task.getVariable('System.DefaultWorkingDirectory') || process.cwd();
    }
    setOutput(name, value) {
        // An output variable, readable by later steps as `<step ref>.<name>`.
        // Masked like every output the suite writes: later steps read it as plain text.
        task.setVariable(adoName(name), this.masker.mask(value), false, true);
    }
    setSecret(value) {
        this.masker.add(value);
        task.setSecret(value);
    }
    mask(text) {
        return this.masker.mask(text);
    }
    info(message) {
        console.log(this.masker.mask(message));
    }
    debug(message) {
        task.debug(this.masker.mask(message));
    }
    warning(message, annotation) {
        task.logIssue(task.IssueType.Warning, this.masker.mask(message), annotation?.file, annotation?.line);
    }
    error(message, annotation) {
        task.logIssue(task.IssueType.Error, this.masker.mask(message), annotation?.file, annotation?.line);
    }
    async group(title, fn) {
        console.log(`##[group]${this.masker.mask(title)}`);
        try {
            return await fn();
        }
        finally {
            console.log('##[endgroup]');
        }
    }
    async appendSummary(markdown) {
        // ADO takes a summary as a Markdown file; each upload is its own section on the run page.
        const dir = task.getVariable('Agent.TempDirectory') || (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(external_node_os_default().tmpdir(), 'aml-rollout-'));
        const file = external_node_path_default().join(dir, `aml-rollout-summary-${process.pid}-${++this.summaryCount}.md`);
        (0,external_node_fs_.writeFileSync)(file, this.masker.mask(markdown));
        task.uploadSummary(file);
    }
    async uploadArtifact(name, _files, rootDir) {
        // `##vso[artifact.upload]`: the agent uploads the folder; the build's artifacts tab shows it.
        task.uploadArtifact(name, rootDir, name);
        return (0,run_info/* adoArtifactsUrl */.PV)();
    }
    async publishTestResults(junitFiles, title) {
        if (junitFiles.length === 0)
            return;
        new task.TestPublisher('JUnit').publish(junitFiles, 'false', '', '', title, 'true');
    }
    async azureCredential(auth) {
        // Loaded on demand: @azure/identity is most of a bundle's start-up time.
        const { createAzureCredential } = await Promise.all(/* import() */[__webpack_require__.e(725), __webpack_require__.e(869), __webpack_require__.e(738), __webpack_require__.e(594), __webpack_require__.e(548)]).then(__webpack_require__.bind(__webpack_require__, 7548));
        const connection = auth['azure-subscription'];
        if (!connection) {
            throw new errors/* RolloutError */.a6('InvalidInput', "input 'azureSubscription': an Azure Resource Manager service connection is required", {
                resource: 'azureSubscription',
            });
        }
        const scheme = (task.getEndpointAuthorizationScheme(connection, true) ?? '').toLowerCase();
        const param = (key) => task.getEndpointAuthorizationParameter(connection, key, true);
        const subscriptionId = task.getEndpointDataParameter(connection, 'subscriptionid', true);
        const tenantId = param('tenantid');
        const clientId = param('serviceprincipalid');
        if (scheme === 'workloadidentityfederation') {
            return createAzureCredential({
                choice: 'oidc',
                tenantId,
                clientId,
                subscriptionId,
                getFederatedToken: () => this.requestOidcToken(connection),
            });
        }
        if (scheme === 'serviceprincipal') {
            const secret = param('serviceprincipalkey');
            if (secret)
                this.setSecret(secret);
            return createAzureCredential({
                choice: 'client-secret',
                tenantId,
                clientId,
                clientSecret: secret,
                subscriptionId,
            });
        }
        if (scheme === 'managedserviceidentity') {
            return createAzureCredential({ choice: 'managed-identity', subscriptionId });
        }
        throw new errors/* RolloutError */.a6('UnsupportedServiceConnection', `service connection scheme '${scheme}' is not supported`, {
            resource: connection,
            remediation: 'use a service principal secret, workload identity federation or managed identity connection',
        });
    }
    /** A fresh OIDC token for the service connection, asked of the pipeline on every refresh. */
    async requestOidcToken(connection) {
        const uri = task.getVariable('System.OidcRequestUri');
        const accessToken = task.getVariable('System.AccessToken');
        if (!uri || !accessToken) {
            throw new errors/* RolloutError */.a6('OidcUnavailable', 'System.OidcRequestUri or System.AccessToken is not available', {
                remediation: 'map System.AccessToken into the task or use a workload identity federation connection',
            });
        }
        const url = `${uri}?api-version=7.1&serviceConnectionId=${encodeURIComponent(connection)}`;
        let body;
        try {
            ({ json: body } = await (0,request/* requestJson */.SS)({
                url,
                method: 'POST',
                headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
                mask: (text) => this.masker.mask(text),
                log: (line) => this.debug(line),
            }));
        }
        catch (e) {
            if (!(e instanceof request/* HttpError */.j$))
                throw e;
            throw new errors/* RolloutError */.a6('OidcRequestFailed', `the pipeline refused an OIDC token (${e.reason})`, {
                cause: e,
            });
        }
        if (!body.oidcToken)
            throw new errors/* RolloutError */.a6('OidcRequestFailed', 'the pipeline answered without an oidcToken');
        this.setSecret(body.oidcToken);
        return body.oidcToken;
    }
    saveState(name, value) {
        // A task variable: the agent hands it to this task's post-job execution only.
        task.setTaskVariable(name, value);
    }
    getState(name) {
        return task.getTaskVariable(name) || undefined;
    }
    fail(message, annotation) {
        const line = this.masker.mask(message);
        if (annotation?.file)
            this.error(line, annotation);
        task.setResult(task.TaskResult.Failed, line);
    }
    succeed() {
        task.setResult(task.TaskResult.Succeeded, '');
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


/***/ })

};
