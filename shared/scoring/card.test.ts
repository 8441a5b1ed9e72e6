import { describe, expect, it } from 'vitest';
import {
  AUTOML_INFERENCE_DEFAULTS,
  inferenceOverridesFromEnv,
  ModelCardError,
  overrideInference,
  parseModelCardText,
  parseTileGridSize,
} from './card.js';

const MINIMAL = `
schema: aml-rollout/model-card@1
input: { shape: [1, 3, 320, 416] }
output: { decoder: postprocessed }
classes: [valve, pump]
`;

describe('model card', () => {
  it('fills every default from a minimal card', () => {
    const card = parseModelCardText(MINIMAL);
    expect(card.input).toMatchObject({
      height: 320,
      width: 416,
      layout: 'NCHW',
      channelOrder: 'RGB',
      dtype: 'float32',
    });
    expect(card.preprocess.resize).toMatchObject({
      mode: 'stretch',
      kernel: 'sharp',
      align: 'center',
      padValue: [114, 114, 114],
    });
    expect(card.preprocess.normalize).toEqual({ scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] });
    expect(card.output).toMatchObject({
      decoder: 'postprocessed',
      boxFormat: 'xyxy',
      boxUnits: 'pixels',
      nms: 'class-aware',
    });
    expect(card.inference).toEqual(AUTOML_INFERENCE_DEFAULTS);
  });

  it('reads NHWC shapes and ignores informational keys', () => {
    const card = parseModelCardText(
      `${MINIMAL.replace('[1, 3, 320, 416]', '[1, 240, 320, 3], layout: NHWC')}sha256: abc\n`,
    );
    expect([card.input.height, card.input.width]).toEqual([240, 320]);
  });

  it.each([
    ['schema: aml-rollout/model-card@1', 'schema: other@1', "'schema'"],
    ['[1, 3, 320, 416]', '[1, 4, 320, 416]', "'input.shape'"],
    ['decoder: postprocessed', 'decoder: retina', "'output.decoder'"],
    ['classes: [valve, pump]', 'classes: []', "'classes'"],
    [
      'output: { decoder: postprocessed }',
      'output: { decoder: gfl, strides: [8, 16] }',
      "'output.outputs.scores'",
    ],
    ['output: { decoder: postprocessed }', 'output: { decoder: ssd, encoding: offsets }', "'output.priors'"],
  ])('names the bad field: %s -> %s', (from, to, field) => {
    const err = (() => {
      try {
        parseModelCardText(MINIMAL.replace(from, to), 'card.yaml');
      } catch (e) {
        return e as Error;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(ModelCardError);
    expect(err.message).toContain(field);
    expect((err as ModelCardError).code).toBe('InvalidModelCard');
  });

  it('refuses warp geometry with a kernel other than opencv-bilinear', () => {
    expect(() =>
      parseModelCardText(`${MINIMAL}preprocess: { resize: { mode: letterbox, geometry: warp } }\n`),
    ).toThrow(/geometry/);
  });

  it('parses tile grids as columns x rows', () => {
    expect(parseTileGridSize('3x2')).toEqual({ cols: 3, rows: 2 });
    expect(parseTileGridSize('(3, 2)')).toEqual({ cols: 3, rows: 2 });
    expect(parseTileGridSize([2, 1])).toEqual({ cols: 2, rows: 1 });
    expect(parseTileGridSize(null)).toBeUndefined();
    expect(() => parseTileGridSize('3by2')).toThrow();
  });

  it('overrides inference parameters from strings and refuses unknown names', () => {
    const p = overrideInference(AUTOML_INFERENCE_DEFAULTS, {
      box_score_thresh: '0.6',
      tile_grid_size: '2x2',
    });
    expect(p.boxScoreThresh).toBe(0.6);
    expect(p.tileGridSize).toEqual({ cols: 2, rows: 2 });
    expect(p.nmsIouThresh).toBe(0.5);
    expect(() => overrideInference(AUTOML_INFERENCE_DEFAULTS, { box_thresh: 1 })).toThrow(
      /not an inference parameter/,
    );
    expect(() => overrideInference(AUTOML_INFERENCE_DEFAULTS, { box_score_thresh: '2' })).toThrow(/<= 1/);
  });

  it('reads AutoML parameter names upper-cased from the environment', () => {
    expect(inferenceOverridesFromEnv({ BOX_SCORE_THRESH: '0.5', TILE_GRID_SIZE: '3x2', OTHER: 'x' })).toEqual(
      {
        box_score_thresh: '0.5',
        tile_grid_size: '3x2',
      },
    );
  });
});
