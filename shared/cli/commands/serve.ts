// `aml-rollout serve`: the local scorer behind HTTP (AutoML JSON, KServe v2, TorchServe routes).
// The local control plane runs each deployment as a child process of this command and waits for
// the one JSON line `{"url": ...}` on stdout; it stops it with SIGTERM.
//   aml-rollout serve --model M.onnx --card card.yaml [--port N] [--host 127.0.0.1]
//                     [--protocol automl|kserve|torchserve] [--param k=v]... [--name NAME]
// Inference parameters come from the card, then the environment (AutoML names upper-cased:
// BOX_SCORE_THRESH, NMS_IOU_THRESH, BOX_DETECTIONS_PER_IMG, TILE_GRID_SIZE, TILE_OVERLAP_RATIO,
// TILE_PREDICTIONS_NMS_THRESH), then --param.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeError } from '../../errors.js';
import { parsePairs } from '../../inputs/parse.js';
import { checkedInferenceOverridesFromEnv, loadModelCard, overrideInference } from '../../scoring/card.js';
import { DetectionScorer } from '../../scoring/scorer.js';
import { type ServeProtocol, startScoringServer } from '../../scoring/server.js';
import type { CliCommand, CliIO } from '../command.js';

const USAGE = `aml-rollout serve --model M.onnx --card card.yaml [--port N] [--host 127.0.0.1]
                  [--protocol automl|kserve|torchserve] [--param name=value]... [--name MODEL]
                  [--threads N] [--max-request-bytes N]

Prints {"url": "http://host:port", ...} on stdout once listening; runs until SIGTERM/SIGINT.
Routes: POST /score (AutoML JSON or raw bytes), POST /v2/models/{m}/infer, GET /v2/health/live|ready,
GET /v2/models/{m}, POST /predictions/{m}, GET /ping. --protocol picks what POST / speaks.
Environment: BOX_SCORE_THRESH, NMS_IOU_THRESH, BOX_DETECTIONS_PER_IMG, TILE_GRID_SIZE,
TILE_OVERLAP_RATIO, TILE_PREDICTIONS_NMS_THRESH override the card; --param overrides both.`;

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve the local ONNX detection scorer over HTTP (AutoML, KServe v2, TorchServe routes)',
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    let values: Record<string, string | string[] | boolean | undefined>;
    let cliParams: Record<string, string>;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          model: { type: 'string' },
          card: { type: 'string' },
          port: { type: 'string', default: '0' },
          host: { type: 'string', default: '127.0.0.1' },
          protocol: { type: 'string', default: 'automl' },
          param: { type: 'string', multiple: true },
          name: { type: 'string' },
          threads: { type: 'string' },
          'max-request-bytes': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
      }));
      if (values.help) {
        io.stdout(USAGE);
        return 0;
      }
      if (typeof values.model !== 'string' || typeof values.card !== 'string') {
        throw new Error('--model and --card are required');
      }
      if (!['automl', 'kserve', 'torchserve'].includes(values.protocol as string)) {
        throw new Error('--protocol must be automl, kserve or torchserve');
      }
      cliParams = parsePairs('param', (values.param as string[]) ?? []);
    } catch (e) {
      io.stderr(`serve: ${describeError(e)}\n\n${USAGE}`);
      return 2;
    }
    const model = values.model as string;
    try {
      const card = await loadModelCard(values.card as string);
      // Each source checked under its own name before the model is opened: a refused
      // TILE_GRID_SIZE names the variable, a refused --param names --param, never the card.
      const params = {
        ...checkedInferenceOverridesFromEnv(card.inference, process.env, Object.keys(cliParams)),
        ...cliParams,
      };
      overrideInference(card.inference, cliParams, '--param');
      const threads = values.threads === undefined ? undefined : Number(values.threads);
      const scorer = await DetectionScorer.open(model, card, threads ? { intraOpThreads: threads } : {});
      const name =
        (values.name as string | undefined) ?? card.name ?? path.basename(model, path.extname(model));
      const maxBytes = values['max-request-bytes'];
      const server = await startScoringServer({
        scorer,
        modelName: name,
        protocol: values.protocol as ServeProtocol,
        overrides: params,
        host: values.host as string,
        port: Number(values.port),
        ...(maxBytes === undefined ? {} : { maxRequestBytes: Number(maxBytes) }),
      });
      io.stdout(
        JSON.stringify({ url: server.url, model: name, protocol: values.protocol, pid: process.pid }),
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          server.close().then(resolve, resolve);
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
      return 0;
    } catch (e) {
      io.stderr(`serve: ${describeError(e)}`);
      return 1;
    }
  },
};
