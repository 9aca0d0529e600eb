import { describe, expect, it } from 'vitest';
import type { StepConfig } from './config';
import { planStep, type StepPlan } from './plan';

const MODEL = { layers: [2, 16, 16, 2], activation: 'relu' } as const;

function config(gpus: number, batch: number, extra: Partial<StepConfig> = {}): StepConfig {
  return { gpus, batch, model: { ...MODEL, layers: [...MODEL.layers] }, optimizer: 'adam', ...extra };
}

function plan(gpus: number, batch: number, extra: Partial<StepConfig> = {}): StepPlan {
  const result = planStep(config(gpus, batch, extra));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function errorCode(input: StepConfig): string | undefined {
  const result = planStep(input);
  return result.ok ? undefined : result.error.code;
}

describe('planStep follows DataParallel', () => {
  it('fact: chunk i goes to GPU i, in order, with torch.chunk sizes (10 on 3 is 4, 4, 2)', () => {
    const { chunkSizes, chunks } = plan(3, 10);
    expect(chunkSizes).toEqual([4, 4, 2]);
    expect(chunks).toEqual([
      { device: 0, start: 0, end: 4 },
      { device: 1, start: 4, end: 8 },
      { device: 2, start: 8, end: 10 },
    ]);
  });

  it('fact: torch.chunk does not balance — 10 on 4 is 3, 3, 3, 1', () => {
    expect(plan(4, 10).chunkSizes).toEqual([3, 3, 3, 1]);
  });

  it('fact: only as many replicas as chunks are built, not one per GPU (10 on 8 → 5)', () => {
    const { replicas, busyGpus, idleGpus } = plan(8, 10);
    expect(replicas).toBe(5);
    expect(busyGpus).toEqual([0, 1, 2, 3, 4]);
    expect(idleGpus).toEqual([5, 6, 7]);
  });

  it('fact: GPUs can idle even when the batch is at least the GPU count (6 on 4, 4 on 3)', () => {
    expect(plan(4, 6).idleGpus).toEqual([3]);
    expect(plan(3, 4).idleGpus).toEqual([2]);
    expect(plan(4, 3).idleGpus).toEqual([3]);
  });

  it('fact: with exactly one GPU DataParallel takes the shortcut (no replicate, no gather)', () => {
    expect(plan(1, 32).shortcut).toBe(true);
    expect(plan(2, 32).shortcut).toBe(false);
    // One chunk on several GPUs is not the shortcut: PyTorch still replicates and gathers.
    expect(plan(4, 1).shortcut).toBe(false);
    expect(plan(4, 1).replicas).toBe(1);
  });

  it('counts the parameters from the flat layout (f32 = 4 bytes)', () => {
    const { parameterCount, parameterBytes } = plan(2, 8);
    expect(parameterCount).toBe(2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2);
    expect(parameterBytes).toBe(4 * parameterCount);
  });

  it('defaults the loss placement to the gathered output', () => {
    expect(plan(2, 8).lossPlacement).toBe('gathered');
    expect(plan(2, 8, { lossPlacement: 'inside-forward' }).lossPlacement).toBe('inside-forward');
  });
});

describe('planStep explains bad input instead of throwing', () => {
  it.each([
    [0, 'gpus-out-of-range'],
    [9, 'gpus-out-of-range'],
    [2.5, 'gpus-out-of-range'],
    [Number.NaN, 'gpus-out-of-range'],
  ])('rejects %s GPUs', (gpus, code) => {
    expect(errorCode(config(gpus, 10))).toBe(code);
  });

  it.each([0, -1, 4097, 1.5])('rejects a batch of %s', (batch) => {
    expect(errorCode(config(2, batch))).toBe('batch-out-of-range');
  });

  it('rejects models with zero-width layers, a single layer or an unknown activation', () => {
    expect(errorCode(config(2, 8, { model: { layers: [2, 0, 2], activation: 'relu' } }))).toBe('bad-model');
    expect(errorCode(config(2, 8, { model: { layers: [2], activation: 'relu' } }))).toBe('bad-model');
    const sigmoid = { layers: [2, 2], activation: 'sigmoid' } as unknown as StepConfig['model'];
    expect(errorCode(config(2, 8, { model: sigmoid }))).toBe('bad-model');
  });

  it('rejects an unknown optimizer, loss placement or a non-positive budget', () => {
    expect(errorCode(config(2, 8, { optimizer: 'rmsprop' as 'sgd' }))).toBe('bad-optimizer');
    expect(errorCode(config(2, 8, { lossPlacement: 'somewhere' as 'gathered' }))).toBe('bad-loss-placement');
    expect(errorCode(config(2, 8, { memoryBudgetBytes: 0 }))).toBe('bad-budget');
    expect(errorCode(config(2, 8, { memoryBudgetBytes: Number.POSITIVE_INFINITY }))).toBe('bad-budget');
  });

  it('writes messages a learner can read, naming the value that was wrong', () => {
    const result = planStep(config(12, 10));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.message).toBe('The number of GPUs must be a whole number from 1 to 8; got 12.');
  });
});

describe('the memory budget', () => {
  it('accepts a plan whose every GPU fits', () => {
    expect(planStep(config(3, 10, { memoryBudgetBytes: 1024 * 1024 })).ok).toBe(true);
  });

  it('reports out-of-memory on GPU 0, the fullest, with its peak and phase', () => {
    const result = planStep(config(3, 10, { memoryBudgetBytes: 5000 }));
    expect(result.ok).toBe(false);
    if (result.ok || result.error.code !== 'out-of-memory') return;
    expect(result.error.device).toBe(0);
    expect(result.error.phase).toBe('reduce-add');
    expect(result.error.neededBytes).toBeGreaterThan(5000);
    expect(result.error.message).toMatch(
      /^Out of memory: GPU 0 would need 7\.\d KiB during reduce-add, but each GPU has 4\.9 KiB\./,
    );
  });

  it('fact: more GPUs do not make a too-big model fit — every replica holds the whole model', () => {
    // Adam on 354 parameters: weights, gradients and two moments take 5,664 bytes on GPU 0 alone.
    for (let gpus = 1; gpus <= 8; gpus++) {
      const result = planStep(config(gpus, 64, { memoryBudgetBytes: 5000 }));
      expect(result.ok).toBe(false);
      if (!result.ok && result.error.code === 'out-of-memory') {
        expect(result.error.modelBytes).toBe(5664);
        expect(result.error.message).toContain('adding GPUs cannot make this model fit');
      }
    }
  });

  it('lets more GPUs help only with the batch-sized part of memory', () => {
    // 4,096 rows of 784 features are 12.3 MiB of input on GPU 0 whatever N is, so splitting cannot save it;
    // but the replicas' activations shrink as the chunks do.
    const big = { layers: [784, 256, 10], activation: 'relu' } as const;
    const peak = (gpus: number): number => {
      const result = planStep({
        gpus,
        batch: 4096,
        model: { ...big, layers: [...big.layers] },
        optimizer: 'sgd',
      });
      if (!result.ok) throw new Error(result.error.message);
      return Math.max(...result.value.memory.gpus.slice(1).map((gpu) => gpu.peakBytes));
    };
    expect(peak(8)).toBeLessThan(peak(2));
  });
});
