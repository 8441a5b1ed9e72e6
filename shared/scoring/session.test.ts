import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXECUTION_PROVIDERS_VARIABLE, executionProviders, getSession, releaseSessions } from './session.js';

const MODEL = path.resolve('fixtures/models/v1/model.onnx');

describe('execution providers (the GPU image sets AML_ROLLOUT_EXECUTION_PROVIDERS=cuda,cpu)', () => {
  afterAll(() => releaseSessions());

  it('defaults to CPU and reads an ordered list from the environment', () => {
    expect(executionProviders({})).toEqual(['cpu']);
    expect(executionProviders({ [EXECUTION_PROVIDERS_VARIABLE]: ' CUDA, cpu ' })).toEqual(['cuda', 'cpu']);
  });

  it('refuses a provider it does not know, naming the variable', () => {
    expect(() => executionProviders({ [EXECUTION_PROVIDERS_VARIABLE]: 'cuda,gpu' })).toThrow(
      /AML_ROLLOUT_EXECUTION_PROVIDERS='cuda,gpu' names unknown execution providers: gpu/,
    );
  });

  it('a session made with the listed providers scores on this CPU build', async () => {
    process.env[EXECUTION_PROVIDERS_VARIABLE] = 'cpu';
    try {
      const session = await getSession(MODEL, { intraOpThreads: 1 });
      expect(session.inputNames.length).toBeGreaterThan(0);
    } finally {
      delete process.env[EXECUTION_PROVIDERS_VARIABLE];
    }
  });
});
