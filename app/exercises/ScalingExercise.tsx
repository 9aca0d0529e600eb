import { useMemo } from 'react';
import {
  describeScaling,
  type ScalingInstance,
  SHOWN_DIGITS,
  scalingCurve,
  scalingExercise,
  shownCurve,
} from '../../src/exercises/scaling';
import { type AnswerField, TypedExercise } from './TypedExercise';

/**
 * Exercise 7: from a modeled speed-up curve, after how many GPUs one more stops paying off. The table
 * gives the speed-ups only; comparing each count with the larger ones is the learner's reasoning.
 */
export function ScalingExercise({ number }: { number: number }) {
  return (
    <TypedExercise number={number} exercise={scalingExercise} field={scalingField}>
      {(instance) => <ScalingQuestion instance={instance} />}
    </TypedExercise>
  );
}

function tolerancePercent(instance: ScalingInstance): string {
  return `${Math.round(instance.tolerance * 100)} %`;
}

function scalingField(instance: ScalingInstance): AnswerField {
  return {
    label: 'Stops paying off at how many GPUs?',
    hint: `The fewest GPUs that no larger count beats by ${tolerancePercent(instance)} or more.`,
    inputMode: 'numeric',
  };
}

function ScalingQuestion({ instance }: { instance: ScalingInstance }) {
  const points = useMemo(() => shownCurve(scalingCurve(instance)), [instance]);
  return (
    <>
      <p>
        {describeScaling(instance)} More GPUs still <em>pay off</em> while some larger count is at least{' '}
        <strong>{tolerancePercent(instance)}</strong> faster.
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
    </>
  );
}
