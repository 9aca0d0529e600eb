import { describe, expect, it } from 'vitest';
import { SCALING_MODELS } from './models';
import { PRESETS, type PresetId } from './presets';
import {
  ddpScaling,
  ddpSpeedup,
  dpScaling,
  type ScalingConfig,
  type SpeedupPoint,
  speedup,
  stopsPayingOff,
} from './speedup';

function curve(result: ReturnType<typeof dpScaling>): SpeedupPoint[] {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const SMALL_ON_PCIE: ScalingConfig = { model: SCALING_MODELS.small.model, optimizer: 'adam', batch: 4096 };

describe('DataParallel speed-up', () => {
  it('limitation: on PCIe it rises monotonically for a small model but flattens (diminishing returns)', () => {
    const points = curve(dpScaling(SMALL_ON_PCIE, 't4-pcie'));
    expect(points.map((point) => point.gpus)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(points[0]?.speedup).toBe(1);
    const gains = points.slice(1).map((point, i) => point.speedup - (points[i]?.speedup ?? 0));
    for (const gain of gains) expect(gain).toBeGreaterThanOrEqual(0);
    for (let i = 1; i < gains.length; i++) expect(gains[i]).toBeLessThanOrEqual((gains[i - 1] ?? 0) + 1e-9);
    expect(gains[gains.length - 1]).toBeLessThan((gains[0] ?? 0) / 3);
    expect(points[7]?.speedup).toBeLessThan(4);
  });

  it('limitation: for the tiny playground model two GPUs are slower than one', () => {
    const tiny = SCALING_MODELS.tiny;
    for (const preset of Object.keys(PRESETS) as PresetId[]) {
      const result = speedup({ model: tiny.model, optimizer: 'adam', batch: tiny.batchPerGpu }, preset, 2);
      expect(result.ok && result.value).toBeLessThan(1);
    }
  });

  it('splitting one fixed batch over more GPUs eventually makes the step slower again', () => {
    const points = curve(dpScaling({ ...SMALL_ON_PCIE, batch: 8192, scaling: 'fixed-batch' }, 't4-pcie'));
    const best = points.reduce((a, b) => (b.speedup > a.speedup ? b : a));
    expect(best.gpus).toBeGreaterThan(1);
    expect(best.gpus).toBeLessThan(8);
    expect(points[7]?.speedup).toBeLessThan(best.speedup);
  });

  it('rejects more GPUs than one machine has: DataParallel cannot leave the node', () => {
    const result = dpScaling(SMALL_ON_PCIE, 'a100-nvlink', 9);
    expect(result.ok ? undefined : result.error.code).toBe('gpus-out-of-range');
    const scaling = dpScaling({ ...SMALL_ON_PCIE, scaling: 'weak' as 'fixed-batch' }, 't4-pcie');
    expect(scaling.ok ? undefined : scaling.error.code).toBe('bad-option');
    const preset = dpScaling(SMALL_ON_PCIE, 'tpu' as PresetId);
    expect(preset.ok ? undefined : preset.error.code).toBe('bad-preset');
  });
});

describe('DDP against DataParallel', () => {
  it('DDP beats DataParallel at every N ≥ 2, on every preset, for every model size', () => {
    for (const preset of Object.keys(PRESETS) as PresetId[]) {
      for (const [id, scalingModel] of Object.entries(SCALING_MODELS)) {
        const config: ScalingConfig = {
          model: scalingModel.model,
          optimizer: 'adam',
          batch: scalingModel.batchPerGpu,
        };
        const dp = curve(dpScaling(config, preset));
        const ddp = curve(ddpScaling(config, preset));
        for (let n = 2; n <= 8; n++) {
          expect(ddp[n - 1]?.speedup, `${id} on ${preset}, ${n} GPUs`).toBeGreaterThan(
            dp[n - 1]?.speedup ?? Number.NaN,
          );
        }
      }
    }
  });

  it('DDP scales beyond one machine: 2 × 8 A100s beat 8 on the large model', () => {
    const large = SCALING_MODELS.large;
    const config: ScalingConfig = { model: large.model, optimizer: 'adam', batch: large.batchPerGpu };
    const points = curve(ddpScaling(config, 'a100-nvlink', 2));
    expect(points.map((point) => `${point.nodes}×${point.gpus}`).slice(-2)).toEqual(['1×8', '2×16']);
    const two = ddpSpeedup(config, 'a100-nvlink', 2, 8);
    expect(two.ok && two.value).toBeGreaterThan(points[7]?.speedup ?? Number.POSITIVE_INFINITY);
  });
});

describe('stopsPayingOff', () => {
  const points = (speedups: number[]): SpeedupPoint[] =>
    speedups.map((value, i) => ({
      gpus: i + 1,
      nodes: 1,
      stepMs: 1,
      samplesPerStep: 1,
      samplesPerSecond: 1,
      speedup: value,
    }));

  it('finds the fewest GPUs that no larger count beats by the tolerance', () => {
    expect(stopsPayingOff(points([1, 1.8, 2.4, 2.6, 2.65]), 0.05)).toBe(4);
    expect(stopsPayingOff(points([1, 1.8, 2.4, 2.5, 2.55]), 0.1)).toBe(3);
    expect(stopsPayingOff(points([1, 0.8, 0.9]), 0.05)).toBe(1);
    expect(stopsPayingOff(points([1, 2, 3]), 0.05)).toBe(3);
  });

  it('looks past a dip: a curve that is slower on 2 GPUs but climbs later keeps paying', () => {
    expect(stopsPayingOff(points([1, 0.94, 1.31, 1.6, 1.9, 2.1, 2.3, 2.54]), 0.05)).toBe(8);
    expect(stopsPayingOff(points([1, 0.94, 1.31, 1.5, 1.52, 1.53]), 0.05)).toBe(4);
  });

  it('answers for a real curve: DataParallel of a small model on PCIe stops paying off before 8 GPUs', () => {
    const answer = stopsPayingOff(curve(dpScaling(SMALL_ON_PCIE, 't4-pcie')), 0.05);
    expect(answer).toBeGreaterThan(1);
    expect(answer).toBeLessThan(8);
  });
});
