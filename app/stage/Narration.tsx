import { narratePhase } from '../../src/dp/narrate';
import { followsEachStep } from '../store/playbackSlice';
import { useStore } from '../store/store';

/**
 * One live region that says, in words and with the real numbers, what the current phase does. While
 * the model trains continuously the stage only cycles through a past step, so the region says that
 * once instead of announcing a phase four times a second.
 */
export function Narration() {
  const trace = useStore((state) => state.shown?.trace);
  const phase = useStore((state) => state.phase);
  const index = useStore((state) => state.shown?.index);
  const training = useStore((state) => state.runStatus === 'training');
  const following = useStore((state) => followsEachStep(state.trainingSpeed));
  let text = 'Preparing the first training step…';
  if (training && index !== undefined) {
    // Said once per run, not per step: a live region re-announcing twice a second would drown a reader.
    text = following
      ? 'Training continuously, slowly: the stage plays each new step as it arrives; stop training to step through one phase by phase.'
      : `Training continuously. The stage cycles through step ${index + 1} as a reminder of what every step does; stop training to step through the newest one.`;
  }
  return (
    <p className="narration" role="status" aria-live="polite" data-tour="narration">
      {trace && index !== undefined && !training ? (
        <>
          <span className="narration-step">Step {index + 1} · </span>
          {narratePhase(trace, phase)}
        </>
      ) : (
        text
      )}
    </p>
  );
}
