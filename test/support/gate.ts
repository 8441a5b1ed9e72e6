// Shared by the gate tests: fixture paths, the gate step run in-process through its CLI command,
// and the gate.json shape the tests read back.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliCommand } from '../../shared/cli/command.js';
import { stepCommand } from '../../shared/cli/step-command.js';
import type { GateReport } from '../../shared/gate/report.js';
import { gate } from '../../shared/steps/catalog/gate.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const GOLDEN = path.join(REPO, 'fixtures', 'golden');
export const MODELS = path.join(REPO, 'fixtures', 'models');
export const ARTIFACTS = path.join(REPO, 'test-artifacts');
export const model = (v: string) => path.join(MODELS, v, 'model.onnx');
export const card = (v: string) => path.join(MODELS, v, 'model-card.yaml');
export const FIXTURES_READY = ['v1', 'v2', 'regressed'].every(
  (v) => existsSync(model(v)) && existsSync(card(v)),
);

export interface GateRun {
  code: number;
  stdout: string;
  stderr: string;
  report: GateReport;
}

/** Runs `aml-rollout gate ...argv` in-process (the real step command, no mocks). */
export async function runGate(argv: string[], command: CliCommand = stepCommand(gate)): Promise<GateRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command.run(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  });
  const dir = argv[argv.indexOf('--report-dir') + 1] as string;
  const file = path.join(dir, 'gate.json');
  const stderr = err.join('\n');
  if (!existsSync(file)) throw new Error(`no gate.json (exit ${code}):\n${stderr.slice(-2000)}`);
  return {
    code,
    stdout: out.join('\n'),
    stderr,
    report: JSON.parse(readFileSync(file, 'utf8')) as GateReport,
  };
}

/** A golden set in `dir/name` of the fixture images with `ids` (and their ground truth). */
export function goldenSubset(dir: string, name: string, ids: readonly number[]): string {
  const golden = path.join(dir, name);
  mkdirSync(path.join(golden, 'images'), { recursive: true });
  const gt = JSON.parse(readFileSync(path.join(GOLDEN, 'instances.json'), 'utf8')) as {
    images: { id: number; file_name: string }[];
    annotations: { image_id: number }[];
  };
  const keep = new Set(ids);
  gt.images = gt.images.filter((i) => keep.has(i.id));
  gt.annotations = gt.annotations.filter((a) => keep.has(a.image_id));
  for (const i of gt.images)
    copyFileSync(path.join(GOLDEN, 'images', i.file_name), path.join(golden, 'images', i.file_name));
  writeFileSync(path.join(golden, 'instances.json'), JSON.stringify(gt));
  return golden;
}
