/**
 * When each phase of a traced step runs, from its events' modeled times: a phase spans from its first
 * event's start to its last event's end. The limitation figures are drawn from these spans.
 */
import type { TraceEvent } from '../../dp/event';

/** One phase on one lane: modeled milliseconds from the start of the step. */
export type PhaseSpan = { phase: string; startMs: number; endMs: number };

/** The spans of `events`, in the order their phases first appear; zero-length phases are dropped. */
export function phaseSpans(events: readonly TraceEvent<string>[]): PhaseSpan[] {
  const spans: PhaseSpan[] = [];
  for (const event of events) {
    const endMs = event.modeledStartMs + event.modeledMs;
    const span = spans.find((candidate) => candidate.phase === event.phase);
    if (span) {
      span.startMs = Math.min(span.startMs, event.modeledStartMs);
      span.endMs = Math.max(span.endMs, endMs);
    } else {
      spans.push({ phase: event.phase, startMs: event.modeledStartMs, endMs });
    }
  }
  return spans.filter((span) => span.endMs > span.startMs);
}

/** The longest span (the phase that dominates the step), or `undefined` for an empty list. */
export function longestSpan(spans: readonly PhaseSpan[]): PhaseSpan | undefined {
  let longest: PhaseSpan | undefined;
  for (const span of spans) {
    if (!longest || span.endMs - span.startMs > longest.endMs - longest.startMs) longest = span;
  }
  return longest;
}
