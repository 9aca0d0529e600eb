/**
 * Everything a PyTorch export needs to replay the page's run exactly, computed from the page's own
 * code: the initial weights from the one initialiser, the batches from the trainer's seeded sampler,
 * the training rows the page trained on, the optimizer with its hyper-parameters, and the losses the
 * page showed. Pure data — the generators (`trainDp.ts`, `trainDdp.ts`, `notebook.ts`) only format it.
 */
import type { DatasetId } from '../data/registry';
import { chunkSizes } from '../dp/chunk';
import { initParams } from '../nn/init';
import type { ModelSpec, OptimizerSpec } from '../nn/spec';
import type { Dataset } from '../train/engine';
import { SHUFFLE_SALT } from '../train/trainer';
import { createBatchSampler, deriveSeed } from '../train/trainerSampler';

/** How the page trained: `dp` is `nn.DataParallel`'s step, `ddp` DistributedDataParallel's. */
export type ExportMode = 'dp' | 'ddp';

/** The page's settings an export names (the URL's, plus the steps trained). */
export type ExportSettings = {
  dataset: DatasetId;
  gpus: number;
  batch: number;
  optimizer: OptimizerSpec['kind'];
  lr: number;
  seed: number;
  mode: ExportMode;
  /** Steps the page has trained; the exported files train exactly this many. */
  steps: number;
};

/** One loss the page showed, for the exported files' closing comparison. */
export type PageLoss = { step: number; loss: number };

export type ExportRun = {
  settings: ExportSettings;
  model: ModelSpec;
  optimizer: OptimizerSpec;
  /** The rows the page trains on (as the worker built them from the seed). */
  train: Dataset;
  /** GPU 0's parameters before step 1, flat layout of `paramLayout(model)`. */
  initialParams: Float32Array;
  /** Rows per batch as the sampler cuts them (the batch, clamped to the data set). */
  batchRows: number;
  /**
   * The row order of each epoch the run touches, as the page's sampler shuffled it; the last one is
   * cut where the run stops. Batches are consecutive `batchRows`-row slices of each, the last short.
   */
  epochOrders: Uint32Array[];
  /** The page's last loss of the exported steps, when it read one. */
  pageLastLoss: PageLoss | null;
  /**
   * Whether every step's batch splits into `gpus` equal chunks; then DP and DDP train identically
   * (the mean of equal chunks' means is the batch mean), so either file can compare with the page.
   */
  equalChunks: boolean;
};

export type ExportInput = {
  settings: ExportSettings;
  model: ModelSpec;
  optimizer: OptimizerSpec;
  train: Dataset;
  /** The page's loss history (any order; entries past `settings.steps` are ignored). */
  history: readonly { step: number; loss: number | undefined }[];
};

/** The page's loss at the last exported step, if the history holds one that is finite. */
function lastPageLoss(history: ExportInput['history'], steps: number): PageLoss | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const point = history[i];
    if (point?.step === steps && point.loss !== undefined && Number.isFinite(point.loss)) {
      return { step: steps, loss: point.loss };
    }
  }
  return null;
}

/**
 * The run to export, recomputed from the seed exactly as the page's worker and trainer do it.
 * @throws RangeError when the steps are not a positive integer or the data set has too many rows to
 * index with 16 bits (the exported files store row indices that way).
 */
export function describeRun({ settings, model, optimizer, train, history }: ExportInput): ExportRun {
  const { steps, batch, seed, gpus } = settings;
  if (!Number.isInteger(steps) || steps < 1) {
    throw new RangeError(`an export needs at least one step, got ${String(steps)}`);
  }
  if (train.count > 0xffff) throw new RangeError(`${train.count} rows do not fit 16-bit row indices`);
  const sampler = createBatchSampler({ count: train.count, batch, seed: deriveSeed(seed, SHUFFLE_SALT) });
  const batchRows = Math.min(batch, train.count);
  const epochOrders: Uint32Array[] = [];
  let current: number[] = [];
  let epoch = sampler.state().epoch;
  let equalChunks = true;
  for (let step = 0; step < steps; step++) {
    const state = sampler.state();
    if (state.epoch !== epoch) {
      epochOrders.push(Uint32Array.from(current));
      current = [];
      epoch = state.epoch;
    }
    const rows = sampler.next();
    const sizes = chunkSizes(rows.length, gpus);
    if (sizes.length !== gpus || sizes.some((n) => n !== sizes[0])) equalChunks = false;
    for (const row of rows) current.push(row);
  }
  epochOrders.push(Uint32Array.from(current));
  return {
    settings,
    model,
    optimizer,
    train,
    initialParams: initParams(model, seed),
    batchRows,
    epochOrders,
    pageLastLoss: lastPageLoss(history, steps),
    equalChunks,
  };
}
