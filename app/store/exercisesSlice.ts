import type { StateCreator } from 'zustand';
import { EXERCISE_IDS, type ExerciseId } from '../../src/exercises/types';
import type { Store } from './store';
import type { ProgressDeps } from './tutorialSlice';

/**
 * Each exercise's current instance (its seed) and which exercises the learner has solved. A solved
 * exercise stays solved when the learner tries another instance; both are saved with the tutorial.
 */
export type ExercisesSlice = {
  exerciseSeeds: Record<ExerciseId, number>;
  solvedExercises: ExerciseId[];
  /** Records a graded answer (a correct one marks the exercise solved). */
  recordExercise(id: ExerciseId, correct: boolean): void;
  setExerciseSeed(id: ExerciseId, seed: number): void;
};

/** First instances: fixed, so everyone starting out sees the same ones. */
const FIRST_SEED = 1;

export const createExercisesSlice =
  ({ saved: { progress }, persist }: ProgressDeps): StateCreator<Store, [], [], ExercisesSlice> =>
  (set, get) => {
    const saved = progress.exercises;
    const seeds = Object.fromEntries(EXERCISE_IDS.map((id) => [id, saved[id]?.seed ?? FIRST_SEED])) as Record<
      ExerciseId,
      number
    >;
    return {
      exerciseSeeds: seeds,
      solvedExercises: EXERCISE_IDS.filter((id) => saved[id]?.solved === true),
      recordExercise: (id, correct) => {
        const solved = get().solvedExercises;
        if (!correct || solved.includes(id)) return;
        set({ solvedExercises: EXERCISE_IDS.filter((e) => e === id || solved.includes(e)) });
        persist(get());
      },
      setExerciseSeed: (id, seed) => {
        set((state) => ({ exerciseSeeds: { ...state.exerciseSeeds, [id]: seed } }));
        persist(get());
      },
    };
  };
