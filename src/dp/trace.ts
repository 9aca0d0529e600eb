/**
 * The step trace: one DataParallel step as an ordered, JSON-serialisable list of events that every view
 * reads — the stage animation, the timeline, the nvidia-smi panel, the narration and the exercises.
 * Each event carries what PyTorch does (phase, devices, rows, tensors, bytes), what the timing model
 * claims it costs (`modeledStartMs`, `modeledMs`), what this browser measured once merged
 * (`measuredMs`), and where it plays (`start`, `duration` on the playback clock).
 */
import { modelDpStep } from '../cost/dpTiming';
import { DEFAULT_PRESET, type HardwarePreset, isPresetId, PRESETS, type PresetId } from '../cost/presets';
import type { StepConfig } from './config';
import type { TraceEvent } from './event';
import { stepEventDrafts } from './events';
import { PHASES, type Phase } from './phase';
import { planStep, type StepPlan } from './plan';
import { PLAYBACK_PHASE_MS, placeEvents } from './playback';
import { fail, type Result, succeed } from './result';

export type StepTrace = {
  mode: 'dp';
  /** The plan the trace was built from: split, replicas, idle GPUs, memory ledger. */
  plan: StepPlan;
  /** The hardware the modeled times are for. */
  preset: PresetId;
  /** Logical GPUs in the step (`plan.gpus`), idle ones included. */
  devices: number;
  phases: readonly Phase[];
  events: TraceEvent<Phase>[];
  /** The whole step's length according to the timing model. */
  modeledStepMs: number;
  playbackPhaseMs: number;
  /** Wall time this browser measured per phase, once `withMeasured` merged it in. */
  measuredMs?: Partial<Record<Phase, number>>;
};

export type TraceOptions = {
  /** A preset id or a custom preset; `DEFAULT_PRESET` when absent. */
  preset?: PresetId | HardwarePreset;
  /** Playback milliseconds per phase; `PLAYBACK_PHASE_MS` when absent. */
  playbackPhaseMs?: number;
};

/** Resolves a preset option; unknown ids come back as an error a view can show. */
export function resolvePreset(preset: PresetId | HardwarePreset | undefined): Result<HardwarePreset> {
  if (preset === undefined) return succeed(PRESETS[DEFAULT_PRESET]);
  if (typeof preset !== 'string') return succeed(preset);
  if (isPresetId(preset)) return succeed(PRESETS[preset]);
  return fail(
    'bad-preset',
    `There is no hardware preset called "${preset}"; choose one of ${Object.keys(PRESETS).join(', ')}.`,
  );
}

function resolvePlaybackMs(value: number | undefined): Result<number> {
  if (value === undefined) return succeed(PLAYBACK_PHASE_MS);
  if (Number.isFinite(value) && value > 0) return succeed(value);
  return fail(
    'bad-option',
    `Playback time per phase must be a positive number of milliseconds; got ${String(value)}.`,
  );
}

/** The trace of a planned step on a hardware preset. */
export function traceStep(
  plan: StepPlan,
  preset: HardwarePreset,
  playbackPhaseMs = PLAYBACK_PHASE_MS,
): StepTrace {
  const drafts = stepEventDrafts(plan);
  const modeled = modelDpStep(plan, drafts, preset);
  return {
    mode: 'dp',
    plan,
    preset: preset.id,
    devices: plan.gpus,
    phases: PHASES,
    events: placeEvents(drafts, PHASES, modeled.times, playbackPhaseMs),
    modeledStepMs: modeled.stepMs,
    playbackPhaseMs,
  };
}

/**
 * Plans and traces one DataParallel step. Every problem — bad GPU count, batch, model, budget, preset —
 * comes back as a typed error with a message for the learner.
 */
export function buildTrace(config: StepConfig, options: TraceOptions = {}): Result<StepTrace> {
  const preset = resolvePreset(options.preset);
  if (!preset.ok) return preset;
  const playbackMs = resolvePlaybackMs(options.playbackPhaseMs);
  if (!playbackMs.ok) return playbackMs;
  const plan = planStep(config);
  if (!plan.ok) return plan;
  return succeed(traceStep(plan.value, preset.value, playbackMs.value));
}
