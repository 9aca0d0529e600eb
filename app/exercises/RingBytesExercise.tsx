import { ringBytesExercise } from '../../src/exercises/ringBytes';
import { TypedExercise } from './TypedExercise';

const FIELD = { label: 'MB sent per GPU', hint: 'A number of megabytes.' };

/** Exercise 10: megabytes each GPU sends in one ring all-reduce, against DataParallel's GPU 0 traffic. */
export function RingBytesExercise({ number }: { number: number }) {
  return (
    <TypedExercise number={number} exercise={ringBytesExercise} field={() => FIELD}>
      {(instance) => (
        <p>
          A model with <strong>{instance.gradientMb} MB</strong> of gradients trains with
          DistributedDataParallel on <strong>{instance.gpus} GPUs</strong>. Its gradients are averaged by a
          ring all-reduce. How many MB does each GPU send per step?
        </p>
      )}
    </TypedExercise>
  );
}
