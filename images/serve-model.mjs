// Entry point of the suite's inference images: finds the model AML mounted under AZUREML_MODEL_DIR
// (a registered folder lands one or more levels below it) and runs `aml-rollout serve` on it in
// this process, so the endpoint runs exactly the scorer the local plane and the gate run.
//   AZUREML_MODEL_DIR            set by AML: the registered model's files are below it
//   AML_ROLLOUT_MODEL_FILE       the ONNX file, relative to the card's folder (default: the card's
//                                `file:`, else model.onnx, else the only .onnx there)
//   AML_ROLLOUT_PORT             the inference_config port (default 5001; 0 picks a free one)
//   AML_ROLLOUT_SCORING_PROTOCOL automl (default) | kserve | torchserve: what POST / speaks
// AutoML's inference parameters come from the environment as `serve` reads them (BOX_SCORE_THRESH...).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

function fail(message) {
  process.stderr.write(`serve-model: ${message}\n`);
  process.exit(2);
}

const modelDir = process.env.AZUREML_MODEL_DIR;
if (!modelDir) fail('AZUREML_MODEL_DIR is not set (AML sets it to the mounted model folder)');

let entries;
try {
  entries = readdirSync(modelDir, { recursive: true }).map(String);
} catch (e) {
  fail(`cannot read AZUREML_MODEL_DIR ${modelDir}: ${e.message}`);
}
// The shallowest card wins: a model folder may carry other cards deeper down (raw heads).
const cards = entries
  .filter((e) => /^model-card\.ya?ml$/.test(path.basename(e)))
  .sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || a.localeCompare(b));
if (cards.length === 0) fail(`no model-card.yaml under ${modelDir}; register the model folder with its card`);
const card = path.join(modelDir, cards[0]);
const folder = path.dirname(card);

function modelFile() {
  if (process.env.AML_ROLLOUT_MODEL_FILE) return process.env.AML_ROLLOUT_MODEL_FILE;
  const named = /^file:\s*["']?([^"'#\s]+)/m.exec(readFileSync(card, 'utf8'))?.[1];
  if (named) return named;
  const onnx = readdirSync(folder).filter((f) => f.endsWith('.onnx'));
  if (onnx.includes('model.onnx')) return 'model.onnx';
  if (onnx.length === 1) return onnx[0];
  fail(
    `cannot tell which ONNX file to serve in ${folder} (${onnx.join(', ') || 'none'}); set AML_ROLLOUT_MODEL_FILE`,
  );
}

process.argv = [
  process.argv[0],
  'aml-rollout',
  'serve',
  '--model',
  path.join(folder, modelFile()),
  '--card',
  card,
  '--host',
  '0.0.0.0',
  '--port',
  process.env.AML_ROLLOUT_PORT ?? '5001',
  '--protocol',
  process.env.AML_ROLLOUT_SCORING_PROTOCOL ?? 'automl',
];
await import(new URL('../dist/cli/index.js', import.meta.url).href);
