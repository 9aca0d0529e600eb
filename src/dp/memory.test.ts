import { describe, expect, it } from 'vitest';
import { paramLayout } from '../nn/spec';
import { chunkSizes } from './chunk';
import type { LossPlacement, OptimizerKind } from './config';
import { MEMORY_CATEGORIES, type MemoryLedger, memoryLedger, memoryTotal, modelBytes } from './memory';
import { PHASES } from './phase';

const LAYOUT = paramLayout({ layers: [2, 16, 16, 2], activation: 'relu' });
const PARAM_BYTES = LAYOUT.count * 4;

function ledger(
  gpus: number,
  batch: number,
  optimizer: OptimizerKind = 'adam',
  lossPlacement: LossPlacement = 'gathered',
): MemoryLedger {
  return memoryLedger({
    gpus,
    chunkSizes: chunkSizes(batch, gpus),
    layout: LAYOUT,
    optimizer,
    lossPlacement,
  });
}

describe('memory ledger', () => {
  it('fact: GPU 0 holds the most memory, in every phase and at its peak', () => {
    for (const [gpus, batch] of [
      [3, 10],
      [8, 10],
      [4, 3],
      [2, 64],
      [8, 4096],
    ] as const) {
      const { gpus: devices } = ledger(gpus, batch);
      const gpu0 = devices[0];
      if (!gpu0) throw new Error('no GPU 0');
      for (const other of devices.slice(1)) {
        expect(gpu0.peakBytes).toBeGreaterThan(other.peakBytes);
        for (const phase of PHASES) {
          expect(memoryTotal(gpu0.byPhase[phase])).toBeGreaterThanOrEqual(memoryTotal(other.byPhase[phase]));
        }
      }
    }
  });

  it('fact: optimizer state lives only on GPU 0 (Adam: two moments per parameter)', () => {
    const { gpus } = ledger(4, 10, 'adam');
    for (const phase of PHASES) {
      expect(gpus[0]?.byPhase[phase]['optimizer-state']).toBe(2 * PARAM_BYTES);
      for (const other of gpus.slice(1)) expect(other.byPhase[phase]['optimizer-state']).toBe(0);
    }
    expect(ledger(4, 10, 'momentum').gpus[0]?.byPhase.scatter['optimizer-state']).toBe(PARAM_BYTES);
    expect(ledger(4, 10, 'sgd').gpus[0]?.byPhase.scatter['optimizer-state']).toBe(0);
  });

  it('fact: idle GPUs hold nothing at any phase', () => {
    const { gpus } = ledger(8, 10);
    for (const idle of gpus.slice(5)) {
      expect(idle.peakBytes).toBe(0);
    }
  });

  it('fact: every busy replica holds a full copy of the parameters from replicate through backward', () => {
    const { gpus } = ledger(3, 10);
    for (const replica of gpus.slice(1)) {
      expect(replica.byPhase.scatter.parameters).toBe(0);
      for (const phase of ['replicate', 'forward', 'gather', 'loss', 'backward'] as const) {
        expect(replica.byPhase[phase].parameters).toBe(PARAM_BYTES);
      }
      expect(replica.byPhase['optimizer-step'].parameters).toBe(0);
    }
  });

  it('fact: only GPU 0 holds gradients at the optimizer step; replicas send theirs in reduce-add and drop them', () => {
    const { gpus } = ledger(3, 10);
    expect(gpus[0]?.byPhase['optimizer-step'].gradients).toBe(PARAM_BYTES);
    expect(gpus[1]?.byPhase['reduce-add'].gradients).toBe(PARAM_BYTES);
    expect(gpus[1]?.byPhase['optimizer-step'].gradients).toBe(0);
  });

  it("keeps the previous step's .grad on GPU 0 until zero_grad(), which the loop calls after the loss", () => {
    for (const gpus of [1, 3]) {
      const gpu0 = ledger(gpus, 10).gpus[0];
      for (const phase of ['scatter', 'replicate', 'forward', 'gather', 'loss'] as const) {
        expect(gpu0?.byPhase[phase].gradients).toBe(PARAM_BYTES);
      }
    }
    // Replicas never had a `.grad` before backward: they are made fresh on every forward.
    expect(ledger(3, 10).gpus[1]?.byPhase.loss.gradients).toBe(0);
  });

  it('gives each replica input and activations in proportion to its chunk (4, 4, 2)', () => {
    const { gpus } = ledger(3, 10);
    expect(gpus[1]?.byPhase.forward.input).toBe(4 * 2 * 4);
    expect(gpus[2]?.byPhase.forward.input).toBe(2 * 2 * 4);
    const [, four, two] = gpus;
    expect(four?.byPhase.forward.activations).toBe(2 * (two?.byPhase.forward.activations ?? Number.NaN));
  });

  it('keeps the whole batch and the gathered outputs on GPU 0', () => {
    const gpu0 = ledger(3, 10).gpus[0];
    expect(gpu0?.byPhase.scatter.input).toBe(10 * (2 * 4 + 8));
    expect(gpu0?.byPhase.gather['gathered-outputs']).toBe(10 * 2 * 4);
    expect(gpu0?.byPhase.forward['gathered-outputs']).toBe(0);
  });

  it('gathers one loss per replica when the loss is computed inside forward', () => {
    const gpu0 = ledger(3, 10, 'adam', 'inside-forward').gpus[0];
    expect(gpu0?.byPhase.gather['gathered-outputs']).toBe(3 * 4);
  });

  it('has no gathered outputs with one GPU (no gather happens)', () => {
    const gpu0 = ledger(1, 32).gpus[0];
    for (const phase of PHASES) expect(gpu0?.byPhase[phase]['gathered-outputs']).toBe(0);
  });

  it('counts parameters, gradients and optimizer state as the model bytes', () => {
    expect(modelBytes(LAYOUT, 'adam')).toBe(4 * PARAM_BYTES);
    expect(modelBytes(LAYOUT, 'sgd')).toBe(2 * PARAM_BYTES);
  });

  it('lists every category once', () => {
    expect(new Set(MEMORY_CATEGORIES).size).toBe(7);
  });
});
