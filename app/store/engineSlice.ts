import type { StateCreator } from 'zustand';
import { type EngineProbe, probeWebGpu } from '../../src/gpu/probe';
import type { Store } from './store';

export type EngineSlice = {
  /** Undefined while the probe runs. */
  probe: EngineProbe | undefined;
  detectEngine(): Promise<void>;
};

export const createEngineSlice: StateCreator<Store, [], [], EngineSlice> = (set) => ({
  probe: undefined,
  detectEngine: async () => {
    const gpu = typeof navigator === 'undefined' ? undefined : navigator.gpu;
    set({ probe: await probeWebGpu(gpu) });
  },
});
