import { useMemo } from 'react';
import { anotherSeed, type Checked, type Exercise } from '../../src/exercises/types';
import { useStore, useStoreApi } from '../store/store';
import { useDraft } from './useDraft';

/**
 * An exercise's current instance (from its saved seed), its feedback, and the two actions: grade an
 * answer (recording a solve) and move to another instance.
 */
export function useExercise<I, A>(exercise: Exercise<I, A>) {
  const store = useStoreApi();
  const seed = useStore((state) => state.exerciseSeeds[exercise.id]);
  const solved = useStore((state) => state.solvedExercises.includes(exercise.id));
  const instance = useMemo(() => exercise.generate(seed), [exercise, seed]);
  const [feedback, setFeedback] = useDraft<Checked | null>(seed, null);
  const grade = (graded: I, answer: A) => {
    const checked = exercise.check(graded, answer);
    setFeedback(checked);
    store.getState().recordExercise(exercise.id, checked.correct);
  };
  const another = () => store.getState().setExerciseSeed(exercise.id, anotherSeed(exercise, seed));
  return { seed, instance, solved, feedback, grade, another };
}
