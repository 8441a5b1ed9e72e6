// The deployment's image, checked before the first change (Azure reports both problems only after
// a long provisioning): on a private workspace, or a deployment without public egress, the image
// must be in the workspace's linked registry (the only one Azure ML can pull from there); and an
// image in an Azure Container Registry this run can sign in to must be there. A registry this run
// cannot read (the pipeline identity lacks AcrPull, where Azure ML pulls with the workspace's
// identity), or cannot reach, is said and left to provisioning; only a registry's own "no such
// manifest" refuses the rollout.
import { type ContainerRegistryTarget, resolveContainerRegistry } from '../azure/registries.js';
import type { WorkspaceTarget } from '../azure/workspace.js';
import { describeError, isRolloutError, RolloutError } from '../errors.js';
import type { RegistryClient } from '../registry/client.js';
import { connectRegistry } from '../registry/connect.js';
import { parseImageRef } from '../registry/reference.js';

export interface ImageCheckInput {
  /** The inline environment's image (a registered environment was checked when it was built). */
  image: string;
  deploymentName: string;
  /** The SDK flattens the workspace's properties onto the resource. */
  workspace: { name?: string; publicNetworkAccess?: string };
  egressDisabled: boolean;
}

export interface ImageCheckIO {
  log: (line: string) => void;
  onSecret: (value: string) => void;
  signal?: AbortSignal | undefined;
}

export async function checkDeploymentImage(
  target: WorkspaceTarget,
  input: ImageCheckInput,
  io: ImageCheckIO,
): Promise<void> {
  const parsed = parseImageRef(input.image);
  if ('problem' in parsed) return; // the YAML check already said why
  const host = (parsed.registry ?? 'docker.io').toLowerCase();
  const privateWs = input.workspace.publicNetworkAccess?.toLowerCase() === 'disabled';
  let linked: ContainerRegistryTarget | undefined;
  if (privateWs || input.egressDisabled) {
    linked = await linkedRegistry(target);
    if (!linked || host !== linked.loginServer) {
      const why = privateWs
        ? `workspace '${input.workspace.name}' has public network access disabled`
        : 'the deployment sets egress_public_network_access: disabled';
      throw new RolloutError(
        'ImageNotInLinkedRegistry',
        `${why}, so Azure ML can pull images only from its linked registry${linked ? ` '${linked.loginServer}'` : ''}; '${input.image}' is elsewhere`,
        {
          resource: input.deploymentName,
          remediation: linked
            ? `build the image into ${linked.loginServer} (build-image), or import the base image there (az acr import)`
            : 'link a container registry to the workspace and build the image into it',
        },
      );
    }
  }
  const registry = linked ?? (await registryToCheck(target, host));
  if (!registry) {
    io.log(
      `image ${input.image}: not looked up (${host} is not an Azure Container Registry this run can reach)`,
    );
    return;
  }
  const { client } = connectRegistry(registry, { onSecret: io.onSecret, signal: io.signal });
  let found: Awaited<ReturnType<RegistryClient['headManifest']>>;
  try {
    found = await client.headManifest(parsed.repository, parsed.digest ?? parsed.tag ?? 'latest');
  } catch (e) {
    const why =
      isRolloutError(e) && e.code === 'RegistryAuthFailed'
        ? "; Azure ML pulls it with the workspace's identity"
        : '';
    io.log(`image ${input.image}: not looked up: ${describeError(e)}${why}`);
    return;
  }
  if (!found) {
    throw new RolloutError('ImageNotFound', `image '${input.image}' is not in ${registry.loginServer}`, {
      resource: input.deploymentName,
      remediation:
        'push it first (build-image, whose image output the image input takes), or fix the reference',
    });
  }
  io.log(`image ${input.image}: in ${registry.loginServer} (${found.digest})`);
}

async function linkedRegistry(target: WorkspaceTarget): Promise<ContainerRegistryTarget | undefined> {
  try {
    return await resolveContainerRegistry(target, undefined);
  } catch (e) {
    if (isRolloutError(e) && e.code === 'NoLinkedRegistry') return undefined;
    throw e;
  }
}

/** An ACR the run can reach: any `*.azurecr.io` on Azure; on the local plane, only its own. */
async function registryToCheck(
  target: WorkspaceTarget,
  host: string,
): Promise<ContainerRegistryTarget | undefined> {
  if (target.plane) {
    const own = Object.values(target.plane.registries ?? {}).some((r) => r.loginServer === host);
    return own ? resolveContainerRegistry(target, host) : undefined;
  }
  return /\.azurecr\.(io|cn|us)$/.test(host) ? resolveContainerRegistry(target, host) : undefined;
}
