// Bundles the adapter-test step once per test run (ncc takes seconds) and shares its path.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundle } from './bundle.js';

declare module 'vitest' {
  export interface ProvidedContext {
    echoBundle: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aml-rollout-echo-'));
  project.provide('echoBundle', bundle('test/support/echo-entry.ts', path.join(dir, 'echo')));
  return () => rmSync(dir, { recursive: true, force: true });
}
