import { describe, expect, it } from 'vitest';
import type { OptimizerSpec } from '../spec';
import { createOptimizerState, optimizerStep, resetOptimizerState } from './optimizer';

// Two steps from p = [1, −2, 0.5] with g₁ = [0.5, −1, 0] then g₂ = [1, 1, 1]; expected values worked
// out by hand (Adam's with a float64 calculator) from PyTorch's documented update rules.
const start = [1, -2, 0.5];
const g1 = Float32Array.from([0.5, -1, 0]);
const g2 = Float32Array.from([1, 1, 1]);

function twoSteps(optimizer: OptimizerSpec): [number[], number[]] {
  const params = Float32Array.from(start);
  const state = createOptimizerState(3, optimizer.kind);
  optimizerStep(optimizer, params, g1, state);
  const first = Array.from(params);
  optimizerStep(optimizer, params, g2, state);
  return [first, Array.from(params)];
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  for (const [k, e] of expected.entries()) expect(actual[k]).toBeCloseTo(e, 6);
}

describe('optimizerStep', () => {
  it('SGD: p −= lr·g', () => {
    const [first, second] = twoSteps({ kind: 'sgd', lr: 0.1 });
    expectClose(first, [0.95, -1.9, 0.5]);
    expectClose(second, [0.85, -2.0, 0.4]);
  });

  it("momentum: PyTorch's buffer m = μ·m + g starts at g (no dampening)", () => {
    const [first, second] = twoSteps({ kind: 'momentum', lr: 0.1, momentum: 0.9 });
    expectClose(first, [0.95, -1.9, 0.5]);
    // m = 0.9·[0.5, −1, 0] + [1, 1, 1] = [1.45, 0.1, 1]
    expectClose(second, [0.805, -1.91, 0.4]);
  });

  it("Adam: bias correction makes the first step lr·sign(g), then PyTorch's second step", () => {
    const [first, second] = twoSteps({ kind: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    expectClose(first, [0.9, -1.9, 0.5]);
    expectClose(second, [0.803481801, -1.905263159, 0.425586319]);
  });

  it('counts steps and resets to a fresh state', () => {
    const optimizer: OptimizerSpec = { kind: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
    const params = Float32Array.from(start);
    const state = createOptimizerState(3);
    optimizerStep(optimizer, params, g1, state);
    optimizerStep(optimizer, params, g2, state);
    expect(state.t).toBe(2);
    resetOptimizerState(state);
    expect(state.t).toBe(0);
    const again = Float32Array.from(start);
    optimizerStep(optimizer, again, g1, state);
    expectClose(Array.from(again), [0.9, -1.9, 0.5]);
  });

  it('allocates only the state a rule keeps, and refuses a state too small', () => {
    expect(createOptimizerState(5, 'sgd').m.length + createOptimizerState(5, 'sgd').v.length).toBe(0);
    expect(createOptimizerState(5, 'momentum').m).toHaveLength(5);
    expect(createOptimizerState(5, 'momentum').v).toHaveLength(0);
    expect(createOptimizerState(5, 'adam').v).toHaveLength(5);
    const params = Float32Array.from(start);
    expect(() =>
      optimizerStep({ kind: 'momentum', lr: 1, momentum: 0.9 }, params, g1, createOptimizerState(3, 'sgd')),
    ).toThrow(RangeError);
    expect(() =>
      optimizerStep({ kind: 'sgd', lr: 1 }, params, new Float32Array(2), createOptimizerState(3)),
    ).toThrow(RangeError);
  });
});
