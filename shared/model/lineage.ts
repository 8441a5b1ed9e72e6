// Lineage tags: which commit, which CI run and which source a model version came from, read from
// the CI system's environment (GitHub Actions, Azure Pipelines) or from git when run by hand.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const LINEAGE_TAGS = {
  commit: 'aml-rollout.git-commit',
  runUrl: 'aml-rollout.run-url',
  source: 'aml-rollout.source',
  sourcePath: 'aml-rollout.source-path',
} as const;

export function lineageTags(
  modelPath: string,
  workspaceDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const tags: Record<string, string> = {};
  const commit = env.GITHUB_SHA || env.BUILD_SOURCEVERSION || git(workspaceDir, ['rev-parse', 'HEAD']);
  if (commit) tags[LINEAGE_TAGS.commit] = commit;
  const runUrl = ciRunUrl(env);
  if (runUrl) tags[LINEAGE_TAGS.runUrl] = runUrl;
  tags[LINEAGE_TAGS.source] = sourceOf(env, workspaceDir);
  const rel = path.relative(workspaceDir, modelPath).split(path.sep).join('/');
  tags[LINEAGE_TAGS.sourcePath] = rel && !rel.startsWith('..') ? rel : modelPath;
  return tags;
}

export function ciRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY) {
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
  }
  if (env.SYSTEM_COLLECTIONURI && env.SYSTEM_TEAMPROJECT && env.BUILD_BUILDID) {
    const base = env.SYSTEM_COLLECTIONURI.endsWith('/')
      ? env.SYSTEM_COLLECTIONURI
      : `${env.SYSTEM_COLLECTIONURI}/`;
    return `${base}${encodeURIComponent(env.SYSTEM_TEAMPROJECT)}/_build/results?buildId=${env.BUILD_BUILDID}`;
  }
  return undefined;
}

function sourceOf(env: NodeJS.ProcessEnv, workspaceDir: string): string {
  if (env.GITHUB_REPOSITORY)
    return `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`;
  if (env.BUILD_REPOSITORY_URI) return env.BUILD_REPOSITORY_URI;
  const remote = git(workspaceDir, ['remote', 'get-url', 'origin']);
  // A remote URL may carry a token (https://user:token@host/...): keep only host and path.
  if (remote) return remote.replace(/\/\/[^@/]+@/, '//');
  return 'local';
}

function git(cwd: string, args: string[]): string | undefined {
  try {
    return (
      execFileSync('git', args, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 5000,
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}
