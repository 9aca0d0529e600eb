import { chunkSizes } from '../../src/dp/chunk';
import { ddpGradientExercise } from '../../src/exercises/ddpGradient';
import { ExerciseFrame } from './ExerciseFrame';
import { TypedAnswer } from './TypedAnswer';
import { useDraft } from './useDraft';
import { useExercise } from './useExercise';

/** Exercise 9: the gradient every rank holds after DDP's all-reduce, on an uneven split. */
export function DdpGradientExercise({ number }: { number: number }) {
  const { seed, instance, solved, feedback, grade, another } = useExercise(ddpGradientExercise);
  const [answer, setAnswer] = useDraft(seed, '');
  const sizes = chunkSizes(instance.batch, instance.gpus);
  return (
    <ExerciseFrame
      number={number}
      title={ddpGradientExercise.title}
      solved={solved}
      instance={instance}
      feedback={feedback}
      onCheck={() => grade(instance, answer)}
      onAnother={another}
    >
      <p>
        DistributedDataParallel on <strong>{instance.gpus} GPUs</strong>, each rank taking its chunk of a
        batch of <strong>{instance.batch} samples</strong> (chunks {sizes.join(', ')}). From the mean loss of
        its own chunk, each rank gets this gradient of one weight:{' '}
        {instance.rankGrads.map((g, rank) => `rank ${rank}: ${g}`).join(', ')}. What gradient does every rank
        hold after the all-reduce? Is it the full-batch gradient?
      </p>
      <TypedAnswer
        label="Gradient after the all-reduce"
        hint="A decimal number, to three places."
        value={answer}
        onChange={setAnswer}
        inputMode="text"
      />
    </ExerciseFrame>
  );
}
