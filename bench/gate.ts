// Benchmark of the gate (Must-show 6), in one run against one local-plane deployment (the real
// scorer serving fixtures/models/v2, tiled 3x2 as the golden set needs):
//   (a) the gate's endpoint side (`runEndpoint`: read, encode, send, retry policy, decode, label
//       mapping) over the golden set, `--concurrency` requests in flight;
//   (b) autocannon sending the same request bodies (the same encoder) to the same scoring URI with
//       the same headers, `--concurrency` connections, one request per golden image;
//   (c) the whole gate step (local scorer + endpoint + evaluation + reports), for scale.
// (a) and (b) are interleaved round by round and each reports its median round (shared machine).
// The goal is (a) / (b) <= 1.2: the gate's client adds little to what the endpoint itself takes.
// usage: npx tsx bench/gate.ts [--rounds N] [--concurrency C]

import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import {
  createDeployment,
  createEndpoint,
  registerModel,
  setTraffic,
  startHarness,
} from '../local/testing/harness.js';
import { selfCommand } from '../shared/launch/cli.js';
import { stepCommand } from '../shared/cli/step-command.js';
import { type EndpointTarget, encodeRequest } from '../shared/endpoint/client.js';
import { loadGoldenSet } from '../shared/gate/golden.js';
import { runEndpoint } from '../shared/gate/run.js';
import { gate } from '../shared/steps/catalog/gate.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '2' } },
});
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);
const v2 = path.join(repo, 'fixtures', 'models', 'v2');
const goldenDir = path.join(repo, 'fixtures', 'golden');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const h = await startHarness({ serveCommand: selfCommand });
  const out = mkdtempSync(path.join(os.tmpdir(), 'bench-gate-'));
  try {
    const model = await registerModel(h, 'dev', 'pid-v2', '1', {
      'model.onnx': await readFile(path.join(v2, 'model.onnx')),
      'model-card.yaml': await readFile(path.join(v2, 'model-card.yaml')),
    });
    const ep = await createEndpoint(h, 'dev', 'ep-bench');
    await createDeployment(h, 'dev', 'ep-bench', 'green', model, {
      environmentVariables: { TILE_GRID_SIZE: '3x2' },
    });
    await setTraffic(h, 'dev', 'ep-bench', { green: 100 });
    const key = (await h.client.onlineEndpoints.listKeys(h.rg, 'dev', 'ep-bench')).primaryKey as string;
    const target: EndpointTarget = {
      scoringUri: ep.properties.scoringUri as string,
      protocol: 'automl',
      credential: key,
      deployment: 'green',
    };
    const golden = await loadGoldenSet(goldenDir);
    const images = [...golden.images].sort((a, b) => a.id - b.id);
    const bodies = await Promise.all(images.map(async (i) => encodeRequest(target, await readFile(i.file))));
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${key}`,
      'azureml-model-deployment': 'green',
    };

    const gateEndpoint = async () => {
      const t = performance.now();
      const r = await runEndpoint({ target, concurrency }, images, golden, undefined, () => undefined);
      if (r.failures.length) throw new Error(`gate: ${r.failures.length} requests failed`);
      return performance.now() - t;
    };
    const cannon = async () => {
      let next = 0;
      const t = performance.now();
      const result = await autocannon({
        url: target.scoringUri,
        connections: concurrency,
        amount: bodies.length,
        timeout: 60,
        requests: [
          {
            method: 'POST',
            headers,
            // Called once per request built (first requests at connect, then one per answer), so
            // the shared counter hands out each golden image's body once, in order.
            setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length]?.body }),
          },
        ],
      });
      const ms = performance.now() - t;
      if (result.non2xx || result.errors || result.timeouts)
        throw new Error(`autocannon: ${result.non2xx} non-2xx, ${result.errors} errors`);
      if (result.requests.total !== bodies.length)
        throw new Error(`autocannon sent ${result.requests.total} requests, not ${bodies.length}`);
      return ms;
    };

    console.error(
      `golden set: ${images.length} images, ${(bodies.reduce((s, b) => s + b.body.length, 0) / 1e6).toFixed(1)} MB of request bodies; concurrency ${concurrency}; ${rounds} rounds`,
    );
    await gateEndpoint(); // warm-up: first inference, connection pools
    await cannon();
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first so load drift favours neither.
      if (r % 2 === 0) {
        a.push(await gateEndpoint());
        b.push(await cannon());
      } else {
        b.push(await cannon());
        a.push(await gateEndpoint());
      }
      console.error(
        `round ${r + 1}: gate endpoint side ${a.at(-1)?.toFixed(0)} ms, autocannon ${b.at(-1)?.toFixed(0)} ms`,
      );
    }

    // (c) the whole gate step, as the CLI runs it (one run: it takes longest).
    const t = performance.now();
    const code = await stepCommand(gate).run(
      [
        '--local',
        h.stateDir,
        '--workspace',
        'dev',
        '--endpoint',
        'ep-bench',
        '--deployment',
        'green',
        '--concurrency',
        String(concurrency),
        '--golden',
        goldenDir,
        '--model',
        path.join(v2, 'model.onnx'),
        '--card',
        path.join(v2, 'model-card.yaml'),
        '--report-dir',
        path.join(out, 'report'),
      ],
      { stdout: () => undefined, stderr: () => undefined },
    );
    const whole = performance.now() - t;
    if (code !== 0) throw new Error(`whole gate exited ${code}`);

    const ma = median(a);
    const mb = median(b);
    const rows = [
      ['gate endpoint side (runEndpoint)', ma],
      ['autocannon, same bodies', mb],
      ['whole gate step (local + endpoint + reports)', whole],
    ] as const;
    console.log(
      `\ngate benchmark: ${images.length} golden images, concurrency ${concurrency}, median of ${rounds} rounds`,
    );
    for (const [name, ms] of rows)
      console.log(
        `  ${name.padEnd(46)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${((images.length * 1000) / ms).toFixed(1).padStart(6)} img/s`,
      );
    console.log(`  ratio endpoint side / autocannon: ${(ma / mb).toFixed(3)} (goal <= 1.2)`);
    console.log(
      `  ratio whole gate / autocannon:    ${(whole / mb).toFixed(3)} (includes local scoring; no goal)`,
    );
  } finally {
    await h.stop();
    rmSync(out, { recursive: true, force: true });
  }
}

await main();
