import { describe, expect, it } from 'vitest';
import { initParams } from '../init';
import type { ModelSpec } from '../spec';
import { forward } from './forward';
import { argmaxRows, predictProbabilities } from './predict';

describe('predictProbabilities', () => {
  it('gives rows that sum to 1 and rank classes like the logits', () => {
    const spec: ModelSpec = { layers: [2, 8, 3], activation: 'relu' };
    const params = initParams(spec, 4);
    const x = Float32Array.from([0.5, -1, 2, 0.25, -3, 1]);
    const probabilities = predictProbabilities(spec, params, x, 3);
    const { logits } = forward(spec, params, x, 3);
    for (let r = 0; r < 3; r++) {
      const row = Array.from(probabilities.subarray(r * 3, r * 3 + 3));
      expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 6);
    }
    expect(argmaxRows(probabilities, 3, 3)).toEqual(argmaxRows(logits, 3, 3));
  });
});

describe('argmaxRows', () => {
  it('picks the largest score, the first one on a tie', () => {
    expect(Array.from(argmaxRows(Float32Array.from([1, 3, 2, 5, 5, 0]), 2, 3))).toEqual([1, 0]);
  });
});
