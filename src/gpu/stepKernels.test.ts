import { describe, expect, it } from 'vitest';
import { PHASES } from '../dp/phase';
import { stepShape } from './stepEncoder';
import { stepKernels } from './stepKernels';

const sizes = { arena: 1, step: 1, data: 1, labels: 1 };
const model = { layers: [2, 16, 16, 2], activation: 'relu' as const };
const kernels = stepKernels(model, 'sgd', sizes);

const dispatches = (batch: number, gpus: number): string[] =>
  kernels.filter((k) => k.source.grid(stepShape(batch, gpus)) !== null).map((k) => k.phase);

describe('stepKernels', () => {
  it('lists the step phase by phase, in PyTorch order', () => {
    const order = kernels.map((k) => PHASES.indexOf(k.phase));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(kernels.map((k) => k.phase))).toEqual(new Set(PHASES));
  });

  it('batches every replica into one dispatch per kernel: a fixed count whatever the GPU count', () => {
    // scatter, replicate, 3 forward, gather, loss, gather backward, 3 backward (weight gradients, the
    // upper two fused with input gradients), segment sum (chunks over 128 rows), reduce-add, optimizer.
    expect(dispatches(1024, 8)).toHaveLength(13);
    expect(dispatches(1024, 2)).toHaveLength(14);
    expect(dispatches(1024, 1)).toHaveLength(13);
  });

  it('skips replicate when one GPU is busy, and sizes the grid for busy replicas only', () => {
    expect(dispatches(1, 8)).not.toContain('replicate');
    const replicate = kernels.find((k) => k.phase === 'replicate');
    // 338 parameters in workgroups of 64; each invocation writes GPUs 1..4 (10 rows on 8 GPUs: 2, 2, 2, 2, 2).
    expect(replicate?.source.grid(stepShape(10, 8))).toEqual([6, 1]);
    const forward = kernels.find((k) => k.phase === 'forward');
    expect(forward?.source.grid(stepShape(10, 8))?.[1]).toBe(5);
  });
});

describe('stepShape', () => {
  it('follows torch.chunk', () => {
    expect(stepShape(10, 4)).toEqual({ batch: 10, chunk: 3, busy: 4 });
    expect(stepShape(6, 4)).toEqual({ batch: 6, chunk: 2, busy: 3 });
    expect(stepShape(3, 8)).toEqual({ batch: 3, chunk: 1, busy: 3 });
  });
});
