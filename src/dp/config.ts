/**
 * What a learner chooses for one DataParallel step, and the checks that turn a wrong choice into a
 * message instead of a crash deep inside the plan.
 */
import type { OptimizerKind } from '../cost/work';
import type { ModelSpec } from '../nn/spec';
import { MAX_BATCH, MAX_GPUS } from './chunk';
import { fail, type Result, succeed } from './result';

export type { OptimizerKind } from '../cost/work';

/**
 * Where the loss is computed: `gathered` (PyTorch's usual way: one mean loss over the gathered batch on
 * GPU 0) or `inside-forward` (each replica returns the mean loss of its own chunk and the per-replica
 * losses are averaged — the pitfall that weighs a small last chunk's samples more).
 */
export type LossPlacement = 'gathered' | 'inside-forward';

export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['sgd', 'momentum', 'adam'];
export const LOSS_PLACEMENTS: readonly LossPlacement[] = ['gathered', 'inside-forward'];

/** One DataParallel training step as the learner sets it up. */
export type StepConfig = {
  /** Logical GPUs in `device_ids`, 1..MAX_GPUS. */
  gpus: number;
  /** Rows in the batch, 1..MAX_BATCH. */
  batch: number;
  model: ModelSpec;
  optimizer: OptimizerKind;
  /** Defaults to `gathered`. */
  lossPlacement?: LossPlacement;
  /** Memory each logical GPU may use, in bytes; no limit when absent. */
  memoryBudgetBytes?: number;
};

/** Largest layer width accepted: big enough for "as if" models of billions of parameters. */
export const MAX_WIDTH = 1 << 20;

function isCount(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Checks a GPU count against a range; DataParallel itself stops at one machine, DDP does not. */
export function checkGpus(gpus: unknown, max: number = MAX_GPUS): Result<number> {
  if (isCount(gpus, 1, max)) return succeed(gpus);
  return fail(
    'gpus-out-of-range',
    `The number of GPUs must be a whole number from 1 to ${max}; got ${String(gpus)}.`,
  );
}

export function checkBatch(batch: unknown, max: number = MAX_BATCH): Result<number> {
  if (isCount(batch, 1, max)) return succeed(batch);
  return fail(
    'batch-out-of-range',
    `The batch size must be a whole number from 1 to ${max}; got ${String(batch)}. A step needs at least one sample.`,
  );
}

/** A model needs an input and an output layer, and every width must be a positive whole number. */
export function checkModel(model: unknown): Result<ModelSpec> {
  const spec = model as Partial<ModelSpec> | null;
  const layers = spec?.layers;
  if (!Array.isArray(layers) || layers.length < 2) {
    return fail('bad-model', 'A model needs at least an input and an output layer, e.g. [2, 16, 2].');
  }
  const bad = layers.findIndex((width) => !isCount(width, 1, MAX_WIDTH));
  if (bad >= 0) {
    return fail(
      'bad-model',
      `Layer ${bad} has width ${String(layers[bad])}; every layer needs a whole number of units from 1 to ${MAX_WIDTH}.`,
    );
  }
  if (spec?.activation !== 'relu' && spec?.activation !== 'tanh') {
    return fail('bad-model', `The activation must be "relu" or "tanh"; got ${String(spec?.activation)}.`);
  }
  return succeed({ layers: [...layers], activation: spec.activation });
}

export function checkOptimizer(kind: unknown): Result<OptimizerKind> {
  if (OPTIMIZER_KINDS.includes(kind as OptimizerKind)) return succeed(kind as OptimizerKind);
  return fail(
    'bad-optimizer',
    `The optimizer must be one of ${OPTIMIZER_KINDS.join(', ')}; got ${String(kind)}.`,
  );
}

/** A fully checked configuration, with defaults filled in. */
export type CheckedConfig = Required<Omit<StepConfig, 'memoryBudgetBytes'>> &
  Pick<StepConfig, 'memoryBudgetBytes'>;

/** Limits that differ from the playground's: the timing model explores batches it cannot train. */
export type PlanLimits = { maxBatch?: number };

/** Checks every field of a step configuration; the first problem found is reported. */
export function checkConfig(config: StepConfig, limits: PlanLimits = {}): Result<CheckedConfig> {
  const gpus = checkGpus(config.gpus);
  if (!gpus.ok) return gpus;
  const batch = checkBatch(config.batch, limits.maxBatch);
  if (!batch.ok) return batch;
  const model = checkModel(config.model);
  if (!model.ok) return model;
  const optimizer = checkOptimizer(config.optimizer);
  if (!optimizer.ok) return optimizer;
  const lossPlacement = config.lossPlacement ?? 'gathered';
  if (!LOSS_PLACEMENTS.includes(lossPlacement)) {
    return fail(
      'bad-loss-placement',
      `The loss is computed "gathered" or "inside-forward"; got ${String(lossPlacement)}.`,
    );
  }
  const checked: CheckedConfig = {
    gpus: gpus.value,
    batch: batch.value,
    model: model.value,
    optimizer: optimizer.value,
    lossPlacement,
  };
  const budget = config.memoryBudgetBytes;
  if (budget === undefined) return succeed(checked);
  if (typeof budget !== 'number' || !Number.isFinite(budget) || budget <= 0) {
    return fail('bad-budget', `A memory budget must be a positive number of bytes; got ${String(budget)}.`);
  }
  return succeed({ ...checked, memoryBudgetBytes: budget });
}
