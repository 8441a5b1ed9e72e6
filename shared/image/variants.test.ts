import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { parseVariantList, resolveVariants, type VariantOptions } from './variants.js';

const KNOWN = ['cpu', 'gpu'];

describe('parseVariantList', () => {
  it('reads names, a bare Dockerfile, reserved words, build arguments, and escaped semicolons', () => {
    expect(
      parseVariantList(
        'cpu=BASE=node:20;arg:target=x, gpu=images/gpu.Dockerfile;context=ctx;target=run;NOTE=a\\;b',
        KNOWN,
      ),
    ).toEqual([
      { name: 'cpu', args: { BASE: 'node:20', target: 'x' } },
      {
        name: 'gpu',
        dockerfile: 'images/gpu.Dockerfile',
        context: 'ctx',
        target: 'run',
        args: { NOTE: 'a;b' },
      },
    ]);
  });

  it('takes one variant per line too (values may then hold commas)', () => {
    expect(parseVariantList('cpu\ngpu=LIST=a,b\n', KNOWN)).toEqual([
      { name: 'cpu', args: {} },
      { name: 'gpu', args: { LIST: 'a,b' } },
    ]);
  });

  it('refuses unknown, repeated and empty variants and settings that are not key=value', () => {
    expect(() => parseVariantList('tpu=BASE=x', KNOWN)).toThrow(/unknown variant 'tpu'.*/);
    expect(() => parseVariantList('tpu', KNOWN)).toThrow(InputError);
    expect(() => parseVariantList('cpu, cpu', KNOWN)).toThrow(/given twice/);
    expect(() => parseVariantList('  ', KNOWN)).toThrow(/names no variant/);
    expect(() => parseVariantList('cpu=BASE=x;oops', KNOWN)).toThrow(/'oops' is not key=value/);
  });
});

describe('resolveVariants', () => {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'variants-'));
  afterAll(() => rmSync(ws, { recursive: true, force: true }));
  mkdirSync(path.join(ws, 'images'));
  writeFileSync(path.join(ws, 'images', 'cpu.Dockerfile'), 'ARG BASE=node:20\nFROM ${BASE}\n');
  writeFileSync(path.join(ws, 'images', 'gpu.Dockerfile'), 'ARG BASE\nFROM ${BASE} AS run\n');
  writeFileSync(path.join(ws, 'images', 'bad.Dockerfile'), '# nothing here\nRUN true\n');
  writeFileSync(path.join(ws, '.dockerignore'), '*\n');
  const options: VariantOptions = {
    known: KNOWN,
    workspaceDir: ws,
    defaults: { context: '.', dockerfile: 'images/{variant}.Dockerfile' },
  };

  it('fills defaults, resolves paths and base images, and finds the .dockerignore', () => {
    const [cpu, gpu] = resolveVariants('cpu, gpu=BASE=cuda:12;target=run', options);
    expect(cpu).toEqual({
      name: 'cpu',
      context: ws,
      dockerfile: path.join(ws, 'images', 'cpu.Dockerfile'),
      ignoreFile: path.join(ws, '.dockerignore'),
      buildArgs: {},
      target: undefined,
      baseImages: ['node:20'],
    });
    expect(gpu?.baseImages).toEqual(['cuda:12']);
    expect(gpu?.target).toBe('run');
  });

  it('fails before anything runs, naming the input: context, Dockerfile, FROM, build argument, target', () => {
    const cases: Array<[string, RegExp]> = [
      ['cpu=context=nowhere', /variant 'cpu': context folder .*nowhere does not exist/],
      ['cpu=images/none.Dockerfile', /variant 'cpu': cannot read Dockerfile .*none\.Dockerfile \(ENOENT\)/],
      [
        'cpu=images/bad.Dockerfile',
        /variant 'cpu': Dockerfile .*bad\.Dockerfile 'RUN' comes before the first FROM/,
      ],
      ['gpu', /variant 'gpu': Dockerfile .* FROM '\$\{BASE\} AS run' names no image/],
      ['cpu=BASSE=x', /build argument 'BASSE' is not declared by an ARG/],
      ['gpu=BASE=x;target=nope', /target 'nope' is not a stage/],
    ];
    for (const [raw, message] of cases) {
      let error: unknown;
      try {
        resolveVariants(raw, options);
      } catch (e) {
        error = e;
      }
      expect(error, raw).toBeInstanceOf(InputError);
      expect((error as InputError).message, raw).toMatch(message);
      expect((error as InputError).resource).toBe('variants');
    }
  });

  it('accepts the predefined proxy arguments without an ARG', () => {
    expect(resolveVariants('cpu=HTTPS_PROXY=http://proxy:3128', options)[0]?.buildArgs).toEqual({
      HTTPS_PROXY: 'http://proxy:3128',
    });
  });
});
