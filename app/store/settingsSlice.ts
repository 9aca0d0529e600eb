import type { StateCreator } from 'zustand';
import { MAX_BATCH, MAX_GPUS } from '../../src/dp/chunk';
import type { Store } from './store';
import { clampInt, DEFAULT_SETTINGS, type UrlSettings } from './urlState';

export type SettingsSlice = UrlSettings & {
  setGpus(gpus: number): void;
  setBatch(batch: number): void;
};

export const createSettingsSlice: StateCreator<Store, [], [], SettingsSlice> = (set) => ({
  ...DEFAULT_SETTINGS,
  setGpus: (gpus) => set({ gpus: clampInt(gpus, 1, MAX_GPUS) }),
  setBatch: (batch) => set({ batch: clampInt(batch, 1, MAX_BATCH) }),
});
