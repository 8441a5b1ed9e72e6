// connectWorkspace for Azure (no request is made: the client is only built) and its input errors.
// The local-plane branch runs in shared/model/cli.test.ts, through the CLI and a real plane.
import { describe, expect, it } from 'vitest';
import { CliHost } from '../host/cli.js';
import { connectWorkspace } from './workspace.js';

const quiet = { stdout: () => {}, stderr: () => {} };
const signedIn = () =>
  new CliHost({ auth: 'client-secret', 'client-id': 'c', 'tenant-id': 't', 'client-secret': 's' }, quiet);

describe('connectWorkspace (Azure)', () => {
  it('builds a client for the subscription, resource group and workspace given', async () => {
    const t = await connectWorkspace(signedIn(), {
      workspace: 'mlw',
      'subscription-id': '00000000-0000-0000-0000-000000000001',
      'resource-group': 'rg',
      'local-state-dir': undefined,
    });
    expect(t).toMatchObject({
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      resourceGroup: 'rg',
      workspace: 'mlw',
      via: 'client-secret',
    });
    expect(t.client.subscriptionId).toBe('00000000-0000-0000-0000-000000000001');
    expect(t.credential).toBeDefined();
  });

  it('names the missing input', async () => {
    const saved = process.env.AZURE_SUBSCRIPTION_ID;
    delete process.env.AZURE_SUBSCRIPTION_ID;
    try {
      await expect(
        connectWorkspace(signedIn(), {
          workspace: 'mlw',
          'subscription-id': undefined,
          'resource-group': 'rg',
          'local-state-dir': undefined,
        }),
      ).rejects.toMatchObject({ code: 'InvalidInput', resource: 'subscription-id' });
    } finally {
      if (saved !== undefined) process.env.AZURE_SUBSCRIPTION_ID = saved;
    }
    await expect(
      connectWorkspace(signedIn(), {
        workspace: 'mlw',
        'subscription-id': 'sub',
        'resource-group': undefined,
        'local-state-dir': undefined,
      }),
    ).rejects.toMatchObject({ code: 'InvalidInput', resource: 'resource-group' });
  });

  it('says when no local plane runs on the state dir', async () => {
    await expect(
      connectWorkspace(signedIn(), {
        workspace: 'dev',
        'subscription-id': undefined,
        'resource-group': undefined,
        'local-state-dir': '/nonexistent/state',
      }),
    ).rejects.toMatchObject({ code: 'LocalPlaneNotRunning' });
  });
});
