/**
 * Limitation 3, memory, as a figure: peak memory per GPU from the ledger for an MLP whose hidden
 * width the learner chooses, in DataParallel (GPU 0, the fullest) and in DDP (every rank alike), on a
 * named card; the widths at which each runs out; and the same width at several GPU counts, so a
 * learner sees that adding GPUs does not make the model fit.
 */
import { planDdpStep } from '../../dp/ddpPlan';
import { formatBytes } from '../../dp/format';
import { memoryTotal } from '../../dp/memory';
import { planStep } from '../../dp/plan';
import { type Result, succeed } from '../../dp/result';
import type { ModelSpec } from '../../nn/spec';
import type { HardwarePreset } from '../presets';
import { SCALING_MAX_BATCH } from '../speedup';
import type { OptimizerKind } from '../work';

export type WidthModel = {
  features: number;
  classes: number;
  /** Hidden layers, each `width` wide. */
  hiddenLayers: number;
  optimizer: OptimizerKind;
  /** Rows each GPU processes (the global batch grows with the GPU count). */
  batchPerGpu: number;
};

/**
 * A next-token MLP big enough to fill a card: 1024 inputs, two hidden layers, GPT-2's 50,257-word
 * output, Adam, 256 rows per GPU. Its wide output is where DataParallel's GPU 0 pays: it holds the
 * gathered logits and log-probabilities of the whole batch, which no DDP rank does.
 */
export const MEMORY_MODEL: WidthModel = {
  features: 1024,
  classes: 50257,
  hiddenLayers: 2,
  optimizer: 'adam',
  batchPerGpu: 256,
};

export function widthSpec(shape: WidthModel, width: number): ModelSpec {
  return {
    layers: [shape.features, ...new Array<number>(shape.hiddenLayers).fill(width), shape.classes],
    activation: 'relu',
  };
}

export type GpuCountMemory = { gpus: number; dpGpu0Bytes: number; ddpRankBytes: number };

/** Peak bytes on DataParallel's GPU 0 and on every DDP rank for `width` on `gpus` GPUs. */
export function peakMemory(shape: WidthModel, width: number, gpus: number): Result<GpuCountMemory> {
  const model = widthSpec(shape, width);
  const batch = shape.batchPerGpu * gpus;
  const dp = planStep({ gpus, batch, model, optimizer: shape.optimizer }, { maxBatch: SCALING_MAX_BATCH });
  if (!dp.ok) return dp;
  const ddp = planDdpStep(
    { gpusPerNode: gpus, batchPerRank: shape.batchPerGpu, model, optimizer: shape.optimizer },
    gpus,
    SCALING_MAX_BATCH,
  );
  if (!ddp.ok) return ddp;
  return succeed({
    gpus,
    dpGpu0Bytes: dp.value.memory.gpus[0]?.peakBytes ?? 0,
    ddpRankBytes: memoryTotal(ddp.value.memoryPerRank),
  });
}

/** The narrowest width whose peak exceeds `budget` (memory grows with width); `undefined` if none up to `maxWidth`. */
export function firstWidthOver(
  peak: (width: number) => number,
  budget: number,
  maxWidth: number,
): number | undefined {
  if (peak(maxWidth) <= budget) return undefined;
  let fits = 0;
  let over = maxWidth;
  while (over - fits > 1) {
    const mid = Math.floor((fits + over) / 2);
    if (peak(mid) > budget) over = mid;
    else fits = mid;
  }
  return over;
}

export type MemoryLimitFigure = {
  width: number;
  card: string;
  budgetBytes: number;
  /** The same width at each GPU count. */
  rows: GpuCountMemory[];
  dpOutAt: number | undefined;
  ddpOutAt: number | undefined;
  sentence: string;
};

const MAX_SEARCH_WIDTH = 1 << 16;

function fitsWord(bytes: number, budget: number): string {
  return bytes > budget ? 'does not fit' : 'fits';
}

/** What adding GPUs did to GPU 0, in words that follow the rows (first count → last count). */
function gpuCountVerdict(rows: readonly GpuCountMemory[], budget: number): string {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last || rows.length < 2) return '';
  const fits = rows.map((row) => row.dpGpu0Bytes <= budget);
  if (fits.every((fit) => !fit)) return `: more GPUs do not make it fit`;
  if (fits.every((fit) => fit)) return '';
  if (fits[0] && !fits[fits.length - 1] && last.dpGpu0Bytes > first.dpGpu0Bytes)
    return `: more GPUs make GPU 0 fuller, not emptier`;
  return '';
}

function ddpClause(rows: readonly GpuCountMemory[], budget: number): string {
  const sizes = rows.map((row) => row.ddpRankBytes);
  const same = sizes.every((bytes) => Math.abs(bytes - (sizes[0] ?? 0)) < 1);
  const first = rows[0];
  if (same && first)
    return `each DDP rank needs ${formatBytes(first.ddpRankBytes)} at every count (${fitsWord(first.ddpRankBytes, budget)})`;
  return `each DDP rank needs ${rows.map((row) => `${formatBytes(row.ddpRankBytes)} on ${row.gpus}`).join(', ')}`;
}

/** The figure for `width` on `preset`'s card, at each of `counts` GPUs; thresholds at `counts`' largest. */
export function memoryLimitFigure(
  shape: WidthModel,
  width: number,
  preset: HardwarePreset,
  counts: readonly number[],
): Result<MemoryLimitFigure> {
  const budget = preset.gpu.memoryBytes;
  const rows: GpuCountMemory[] = [];
  for (const gpus of counts) {
    const row = peakMemory(shape, width, gpus);
    if (!row.ok) return row;
    rows.push(row.value);
  }
  const most = Math.max(...counts);
  const at = (pick: (row: GpuCountMemory) => number) => (w: number) => {
    const row = peakMemory(shape, w, most);
    return row.ok ? pick(row.value) : Number.POSITIVE_INFINITY;
  };
  const dpOutAt = firstWidthOver(
    at((row) => row.dpGpu0Bytes),
    budget,
    MAX_SEARCH_WIDTH,
  );
  const ddpOutAt = firstWidthOver(
    at((row) => row.ddpRankBytes),
    budget,
    MAX_SEARCH_WIDTH,
  );
  const card = `${preset.gpu.name} (${formatBytes(budget)})`;
  const perCount = rows
    .map((row) => `${formatBytes(row.dpGpu0Bytes)} on ${row.gpus} (${fitsWord(row.dpGpu0Bytes, budget)})`)
    .join(', ');
  const first =
    `At width ${width} on ${card}, DataParallel's GPU 0 needs ${perCount}${gpuCountVerdict(rows, budget)}; ` +
    ddpClause(rows, budget);
  let window: string;
  if (dpOutAt === undefined) window = `GPU 0 fits every width up to ${MAX_SEARCH_WIDTH} on ${most} GPUs`;
  else if (ddpOutAt !== undefined && ddpOutAt <= dpOutAt)
    window = `on ${most} GPUs DDP runs out at width ${ddpOutAt}, no later than DataParallel's GPU 0 (${dpOutAt})`;
  else
    window = `on ${most} GPUs GPU 0 runs out at width ${dpOutAt} while every DDP rank still fits up to ${(ddpOutAt ?? MAX_SEARCH_WIDTH + 1) - 1}`;
  return succeed({
    width,
    card,
    budgetBytes: budget,
    rows,
    dpOutAt,
    ddpOutAt,
    sentence: `Modeled: ${first}; ${window}.`,
  });
}
