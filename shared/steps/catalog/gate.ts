// gate: golden-image detection regression against the local ONNX scorer and the live endpoint.
// Inputs, outputs and behaviour live in shared/gate.
import { gateInputs, gateOutputs } from '../../gate/inputs.js';
import { runGateStep } from '../../gate/step.js';
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
    return runGateStep(inputs, context);
  },
});
