// Online endpoint and deployment names, as Azure ML enforces them (azure-ai-ml's
// validate_endpoint_or_deployment_name, and the local plane's rules): 3-32 characters, a letter
// first, then letters, digits and '-', not ending in '-'. Endpoint names are also DNS labels of
// the scoring URI (`<name>.<region>.inference.ml.azure.com`), so they must be unique in the
// region; only Azure can tell that, at create time.
import { InputError } from '../errors.js';

const ONLINE_NAME_RULE = /^[a-zA-Z]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;

function onlineNameProblem(what: string, name: string): string | undefined {
  if (name.length < 3 || name.length > 32) {
    return `${what} name '${name}' must be 3-32 characters long (it has ${name.length})`;
  }
  if (!ONLINE_NAME_RULE.test(name)) {
    return `${what} name '${name}' must start with a letter, contain only letters, digits and '-', and not end with '-'`;
  }
  return undefined;
}

/** Why an endpoint name is refused, or undefined when it is valid. */
export function endpointNameProblem(name: string): string | undefined {
  return onlineNameProblem('endpoint', name);
}

/** Why a deployment name is refused, or undefined when it is valid. */
export function deploymentNameProblem(name: string): string | undefined {
  return onlineNameProblem('deployment', name);
}

/** Checks an endpoint name given as a step input. */
export function checkEndpointName(name: string, input = 'endpoint-name'): string {
  const problem = endpointNameProblem(name);
  if (problem) throw new InputError(input, problem, 'e.g. pid-detector-dev');
  return name;
}

/** Checks a deployment name given as a step input. */
export function checkDeploymentName(name: string, input = 'deployment-name'): string {
  const problem = deploymentNameProblem(name);
  if (problem) throw new InputError(input, problem, 'e.g. blue or green');
  return name;
}

/** ARM names are case-insensitive: `Blue` and `blue` are the same deployment. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
