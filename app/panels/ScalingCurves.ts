/**
 * The curves of the scaling panel: DataParallel on one machine and DistributedDataParallel on one and
 * then two machines, from the timing model in src/cost, with the point where one more GPU stops paying
 * off. Every GPU keeps the model's usual rows per GPU (`batch-per-gpu`), as people scale in practice.
 */
import { SCALING_MODELS, type ScalingModelId } from '../../src/cost/models';
import { PRESETS, type PresetId } from '../../src/cost/presets';
import {
  bestLaterGain,
  ddpScaling,
  dpScaling,
  type SpeedupPoint,
  stopsPayingOff,
} from '../../src/cost/speedup';
import type { OptimizerKind } from '../../src/dp/config';

/** "Stops paying off": the next GPU adds less than this share of speed-up. */
export const PAYOFF_TOLERANCE = 0.05;
/** Machines the DDP curve spans: the second one is what DataParallel cannot reach. */
export const DDP_NODES = 2;

export type ScalingCurves = {
  dp: SpeedupPoint[];
  ddp: SpeedupPoint[];
  /** The fewest GPUs that no larger count beats by the tolerance (DataParallel). */
  dpStop: number;
  /** The best any larger count does relative to `dpStop` (negative: every larger count is slower). */
  dpStopGain: number | null;
  ddpStop: number;
  gpusPerNode: number;
};

export type CurveResult = { ok: true; value: ScalingCurves } | { ok: false; message: string };

function gainAfter(points: readonly SpeedupPoint[], gpus: number): number | null {
  return (
    bestLaterGain(
      points,
      points.findIndex((point) => point.gpus === gpus),
    ) ?? null
  );
}

/** Both curves for a hardware preset, model size and optimizer. */
export function scalingCurves(
  preset: PresetId,
  modelId: ScalingModelId,
  optimizer: OptimizerKind,
): CurveResult {
  const { model, batchPerGpu } = SCALING_MODELS[modelId];
  const config = { model, optimizer, batch: batchPerGpu, scaling: 'batch-per-gpu' as const };
  const dp = dpScaling(config, preset);
  if (!dp.ok) return { ok: false, message: dp.error.message };
  const ddp = ddpScaling(config, preset, DDP_NODES);
  if (!ddp.ok) return { ok: false, message: ddp.error.message };
  const dpStop = stopsPayingOff(dp.value, PAYOFF_TOLERANCE);
  return {
    ok: true,
    value: {
      dp: dp.value,
      ddp: ddp.value,
      dpStop,
      dpStopGain: gainAfter(dp.value, dpStop),
      ddpStop: stopsPayingOff(ddp.value, PAYOFF_TOLERANCE),
      gpusPerNode: PRESETS[preset].gpusPerNode,
    },
  };
}

/** The speed-up at a GPU count, if the curve has that point. */
export function speedupAt(points: readonly SpeedupPoint[], gpus: number): number | undefined {
  return points.find((point) => point.gpus === gpus)?.speedup;
}

/** "×2.54" — a speed-up as people say it. */
export function formatSpeedup(value: number): string {
  return `×${value.toFixed(2)}`;
}
