import { formatCount } from '../../src/dp/format';
import { followsEachStep } from '../store/playbackSlice';
import { useStore } from '../store/store';

/**
 * While training continuously: which step the stage shows — each new one as it arrives at slow speeds,
 * else a step it loops over while training runs ahead.
 */
export function ShownStepNote() {
  const training = useStore((state) => state.runStatus === 'training');
  const following = useStore((state) => followsEachStep(state.trainingSpeed));
  const shownStep = useStore((state) => (state.shown ? state.shown.index + 1 : undefined));
  const stepsDone = useStore((state) => state.stepsDone);
  if (!training || shownStep === undefined) return null;
  return (
    <span className="training-shown" data-training-shown={shownStep} data-following={following}>
      {following
        ? `The stage shows step ${formatCount(shownStep)}: each new step as it arrives.`
        : `The stage replays step ${formatCount(shownStep)} while training reaches step ${formatCount(stepsDone)}.`}
    </span>
  );
}
