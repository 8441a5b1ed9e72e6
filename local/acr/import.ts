// `importImage` between the plane's registries (what `az acr import` does, e.g. dev -> prod on
// promotion): the source named by ARM id or login server, copied by skopeo with its digest
// preserved, each registry signed in the ACR way with a refresh token it issues itself, written to
// a throw-away auth file (never argv). Sources outside the plane cannot be reached offline and fail
// the operation with that reason.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ACR_TOKEN_USER, type RegistryFront } from './front.js';

export interface ImportImageParameters {
  source?: { resourceId?: string; registryUri?: string; sourceImage?: string };
  targetTags?: string[];
  untaggedTargetRepositories?: string[];
  mode?: 'NoForce' | 'Force';
}

/** How an import finds its source among the plane's registries (PlaneRegistries is one). */
export interface RegistryLookup {
  find(keyOrName: string): RegistryFront | undefined;
  forHost(host: string): RegistryFront | undefined;
}

/** A refused import, with the code the operation reports. */
export class ImportImageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The checks ACR makes before it accepts an import (400 when they fail). */
export function checkImportRequest(p: ImportImageParameters): string | undefined {
  if (!p.source?.sourceImage) return 'source.sourceImage is required';
  if (!p.source.resourceId && !p.source.registryUri)
    return 'source.resourceId or source.registryUri is required';
  if (p.untaggedTargetRepositories?.length)
    return 'untaggedTargetRepositories is not supported on the local plane';
  return undefined;
}

export async function importImage(
  registries: RegistryLookup,
  target: RegistryFront,
  p: ImportImageParameters,
  caPem: string,
  skopeo = 'skopeo',
): Promise<void> {
  const src = p.source as Required<Pick<NonNullable<ImportImageParameters['source']>, 'sourceImage'>> &
    NonNullable<ImportImageParameters['source']>;
  const source = src.resourceId
    ? registries.find(src.resourceId.split('/').at(-1) ?? '')
    : registries.forHost(src.registryUri?.replace(/^https?:\/\//, '').replace(/\/$/, '') ?? '');
  if (!source) {
    throw new ImportImageError(
      'InvalidSourceRegistry',
      `The source registry '${src.resourceId ?? src.registryUri}' cannot be reached from the local plane (offline); import only between its registries.`,
    );
  }
  const tags = p.targetTags?.length ? p.targetTags : [src.sourceImage.replace(/@.*$/, '')];
  const work = mkdtempSync(path.join(tmpdir(), 'acr-import-'));
  try {
    const certDir = path.join(work, 'certs');
    mkdirSync(certDir);
    writeFileSync(path.join(certDir, 'ca.crt'), caPem);
    const authfile = path.join(work, 'auth.json');
    const auth = (f: RegistryFront) => ({
      auth: Buffer.from(`${ACR_TOKEN_USER}:${f.tokens.issueRefreshToken()}`).toString('base64'),
    });
    writeFileSync(
      authfile,
      JSON.stringify({ auths: { [source.loginServer]: auth(source), [target.loginServer]: auth(target) } }),
      { mode: 0o600 },
    );
    for (const tag of tags) {
      const [repo, ref] = splitTag(tag);
      if (p.mode !== 'Force' && (await target.hasManifest(repo, ref))) {
        throw new ImportImageError(
          'TagAlreadyExists',
          `The target tag '${tag}' already exists in registry '${target.name}'; use mode Force to overwrite it.`,
        );
      }
      await run(skopeo, [
        'copy',
        '--preserve-digests',
        '--authfile',
        authfile,
        '--src-cert-dir',
        certDir,
        '--dest-cert-dir',
        certDir,
        `docker://${source.loginServer}/${src.sourceImage}`,
        `docker://${target.loginServer}/${tag}`,
      ]);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function splitTag(tag: string): [string, string] {
  const colon = tag.lastIndexOf(':');
  return colon > tag.lastIndexOf('/') ? [tag.slice(0, colon), tag.slice(colon + 1)] : [tag, 'latest'];
}

function run(tool: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-2000)));
    child.stderr.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-2000)));
    child.once('error', (e) =>
      reject(
        new ImportImageError('ImportImageFailed', `${tool} could not start (${e.message}); install skopeo`),
      ),
    );
    child.once('close', (code) => {
      if (code === 0) return resolve();
      const last = out.trim().split('\n').slice(-2).join(' | ');
      reject(new ImportImageError('ImportImageFailed', `Importing the image failed: ${last}`));
    });
  });
}
