import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../random/seeded';
import { initParams } from '../init';
import { type LayerSlot, type ModelSpec, paramLayout, paramName } from '../spec';
import { backward } from './backward';
import { forward } from './forward';
import { softmaxCrossEntropy } from './loss';

/**
 * The mean cross-entropy loss, written again from scratch in float64 so the finite differences share no
 * code (and no float32 rounding) with the implementation under test.
 */
function lossFloat64(
  spec: ModelSpec,
  params: Float64Array,
  x: Float32Array,
  y: Uint32Array,
  rows: number,
): number {
  const { slots } = paramLayout(spec);
  const width = spec.layers[0] as number;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    let h = Array.from(x.subarray(r * width, (r + 1) * width));
    for (const [l, slot] of slots.entries()) {
      const z = new Array<number>(slot.out).fill(0).map((_, o) => {
        let s = params[slot.bias + o] as number;
        for (let i = 0; i < slot.in; i++)
          s += (params[slot.weight + o * slot.in + i] as number) * (h[i] as number);
        return s;
      });
      const last = l === slots.length - 1;
      h = last ? z : z.map((v) => (spec.activation === 'relu' ? Math.max(0, v) : Math.tanh(v)));
    }
    const max = Math.max(...h);
    total += Math.log(h.reduce((s, v) => s + Math.exp(v - max), 0)) + max - (h[y[r] as number] as number);
  }
  return total / rows;
}

function problem(spec: ModelSpec, rows: number, seed: number) {
  const random = seededRandom(seed);
  const classes = spec.layers[spec.layers.length - 1] as number;
  const x = Float32Array.from({ length: rows * (spec.layers[0] as number) }, () => random.normal());
  const y = Uint32Array.from({ length: rows }, () => random.int(0, classes - 1));
  const params = initParams(spec, seed);
  // Non-zero biases, so their gradients are tested away from the initial point too.
  for (const slot of paramLayout(spec).slots) {
    for (let o = 0; o < slot.out; o++) params[slot.bias + o] = 0.1 * random.normal();
  }
  return { x, y, params, classes };
}

function analyticGradient(
  spec: ModelSpec,
  params: Float32Array,
  x: Float32Array,
  y: Uint32Array,
  rows: number,
) {
  const pass = forward(spec, params, x, rows);
  const { dlogits } = softmaxCrossEntropy(
    pass.logits,
    y,
    rows,
    spec.layers[spec.layers.length - 1] as number,
  );
  return backward(spec, params, pass, dlogits, rows);
}

describe('backward', () => {
  it.each<[string, ModelSpec]>([
    ['ReLU 3→5→4→3', { layers: [3, 5, 4, 3], activation: 'relu' }],
    ['tanh 3→5→4→3', { layers: [3, 5, 4, 3], activation: 'tanh' }],
    ['no hidden layer 4→3', { layers: [4, 3], activation: 'relu' }],
    ['deep ReLU 2→6→6→6→2', { layers: [2, 6, 6, 6, 2], activation: 'relu' }],
  ])('matches float64 central differences for every weight and bias: %s', (_, spec) => {
    const rows = 7;
    const { x, y, params } = problem(spec, rows, 5);
    const analytic = analyticGradient(spec, params, x, y, rows);
    const at = Float64Array.from(params);
    const layout = paramLayout(spec);
    const h = 1e-6;
    for (let k = 0; k < layout.count; k++) {
      const saved = at[k] as number;
      at[k] = saved + h;
      const up = lossFloat64(spec, at, x, y, rows);
      at[k] = saved - h;
      const down = lossFloat64(spec, at, x, y, rows);
      at[k] = saved;
      const numeric = (up - down) / (2 * h);
      const error = Math.abs((analytic[k] as number) - numeric) / Math.max(Math.abs(numeric), 1e-2);
      expect(error, paramName(layout, k)).toBeLessThanOrEqual(1e-3);
    }
  });

  it("uses ReLU'(0) = 0: a unit whose pre-activation is exactly 0 gets no gradient", () => {
    const spec: ModelSpec = { layers: [2, 2, 2], activation: 'relu' };
    const { slots } = paramLayout(spec);
    const first = slots[0] as LayerSlot;
    const { x, y, params } = problem(spec, 5, 9);
    // Unit 0 of the hidden layer: zero weights and bias, so z = 0 for every row.
    params[first.weight] = 0;
    params[first.weight + 1] = 0;
    params[first.bias] = 0;
    const grad = analyticGradient(spec, params, x, y, 5);
    expect([grad[first.weight], grad[first.weight + 1], grad[first.bias]]).toEqual([0, 0, 0]);
    expect(grad[first.bias + 1]).not.toBe(0);
  });

  it('is linear in dlogits (the scale a DataParallel replica applies carries through)', () => {
    const spec: ModelSpec = { layers: [3, 4, 2], activation: 'tanh' };
    const { x, y, params } = problem(spec, 4, 2);
    const pass = forward(spec, params, x, 4);
    const half = softmaxCrossEntropy(pass.logits, y, 4, 2, 1 / 8).dlogits;
    const full = softmaxCrossEntropy(pass.logits, y, 4, 2).dlogits;
    const a = backward(spec, params, pass, half, 4);
    const b = backward(spec, params, pass, full, 4);
    for (let k = 0; k < a.length; k++) expect(2 * (a[k] as number)).toBeCloseTo(b[k] as number, 6);
  });
});
