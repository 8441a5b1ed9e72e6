// connectWorkspace for Azure (no request is made: the client is only built) and its input errors.
// The local-plane branch runs in shared/model/cli.test.ts, through the CLI and a real plane.
import { describe, expect, it } from 'vitest';
import { createAzureCredential } from './credentials.js';
import type { AzureAccess } from './sign-in.js';
import { connectWorkspace } from './workspace.js';

const secrets: string[] = [];
const access: AzureAccess = {
  signIn: async () =>
    createAzureCredential({ choice: 'client-secret', clientId: 'c', tenantId: 't', clientSecret: 's' }),
  onSecret: (v) => secrets.push(v),
};

describe('connectWorkspace (Azure)', () => {
  it('builds a client for the subscription, resource group and workspace given', async () => {
    const t = await connectWorkspace(
      { workspace: 'mlw', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg' },
      access,
    );
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
      await expect(connectWorkspace({ workspace: 'mlw', resourceGroup: 'rg' }, access)).rejects.toMatchObject(
        {
          code: 'InvalidInput',
          resource: 'subscription-id',
        },
      );
    } finally {
      if (saved !== undefined) process.env.AZURE_SUBSCRIPTION_ID = saved;
    }
    await expect(connectWorkspace({ workspace: 'mlw', subscriptionId: 'sub' }, access)).rejects.toMatchObject(
      {
        code: 'InvalidInput',
        resource: 'resource-group',
      },
    );
  });

  it('says when no local plane runs on the state dir, and never signs in for one', async () => {
    let signedIn = false;
    await expect(
      connectWorkspace(
        { workspace: 'dev', localStateDir: '/nonexistent/state' },
        {
          signIn: async () => {
            signedIn = true;
            throw new Error('no sign-in for the local plane');
          },
          onSecret: () => {},
        },
      ),
    ).rejects.toMatchObject({ code: 'LocalPlaneNotRunning' });
    expect(signedIn).toBe(false);
  });
});
