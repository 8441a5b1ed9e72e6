// Endpoint YAML: accepted fields, traffic refused, and the ARM body it maps to.
import type { OnlineEndpoint } from '@azure/arm-machinelearning';
import { describe, expect, it } from 'vitest';
import { parseEndpointYaml, toOnlineEndpoint } from './endpoint.js';
import { SpecError } from './issues.js';

function issuesOf(text: string): SpecError['issues'] {
  try {
    parseEndpointYaml(text, 'endpoint.yml');
  } catch (e) {
    if (e instanceof SpecError) return e.issues;
    throw e;
  }
  throw new Error('expected the YAML to be refused');
}

const UAI =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/deployer';

describe('parseEndpointYaml', () => {
  it('reads every accepted field and defaults auth_mode to key', () => {
    expect(parseEndpointYaml('name: pid-symbols\n', 'endpoint.yml')).toEqual({
      name: 'pid-symbols',
      authMode: 'key',
      tags: {},
      properties: {},
      ignored: [],
    });
    const spec = parseEndpointYaml(
      `$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
name: pid-symbols
auth_mode: AML_Token
description: detector
tags: { team: vision }
properties: { owner: mlops }
public_network_access: disabled
identity:
  type: system_assigned,user_assigned
  user_assigned_identities:
    - resource_id: ${UAI}
location: westeurope
scoring_uri: https://pid-symbols.westeurope.inference.ml.azure.com/score
provisioning_state: Succeeded
`,
      'endpoint.yml',
    );
    expect(spec).toEqual({
      name: 'pid-symbols',
      authMode: 'aml_token',
      description: 'detector',
      tags: { team: 'vision' },
      properties: { owner: 'mlops' },
      publicNetworkAccess: 'disabled',
      identity: { type: 'system_assigned,user_assigned', userAssignedIdentities: [UAI] },
      location: 'westeurope',
      ignored: ['provisioning_state', 'scoring_uri'],
    });
  });

  it('refuses traffic and mirror_traffic: the deploy step owns them', () => {
    let error: unknown;
    try {
      parseEndpointYaml(
        'name: pid-symbols\ntraffic:\n  blue: 100\nmirror_traffic:\n  green: 10\n',
        'endpoint.yml',
      );
    } catch (e) {
      error = e;
    }
    const err = error as SpecError;
    expect(err.code).toBe('InvalidEndpointYaml');
    expect(err.issues.map((i) => [i.path, i.line, i.message])).toEqual([
      ['traffic', 2, 'is set by the deploy step, not by the endpoint YAML'],
      ['mirror_traffic', 4, 'is set by the deploy step, not by the endpoint YAML'],
    ]);
    expect(err.issues[0]?.hint).toMatch(/traffic-steps/);
  });

  it('refuses aad_token, kind, compute, bad names, identities and unknown keys, all at once', () => {
    const got = issuesOf(`name: 1-endpoint
auth_mode: aad_token
kind: Managed
compute: azureml:k8s
public_network_access: maybe
identity:
  type: user_assigned
  user_assigned_identities:
    - resource_id: /subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x
    - client_id: abc
descripton: typo
`);
    expect(got.map((i) => [i.path, i.message])).toEqual([
      [
        'name',
        "endpoint name '1-endpoint' must start with a letter, contain only letters, digits and '-', and not end with '-'",
      ],
      ['auth_mode', 'aad_token is not supported by the deploy step'],
      ['kind', 'is output-only (az ml does not accept it on input either)'],
      ['compute', 'is for Kubernetes online endpoints; the deploy step creates managed online endpoints'],
      ['public_network_access', 'expected one of enabled, disabled, got "maybe"'],
      [
        'identity.user_assigned_identities[0].resource_id',
        "'/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x' is not the ARM id of a user-assigned identity",
      ],
      [
        'identity.user_assigned_identities[1]',
        'expected {resource_id: <ARM id of a user-assigned identity>}',
      ],
      ['descripton', 'is not a field of this schema'],
    ]);
  });

  it('requires a name', () => {
    expect(issuesOf('auth_mode: key\n').map((i) => `${i.path}: ${i.message}`)).toEqual(['name: is required']);
  });
});

describe('toOnlineEndpoint', () => {
  it('maps to the OnlineEndpoint body, without traffic unless the caller carries it over', () => {
    const spec = parseEndpointYaml(
      `name: pid-symbols\ndescription: d\ntags: { team: vision }\npublic_network_access: enabled\nidentity:\n  type: user_assigned\n  user_assigned_identities:\n    - resource_id: ${UAI}\n`,
      'endpoint.yml',
    );
    const expected: OnlineEndpoint = {
      location: 'westeurope',
      tags: { team: 'vision' },
      identity: { type: 'UserAssigned', userAssignedIdentities: { [UAI]: {} } },
      properties: { authMode: 'Key', description: 'd', publicNetworkAccess: 'Enabled' },
    };
    expect(toOnlineEndpoint(spec, { location: 'westeurope' })).toEqual(expected);
    const update = toOnlineEndpoint(spec, {
      location: 'westeurope',
      traffic: { blue: 100 },
      tags: { 'aml-rollout.stage': 'bake-10' },
    });
    expect(update.properties.traffic).toEqual({ blue: 100 });
    expect(update.tags).toEqual({ team: 'vision', 'aml-rollout.stage': 'bake-10' });
  });

  it('maps aml_token and system-assigned identity; refuses a location other than the workspace', () => {
    const spec = parseEndpointYaml(
      'name: pid-symbols\nauth_mode: aml_token\nidentity: { type: system_assigned }\nlocation: West Europe\n',
      'e.yml',
    );
    const body = toOnlineEndpoint(spec, { location: 'westeurope' });
    expect(body.properties.authMode).toBe('AMLToken');
    expect(body.identity).toEqual({ type: 'SystemAssigned' });
    expect(() => toOnlineEndpoint(spec, { location: 'eastus' })).toThrow(
      expect.objectContaining({ code: 'EndpointLocationMismatch' }),
    );
  });
});
