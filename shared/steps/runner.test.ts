// The runner with the real CLI host: it sets the outputs a step returns, and those a failing step
// carries on its error (a gate verdict) before it fails the step; sign-in inputs reach the host
// once, parsed.
import { describe, expect, it } from 'vitest';
import { azureInputs } from '../azure/inputs.js';
import { RolloutError } from '../errors.js';
import { CliHost } from '../host/cli.js';
import { defineStep, type StepDefinition } from './definition.js';
import { isPostPhase, runStep, runStepPost } from './runner.js';

const quiet = () => {
  const err: string[] = [];
  return { err, io: { stdout: () => {}, stderr: (t: string) => err.push(t) } };
};
const signal = new AbortController().signal;

const verdictStep = defineStep({
  id: 'verdict',
  title: 'Verdict',
  description: 'Returns or fails with outputs.',
  available: true,
  inputs: { fail: { kind: 'boolean', default: 'false', description: '' } },
  outputs: { verdict: { description: '' }, note: { description: '' } },
  async run(inputs) {
    if (inputs.fail)
      throw new RolloutError('GateFailed', 'gate fail: too few boxes', { outputs: { verdict: 'fail' } });
    return { verdict: 'pass', note: undefined };
  },
});

describe('runStep', () => {
  it('sets the outputs the step returns (undefined ones are left out)', async () => {
    const { io } = quiet();
    const host = new CliHost({}, io);
    expect(await runStep(verdictStep as unknown as StepDefinition, host, signal)).toBe(true);
    expect(host.outputs).toEqual({ verdict: 'pass' });
    expect(host.failure).toBeUndefined();
  });

  it('sets the outputs a failing step carries, then fails it with the error line', async () => {
    const { io } = quiet();
    const host = new CliHost({ fail: 'true' }, io);
    expect(await runStep(verdictStep as unknown as StepDefinition, host, signal)).toBe(false);
    expect(host.outputs).toEqual({ verdict: 'fail' });
    expect(host.failure).toBe('GateFailed: gate fail: too few boxes');
  });

  it('signs in with the sign-in inputs as parsed, and refuses a bad choice before the step runs', async () => {
    let ran = false;
    const signIn = defineStep({
      id: 'sign-in',
      title: 'Sign in',
      description: 'Signs in.',
      available: true,
      inputs: azureInputs,
      outputs: { method: { description: '' } },
      async run(_inputs, { azure }) {
        ran = true;
        return { method: (await azure.signIn()).method };
      },
    }) as unknown as StepDefinition;
    const flags = {
      workspace: 'w',
      'client-id': 'c',
      'tenant-id': 't',
      'client-secret': 'not-a-real-secret',
    };
    const ok = new CliHost({ ...flags, auth: 'client-secret' }, quiet().io);
    expect(await runStep(signIn, ok, signal)).toBe(true);
    expect(ok.outputs).toEqual({ method: 'client-secret' });
    // The secret input was registered for masking when it was parsed.
    expect(ok.maskedOutputs({ s: 'x not-a-real-secret' })).toEqual({ s: 'x ***' });

    const bad = new CliHost({ ...flags, auth: 'password' }, quiet().io);
    expect(await runStep(signIn, bad, signal)).toBe(false);
    expect(bad.failure).toMatch(/^InvalidInput: input 'auth': 'password' is not one of: auto, /);
    ran = false;
    await runStep(signIn, bad, signal);
    expect(ran).toBe(false);
  });
});

describe('runStepPost', () => {
  const cleanup = defineStep({
    id: 'cleanup',
    title: 'Cleanup',
    description: 'Saves state in run, reads it in post.',
    available: true,
    inputs: { left: { kind: 'string', default: 'x', description: '' } },
    outputs: {},
    async run(inputs, { host }) {
      host.saveState('left', inputs.left);
      return {};
    },
    async post(inputs, { host }) {
      const left = host.getState('left');
      if (left === 'broken') throw new RolloutError('CleanupFailed', `could not clean ${left}`);
      host.info(`cleaning ${left ?? 'nothing'} (input ${inputs.left})`);
    },
  }) as unknown as StepDefinition;

  it('runs the post entry with the same inputs and what run saved; a failure fails it', async () => {
    const { err, io } = quiet();
    const host = new CliHost({ left: 'green' }, io);
    expect(await runStep(cleanup, host, signal)).toBe(true);
    expect(await runStepPost(cleanup, host, signal)).toBe(true);
    expect(err).toEqual(['cleaning green (input green)']);
    const broken = new CliHost({ left: 'broken' }, quiet().io);
    await runStep(cleanup, broken, signal);
    expect(await runStepPost(cleanup, broken, signal)).toBe(false);
    expect(broken.failure).toBe('CleanupFailed: could not clean broken');
  });

  it('a step without a post entry has nothing to do after the job', async () => {
    const { err, io } = quiet();
    expect(await runStepPost(verdictStep as unknown as StepDefinition, new CliHost({}, io), signal)).toBe(
      true,
    );
    expect(err).toEqual([]);
  });

  it('the phase is the post one only when post.js says so', () => {
    expect(isPostPhase({ AML_ROLLOUT_PHASE: 'post' })).toBe(true);
    expect(isPostPhase({})).toBe(false);
    expect(isPostPhase({ STATE_aml_rollout_deploy: '{}' })).toBe(false);
  });
});
