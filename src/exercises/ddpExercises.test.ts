import { describe, expect, it } from 'vitest';
import { ddpAverage, ddpGradientExercise, fullBatchGrad } from './ddpGradient';
import { dpMbThroughGpu0, ringBytesExercise, ringMbPerGpu } from './ringBytes';

describe("DDP's gradient on an uneven split", () => {
  it('averages the ranks’ means, which is not the full-batch gradient', () => {
    const instance = { batch: 10, gpus: 3, rankGrads: [0.3, 0.6, 0.9] };
    expect(ddpAverage(instance)).toBeCloseTo(0.6, 12);
    expect(fullBatchGrad(instance)).toBeCloseTo(0.4 * 0.3 + 0.4 * 0.6 + 0.2 * 0.9, 12);
    expect(ddpGradientExercise.check(instance, '0.6').correct).toBe(true);
    const dp = ddpGradientExercise.check(instance, '0.54');
    expect(dp.correct).toBe(false);
    expect(dp.hint).toContain("DataParallel's full-batch gradient");
    expect(dp.hint).not.toContain('0.6');
    expect(ddpGradientExercise.check(instance, '1.8').hint).toContain('the sum');
    expect(ddpGradientExercise.check(instance, 'about half').format).toBe(true);
  });

  it('generates uneven splits from its seed, and its own answer is right', () => {
    for (let seed = 0; seed < 30; seed++) {
      const instance = ddpGradientExercise.generate(seed);
      expect(ddpGradientExercise.generate(seed)).toEqual(instance);
      expect(ddpGradientExercise.check(instance, ddpGradientExercise.solve(instance)).correct).toBe(true);
      expect(fullBatchGrad(instance)).not.toBeCloseTo(ddpAverage(instance), 6);
    }
  });
});

describe('Bytes on the ring', () => {
  it('each GPU sends 2(N−1)/N of the gradients; DataParallel moves 2(N−1) × through GPU 0', () => {
    expect(ringMbPerGpu({ gpus: 4, gradientMb: 100 })).toBeCloseTo(150, 9);
    expect(ringMbPerGpu({ gpus: 2, gradientMb: 100 })).toBeCloseTo(100, 9);
    expect(dpMbThroughGpu0({ gpus: 4, gradientMb: 100 })).toBe(600);
    expect(ringBytesExercise.check({ gpus: 4, gradientMb: 100 }, '150').correct).toBe(true);
    expect(ringBytesExercise.check({ gpus: 4, gradientMb: 100 }, '600').hint).toContain('through GPU 0');
  });

  it('grades its own answer right for every seeded instance', () => {
    for (let seed = 0; seed < 30; seed++) {
      const instance = ringBytesExercise.generate(seed);
      expect(ringBytesExercise.check(instance, ringBytesExercise.solve(instance)).correct).toBe(true);
    }
  });
});
