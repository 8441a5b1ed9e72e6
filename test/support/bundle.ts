// Bundles a test entry with @vercel/ncc exactly as `npm run build` bundles the real steps.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export function bundle(entry: string, outDir: string): string {
  const cli = path.join(repoRoot, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
  const r = spawnSync(process.execPath, [cli, 'build', entry, '-o', outDir, '-q'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`ncc failed: ${r.stderr}`);
  return path.join(outDir, 'index.js');
}
