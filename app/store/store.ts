/** The page's one zustand store, composed from typed slices. */
import { create } from 'zustand';
import { createEngineSlice, type EngineSlice } from './engineSlice';
import { createNoticeSlice, type NoticeSlice } from './noticeSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';

export type Store = SettingsSlice & NoticeSlice & EngineSlice;

export const useStore = create<Store>()((...a) => ({
  ...createSettingsSlice(...a),
  ...createNoticeSlice(...a),
  ...createEngineSlice(...a),
}));
