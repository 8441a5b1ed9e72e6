import { describe, expect, it } from 'vitest';
import { SecretMasker } from '../secrets.js';
import { runTool, runToolOrFail } from './tool.js';

describe('runTool', () => {
  it('feeds stdin, masks every line the log hears, and keeps the raw output for the caller', async () => {
    const masker = new SecretMasker();
    masker.add('hunter22secret');
    const lines: string[] = [];
    const r = await runTool({
      command: 'sh',
      args: ['-c', 'read x; echo "got $x"; echo "err $x" >&2'],
      stdin: 'hunter22secret\n',
      log: (l) => lines.push(l),
      mask: (t) => masker.mask(t),
    });
    expect(r).toMatchObject({ code: 0, stdout: 'got hunter22secret\n' });
    expect(lines).toEqual(['[command] sh -c read x; echo "got $x"; echo "err $x" >&2', 'got ***', 'err ***']);
  });

  it('says which tool is not installed, and quotes the end of stderr when one fails', async () => {
    await expect(runTool({ command: 'no-such-builder-here', args: [] })).rejects.toMatchObject({
      code: 'BuilderNotInstalled',
    });
    await expect(
      runToolOrFail({ command: 'sh', args: ['-c', 'echo boom >&2; exit 3'], failCode: 'BuildFailed' }),
    ).rejects.toMatchObject({ code: 'BuildFailed', message: 'sh -c exited with 3: boom' });
  });
});
