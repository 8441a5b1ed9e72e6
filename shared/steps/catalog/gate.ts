// gate: golden-image detection regression against the local ONNX scorer and the live endpoint.
// Inputs and outputs live in shared/gate/inputs.ts (cheap to load); the behaviour is loaded on
// run, not at start-up: it pulls the scorer (onnxruntime-node, sharp) and the Azure SDKs.
import { gateInputs, gateOutputs } from '../../gate/inputs.js';
import { defineStep } from '../definition.js';

export const gate = defineStep({
  id: 'gate',
  title: 'Detection gate',
  description:
    'Run a golden set through the local ONNX scorer and a live deployment; judge COCO metrics, parity and thresholds.',
  available: true,
  inputs: gateInputs,
  outputs: gateOutputs,
  async run(inputs, context) {
    const { runGateStep } = await import('../../gate/step.js');
    return runGateStep(inputs, context);
  },
});
