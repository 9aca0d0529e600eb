/** The page's one zustand store, composed from typed slices. */
import { create } from 'zustand';
import { createEngineSlice, type EngineSlice } from './engineSlice';
import { createNoticeSlice, type NoticeSlice } from './noticeSlice';
import { createPlaybackSlice, type PlaybackSlice } from './playbackSlice';
import { createRunSlice, type RunSlice } from './runSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';

export type Store = SettingsSlice & NoticeSlice & EngineSlice & RunSlice & PlaybackSlice;

export const useStore = create<Store>()((...a) => ({
  ...createSettingsSlice(...a),
  ...createNoticeSlice(...a),
  ...createEngineSlice(...a),
  ...createRunSlice(...a),
  ...createPlaybackSlice(...a),
}));
