/**
 * Playback of a trace: where each event sits on the playback clock and what is on screen at time t.
 *
 * Playback time is for people, not a claim about hardware: every phase gets the same slot, so a
 * 0.01 ms loss is as visible as a 5 ms all-reduce. Inside a slot, per-replica events run side by side;
 * work that the single Python process launches one replica at a time is staggered, so the animation
 * shows the serialization the timing model charges for. `frameAt` is pure: views can seek anywhere.
 */
import type { EventDraft, ModeledTime, TraceEvent } from './event';

/** Playback milliseconds each phase takes at 1× speed. */
export const PLAYBACK_PHASE_MS = 1000;

/** Share of a two-stage phase's slot given to its first stage (the small output-gradient copies). */
const FIRST_STAGE_SHARE = 0.35;
/** Largest gap between two staggered launches, as a share of their stage. */
const MAX_STAGGER_SHARE = 0.12;

/** What playback needs from a trace (DataParallel and DDP traces both have it). */
export type Playable<P extends string> = {
  phases: readonly P[];
  events: readonly TraceEvent<P>[];
  playbackPhaseMs: number;
};

function stageBounds(stage: number, stages: number): [number, number] {
  if (stages < 2) return [0, 1];
  return stage === 0 ? [0, FIRST_STAGE_SHARE] : [FIRST_STAGE_SHARE, 1];
}

/** Turns drafts into trace events: modeled times from the timing model, playback slots from the phase order. */
export function placeEvents<P extends string>(
  drafts: readonly EventDraft<P>[],
  phases: readonly P[],
  times: ReadonlyMap<string, ModeledTime>,
  phaseMs: number = PLAYBACK_PHASE_MS,
): TraceEvent<P>[] {
  return drafts.map((draft) => {
    const { lane, kernels: _kernels, ...event } = draft;
    const slot = phases.indexOf(draft.phase) * phaseMs;
    const [from, to] = lane.window ?? stageBounds(lane.stage, lane.stages);
    const length = (to - from) * phaseMs;
    // Only staggered events need their group (and DDP's ring has thousands of unstaggered events).
    const group = lane.staggered
      ? drafts
          .filter(
            (other) => other.phase === draft.phase && other.lane.stage === lane.stage && other.lane.staggered,
          )
          .map((other) => other.lane.order)
          .sort((a, b) => a - b)
      : [];
    const gaps = lane.staggered ? group.length - 1 : 0;
    const gap = gaps > 0 ? Math.min(MAX_STAGGER_SHARE * length, (0.5 * length) / gaps) : 0;
    const offset = lane.staggered ? group.indexOf(lane.order) * gap : 0;
    const modeled = times.get(draft.id) ?? { startMs: 0, ms: 0 };
    return {
      ...event,
      modeledStartMs: modeled.startMs,
      modeledMs: modeled.ms,
      ...(modeled.device ? { modeledDevice: modeled.device } : {}),
      start: slot + from * phaseMs + offset,
      duration: length - gaps * gap,
    };
  });
}

/** Total playback length of a trace. */
export function traceDuration<P extends string>(trace: Playable<P>): number {
  return trace.phases.length * trace.playbackPhaseMs;
}

export type PhaseSpan<P extends string> = { phase: P; index: number; start: number; end: number };

/** Start and end of every phase on the playback clock, in order (for Next/Previous and a timeline). */
export function phaseSpans<P extends string>(trace: Playable<P>): PhaseSpan<P>[] {
  return trace.phases.map((phase, index) => ({
    phase,
    index,
    start: index * trace.playbackPhaseMs,
    end: (index + 1) * trace.playbackPhaseMs,
  }));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Index of the phase playing at `t`; the very end belongs to the last phase. */
function phaseIndexAt<P extends string>(trace: Playable<P>, t: number): number {
  const last = trace.phases.length - 1;
  return clamp(Math.floor(t / trace.playbackPhaseMs), 0, last);
}

export type EventState = 'waiting' | 'running' | 'done';

export type FrameEvent<P extends string> = { event: TraceEvent<P>; progress: number; state: EventState };

/** What is on screen at one playback time. */
export type Frame<P extends string> = {
  /** `t`, clamped to the trace. */
  t: number;
  phase: P;
  phaseIndex: number;
  /** 0 at the phase's start, 1 at its end. */
  phaseProgress: number;
  /** Every event of the current phase with its progress 0..1. */
  events: FrameEvent<P>[];
  /** The subset that is running at `t`. */
  active: FrameEvent<P>[];
};

/**
 * How long before its slot ends a phase rests: from then on every event of the phase counts as done.
 * Events may run to the very end of their slot, and the slot's end is already the next phase, so a
 * phase is shown "finished" just inside its own slot.
 */
const REST_MS = 1;

/**
 * The playback time where `phase` rests: still that phase, every event of it done (where Next phase
 * stops, and what a link's `phase=` shows). `undefined` if the trace has no such phase.
 */
export function phaseAtRest<P extends string>(trace: Playable<P>, phase: P): number | undefined {
  const index = trace.phases.indexOf(phase);
  return index < 0 ? undefined : restingTime(trace, index);
}

function restingTime<P extends string>(trace: Playable<P>, index: number): number {
  return (index + 1) * trace.playbackPhaseMs - Math.min(REST_MS, trace.playbackPhaseMs / 2);
}

/** The frame at playback time `t` (clamped to the trace). */
export function frameAt<P extends string>(trace: Playable<P>, t: number): Frame<P> {
  const time = clamp(Number.isFinite(t) ? t : 0, 0, traceDuration(trace));
  const phaseIndex = phaseIndexAt(trace, time);
  const phase = trace.phases[phaseIndex] as P;
  const slotStart = phaseIndex * trace.playbackPhaseMs;
  const resting = time >= restingTime(trace, phaseIndex);
  const events = trace.events
    .filter((event) => event.phase === phase)
    .map((event): FrameEvent<P> => {
      const raw = event.duration > 0 ? clamp((time - event.start) / event.duration, 0, 1) : 1;
      const progress = resting ? 1 : raw;
      const state: EventState = time < event.start ? 'waiting' : progress >= 1 ? 'done' : 'running';
      return { event, progress, state };
    });
  return {
    t: time,
    phase,
    phaseIndex,
    phaseProgress: clamp((time - slotStart) / trace.playbackPhaseMs, 0, 1),
    events,
    active: events.filter((entry) => entry.state === 'running'),
  };
}

/**
 * Where Next phase (`+1`) or Previous phase (`-1`) goes from `t`: the start of the neighbouring phase,
 * or the end of the trace after the last phase. Previous from inside a phase goes back to the phase
 * before it, as a phase-by-phase stepper should.
 */
export function stepPhase<P extends string>(trace: Playable<P>, t: number, direction: 1 | -1): number {
  const index = phaseIndexAt(trace, clamp(t, 0, traceDuration(trace)));
  const target = index + direction;
  if (target >= trace.phases.length) return traceDuration(trace);
  return clamp(target, 0, trace.phases.length - 1) * trace.playbackPhaseMs;
}

/** The playback time at which `phase` starts, or `undefined` if the trace has no such phase. */
export function phaseStart<P extends string>(trace: Playable<P>, phase: P): number | undefined {
  const index = trace.phases.indexOf(phase);
  return index < 0 ? undefined : index * trace.playbackPhaseMs;
}
