// What the CI run is, read from the variables both hosts set: an id and link for the run (the
// rollout's lock and journal name their holder with it) and the repository and commit a build
// came from (image labels). Host-agnostic on purpose: the CLI run inside a CI job reads them too.

export interface RunIdentity {
  runId: string;
  runUrl?: string;
}

export function runIdentity(env: NodeJS.ProcessEnv = process.env): RunIdentity {
  if (env.GITHUB_RUN_ID) {
    const url =
      env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY
        ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined;
    return {
      runId: `github-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
      ...(url ? { runUrl: url } : {}),
    };
  }
  if (env.BUILD_BUILDID) {
    const url =
      env.SYSTEM_COLLECTIONURI && env.SYSTEM_TEAMPROJECT
        ? `${env.SYSTEM_COLLECTIONURI}${env.SYSTEM_TEAMPROJECT}/_build/results?buildId=${env.BUILD_BUILDID}`
        : undefined;
    return { runId: `ado-${env.BUILD_BUILDID}`, ...(url ? { runUrl: url } : {}) };
  }
  return { runId: `cli-${process.pid}-${Date.now().toString(36)}` };
}

/** A GitHub artifact's page, from the id its upload returned; undefined off a GitHub run. */
export function githubArtifactUrl(id: number, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const run = env.GITHUB_RUN_ID ? runIdentity(env).runUrl : undefined;
  return run ? `${run}/artifacts/${id}` : undefined;
}

/** GitHub's artifact names are unique per workflow run, and a release gates in its dev job and
 * again in prod: the job's name (`GITHUB_JOB`) goes in the artifact's, and a second upload in the
 * same job (a matrix leg, a second gate) adds the step's id. Characters GitHub refuses become `-`. */
export function githubArtifactName(name: string, attempt = 0, env: NodeJS.ProcessEnv = process.env): string {
  const parts = [name, env.GITHUB_JOB, attempt > 0 ? env.GITHUB_ACTION : undefined];
  if (attempt > 1) parts.push(String(attempt));
  return parts
    .filter((p): p is string => !!p)
    .join('-')
    .replace(/["<>|*?:\\/\r\n]/g, '-');
}

/** An Azure DevOps build's artifacts tab (an upload returns no id to link one artifact by). */
export function adoArtifactsUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const run = env.BUILD_BUILDID ? runIdentity(env).runUrl : undefined;
  return run ? `${run}&view=artifacts` : undefined;
}

export interface SourceInfo {
  /** Repository URL. */
  source?: string;
  /** Commit. */
  revision?: string;
}

/** The repository and commit of the checkout the job runs on, when the host says. */
export function sourceInfo(env: NodeJS.ProcessEnv = process.env): SourceInfo {
  const source =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`
      : env.BUILD_REPOSITORY_URI || undefined;
  const revision = env.GITHUB_SHA || env.BUILD_SOURCEVERSION || undefined;
  return { ...(source ? { source } : {}), ...(revision ? { revision } : {}) };
}
