import { describe, expect, it } from 'vitest';
import { softmaxCrossEntropy, softmaxCrossEntropyInto, softmaxInto } from './loss';

describe('softmaxCrossEntropy', () => {
  it('gives log C and (1/C − onehot)/rows for equal logits', () => {
    const { loss, dlogits } = softmaxCrossEntropy(new Float32Array(6), Uint32Array.from([1, 0]), 2, 3);
    expect(loss).toBeCloseTo(Math.log(3), 6);
    const third = 1 / 3;
    const expected = [third / 2, (third - 1) / 2, third / 2, (third - 1) / 2, third / 2, third / 2];
    for (const [k, e] of expected.entries()) expect(dlogits[k]).toBeCloseTo(e, 6);
  });

  it('takes the mean of −log p(y) over rows', () => {
    // Row 0: p(y=0) = e²/(e² + 1); row 1: p(y=1) = 1/(e² + 1).
    const logits = Float32Array.from([2, 0, 2, 0]);
    const { loss } = softmaxCrossEntropy(logits, Uint32Array.from([0, 1]), 2, 2);
    const e2 = Math.exp(2);
    expect(loss).toBeCloseTo((-Math.log(e2 / (e2 + 1)) - Math.log(1 / (e2 + 1))) / 2, 6);
  });

  it('stays finite for huge logits (it subtracts the row maximum)', () => {
    const { loss, dlogits } = softmaxCrossEntropy(
      Float32Array.from([1000, -1000, 990, 1000]),
      Uint32Array.from([0, 0]),
      2,
      2,
    );
    expect(loss).toBeCloseTo(10 / 2, 4);
    expect(dlogits.every(Number.isFinite)).toBe(true);
  });

  it('matches float64 central differences of the loss with respect to every logit', () => {
    const logits = Float32Array.from([0.3, -1.2, 2.0, 0.5, 0.1, -0.4]);
    const y = Uint32Array.from([2, 0]);
    const { dlogits } = softmaxCrossEntropy(logits, y, 2, 3);
    const lossAt = (z: Float64Array): number => {
      let total = 0;
      for (let r = 0; r < 2; r++) {
        const row = Array.from(z.subarray(r * 3, r * 3 + 3));
        total += Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - (row[y[r] ?? 0] ?? 0);
      }
      return total / 2;
    };
    const at = Float64Array.from(logits);
    for (let k = 0; k < at.length; k++) {
      const saved = at[k] ?? 0;
      at[k] = saved + 1e-6;
      const up = lossAt(at);
      at[k] = saved - 1e-6;
      const down = lossAt(at);
      at[k] = saved;
      expect(dlogits[k]).toBeCloseTo((up - down) / 2e-6, 6);
    }
  });

  it("scales the gradient by `scale` (1/B for a replica's slice of a batch of B) but not the loss", () => {
    const logits = Float32Array.from([0.5, -0.5]);
    const plain = softmaxCrossEntropy(logits, Uint32Array.from([1]), 1, 2);
    const sliced = softmaxCrossEntropy(logits, Uint32Array.from([1]), 1, 2, 1 / 4);
    expect(sliced.loss).toBe(plain.loss);
    expect(sliced.dlogits[0]).toBeCloseTo((plain.dlogits[0] ?? 0) / 4, 7);
  });

  it('rejects a label that is not a class', () => {
    expect(() => softmaxCrossEntropy(new Float32Array(2), Uint32Array.from([2]), 1, 2)).toThrow(RangeError);
  });

  it('propagates NaN instead of hiding it (divergence must be detectable)', () => {
    const { loss } = softmaxCrossEntropy(Float32Array.from([Number.NaN, 0]), Uint32Array.from([0]), 1, 2);
    expect(Number.isNaN(loss)).toBe(true);
  });
});

describe('softmaxCrossEntropyInto', () => {
  it('works on a row range in place, returning the summed loss', () => {
    const logits = Float32Array.from([9, 9, 0, 0, 0, 0]);
    const d = new Float32Array(6).fill(7);
    const sum = softmaxCrossEntropyInto(logits, Uint32Array.from([0, 0, 1]), 1, 2, 2, 1, d);
    expect(sum).toBeCloseTo(2 * Math.log(2), 6);
    expect(Array.from(d)).toEqual([7, 7, -0.5, 0.5, 0.5, -0.5]);
  });
});

describe('softmaxInto', () => {
  it('turns scores into probabilities row by row', () => {
    const out = new Float32Array(4);
    softmaxInto(Float32Array.from([0, Math.log(3), 5, 5]), 2, 2, out);
    for (const [k, p] of [0.25, 0.75, 0.5, 0.5].entries()) expect(out[k]).toBeCloseTo(p, 6);
  });
});
