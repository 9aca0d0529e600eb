import type { ReactNode } from 'react';
import type { Exercise } from '../../src/exercises/types';
import { ExerciseFrame } from './ExerciseFrame';
import { TypedAnswer } from './TypedAnswer';
import { useDraft } from './useDraft';
import { useExercise } from './useExercise';

/** The answer field of a typed exercise: its label, the format hint under it, the keyboard to offer. */
export type AnswerField = { label: string; hint: string; inputMode?: 'numeric' | 'text' };

type Props<I> = {
  number: number;
  exercise: Exercise<I, string>;
  /** The field, which may quote the instance (a tolerance, a unit). */
  field(instance: I): AnswerField;
  /** The question for this instance: the prose and any table it needs. */
  children(instance: I): ReactNode;
};

/**
 * An exercise answered by typing: the question for the current instance, one field, and the shared
 * frame (Check, Try another, the feedback line). The answer starts empty for every new instance.
 */
export function TypedExercise<I>({ number, exercise, field, children }: Props<I>) {
  const { seed, instance, solved, feedback, grade, another } = useExercise(exercise);
  const [answer, setAnswer] = useDraft(seed, '');
  const { label, hint, inputMode = 'text' } = field(instance);
  return (
    <ExerciseFrame
      number={number}
      title={exercise.title}
      solved={solved}
      instance={instance}
      feedback={feedback}
      onCheck={() => grade(instance, answer)}
      onAnother={another}
    >
      {children(instance)}
      <TypedAnswer label={label} hint={hint} value={answer} onChange={setAnswer} inputMode={inputMode} />
    </ExerciseFrame>
  );
}
