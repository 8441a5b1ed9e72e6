import { describe, expect, it } from 'vitest';
import { DockerfileProblem, readDockerfile } from './dockerfile.js';

describe('readDockerfile', () => {
  it('substitutes build arguments (given over declared defaults) in FROM and leaves stages out', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'ARG BASE=node:20',
      'ARG NODE',
      'FROM ${NODE:-node:22} AS node',
      'FROM $BASE',
      'COPY --from=node /usr/local/bin/node \\',
      '  /usr/local/bin/node',
      'ARG LATE=1',
      'FROM node',
    ].join('\n');
    const facts = readDockerfile(text, { BASE: 'localhost/base:1' });
    expect(facts.baseImages).toEqual(['node:22', 'localhost/base:1']);
    expect(facts.stages).toEqual(['node']);
    expect([...facts.args]).toEqual(['BASE', 'NODE', 'LATE']);
  });

  it('refuses a file with no FROM, an empty FROM, or an instruction before the first FROM', () => {
    expect(() => readDockerfile('# just a comment\nRUN true\n', {})).toThrow(DockerfileProblem);
    expect(() => readDockerfile('', {})).toThrow(/has no FROM/);
    expect(() => readDockerfile('ARG BASE\nFROM ${BASE}\n', {})).toThrow(/names no image/);
    expect(() => readDockerfile('RUN x\nFROM a\n', {})).toThrow(/before the first FROM/);
  });

  it('treats scratch as no base image and reads the backtick escape directive', () => {
    const facts = readDockerfile('# escape=`\nFROM `\n  scratch\n', {});
    expect(facts.baseImages).toEqual([]);
  });
});
