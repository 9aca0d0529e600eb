import { busyGpusExercise } from '../../src/exercises/busyGpus';
import { ExerciseFrame } from './ExerciseFrame';
import { TypedAnswer } from './TypedAnswer';
import { useDraft } from './useDraft';
import { useExercise } from './useExercise';

/** Exercise 2: how many of the N GPUs receive part of a batch of B samples. */
export function BusyGpusExercise({ number }: { number: number }) {
  const { seed, instance, solved, feedback, grade, another } = useExercise(busyGpusExercise);
  const [answer, setAnswer] = useDraft(seed, '');
  return (
    <ExerciseFrame
      number={number}
      title={busyGpusExercise.title}
      solved={solved}
      instance={instance}
      feedback={feedback}
      onCheck={() => grade(instance, answer)}
      onAnother={another}
    >
      <p>
        A batch of <strong>{instance.batch} samples</strong> on <strong>{instance.gpus} GPUs</strong>. How
        many of the GPUs get at least one sample in this step?
      </p>
      <TypedAnswer
        label="GPUs with work"
        hint="One whole number."
        value={answer}
        onChange={setAnswer}
        inputMode="numeric"
      />
    </ExerciseFrame>
  );
}
