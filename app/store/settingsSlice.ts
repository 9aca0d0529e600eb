import type { StateCreator } from 'zustand';
import type { DatasetId } from '../../src/data/registry';
import { MAX_BATCH, MAX_GPUS } from '../../src/dp/chunk';
import type { Store } from './store';
import {
  clampInt,
  DEFAULT_SETTINGS,
  LR_RANGE,
  MAX_SEED,
  type Mode,
  type OptimizerKind,
  type UrlSettings,
} from './urlState';

/** What the learner chose. `step` and `phase` belong to playback but are listed here for the URL. */
export type SettingsSlice = UrlSettings & {
  setGpus(gpus: number): void;
  setBatch(batch: number): void;
  setDataset(dataset: DatasetId): void;
  setLr(lr: number): void;
  setOptimizer(optimizer: OptimizerKind): void;
  setSeed(seed: number): void;
  /** DataParallel or DistributedDataParallel; the run replays to the same step in the new mode. */
  setMode(mode: Mode): void;
};

export const createSettingsSlice: StateCreator<Store, [], [], SettingsSlice> = (set) => ({
  ...DEFAULT_SETTINGS,
  setGpus: (gpus) => set({ gpus: clampInt(gpus, 1, MAX_GPUS) }),
  setBatch: (batch) => set({ batch: clampInt(batch, 1, MAX_BATCH) }),
  setDataset: (dataset) => set({ dataset }),
  setLr: (lr) => set({ lr: Math.min(LR_RANGE.max, Math.max(LR_RANGE.min, lr)) }),
  setOptimizer: (optimizer) => set({ optimizer }),
  setSeed: (seed) => set({ seed: clampInt(seed, 0, MAX_SEED) }),
  setMode: (mode) => set({ mode }),
});
