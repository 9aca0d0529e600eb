import { describe, expect, it } from 'vitest';
import { insideForwardMatchesFullBatch } from '../dp/lossWeights';
import { lastSampleWeight, lossInsideExercise } from './lossInside';

const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);

describe('the loss inside forward', () => {
  it('with chunks 4, 4, 2: no, and a last-chunk sample weighs 1/6 instead of 1/10', () => {
    const instance = { batch: 10, gpus: 3 };
    expect(lastSampleWeight(instance)).toBeCloseTo(1 / 6);
    expect(lossInsideExercise.check(instance, { matches: 'no', weight: '1/6' }).correct).toBe(true);
    expect(lossInsideExercise.check(instance, { matches: 'no', weight: '0.167' }).correct).toBe(true);
    expect(lossInsideExercise.check(instance, { matches: 'yes', weight: '1/6' }).correct).toBe(false);
    const fair = lossInsideExercise.check(instance, { matches: 'no', weight: '1/10' });
    expect(fair.correct).toBe(false);
    expect(fair.explanation).toContain('full-batch mean');
  });

  it('with equal chunks (12 on 3): yes, and every sample weighs 1/12', () => {
    expect(lossInsideExercise.check({ batch: 12, gpus: 3 }, { matches: 'yes', weight: '1/12' }).correct).toBe(
      true,
    );
    expect(lossInsideExercise.check({ batch: 12, gpus: 3 }, { matches: 'no', weight: '1/12' }).correct).toBe(
      false,
    );
  });

  it('accepts the solution and rejects near misses for many seeds', () => {
    let uneven = 0;
    for (const seed of SEEDS) {
      const instance = lossInsideExercise.generate(seed);
      const solution = lossInsideExercise.solve(instance);
      if (!insideForwardMatchesFullBatch(instance.batch, instance.gpus)) uneven++;
      expect(lossInsideExercise.check(instance, solution).correct).toBe(true);
      const flipped = solution.matches === 'yes' ? 'no' : 'yes';
      expect(lossInsideExercise.check(instance, { ...solution, matches: flipped }).correct).toBe(false);
      const weight = lastSampleWeight(instance);
      for (const miss of [weight * 1.2, weight * 0.8, 1 / (1 / weight + 1)]) {
        expect(lossInsideExercise.check(instance, { ...solution, weight: miss.toFixed(4) }).correct).toBe(
          false,
        );
      }
      expect(lossInsideExercise.check(instance, { ...solution, weight: 'a lot' }).correct).toBe(false);
      expect(lossInsideExercise.check(instance, { ...solution, matches: null }).correct).toBe(false);
    }
    expect(uneven).toBeGreaterThan(SEEDS.length / 2);
    expect(uneven).toBeLessThan(SEEDS.length);
  });
});
