/**
 * Where each phase of a step sits on the timing model's clock (not the playback clock): from its first
 * event's modeled start to its last event's modeled end. Phases follow one another, so a phase with no
 * events sits, empty, where the previous one ended.
 */
import type { Phase } from './phase';
import type { StepTrace } from './trace';

export type ModeledSpan = { phase: Phase; startMs: number; endMs: number };

/** The modeled start and end of every phase of `trace`, in phase order. */
export function modeledPhaseSpans(trace: StepTrace): ModeledSpan[] {
  let previousEnd = 0;
  return trace.phases.map((phase): ModeledSpan => {
    const events = trace.events.filter((event) => event.phase === phase);
    const starts = events.map((event) => event.modeledStartMs);
    const ends = events.map((event) => event.modeledStartMs + event.modeledMs);
    const startMs = starts.length > 0 ? Math.min(...starts) : previousEnd;
    const endMs = ends.length > 0 ? Math.max(startMs, ...ends) : startMs;
    previousEnd = endMs;
    return { phase, startMs, endMs };
  });
}
