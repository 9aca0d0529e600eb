import type { StateCreator } from 'zustand';
import type { Store } from './store';

/** Messages the page owes the learner: repaired links, fallbacks, recovered errors. */
export type Notice = { id: number; text: string };

export type NoticeSlice = {
  notices: Notice[];
  addNotices(texts: string[]): void;
  dismissNotice(id: number): void;
};

export const createNoticeSlice: StateCreator<Store, [], [], NoticeSlice> = (set) => {
  let nextId = 1;
  return {
    notices: [],
    addNotices: (texts) =>
      set((state) => ({ notices: [...state.notices, ...texts.map((text) => ({ id: nextId++, text }))] })),
    dismissNotice: (id) => set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
  };
};
