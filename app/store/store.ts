/** The page's one zustand store, composed from typed slices. */
import { create } from 'zustand';
import { createEngineSlice, type EngineSlice } from './engineSlice';
import { createExercisesSlice, type ExercisesSlice } from './exercisesSlice';
import { createNoticeSlice, type NoticeSlice } from './noticeSlice';
import { createPlaybackSlice, type PlaybackSlice } from './playbackSlice';
import { createRunSlice, type RunSlice } from './runSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createTutorialSlice, type TutorialSlice } from './tutorialSlice';

export type Store = SettingsSlice &
  NoticeSlice &
  EngineSlice &
  RunSlice &
  PlaybackSlice &
  TutorialSlice &
  ExercisesSlice;

export const useStore = create<Store>()((...a) => ({
  ...createSettingsSlice(...a),
  ...createNoticeSlice(...a),
  ...createEngineSlice(...a),
  ...createRunSlice(...a),
  ...createPlaybackSlice(...a),
  ...createTutorialSlice(...a),
  ...createExercisesSlice(...a),
}));
