import { useMemo } from 'react';
import {
  describeScaling,
  SHOWN_DIGITS,
  scalingCurve,
  scalingExercise,
  shownCurve,
} from '../../src/exercises/scaling';
import { ExerciseFrame } from './ExerciseFrame';
import { TypedAnswer } from './TypedAnswer';
import { useDraft } from './useDraft';
import { useExercise } from './useExercise';

/**
 * Exercise 7: from a modeled speed-up curve, after how many GPUs one more stops paying off. The table
 * gives the speed-ups only; comparing each count with the larger ones is the learner's reasoning.
 */
export function ScalingExercise({ number }: { number: number }) {
  const { seed, instance, solved, feedback, grade, another } = useExercise(scalingExercise);
  const [answer, setAnswer] = useDraft(seed, '');
  const points = useMemo(() => shownCurve(scalingCurve(instance)), [instance]);
  const tolerance = `${Math.round(instance.tolerance * 100)} %`;
  return (
    <ExerciseFrame
      number={number}
      title={scalingExercise.title}
      solved={solved}
      instance={instance}
      feedback={feedback}
      onCheck={() => grade(instance, answer)}
      onAnother={another}
    >
      <p>
        {describeScaling(instance)} More GPUs still <em>pay off</em> while some larger count is at least{' '}
        <strong>{tolerance}</strong> faster.
      </p>
      <table className="exercise-table">
        <caption>
          DataParallel's modeled speed-up over one GPU ({instance.optimizer === 'sgd' ? 'SGD' : 'Adam'})
        </caption>
        <thead>
          <tr>
            <th scope="col">GPUs</th>
            <th scope="col">Speed-up</th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => (
            <tr key={point.gpus}>
              <th scope="row">{point.gpus}</th>
              <td>{point.speedup.toFixed(SHOWN_DIGITS)}×</td>
            </tr>
          ))}
        </tbody>
      </table>
      <TypedAnswer
        label="Stops paying off at how many GPUs?"
        hint={`The fewest GPUs that no larger count beats by ${tolerance} or more.`}
        value={answer}
        onChange={setAnswer}
        inputMode="numeric"
      />
    </ExerciseFrame>
  );
}
