/**
 * The plan of one DataParallel step: which rows go to which GPU (exactly `torch.chunk`'s rule), how
 * many replicas are built (one per chunk, which can be fewer than the GPUs), which GPUs sit idle,
 * whether the one-GPU shortcut applies, and what every GPU holds — checked against a memory budget.
 */
import { F32_BYTES } from '../cost/work';
import { type ModelSpec, paramLayout } from '../nn/spec';
import { chunkSizes, type RowRange, rowRanges } from './chunk';
import {
  type CheckedConfig,
  checkConfig,
  type LossPlacement,
  type OptimizerKind,
  type PlanLimits,
  type StepConfig,
} from './config';
import { formatBytes, formatGpus } from './format';
import { firstOverBudget, type MemoryLedger, memoryLedger, modelBytes } from './memory';
import { PHASE_TITLES } from './phase';
import { type Result, succeed } from './result';

export type StepPlan = {
  gpus: number;
  batch: number;
  model: ModelSpec;
  optimizer: OptimizerKind;
  lossPlacement: LossPlacement;
  /** Rows per chunk, in device order: chunk i goes to GPU i. */
  chunkSizes: number[];
  /** The busy GPUs' row ranges, `chunks[i].device === i`. */
  chunks: RowRange[];
  /** Replicas built this step: one per chunk, not one per GPU. */
  replicas: number;
  busyGpus: number[];
  /** GPUs that receive no chunk and do nothing this step. */
  idleGpus: number[];
  /**
   * With a single GPU, `DataParallel.forward` scatters and then calls the module directly: no
   * replicate, no gather, no reduce-add.
   */
  shortcut: boolean;
  features: number;
  classes: number;
  parameterCount: number;
  parameterBytes: number;
  memory: MemoryLedger;
  memoryBudgetBytes?: number;
};

function planFrom(config: CheckedConfig): StepPlan {
  const { gpus, batch, model, optimizer, lossPlacement } = config;
  const layout = paramLayout(model);
  const sizes = chunkSizes(batch, gpus);
  const chunks = rowRanges(batch, gpus).filter((range): range is RowRange => range !== null);
  const devices = Array.from({ length: gpus }, (_, device) => device);
  const plan: StepPlan = {
    gpus,
    batch,
    model,
    optimizer,
    lossPlacement,
    chunkSizes: sizes,
    chunks,
    replicas: chunks.length,
    busyGpus: devices.slice(0, chunks.length),
    idleGpus: devices.slice(chunks.length),
    shortcut: gpus === 1,
    features: model.layers[0] ?? 0,
    classes: model.layers[model.layers.length - 1] ?? 0,
    parameterCount: layout.count,
    parameterBytes: layout.count * F32_BYTES,
    memory: memoryLedger({ gpus, chunkSizes: sizes, layout, optimizer, lossPlacement }),
  };
  if (config.memoryBudgetBytes !== undefined) plan.memoryBudgetBytes = config.memoryBudgetBytes;
  return plan;
}

/**
 * Plans one DataParallel step, or explains why it cannot run: a GPU count, batch or model out of range,
 * or a GPU that would exceed the memory budget. `limits` widens the batch range for the timing model.
 */
export function planStep(config: StepConfig, limits: PlanLimits = {}): Result<StepPlan> {
  const checked = checkConfig(config, limits);
  if (!checked.ok) return checked;
  const plan = planFrom(checked.value);
  const budget = plan.memoryBudgetBytes;
  if (budget === undefined) return succeed(plan);
  const over = firstOverBudget(plan.memory, budget);
  if (over === undefined) return succeed(plan);
  const fixed = modelBytes(paramLayout(plan.model), plan.optimizer);
  const why =
    fixed > budget
      ? `Parameters, gradients and optimizer state alone take ${formatBytes(fixed)}, and DataParallel puts a full replica on every busy GPU, so adding GPUs cannot make this model fit.`
      : `Every busy GPU holds a whole replica of the model (${formatBytes(plan.parameterBytes)} of parameters), and GPU 0 also holds the gradients, optimizer state and gathered outputs; more GPUs only shrink the batch slices.`;
  return {
    ok: false,
    error: {
      code: 'out-of-memory',
      message: `Out of memory: ${formatGpus([over.device])} would need ${formatBytes(over.peakBytes)} during ${PHASE_TITLES[over.peakPhase].toLowerCase()}, but each GPU has ${formatBytes(budget)}. ${why}`,
      device: over.device,
      phase: over.peakPhase,
      neededBytes: over.peakBytes,
      budgetBytes: budget,
      modelBytes: fixed,
    },
  };
}
