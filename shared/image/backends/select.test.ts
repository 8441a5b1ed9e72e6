import { describe, expect, it, onTestFinished } from 'vitest';
import { builderFacts, chooseBuilder, selectBuilder } from './select.js';

describe('builder choice', () => {
  it('auto: docker when a daemon answers, else buildah, else an error naming what to install', () => {
    expect(chooseBuilder('auto', { dockerDaemon: true, dockerWhy: '', buildahInstalled: true }).name).toBe(
      'docker',
    );
    expect(
      chooseBuilder('auto', { dockerDaemon: false, dockerWhy: 'no socket', buildahInstalled: true }),
    ).toEqual({
      name: 'buildah',
      why: 'builder auto: no Docker daemon (no socket), using buildah',
    });
    expect(() =>
      chooseBuilder('auto', { dockerDaemon: false, dockerWhy: 'no socket', buildahInstalled: false }),
    ).toThrow(
      expect.objectContaining({
        code: 'NoImageBuilder',
        remediation: expect.stringMatching(/install buildah/),
      }),
    );
    expect(
      chooseBuilder('docker', { dockerDaemon: false, dockerWhy: '', buildahInstalled: false }).name,
    ).toBe('docker');
  });

  it('with no Docker daemon and buildah installed, auto falls back to buildah', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///nonexistent/aml-rollout/docker.sock';
    onTestFinished(() => {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    });
    const facts = await builderFacts();
    expect(facts).toMatchObject({ dockerDaemon: false, buildahInstalled: true });
    expect(facts.dockerWhy).not.toBe('');
    const lines: string[] = [];
    const builder = await selectBuilder('auto', (l) => lines.push(l));
    expect(builder.name).toBe('buildah');
    expect(lines).toEqual([expect.stringMatching(/^builder auto: no Docker daemon \(.+\), using buildah$/)]);
  });
});
