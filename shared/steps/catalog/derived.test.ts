// The types the behaviour takes are the ones the step definitions declare, proven by the compiler
// (`tsc` checks these assertions): no hand-copied input or output type.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { gateInputs, type GateInputs, gateOutputs, type GateOutputs } from '../../gate/inputs.js';
import type { runGateStep } from '../../gate/step.js';
import type { InputsOf, OutputsOf } from '../../inputs/spec.js';
import { type ModelSpecInputs, registerModelInputs, registerModelOutputs } from '../../model/inputs.js';
import type { resolveModelSpec } from '../../model/spec.js';
import type { runRegisterModelStep } from '../../model/step.js';
import { gate } from './gate.js';
import { registerModel } from './register-model.js';

describe('step types are derived from the step definitions', () => {
  it('gate', () => {
    expect(gate.inputs).toBe(gateInputs);
    expect(gate.outputs).toBe(gateOutputs);
    expectTypeOf<GateInputs>().toEqualTypeOf<InputsOf<typeof gate.inputs>>();
    expectTypeOf<Parameters<typeof runGateStep>[0]>().toEqualTypeOf<InputsOf<typeof gate.inputs>>();
    expectTypeOf<Awaited<ReturnType<typeof runGateStep>>>().toEqualTypeOf<OutputsOf<typeof gate.outputs>>();
    expectTypeOf<GateOutputs>().toEqualTypeOf<OutputsOf<typeof gate.outputs>>();
    // A choice input is typed as its options.
    expectTypeOf<GateInputs['protocol']>().toEqualTypeOf<'automl' | 'kserve' | 'torchserve' | 'json'>();
  });

  it('register-model', () => {
    expect(registerModel.inputs).toBe(registerModelInputs);
    expect(registerModel.outputs).toBe(registerModelOutputs);
    type Declared = InputsOf<typeof registerModel.inputs>;
    expectTypeOf<Parameters<typeof runRegisterModelStep>[0]>().toEqualTypeOf<Declared>();
    expectTypeOf<ModelSpecInputs>().toEqualTypeOf<
      Pick<
        Declared,
        'path' | 'name' | 'version' | 'type' | 'description' | 'tags' | 'properties' | 'model-yaml'
      >
    >();
    expectTypeOf<Parameters<typeof resolveModelSpec>[0]>().toEqualTypeOf<ModelSpecInputs>();
    expectTypeOf<Awaited<ReturnType<typeof runRegisterModelStep>>>().toEqualTypeOf<
      OutputsOf<typeof registerModel.outputs>
    >();
  });
});
