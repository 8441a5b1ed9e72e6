// `aml-rollout score`: score images with the local ONNX scorer and print the detections as JSON.
// Release checks call this exact form, so its flags and output shape are a contract:
//   aml-rollout score --model M.onnx --card card.yaml --image IMG [--image IMG2]...
//                     [--param name=value]... [--format automl|coco] [--threads N]
// automl: the endpoint's response body, one {"boxes": [...]} per image, in order.
// coco:   one flat list of COCO results; image_id is the image's file name.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeError, RolloutError } from '../../errors.js';
import { parsePairs } from '../../inputs/parse.js';
import { loadModelCard } from '../../scoring/card.js';
import { toAutoml, toCoco } from '../../scoring/format.js';
import type { ScoredImage } from '../../scoring/detection.js';
import { DetectionScorer } from '../../scoring/scorer.js';
import type { CliCommand, CliIO } from '../command.js';

const USAGE = `aml-rollout score --model M.onnx --card card.yaml --image IMG [--image IMG]...
                  [--param name=value]... [--format automl|coco] [--threads N]

  --param   AutoML inference parameter: box_score_thresh, nms_iou_thresh, box_detections_per_img,
            tile_grid_size (e.g. 3x2), tile_overlap_ratio, tile_predictions_nms_thresh
  --format  automl (default): [{"boxes":[{"box":{"topX",...},"label","score"}]}] per image
            coco: [{"image_id","category_id","bbox":[x,y,w,h],"score","label"}]`;

export const scoreCommand: CliCommand = {
  name: 'score',
  summary: 'Score images with the local ONNX detection scorer and print detections as JSON',
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    let values: {
      model?: string;
      card?: string;
      image?: string[];
      param?: string[];
      format?: string;
      threads?: string;
      help?: boolean;
    };
    let params: Record<string, string>;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          model: { type: 'string' },
          card: { type: 'string' },
          image: { type: 'string', multiple: true },
          param: { type: 'string', multiple: true },
          format: { type: 'string', default: 'automl' },
          threads: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: false,
      }));
      if (values.help) {
        io.stdout(USAGE);
        return 0;
      }
      if (!values.model || !values.card || !values.image?.length)
        throw new Error('--model, --card and --image are required');
      if (values.format !== 'automl' && values.format !== 'coco')
        throw new Error(`--format must be automl or coco`);
      params = parsePairs('param', values.param ?? []);
    } catch (e) {
      io.stderr(`score: ${describeError(e)}\n\n${USAGE}`);
      return 2;
    }
    try {
      const card = await loadModelCard(values.card);
      const threads = values.threads === undefined ? undefined : Number(values.threads);
      const scorer = await DetectionScorer.open(
        values.model,
        card,
        threads ? { intraOpThreads: threads } : {},
      );
      scorer.params(params, 'param'); // unknown or out-of-range parameters fail before any decoding
      const images = await Promise.all(values.image.map((f) => readFile(f)));
      // Several images are scored side by side on worker threads; results keep their order.
      const scored = await scorer.scoreBatch(images, params, values.image).finally(() => scorer.close());
      const failed = scored.find((r) => r instanceof RolloutError);
      if (failed) {
        // Name the file: with several images the message alone does not say which one.
        io.stderr(`score: ${failed.resource ?? 'image'}: ${describeError(failed)}`);
        return 1;
      }
      const results = scored as ScoredImage[];
      if (values.format === 'coco') {
        io.stdout(
          JSON.stringify(results.flatMap((r, i) => toCoco(r, path.basename(values.image?.[i] ?? '')))),
        );
      } else {
        io.stdout(JSON.stringify(results.map(toAutoml)));
      }
      return 0;
    } catch (e) {
      io.stderr(`score: ${describeError(e)}`);
      return 1;
    }
  },
};
