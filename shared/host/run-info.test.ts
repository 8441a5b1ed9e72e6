import { describe, expect, it } from 'vitest';
import { adoArtifactsUrl, githubArtifactName, githubArtifactUrl, runIdentity } from './run-info.js';

const github = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo/models',
  GITHUB_RUN_ID: '42',
};
const ado = {
  SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/',
  SYSTEM_TEAMPROJECT: 'vision',
  BUILD_BUILDID: '311',
};

describe('where a run and its artifacts are', () => {
  it('GitHub: the artifact page from the id the upload returned', () => {
    expect(githubArtifactUrl(9001, github)).toBe(
      'https://github.com/octo/models/actions/runs/42/artifacts/9001',
    );
    expect(githubArtifactUrl(9001, {})).toBeUndefined();
    expect(githubArtifactUrl(9001, ado)).toBeUndefined();
  });

  it("Azure DevOps: the build's artifacts tab", () => {
    expect(adoArtifactsUrl(ado)).toBe(
      'https://dev.azure.com/contoso/vision/_build/results?buildId=311&view=artifacts',
    );
    expect(runIdentity(ado).runUrl).toBe('https://dev.azure.com/contoso/vision/_build/results?buildId=311');
    expect(adoArtifactsUrl({})).toBeUndefined();
    expect(adoArtifactsUrl(github)).toBeUndefined();
  });
});

describe('githubArtifactName', () => {
  const env = { GITHUB_JOB: 'prod', GITHUB_ACTION: 'deploy' };
  it('names the job, then the step, then a count, so two gates in one run never collide', () => {
    expect(githubArtifactName('detection-gate-report', 0, env)).toBe('detection-gate-report-prod');
    expect(githubArtifactName('detection-gate-report', 1, env)).toBe('detection-gate-report-prod-deploy');
    expect(githubArtifactName('detection-gate-report', 2, env)).toBe('detection-gate-report-prod-deploy-2');
    expect(githubArtifactName('x', 0, {})).toBe('x');
    expect(githubArtifactName('x', 1, { GITHUB_JOB: 'a:b', GITHUB_ACTION: '__run/2' })).toBe('x-a-b-__run-2');
  });
});
