// onnxruntime sessions, one per (model file, thread settings), reused for every image; and the
// check that a model matches its card before the first image is scored.
import os from 'node:os';
import { RolloutError } from '../errors.js';
import { loadOnnxRuntime, type OnnxRuntime } from '../native/load.js';
import { type ModelCard, ModelCardMismatchError, type OutputRef } from './card.js';

export type InferenceSession = Awaited<ReturnType<OnnxRuntime['InferenceSession']['create']>>;

export interface SessionOptions {
  intraOpThreads?: number | undefined;
  interOpThreads?: number | undefined;
}

const sessions = new Map<string, Promise<InferenceSession>>();

/** Set in the GPU image (images/gpu.Dockerfile): the providers sessions try, in order. */
export const EXECUTION_PROVIDERS_VARIABLE = 'AML_ROLLOUT_EXECUTION_PROVIDERS';
const KNOWN_PROVIDERS = ['cpu', 'cuda', 'tensorrt'] as const;

/** The execution providers named by the environment (default CPU only), checked by name. */
export function executionProviders(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env[EXECUTION_PROVIDERS_VARIABLE]?.trim();
  if (!raw) return ['cpu'];
  const names = raw
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !(KNOWN_PROVIDERS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new RolloutError(
      'UnknownExecutionProvider',
      `${EXECUTION_PROVIDERS_VARIABLE}='${raw}' names unknown execution providers: ${unknown.join(', ') || '(none)'}`,
      {
        resource: EXECUTION_PROVIDERS_VARIABLE,
        remediation: `use a comma-separated list of ${KNOWN_PROVIDERS.join(', ')}`,
      },
    );
  }
  return names;
}

export function defaultIntraOpThreads(): number {
  return Math.max(1, os.availableParallelism());
}

export async function getSession(modelPath: string, options: SessionOptions = {}): Promise<InferenceSession> {
  const intra = options.intraOpThreads ?? defaultIntraOpThreads();
  const inter = options.interOpThreads ?? 1;
  const providers = executionProviders();
  const key = `${modelPath}\0${intra}\0${inter}\0${providers.join(',')}`;
  let s = sessions.get(key);
  if (!s) {
    s = (async () => {
      const ort = await loadOnnxRuntime();
      try {
        return await ort.InferenceSession.create(modelPath, {
          intraOpNumThreads: intra,
          interOpNumThreads: inter,
          executionMode: 'sequential',
          graphOptimizationLevel: 'all',
          executionProviders: providers,
          // Old exporters list initializers as inputs and ORT warns once per initializer.
          logSeverityLevel: 3,
          // Idle intra-op threads spin by default, taking the cores that sharp is decoding the
          // next image on; a scorer alternates decode and run, so let them sleep instead.
          extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
        });
      } catch (e) {
        throw new RolloutError(
          'ModelLoadFailed',
          `cannot load ONNX model ${modelPath}: ${(e as Error).message}`,
          {
            resource: modelPath,
            remediation:
              providers.join(',') === 'cpu'
                ? 'check the path and that the file is a valid ONNX model'
                : `check the path and the model, and that this onnxruntime build has the ${providers.join(', ')} execution provider (${EXECUTION_PROVIDERS_VARIABLE}; a GPU image needs onnxruntime-node with CUDA, docs/images.md)`,
            cause: e,
          },
        );
      }
    })();
    sessions.set(key, s);
    s.catch(() => sessions.delete(key));
  }
  return s;
}

/** Drops every cached session (tests, or a server shutting down). */
export async function releaseSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  await Promise.allSettled(all.map(async (p) => (await p).release()));
}

export function resolveOutputName(session: InferenceSession, ref: OutputRef, what: string): string {
  if (typeof ref === 'number') {
    const name = session.outputNames[ref];
    if (name === undefined) {
      throw new ModelCardMismatchError(
        `card output '${what}' is index ${ref} but the model has ${session.outputNames.length} outputs`,
      );
    }
    return name;
  }
  if (!session.outputNames.includes(ref)) {
    throw new ModelCardMismatchError(
      `card output '${what}' is '${ref}' but the model's outputs are ${session.outputNames.join(', ')}`,
    );
  }
  return ref;
}

/** The input name to feed, after checking the card's input against the model's metadata. */
export function checkSessionAgainstCard(
  session: InferenceSession,
  card: ModelCard,
  modelPath: string,
): string {
  const name = card.input.name ?? session.inputNames[0];
  if (name === undefined || !session.inputNames.includes(name)) {
    throw new ModelCardMismatchError(
      `card input '${name}' is not an input of ${modelPath} (inputs: ${session.inputNames.join(', ')})`,
      modelPath,
    );
  }
  const meta = (
    session as unknown as { inputMetadata?: Array<{ name: string; type?: string; shape?: unknown[] }> }
  ).inputMetadata;
  const m = meta?.find((x) => x.name === name);
  if (m?.shape) {
    const dims = m.shape;
    const expected = card.input.shape;
    const bad =
      dims.length !== 4 || dims.some((d, i) => typeof d === 'number' && d > 0 && i > 0 && d !== expected[i]);
    if (bad) {
      throw new ModelCardMismatchError(
        `model input '${name}' has shape [${dims.join(', ')}] but the card says [${expected.join(', ')}]`,
        modelPath,
      );
    }
  }
  if (m?.type && m.type !== card.input.dtype) {
    throw new ModelCardMismatchError(
      `model input '${name}' is ${m.type} but the card says ${card.input.dtype}`,
      modelPath,
    );
  }
  const o = card.output;
  const refs: Array<[OutputRef, string]> = [];
  if (o.decoder === 'postprocessed') {
    refs.push([o.outputs.boxes, 'boxes'], [o.outputs.scores, 'scores']);
    if (o.outputs.labels !== undefined) refs.push([o.outputs.labels, 'labels']);
  } else if (o.decoder === 'yolo') refs.push([o.outputs.predictions, 'predictions']);
  else if (o.decoder === 'gfl') {
    for (const [i, r] of o.outputs.scores.entries()) refs.push([r, `scores[${i}]`]);
    for (const [i, r] of o.outputs.distances.entries()) refs.push([r, `distances[${i}]`]);
  } else refs.push([o.outputs.scores, 'scores'], [o.outputs.boxes, 'boxes']);
  for (const [ref, what] of refs) resolveOutputName(session, ref, what);
  const emitted = classesEmitted(session, card);
  if (emitted !== undefined && emitted > card.classes.length) {
    throw new ModelCardMismatchError(
      `${modelPath} outputs ${emitted} classes but the card names ${card.classes.length} (${card.classes.join(', ')}): the rest would be scored under no name`,
      modelPath,
    );
  }
  return name;
}

/** How many class ids the model can emit, read off its score output's static last dimension (the
 * dense decoders: one column per class); undefined where the graph does not say (a dynamic
 * dimension, or a postprocessed model's label output, checked per detection instead). */
function classesEmitted(session: InferenceSession, card: ModelCard): number | undefined {
  const o = card.output;
  const ref =
    o.decoder === 'yolo'
      ? o.outputs.predictions
      : o.decoder === 'gfl'
        ? o.outputs.scores[0]
        : o.decoder === 'ssd'
          ? o.outputs.scores
          : undefined;
  if (ref === undefined) return undefined;
  const outputName = resolveOutputName(session, ref, 'scores');
  const meta = (session as unknown as { outputMetadata?: Array<{ name: string; shape?: unknown[] }> })
    .outputMetadata;
  const last = meta?.find((m) => m.name === outputName)?.shape?.at(-1);
  if (typeof last !== 'number' || last <= 0) return undefined;
  // Columns hold classes after any box/objectness columns; ids are column - label_offset.
  let lastColumn = last - 1;
  if (o.decoder === 'yolo') lastColumn -= o.objectness ? 5 : 4;
  if (o.decoder === 'ssd' && o.backgroundClass === lastColumn) lastColumn -= 1;
  return lastColumn - o.labelOffset + 1;
}
