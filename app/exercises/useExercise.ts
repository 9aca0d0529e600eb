import { useMemo } from 'react';
import { type Attempt, anotherSeed, type Exercise, feedbackText } from '../../src/exercises/types';
import { useStore, useStoreApi } from '../store/store';
import { useDraft } from './useDraft';

/** What the feedback line shows, and how it looks. */
export type FeedbackView = { text: string; tone: 'correct' | 'wrong' | 'format' };

function view(attempt: Attempt | null, hint: string): FeedbackView | null {
  if (!attempt) return null;
  const { checked } = attempt;
  const tone = checked.correct ? 'correct' : checked.format ? 'format' : 'wrong';
  return { text: feedbackText(attempt, hint), tone };
}

/**
 * An exercise's current instance (from its saved seed), its feedback, and the two actions: grade an
 * answer (recording a solve) and move to another instance. Misses are counted per instance: the first
 * gets a hint aimed at the mistake, later ones the solution; a format slip is not a miss.
 */
export function useExercise<I, A>(exercise: Exercise<I, A>) {
  const store = useStoreApi();
  const seed = useStore((state) => state.exerciseSeeds[exercise.id]);
  const solved = useStore((state) => state.solvedExercises.includes(exercise.id));
  const instance = useMemo(() => exercise.generate(seed), [exercise, seed]);
  const [attempt, setAttempt] = useDraft<Attempt | null>(seed, null);
  const grade = (graded: I, answer: A) => {
    const checked = exercise.check(graded, answer);
    const misses = (attempt?.misses ?? 0) + (checked.correct || checked.format ? 0 : 1);
    setAttempt({ checked, misses });
    store.getState().recordExercise(exercise.id, checked.correct);
  };
  const another = () => store.getState().setExerciseSeed(exercise.id, anotherSeed(exercise, seed));
  const feedback = view(attempt, exercise.hint?.(instance) ?? '');
  return { seed, instance, solved, feedback, grade, another };
}
