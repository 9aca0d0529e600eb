/**
 * Merging what the browser measured into a trace. Engines time whole phases (timestamp queries or the
 * CPU clock), so a measurement belongs to a phase and is copied onto each of its events; the modeled
 * times stay untouched beside it, and views label the two differently.
 */
import type { DdpTrace } from './ddpTrace';
import type { TraceEvent } from './event';
import type { StepTrace } from './trace';

/** The traces a measurement can be merged into: DataParallel's and DDP's, each with its own phases. */
type Measurable = StepTrace | DdpTrace;

function isMeasurement(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value >= 0;
}

/**
 * A copy of `trace` with the measured per-phase wall times merged in. Values that are not finite,
 * non-negative numbers are dropped, and so are phases the trace does not have (a DDP step's phases in a
 * DataParallel trace, and the reverse); phases the step skipped (the one-GPU shortcut) take none, since
 * nothing ran. Earlier measurements are replaced, not added to.
 */
export function withMeasured<T extends Measurable>(
  trace: T,
  measuredMs: Partial<Record<T['phases'][number], number>>,
): T {
  const events: readonly TraceEvent<string>[] = trace.events;
  const given: Partial<Record<string, number>> = measuredMs;
  const skipped = new Set(events.filter((event) => event.kind === 'skipped').map((event) => event.phase));
  const kept: Partial<Record<string, number>> = {};
  for (const phase of trace.phases as readonly string[]) {
    const value = given[phase];
    if (isMeasurement(value) && !skipped.has(phase)) kept[phase] = value;
  }
  const merged = events.map((event) => {
    const { measuredMs: _previous, ...rest } = event;
    const value = kept[event.phase];
    return value === undefined ? rest : { ...rest, measuredMs: value };
  });
  return { ...trace, events: merged, measuredMs: kept };
}
