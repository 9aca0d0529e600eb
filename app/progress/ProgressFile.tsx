import { useRef, useState } from 'react';
import { EXERCISE_IDS } from '../../src/exercises/types';
import { mergeProgress, parseProgress, progressToJson } from '../store/progressStorage';
import { type AppStore, useStoreApi } from '../store/store';
import { progressOf } from '../store/tutorialSlice';
import { isLessonId, LESSON_IDS, type LessonId } from '../tutorial/lessonIds';
import './progressFile.css';

export const PROGRESS_FILE_NAME = 'dataparallel-playground-progress.json';
const KNOWN = { lessons: LESSON_IDS, exercises: EXERCISE_IDS };

function download(text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = PROGRESS_FILE_NAME;
  link.click();
  // The click has handed the blob to the download by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

type Imported = { message: string; lesson: LessonId | null };

/**
 * Reads a progress file into the store, joined with what it holds; returns what to tell the learner and
 * the lesson the file was on (the tutorial opens it the way its own navigation does).
 */
async function importFile(store: AppStore, file: File): Promise<Imported> {
  const { progress, notice } = parseProgress(await file.text(), KNOWN);
  if (notice !== null)
    return {
      message: `${file.name} is not a progress file from this page, so nothing changed.`,
      lesson: null,
    };
  const state = store.getState();
  const merged = mergeProgress(progressOf(state), progress, KNOWN);
  const seeds = { ...state.exerciseSeeds };
  for (const id of EXERCISE_IDS) seeds[id] = merged.exercises[id]?.seed ?? seeds[id];
  store.setState({
    completedLessons: merged.completedLessons.filter(isLessonId),
    exerciseSeeds: seeds,
    solvedExercises: EXERCISE_IDS.filter((id) => merged.exercises[id]?.solved === true),
  });
  store.getState().persistProgress();
  const after = store.getState();
  return {
    message: `Imported ${file.name}: ${after.completedLessons.length} lessons done, ${after.solvedExercises.length} exercises solved.`,
    lesson: merged.lesson !== null && isLessonId(merged.lesson) ? merged.lesson : null,
  };
}

/**
 * Export and import of the tutorial and exercise progress as a small JSON file, so a learner can move it
 * to another browser — or keep it where the browser will not save.
 */
export function ProgressFile({ openLesson }: { openLesson(id: LessonId): void }) {
  const store = useStoreApi();
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState('');
  return (
    <fieldset className="progress-file">
      <legend className="progress-file-legend">Your progress as a file</legend>
      <button
        type="button"
        onClick={() => {
          download(progressToJson(progressOf(store.getState()), 2));
          setMessage(`Saved ${PROGRESS_FILE_NAME}.`);
        }}
      >
        Export progress
      </button>
      <button type="button" onClick={() => input.current?.click()}>
        Import progress
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (!file) return;
          void importFile(store, file).then(({ message, lesson }) => {
            if (lesson !== null && lesson !== store.getState().lessonId) openLesson(lesson);
            setMessage(message);
          });
        }}
      />
      <p className="progress-file-status" aria-live="polite">
        {message}
      </p>
    </fieldset>
  );
}
