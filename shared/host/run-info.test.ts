import { describe, expect, it } from 'vitest';
import { adoArtifactsUrl, githubArtifactUrl, runIdentity } from './run-info.js';

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
