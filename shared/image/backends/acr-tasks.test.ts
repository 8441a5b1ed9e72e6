// The acr-tasks backend's decisions without a registry: the DockerBuildRequest body, the labels
// appended to the uploaded Dockerfile, what the upload holds, and the digest from a run's outputs.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageBuild } from '../build.js';
import {
  contextFiles,
  dockerBuildRequest,
  escapeCharOf,
  LABEL_STAGE,
  labelledDockerfile,
  OUTSIDE_DOCKERFILE,
  outputDigest,
} from './acr-tasks.js';

const LOGIN = 'myacr.azurecr.io';
const D1 = `sha256:${'a'.repeat(64)}`;

const build = (extra: Partial<ImageBuild> = {}): ImageBuild => ({
  context: '/ctx',
  dockerfile: '/ctx/images/cpu.Dockerfile',
  buildArgs: { BASE: `${LOGIN}/base/node@${D1}`, MODEL_DIR: '/var/azureml-app' },
  platform: 'linux/amd64',
  labels: { 'org.opencontainers.image.revision': 'abc' },
  refs: [`${LOGIN}/detector/inference:cpu-0123456789ab`, `${LOGIN}/detector/inference:release-1`],
  ...extra,
});

describe('dockerBuildRequest', () => {
  it('names the images without the login server, pushes, builds linux/amd64 from the uploaded path', () => {
    expect(
      dockerBuildRequest(
        build(),
        {
          loginServer: LOGIN,
          sourceLocation: 'source/20261203/x.tar.gz',
          dockerFilePath: 'images/cpu.Dockerfile',
        },
        1800,
      ),
    ).toEqual({
      type: 'DockerBuildRequest',
      imageNames: ['detector/inference:cpu-0123456789ab', 'detector/inference:release-1'],
      isPushEnabled: true,
      dockerFilePath: 'images/cpu.Dockerfile',
      arguments: [
        { name: 'BASE', value: `${LOGIN}/base/node@${D1}`, isSecret: false },
        { name: 'MODEL_DIR', value: '/var/azureml-app', isSecret: false },
      ],
      platform: { os: 'Linux', architecture: 'amd64' },
      sourceLocation: 'source/20261203/x.tar.gz',
      timeout: 1800,
    });
  });

  it('carries the target stage and an arm64 variant; refuses other registries and non-Linux', () => {
    const r = dockerBuildRequest(build({ platform: 'linux/arm64/v8' }), {
      loginServer: LOGIN,
      sourceLocation: 's',
      dockerFilePath: 'Dockerfile',
      target: LABEL_STAGE,
    });
    expect(r.target).toBe(LABEL_STAGE);
    expect(r.platform).toEqual({ os: 'Linux', architecture: 'arm64', variant: 'v8' });
    expect(r.timeout).toBeUndefined();
    expect(() =>
      dockerBuildRequest(build({ refs: ['other.azurecr.io/a:b'] }), {
        loginServer: LOGIN,
        sourceLocation: 's',
        dockerFilePath: 'Dockerfile',
      }),
    ).toThrow(/not in myacr\.azurecr\.io/);
    expect(() =>
      dockerBuildRequest(build({ platform: 'windows/amd64' }), {
        loginServer: LOGIN,
        sourceLocation: 's',
        dockerFilePath: 'Dockerfile',
      }),
    ).toThrow(/'windows\/amd64': ACR Tasks build linux images only/);
  });
});

describe('labelledDockerfile', () => {
  const labels = { 'org.opencontainers.image.source': 'https://github.com/c/p', 'com.x.model': 'a"b$c\\d' };

  it('appends one LABEL to the last stage, quoting ", $ and the escape character', () => {
    const out = labelledDockerfile('FROM scratch\nCOPY a /a', labels, undefined);
    expect(out.target).toBeUndefined();
    expect(out.text).toBe(
      'FROM scratch\nCOPY a /a\nLABEL "org.opencontainers.image.source"="https://github.com/c/p" "com.x.model"="a\\"b\\$c\\\\d"\n',
    );
  });

  it('with a target, adds a stage on top of it and targets that', () => {
    const out = labelledDockerfile('FROM scratch AS app\nFROM scratch AS test\n', { k: 'v' }, 'app');
    expect(out).toEqual({
      text: `FROM scratch AS app\nFROM scratch AS test\nFROM app AS ${LABEL_STAGE}\nLABEL "k"="v"\n`,
      target: LABEL_STAGE,
    });
  });

  it('follows the escape directive, and leaves a Dockerfile without labels as it is', () => {
    expect(escapeCharOf('# syntax=docker/dockerfile:1\n# escape=`\nFROM scratch\n')).toBe('`');
    expect(escapeCharOf('FROM scratch\n# escape=`\n')).toBe('\\');
    expect(labelledDockerfile('# escape=`\nFROM scratch\n', { k: 'a"`' }, undefined).text).toBe(
      '# escape=`\nFROM scratch\nLABEL "k"="a`"``"\n',
    );
    expect(labelledDockerfile('FROM scratch', {}, 't')).toEqual({ text: 'FROM scratch', target: 't' });
  });
});

describe('contextFiles', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'acr-tasks-ctx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uploads what .dockerignore leaves, modes and links kept, the labelled Dockerfile in its place', async () => {
    const ctx = path.join(dir, 'ctx');
    mkdirSync(path.join(ctx, 'images'), { recursive: true });
    mkdirSync(path.join(ctx, 'secret'));
    writeFileSync(path.join(ctx, 'images', 'cpu.Dockerfile'), 'FROM scratch\n');
    writeFileSync(path.join(ctx, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(ctx, 'secret', 'key'), 'k');
    writeFileSync(path.join(ctx, '.dockerignore'), 'secret\n');
    symlinkSync('run.sh', path.join(ctx, 'start'));
    const copy = path.join(dir, 'Dockerfile.labelled');
    writeFileSync(copy, 'FROM scratch\nLABEL "k"="v"\n');
    const b = build({ context: ctx, dockerfile: path.join(ctx, 'images', 'cpu.Dockerfile') });
    const { files, dockerFilePath } = await contextFiles(
      { ...b, ignoreFile: path.join(ctx, '.dockerignore') },
      copy,
    );
    expect(dockerFilePath).toBe('images/cpu.Dockerfile');
    expect(
      files.map((f) => [f.path, f.abs === copy ? 'labelled' : (f.linkTarget ?? f.mode?.toString(8))]),
    ).toEqual([
      ['.dockerignore', '644'],
      ['run.sh', '755'],
      ['start', 'run.sh'],
      ['images/cpu.Dockerfile', 'labelled'],
    ]);
    const outside = await contextFiles(
      build({ context: ctx, dockerfile: path.join(dir, 'Other.Dockerfile') }),
      copy,
    );
    expect(outside.dockerFilePath).toBe(OUTSIDE_DOCKERFILE);
    expect(outside.files.at(-1)?.path).toBe(OUTSIDE_DOCKERFILE);
  });
});

describe('outputDigest', () => {
  const run = (outputImages: { registry?: string; repository: string; tag?: string; digest: string }[]) => ({
    runId: 'ca1',
    outputImages,
  });

  it('is the digest the run pushed for every name', () => {
    const names = ['detector/inference:cpu-1', 'detector/inference:release-1'];
    expect(
      outputDigest(
        run([
          { registry: LOGIN, repository: 'detector/inference', tag: 'cpu-1', digest: D1 },
          { registry: LOGIN, repository: 'detector/inference', tag: 'release-1', digest: D1 },
        ]),
        LOGIN,
        names,
      ),
    ).toBe(D1);
  });

  it('fails when a name is missing or the digests differ', () => {
    expect(() => outputDigest(run([]), LOGIN, ['a:b'])).toThrow(/reported no manifest digest/);
    expect(() =>
      outputDigest(
        run([
          { repository: 'a', tag: 'b', digest: D1 },
          { repository: 'a', tag: 'c', digest: `sha256:${'b'.repeat(64)}` },
        ]),
        LOGIN,
        ['a:b', 'a:c'],
      ),
    ).toThrow(/different digests/);
  });
});
