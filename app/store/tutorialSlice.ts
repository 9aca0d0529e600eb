import type { StateCreator } from 'zustand';
import { EXERCISE_IDS } from '../../src/exercises/types';
import { FIRST_LESSON, isLessonId, LESSON_IDS, type LessonId } from '../tutorial/lessonIds';
import { browserStorage, type OpenedProgress, openProgress, type Progress } from './progressStorage';
import type { Store } from './store';
import { quoteLinkValue } from './urlState';

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
};

let opened: OpenedProgress | undefined;

/** Saved progress, read once per page; unreadable data is replaced at once, so it is reported once. */
export function savedProgress(): OpenedProgress {
  opened ??= openProgress(browserStorage(), { lessons: LESSON_IDS, exercises: EXERCISE_IDS });
  return opened;
}

/** What both slices hold, in the saved schema. */
export function progressOf(state: Store): Progress {
  const exercises: Progress['exercises'] = {};
  for (const id of EXERCISE_IDS) {
    exercises[id] = { seed: state.exerciseSeeds[id], solved: state.solvedExercises.includes(id) };
  }
  return { lesson: state.lessonId, completedLessons: state.completedLessons, exercises };
}

/** Writes what both slices hold; the first refused write becomes a notice (the state stays as it is). */
export function persistProgress(state: Store): void {
  const notice = savedProgress().saver.save(progressOf(state));
  if (notice !== null) state.addNotices([notice]);
}

/** The lesson a link names, with a message when it names none we know. */
export function lessonFromSearch(search: string): { lesson: LessonId | null; notice: string | null } {
  const [raw, ...ignored] = new URLSearchParams(search).getAll('lesson');
  if (raw === undefined) return { lesson: null, notice: null };
  const repeated =
    ignored.length > 0
      ? ` The link names a lesson more than once; ${ignored.map(quoteLinkValue).join(', ')} is ignored.`
      : '';
  if (isLessonId(raw)) return { lesson: raw, notice: repeated === '' ? null : repeated.trim() };
  return {
    lesson: null,
    notice: `The link asks for lesson ${quoteLinkValue(raw)}, which does not exist, so the tutorial opens where you left it.${repeated}`,
  };
}

export const createTutorialSlice: StateCreator<Store, [], [], TutorialSlice> = (set, get) => {
  const { progress, notices } = savedProgress();
  const fromLink = lessonFromSearch(typeof window === 'undefined' ? '' : window.location.search);
  const saved = progress.lesson !== null && isLessonId(progress.lesson) ? progress.lesson : null;
  const update = (partial: Partial<TutorialSlice>): void => {
    set(partial);
    persistProgress(get());
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
    takeTutorialNotices: () => {
      const notices = get().tutorialNotices;
      if (notices.length > 0) set({ tutorialNotices: [] });
      return notices;
    },
  };
};
