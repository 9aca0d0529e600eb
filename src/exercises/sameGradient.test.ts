import { describe, expect, it } from 'vitest';
import { REASONS, type ReasonId, ROUNDING_TOLERANCE, sameGradientExercise } from './sameGradient';

const SEEDS = Array.from({ length: 100 }, (_, i) => i + 1);
const AGREEING = { rows: 10, chunkSizes: [4, 4, 2], maxAbsDiff: 3e-8 };

describe('same gradient?', () => {
  it('needs the measurement before it can grade', () => {
    const result = sameGradientExercise.check(
      { gpus: 3, measured: null },
      { agree: 'yes', reason: 'chunk-shares' },
    );
    expect(result.correct).toBe(false);
    expect(result.format).toBe(true);
    expect(result.explanation).toContain('run the comparison');
  });

  it('accepts "yes, because the chunk gradients of a mean loss add up" and rejects every other reason', () => {
    const instance = { gpus: 3, measured: AGREEING };
    expect(sameGradientExercise.check(instance, { agree: 'yes', reason: 'chunk-shares' }).correct).toBe(true);
    expect(sameGradientExercise.check(instance, { agree: 'no', reason: 'chunk-shares' }).correct).toBe(false);
    const others = REASONS.map((reason) => reason.id).filter((id): id is ReasonId => id !== 'chunk-shares');
    expect(others).toHaveLength(3);
    for (const reason of others) {
      const result = sameGradientExercise.check(instance, { agree: 'yes', reason });
      expect(result.correct).toBe(false);
      expect(result.explanation.length).toBeGreaterThan(40);
    }
    const averaged = sameGradientExercise.check(instance, { agree: 'yes', reason: 'averaged' });
    expect(averaged.explanation).toContain('summed');
  });

  it('reads the difference against the stated tolerance', () => {
    const far = { rows: 10, chunkSizes: [4, 4, 2], maxAbsDiff: ROUNDING_TOLERANCE * 10 };
    expect(sameGradientExercise.solve({ gpus: 3, measured: far }).agree).toBe('no');
    expect(
      sameGradientExercise.check({ gpus: 3, measured: far }, { agree: 'yes', reason: 'chunk-shares' })
        .correct,
    ).toBe(false);
  });

  it('draws 2 to 8 GPUs and its solution passes', () => {
    for (const seed of SEEDS) {
      const instance = sameGradientExercise.generate(seed);
      expect(instance.gpus).toBeGreaterThanOrEqual(2);
      expect(instance.gpus).toBeLessThanOrEqual(8);
      const measured = { ...instance, measured: AGREEING };
      expect(sameGradientExercise.check(measured, sameGradientExercise.solve(measured)).correct).toBe(true);
    }
  });
});
