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
  type GradientBucket,
  planDdpStep,
} from './ddpPlan';
import type { EventDraft, Lane, TraceEvent } from './event';
import { parameterNames } from './events';
import { PLAYBACK_PHASE_MS, placeEvents } from './playback';
import { type Result, succeed } from './result';
import { ringSchedule, ringSegments } from './ring';
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
  /** Wall time this browser measured per phase, once `withMeasured` merged it in. */
  measuredMs?: Partial<Record<DdpPhase, number>>;
};

type Draft = EventDraft<DdpPhase>;
type OnceDraft = EventDraft<DdpConstructionPhase>;

/** Positions of a rank's samples in the combined batch of all ranks (each rank loads its own). */
function rankRows(plan: DdpPlan, rank: number): [number, number] {
  let start = 0;
  for (let r = 0; r < rank; r++) start += plan.rowsPerRank[r] ?? 0;
  return [start, start + (plan.rowsPerRank[rank] ?? 0)];
}

function ranks(plan: DdpPlan): number[] {
  return Array.from({ length: plan.ranks }, (_, rank) => rank);
}

/** Ranks with rows this step: an idle rank runs no forward or backward, but joins the ring. */
function busyRanks(plan: DdpPlan): number[] {
  return ranks(plan).filter((rank) => !plan.idleRanks.includes(rank));
}

function lane(order: number, window?: [number, number]): Lane {
  const base = { stage: 0, stages: 1, order, staggered: false };
  return window ? { ...base, window } : base;
}

function rowsOf(plan: DdpPlan, rank: number): number {
  return plan.rowsPerRank[rank] ?? 0;
}

/** Where a bucket's all-reduce plays in the phase slot: after the first part of backward, buckets in turn. */
function bucketWindow(plan: DdpPlan, bucket: number): [number, number] {
  const share = 0.65 / plan.buckets.length;
  return [0.35 + bucket * share, 0.35 + (bucket + 1) * share];
}

/**
 * A bucket's ring all-reduce, one event per rank and round (`ring.ts`'s schedule): `peer` sends
 * `segment` to `device`, which adds it (reduce-scatter) or copies it (all-gather). One rank: a single
 * event with nobody to exchange with.
 */
function ringDrafts(plan: DdpPlan, bucket: GradientBucket): Draft[] {
  const tensors = bucket.tensors.map((name) => `${name}.grad`);
  const [from, to] = bucketWindow(plan, bucket.index);
  const base = {
    phase: 'backward-all-reduce' as const,
    kind: 'all-reduce' as const,
    bucket: bucket.index,
    kernels: 1,
  };
  if (plan.ranks === 1) {
    return [
      {
        ...base,
        id: `backward-all-reduce:bucket${bucket.index}:rank0`,
        device: 0,
        tensors,
        bytes: bucket.bytes,
        lane: lane(0, [from, to]),
      },
    ];
  }
  const elements = bucket.bytes / F32_BYTES;
  const segments = ringSegments(elements, plan.ranks);
  const rounds = ringSchedule(plan.ranks);
  const slot = (to - from) / rounds.length;
  return rounds.flatMap((round) =>
    round.transfers.map((transfer): Draft => {
      const [start, end] = segments[transfer.segment] ?? [0, 0];
      return {
        ...base,
        id: `backward-all-reduce:bucket${bucket.index}:round${round.round}:rank${transfer.to}`,
        device: transfer.to,
        peer: transfer.from,
        round: round.round,
        segment: transfer.segment,
        tensors,
        bytes: (end - start) * F32_BYTES,
        lane: lane(transfer.to, [from + round.round * slot, from + (round.round + 1) * slot]),
      };
    }),
  );
}

function stepDrafts(plan: DdpPlan, ring = true): Draft[] {
  const layout = paramLayout(plan.model);
  const names = parameterNames(plan.model);
  const forward = busyRanks(plan).map(
    (rank): Draft => ({
      id: `forward:rank${rank}`,
      phase: 'forward',
      kind: 'compute',
      device: rank,
      rows: rankRows(plan, rank),
      tensors: [`output (rank ${rank})`, `loss (rank ${rank})`],
      bytes: rowsOf(plan, rank) * plan.classes * F32_BYTES,
      flops: forwardFlops(layout, rowsOf(plan, rank)) + lossFlops(rowsOf(plan, rank), plan.classes),
      kernels: forwardKernels(layout) + LOSS_KERNELS,
      lane: lane(rank),
    }),
  );
  const backward = busyRanks(plan).map(
    (rank): Draft => ({
      id: `backward-all-reduce:rank${rank}`,
      phase: 'backward-all-reduce',
      kind: 'compute',
      device: rank,
      rows: rankRows(plan, rank),
      tensors: ['gradients'],
      bytes: plan.parameterBytes,
      flops: backwardFlops(layout, rowsOf(plan, rank)) + lossFlops(rowsOf(plan, rank), plan.classes),
      kernels: backwardKernels(layout) + LOSS_KERNELS,
      lane: lane(rank, [0, 1]),
    }),
  );
  const allReduce = ring ? plan.buckets.flatMap((bucket) => ringDrafts(plan, bucket)) : [];
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

/**
 * The modeled length of a DDP step on `preset`, without building its ring events (the bucket times
 * come from the plan, so the speed-up curves need not draft 2(N−1)·N events per bucket).
 */
export function modeledDdpStepMs(plan: DdpPlan, preset: HardwarePreset): number {
  return modelDdpStep(plan, stepDrafts(plan, false), preset).stepMs;
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
