// The rollout lock: a lease on a blob named after the endpoint in the workspace's default
// datastore. Azure blob leases are atomic and expire on their own, so a runner that dies holds the
// endpoint for one lease period at most; a live one renews while it runs. Who holds the lock
// (run id and link) is kept in the blob's metadata, so a second rollout can name the holder.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BlobLeaseClient, BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { RolloutError } from '../errors.js';

export interface LockHolder {
  runId: string;
  runUrl?: string | undefined;
}

export interface LockOptions {
  /** How long to wait for another rollout's lease, in ms; 0 fails at once. */
  timeoutMs: number;
  /** Lease length in seconds (Azure: 15 to 60); renewed at a third of it. */
  leaseSeconds?: number;
  /** The lease id to hold (a GUID; random when absent). Azure grants an acquire with the id of the
   * active lease, so the post-job entry can take over the lease its own killed main entry held. */
  leaseId?: string | undefined;
  /** How often a waiting rollout tries again, in ms. */
  retryMs?: number;
  signal?: AbortSignal | undefined;
  /** Said while waiting for another holder. */
  log?: (line: string) => void;
  /** Called when a renewal fails: the lock may be lost, and the rollout must stop. */
  onLost?: (error: Error) => void;
}

export interface EndpointLock {
  readonly blobName: string;
  /** Release the lease (idempotent). */
  release(): Promise<void>;
}

export function lockBlobName(workspace: string, endpoint: string): string {
  // Endpoint names are unique per workspace and case-insensitive in Azure.
  return `azureml-rollout/locks/${workspace.toLowerCase()}/${endpoint.toLowerCase()}.lock`;
}

const statusOf = (e: unknown) => (e as { statusCode?: number }).statusCode;
const codeOf = (e: unknown) => (e as { code?: string }).code;

export async function acquireEndpointLock(
  container: ContainerClient,
  workspace: string,
  endpoint: string,
  holder: LockHolder,
  options: LockOptions,
): Promise<EndpointLock> {
  const blobName = lockBlobName(workspace, endpoint);
  const blob = container.getBlockBlobClient(blobName);
  const leaseSeconds = options.leaseSeconds ?? 60;
  const deadline = Date.now() + options.timeoutMs;
  await ensureBlob(blob);
  const { BlobLeaseClient } = await import('@azure/storage-blob');
  const lease = new BlobLeaseClient(blob, options.leaseId);
  let said = false;
  for (;;) {
    try {
      await lease.acquireLease(leaseSeconds);
      break;
    } catch (e) {
      if (statusOf(e) !== 409) throw lockError(e, blobName);
      const current = await readHolder(blob);
      if (Date.now() >= deadline) {
        throw new RolloutError(
          'EndpointLocked',
          `endpoint '${endpoint}' is locked by another rollout: run ${current.runId}${current.runUrl ? ` (${current.runUrl})` : ''}`,
          {
            resource: endpoint,
            remediation: `wait for that run to finish, or raise lock-timeout (waited ${Math.round(options.timeoutMs / 1000)} s); a lease left by a dead runner expires within ${leaseSeconds} s`,
          },
        );
      }
      if (!said) {
        options.log?.(
          `endpoint '${endpoint}' is locked by run ${current.runId}${current.runUrl ? ` (${current.runUrl})` : ''}; waiting up to ${Math.round(options.timeoutMs / 1000)} s`,
        );
        said = true;
      }
      await sleep(
        Math.min(options.retryMs ?? 2000, Math.max(0, deadline - Date.now())),
        undefined,
        options.signal ? { signal: options.signal } : {},
      );
    }
  }
  await blob.setMetadata(
    {
      runid: holder.runId,
      ...(holder.runUrl ? { runurl: holder.runUrl } : {}),
      acquired: new Date().toISOString(),
    },
    { conditions: { leaseId: lease.leaseId } },
  );
  return holdLease(lease, blobName, leaseSeconds, options.onLost);
}

function holdLease(
  lease: BlobLeaseClient,
  blobName: string,
  leaseSeconds: number,
  onLost: ((error: Error) => void) | undefined,
): EndpointLock {
  let released = false;
  const timer = setInterval(
    () => {
      lease.renewLease().catch((e: unknown) => {
        if (released) return;
        clearInterval(timer);
        onLost?.(lockError(e, blobName));
      });
    },
    (leaseSeconds * 1000) / 3,
  );
  // A rollout that ends without releasing must not be kept alive by the renewal timer.
  timer.unref();
  return {
    blobName,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      try {
        await lease.releaseLease();
      } catch (e) {
        // Already expired or taken over: nothing of ours is left to release.
        if (statusOf(e) !== 409 && statusOf(e) !== 412) throw lockError(e, blobName);
      }
    },
  };
}

async function ensureBlob(blob: BlockBlobClient): Promise<void> {
  try {
    await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
  } catch (e) {
    // 409 (exists, or leased) and 412 (exists) mean the blob is there: that is all we need.
    if (statusOf(e) !== 409 && statusOf(e) !== 412) throw lockError(e, blob.name);
  }
}

async function readHolder(blob: BlockBlobClient): Promise<LockHolder> {
  try {
    const props = await blob.getProperties();
    const m = props.metadata ?? {};
    return { runId: m.runid ?? 'unknown', runUrl: m.runurl };
  } catch {
    return { runId: 'unknown' };
  }
}

function lockError(e: unknown, blobName: string): RolloutError {
  return new RolloutError(
    'EndpointLockFailed',
    `could not hold the rollout lock ${blobName}: ${codeOf(e) ?? statusOf(e) ?? ''} ${(e as Error).message}`.trim(),
    {
      resource: blobName,
      remediation:
        'the identity needs write access to the workspace default datastore (Storage Blob Data Contributor)',
      cause: e,
    },
  );
}
