// The lock against Azurite behind the local plane's default datastore: real leases, real expiry.
import { BlobLeaseClient, BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datastoreBlobServiceUrl } from '../azure/local-plane.js';
import { type Harness, startHarness } from '../../local/testing/harness.js';
import { isRolloutError } from '../errors.js';
import { acquireEndpointLock, lockBlobName } from './lock.js';

let h: Harness;
let container: ReturnType<BlobServiceClient['getContainerClient']>;

beforeAll(async () => {
  h = await startHarness();
  const ds = await h.client.datastores.get(h.rg, 'dev', 'workspaceblobstore');
  const secrets = (await h.client.datastores.listSecrets(h.rg, 'dev', 'workspaceblobstore')) as {
    key: string;
  };
  const props = ds.properties as { accountName: string; containerName: string };
  const service = new BlobServiceClient(
    datastoreBlobServiceUrl(props),
    new StorageSharedKeyCredential(props.accountName, secrets.key),
  );
  container = service.getContainerClient(props.containerName);
});
afterAll(async () => h?.stop());

describe('endpoint lock', () => {
  it('lets one rollout in; the second waits, then fails naming the holder', async () => {
    const first = await acquireEndpointLock(
      container,
      'dev',
      'ep-a',
      { runId: '101', runUrl: 'https://ci/run/101' },
      { timeoutMs: 0, leaseSeconds: 15 },
    );
    const lines: string[] = [];
    const second = acquireEndpointLock(
      container,
      'dev',
      'ep-a',
      { runId: '102' },
      {
        timeoutMs: 600,
        retryMs: 100,
        leaseSeconds: 15,
        log: (l) => lines.push(l),
      },
    );
    const err = await second.catch((e: unknown) => e);
    expect(isRolloutError(err) && err.code).toBe('EndpointLocked');
    expect((err as Error).message).toContain('run 101 (https://ci/run/101)');
    expect(lines.join('\n')).toContain('locked by run 101');
    await first.release();
    const third = await acquireEndpointLock(
      container,
      'dev',
      'ep-a',
      { runId: '103' },
      { timeoutMs: 0, leaseSeconds: 15 },
    );
    await third.release();
    await third.release(); // idempotent
  });

  it('takes over a lease whose holder died (it expires)', async () => {
    // A dead runner: a lease nobody renews.
    const blob = container.getBlockBlobClient(lockBlobName('dev', 'ep-b'));
    await blob.upload('', 0);
    const dead = new BlobLeaseClient(blob);
    await dead.acquireLease(15);
    await blob.setMetadata({ runid: 'dead-1' }, { conditions: { leaseId: dead.leaseId } });
    const lock = await acquireEndpointLock(
      container,
      'dev',
      'ep-b',
      { runId: '201' },
      {
        timeoutMs: 40_000,
        retryMs: 500,
        leaseSeconds: 15,
      },
    );
    const props = await blob.getProperties();
    expect(props.metadata?.runid).toBe('201');
    expect(props.leaseState).toBe('leased');
    await lock.release();
  });
});
