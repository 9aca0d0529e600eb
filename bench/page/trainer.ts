/**
 * The little each engine has to provide for the benchmark protocol (`measure.ts`): a training step on
 * one of the shared batches, and what it can tell about its own work.
 */
import type { BenchConfig } from './configs';
import type { BenchData } from './data';

export type Trainer = {
  readonly label: string;
  /**
   * One plain-SGD step on `data.batches[batch]`. Resolves once the step is queued — or, with
   * `readLoss`, once it has finished and its mean loss is back in JavaScript.
   */
  step(batch: number, readLoss: boolean): Promise<number | undefined>;
  /**
   * The final step (with its loss), plus the work per step the engine itself reports — ours from
   * `stats()`, TF.js's CPU backend by profiling this step's kernels. Null where there is nothing to ask.
   */
  finalStep(batch: number): Promise<{ loss: number; dispatches: number | null; submits: number | null }>;
  /**
   * Resolves once the engine runs its steady-state code (ours compiles fast-starting kernels first and
   * swaps in the fast ones in the background); steady state is timed only after it.
   */
  settle?(): Promise<void>;
  destroy(): void;
};

/** Everything an engine is built from: the same config, data and initial weights for all of them. */
export type TrainerSetup = {
  config: BenchConfig;
  data: BenchData;
  /** `initParams(config.model, config.seed)` in the flat layout of `paramLayout`. */
  init: Float32Array;
  gpus: number;
  mode: 'dp' | 'ddp';
};
