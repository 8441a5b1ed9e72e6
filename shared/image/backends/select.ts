// The `builder` input: `docker`, `buildah`, or `auto` (docker when a daemon answers, else buildah
// when installed, else an error naming what to install). The choice is a pure function of what
// was found, so a unit test covers every branch without a daemon.
import { RolloutError } from '../../errors.js';
import type { BuilderName, ImageBuilder } from '../build.js';
import { runTool } from '../tool.js';
import { type BuildahOptions, buildahBuilder } from './buildah.js';
import { type DockerOptions, dockerBuilder, dockerDaemon } from './docker.js';

/** The builders that run on this machine; `acr-tasks` runs in the registry and is never `auto`'s. */
export type LocalBuilderName = Exclude<BuilderName, 'acr-tasks'>;
export type BuilderChoice = LocalBuilderName | 'auto';

export interface BuilderFacts {
  dockerDaemon: boolean;
  /** docker's complaint when no daemon answers. */
  dockerWhy: string;
  buildahInstalled: boolean;
}

/** Which backend runs, and a line saying why when `auto` chose. */
export function chooseBuilder(
  choice: BuilderChoice,
  facts: BuilderFacts,
): { name: LocalBuilderName; why: string } {
  if (choice !== 'auto') return { name: choice, why: `builder: ${choice}` };
  if (facts.dockerDaemon)
    return { name: 'docker', why: 'builder auto: a Docker daemon answers, using docker buildx' };
  if (facts.buildahInstalled) {
    return { name: 'buildah', why: `builder auto: no Docker daemon (${facts.dockerWhy}), using buildah` };
  }
  throw new RolloutError(
    'NoImageBuilder',
    `builder auto: no Docker daemon answers (${facts.dockerWhy}) and buildah is not installed`,
    {
      resource: 'builder',
      remediation:
        'install buildah (apt-get install buildah) or start a Docker daemon with buildx, or use builder acr-tasks or model-layer',
    },
  );
}

export async function builderFacts(
  options: { docker?: DockerOptions; buildah?: BuildahOptions } = {},
): Promise<BuilderFacts> {
  const daemon = await dockerDaemon(options.docker?.binary);
  let buildahInstalled = false;
  try {
    buildahInstalled =
      (await runTool({ command: options.buildah?.binary ?? 'buildah', args: ['--version'] })).code === 0;
  } catch {
    buildahInstalled = false;
  }
  return { dockerDaemon: daemon.ok, dockerWhy: daemon.why, buildahInstalled };
}

/** The backend for a `builder` input value; `log` hears why `auto` chose what it chose. */
export async function selectBuilder(
  choice: BuilderChoice,
  log: (line: string) => void,
  options: { docker?: DockerOptions; buildah?: BuildahOptions } = {},
): Promise<ImageBuilder> {
  const name =
    choice === 'auto' ? chooseBuilder(choice, await builderFacts(options)) : chooseBuilder(choice, NO_FACTS);
  log(name.why);
  return name.name === 'docker' ? dockerBuilder(options.docker) : buildahBuilder(options.buildah);
}

const NO_FACTS: BuilderFacts = { dockerDaemon: false, dockerWhy: '', buildahInstalled: false };
