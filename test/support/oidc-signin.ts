// Child process for the OIDC refresh test: signs in exactly as the action or task does (the
// sign-in inputs parsed once, as the step runner parses them, and the runner's or agent's token
// service from the environment) and asks for a token several times, printing each.
import { adoAuthInputs, authInputsOf, githubAuthInputs } from '../../shared/azure/inputs.js';
import { detectHost } from '../../shared/host/detect.js';
import { parseInputs } from '../../shared/inputs/parse.js';

const host = await detectHost();
const inputs = parseInputs({ ...githubAuthInputs, ...adoAuthInputs }, host);
const { credential, method } = await host.azureCredential(authInputsOf(inputs));
const scope = 'https://management.azure.com/.default';
const tokens: string[] = [];
for (let i = 0; i < Number(process.env.TOKEN_COUNT ?? 3); i++) {
  const t = await credential.getToken(scope);
  tokens.push(t?.token ?? '');
}
process.stdout.write(`RESULT ${JSON.stringify({ method, tokens })}\n`);
