// The gate's verdict recorded where promote reads it back: the judged model version (input
// `model-ref`, or deploy's own model) is parsed and read before anything is scored, and tagged
// with the evidence after the reports are written. The tag format is evidence.ts; the SDK calls
// are azure/models.ts.
import { type ModelWorkspace, readModelVersion, tagModelVersion } from '../azure/models.js';
import { describeError, InputError, RolloutError } from '../errors.js';
import { CONTENT_HASH_TAG } from '../model/spec.js';
import { parseAssetRef } from '../spec/refs.js';
import { evidenceTags, type GateEvidence } from './evidence.js';

/** A registered model version the gate judges, read before judging. */
export interface JudgedModel {
  /** `azureml:<name>:<version>`. */
  ref: string;
  name: string;
  version: string;
  workspace: ModelWorkspace;
  /** register-model's content hash as the version carried it before judging; undefined without one. */
  contentHash: string | undefined;
}

/** `azureml:<name>:<version>` of the gate's workspace; anything else is refused, naming `input`. */
export function parseModelRef(text: string, input = 'model-ref'): { name: string; version: string } {
  const hint = 'give azureml:<name>:<version> of the workspace (register-model output model-ref)';
  const ref = parseAssetRef(text, 'models');
  if ('problem' in ref) throw new InputError(input, ref.problem, hint);
  if (ref.kind !== 'version')
    throw new InputError(
      input,
      `'${text}' is not a version of a model in the workspace: the evidence goes on one exact version`,
      hint,
    );
  return { name: ref.name, version: ref.version };
}

/** Reads the version: it must exist before anything is judged for it. */
export async function readJudgedModel(
  workspace: ModelWorkspace,
  ref: { name: string; version: string },
  input = 'model-ref',
): Promise<JudgedModel> {
  const text = `azureml:${ref.name}:${ref.version}`;
  const found = await readModelVersion(workspace, ref.name, ref.version);
  if (!found)
    throw new RolloutError(
      'ModelNotFound',
      `model '${text}' does not exist in workspace '${workspace.workspace}'`,
      {
        resource: text,
        remediation: `check input '${input}' and 'workspace'; register the model first (register-model)`,
      },
    );
  return {
    ref: text,
    ...ref,
    workspace,
    contentHash: found.properties.tags?.[CONTENT_HASH_TAG] ?? undefined,
  };
}

/** `<disagreeing>/<compared>` images, or `n/a` when no endpoint was compared. */
export function parityEvidence(parity: { images: number; disagreeing: readonly number[] } | undefined) {
  return parity ? `${parity.disagreeing.length}/${parity.images}` : 'n/a';
}

/**
 * Writes the evidence onto the version. The content hash is the version's register-model hash as
 * read now (empty when it has none: promote refuses such a version). A failure is
 * `GateEvidenceNotRecorded`, naming the model and what to check.
 */
export async function recordEvidence(
  model: JudgedModel,
  fields: Omit<GateEvidence, 'contentHash' | 'at'>,
  now: Date = new Date(),
): Promise<GateEvidence> {
  let written: GateEvidence | undefined;
  try {
    await tagModelVersion(model.workspace, model.name, model.version, (current) => {
      written = { ...fields, contentHash: current[CONTENT_HASH_TAG] ?? '', at: now.toISOString() };
      return evidenceTags(written);
    });
  } catch (e) {
    throw new RolloutError(
      'GateEvidenceNotRecorded',
      `the gate's verdict (${fields.verdict}) was not recorded on model ${model.ref}: ${describeError(e)}`,
      {
        resource: model.ref,
        remediation: `the sign-in needs write access to model versions in workspace '${model.workspace.workspace}' (role AzureML Data Scientist); check the version still exists, then re-run the gate`,
        cause: e,
      },
    );
  }
  return written as GateEvidence;
}
