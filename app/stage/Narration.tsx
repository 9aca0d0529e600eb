import { narratePhase } from '../../src/dp/narrate';
import { useStore } from '../store/store';

/** One live region that says, in words and with the real numbers, what the current phase does. */
export function Narration() {
  const trace = useStore((state) => state.shown?.trace);
  const phase = useStore((state) => state.phase);
  const index = useStore((state) => state.shown?.index);
  return (
    <p className="narration" role="status" aria-live="polite" data-tour="narration">
      {trace && index !== undefined ? (
        <>
          <span className="narration-step">Step {index + 1} · </span>
          {narratePhase(trace, phase)}
        </>
      ) : (
        'Preparing the first training step…'
      )}
    </p>
  );
}
