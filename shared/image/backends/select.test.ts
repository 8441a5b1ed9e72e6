import { describe, expect, it } from 'vitest';
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

  it('on this machine (docker client, no daemon, buildah installed) auto falls back to buildah', async () => {
    const facts = await builderFacts();
    expect(facts).toMatchObject({ dockerDaemon: false, buildahInstalled: true });
    expect(facts.dockerWhy).not.toBe('');
    const lines: string[] = [];
    const builder = await selectBuilder('auto', (l) => lines.push(l));
    expect(builder.name).toBe('buildah');
    expect(lines).toEqual([expect.stringMatching(/^builder auto: no Docker daemon \(.+\), using buildah$/)]);
  });
});
