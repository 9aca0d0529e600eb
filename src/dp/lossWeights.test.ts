import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seeded';
import { chunkSizes } from './chunk';
import { allReduceMean, fullBatchGradient, reduceAdd, replicaGradients } from './gradients';
import { insideForwardMatchesFullBatch, sampleWeights, worstWeightRatio } from './lossWeights';

const CLOSE = 12;

function perSampleGradients(batch: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: batch }, () => random.normal());
}

describe('sample weights in the gradient', () => {
  it('fact: with the loss on the gathered output every sample weighs 1/B, for any split', () => {
    expect(sampleWeights(10, 3, 'gathered')).toEqual(new Array(10).fill(1 / 10));
  });

  it('fact: with a mean loss inside forward the small chunk of 4, 4, 2 weighs double (1/6 instead of 1/12)', () => {
    const weights = sampleWeights(10, 3, 'inside-forward');
    expect(weights.slice(0, 8).every((weight) => weight === 1 / 12)).toBe(true);
    expect(weights.slice(8)).toEqual([1 / 6, 1 / 6]);
    expect(worstWeightRatio(10, 3)).toBeCloseTo(10 / 6, CLOSE);
  });

  it('fact: the inside-forward pitfall is wrong only for unequal chunks (every B ≤ 64 on 1–8 GPUs)', () => {
    for (let gpus = 1; gpus <= 8; gpus++) {
      for (let batch = 1; batch <= 64; batch++) {
        const sizes = chunkSizes(batch, gpus);
        const equal = sizes.every((size) => size === sizes[0]);
        const inside = sampleWeights(batch, gpus, 'inside-forward');
        const matches = inside.every((weight) => Math.abs(weight - 1 / batch) < 1e-15);
        expect(matches, `${batch} on ${gpus}`).toBe(equal);
        expect(insideForwardMatchesFullBatch(batch, gpus)).toBe(equal);
      }
    }
  });

  it('makes the weights add up to 1 in both placements', () => {
    for (const placement of ['gathered', 'inside-forward'] as const) {
      const total = sampleWeights(13, 4, placement).reduce((sum, weight) => sum + weight, 0);
      expect(total).toBeCloseTo(1, CLOSE);
    }
  });

  it('answers empty, not with an exception, for impossible input', () => {
    expect(sampleWeights(0, 3, 'gathered')).toEqual([]);
    expect(sampleWeights(5, 0, 'inside-forward')).toEqual([]);
    expect(insideForwardMatchesFullBatch(5, 1.5)).toBe(false);
  });
});

describe('combining the replicas’ gradients', () => {
  it('fact: reduce-add SUMS the replica gradients, and with a gathered mean loss the sum is the one-GPU gradient for any split', () => {
    for (const [batch, gpus] of [
      [10, 3],
      [10, 4],
      [13, 4],
      [30, 8],
      [7, 2],
    ] as const) {
      const perSample = perSampleGradients(batch, batch * 31 + gpus);
      const replicas = replicaGradients(perSample, gpus, 'gathered');
      expect(replicas).toHaveLength(chunkSizes(batch, gpus).length);
      expect(reduceAdd(replicas)).toBeCloseTo(fullBatchGradient(perSample), CLOSE);
      // Averaging instead of summing would shrink the gradient by the replica count.
      expect(allReduceMean(replicas)).toBeCloseTo(fullBatchGradient(perSample) / replicas.length, CLOSE);
    }
  });

  it('fact: averaged per-chunk losses give the one-GPU gradient only when the chunks are equal', () => {
    const unequal = perSampleGradients(10, 7);
    expect(reduceAdd(replicaGradients(unequal, 3, 'inside-forward'))).not.toBeCloseTo(
      fullBatchGradient(unequal),
      6,
    );
    const equal = perSampleGradients(12, 7);
    expect(reduceAdd(replicaGradients(equal, 3, 'inside-forward'))).toBeCloseTo(
      fullBatchGradient(equal),
      CLOSE,
    );
  });

  it('fact: DDP averages equal-share rank gradients, which also gives the full-batch gradient', () => {
    const perSample = perSampleGradients(32, 3);
    const ranks = [0, 1, 2, 3].map((rank) => fullBatchGradient(perSample.slice(rank * 8, rank * 8 + 8)));
    expect(allReduceMean(ranks)).toBeCloseTo(fullBatchGradient(perSample), CLOSE);
  });
});
