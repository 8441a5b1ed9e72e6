// How to launch the `aml-rollout` CLI again as a child process (the local plane runs each
// deployment as `aml-rollout serve ...`, `aml-rollout local up` runs the plane detached). From the
// ncc bundle that is `node dist/cli/index.js`; from source (tests, `tsx`) it is node with the tsx
// loader on the TypeScript entry. A layer-2 module, so `local/` can use it without the CLI.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SelfCommand {
  command: string;
  args: string[];
}

export function selfCommand(): SelfCommand {
  const here = fileURLToPath(import.meta.url);
  // In the bundle every module lives in dist/cli/, in index.js or one of its `<id>.index.js` chunks.
  if (/^(\d+\.)?index\.js$/.test(path.basename(here)) && path.basename(path.dirname(here)) === 'cli') {
    return { command: process.execPath, args: [path.join(path.dirname(here), 'index.js')] };
  }
  const repoRoot = path.resolve(path.dirname(here), '..', '..');
  const entry = path.join(repoRoot, 'entries', 'cli.ts');
  if (!existsSync(entry)) throw new Error(`cannot find the CLI entry at ${entry}`);
  return { command: process.execPath, args: ['--import', 'tsx', entry] };
}
