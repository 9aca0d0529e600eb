import { splitExercise } from '../../src/exercises/split';
import { TypedExercise } from './TypedExercise';

const FIELD = { label: 'Chunk sizes', hint: 'For example 4, 4, 2. Leave out GPUs that get nothing.' };

/** Exercise 1: type the chunk sizes torch.chunk makes for B samples on N GPUs. */
export function SplitExercise({ number }: { number: number }) {
  return (
    <TypedExercise number={number} exercise={splitExercise} field={() => FIELD}>
      {(instance) => (
        <p>
          A batch of <strong>{instance.batch} samples</strong> goes through <code>nn.DataParallel</code> on{' '}
          <strong>{instance.gpus} GPUs</strong>. How many samples does each chunk get, in GPU order?
        </p>
      )}
    </TypedExercise>
  );
}
