/**
 * The two workloads of issue 4, identical for every engine: model, initial-weight seed, learning rate
 * (plain SGD), batch and data.
 */
import type { ModelSpec } from '../../src/nn/spec';
import type { ConfigName } from './protocol';

export type BenchConfig = {
  name: ConfigName;
  model: ModelSpec;
  lr: number;
  batch: number;
  /** Seeds the initial weights (via `initParams`) and the order rows are cut into batches. */
  seed: number;
};

export const CONFIGS: Record<ConfigName, BenchConfig> = {
  toy: { name: 'toy', model: { layers: [2, 16, 16, 2], activation: 'relu' }, lr: 0.1, batch: 1024, seed: 7 },
  digits: {
    name: 'digits',
    model: { layers: [64, 64, 10], activation: 'relu' },
    lr: 0.1,
    batch: 512,
    seed: 11,
  },
};
