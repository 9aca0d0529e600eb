import { useId } from 'react';
import { formatCount } from '../../src/dp/format';
import { type TrainingSpeed as Speed, TRAINING_SPEEDS } from '../store/playbackSlice';
import { useStore } from '../store/store';

function label(speed: Speed): string {
  return speed === null ? 'as fast as it goes' : `${speed} steps/s`;
}

/** How fast "Train continuously" trains, and — while it does — which step the stage is showing. */
export function TrainingSpeed() {
  const id = useId();
  const speed = useStore((state) => state.trainingSpeed);
  const setSpeed = useStore((state) => state.setTrainingSpeed);
  const training = useStore((state) => state.runStatus === 'training');
  const shownStep = useStore((state) => (state.shown ? state.shown.index + 1 : undefined));
  const stepsDone = useStore((state) => state.stepsDone);
  return (
    <span className="training-speed">
      <label htmlFor={id}>Training speed</label>{' '}
      <select
        id={id}
        value={speed === null ? 'max' : String(speed)}
        disabled={training}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setSpeed(value === 'max' ? null : (Number(value) as Speed));
        }}
      >
        {TRAINING_SPEEDS.map((option) => (
          <option key={String(option)} value={option === null ? 'max' : String(option)}>
            {label(option)}
          </option>
        ))}
      </select>
      {training && shownStep !== undefined ? (
        <span className="training-shown" data-training-shown={shownStep}>
          {' '}
          · the stage replays step {formatCount(shownStep)} while training reaches step{' '}
          {formatCount(stepsDone)}
        </span>
      ) : null}
    </span>
  );
}
