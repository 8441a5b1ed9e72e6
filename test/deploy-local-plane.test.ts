// deploy on the local plane through the real SDK, run as the CLI runs it: a first deployment,
// a blue-green rollout with mirror and traffic steps, an unchanged re-run, bad inputs refused
// with no mutating request, and faults that end with the traffic exactly as it was found.
// Deployments are served by the fake scorer (fast on two cores); the gate before traffic with the
// real scorer is exercised in deploy-gate.test.ts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, type Harness, registerModel, startHarness } from '../local/testing/harness.js';
import { stepCommand } from '../shared/cli/step-command.js';
import { deploy } from '../shared/steps/catalog/deploy.js';
import { REPO } from './support/gate.js';

const WS = 'dev';
const EP = 'pid-symbols';
const FIXTURES = path.join(REPO, 'fixtures', 'deploy');

interface DeployRun {
  code: number;
  outputs: Record<string, string>;
  log: string;
}

describe('deploy on the local plane', () => {
  let h: Harness;
  let dir: string;

  /** Runs the deploy step as the CLI does; `extra` flags replace the defaults of the same name. */
  const run = async (...extra: string[]): Promise<DeployRun> => {
    const defaults: Record<string, string> = {
      '--local': h.stateDir,
      '--workspace': WS,
      '--endpoint-file': path.join(FIXTURES, 'endpoint.yml'),
      '--smoke-request': path.join(dir, 'request.json'),
      '--bake-seconds': '0.3',
      '--mirror-seconds': '0.3',
      '--probe-interval-ms': '50',
      '--min-requests': '2',
    };
    const argv = [
      ...Object.entries(defaults)
        .filter(([flag]) => !extra.includes(flag))
        .flat(),
      ...extra,
    ];
    const out: string[] = [];
    const err: string[] = [];
    const code = await stepCommand(deploy).run(argv, {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
    });
    const stdout = out.join('\n');
    return {
      code,
      outputs: stdout ? (JSON.parse(stdout) as Record<string, string>) : {},
      log: err.join('\n'),
    };
  };
  /** A variant of the blue deployment YAML (or any text) written to the test's folder. */
  const writeYaml = (name: string, change: (yaml: string) => string) => {
    const file = path.join(dir, name);
    writeFileSync(file, change(readFileSync(path.join(FIXTURES, 'deployment-blue.yml'), 'utf8')));
    return file;
  };
  const blue = () => ['--deployment-file', path.join(FIXTURES, 'deployment-blue.yml')];
  const green = () => ['--deployment-file', path.join(FIXTURES, 'deployment-green.yml')];
  const endpoint = () => h.client.onlineEndpoints.get(h.rg, WS, EP);
  const deployments = async () => {
    const names: string[] = [];
    for await (const d of h.client.onlineDeployments.list(h.rg, WS, EP)) names.push(d.name as string);
    return names.sort();
  };
  const mutating = async () => {
    const log = (await admin(h, 'GET', '/v1/arm-requests')) as {
      value: { method: string; operationId: string }[];
    };
    const reads = new Set([
      'Datastores_ListSecrets',
      'OnlineEndpoints_ListKeys',
      'OnlineEndpoints_GetToken',
      'OnlineDeployments_GetLogs',
    ]);
    return log.value.filter((r) => !reads.has(r.operationId));
  };

  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(path.join(os.tmpdir(), 'deploy-test-'));
    writeFileSync(path.join(dir, 'request.json'), JSON.stringify({ input_data: { data: ['x'] } }));
    for (const v of ['1', '2']) {
      await registerModel(h, WS, 'pid-symbols', v, {
        'model.onnx': `fake model v${v}`,
        'model-card.yaml': 'schema: aml-rollout/model-card@1\n',
      });
    }
  });
  afterAll(async () => h?.stop());

  it('a first deployment creates the endpoint and takes 100% after smoke', async () => {
    const r = await run(...blue());
    expect(r.code, r.log).toBe(0);
    expect(r.outputs.deployment).toBe('blue');
    expect(r.outputs.changed).toBe('true');
    expect(JSON.parse(r.outputs.traffic as string)).toEqual({ blue: 100 });
    expect(r.log).toContain('first deployment');
    expect((await endpoint()).properties.traffic).toEqual({ blue: 100 });
  });

  it('blue at 100% -> green: 0%, smoke, mirror 20%, 10, 50, 100, blue deleted', async () => {
    const r = await run(...green(), '--mirror-percent', '20');
    expect(r.code, r.log).toBe(0);
    expect(r.outputs).toMatchObject({ deployment: 'green', 'previous-deployment': 'blue', changed: 'true' });
    expect(JSON.parse(r.outputs.traffic as string)).toEqual({ green: 100 });
    // Every change read back as set, in order.
    const lines = r.log.split('\n').filter((l) => l.startsWith('traffic '));
    expect(lines).toEqual([
      'traffic mirror: blue 100%; mirror green 20%',
      'traffic mirror cleared: blue 100%',
      'traffic 10%: blue 90%, green 10%',
      'traffic 50%: blue 50%, green 50%',
      'traffic 100%: green 100%',
      'traffic final: green 100%',
    ]);
    // The summary timeline lists every stage.
    for (const stage of [
      'deploying',
      'smoke',
      'gate',
      'mirror',
      'traffic:10',
      'traffic:50',
      'traffic:100',
      'finalizing',
    ])
      expect(r.log).toContain(`| ${stage} |`);
    expect(await deployments()).toEqual(['green']);
    expect((await endpoint()).properties.traffic).toEqual({ green: 100 });
  });

  it('an unchanged re-run changes nothing and says so', async () => {
    await admin(h, 'DELETE', '/v1/arm-requests');
    const r = await run(...green());
    expect(r.code, r.log).toBe(0);
    expect(r.outputs.changed).toBe('false');
    expect(r.log).toContain('nothing to change');
    expect(await mutating()).toEqual([]);
  });

  it.each([
    ['traffic steps not ascending', ['--traffic-steps', '50,10,100'], 'traffic-steps'],
    ['mirror over 50', ['--mirror-percent', '60'], 'mirror-percent'],
    ['an unknown SKU', ['--instance-type', 'Standard_Nope_v9'], 'Standard_Nope_v9'],
    ['a missing model', ['--model', 'azureml:pid-symbols:9'], "model 'pid-symbols:9' does not exist"],
    ['a bad deployment name', ['--deployment-name', '-bad'], 'deployment-name'],
    ['a live deployment as the new one', ['--deployment-name', 'green'], 'green'],
    ['YAML with an unknown key and a wrong type', ['--deployment-file', 'BAD_YAML'], 'instance_count'],
    ['traffic in the endpoint YAML', ['--endpoint-file', 'TRAFFIC_YAML'], 'traffic'],
    [
      'a missing environment',
      ['--deployment-file', 'MISSING_ENV_YAML'],
      "environment 'nope:1' does not exist",
    ],
    ['a bad inference parameter', ['--environment-variables', 'NMS_IOU_THRESH=2'], 'NMS_IOU_THRESH'],
    ['an image missing from its registry', ['--image', 'MISSING_IMAGE'], 'ImageNotFound'],
  ])('refuses %s before any mutating request', async (_what, args, message) => {
    await admin(h, 'DELETE', '/v1/arm-requests');
    const files: Record<string, string> = {
      BAD_YAML: writeYaml('bad.yml', (y) =>
        y.replace('instance_count: 1', 'instance_count: "one"\ninstance_typo: x'),
      ),
      TRAFFIC_YAML: writeYaml(
        'endpoint-traffic.yml',
        () => `${readFileSync(path.join(FIXTURES, 'endpoint.yml'), 'utf8')}traffic:\n  blue: 100\n`,
      ),
      MISSING_ENV_YAML: writeYaml('noenv.yml', (y) =>
        y.replace(/environment:\n( {2}.*\n)+/, 'environment: azureml:nope:1\n'),
      ),
      // In the dev workspace's linked registry (the plane's ACR front), under a tag never pushed.
      MISSING_IMAGE: `${h.conn.registries?.dev.loginServer}/detector/inference:cpu-000000000000`,
    };
    const given = args.map((a) => files[a] ?? a);
    const r = await run(...(given.includes('--deployment-file') ? [] : blue()), ...given);
    expect(r.code).not.toBe(0);
    expect(r.log).toContain(message);
    expect(await mutating()).toEqual([]);
    expect((await endpoint()).properties.traffic).toEqual({ green: 100 });
  });

  it('keep-old keeps the old deployment at 0%; its instance type cannot change in place', async () => {
    const r = await run(...blue(), '--keep-old', 'true');
    expect(r.code, r.log).toBe(0);
    expect((await endpoint()).properties.traffic).toEqual({ blue: 100, green: 0 });
    expect(await deployments()).toEqual(['blue', 'green']);
    await admin(h, 'DELETE', '/v1/arm-requests');
    const refused = await run(...green(), '--instance-type', 'Standard_F4s_v2');
    expect(refused.code).not.toBe(0);
    expect(refused.log).toContain('InstanceTypeImmutable');
    expect(refused.log).toContain('Standard_F4s_v2');
    expect(await mutating()).toEqual([]);
    // Back to green for the tests below (green, idle at 0%, is updated in place).
    const back = await run(...green());
    expect(back.code, back.log).toBe(0);
    expect((await endpoint()).properties.traffic).toEqual({ green: 100 });
    expect(await deployments()).toEqual(['green']);
  });

  it('refuses, in a private workspace, an image outside its linked registry before any change', async () => {
    await registerModel(h, 'prod', 'pid-symbols', '1', {
      'model.onnx': 'fake model v1',
      'model-card.yaml': 'schema: aml-rollout/model-card@1\n',
    });
    await admin(h, 'DELETE', '/v1/arm-requests');
    const r = await run(...blue(), '--workspace', 'prod');
    expect(r.code).not.toBe(0);
    expect(r.log).toContain('ImageNotInLinkedRegistry');
    expect(r.log).toContain('public network access disabled');
    const linked = h.conn.registries?.prod.loginServer as string;
    expect(r.log).toContain(`build the image into ${linked} (build-image)`);
    expect(await mutating()).toEqual([]);
  });

  it('live traffic from the endpoint metrics counts in the checks once its buckets close', async () => {
    // One-second buckets on the plane (its test knob), so buckets close within a short bake.
    await admin(h, 'PUT', '/v1/metrics/settings', { bucketSeconds: 1 });
    try {
      const r = await run(...blue(), '--bake-seconds', '3', '--traffic-steps', '50,100');
      expect(r.code, r.log).toBe(0);
      const judged = [...r.log.matchAll(/traffic:\d+: (\d+) probe answers and (\d+) live requests/g)];
      expect(judged.length).toBe(2);
      expect(judged.some((m) => Number(m[2]) > 0)).toBe(true);
      // Back to green for the tests below.
      const back = await run(...green());
      expect(back.code, back.log).toBe(0);
    } finally {
      await admin(h, 'PUT', '/v1/metrics/settings', { bucketSeconds: 60 });
    }
  });

  it('refuses a deployment beyond the quota, naming the family, need and limit', async () => {
    await admin(h, 'DELETE', '/v1/arm-requests');
    await admin(h, 'PUT', '/v1/quotas/standardDSv2Family', { limit: 4 });
    try {
      const r = await run(...blue(), '--instance-count', '3');
      expect(r.code).not.toBe(0);
      expect(r.log).toMatch(/standardDSv2Family/);
      expect(await mutating()).toEqual([]);
    } finally {
      await admin(h, 'DELETE', '/v1/quotas/standardDSv2Family');
    }
  });

  it('a deployment that fails provisioning is removed; traffic stays as found; its logs are printed', async () => {
    await admin(h, 'POST', '/v1/faults', {
      kind: 'provisioning',
      mode: 'fail',
      endpoint: EP,
      deployment: 'blue',
      message: 'Injected: image pull failed',
      count: 1,
    });
    const r = await run(...blue());
    expect(r.code).not.toBe(0);
    expect(r.log).toContain('DeploymentProvisioningFailed');
    expect(r.log).toContain('InferenceServer log');
    expect(r.log).toContain('Injected: image pull failed');
    expect((await endpoint()).properties.traffic).toEqual({ green: 100 });
    expect(await deployments()).toEqual(['green']);
  });

  const clearFaults = async () => {
    const faults = (await admin(h, 'GET', '/v1/faults')) as { value?: { id: string }[] } | { id: string }[];
    for (const f of Array.isArray(faults) ? faults : (faults.value ?? []))
      await admin(h, 'DELETE', `/v1/faults/${f.id}`);
  };

  it('a smoke test that fails restores the endpoint before any traffic moves', async () => {
    await admin(h, 'POST', '/v1/faults', {
      kind: 'deployment',
      mode: 'error',
      status: 500,
      endpoint: EP,
      deployment: 'blue',
      count: 1000,
    });
    try {
      const r = await run(...blue());
      expect(r.code).not.toBe(0);
      expect(r.log).toContain('SmokeFailed');
      expect(r.log).toContain('rolling back from smoke');
      expect((await endpoint()).properties.traffic).toEqual({ green: 100 });
      expect(await deployments()).toEqual(['green']);
    } finally {
      await clearFaults();
    }
  });

  it('an error rate rising at the 50% step rolls back to exactly the traffic found', async () => {
    // Inject the fault the moment the new deployment takes 50%, as a bad release would start failing.
    let injected = false;
    const watcher = (async () => {
      for (let i = 0; i < 2000 && !injected; i++) {
        const t = (await endpoint()).properties.traffic ?? {};
        if (t.blue === 50) {
          await admin(h, 'POST', '/v1/faults', {
            kind: 'deployment',
            mode: 'error',
            status: 503,
            endpoint: EP,
            deployment: 'blue',
            count: 1000,
          });
          injected = true;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    try {
      const r = await run(...blue(), '--bake-seconds', '1');
      injected = true;
      await watcher;
      expect(r.code).not.toBe(0);
      expect(r.log).toContain('HealthCheckFailed');
      expect(r.log).toContain('rolling back from traffic:50');
      expect((await endpoint()).properties.traffic).toEqual({ green: 100 });
      expect(await deployments()).toEqual(['green']);
    } finally {
      injected = true;
      await clearFaults();
    }
  });
});
