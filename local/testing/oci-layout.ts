// A tiny image as an OCI image layout on disk (`oci:<dir>:<tag>` for skopeo and buildah), made on
// this machine: one uncompressed tar layer (by the system `tar`) holding the given files, a config
// and a manifest. Tests push it without pulling anything from the internet.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function putBlob(dir: string, data: Buffer): { digest: string; size: number } {
  const hex = createHash('sha256').update(data).digest('hex');
  writeFileSync(path.join(dir, 'blobs', 'sha256', hex), data);
  return { digest: `sha256:${hex}`, size: data.length };
}

/** Write `files` as a one-layer linux/amd64 image tagged `tag` into an OCI layout at `dir`; returns the manifest digest. */
export function writeOciLayout(dir: string, tag: string, files: Record<string, string>): string {
  mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  const root = mkdtempSync(path.join(tmpdir(), 'oci-layer-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), content);
    }
    const tarFile = path.join(root, '..', `${path.basename(root)}.tar`);
    const r = spawnSync('tar', [
      '--sort=name',
      '--mtime=@0',
      '--owner=0',
      '--group=0',
      '-cf',
      tarFile,
      '-C',
      root,
      '.',
    ]);
    if (r.status !== 0) throw new Error(`tar failed: ${r.stderr.toString()}`);
    const layer = readFileSync(tarFile);
    rmSync(tarFile, { force: true });
    const layerBlob = putBlob(dir, layer);
    const config = putBlob(
      dir,
      Buffer.from(
        JSON.stringify({
          architecture: 'amd64',
          os: 'linux',
          config: { Env: ['PATH=/usr/bin:/bin'] },
          rootfs: { type: 'layers', diff_ids: [layerBlob.digest] },
          history: [{ created_by: 'writeOciLayout (test)' }],
        }),
      ),
    );
    const manifest = putBlob(
      dir,
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
          layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layerBlob }],
        }),
      ),
    );
    writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    writeFileSync(
      path.join(dir, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            ...manifest,
            annotations: { 'org.opencontainers.image.ref.name': tag },
          },
        ],
      }),
    );
    return manifest.digest;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
