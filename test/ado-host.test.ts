// The Azure DevOps adapter, for real: a bundled step run as a process the way the agent runs a
// task (task-lib reads INPUT_* and answers with ##vso logging commands on stdout).
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runBundle } from './support/run.js';

let echo: string;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ado-host-'));
  echo = inject('echoBundle');
});

function agentEnv(inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {
    TF_BUILD: 'True',
    AGENT_TEMPDIRECTORY: dir,
    SYSTEM_DEFAULTWORKINGDIRECTORY: dir,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return env;
}

const commands = (stdout: string) =>
  stdout.split('\n').filter((l) => l.startsWith('##vso[') && !l.startsWith('##vso[task.debug]'));

describe('Azure DevOps adapter', () => {
  it('sets output variables, registers secrets, uploads the summary and completes', () => {
    const r = runBundle(echo, agentEnv({ message: 'hello', count: '2', items: 'a,b' }));
    expect(r.status).toBe(0);
    const cmds = commands(r.stdout);
    const minted = 'hello-minted-key-0d9e';
    expect(cmds).toContain(`##vso[task.setsecret]${minted}`);
    expect(cmds).toContain(
      '##vso[task.setvariable variable=echoed;isOutput=true;issecret=false;]hello hello',
    );
    expect(cmds).toContain('##vso[task.setvariable variable=itemCount;isOutput=true;issecret=false;]2');
    expect(cmds).toContain(
      '##vso[task.logissue type=warning;sourcepath=model.yml;linenumber=3;]a warning with a place',
    );
    const upload = cmds.find((l) => l.startsWith('##vso[task.uploadsummary]'));
    expect(upload).toBeDefined();
    const summaryFile = (upload ?? '').slice('##vso[task.uploadsummary]'.length);
    expect(summaryFile.startsWith(dir)).toBe(true);
    expect(readFileSync(summaryFile, 'utf8')).toContain('## Echo');
    expect(cmds.at(-1)).toMatch(/^##vso\[task\.complete result=Succeeded;\]/);
    // The minted secret appears only in the setsecret command.
    const leaks = r.stdout
      .split('\n')
      .filter((l) => l.includes(minted) && !l.startsWith('##vso[task.setsecret]'));
    expect(leaks).toEqual([]);
    expect(r.stdout).toContain('minted ***');
    expect(r.stdout).toContain('##[group]details');
  });

  it('fails a bad invocation with one error naming the input and sets no variable', () => {
    const r = runBundle(echo, agentEnv({ message: 'x', count: '-4' }));
    expect(r.status).not.toBe(0);
    const cmds = commands(r.stdout);
    expect(cmds.filter((l) => l.startsWith('##vso[task.setvariable'))).toEqual([]);
    expect(cmds.filter((l) => l.startsWith('##vso[task.uploadsummary'))).toEqual([]);
    expect(cmds.at(-1)).toBe(
      "##vso[task.complete result=Failed;]InvalidInput: input 'count': -4 is below the minimum 0",
    );
  });
});
