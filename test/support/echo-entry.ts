// A step used only to test the host adapters end to end: bundled with ncc like the real steps and
// run as a process, it reads one input of each kind, logs (including its secret, which must come
// out masked), writes a summary and sets outputs through the same runner the real steps use.
import { detectHost } from '../../shared/host/detect.js';
import { defineStep, type StepDefinition } from '../../shared/steps/definition.js';
import { processSignal, runStep } from '../../shared/steps/runner.js';

const echo = defineStep({
  id: 'echo',
  title: 'Echo',
  description: 'Echoes its inputs (adapter tests only).',
  available: true,
  inputs: {
    message: { kind: 'string', required: true, description: 'Text.' },
    token: { kind: 'secret', description: 'A secret.' },
    count: { kind: 'number', default: '1', min: 0, description: 'A number.' },
    loud: { kind: 'boolean', default: 'false', description: 'A boolean.' },
    items: { kind: 'list', description: 'A list.' },
  },
  outputs: {
    echoed: { description: 'The message, count times.' },
    'item-count': { description: 'How many items.' },
    'secret-length': { description: 'Length of the secret.' },
  },
  async run(inputs, { host }) {
    host.info(`using token ${inputs.token ?? ''} for ${inputs.message}`);
    // A secret the step obtains itself (as a step gets an endpoint key): registered, then logged.
    const minted = `${inputs.message}-minted-key-0d9e`;
    host.setSecret(minted);
    host.info(`minted ${minted}`);
    await host.group('details', async () =>
      host.warning('a warning with a place', { file: 'model.yml', line: 3 }),
    );
    const text = Array.from({ length: inputs.count }, () => inputs.message).join(' ');
    await host.appendSummary(
      `## Echo\n\n${inputs.loud ? text.toUpperCase() : text} (token ${inputs.token ?? ''})`,
    );
    return {
      echoed: inputs.loud ? text.toUpperCase() : text,
      'item-count': String(inputs.items?.length ?? 0),
      'secret-length': String(inputs.token?.length ?? 0),
    };
  },
});

const ok = await runStep(echo as unknown as StepDefinition, await detectHost(), processSignal());
process.exitCode = ok ? 0 : 1;
