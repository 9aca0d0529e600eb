/**
 * The pacing of a `run`: step after step until told to stop, at a target rate or as fast as the engine
 * goes, handing results over in bunches so the page gets at most ~30 messages a second however fast the
 * steps are, and letting the worker's message queue in between so a Pause is heard within milliseconds.
 */
import type { RunStopReason } from './protocol';

/** Flush buffered results at most this often (≈ 30 messages a second). */
export const FLUSH_MS = 33;
/** Longest stretch of back-to-back steps before letting queued messages in. */
const YIELD_MS = 4;
/** How far behind schedule a paced run may fall before it stops trying to catch up. */
const MAX_LAG_MS = 250;

export type RunLoopOptions = {
  /** One step; resolves to `continue`, or to why the run must end (e.g. `diverged`). */
  step: () => Promise<'continue' | RunStopReason>;
  /** A stop asked from outside (Pause, a new configuration), checked before every step. */
  stopRequested: () => RunStopReason | null;
  /** Send what was buffered since the last flush. */
  flush: () => void;
  /** Target rate; omit or 0 for as fast as possible. */
  stepsPerSecond?: number;
  /** End after this many steps. */
  maxSteps?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  yieldToEvents: () => Promise<void>;
  flushMs?: number;
};

/**
 * Run until a stop is asked, `maxSteps` is reached or a step ends the run; always flushes at the end.
 * A step that throws ends the loop with that error (after a flush).
 * @returns why the run ended.
 */
export async function runLoop(options: RunLoopOptions): Promise<RunStopReason> {
  const { step, stopRequested, flush, maxSteps, now, sleep, yieldToEvents, flushMs = FLUSH_MS } = options;
  const rate = options.stepsPerSecond ?? 0;
  if (!(Number.isFinite(rate) && rate >= 0))
    throw new RangeError(`steps per second must be ≥ 0, got ${rate}`);
  if (maxSteps !== undefined && !(Number.isInteger(maxSteps) && maxSteps >= 0)) {
    throw new RangeError(`maxSteps must be an integer ≥ 0, got ${maxSteps}`);
  }
  const interval = rate > 0 ? 1000 / rate : 0;
  let due = now();
  let lastFlush = due;
  let lastYield = due;
  let done = 0;
  try {
    for (;;) {
      const stop = stopRequested();
      if (stop !== null) return stop;
      if (maxSteps !== undefined && done >= maxSteps) return 'max-steps';
      const outcome = await step();
      done += 1;
      if (outcome !== 'continue') return outcome;
      const t = now();
      if (t - lastFlush >= flushMs) {
        flush();
        lastFlush = t;
      }
      if (interval > 0) {
        due = Math.max(due + interval, t - MAX_LAG_MS);
        if (due > t) {
          await sleep(due - t);
          lastYield = now();
          continue;
        }
      }
      if (t - lastYield >= YIELD_MS) {
        await yieldToEvents();
        lastYield = now();
      }
    }
  } finally {
    flush();
  }
}
