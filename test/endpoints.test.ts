// resolveEndpoint (shared/azure/endpoints.ts) against the local plane with the real SDK: what a
// caller (the gate, deploy) needs to score a deployment, with every key or token handed to
// `onSecret` before anything else sees it, and no sign-in for the plane. Lives in test/ because
// the plane (local/) sits above layer 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeployment,
  createEndpoint,
  FAKE_MODEL,
  type Harness,
  registerModel,
  startHarness,
} from '../local/testing/harness.js';
import { resolveEndpoint } from '../shared/azure/endpoints.js';
import type { AzureAccess } from '../shared/azure/sign-in.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  const model = await registerModel(h, 'dev', 'resolve', '1', FAKE_MODEL);
  await createEndpoint(h, 'dev', 'ep-key');
  await createDeployment(h, 'dev', 'ep-key', 'blue', model, {
    environmentVariables: { AML_ROLLOUT_SCORING_PROTOCOL: 'kserve', BOX_SCORE_THRESH: '0.4' },
  });
  await createEndpoint(h, 'dev', 'ep-token', {}, 'AMLToken');
});

afterAll(async () => {
  await h?.stop();
});

function access(): { secrets: string[]; access: AzureAccess } {
  const secrets: string[] = [];
  return {
    secrets,
    access: {
      signIn: () => Promise.reject(new Error('the local plane needs no Azure sign-in')),
      onSecret: (v) => secrets.push(v),
    },
  };
}

describe('resolveEndpoint', () => {
  it('gives the scoring URI, the key and the deployment settings; both keys are secrets at once', async () => {
    const { secrets, access: a } = access();
    const lines: string[] = [];
    const r = await resolveEndpoint(
      { workspace: 'dev', localStateDir: h.stateDir, endpoint: 'ep-key', deployment: 'blue' },
      a,
      (l) => lines.push(l),
    );
    const endpoint = await h.client.onlineEndpoints.get(h.rg, 'dev', 'ep-key');
    const keys = await h.client.onlineEndpoints.listKeys(h.rg, 'dev', 'ep-key');
    expect(r).toMatchObject({
      endpoint: 'ep-key',
      scoringUri: endpoint.properties.scoringUri,
      authMode: 'Key',
      credential: keys.primaryKey,
      via: 'local',
      deployment: {
        name: 'blue',
        concurrency: 1,
        environmentVariables: { AML_ROLLOUT_SCORING_PROTOCOL: 'kserve', BOX_SCORE_THRESH: '0.4' },
      },
    });
    expect(secrets).toEqual([h.conn.token, keys.primaryKey, keys.secondaryKey]);
    expect(lines).toEqual([`endpoint ep-key / deployment blue via local: ${endpoint.properties.scoringUri}`]);
  });

  it('gives an AML token for an AMLToken endpoint, and no deployment when none is named', async () => {
    const { secrets, access: a } = access();
    const r = await resolveEndpoint({ workspace: 'dev', localStateDir: h.stateDir, endpoint: 'ep-token' }, a);
    expect(r.authMode).toBe('AMLToken');
    expect(r.credential).toBeTruthy();
    expect(r.deployment).toBeUndefined();
    expect(secrets).toEqual([h.conn.token, r.credential]);
  });

  it('names the endpoint that is not there', async () => {
    const { access: a } = access();
    await expect(
      resolveEndpoint({ workspace: 'dev', localStateDir: h.stateDir, endpoint: 'nope' }, a),
    ).rejects.toMatchObject({ statusCode: 404 });
  });
});
