// Checks a model's files against what its type promises, before anything is uploaded:
// custom_model ONNX files open in onnxruntime and match their model card when one sits beside
// them; TorchServe `.mar` archives are readable zips with a manifest; an MLflow folder has
// `MLmodel`; a Triton repository has `<model>/config.pbtxt` and a numbered version folder.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { RolloutError } from '../errors.js';
import { loadOnnxRuntime } from '../native/load.js';
import { loadModelCard } from '../scoring/card.js';
import { checkSessionAgainstCard, type InferenceSession } from '../scoring/session.js';
import type { ModelFiles } from './files.js';
import type { ModelType } from './inputs.js';
import { readZipEntries, readZipEntry } from './zip.js';

export class InvalidModelError extends RolloutError {
  constructor(resource: string, message: string, remediation: string, cause?: unknown) {
    super('InvalidModel', message, { resource, remediation, cause });
    this.name = 'InvalidModelError';
  }
}

export interface ValidationReport {
  /** One line per thing checked, for the log. */
  checks: string[];
}

export async function validateModel(model: ModelFiles, type: ModelType): Promise<ValidationReport> {
  switch (type) {
    case 'custom_model':
      return validateCustom(model);
    case 'mlflow_model':
      return validateMlflow(model);
    case 'triton_model':
      return validateTriton(model);
  }
}

async function validateCustom(model: ModelFiles): Promise<ValidationReport> {
  const checks: string[] = [];
  for (const f of model.files) {
    const ext = path.extname(f.rel).toLowerCase();
    if (ext === '.onnx') checks.push(await checkOnnx(f.abs));
    else if (ext === '.mar') checks.push(await checkMar(f.abs));
  }
  if (checks.length === 0) checks.push(`${model.files.length} file(s), no ONNX or .mar to open`);
  return { checks };
}

/** The card of `x.onnx`: `x-card.yaml` beside it, else `model-card.yaml` in the same folder. */
export function cardFor(onnxFile: string): string | undefined {
  const dir = path.dirname(onnxFile);
  const own = path.join(dir, `${path.basename(onnxFile, path.extname(onnxFile))}-card.yaml`);
  if (existsSync(own)) return own;
  const shared = path.join(dir, 'model-card.yaml');
  return existsSync(shared) ? shared : undefined;
}

async function checkOnnx(file: string): Promise<string> {
  const ort = await loadOnnxRuntime();
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, logSeverityLevel: 3 });
  } catch (e) {
    throw new InvalidModelError(
      file,
      `${file} is not a valid ONNX model: ${(e as Error).message.split('\n')[0]}`,
      'export the model again; the file must open in onnxruntime',
      e,
    );
  }
  try {
    const card = cardFor(file);
    if (!card) return `${path.basename(file)}: opens in onnxruntime (no model card beside it)`;
    checkSessionAgainstCard(session, await loadModelCard(card), file);
    return `${path.basename(file)}: opens in onnxruntime and matches ${path.basename(card)}`;
  } finally {
    await session.release();
  }
}

async function checkMar(file: string): Promise<string> {
  const fail = (why: string, cause?: unknown) =>
    new InvalidModelError(
      file,
      `${file} is not a valid TorchServe archive: ${why}`,
      'build it again with torch-model-archiver',
      cause,
    );
  let manifest: unknown;
  try {
    const entries = await readZipEntries(file);
    const entry = entries.find((e) => e.name === 'MAR-INF/MANIFEST.json');
    if (!entry) throw fail('it has no MAR-INF/MANIFEST.json');
    manifest = JSON.parse((await readZipEntry(file, entry)).toString('utf8'));
  } catch (e) {
    if (e instanceof InvalidModelError) throw e;
    throw fail((e as Error).message, e);
  }
  const m = (manifest as { model?: { modelName?: unknown } }).model;
  if (typeof m !== 'object' || m === null) throw fail("MAR-INF/MANIFEST.json has no 'model' section");
  return `${path.basename(file)}: TorchServe archive, model '${String(m.modelName ?? '?')}'`;
}

function validateMlflow(model: ModelFiles): ValidationReport {
  if (model.isFile || !model.files.some((f) => f.rel === 'MLmodel')) {
    throw new InvalidModelError(
      model.root,
      `${model.root} is not an MLflow model: there is no MLmodel file at its top`,
      'point path at the folder mlflow.save_model wrote, or use type custom_model',
    );
  }
  return { checks: ['MLmodel present'] };
}

function validateTriton(model: ModelFiles): ValidationReport {
  const fail = (why: string) =>
    new InvalidModelError(
      model.root,
      `${model.root} is not a Triton model repository: ${why}`,
      'lay it out as <repository>/<model>/config.pbtxt and <repository>/<model>/<version>/<files>',
    );
  if (model.isFile) throw fail('it is a file, not a folder');
  const models = new Map<string, { config: boolean; versions: Set<string> }>();
  for (const f of model.files) {
    const parts = f.rel.split('/');
    if (parts.length < 2) continue;
    const name = parts[0] as string;
    const m = models.get(name) ?? { config: false, versions: new Set<string>() };
    models.set(name, m);
    if (parts.length === 2 && parts[1] === 'config.pbtxt') m.config = true;
    if (parts.length >= 3 && /^\d+$/.test(parts[1] as string)) m.versions.add(parts[1] as string);
  }
  if (models.size === 0) throw fail('it has no model folders');
  const checks: string[] = [];
  for (const [name, m] of models) {
    if (!m.config) throw fail(`model folder '${name}' has no config.pbtxt`);
    if (m.versions.size === 0) throw fail(`model folder '${name}' has no numbered version folder with files`);
    checks.push(`${name}: config.pbtxt, version(s) ${[...m.versions].sort().join(', ')}`);
  }
  return { checks };
}
