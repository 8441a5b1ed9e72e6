// The card's `output` section: which decoder reads the model's outputs, and each decoder's settings.
import type { FieldReader } from './fields.js';
import type { OutputCommon, OutputSpec, SsdPriors } from './types.js';

const DECODERS = ['postprocessed', 'yolo', 'gfl', 'ssd'] as const;
const BOX_FORMATS = ['xyxy', 'xywh', 'cxcywh', 'yxyx'] as const;
const BOX_UNITS = ['pixels', 'normalized'] as const;
const NMS_MODES = ['class-aware', 'class-agnostic'] as const;
const ACTIVATIONS = ['none', 'sigmoid', 'softmax'] as const;

export function parseOutput(r: FieldReader): OutputSpec {
  const decoder = r.enumOf('decoder', DECODERS);
  const outputs = r.object('outputs', false);
  const common: OutputCommon = {
    labelOffset: r.number('label_offset', 0, { integer: true }),
    nms: r.enumOf('nms', NMS_MODES, decoder === 'yolo' ? 'class-agnostic' : 'class-aware'),
    nmsPlusOne: r.boolean('nms_plus_one', false),
    applyNms: r.boolean('apply_nms', decoder !== 'postprocessed'),
  };
  switch (decoder) {
    case 'postprocessed': {
      const labels = outputs.has('labels') ? outputs.outputRef('labels') : undefined;
      return {
        ...common,
        decoder,
        outputs: {
          boxes: outputs.outputRef('boxes', 'boxes'),
          ...(labels === undefined ? {} : { labels }),
          scores: outputs.outputRef('scores', 'scores'),
        },
        boxFormat: r.enumOf('box_format', BOX_FORMATS, 'xyxy'),
        boxUnits: r.enumOf('box_units', BOX_UNITS, 'pixels'),
      };
    }
    case 'yolo': {
      const strides = r.numbers('strides', []);
      if (strides.some((s) => !Number.isInteger(s) || s <= 0)) r.fail('strides', 'must be positive integers');
      return {
        ...common,
        decoder,
        outputs: { predictions: outputs.outputRef('predictions', 0) },
        strides,
        objectness: r.boolean('objectness', true),
        boxFormat: r.enumOf('box_format', BOX_FORMATS, 'cxcywh'),
        scoreActivation: r.enumOf('score_activation', ACTIVATIONS, 'none'),
      };
    }
    case 'gfl': {
      const strides = r.numbers('strides');
      if (strides.length === 0 || strides.some((s) => !Number.isInteger(s) || s <= 0)) {
        r.fail('strides', 'must be a non-empty list of positive integers');
      }
      const scores = outputs.outputRefs('scores');
      const distances = outputs.outputRefs('distances');
      if (scores.length !== strides.length || distances.length !== strides.length) {
        outputs.fail('scores', `and 'distances' must each list one output per stride (${strides.length})`);
      }
      return {
        ...common,
        decoder,
        outputs: { scores, distances },
        strides,
        regMax: r.number('reg_max', 7, { min: 0, integer: true }),
        cellOffset: r.number('cell_offset', 0.5),
        scoreActivation: r.enumOf('score_activation', ACTIVATIONS, 'none'),
        preNmsTopKPerLevel: r.number('pre_nms_top_k_per_level', 1000, { min: 0, integer: true }),
      };
    }
    case 'ssd': {
      const encoding = r.enumOf('encoding', ['corners', 'offsets'] as const, 'corners');
      let priors: SsdPriors | undefined;
      if (r.has('priors')) {
        const p = r.object('priors');
        const strides = p.numbers('strides');
        const raw = p.raw('min_sizes');
        if (
          !Array.isArray(raw) ||
          raw.length !== strides.length ||
          !raw.every((l) => Array.isArray(l) && l.every((x) => typeof x === 'number' && x > 0))
        ) {
          p.fail('min_sizes', 'must be one list of positive sizes per stride');
        }
        priors = { strides, minSizes: raw as number[][], clamp: p.boolean('clamp', true) };
      }
      if (encoding === 'offsets' && priors === undefined)
        r.fail('priors', "is required when encoding is 'offsets'");
      return {
        ...common,
        decoder,
        outputs: {
          scores: outputs.outputRef('scores', 'scores'),
          boxes: outputs.outputRef('boxes', 'boxes'),
        },
        encoding,
        backgroundClass: r.number('background_class', 0, { min: -1, integer: true }),
        ...(priors === undefined ? {} : { priors }),
        centerVariance: r.number('center_variance', 0.1),
        sizeVariance: r.number('size_variance', 0.2),
        scoreActivation: r.enumOf('score_activation', ACTIVATIONS, 'none'),
        preNmsTopK: r.number('pre_nms_top_k', 0, { min: 0, integer: true }),
      };
    }
  }
}
