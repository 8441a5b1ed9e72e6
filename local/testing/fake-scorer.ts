// A stand-in for `aml-rollout serve` in plane tests that do not need a real model: same command
// line and ready line, answers every POST with one AutoML-format box and names the deployment
// that answered, so routing and mirroring tests stay fast on two cores.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const port = Number(flag('port') ?? 0);
const model = flag('model') ?? '';
const deployment = process.env.AML_ROLLOUT_DEPLOYMENT ?? 'unknown';
const modelText = (() => {
  try {
    return readFileSync(model, 'utf8').slice(0, 64);
  } catch {
    return '';
  }
})();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('Healthy');
      return;
    }
    const body = JSON.stringify([
      {
        boxes: [
          { box: { topX: 0.1, topY: 0.2, bottomX: 0.5, bottomY: 0.6 }, label: 'car', score: 0.87654321 },
        ],
        deployment,
        model: path.basename(model),
        modelText,
        path: req.url,
      },
    ]);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(port, '127.0.0.1', () => {
  const addr = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${addr.port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
