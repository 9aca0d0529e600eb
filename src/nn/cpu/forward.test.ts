import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../spec';
import { forward } from './forward';

// 2 → 2 → 2 with W₁ = [[1, −1], [2, 0]], b₁ = [0, −1], W₂ = [[1, 1], [0, −1]], b₂ = [0.5, 0].
const params = Float32Array.from([1, -1, 2, 0, 0, -1, 1, 1, 0, -1, 0.5, 0]);
const x = Float32Array.from([1, 2, 3, -1]);

describe('forward', () => {
  it('computes act(x·W₁ᵀ + b₁) then the logits with no activation (ReLU)', () => {
    const spec: ModelSpec = { layers: [2, 2, 2], activation: 'relu' };
    const pass = forward(spec, params, x, 2);
    // Row 0: z = [−1, 1] → h = [0, 1] → logits [1.5, −1]. Row 1: z = [4, 5] → h = [4, 5] → [9.5, −5].
    expect(pass.activations).toHaveLength(2);
    expect(Array.from(pass.activations[0] ?? [])).toEqual(Array.from(x));
    expect(Array.from(pass.activations[1] ?? [])).toEqual([0, 1, 4, 5]);
    expect(Array.from(pass.logits)).toEqual([1.5, -1, 9.5, -5]);
  });

  it('applies tanh on hidden layers only', () => {
    const spec: ModelSpec = { layers: [2, 2, 2], activation: 'tanh' };
    const pass = forward(spec, params, x, 1);
    const h = [Math.tanh(-1), Math.tanh(1)];
    expect(pass.activations[1]?.[0]).toBeCloseTo(h[0] ?? 0, 6);
    expect(pass.logits[0]).toBeCloseTo((h[0] ?? 0) + (h[1] ?? 0) + 0.5, 6);
    expect(pass.logits[1]).toBeCloseTo(-(h[1] ?? 0), 6);
  });

  it('gives each row the same result alone or in a batch (what makes a DataParallel split exact)', () => {
    const spec: ModelSpec = { layers: [2, 2, 2], activation: 'tanh' };
    const both = forward(spec, params, x, 2).logits;
    const second = forward(spec, params, x.subarray(2), 1).logits;
    expect(Array.from(second)).toEqual(Array.from(both.subarray(2)));
  });

  it('rejects too few inputs or parameters', () => {
    const spec: ModelSpec = { layers: [2, 2, 2], activation: 'relu' };
    expect(() => forward(spec, params, x, 3)).toThrow(RangeError);
    expect(() => forward(spec, params.subarray(1), x, 2)).toThrow(RangeError);
  });
});
