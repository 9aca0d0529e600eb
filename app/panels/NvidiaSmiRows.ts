/**
 * The rows of the nvidia-smi panel, read from a step trace: what each logical GPU holds at a phase (the
 * plan's memory ledger) and how busy the timing model says it is over the step. Nothing here decides
 * what DataParallel does — the ledger and `utilization` in src/dp do; this only picks and sums.
 */
import { MAX_GPUS } from '../../src/dp/chunk';
import type { LossPlacement, OptimizerKind } from '../../src/dp/config';
import { planDdpStep } from '../../src/dp/ddpPlan';
import { MEMORY_CATEGORIES, MEMORY_CATEGORY_TITLES, memoryTotal } from '../../src/dp/memory';
import type { Phase } from '../../src/dp/phase';
import { planStep } from '../../src/dp/plan';
import type { StepTrace } from '../../src/dp/trace';
import { utilization } from '../../src/dp/utilization';
import type { ModelSpec } from '../../src/nn/spec';

export type SmiHolding = { title: string; bytes: number };

export type SmiRow = {
  device: number;
  /** Whether the GPU received a chunk this step. */
  busy: boolean;
  /** What the Name column says of a GPU without a chunk ("idle"; DDP: "no rows", its process still runs). */
  note?: string;
  /** Rows of the batch it received (0 when idle). */
  rows: number;
  /** Bytes held at the phase, from the ledger. */
  usedBytes: number;
  /** The non-empty ledger categories at the phase, in drawing order. */
  holdings: SmiHolding[];
  /** Modeled busy share of the whole step, 0..1. */
  utilization: number;
};

/** One row per logical GPU of the trace, idle ones included. */
export function smiRows(trace: StepTrace, phase: Phase): SmiRow[] {
  const shares = utilization(trace);
  return trace.plan.memory.gpus.map((gpu): SmiRow => {
    const busy = trace.plan.busyGpus.includes(gpu.device);
    const breakdown = gpu.byPhase[phase];
    const holdings = MEMORY_CATEGORIES.filter((category) => breakdown[category] > 0).map((category) => ({
      title: MEMORY_CATEGORY_TITLES[category],
      bytes: breakdown[category],
    }));
    return {
      device: gpu.device,
      busy,
      ...(busy ? {} : { note: 'idle' }),
      rows: trace.plan.chunkSizes[gpu.device] ?? 0,
      usedBytes: memoryTotal(breakdown),
      holdings,
      utilization: shares[gpu.device]?.share ?? 0,
    };
  });
}

export type BudgetInput = {
  model: ModelSpec;
  batch: number;
  optimizer: OptimizerKind;
  lossPlacement?: LossPlacement;
};

const SMALLEST_BUDGET = 1024;

/**
 * The memory each logical GPU is given: the smallest power of two that holds the fullest GPU's peak for
 * this model and batch on any GPU count from 1 to 8, in either mode (DataParallel's GPU 0, or a DDP rank
 * with its gradient buckets). Real cards have gigabytes and the playground's model needs kilobytes, so a
 * fixed real-world figure would leave every bar empty; tying the budget to the model keeps GPU 0's extra
 * load visible, and leaving the GPU count and the mode out keeps "total" steady while the learner moves
 * the slider or switches modes.
 */
export function memoryBudget(input: BudgetInput): number {
  let peak = 0;
  for (let gpus = 1; gpus <= MAX_GPUS; gpus++) {
    const plan = planStep({ ...input, gpus });
    if (plan.ok) for (const gpu of plan.value.memory.gpus) peak = Math.max(peak, gpu.peakBytes);
    const ddp = planDdpStep(
      { gpusPerNode: gpus, globalBatch: input.batch, batchPerRank: input.batch, ...input },
      MAX_GPUS,
    );
    if (ddp.ok) peak = Math.max(peak, memoryTotal(ddp.value.memoryPerRank));
  }
  return Math.max(SMALLEST_BUDGET, 2 ** Math.ceil(Math.log2(Math.max(peak, 1))));
}
