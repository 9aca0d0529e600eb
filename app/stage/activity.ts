/**
 * A few words per GPU for the current phase, read off the trace's events (which GPU sends, receives or
 * computes what). The trace decides; this only phrases it for a small card.
 */
import type { TraceEvent } from '../../src/dp/event';
import type { Phase } from '../../src/dp/phase';
import type { StepTrace } from '../../src/dp/trace';

function involving(trace: StepTrace, phase: Phase, device: number): TraceEvent[] {
  return trace.events.filter(
    (event) => event.phase === phase && (event.device === device || event.peer === device),
  );
}

function rowsOf(event: TraceEvent | undefined): number {
  return event?.rows ? event.rows[1] - event.rows[0] : 0;
}

/** What `device` does during `phase`. */
export function activity(trace: StepTrace, phase: Phase, device: number): string {
  const events = involving(trace, phase, device);
  if (events.some((event) => event.kind === 'skipped')) return 'skipped with 1 GPU';
  const own = events.find((event) => event.device === device);
  const sends = events.filter((event) => event.peer === device && event.device !== device);
  if (events.length === 0) return phase === 'optimizer-step' ? 'waits for the next replicate' : 'waits';
  switch (phase) {
    case 'scatter':
      return own?.kind === 'in-place' ? 'keeps its chunk here' : 'receives its chunk';
    case 'replicate':
      return own?.kind === 'in-place' ? 'holds the originals' : "gets GPU 0's weights";
    case 'forward':
      return `forward on ${rowsOf(own)} ${rowsOf(own) === 1 ? 'sample' : 'samples'}`;
    case 'gather':
      return device === 0 ? 'collects outputs in order' : 'sends outputs to GPU 0';
    case 'loss':
      return 'computes the loss';
    case 'backward':
      return sends.length > 0 ? 'sends grad slices, backward' : 'gets grad slice, backward';
    case 'reduce-add':
      return device === 0 ? 'sums every gradient' : 'sends gradients to GPU 0';
    case 'optimizer-step':
      return 'updates the weights';
  }
}
