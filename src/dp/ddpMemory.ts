/**
 * The DDP memory ledger: what each rank holds during each phase of a DistributedDataParallel step, in
 * bytes, by category — the counterpart of `memory.ts` for the DDP script's loop (`x, y = x.to(rank), …;
 * output = model(x); loss = criterion(output, y); optimizer.zero_grad(); loss.backward();
 * optimizer.step()`), in a steady-state step.
 *
 * Every rank is the same: its own full parameters, its own `.grad`, its own optimizer state, the flat
 * gradient buckets the reducer all-reduces (allocated once at construction and kept; with
 * `gradient_as_bucket_view=False`, the default, they are a second copy of the gradients), and its own
 * chunk with that chunk's activations and loss. There is no fuller "GPU 0": no gathered outputs, no
 * whole batch on one device. A rank without rows (a global batch smaller than its chunks need) still
 * holds the model, its gradients, the buckets and the optimizer state: it is a process with a model.
 *
 * Not modeled, as in `memory.ts`: the CUDA context, allocator caching and rounding, kernel temporaries.
 */
import { activationBytes, F32_BYTES, optimizerStateSlots, TARGET_BYTES } from '../cost/work';
import { paramLayout } from '../nn/spec';
import { DDP_PHASES, type DdpPhase, type DdpPlan } from './ddpPlan';
import { MEMORY_CATEGORY_TITLES, type MemoryBreakdown } from './memory';

export type DdpMemoryCategory =
  | 'parameters'
  | 'gradients'
  | 'gradient-buckets'
  | 'optimizer-state'
  | 'input'
  | 'activations'
  | 'loss';

/** Categories in the order a stacked bar should draw them. */
export const DDP_MEMORY_CATEGORIES: readonly DdpMemoryCategory[] = [
  'parameters',
  'gradients',
  'gradient-buckets',
  'optimizer-state',
  'input',
  'activations',
  'loss',
];

export const DDP_MEMORY_CATEGORY_TITLES: Record<DdpMemoryCategory, string> = {
  parameters: MEMORY_CATEGORY_TITLES.parameters,
  gradients: MEMORY_CATEGORY_TITLES.gradients,
  'gradient-buckets': 'Gradient buckets',
  'optimizer-state': MEMORY_CATEGORY_TITLES['optimizer-state'],
  input: MEMORY_CATEGORY_TITLES.input,
  activations: MEMORY_CATEGORY_TITLES.activations,
  loss: MEMORY_CATEGORY_TITLES.loss,
};

export type DdpMemoryBreakdown = Record<DdpMemoryCategory, number>;

/** One rank's memory through the step. */
export type RankMemory = {
  rank: number;
  /** Rows of the rank's chunk (0: idle). */
  rows: number;
  byPhase: Record<DdpPhase, DdpMemoryBreakdown>;
  peakBytes: number;
  /** The first phase in which the peak is reached. */
  peakPhase: DdpPhase;
};

export function ddpMemoryTotal(breakdown: DdpMemoryBreakdown): number {
  return DDP_MEMORY_CATEGORIES.reduce((total, category) => total + breakdown[category], 0);
}

function breakdownFor(plan: DdpPlan, rows: number, phase: DdpPhase): DdpMemoryBreakdown {
  const layout = paramLayout(plan.model);
  const params = plan.parameterBytes;
  const beforeUpdate = phase !== 'optimizer-step';
  return {
    parameters: params,
    // The last step's `.grad` lives until `zero_grad()` (after the loss line), then backward fills this
    // step's: one set of gradients in every phase, as on DataParallel's GPU 0.
    gradients: params,
    'gradient-buckets': plan.buckets.reduce((total, bucket) => total + bucket.bytes, 0),
    'optimizer-state': params * optimizerStateSlots(plan.optimizer),
    // `x` and `y` are the loop's variables: alive until the next iteration replaces them.
    input: rows * (plan.features * F32_BYTES + TARGET_BYTES),
    // Autograd keeps the activations from forward until backward has used them.
    activations: beforeUpdate ? activationBytes(layout, rows) : 0,
    // Cross-entropy keeps its log-probabilities for backward; afterwards only the scalar `loss` is left.
    loss: rows === 0 ? 0 : beforeUpdate ? rows * plan.classes * F32_BYTES + F32_BYTES : F32_BYTES,
  };
}

/** Every rank of a planned DDP step, every phase, idle ranks included. */
export function ddpMemoryLedger(plan: DdpPlan): RankMemory[] {
  return plan.rowsPerRank.map((rows, rank): RankMemory => {
    const byPhase = Object.fromEntries(
      DDP_PHASES.map((phase) => [phase, breakdownFor(plan, rows, phase)]),
    ) as Record<DdpPhase, DdpMemoryBreakdown>;
    let peakPhase: DdpPhase = DDP_PHASES[0];
    let peakBytes = 0;
    for (const phase of DDP_PHASES) {
      const total = ddpMemoryTotal(byPhase[phase]);
      if (total > peakBytes) {
        peakBytes = total;
        peakPhase = phase;
      }
    }
    return { rank, rows, byPhase, peakBytes, peakPhase };
  });
}

/** A DDP breakdown in the DataParallel ledger's categories (the buckets counted as gradients). */
export function asMemoryBreakdown(breakdown: DdpMemoryBreakdown): MemoryBreakdown {
  const { 'gradient-buckets': buckets, ...rest } = breakdown;
  return { ...rest, gradients: rest.gradients + buckets, 'gathered-outputs': 0 };
}
