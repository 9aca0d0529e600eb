import { chunkSizes } from '../../src/dp/chunk';
import { ddpGradientExercise } from '../../src/exercises/ddpGradient';
import { TypedExercise } from './TypedExercise';

const FIELD = { label: 'Gradient after the all-reduce', hint: 'A decimal number, to three places.' };

/** Exercise 9: the gradient every rank holds after DDP's all-reduce, on an uneven split. */
export function DdpGradientExercise({ number }: { number: number }) {
  return (
    <TypedExercise number={number} exercise={ddpGradientExercise} field={() => FIELD}>
      {(instance) => (
        <p>
          DistributedDataParallel on <strong>{instance.gpus} GPUs</strong>, each rank taking its chunk of a
          batch of <strong>{instance.batch} samples</strong> (chunks{' '}
          {chunkSizes(instance.batch, instance.gpus).join(', ')}). From the mean loss of its own chunk, each
          rank gets this gradient of one weight:{' '}
          {instance.rankGrads.map((g, rank) => `rank ${rank}: ${g}`).join(', ')}. What gradient does every
          rank hold after the all-reduce? Is it the full-batch gradient?
        </p>
      )}
    </TypedExercise>
  );
}
