/**
 * Limitation 2, scalability, as a figure: modeled speed-up and efficiency (speed-up ÷ GPUs) of
 * DataParallel on one machine and of DDP on one and several machines, with the reason DataParallel
 * flattens computed from its own step: the phase that grew most between one GPU and the most GPUs.
 */
import { formatMs } from '../../dp/format';
import { PHASE_TITLES, type Phase } from '../../dp/phase';
import { planStep } from '../../dp/plan';
import { type Result, succeed } from '../../dp/result';
import { traceStep } from '../../dp/trace';
import type { HardwarePreset } from '../presets';
import {
  ddpScaling,
  dpScaling,
  SCALING_MAX_BATCH,
  type ScalingConfig,
  type SpeedupPoint,
  stopsPayingOff,
} from '../speedup';
import { phaseSpans } from './phaseSpans';

export type EfficiencyPoint = SpeedupPoint & { efficiency: number };

export type FlattenReason = {
  phase: Phase;
  title: string;
  fromMs: number;
  toMs: number;
  shareOfStep: number;
};

export type ScalingLimitFigure = {
  dp: EfficiencyPoint[];
  ddp: EfficiencyPoint[];
  /** Fewest GPUs after which DataParallel stops gaining 5 % or more. */
  dpStop: number;
  reason: FlattenReason | undefined;
  sentence: string;
};

const withEfficiency = (points: readonly SpeedupPoint[]): EfficiencyPoint[] =>
  points.map((point) => ({ ...point, efficiency: point.speedup / point.gpus }));

function dpPhaseMs(config: ScalingConfig, preset: HardwarePreset, gpus: number): Result<Map<Phase, number>> {
  const plan = planStep(
    { gpus, batch: config.batch * gpus, model: config.model, optimizer: config.optimizer },
    { maxBatch: SCALING_MAX_BATCH },
  );
  if (!plan.ok) return plan;
  const trace = traceStep(plan.value, preset);
  return succeed(
    new Map(phaseSpans(trace.events).map((span) => [span.phase as Phase, span.endMs - span.startMs])),
  );
}

/** The phase whose modeled time grew most from 1 GPU to `gpus` GPUs (batch per GPU fixed). */
export function flattenReason(
  config: ScalingConfig,
  preset: HardwarePreset,
  gpus: number,
): Result<FlattenReason | undefined> {
  const one = dpPhaseMs(config, preset, 1);
  if (!one.ok) return one;
  const many = dpPhaseMs(config, preset, gpus);
  if (!many.ok) return many;
  const stepMs = [...many.value.values()].reduce((total, ms) => total + ms, 0);
  let reason: FlattenReason | undefined;
  for (const [phase, toMs] of many.value) {
    const fromMs = one.value.get(phase) ?? 0;
    if (!reason || toMs - fromMs > reason.toMs - reason.fromMs) {
      reason = {
        phase,
        title: PHASE_TITLES[phase],
        fromMs,
        toMs,
        shareOfStep: stepMs > 0 ? toMs / stepMs : 0,
      };
    }
  }
  return succeed(reason && reason.toMs > reason.fromMs ? reason : undefined);
}

/** GPU counts that are slower than the count before them (a curve can dip and climb again). */
export function slowerThanBefore(points: readonly SpeedupPoint[]): number[] {
  return points.flatMap((point, i) => {
    const before = points[i - 1];
    return before && point.speedup < before.speedup ? [point.gpus] : [];
  });
}

function dipClause(points: readonly SpeedupPoint[]): string {
  const dips = slowerThanBefore(points);
  if (dips.length === 0) return ', every added GPU helping';
  const counts =
    dips.length === 1
      ? `${dips[0]} GPUs is`
      : `${dips.slice(0, -1).join(', ')} and ${dips[dips.length - 1]} GPUs are`;
  return `, though ${counts} slower than one GPU fewer`;
}

/** Builds the figure for `nodes` machines of DDP (batch per GPU fixed, the usual practice). */
export function scalingLimitFigure(
  config: ScalingConfig,
  preset: HardwarePreset,
  nodes: number,
): Result<ScalingLimitFigure> {
  const perGpu: ScalingConfig = { ...config, scaling: 'batch-per-gpu' };
  const dp = dpScaling(perGpu, preset);
  if (!dp.ok) return dp;
  const ddp = ddpScaling(perGpu, preset, nodes);
  if (!ddp.ok) return ddp;
  const dpStop = stopsPayingOff(dp.value);
  const dpLast = dp.value[dp.value.length - 1];
  const ddpLast = ddp.value[ddp.value.length - 1];
  const reason = flattenReason(perGpu, preset, dpLast?.gpus ?? 1);
  if (!reason.ok) return reason;
  const parts: string[] = [];
  if (dpLast) {
    parts.push(
      `DataParallel reaches ${dpLast.speedup.toFixed(2)}× on ${dpLast.gpus} GPUs (${Math.round((dpLast.speedup / dpLast.gpus) * 100)} % efficiency)` +
        (dpStop < dpLast.gpus
          ? ` and stops paying off after ${dpStop} GPU${dpStop === 1 ? '' : 's'}`
          : ` and is still gaining at ${dpLast.gpus}${dipClause(dp.value)}`),
    );
  }
  if (reason.value) {
    const r = reason.value;
    parts.push(
      `the term that grows most is ${r.title.toLowerCase()}, from ${r.fromMs === 0 ? 'nothing' : formatMs(r.fromMs)} on 1 GPU to ${formatMs(r.toMs)} on ${dpLast?.gpus} (${Math.round(r.shareOfStep * 100)} % of the step)`,
    );
  }
  if (ddpLast) {
    parts.push(
      `DDP reaches ${ddpLast.speedup.toFixed(2)}× on ${ddpLast.gpus} GPUs over ${ddpLast.nodes} machine${ddpLast.nodes === 1 ? '' : 's'} (${Math.round((ddpLast.speedup / ddpLast.gpus) * 100)} %)`,
    );
  }
  return succeed({
    dp: withEfficiency(dp.value),
    ddp: withEfficiency(ddp.value),
    dpStop,
    reason: reason.value,
    sentence: `Modeled on ${preset.label}: ${parts.join('; ')}.`,
  });
}
