import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seeded';
import { initBound, initParams } from './init';
import { type ModelSpec, paramLayout } from './spec';

const relu: ModelSpec = { layers: [64, 32, 10], activation: 'relu' };
const tanh: ModelSpec = { layers: [64, 32, 10], activation: 'tanh' };

describe('initParams', () => {
  it('is a pure function of the seed', () => {
    expect(initParams(relu, 7)).toEqual(initParams(relu, 7));
    expect(initParams(relu, 7)).not.toEqual(initParams(relu, 8));
  });

  it('draws weights in layout order from seededRandom(seed), scaled to ±bound', () => {
    const params = initParams(relu, 3);
    const random = seededRandom(3);
    const bound = Math.sqrt(6 / 64);
    expect(params[0]).toBeCloseTo((2 * random.next() - 1) * bound, 6);
    expect(params[1]).toBeCloseTo((2 * random.next() - 1) * bound, 6);
  });

  it('uses He-uniform for ReLU and Xavier-uniform for tanh, with zero biases', () => {
    expect(initBound(relu, 64, 32)).toBeCloseTo(Math.sqrt(6 / 64), 12);
    expect(initBound(tanh, 64, 32)).toBeCloseTo(Math.sqrt(6 / 96), 12);
    for (const spec of [relu, tanh]) {
      const params = initParams(spec, 11);
      for (const slot of paramLayout(spec).slots) {
        const bound = initBound(spec, slot.in, slot.out);
        const weights = params.subarray(slot.weight, slot.bias);
        const extreme = weights.reduce((max, w) => Math.max(max, Math.abs(w)), 0);
        expect(extreme).toBeLessThanOrEqual(bound);
        // 320+ uniform draws reach close to the edge of their range.
        expect(extreme).toBeGreaterThan(0.9 * bound);
        expect(Array.from(params.subarray(slot.bias, slot.bias + slot.out))).toEqual(
          new Array(slot.out).fill(0),
        );
      }
    }
  });
});
