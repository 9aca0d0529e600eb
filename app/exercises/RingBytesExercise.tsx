import { ringBytesExercise } from '../../src/exercises/ringBytes';
import { ExerciseFrame } from './ExerciseFrame';
import { TypedAnswer } from './TypedAnswer';
import { useDraft } from './useDraft';
import { useExercise } from './useExercise';

/** Exercise 10: megabytes each GPU sends in one ring all-reduce, against DataParallel's GPU 0 traffic. */
export function RingBytesExercise({ number }: { number: number }) {
  const { seed, instance, solved, feedback, grade, another } = useExercise(ringBytesExercise);
  const [answer, setAnswer] = useDraft(seed, '');
  return (
    <ExerciseFrame
      number={number}
      title={ringBytesExercise.title}
      solved={solved}
      instance={instance}
      feedback={feedback}
      onCheck={() => grade(instance, answer)}
      onAnother={another}
    >
      <p>
        A model with <strong>{instance.gradientMb} MB</strong> of gradients trains with
        DistributedDataParallel on <strong>{instance.gpus} GPUs</strong>. Its gradients are averaged by a ring
        all-reduce. How many MB does each GPU send per step?
      </p>
      <TypedAnswer
        label="MB sent per GPU"
        hint="A number of megabytes."
        value={answer}
        onChange={setAnswer}
        inputMode="text"
      />
    </ExerciseFrame>
  );
}
