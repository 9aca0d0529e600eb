import { describe, expect, it } from 'vitest';
import { SCALING_MODELS } from './models';
import { describeScaling } from './scalingShape';
import { dpScaling, type SpeedupPoint } from './speedup';

function curve(...speedups: number[]): SpeedupPoint[] {
  return speedups.map((speedup, i) => ({
    gpus: i + 1,
    nodes: 1,
    stepMs: 1,
    samplesPerStep: i + 1,
    samplesPerSecond: speedup,
    speedup,
  }));
}

describe('describeScaling', () => {
  it('says a curve that dips at 2 GPUs and then climbs does exactly that, with its numbers', () => {
    const { shape, sentence } = describeScaling(curve(1, 0.94, 1.31, 1.62, 1.9));
    expect(shape).toBe('dip-then-gain');
    expect(sentence).toContain('A second GPU makes it slower (1.00× → 0.94×)');
    expect(sentence).toContain('between +0.28× and +0.37×');
    expect(sentence).toContain('1.90× with 5 GPUs — far from the ideal 5.00×');
    expect(sentence).not.toMatch(/less than the one before/);
  });

  it('calls a flat curve flat', () => {
    const { shape, sentence } = describeScaling(curve(1, 1.01, 0.99, 1.02));
    expect(shape).toBe('flat');
    expect(sentence).toContain('between 0.99× and 1.02×');
  });

  it('says "less than the one before" only when every gain is smaller than the last', () => {
    expect(describeScaling(curve(1, 1.8, 2.4, 2.8)).shape).toBe('diminishing');
    expect(describeScaling(curve(1, 1.8, 2.4, 2.8)).sentence).toContain('helps less than the one before');
    const steady = describeScaling(curve(1, 1.5, 2.1, 2.6));
    expect(steady.shape).toBe('steady');
    expect(steady.sentence).not.toMatch(/less than the one before/);
    expect(steady.sentence).toContain('between +0.50× and +0.60×');
  });

  it('names curves that only lose, and curves that peak', () => {
    expect(describeScaling(curve(1, 0.8, 0.7, 0.6)).sentence).toMatch(
      /^Every GPU added makes the step slower/,
    );
    const peak = describeScaling(curve(1, 1.5, 1.7, 1.6, 1.4));
    expect(peak.shape).toBe('peak');
    expect(peak.sentence).toContain('peaks at 1.70× with 3 GPUs');
  });

  it("describes the scaling panel's default curve (large model, A100) without contradicting it", () => {
    const { model, batchPerGpu } = SCALING_MODELS.large;
    const dp = dpScaling({ model, optimizer: 'sgd', batch: batchPerGpu }, 'a100-nvlink');
    if (!dp.ok) throw new Error(dp.error.message);
    const { shape, sentence } = describeScaling(dp.value);
    const gains = dp.value.slice(1).map((point, i) => point.speedup - (dp.value[i]?.speedup ?? 0));
    if (shape === 'diminishing')
      for (const [i, gain] of gains.entries()) expect(gain).toBeLessThanOrEqual(gains[i - 1] ?? gain);
    if (shape === 'dip-then-gain') expect(gains[0]).toBeLessThan(0);
    expect(sentence).toContain(`${dp.value[7]?.speedup.toFixed(2)}× with 8 GPUs`);
  });
});
