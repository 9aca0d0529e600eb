/**
 * Merging what the browser measured into a trace. Engines time whole phases (timestamp queries or the
 * CPU clock), so a measurement belongs to a phase and is copied onto each of its events; the modeled
 * times stay untouched beside it, and views label the two differently.
 */
import type { Phase } from './phase';
import type { StepTrace } from './trace';

function isMeasurement(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value >= 0;
}

/**
 * A copy of `trace` with the measured per-phase wall times merged in. Values that are not finite,
 * non-negative numbers are dropped; phases the step skipped (the one-GPU shortcut) take none, since
 * nothing ran. Earlier measurements are replaced, not added to.
 */
export function withMeasured(trace: StepTrace, measuredMs: Partial<Record<Phase, number>>): StepTrace {
  const skipped = new Set(
    trace.events.filter((event) => event.kind === 'skipped').map((event) => event.phase),
  );
  const kept: Partial<Record<Phase, number>> = {};
  for (const phase of trace.phases) {
    const value = measuredMs[phase];
    if (isMeasurement(value) && !skipped.has(phase)) kept[phase] = value;
  }
  const events = trace.events.map((event) => {
    const { measuredMs: _previous, ...rest } = event;
    const value = kept[event.phase];
    return value === undefined ? rest : { ...rest, measuredMs: value };
  });
  return { ...trace, events, measuredMs: kept };
}
