import type { StateCreator } from 'zustand';
import { EXERCISE_IDS } from '../../src/exercises/types';
import { FIRST_LESSON, isLessonId, LESSON_IDS, type LessonId } from '../tutorial/lessonIds';
import type { Progress } from './progressStorage';
import type { Store } from './store';
import { parseLesson } from './urlState';

/**
 * Where the learner is in the tutorial and which lessons they finished. The starting lesson comes from
 * the link (`?lesson=`), else from saved progress, else the first; saved progress is read once, when
 * the store is made, and written after every change here or in the exercises slice.
 */
export type TutorialSlice = {
  lessonId: LessonId;
  completedLessons: LessonId[];
  /** Messages about the link or saved progress, waiting for the tutorial to show them as notices. */
  tutorialNotices: string[];
  goToLesson(id: LessonId): void;
  completeLesson(id: LessonId): void;
  /** Hands the waiting messages over (and forgets them). */
  takeTutorialNotices(): string[];
  /** Saves the tutorial and exercise progress now (after an import, say). */
  persistProgress(): void;
};

/** What the tutorial and exercises slices need from the store's maker: the progress read once, and a way to save. */
export type ProgressDeps = {
  saved: { progress: Progress; notices: readonly string[] };
  persist: (state: Store) => void;
};

/** The progress both slices hold, in the saved shape. */
export function progressOf(state: Store): Progress {
  const exercises: Progress['exercises'] = {};
  for (const id of EXERCISE_IDS) {
    exercises[id] = { seed: state.exerciseSeeds[id], solved: state.solvedExercises.includes(id) };
  }
  return { lesson: state.lessonId, completedLessons: state.completedLessons, exercises };
}

export const createTutorialSlice =
  ({
    saved: { progress, notices },
    persist,
    search,
  }: ProgressDeps & { search: string }): StateCreator<Store, [], [], TutorialSlice> =>
  (set, get) => {
    const fromLink = parseLesson(search);
    const saved = progress.lesson !== null && isLessonId(progress.lesson) ? progress.lesson : null;
    const update = (partial: Partial<TutorialSlice>): void => {
      set(partial);
      persist(get());
    };
    return {
      lessonId: fromLink.lesson ?? saved ?? FIRST_LESSON,
      completedLessons: progress.completedLessons.filter(isLessonId),
      tutorialNotices: [...notices, fromLink.notice].filter((text): text is string => text !== null),
      goToLesson: (id) => {
        if (id !== get().lessonId) update({ lessonId: id });
      },
      completeLesson: (id) => {
        const done = get().completedLessons;
        if (!done.includes(id))
          update({ completedLessons: LESSON_IDS.filter((l) => l === id || done.includes(l)) });
      },
      persistProgress: () => persist(get()),
      takeTutorialNotices: () => {
        const notices = get().tutorialNotices;
        if (notices.length > 0) set({ tutorialNotices: [] });
        return notices;
      },
    };
  };
