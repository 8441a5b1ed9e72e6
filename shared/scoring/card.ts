// The model card: everything the scorer needs to know about one ONNX detector (input tensor,
// preprocessing, output decoding, class names, inference defaults). The scorer is configured by
// the card alone, never by model name. This module is the reader (document, text or file ->
// validated ModelCard) and the one import for callers; the types live in card/types.ts and each
// section's parser in card/<section>.ts. The schema is documented in docs/model-card.md.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { RolloutError } from '../errors.js';
import { ModelCardError } from './card/errors.js';
import { FieldReader, type Raw } from './card/fields.js';
import { parseInference } from './card/inference.js';
import { parseInput } from './card/input.js';
import { parseOutput } from './card/output.js';
import { parsePreprocess } from './card/preprocess.js';
import { AUTOML_INFERENCE_DEFAULTS, MODEL_CARD_SCHEMA, type ModelCard } from './card/types.js';

export { ModelCardError, ModelCardMismatchError } from './card/errors.js';
export {
  checkedInferenceOverridesFromEnv,
  INFERENCE_PARAM_NAMES,
  inferenceOverridesFromEnv,
  MAX_DETECTIONS_PER_IMG,
  MAX_TILE_GRID_SIDE,
  MAX_TILES,
  overrideInference,
  parseTileGridSize,
} from './card/inference.js';
export * from './card/types.js';

/** Validates a parsed YAML/JSON document as a model card. `source` names it in errors. */
export function parseModelCard(doc: unknown, source?: string): ModelCard {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ModelCardError('(root)', 'must be a mapping', source);
  }
  const r = new FieldReader(doc as Raw, '', source);
  const schema = r.string('schema');
  if (schema !== MODEL_CARD_SCHEMA) r.fail('schema', `must be '${MODEL_CARD_SCHEMA}', got '${schema}'`);
  const rawClasses = r.raw('classes');
  if (
    !Array.isArray(rawClasses) ||
    rawClasses.length === 0 ||
    !rawClasses.every((c) => typeof c === 'string')
  ) {
    r.fail('classes', 'must be a non-empty list of class names (label id i -> classes[i])');
  }
  const output = parseOutput(r.object('output'));
  const runtime = r.object('runtime', false);
  return {
    schema: MODEL_CARD_SCHEMA,
    name: r.has('name') ? r.string('name') : undefined,
    input: parseInput(r.object('input')),
    preprocess: parsePreprocess(r.object('preprocess', false)),
    output,
    classes: rawClasses as string[],
    inference: parseInference(r.object('inference', false), AUTOML_INFERENCE_DEFAULTS),
    runtime: {
      intraOpThreads: runtime.optionalNumber('intra_op_threads', { min: 1, integer: true }),
      interOpThreads: runtime.optionalNumber('inter_op_threads', { min: 1, integer: true }),
    },
  };
}

/** Parses card text (YAML, which includes JSON). */
export function parseModelCardText(text: string, source?: string): ModelCard {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ModelCardError('(root)', `is not valid YAML/JSON: ${(e as Error).message}`, source);
  }
  return parseModelCard(doc, source);
}

export async function loadModelCard(file: string): Promise<ModelCard> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new RolloutError('ModelCardNotFound', `cannot read model card ${file}: ${(e as Error).message}`, {
      resource: file,
      remediation: 'pass --card with the path of the model-card.yaml beside the model',
    });
  }
  return parseModelCardText(text, file);
}
