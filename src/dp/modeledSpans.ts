/**
 * Where each phase of a step sits on the timing model's clock (not the playback clock): from its first
 * event's modeled start to its last event's modeled end. Phases follow one another, so a phase with no
 * events sits, empty, where the previous one ended.
 */
import type { TraceEvent } from './event';
import type { Phase } from './phase';

export type ModeledSpan<P extends string = Phase> = { phase: P; startMs: number; endMs: number };

/** The modeled start and end of every phase of `trace` (DataParallel's or DDP's), in phase order. */
export function modeledPhaseSpans<P extends string>(trace: {
  phases: readonly P[];
  events: readonly TraceEvent<P>[];
}): ModeledSpan<P>[] {
  let previousEnd = 0;
  return trace.phases.map((phase): ModeledSpan<P> => {
    const events = trace.events.filter((event) => event.phase === phase);
    const starts = events.map((event) => event.modeledStartMs);
    const ends = events.map((event) => event.modeledStartMs + event.modeledMs);
    const startMs = starts.length > 0 ? Math.min(...starts) : previousEnd;
    const endMs = ends.length > 0 ? Math.max(startMs, ...ends) : startMs;
    previousEnd = endMs;
    return { phase, startMs, endMs };
  });
}
