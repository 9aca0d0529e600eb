import { PHASE_TITLES } from '../../src/dp/phase';
import { phaseSpans } from '../../src/dp/playback';
import { useStore } from '../store/store';

/** The phases of the shown step as a row of buttons: click one to jump there; the current one is marked. */
export function PhaseTimeline() {
  const trace = useStore((state) => state.shown?.trace);
  const phase = useStore((state) => (state.runStatus === 'training' ? state.loopPhase : state.phase));
  const seek = useStore((state) => state.seek);
  if (!trace) return null;
  return (
    <ol className="phase-timeline" aria-label="Phases of this step">
      {phaseSpans(trace).map((span) => {
        const skipped = trace.events.some((event) => event.phase === span.phase && event.kind === 'skipped');
        return (
          <li key={span.phase}>
            <button
              type="button"
              aria-current={span.phase === phase ? 'step' : undefined}
              className={skipped ? 'skipped' : undefined}
              onClick={() => seek(span.start)}
              title={skipped ? 'Skipped with one GPU' : undefined}
            >
              {PHASE_TITLES[span.phase]}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
