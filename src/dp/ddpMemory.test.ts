import { describe, expect, it } from 'vitest';
import { activationBytes, optimizerStateSlots } from '../cost/work';
import { paramLayout } from '../nn/spec';
import type { OptimizerKind } from './config';
import { asMemoryBreakdown, ddpMemoryLedger, ddpMemoryTotal } from './ddpMemory';
import { DDP_PHASES, type DdpPlan, planDdpStep } from './ddpPlan';
import { memoryLedger, memoryTotal } from './memory';

const MODEL = { layers: [2, 16, 16, 2], activation: 'relu' as const };
const PARAM_BYTES = paramLayout(MODEL).count * 4;

function plan(ranks: number, batch: number, optimizer: OptimizerKind = 'adam'): DdpPlan {
  const planned = planDdpStep(
    { gpusPerNode: ranks, globalBatch: batch, batchPerRank: batch, model: MODEL, optimizer },
    8,
  );
  if (!planned.ok) throw new Error(planned.error.message);
  return planned.value;
}

describe('DDP memory ledger', () => {
  it('fact: every rank holds the whole model, its gradients, the buckets and its optimizer state', () => {
    for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
      for (const rank of ddpMemoryLedger(plan(4, 10, optimizer))) {
        for (const phase of DDP_PHASES) {
          const held = rank.byPhase[phase];
          expect(held.parameters).toBe(PARAM_BYTES);
          expect(held.gradients).toBe(PARAM_BYTES);
          expect(held['gradient-buckets']).toBe(PARAM_BYTES);
          expect(held['optimizer-state']).toBe(PARAM_BYTES * optimizerStateSlots(optimizer));
        }
      }
    }
  });

  it("each rank's chunk, activations and loss follow its own rows (3 GPUs, batch 10: 4, 4, 2)", () => {
    const ranks = ddpMemoryLedger(plan(3, 10));
    expect(ranks.map((rank) => rank.rows)).toEqual([4, 4, 2]);
    const layout = paramLayout(MODEL);
    for (const rank of ranks) {
      const forward = rank.byPhase.forward;
      expect(forward.input).toBe(rank.rows * (2 * 4 + 8));
      expect(forward.activations).toBe(activationBytes(layout, rank.rows));
      expect(forward.loss).toBe(rank.rows * 2 * 4 + 4);
      // After backward the graph is gone: no activations, only the scalar loss.
      expect(rank.byPhase['optimizer-step'].activations).toBe(0);
      expect(rank.byPhase['optimizer-step'].loss).toBe(4);
    }
    expect(ranks[2]?.peakBytes).toBeLessThan(ranks[0]?.peakBytes ?? 0);
    expect(ranks[0]?.peakBytes).toBe(ranks[1]?.peakBytes);
  });

  it('an idle rank (4 GPUs, batch 3) holds no data but still the model, gradients, buckets and state', () => {
    const idle = ddpMemoryLedger(plan(4, 3))[3];
    expect(idle?.rows).toBe(0);
    const held = idle?.byPhase['backward-all-reduce'];
    expect(held?.input).toBe(0);
    expect(held?.activations).toBe(0);
    expect(held?.loss).toBe(0);
    if (!held) throw new Error('no idle rank');
    expect(ddpMemoryTotal(held)).toBe(PARAM_BYTES * (3 + 2));
  });

  it("agrees with the plan's memoryPerRank at the fullest rank's peak", () => {
    for (const [ranks, batch] of [
      [1, 32],
      [3, 10],
      [8, 10],
      [4, 3],
    ] as const) {
      const planned = plan(ranks, batch);
      const fullest = Math.max(...ddpMemoryLedger(planned).map((rank) => rank.peakBytes));
      expect(fullest).toBe(memoryTotal(planned.memoryPerRank));
      const peak = ddpMemoryLedger(planned)[0];
      if (!peak) throw new Error('no rank 0');
      expect(asMemoryBreakdown(peak.byPhase[peak.peakPhase])).toEqual(planned.memoryPerRank);
    }
  });

  it("the buckets cost every rank a second copy of the gradients; DataParallel's GPU 0 pays for the whole batch", () => {
    const dpGpu0 = (gpus: number, chunks: readonly number[]): number =>
      memoryLedger({
        gpus,
        chunkSizes: chunks,
        layout: paramLayout(MODEL),
        optimizer: 'adam',
        lossPlacement: 'gathered',
      }).gpus[0]?.peakBytes ?? 0;
    // A small batch: the extra bucket copy outweighs GPU 0's batch, so a rank holds more.
    const small = plan(2, 64);
    expect(ddpMemoryLedger(small)[0]?.peakBytes).toBeGreaterThan(dpGpu0(2, small.rowsPerRank));
    // A larger batch: GPU 0 holds all of it, gathered outputs and the loss's log-probabilities too.
    for (const [gpus, batch] of [
      [4, 256],
      [8, 1024],
    ] as const) {
      const planned = plan(gpus, batch);
      for (const rank of ddpMemoryLedger(planned)) {
        expect(rank.peakBytes).toBeLessThan(dpGpu0(gpus, planned.rowsPerRank));
      }
    }
  });
});
