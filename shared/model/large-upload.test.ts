// A 300 MB model file through the CLI process: streamed hashing and block upload keep the peak
// RSS growth under 100 MB, and progress lines show. RSS is read from outside, from
// /proc/<pid>/status of the CLI process: growth = VmHWM (peak) at exit - VmRSS when the step
// printed its first line (inputs parsed, files listed, before hashing and upload).
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../local/testing/harness.js';

const repo = path.resolve(import.meta.dirname, '../..');
const MiB = 1024 * 1024;
const SIZE = 300 * MiB;

let h: Harness;
let tmp: string;

beforeAll(async () => {
  h = await startHarness();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'register-model-large-'));
});

afterAll(async () => {
  await h?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function writeLargeFile(file: string): void {
  const chunk = Buffer.alloc(MiB);
  for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE((i * 2654435761) >>> 0, i);
  const fd = openSync(file, 'w');
  try {
    for (let i = 0; i < SIZE / MiB; i++) {
      chunk.writeUInt32LE(i, 0);
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
}

function kib(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

it(
  'uploads a 300 MB file with peak RSS growth under 100 MB and progress lines',
  {
    skip: process.platform !== 'linux',
  },
  async () => {
    const dir = path.join(tmp, 'big-model');
    mkdirSync(dir);
    writeLargeFile(path.join(dir, 'weights.bin'));

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'entries/cli.ts',
        'register-model',
        '--local',
        h.stateDir,
        '--workspace',
        'dev',
        '--path',
        dir,
        '--name',
        'big-model',
      ],
      { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const pid = child.pid as number;
    let stdout = '';
    let stderr = '';
    let baseline = Number.NaN;
    let peak = 0;
    const sample = () => {
      try {
        // A zombie (exited, not yet reaped) has no Vm* lines: those reads are NaN and ignored.
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const hwm = kib(status, 'VmHWM');
        if (Number.isFinite(hwm)) peak = Math.max(peak, hwm);
        const rss = kib(status, 'VmRSS');
        if (Number.isNaN(baseline) && stderr.length > 0 && Number.isFinite(rss)) baseline = rss;
      } catch {
        // the process has exited
      }
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      sample();
    });
    const timer = setInterval(sample, 20);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(timer);

    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout);
    expect(out['model-ref']).toBe('azureml:big-model:1');
    const progress = stderr.split('\n').filter((l) => /^upload \d+%/.test(l));
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.at(-1)).toMatch(/^upload 100%: 300\.0 MiB of 300\.0 MiB/);

    const growth = peak - baseline;
    console.log(
      `300 MB upload: baseline RSS ${(baseline / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB, growth ${(growth / MiB).toFixed(1)} MiB; ${progress.length} progress lines`,
    );
    expect(Number.isFinite(growth)).toBe(true);
    expect(growth).toBeLessThan(100 * MiB);

    const v = await h.client.modelVersions.get(h.rg, 'dev', 'big-model', '1');
    const uriPath = (v.properties.modelUri ?? '').split('/paths/')[1] as string;
    const { BlobServiceClient, StorageSharedKeyCredential } = await import('@azure/storage-blob');
    const { datastoreBlobServiceUrl } = await import('../azure/local-plane.js');
    const ds = await h.client.datastores.get(h.rg, 'dev', 'workspaceblobstore');
    const props = ds.properties as { accountName: string; containerName: string };
    const { key } = (await h.client.datastores.listSecrets(h.rg, 'dev', 'workspaceblobstore')) as {
      key: string;
    };
    const blob = new BlobServiceClient(
      datastoreBlobServiceUrl(props),
      new StorageSharedKeyCredential(props.accountName, key),
    )
      .getContainerClient(props.containerName)
      .getBlockBlobClient(`${uriPath}/weights.bin`);
    expect((await blob.getProperties()).contentLength).toBe(SIZE);
  },
);
