// Hardening item 9: a model card that names fewer classes than the model outputs must not label
// the rest `class_<id>`. A dense head (one score column per class) is refused when the card and
// the model are loaded, before any image is decoded; a postprocessed graph, whose class count only
// shows in the labels it emits, is refused at the first label the card has no name for.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../shared/cli/main.js';

const repo = path.resolve(import.meta.dirname, '..');
const v1 = path.join(repo, 'fixtures', 'models', 'v1');
const IMAGE = path.join(repo, 'fixtures', 'golden', 'images', 'dense-03.png');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'card-classes-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The v1 card `card` with its classes list replaced. */
function cardWith(card: string, classes: string[]): string {
  const file = path.join(tmp, `${path.basename(card, '.yaml')}-${classes.length}.yaml`);
  const text = readFileSync(path.join(v1, card), 'utf8').replace(
    /^classes: \[.*\]$/m,
    `classes: [${classes.join(', ')}]`,
  );
  writeFileSync(file, text);
  return file;
}

async function score(model: string, card: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['score', '--model', model, '--card', card, '--image', IMAGE], {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('aml-rollout score with a card that names fewer classes than the model outputs', () => {
  it('a dense head (yolo, 4 class columns) with a 3-class card is refused when loaded', async () => {
    const model = path.join(v1, 'model-raw.onnx');
    const card = cardWith('model-raw-card.yaml', ['valve', 'pump', 'instrument']);
    const r = await score(model, card);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `score: ModelCardMismatch: ${model} outputs 4 classes but the card names 3 (valve, pump, instrument): the rest would be scored under no name (make the card describe the model: input name/shape/dtype and output names/positions)`,
    );
    // The full card still scores.
    expect((await score(model, path.join(v1, 'model-raw-card.yaml'))).code).toBe(0);
  });

  it('a postprocessed graph emitting a label the card has no name for is refused, never class_<id>', async () => {
    const model = path.join(v1, 'model.onnx');
    const r = await score(model, cardWith('model-card.yaml', ['valve']));
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/class_\d/);
    expect(r.stderr).toMatch(
      new RegExp(
        `^score: ${model.replaceAll('.', '\\.')}: ModelCardMismatch: ${model.replaceAll('.', '\\.')} output class id [1-3] but the card names 1 class \\(valve, ids 0-0 after label_offset\\) \\(make the card describe the model`,
      ),
    );
  });
});
