/**
 * The page's zustand store, composed from typed slices and made by `createAppStore` from what it talks
 * to (the training worker's client, the progress storage, the page's address) — so tests build their
 * own with fakes, and nothing hides in module state. The app makes its one instance in `main.tsx` and
 * hands it to components through `StoreProvider`; components read it with `useStore(selector)` and act
 * on it outside React rendering with `useStoreApi()`.
 */
import { createContext, createElement, type ReactNode, useContext } from 'react';
import { createStore, type StoreApi, useStore as useZustandStore } from 'zustand';
import { EXERCISE_IDS } from '../../src/exercises/types';
import type { TrainingClient } from '../../src/worker/client';
import { LESSON_IDS } from '../tutorial/lessonIds';
import { createExercisesSlice, type ExercisesSlice } from './exercisesSlice';
import { createNoticeSlice, type NoticeSlice } from './noticeSlice';
import { createPlaybackSlice, type PlaybackSlice } from './playbackSlice';
import { openProgress, type ProgressStore } from './progressStorage';
import { createRunSlice, type RunSlice } from './runSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createTutorialSlice, progressOf, type TutorialSlice } from './tutorialSlice';
import { parseSettings } from './urlState';

export type Store = SettingsSlice & NoticeSlice & RunSlice & PlaybackSlice & TutorialSlice & ExercisesSlice;

export type AppStore = StoreApi<Store>;

export type StoreDeps = {
  /** The training worker. */
  client: TrainingClient;
  /** Where the tutorial and exercise progress is saved (undefined where storage is blocked). */
  storage: ProgressStore | undefined;
  /** The page's address when the store is made: a link's settings and lesson. */
  location: { search: string };
};

/** A new store over `deps`; saved progress is read once, here. */
export function createAppStore({ client, storage, location }: StoreDeps): AppStore {
  // Unreadable data is replaced at once (so it is reported once), and a browser that will not save is
  // found out now; a refused save later says so once and the progress stays in memory.
  const { progress, notices, saver } = openProgress(storage, {
    lessons: LESSON_IDS,
    exercises: EXERCISE_IDS,
  });
  const saved = { progress, notices };
  const persist = (state: Store): void => {
    const notice = saver.save(progressOf(state));
    if (notice !== null) state.addNotices([notice]);
  };
  // The link's settings from the start (its notices and repairs are `useUrlSync`'s), so the run can
  // start on them before the page's first render.
  const { settings } = parseSettings(location.search);
  return createStore<Store>()((...a) => ({
    ...createSettingsSlice(...a),
    ...createNoticeSlice(...a),
    ...createRunSlice(client)(...a),
    ...createPlaybackSlice(...a),
    ...createTutorialSlice({ saved, persist, search: location.search })(...a),
    ...createExercisesSlice({ saved, persist })(...a),
    ...settings,
  }));
}

const StoreContext = createContext<AppStore | null>(null);

/** Gives `store` to the components below. */
export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

/** The store itself, for reading and acting outside rendering (effects, event handlers). */
export function useStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('useStore needs a StoreProvider above the component');
  return store;
}

/** A slice of the store's state; the component re-renders when it changes. */
export function useStore<T>(selector: (state: Store) => T): T {
  return useZustandStore(useStoreApi(), selector);
}
