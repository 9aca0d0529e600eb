/**
 * The memory ledger: what each logical GPU holds during each phase of a step, in bytes, by category.
 *
 * It models what PyTorch keeps alive in the code panel's loop (`out = model(x); loss = criterion(out, y);
 * optimizer.zero_grad(); loss.backward(); optimizer.step()`) with the batch moved to GPU 0 first, as the
 * tutorial does, in a steady-state step (any step after the first). GPU 0 holds the originals (replica 0
 * shares their storage, so they count once), the optimizer state, the whole batch, the gathered outputs,
 * the loss and the gradients — the previous step's `.grad` until `zero_grad()` frees it after the loss
 * line, then this step's from backward on — so it is the fullest. A replica on GPU i holds its chunk, a full copy of
 * the parameters, its activations and, during backward, a full set of gradients: every busy GPU needs
 * room for the whole model, which is why more GPUs never make a too-big model fit.
 *
 * Not modeled: the CUDA context (a few hundred MiB per GPU on real hardware), allocator caching and
 * rounding, short-lived temporaries inside a kernel.
 */
import {
  activationBytes,
  F32_BYTES,
  type OptimizerKind,
  optimizerStateSlots,
  TARGET_BYTES,
} from '../cost/work';
import type { ParamLayout } from '../nn/spec';
import type { LossPlacement } from './config';
import { PHASES, type Phase } from './phase';

export type MemoryCategory =
  | 'parameters'
  | 'gradients'
  | 'optimizer-state'
  | 'input'
  | 'activations'
  | 'gathered-outputs'
  | 'loss';

/** Categories in the order a stacked bar should draw them. */
export const MEMORY_CATEGORIES: readonly MemoryCategory[] = [
  'parameters',
  'gradients',
  'optimizer-state',
  'input',
  'activations',
  'gathered-outputs',
  'loss',
];

export const MEMORY_CATEGORY_TITLES: Record<MemoryCategory, string> = {
  parameters: 'Parameters',
  gradients: 'Gradients',
  'optimizer-state': 'Optimizer state',
  input: 'Input',
  activations: 'Activations',
  'gathered-outputs': 'Gathered outputs',
  loss: 'Loss',
};

export type MemoryBreakdown = Record<MemoryCategory, number>;

/** One logical GPU's memory through the step. */
export type GpuMemory = {
  device: number;
  byPhase: Record<Phase, MemoryBreakdown>;
  peakBytes: number;
  /** The first phase in which the peak is reached. */
  peakPhase: Phase;
};

/** Every logical GPU, idle ones included (they hold nothing). */
export type MemoryLedger = { gpus: GpuMemory[] };

/** What the ledger is computed from; `chunkSizes` has one entry per busy GPU. */
export type LedgerInput = {
  gpus: number;
  chunkSizes: readonly number[];
  layout: ParamLayout;
  optimizer: OptimizerKind;
  lossPlacement: LossPlacement;
};

export function memoryTotal(breakdown: MemoryBreakdown): number {
  return MEMORY_CATEGORIES.reduce((total, category) => total + breakdown[category], 0);
}

function emptyBreakdown(): MemoryBreakdown {
  return {
    parameters: 0,
    gradients: 0,
    'optimizer-state': 0,
    input: 0,
    activations: 0,
    'gathered-outputs': 0,
    loss: 0,
  };
}

/** Phase positions, so rules can say "from forward through backward". */
const AT: Record<Phase, number> = Object.fromEntries(PHASES.map((phase, i) => [phase, i])) as Record<
  Phase,
  number
>;

function between(phase: Phase, first: Phase, last: Phase): boolean {
  return AT[phase] >= AT[first] && AT[phase] <= AT[last];
}

/** Parameters, gradients and optimizer state: what GPU 0 holds whatever the split. */
export function modelBytes(layout: ParamLayout, optimizer: OptimizerKind): number {
  return layout.count * F32_BYTES * (2 + optimizerStateSlots(optimizer));
}

function breakdownFor(input: LedgerInput, device: number, phase: Phase): MemoryBreakdown {
  const held = emptyBreakdown();
  const rows = input.chunkSizes[device];
  if (rows === undefined || rows === 0) return held;
  const { layout, optimizer, lossPlacement, chunkSizes } = input;
  const params = layout.count * F32_BYTES;
  const first = layout.slots[0];
  const last = layout.slots[layout.slots.length - 1];
  const features = first ? first.in : 0;
  const classes = last ? last.out : 0;
  const replicas = chunkSizes.length;
  const batch = chunkSizes.reduce((total, size) => total + size, 0);
  const inside = lossPlacement === 'inside-forward';
  // Cross-entropy keeps its log-probabilities for backward, plus the scalar itself.
  const lossKept = (lossRows: number): number => lossRows * classes * F32_BYTES + F32_BYTES;

  if (between(phase, 'forward', 'backward')) held.activations = activationBytes(layout, rows);
  if (inside && between(phase, 'forward', 'backward')) held.loss = lossKept(rows);

  if (device === 0) {
    held.parameters = params;
    held['optimizer-state'] = params * optimizerStateSlots(optimizer);
    held.input = batch * (features * F32_BYTES + TARGET_BYTES);
    const gathers = input.gpus > 1;
    if (gathers && AT[phase] >= AT.gather) {
      held['gathered-outputs'] = inside ? replicas * F32_BYTES : batch * classes * F32_BYTES;
    }
    if (!inside && between(phase, 'loss', 'backward')) held.loss = lossKept(batch);
    if (AT[phase] >= AT['reduce-add']) held.loss = F32_BYTES;
    if (inside && phase === 'loss') held.loss += F32_BYTES;
    // The last step's `.grad` stays allocated until `zero_grad()` (after the loss line) frees it;
    // backward then allocates this step's, so GPU 0 holds one set of gradients in every phase.
    held.gradients = params;
    // Replica 0's own gradients and the summed result that lands in `.grad` exist side by side.
    if (phase === 'reduce-add') held.gradients = replicas > 1 ? 2 * params : params;
    return held;
  }

  if (between(phase, 'scatter', 'backward')) {
    held.input = rows * (features * F32_BYTES + (inside ? TARGET_BYTES : 0));
  }
  if (between(phase, 'replicate', 'backward')) held.parameters = params;
  if (between(phase, 'backward', 'reduce-add')) held.gradients = params;
  return held;
}

/** The ledger of one step: every GPU, every phase. */
export function memoryLedger(input: LedgerInput): MemoryLedger {
  const gpus: GpuMemory[] = [];
  for (let device = 0; device < input.gpus; device++) {
    const byPhase = Object.fromEntries(
      PHASES.map((phase) => [phase, breakdownFor(input, device, phase)]),
    ) as Record<Phase, MemoryBreakdown>;
    let peakPhase: Phase = 'scatter';
    let peakBytes = 0;
    for (const phase of PHASES) {
      const total = memoryTotal(byPhase[phase]);
      if (total > peakBytes) {
        peakBytes = total;
        peakPhase = phase;
      }
    }
    gpus.push({ device, byPhase, peakBytes, peakPhase });
  }
  return { gpus };
}

/** The first GPU whose peak exceeds `budgetBytes`, or `undefined` when all fit. */
export function firstOverBudget(ledger: MemoryLedger, budgetBytes: number): GpuMemory | undefined {
  return ledger.gpus.find((gpu) => gpu.peakBytes > budgetBytes);
}
