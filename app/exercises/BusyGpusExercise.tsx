import { busyGpusExercise } from '../../src/exercises/busyGpus';
import { type AnswerField, TypedExercise } from './TypedExercise';

const FIELD: AnswerField = { label: 'GPUs with work', hint: 'One whole number.', inputMode: 'numeric' };

/** Exercise 2: how many of the N GPUs receive part of a batch of B samples. */
export function BusyGpusExercise({ number }: { number: number }) {
  return (
    <TypedExercise number={number} exercise={busyGpusExercise} field={() => FIELD}>
      {(instance) => (
        <p>
          A batch of <strong>{instance.batch} samples</strong> on <strong>{instance.gpus} GPUs</strong>. How
          many of the GPUs get at least one sample in this step?
        </p>
      )}
    </TypedExercise>
  );
}
