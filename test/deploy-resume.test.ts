// A runner killed (SIGKILL) at each stage of a blue -> green rollout, then the step re-run: the
// endpoint converges, fully on green, never left split. The killed runner is the CLI in a child
// process; its lease is left behind and expires (15 s, Azure's minimum, through lock-lease-seconds),
// so the scenarios run in parallel, one endpoint each, and the file takes about one lease period.
// `on-interrupted: rollback` restores what the killed run found, exactly, then deploys afresh;
// `resume` carries the killed rollout on from its stage; a kill in finalizing always finishes
// forward. Deployments are served by the fake scorer.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  admin,
  armRequest,
  FAST,
  type Harness,
  registerModel,
  startHarness,
  wsPath,
} from '../local/testing/harness.js';
import { stepCommand } from '../shared/cli/step-command.js';
import { decodeJournal } from '../shared/rollout/journal.js';
import { deploy } from '../shared/steps/catalog/deploy.js';
import { REPO } from './support/gate.js';

const WS = 'dev';
const FIXTURES = path.join(REPO, 'fixtures', 'deploy');
const LEASE = '15';

interface Scenario {
  /** The endpoint of this scenario. */
  endpoint: string;
  stage: string;
  onInterrupted: 'rollback' | 'resume';
  /** Extra flags of both runs. */
  flags: string[];
  /** Extra flags of the killed run only (to hold it in its stage). */
  killFlags?: string[];
  /** Kill once this holds (the child's stderr so far, the endpoint's journal stage, green's state). */
  killWhen: (s: { stderr: string; stage: string | undefined; green: string | undefined }) => boolean;
  /** What the killed run left: the traffic it had set (undefined: not checked). */
  leftTraffic?: Record<string, number>;
  leftMirror?: Record<string, number>;
  /** Faults that hold the killed run in its stage (the plane's admin API). */
  faults?: (endpoint: string) => Record<string, unknown>[];
  /** Killed before the other scenarios start: its fault is not specific to one endpoint. */
  killFirst?: boolean;
}

const SCENARIOS: Scenario[] = [
  {
    // Killed after journalling `deploying`, before Azure took the PUT (ARM answered 503 with
    // Retry-After and the SDK waits): green does not exist.
    endpoint: 'kill-before-put',
    stage: 'deploying',
    onInterrupted: 'rollback',
    flags: [],
    killWhen: ({ stderr, stage }) => stage === 'deploying' && stderr.includes("creating deployment 'green'"),
    leftTraffic: { blue: 100 },
    faults: () => [
      {
        kind: 'arm-error',
        operation: 'OnlineDeployments_CreateOrUpdate',
        status: 503,
        retryAfterSeconds: 300,
        count: 1,
      },
    ],
    killFirst: true,
  },
  {
    // Killed while green provisions (the PUT accepted, green Creating): resume waits for it.
    endpoint: 'kill-deploying',
    stage: 'deploying',
    onInterrupted: 'resume',
    flags: [],
    killWhen: ({ stage, green }) => stage === 'deploying' && green !== undefined,
    leftTraffic: { blue: 100 },
    // Still provisioning when the re-run takes the lock (after the 15 s lease), as on Azure.
    faults: (endpoint) => [
      { kind: 'provisioning', mode: 'slow', endpoint, deployment: 'green', delayMs: 25_000, count: 1 },
    ],
  },
  {
    endpoint: 'kill-smoke',
    stage: 'smoke',
    onInterrupted: 'rollback',
    flags: [],
    killWhen: ({ stage }) => stage === 'smoke',
    leftTraffic: { blue: 100 },
    faults: (endpoint) => [
      { kind: 'deployment', mode: 'slow', endpoint, deployment: 'green', delayMs: 4000, count: 1 },
    ],
  },
  {
    endpoint: 'kill-mirror',
    stage: 'mirror',
    onInterrupted: 'resume',
    flags: ['--mirror-percent', '20'],
    killFlags: ['--mirror-seconds', '30'],
    killWhen: ({ stderr }) => stderr.includes('traffic mirror: blue 100%; mirror green 20%'),
    leftTraffic: { blue: 100 },
    leftMirror: { green: 20 },
  },
  {
    endpoint: 'kill-traffic-10',
    stage: 'traffic:10',
    onInterrupted: 'rollback',
    flags: ['--mirror-percent', '20'],
    killWhen: ({ stderr }) => stderr.includes('traffic 10%: blue 90%, green 10%'),
    leftTraffic: { blue: 90, green: 10 },
  },
  {
    endpoint: 'kill-traffic-50',
    stage: 'traffic:50',
    onInterrupted: 'resume',
    flags: [],
    killWhen: ({ stderr }) => stderr.includes('traffic 50%: blue 50%, green 50%'),
    leftTraffic: { blue: 50, green: 50 },
  },
  {
    endpoint: 'kill-traffic-100',
    stage: 'traffic:100',
    onInterrupted: 'rollback',
    flags: [],
    killWhen: ({ stderr }) => stderr.includes('traffic 100%: green 100%'),
  },
  {
    // Killed while blue is being deleted: green already serves 100%, only forward is safe.
    endpoint: 'kill-finalizing',
    stage: 'finalizing',
    onInterrupted: 'rollback',
    flags: [],
    killWhen: ({ stderr }) => stderr.includes('traffic final: green 100%'),
    leftTraffic: { green: 100 },
  },
];

interface DeployRun {
  code: number;
  outputs: Record<string, string>;
  log: string;
}

describe('deploy: a runner killed at each stage, then the step re-run', () => {
  let h: Harness;
  let dir: string;

  const flags = (endpoint: string, extra: string[]): string[] => {
    const defaults: Record<string, string> = {
      '--local': h.stateDir,
      '--workspace': WS,
      '--endpoint-file': path.join(FIXTURES, 'endpoint.yml'),
      '--endpoint': endpoint,
      '--smoke-request': path.join(dir, 'request.json'),
      '--bake-seconds': '3',
      '--mirror-seconds': '0.3',
      '--probe-interval-ms': '100',
      '--min-requests': '2',
      // Eight rollouts on two busy cores: latency is noise here, health is not what is tested.
      '--max-p95-ratio': '1000',
      '--lock-lease-seconds': LEASE,
      '--lock-timeout': '90',
    };
    return [
      ...Object.entries(defaults)
        .filter(([flag]) => !extra.includes(flag))
        .flat(),
      ...extra,
    ];
  };
  const run = async (endpoint: string, ...extra: string[]): Promise<DeployRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await stepCommand(deploy).run(flags(endpoint, extra), {
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
  const blue = () => ['--deployment-file', path.join(FIXTURES, 'deployment-blue.yml')];
  const green = () => ['--deployment-file', path.join(FIXTURES, 'deployment-green.yml')];

  /** Traffic, mirror traffic (2023-04-01: the SDK's 2022-10-01 does not carry it) and tags. */
  const endpointState = async (endpoint: string) => {
    const r = await armRequest(
      h.conn,
      'GET',
      `${wsPath(h.conn, WS)}/onlineEndpoints/${endpoint}?api-version=2023-04-01`,
    );
    const body = r.body as {
      tags?: Record<string, string>;
      properties: { traffic?: Record<string, number>; mirrorTraffic?: Record<string, number> };
    };
    return {
      traffic: body.properties.traffic ?? {},
      mirrorTraffic: body.properties.mirrorTraffic ?? {},
      journal: decodeJournal(body.tags).record,
    };
  };
  const deployments = async (endpoint: string) => {
    const names: string[] = [];
    for await (const d of h.client.onlineDeployments.list(h.rg, WS, endpoint)) names.push(d.name as string);
    return names.sort();
  };
  const greenState = async (endpoint: string) => {
    try {
      return (await h.client.onlineDeployments.get(h.rg, WS, endpoint, 'green')).properties.provisioningState;
    } catch {
      return undefined;
    }
  };

  /** The CLI in a child process, killed with SIGKILL once `killWhen` holds (bounded wait). */
  const runAndKill = async (endpoint: string, s: Scenario): Promise<string> => {
    const child: ChildProcess = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(REPO, 'entries', 'cli.ts'),
        'deploy',
        ...flags(endpoint, [...green(), ...s.flags, ...(s.killFlags ?? [])]),
      ],
      { cwd: REPO, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let exited = false;
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', () => {
      exited = true;
    });
    try {
      for (let i = 0; i < 1800; i++) {
        if (exited) throw new Error(`the run ended before ${s.stage}:\n${stderr}`);
        const { journal } = await endpointState(endpoint);
        const stage = journal?.stage;
        const state = stage === 'deploying' ? await greenState(endpoint) : undefined;
        if (s.killWhen({ stderr, stage, green: state })) {
          child.kill('SIGKILL');
          await new Promise((r) => (exited ? r(undefined) : child.once('exit', r)));
          return stderr;
        }
        await sleep(50);
      }
      throw new Error(`never reached ${s.stage}:\n${stderr}`);
    } finally {
      if (!exited) child.kill('SIGKILL');
    }
  };

  /** Run until killed in the scenario's stage, its faults in place; returns the killed run's log. */
  const killAtStage = async (s: Scenario): Promise<string> => {
    const ids: string[] = [];
    for (const f of s.faults?.(s.endpoint) ?? [])
      ids.push(((await admin(h, 'POST', '/v1/faults', f)) as { id: string }).id);
    try {
      return await runAndKill(s.endpoint, s);
    } finally {
      // A fault the killed run did not use up must not touch the re-run.
      for (const id of ids) await admin(h, 'DELETE', `/v1/faults/${id}`);
    }
  };
  const killedLogs = new Map<string, string>();

  beforeAll(async () => {
    // Deletes take 2 s, so a runner killed in finalizing is killed while the old deployment goes.
    h = await startHarness({ timings: { ...FAST, deleteMs: 2000 } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'deploy-resume-'));
    writeFileSync(path.join(dir, 'request.json'), JSON.stringify({ input_data: { data: ['x'] } }));
    for (const v of ['1', '2']) {
      await registerModel(h, WS, 'pid-symbols', v, {
        'model.onnx': `fake model v${v}`,
        'model-card.yaml': 'schema: aml-rollout/model-card@1\n',
      });
    }
    // Eight endpoints of two deployments each outgrow the default 100 cores.
    await admin(h, 'PUT', '/v1/quotas/standardDSv2Family', { limit: 1000 });
    // Every endpoint starts on blue at 100%.
    const firsts = await Promise.all(SCENARIOS.map((s) => run(s.endpoint, ...blue())));
    for (const r of firsts) if (r.code !== 0) throw new Error(r.log);
    for (const s of SCENARIOS.filter((x) => x.killFirst)) killedLogs.set(s.endpoint, await killAtStage(s));
  });
  afterAll(async () => h?.stop());

  it.concurrent.for(SCENARIOS)(
    'killed at $stage ($endpoint), re-run with on-interrupted: $onInterrupted: ends fully on green',
    async (s, { expect }) => {
      const ep = s.endpoint;
      const killedLog = killedLogs.get(ep) ?? (await killAtStage(s));
      // What the killed runner left: its journal at the stage, traffic as it had set it.
      const left = await endpointState(ep);
      expect(left.journal?.stage, killedLog).toBe(s.stage);
      expect(left.journal?.original).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
      if (s.leftTraffic) expect(left.traffic).toEqual(s.leftTraffic);
      if (s.leftMirror) expect(left.mirrorTraffic).toEqual(s.leftMirror);

      const again = await run(ep, ...green(), ...s.flags, '--on-interrupted', s.onInterrupted);
      expect(again.code, again.log).toBe(0);
      const end = await endpointState(ep);
      expect(end.traffic).toEqual({ green: 100 });
      expect(end.mirrorTraffic).toEqual({});
      expect(end.journal?.stage).toBe('done');
      expect(await deployments(ep)).toEqual(['green']);
      expect(JSON.parse(again.outputs.traffic as string)).toEqual({ green: 100 });
      expect(again.outputs.deployment).toBe('green');

      const trafficLines = again.log.split('\n').filter((l) => l.startsWith('traffic '));
      if (s.stage === 'finalizing') {
        // Forward only, whatever on-interrupted says.
        expect(again.log).toContain('finishing the interrupted rollout');
        expect(trafficLines).toEqual(['traffic final: green 100%']);
      } else if (s.onInterrupted === 'resume') {
        expect(again.log).toContain('resuming the interrupted rollout');
        expect(trafficLines.some((l) => l.startsWith('traffic rollback'))).toBe(false);
      } else {
        // Exactly what the killed run found first, then this run's own rollout from the start.
        expect(again.log).toContain('rolling back the interrupted rollout');
        expect(trafficLines[0]).toBe('traffic rollback: blue 100%');
        expect(trafficLines.at(-1)).toBe('traffic final: green 100%');
        expect(again.log).toContain("creating deployment 'green' at 0%");
      }
    },
  );
});
