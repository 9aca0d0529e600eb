import { useId } from 'react';
import { type TrainingSpeed as Speed, TRAINING_SPEEDS } from '../store/playbackSlice';
import { useStore } from '../store/store';
import { ShownStepNote } from './ShownStepNote';

function label(speed: Speed): string {
  return speed === null ? 'as fast as it goes' : `${speed} ${speed === 1 ? 'step' : 'steps'}/s`;
}

/** How fast "Train continuously" trains, and — while it does — which step the stage is showing. */
export function TrainingSpeed() {
  const id = useId();
  const speed = useStore((state) => state.trainingSpeed);
  const setSpeed = useStore((state) => state.setTrainingSpeed);
  const training = useStore((state) => state.runStatus === 'training');
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
      <ShownStepNote />
    </span>
  );
}
