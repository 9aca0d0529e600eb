import type { StateCreator } from 'zustand';
import type { Phase } from '../../src/dp/phase';
import {
  frameAt,
  type Playable,
  phaseAtRest,
  phaseStart,
  stepPhase,
  traceDuration,
} from '../../src/dp/playback';
import type { Store } from './store';

export const PLAYBACK_SPEEDS = [0.5, 1, 2, 4] as const;

/**
 * Playback milliseconds per wall millisecond at 1×: a phase's 1,000 playback ms take two seconds,
 * enough to follow a copy from one card to another while reading its label.
 */
export const READING_PACE = 0.5;
/** Wall milliseconds Play rests at the end of each phase, every mark in its end state, before going on. */
export const PHASE_REST_WALL_MS = 900;

/** "Train continuously" speeds in steps per second; `null` is as fast as the engine goes. */
export const TRAINING_SPEEDS = [1, 2, 10, 50, null] as const;
export type TrainingSpeed = (typeof TRAINING_SPEEDS)[number];

/**
 * The fastest training at which the stage plays every step as it arrives: at 2 steps a second each of
 * a step's eight phases still gets ~60 ms (a few frames). Faster, the stage loops a step it showed.
 */
export const FOLLOW_MAX_STEPS_PER_SECOND = 2;

/** Whether training at `speed` shows each new step on the stage (else it loops the last shown one). */
export function followsEachStep(speed: TrainingSpeed): speed is Exclude<TrainingSpeed, null> {
  return speed !== null && speed <= FOLLOW_MAX_STEPS_PER_SECOND;
}

/**
 * Playback of the shown step's trace: a cursor on the trace's playback clock. Only `advance` moves it
 * with time, and only one hook (useAnimationClock) calls `advance`; everything else seeks.
 */
export type PlaybackSlice = {
  /** Playback milliseconds into the shown step. */
  cursor: number;
  playing: boolean;
  speed: number;
  /** Jump between phases instead of tweening (prefers-reduced-motion). */
  reducedMotion: boolean;
  /** Where a Next phase click stops playing: the end of the phase it plays. */
  stopAt: number | undefined;
  /**
   * The phase the stage shows while the model trains continuously and the stage cycles a past step.
   * Kept apart from `phase` so the other panels (and the URL) stay put instead of re-rendering 4× a second.
   */
  loopPhase: Phase;
  /** Wall milliseconds Play still rests at the current phase's end. */
  restLeft: number;
  /** Steps per second "Train continuously" asks the worker for (`null`: as fast as it goes). */
  trainingSpeed: TrainingSpeed;
  setTrainingSpeed(speed: TrainingSpeed): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  nextPhase(): void;
  previousPhase(): void;
  /** Back to the start of the shown step. */
  resetPlayback(): void;
  seek(cursor: number): void;
  setSpeed(speed: number): void;
  setReducedMotion(reduced: boolean): void;
  /** Show `phase` of the shown step: played from its start (`animate`) or at rest, all events done. */
  enterPhase(phase: Phase, animate: boolean): void;
  /** Move the cursor by `dtMs` of wall time (scaled by speed); at the end, fetch the next step. */
  advance(dtMs: number): void;
};

export const createPlaybackSlice: StateCreator<Store, [], [], PlaybackSlice> = (set, get) => {
  /** Moves the cursor and keeps the URL's `phase` in step with it. */
  const moveTo = (cursor: number): void => {
    const trace = get().shown?.trace;
    if (!trace) return;
    const clamped = Math.min(Math.max(cursor, 0), traceDuration(trace));
    const phase = frameAt(trace, clamped).phase;
    set(get().phase === phase ? { cursor: clamped } : { cursor: clamped, phase });
  };

  /** Plays one phase from its start and stops at its end (reduced motion: jumps straight to the end). */
  const playPhase = (start: number): void => {
    const trace = get().shown?.trace;
    if (!trace) return;
    const end = restingCursor(trace, start);
    if (get().reducedMotion) {
      set({ playing: false, stopAt: undefined });
      moveTo(end);
      return;
    }
    moveTo(start);
    set({ playing: true, stopAt: end });
  };

  const toNextStep = (): void => {
    set({ cursor: 0, phase: 'scatter' });
    void get().showNextStep();
  };

  return {
    cursor: 0,
    playing: false,
    speed: 1,
    reducedMotion: false,
    stopAt: undefined,
    loopPhase: 'scatter',
    restLeft: 0,
    trainingSpeed: 10,
    setTrainingSpeed: (trainingSpeed) => set({ trainingSpeed }),
    play: () => set({ playing: true, stopAt: undefined, restLeft: 0 }),
    pause: () => set({ playing: false, stopAt: undefined, restLeft: 0 }),
    togglePlay: () => set((state) => ({ playing: !state.playing, stopAt: undefined, restLeft: 0 })),
    nextPhase: () => {
      const { shown, cursor, runStatus } = get();
      if (!shown || runStatus !== 'ready') return;
      const target = stepPhase(shown.trace, cursor, 1);
      if (target >= traceDuration(shown.trace)) {
        set({ stopAt: restingCursor(shown.trace, 0), playing: !get().reducedMotion });
        toNextStep();
      } else playPhase(target);
    },
    previousPhase: () => {
      const { shown, cursor } = get();
      if (!shown) return;
      set({ playing: false, stopAt: undefined });
      moveTo(restingCursor(shown.trace, stepPhase(shown.trace, cursor, -1)));
    },
    resetPlayback: () => {
      set({ playing: false, stopAt: undefined });
      moveTo(0);
    },
    seek: moveTo,
    setSpeed: (speed) => set({ speed }),
    setReducedMotion: (reducedMotion) => set({ reducedMotion }),
    enterPhase: (phase, animate) => {
      const trace = get().shown?.trace;
      const start = trace ? phaseStart(trace, phase) : undefined;
      if (!trace || start === undefined) return;
      if (animate) playPhase(start);
      else moveTo(restingCursor(trace, start));
    },
    advance: (dtMs) => {
      const { shown, cursor, speed, playing, reducedMotion, runStatus } = get();
      if (!shown) return;
      if (runStatus === 'training') {
        if (reducedMotion) return;
        const { trainingSpeed } = get();
        const duration = traceDuration(shown.trace);
        if (followsEachStep(trainingSpeed)) {
          // Slow training: each arriving step (runSlice puts it on the stage at its start) plays once,
          // in the time until the next one, and holds its end state if that one is late.
          const played = Math.min(duration, cursor + (dtMs * trainingSpeed * duration) / 1000);
          const loopPhase = frameAt(shown.trace, played).phase;
          set(get().loopPhase === loopPhase ? { cursor: played } : { cursor: played, loopPhase });
          return;
        }
        // Faster training loops over the last shown step (it cannot show every trained step): faster
        // for faster training, never faster than 4 playback ms per wall ms.
        const rate =
          trainingSpeed === null ? 4 * READING_PACE : Math.min(4, (trainingSpeed * duration) / 1000);
        const looped = (cursor + dtMs * rate) % duration;
        const loopPhase = frameAt(shown.trace, looped).phase;
        set(get().loopPhase === loopPhase ? { cursor: looped } : { cursor: looped, loopPhase });
        return;
      }
      if (!playing || runStatus !== 'ready') return;
      const { stopAt, restLeft } = get();
      const step = dtMs * speed * READING_PACE;
      if (stopAt !== undefined && cursor + step >= stopAt) {
        set({ playing: false, stopAt: undefined });
        moveTo(stopAt);
        return;
      }
      const end = traceDuration(shown.trace);
      if (cursor >= end) {
        toNextStep();
        return;
      }
      const next = cursor + step;
      if (!reducedMotion) {
        if (restLeft > 0) {
          // Resting at a phase's end: every mark done, the narration readable, then on.
          const left = restLeft - dtMs;
          if (left > 0) set({ restLeft: left });
          else {
            set({ restLeft: 0 });
            moveTo(cursor + 1);
          }
          return;
        }
        const rest = restingCursor(shown.trace, cursor);
        if (cursor < rest && next >= rest) {
          set({ restLeft: PHASE_REST_WALL_MS });
          moveTo(rest);
          return;
        }
        moveTo(next);
        return;
      }
      // Reduced motion: hold each phase, then jump to the next one's start — never tween.
      const phaseMs = shown.trace.playbackPhaseMs;
      const holdEnd = Math.floor(cursor / phaseMs + 1) * phaseMs;
      if (next >= holdEnd) moveTo(Math.min(holdEnd, end));
      else set({ cursor: next });
    },
  };
};

/** The phase playing at `cursor`, at rest: every event of it done (see `phaseAtRest`). */
function restingCursor<P extends string>(trace: Playable<P>, cursor: number): number {
  return phaseAtRest(trace, frameAt(trace, cursor).phase) ?? cursor;
}
