/**
 * The plan of one DistributedDataParallel step, for contrast with DataParallel: one process per GPU,
 * each loading its own samples, the parameters broadcast once when the model is wrapped (never per
 * step), gradients averaged by a bucketed all-reduce that overlaps backward, and an optimizer step on
 * every rank. Unlike DataParallel, DDP spans machines.
 */
import {
  activationBytes,
  F32_BYTES,
  type OptimizerKind,
  optimizerStateSlots,
  TARGET_BYTES,
} from '../cost/work';
import { type ModelSpec, paramLayout } from '../nn/spec';
import { chunkSizes, MAX_BATCH } from './chunk';
import { checkBatch, checkGpus, checkModel, checkOptimizer } from './config';
import type { MemoryBreakdown } from './memory';
import { fail, type Result, succeed } from './result';

/** DDP's phases of one step. The loss is computed inside each rank's forward pass. */
export const DDP_PHASES = ['forward', 'backward-all-reduce', 'optimizer-step'] as const;
export type DdpPhase = (typeof DDP_PHASES)[number];
/** The one-time phase when `DistributedDataParallel(model)` is constructed; not part of any step. */
export type DdpConstructionPhase = 'construction-broadcast';

export const DDP_PHASE_TITLES: Record<DdpPhase | DdpConstructionPhase, string> = {
  forward: 'Forward + loss',
  'backward-all-reduce': 'Backward + all-reduce',
  'optimizer-step': 'Optimizer step',
  'construction-broadcast': 'Broadcast at construction',
};

/** DDP's default `bucket_cap_mb` of 25, in bytes. */
export const DEFAULT_BUCKET_CAP_BYTES = 25 * 1024 * 1024;
/** The smaller cap of the first bucket DDP fills (`dist._DEFAULT_FIRST_BUCKET_BYTES`, 1 MiB). */
export const FIRST_BUCKET_CAP_BYTES = 1024 * 1024;
/** Most machines a DDP plan may span here. */
export const MAX_NODES = 64;

export type DdpConfig = {
  /** Machines; defaults to 1. */
  nodes?: number;
  /** Processes (GPUs) per machine. */
  gpusPerNode: number;
  /** Rows each rank's own DataLoader gives it per step (ignored when `globalBatch` is set). */
  batchPerRank: number;
  /**
   * The same run as DataParallel: rank i takes chunk i of `torch.chunk(batch, ranks)` of this global
   * batch, so both modes see the same samples; ranks beyond the chunks are idle (they join the
   * all-reduce with a zero gradient). Real DDP has no global batch — each rank's `DistributedSampler`
   * gives it its own equal share.
   */
  globalBatch?: number;
  model: ModelSpec;
  optimizer: OptimizerKind;
  /** Defaults to `DEFAULT_BUCKET_CAP_BYTES`. */
  bucketCapBytes?: number;
};

/** Gradients all-reduced together, in the order they become ready in backward. */
export type GradientBucket = {
  index: number;
  tensors: string[];
  bytes: number;
  capBytes: number;
  layers: number[];
};

export type DdpPlan = {
  nodes: number;
  gpusPerNode: number;
  ranks: number;
  /** The most rows any rank holds (all of them without `globalBatch`). */
  batchPerRank: number;
  /** Rows of each rank, by rank (0 for an idle rank). */
  rowsPerRank: number[];
  /** Ranks with no rows this step (only with a `globalBatch` smaller than its chunks need). */
  idleRanks: number[];
  /** The global batch the ranks split, when planned as the same run as DataParallel. */
  globalBatch?: number;
  model: ModelSpec;
  optimizer: OptimizerKind;
  features: number;
  classes: number;
  parameterCount: number;
  parameterBytes: number;
  /** In reduction order: the first bucket holds the gradients that are ready first (the last layer). */
  buckets: GradientBucket[];
  /** What every rank holds at its peak (backward); the same on every rank. */
  memoryPerRank: MemoryBreakdown;
};

/**
 * DDP's bucket assignment after its first iteration: parameters in the order their gradients become
 * ready (last layer first), the first bucket closing at 1 MiB and the rest at the cap; a bucket closes
 * as soon as it reaches its cap, so one large tensor can exceed it.
 */
export function assignBuckets(
  model: ModelSpec,
  capBytes: number = DEFAULT_BUCKET_CAP_BYTES,
): GradientBucket[] {
  const layout = paramLayout(model);
  const ready = [...layout.slots.keys()].reverse().flatMap((l) => {
    const slot = layout.slots[l];
    if (!slot) return [];
    return [
      { name: `layers.${l}.bias`, bytes: slot.out * F32_BYTES, layer: l },
      { name: `layers.${l}.weight`, bytes: slot.in * slot.out * F32_BYTES, layer: l },
    ];
  });
  const buckets: GradientBucket[] = [];
  let open: GradientBucket | undefined;
  for (const tensor of ready) {
    const cap = buckets.length === 0 ? Math.min(FIRST_BUCKET_CAP_BYTES, capBytes) : capBytes;
    open ??= { index: buckets.length, tensors: [], bytes: 0, capBytes: cap, layers: [] };
    open.tensors.push(tensor.name);
    open.bytes += tensor.bytes;
    if (!open.layers.includes(tensor.layer)) open.layers.push(tensor.layer);
    if (open.bytes >= open.capBytes) {
      buckets.push(open);
      open = undefined;
    }
  }
  if (open) buckets.push(open);
  return buckets;
}

function rankMemory(model: ModelSpec, optimizer: OptimizerKind, rows: number): MemoryBreakdown {
  const layout = paramLayout(model);
  const params = layout.count * F32_BYTES;
  const features = model.layers[0] ?? 0;
  const classes = model.layers[model.layers.length - 1] ?? 0;
  return {
    parameters: params,
    // `.grad` plus the flat bucket buffers the reducer all-reduces (gradient_as_bucket_view is off by default).
    gradients: 2 * params,
    'optimizer-state': params * optimizerStateSlots(optimizer),
    input: rows * (features * F32_BYTES + TARGET_BYTES),
    activations: activationBytes(layout, rows),
    'gathered-outputs': 0,
    loss: rows * classes * F32_BYTES + F32_BYTES,
  };
}

/**
 * Plans one DDP step; `maxGpusPerNode` is the machine's GPU count (a preset's `gpusPerNode`), and
 * `maxBatch` bounds the rows per rank.
 */
export function planDdpStep(
  config: DdpConfig,
  maxGpusPerNode: number,
  maxBatch: number = MAX_BATCH,
): Result<DdpPlan> {
  const nodes = config.nodes ?? 1;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_NODES) {
    return fail(
      'gpus-out-of-range',
      `The number of machines must be a whole number from 1 to ${MAX_NODES}; got ${String(nodes)}.`,
    );
  }
  const perNode = checkGpus(config.gpusPerNode, maxGpusPerNode);
  if (!perNode.ok) return perNode;
  const ranks = nodes * perNode.value;
  const global = config.globalBatch === undefined ? undefined : checkBatch(config.globalBatch, maxBatch);
  if (global !== undefined && !global.ok) return global;
  const chunks = global === undefined ? undefined : chunkSizes(global.value, ranks);
  const batch = chunks === undefined ? checkBatch(config.batchPerRank, maxBatch) : succeed(chunks[0] ?? 0);
  if (!batch.ok) return batch;
  const rowsPerRank = Array.from(
    { length: ranks },
    (_, rank) => chunks?.[rank] ?? (chunks ? 0 : batch.value),
  );
  const model = checkModel(config.model);
  if (!model.ok) return model;
  const optimizer = checkOptimizer(config.optimizer);
  if (!optimizer.ok) return optimizer;
  const cap = config.bucketCapBytes ?? DEFAULT_BUCKET_CAP_BYTES;
  if (!Number.isFinite(cap) || cap <= 0) {
    return fail('bad-option', `The bucket cap must be a positive number of bytes; got ${String(cap)}.`);
  }
  const layout = paramLayout(model.value);
  return succeed({
    nodes,
    gpusPerNode: perNode.value,
    ranks,
    batchPerRank: batch.value,
    rowsPerRank,
    idleRanks: rowsPerRank.flatMap((rows, rank) => (rows === 0 ? [rank] : [])),
    ...(global === undefined ? {} : { globalBatch: global.value }),
    model: model.value,
    optimizer: optimizer.value,
    features: model.value.layers[0] ?? 0,
    classes: model.value.layers[model.value.layers.length - 1] ?? 0,
    parameterCount: layout.count,
    parameterBytes: layout.count * F32_BYTES,
    buckets: assignBuckets(model.value, cap),
    memoryPerRank: rankMemory(model.value, optimizer.value, batch.value),
  });
}
