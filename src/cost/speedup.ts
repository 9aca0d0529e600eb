/**
 * Speed-up curves: how much faster training gets with more GPUs, according to the timing model, for
 * DataParallel (one machine, at most the preset's GPUs) and for DistributedDataParallel (across
 * machines too). The baseline is the same model on one GPU, called directly.
 *
 * Two ways to add GPUs tell different stories:
 * - `batch-per-gpu` (the usual practice): every GPU keeps the same number of rows, so the batch grows
 *   with the GPU count; the speed-up is the gain in samples per second.
 * - `fixed-batch` (what the playground animates): the same batch is split over more GPUs, so each gets
 *   fewer rows; the speed-up is how much shorter the step gets.
 */
import { planDdpStep } from '../dp/ddpPlan';
import { modeledDdpStepMs } from '../dp/ddpTrace';
import { planStep } from '../dp/plan';
import { fail, type Result, succeed } from '../dp/result';
import { resolvePreset, traceStep } from '../dp/trace';
import type { ModelSpec } from '../nn/spec';
import type { HardwarePreset, PresetId } from './presets';
import type { OptimizerKind } from './work';

export type Scaling = 'batch-per-gpu' | 'fixed-batch';

export type ScalingConfig = {
  model: ModelSpec;
  optimizer: OptimizerKind;
  /** Rows per GPU (`batch-per-gpu`) or rows of the whole batch (`fixed-batch`). */
  batch: number;
  /** Defaults to `batch-per-gpu`. */
  scaling?: Scaling;
};

export type SpeedupPoint = {
  /** GPUs in use, across all machines. */
  gpus: number;
  nodes: number;
  /** Modeled length of one step. */
  stepMs: number;
  samplesPerStep: number;
  samplesPerSecond: number;
  /** Samples per second relative to one GPU without any wrapper. */
  speedup: number;
};

/** A preset by id, or a custom preset object. */
export type PresetChoice = PresetId | HardwarePreset;

/** Largest batch the timing model considers: far beyond what the playground trains. */
export const SCALING_MAX_BATCH = 1 << 20;

function scalingOf(config: ScalingConfig): Result<Scaling> {
  const scaling = config.scaling ?? 'batch-per-gpu';
  if (scaling === 'batch-per-gpu' || scaling === 'fixed-batch') return succeed(scaling);
  return fail('bad-option', `Scaling must be "batch-per-gpu" or "fixed-batch"; got ${String(scaling)}.`);
}

/** Modeled DataParallel step on `gpus` GPUs, with the samples it processes. */
function dpPoint(
  config: ScalingConfig,
  preset: HardwarePreset,
  gpus: number,
  scaling: Scaling,
): Result<Omit<SpeedupPoint, 'speedup'>> {
  const batch = scaling === 'batch-per-gpu' ? config.batch * gpus : config.batch;
  const plan = planStep(
    { gpus, batch, model: config.model, optimizer: config.optimizer },
    { maxBatch: SCALING_MAX_BATCH },
  );
  if (!plan.ok) return plan;
  const stepMs = traceStep(plan.value, preset).modeledStepMs;
  return succeed({
    gpus,
    nodes: 1,
    stepMs,
    samplesPerStep: batch,
    samplesPerSecond: (batch / stepMs) * 1000,
  });
}

function withSpeedup(
  point: Omit<SpeedupPoint, 'speedup'>,
  baseline: Omit<SpeedupPoint, 'speedup'>,
): SpeedupPoint {
  return { ...point, speedup: point.samplesPerSecond / baseline.samplesPerSecond };
}

/**
 * DataParallel's modeled speed-up for 1..`maxGpus` GPUs (default: every GPU of the preset's machine;
 * DataParallel cannot leave it).
 */
export function dpScaling(
  config: ScalingConfig,
  presetChoice: PresetChoice,
  maxGpus?: number,
): Result<SpeedupPoint[]> {
  const preset = resolvePreset(presetChoice);
  if (!preset.ok) return preset;
  const scaling = scalingOf(config);
  if (!scaling.ok) return scaling;
  const last = maxGpus ?? preset.value.gpusPerNode;
  if (!Number.isInteger(last) || last < 1 || last > preset.value.gpusPerNode) {
    return fail(
      'gpus-out-of-range',
      `DataParallel runs inside one machine, and ${preset.value.label} has ${preset.value.gpusPerNode} GPUs; got ${String(last)}.`,
    );
  }
  const points: SpeedupPoint[] = [];
  let baseline: Omit<SpeedupPoint, 'speedup'> | undefined;
  for (let gpus = 1; gpus <= last; gpus++) {
    const point = dpPoint(config, preset.value, gpus, scaling.value);
    if (!point.ok) return point;
    baseline ??= point.value;
    points.push(withSpeedup(point.value, baseline));
  }
  return succeed(points);
}

/** DataParallel's modeled speed-up on `gpus` GPUs of one machine. */
export function speedup(config: ScalingConfig, preset: PresetChoice, gpus: number): Result<number> {
  const curve = dpScaling(config, preset, gpus);
  if (!curve.ok) return curve;
  return succeed(curve.value[curve.value.length - 1]?.speedup ?? 1);
}

/** Modeled DDP step on `nodes` machines of `gpusPerNode` GPUs, with the samples it processes. */
function ddpPoint(
  config: ScalingConfig,
  preset: HardwarePreset,
  world: { nodes: number; gpusPerNode: number },
  scaling: Scaling,
): Result<Omit<SpeedupPoint, 'speedup'>> {
  const ranks = world.nodes * world.gpusPerNode;
  const fixed = scaling === 'fixed-batch';
  // DistributedSampler pads so every rank gets the same share: ⌈B/W⌉ rows each.
  const batchPerRank = fixed ? Math.ceil(config.batch / ranks) : config.batch;
  const plan = planDdpStep(
    { ...world, batchPerRank, model: config.model, optimizer: config.optimizer },
    preset.gpusPerNode,
    SCALING_MAX_BATCH,
  );
  if (!plan.ok) return plan;
  const stepMs = modeledDdpStepMs(plan.value, preset);
  const samplesPerStep = fixed ? config.batch : batchPerRank * ranks;
  return succeed({
    gpus: ranks,
    nodes: world.nodes,
    stepMs,
    samplesPerStep,
    samplesPerSecond: (samplesPerStep / stepMs) * 1000,
  });
}

/**
 * DDP's modeled speed-up for every GPU count of one machine (1..gpusPerNode), then for 2..`nodes` full
 * machines.
 */
export function ddpScaling(
  config: ScalingConfig,
  presetChoice: PresetChoice,
  nodes = 1,
): Result<SpeedupPoint[]> {
  const preset = resolvePreset(presetChoice);
  if (!preset.ok) return preset;
  const scaling = scalingOf(config);
  if (!scaling.ok) return scaling;
  const baseline = dpPoint(config, preset.value, 1, scaling.value);
  if (!baseline.ok) return baseline;
  const perNode = preset.value.gpusPerNode;
  const worlds = [
    ...Array.from({ length: perNode }, (_, i) => ({ nodes: 1, gpusPerNode: i + 1 })),
    ...Array.from({ length: Math.max(0, nodes - 1) }, (_, i) => ({ nodes: i + 2, gpusPerNode: perNode })),
  ];
  const points: SpeedupPoint[] = [];
  for (const world of worlds) {
    const point = ddpPoint(config, preset.value, world, scaling.value);
    if (!point.ok) return point;
    points.push(withSpeedup(point.value, baseline.value));
  }
  return succeed(points);
}

/** DDP's modeled speed-up on `nodes` machines of `gpusPerNode` GPUs each, against one plain GPU. */
export function ddpSpeedup(
  config: ScalingConfig,
  presetChoice: PresetChoice,
  nodes: number,
  gpusPerNode: number,
): Result<number> {
  const preset = resolvePreset(presetChoice);
  if (!preset.ok) return preset;
  const scaling = scalingOf(config);
  if (!scaling.ok) return scaling;
  const baseline = dpPoint(config, preset.value, 1, scaling.value);
  if (!baseline.ok) return baseline;
  const point = ddpPoint(config, preset.value, { nodes, gpusPerNode }, scaling.value);
  if (!point.ok) return point;
  return succeed(withSpeedup(point.value, baseline.value).speedup);
}

/** The best speed-up any larger GPU count reaches, relative to `points[i]` (0.05 = 5 % better). */
export function bestLaterGain(points: readonly SpeedupPoint[], i: number): number | undefined {
  const here = points[i];
  const later = points.slice(i + 1);
  if (!here || later.length === 0) return undefined;
  return Math.max(...later.map((point) => point.speedup)) / here.speedup - 1;
}

/**
 * Where adding GPUs stops paying off: the fewest GPUs whose speed-up no larger count beats by
 * `tolerance` or more (0.05 = 5 %). A curve that dips at 2 GPUs and climbs again does not stop at 1,
 * and one that only loses stops at 1. The last point when every step still pays.
 */
export function stopsPayingOff(points: readonly SpeedupPoint[], tolerance = 0.05): number {
  for (const [i, here] of points.entries()) {
    const later = points.slice(i + 1);
    if (later.every((point) => point.speedup < here.speedup * (1 + tolerance))) return here.gpus;
  }
  return points[points.length - 1]?.gpus ?? 1;
}
