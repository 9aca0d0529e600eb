import { splitExercise } from '../../src/exercises/split';
import { ExerciseFrame } from './ExerciseFrame';
import { TypedAnswer } from './TypedAnswer';
import { useDraft } from './useDraft';
import { useExercise } from './useExercise';

/** Exercise 1: type the chunk sizes torch.chunk makes for B samples on N GPUs. */
export function SplitExercise({ number }: { number: number }) {
  const { seed, instance, solved, feedback, grade, another } = useExercise(splitExercise);
  const [answer, setAnswer] = useDraft(seed, '');
  return (
    <ExerciseFrame
      number={number}
      title={splitExercise.title}
      solved={solved}
      instance={instance}
      feedback={feedback}
      onCheck={() => grade(instance, answer)}
      onAnother={another}
    >
      <p>
        A batch of <strong>{instance.batch} samples</strong> goes through <code>nn.DataParallel</code> on{' '}
        <strong>{instance.gpus} GPUs</strong>. How many samples does each chunk get, in GPU order?
      </p>
      <TypedAnswer
        label="Chunk sizes"
        hint="For example 4, 4, 2. Leave out GPUs that get nothing."
        value={answer}
        onChange={setAnswer}
      />
    </ExerciseFrame>
  );
}
