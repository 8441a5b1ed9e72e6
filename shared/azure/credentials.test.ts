import {
  AzureCliCredential,
  ClientAssertionCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
} from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { createAzureCredential, resolveAuthChoice } from './credentials.js';

const token = async () => 'assertion';

describe('Azure sign-in', () => {
  it('auto picks a client secret, then OIDC, then the az CLI session', () => {
    expect(resolveAuthChoice({ choice: 'auto', clientId: 'c', tenantId: 't', clientSecret: 's' })).toBe(
      'client-secret',
    );
    expect(
      resolveAuthChoice({ choice: 'auto', clientId: 'c', tenantId: 't', getFederatedToken: token }),
    ).toBe('oidc');
    expect(resolveAuthChoice({ choice: 'auto', clientId: 'c', tenantId: 't' })).toBe('azure-cli');
    expect(resolveAuthChoice({ choice: 'managed-identity' })).toBe('managed-identity');
  });

  it('builds the @azure/identity credential for each method', () => {
    expect(createAzureCredential({ choice: 'azure-cli' }).credential).toBeInstanceOf(AzureCliCredential);
    expect(
      createAzureCredential({ choice: 'client-secret', clientId: 'c', tenantId: 't', clientSecret: 's' })
        .credential,
    ).toBeInstanceOf(ClientSecretCredential);
    expect(
      createAzureCredential({ choice: 'oidc', clientId: 'c', tenantId: 't', getFederatedToken: token })
        .credential,
    ).toBeInstanceOf(ClientAssertionCredential);
    expect(createAzureCredential({ choice: 'managed-identity' }).credential).toBeInstanceOf(
      ManagedIdentityCredential,
    );
  });

  it('names the missing input', () => {
    expect(() => createAzureCredential({ choice: 'oidc', clientId: 'c', getFederatedToken: token })).toThrow(
      "input 'tenant-id': is required to sign in with oidc",
    );
    expect(() => createAzureCredential({ choice: 'oidc', clientId: 'c', tenantId: 't' })).toThrow(
      'no OIDC token source',
    );
  });
});
