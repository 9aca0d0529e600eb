import { describe, expect, it } from 'vitest';
import { bestLaterGain, stopsPayingOff } from '../cost/speedup';
import {
  CLEAR_MARGIN,
  isClearCut,
  laterGainText,
  scalingCurve,
  scalingExercise,
  shownCurve,
} from './scaling';

const SEEDS = Array.from({ length: 60 }, (_, i) => i + 1);

describe('when more GPUs stop paying off', () => {
  it('reads the curve: the fewest GPUs that no larger count beats by the tolerance', () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const instance = scalingExercise.generate(seed);
      const points = scalingCurve(instance);
      const answer = Number(scalingExercise.solve(instance));
      const at = points.findIndex((point) => point.gpus === answer);
      // Every smaller count is beaten by the tolerance somewhere later; the answer is not.
      for (let i = 0; i < at; i++)
        expect(bestLaterGain(points, i)).toBeGreaterThanOrEqual(instance.tolerance);
      const gain = bestLaterGain(points, at);
      if (gain !== undefined) expect(gain).toBeLessThan(instance.tolerance);
    }
  });

  it('a tiny model never pays off: the answer is 1', () => {
    const tiny = {
      model: 'tiny',
      preset: 'a100-nvlink',
      scaling: 'batch-per-gpu',
      batch: 32,
      optimizer: 'sgd',
      tolerance: 0.05,
    } as const;
    expect(scalingExercise.solve(tiny)).toBe('1');
    expect(scalingExercise.check(tiny, '1 GPU').correct).toBe(true);
    expect(scalingExercise.check(tiny, '8').correct).toBe(false);
  });

  it('accepts the answer and rejects its neighbours for many seeds, with answers spread over 1–8', () => {
    const answers = new Set<number>();
    for (const seed of SEEDS) {
      const instance = scalingExercise.generate(seed);
      const answer = Number(scalingExercise.solve(instance));
      answers.add(answer);
      expect(scalingExercise.check(instance, String(answer)).correct).toBe(true);
      for (const miss of [answer - 1, answer + 1]) {
        const result = scalingExercise.check(instance, String(miss));
        expect(result.correct).toBe(false);
        expect(result.explanation).toContain(`The answer is ${answer}`);
      }
      expect(scalingExercise.check(instance, 'many').correct).toBe(false);
    }
    expect(answers.size).toBeGreaterThanOrEqual(5);
    // Hundreds of modeled curves: about a second alone, several on two busy cores.
  }, 20_000);
});

describe('the table the learner reads', () => {
  it('never asks about a comparison whose rounding could land on the wrong side of the tolerance', () => {
    for (const seed of SEEDS) {
      const instance = scalingExercise.generate(seed);
      expect(isClearCut(instance)).toBe(true);
      const points = scalingCurve(instance);
      for (let i = 0; i + 1 < points.length; i++) {
        const gain = bestLaterGain(points, i) as number;
        expect(Math.abs(gain - instance.tolerance)).toBeGreaterThanOrEqual(CLEAR_MARGIN);
      }
    }
  });

  it('gives the same answer from the rounded speed-ups the table shows, which is all it shows', () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const instance = scalingExercise.generate(seed);
      const shown = shownCurve(scalingCurve(instance));
      expect(String(stopsPayingOff(shown, instance.tolerance))).toBe(scalingExercise.solve(instance));
    }
  });

  it('knows a borderline curve when it sees one', () => {
    const setup = {
      model: 'large',
      preset: 'a100-nvlink',
      scaling: 'fixed-batch',
      batch: 1024,
      optimizer: 'adam',
    } as const;
    const points = scalingCurve({ ...setup, tolerance: 0.05 });
    const gain = bestLaterGain(points, 2) as number;
    expect(isClearCut({ ...setup, tolerance: gain + CLEAR_MARGIN / 2 })).toBe(false);
    expect(isClearCut({ ...setup, tolerance: gain - CLEAR_MARGIN / 2 })).toBe(false);
  });
});

describe('laterGainText', () => {
  it('says how much faster the best larger count is, and nothing for the last', () => {
    const instance = scalingExercise.generate(1);
    const points = scalingCurve(instance);
    const last = points.length - 1;
    expect(laterGainText(points, last)).toBe('—');
    const gain = bestLaterGain(points, 0) as number;
    expect(laterGainText(points, 0)).toContain(
      `${Math.abs(gain * 100).toFixed(Math.abs(gain) < 0.1 ? 1 : 0)} %`,
    );
    expect(laterGainText(points, 0).startsWith(gain < 0 ? '−' : '+')).toBe(true);
  });
});
