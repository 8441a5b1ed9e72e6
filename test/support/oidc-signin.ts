// Child process for the OIDC refresh test: signs in exactly as the GitHub action does (inputs +
// ACTIONS_ID_TOKEN_REQUEST_* from the runner) and asks for a token several times, printing each.
import { GitHubHost } from '../../shared/host/github.js';

const host = new GitHubHost();
const { credential, method } = await host.azureCredential();
const scope = 'https://management.azure.com/.default';
const tokens: string[] = [];
for (let i = 0; i < Number(process.env.TOKEN_COUNT ?? 3); i++) {
  const t = await credential.getToken(scope);
  tokens.push(t?.token ?? '');
}
process.stdout.write(`RESULT ${JSON.stringify({ method, tokens })}\n`);
