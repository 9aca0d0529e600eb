import { beforeEach, describe, expect, it } from 'vitest';
import { EXERCISE_IDS } from '../../src/exercises/types';
import { createTestStore } from '../testing/testStore';
import { LESSON_IDS } from '../tutorial/lessonIds';
import { loadProgress, PROGRESS_KEY } from './progressStorage';

const app = createTestStore({ storage: window.localStorage });

const KNOWN = { lessons: LESSON_IDS, exercises: EXERCISE_IDS };

function saved() {
  return loadProgress(window.localStorage, KNOWN).progress;
}

beforeEach(() => {
  window.localStorage.removeItem(PROGRESS_KEY);
  app.setState({ lessonId: 'overview', completedLessons: [], solvedExercises: [] });
});

describe('the tutorial slice', () => {
  it('saves the lesson and the lessons done, in tutorial order and without repeats', () => {
    const store = app.getState();
    store.goToLesson('aggregate');
    store.completeLesson('replicate');
    store.completeLesson('overview');
    store.completeLesson('replicate');
    expect(app.getState().completedLessons).toEqual(['overview', 'replicate']);
    expect(saved()).toMatchObject({ lesson: 'aggregate', completedLessons: ['overview', 'replicate'] });
  });
});

describe('the exercises slice', () => {
  it('marks an exercise solved on a correct answer only, and keeps it solved', () => {
    const store = app.getState();
    store.recordExercise('memory', false);
    expect(app.getState().solvedExercises).toEqual([]);
    store.recordExercise('memory', true);
    store.recordExercise('split', true);
    store.recordExercise('memory', false);
    expect(app.getState().solvedExercises).toEqual(['split', 'memory']);
    expect(saved().exercises.memory).toMatchObject({ solved: true });
    expect(saved().exercises['busy-gpus']).toMatchObject({ solved: false });
  });

  it('saves the instance each exercise shows', () => {
    app.getState().setExerciseSeed('scaling', 17);
    expect(app.getState().exerciseSeeds.scaling).toBe(17);
    expect(saved().exercises.scaling).toEqual({ seed: 17, solved: false });
  });
});
