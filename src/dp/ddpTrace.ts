/**
 * A DistributedDataParallel step as a trace with the same event shape as a DataParallel one, so the
 * same views can play it side by side: forward on every rank, backward overlapped with the bucketed
 * all-reduce that averages the gradients, and an optimizer step on every rank. The parameter broadcast
 * happens once, when the model is wrapped; it is kept apart in `construction`, outside the step.
 */
import { modelDdpStep } from '../cost/ddpTiming';
import type { HardwarePreset, PresetId } from '../cost/presets';
import {
  backwardFlops,
  backwardKernels,
  F32_BYTES,
  forwardFlops,
  forwardKernels,
  LOSS_KERNELS,
  lossFlops,
  optimizerWork,
} from '../cost/work';
import { paramLayout } from '../nn/spec';
import {
  DDP_PHASES,
  type DdpConfig,
  type DdpConstructionPhase,
  type DdpPhase,
  type DdpPlan,
  planDdpStep,
} from './ddpPlan';
import type { EventDraft, Lane, TraceEvent } from './event';
import { parameterNames } from './events';
import { PLAYBACK_PHASE_MS, placeEvents } from './playback';
import { type Result, succeed } from './result';
import { resolvePreset, type TraceOptions } from './trace';

export type DdpTrace = {
  mode: 'ddp';
  plan: DdpPlan;
  preset: PresetId;
  /** Ranks (GPUs) across all machines. */
  devices: number;
  phases: readonly DdpPhase[];
  events: TraceEvent<DdpPhase>[];
  /** The one-time broadcast of rank 0's parameters when `DistributedDataParallel(model)` is built. */
  construction: TraceEvent<DdpConstructionPhase>[];
  modeledStepMs: number;
  /** Modeled length of the construction broadcast (paid once, not per step). */
  modeledConstructionMs: number;
  playbackPhaseMs: number;
};

type Draft = EventDraft<DdpPhase>;
type OnceDraft = EventDraft<DdpConstructionPhase>;

/** Positions of a rank's samples in the combined batch of all ranks (each rank loads its own). */
function rankRows(plan: DdpPlan, rank: number): [number, number] {
  return [rank * plan.batchPerRank, (rank + 1) * plan.batchPerRank];
}

function ranks(plan: DdpPlan): number[] {
  return Array.from({ length: plan.ranks }, (_, rank) => rank);
}

function lane(order: number, window?: [number, number]): Lane {
  const base = { stage: 0, stages: 1, order, staggered: false };
  return window ? { ...base, window } : base;
}

function stepDrafts(plan: DdpPlan): Draft[] {
  const layout = paramLayout(plan.model);
  const rows = plan.batchPerRank;
  const names = parameterNames(plan.model);
  const forward = ranks(plan).map(
    (rank): Draft => ({
      id: `forward:rank${rank}`,
      phase: 'forward',
      kind: 'compute',
      device: rank,
      rows: rankRows(plan, rank),
      tensors: [`output (rank ${rank})`, `loss (rank ${rank})`],
      bytes: rows * plan.classes * F32_BYTES,
      flops: forwardFlops(layout, rows) + lossFlops(rows, plan.classes),
      kernels: forwardKernels(layout) + LOSS_KERNELS,
      lane: lane(rank),
    }),
  );
  const backward = ranks(plan).map(
    (rank): Draft => ({
      id: `backward-all-reduce:rank${rank}`,
      phase: 'backward-all-reduce',
      kind: 'compute',
      device: rank,
      rows: rankRows(plan, rank),
      tensors: ['gradients'],
      bytes: plan.parameterBytes,
      flops: backwardFlops(layout, rows) + lossFlops(rows, plan.classes),
      kernels: backwardKernels(layout) + LOSS_KERNELS,
      lane: lane(rank, [0, 1]),
    }),
  );
  const share = 0.65 / plan.buckets.length;
  const allReduce = plan.buckets.flatMap((bucket) =>
    ranks(plan).map((rank): Draft => {
      const draft: Draft = {
        id: `backward-all-reduce:bucket${bucket.index}:rank${rank}`,
        phase: 'backward-all-reduce',
        kind: 'all-reduce',
        device: rank,
        tensors: bucket.tensors.map((name) => `${name}.grad`),
        bytes: bucket.bytes,
        bucket: bucket.index,
        kernels: 1,
        lane: lane(rank, [0.35 + bucket.index * share, 0.35 + (bucket.index + 1) * share]),
      };
      return plan.ranks > 1 ? { ...draft, peer: (rank + plan.ranks - 1) % plan.ranks } : draft;
    }),
  );
  const work = optimizerWork(plan.optimizer, plan.parameterCount);
  const step = ranks(plan).map(
    (rank): Draft => ({
      id: `optimizer-step:rank${rank}`,
      phase: 'optimizer-step',
      kind: 'compute',
      device: rank,
      tensors: names,
      bytes: plan.parameterBytes,
      flops: work.flops,
      kernels: work.kernels,
      lane: lane(rank),
    }),
  );
  return [...forward, ...backward, ...allReduce, ...step];
}

function constructionDrafts(plan: DdpPlan): OnceDraft[] {
  const names = parameterNames(plan.model);
  return ranks(plan)
    .slice(1)
    .map(
      (rank): OnceDraft => ({
        id: `construction-broadcast:rank${rank}`,
        phase: 'construction-broadcast',
        kind: 'transfer',
        device: rank,
        peer: 0,
        tensors: names,
        bytes: plan.parameterBytes,
        kernels: 1,
        lane: lane(rank),
      }),
    );
}

/** The trace of a planned DDP step on a hardware preset. */
export function traceDdpStep(
  plan: DdpPlan,
  preset: HardwarePreset,
  playbackPhaseMs = PLAYBACK_PHASE_MS,
): DdpTrace {
  const step = stepDrafts(plan);
  const once = constructionDrafts(plan);
  const modeled = modelDdpStep(plan, [...step, ...once], preset);
  return {
    mode: 'ddp',
    plan,
    preset: preset.id,
    devices: plan.ranks,
    phases: DDP_PHASES,
    events: placeEvents(step, DDP_PHASES, modeled.times, playbackPhaseMs),
    construction: placeEvents(once, ['construction-broadcast'], modeled.times, playbackPhaseMs),
    modeledStepMs: modeled.stepMs,
    modeledConstructionMs: modeled.constructionMs,
    playbackPhaseMs,
  };
}

/** Plans and traces one DDP step; a GPU count beyond the preset's machine, or any bad input, is a typed error. */
export function buildDdpTrace(config: DdpConfig, options: TraceOptions = {}): Result<DdpTrace> {
  const preset = resolvePreset(options.preset);
  if (!preset.ok) return preset;
  const plan = planDdpStep(config, preset.value.gpusPerNode);
  if (!plan.ok) return plan;
  return succeed(traceDdpStep(plan.value, preset.value, options.playbackPhaseMs ?? PLAYBACK_PHASE_MS));
}
