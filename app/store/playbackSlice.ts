import type { StateCreator } from 'zustand';
import { frameAt, phaseStart, stepPhase, traceDuration } from '../../src/dp/playback';
import type { Store } from './store';

export const PLAYBACK_SPEEDS = [0.5, 1, 2, 4] as const;

/** How much faster the stage cycles through a step while the model trains continuously. */
const TRAINING_LOOP_SPEED = 4;

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

  const toNextStep = (): void => {
    set({ cursor: 0, phase: 'scatter' });
    void get().showNextStep();
  };

  return {
    cursor: 0,
    playing: false,
    speed: 1,
    reducedMotion: false,
    play: () => set({ playing: true }),
    pause: () => set({ playing: false }),
    togglePlay: () => set((state) => ({ playing: !state.playing })),
    nextPhase: () => {
      const { shown, cursor, runStatus } = get();
      if (!shown || runStatus !== 'ready') return;
      const target = stepPhase(shown.trace, cursor, 1);
      if (target >= traceDuration(shown.trace)) toNextStep();
      else moveTo(target);
    },
    previousPhase: () => {
      const { shown, cursor } = get();
      if (shown) moveTo(stepPhase(shown.trace, cursor, -1));
    },
    resetPlayback: () => moveTo(0),
    seek: moveTo,
    setSpeed: (speed) => set({ speed }),
    setReducedMotion: (reducedMotion) => set({ reducedMotion }),
    advance: (dtMs) => {
      const { shown, cursor, speed, playing, reducedMotion, runStatus } = get();
      if (!shown) return;
      if (runStatus === 'training') {
        // While training continuously the stage loops over the last shown step, compressed.
        const end = traceDuration(shown.trace);
        if (!reducedMotion) moveTo((cursor + dtMs * TRAINING_LOOP_SPEED) % end);
        return;
      }
      if (!playing || runStatus !== 'ready') return;
      const end = traceDuration(shown.trace);
      if (cursor >= end) {
        toNextStep();
        return;
      }
      const next = cursor + dtMs * speed;
      if (!reducedMotion) {
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

/** The cursor for a phase of the shown step (used when a link or a lesson names a phase). */
export function cursorForPhase(store: Store): number {
  const trace = store.shown?.trace;
  return trace ? (phaseStart(trace, store.phase) ?? 0) : 0;
}
