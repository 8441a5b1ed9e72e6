// Picks the adapter for the CI system the process runs in. Azure DevOps agents set TF_BUILD;
// anything else (GitHub runners, `act`, a plain shell with INPUT_* set) gets the GitHub adapter,
// whose INPUT_*/GITHUB_OUTPUT conventions are the common denominator. Adapters load lazily:
// task-lib reads its whole environment at import, which a GitHub run has no use for.
import type { Host } from './host.js';

export async function detectHost(env: NodeJS.ProcessEnv = process.env): Promise<Host> {
  if (env.TF_BUILD || env.AGENT_ID) {
    const { AzureDevOpsHost } = await import('./ado.js');
    return new AzureDevOpsHost();
  }
  const { GitHubHost } = await import('./github.js');
  return new GitHubHost();
}
