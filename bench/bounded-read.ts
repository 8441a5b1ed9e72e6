// Cost of reading a response under a size limit (shared/http/request.ts: streamed, counted chunk by
// chunk, refused past `maxResponseBytes`) against an unbounded read of the same response
// (`fetch` + `arrayBuffer()`, what the helper did before), in this one run: the ratio is the
// figure (goal <= 1.1x). The response is large but allowed (64 MiB, under a 256 MiB limit), served
// by a local HTTP server from one prebuilt buffer. Runs are interleaved and each reports its median;
// also the time to refuse a 2 GiB chunked response at a 16 MiB limit (the server streams it).
// usage: npx tsx bench/bounded-read.ts [--runs N]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { HttpError, httpRequest } from '../shared/http/request.js';
import { NO_RETRY } from '../shared/http/retry.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
const MiB = 1024 * 1024;
const SIZE = 64 * MiB;
const body = Buffer.alloc(SIZE, 0x20);
const chunk = Buffer.alloc(MiB, 0x20);

const server = createServer((req, res) => {
  if (req.url === '/huge') {
    res.writeHead(200, { 'content-type': 'application/json' });
    let sent = 0;
    let closed = false;
    res.on('close', () => (closed = true));
    res.on('error', () => undefined);
    const more = () => {
      while (!closed && sent < 2048 * MiB) {
        sent += MiB;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      if (!closed) res.end();
    };
    return more();
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(SIZE) }).end(body);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const bounded: number[] = [];
const unbounded: number[] = [];
const refused: number[] = [];
for (let i = 0; i < runs + 1; i++) {
  const b = await time(async () => {
    const res = await httpRequest({ url: `${base}/big`, retry: NO_RETRY, maxResponseBytes: 256 * MiB });
    if (res.body.length !== SIZE) throw new Error('short read');
  });
  const u = await time(async () => {
    const res = await fetch(`${base}/big`);
    if ((await res.arrayBuffer()).byteLength !== SIZE) throw new Error('short read');
  });
  const r = await time(async () => {
    const e = await httpRequest({ url: `${base}/huge`, retry: NO_RETRY, maxResponseBytes: 16 * MiB }).catch(
      (x: unknown) => x,
    );
    if (!(e instanceof HttpError) || e.code !== 'HttpResponseTooLarge') throw new Error('not refused');
  });
  if (i === 0) continue; // warm-up
  bounded.push(b);
  unbounded.push(u);
  refused.push(r);
}
server.close();

const [mb, mu] = [median(bounded), median(unbounded)];
console.log(`median of ${runs} interleaved runs, ${SIZE / MiB} MiB response from a local server`);
console.log('read                               ms      ratio to unbounded (goal <= 1.1x)');
console.log(`unbounded (fetch + arrayBuffer)  ${mu.toFixed(1).padStart(6)}   1.00x`);
console.log(`bounded (httpRequest, 256 MiB)   ${mb.toFixed(1).padStart(6)}   ${(mb / mu).toFixed(2)}x`);
console.log(`refusing a 2 GiB chunked response at 16 MiB: ${median(refused).toFixed(1)} ms`);
console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
