/**
 * A run's whole state at a step — the step, where the batches stand, the weights and the optimizer's
 * state — so another engine, or the same engine cut into another number of GPUs, continues the very
 * same run. DataParallel's gradient is the full batch's whatever the split, so the GPU count is not part
 * of a run's trajectory: the state after k steps serves every count.
 */
import type { EngineState } from '../train/engine';
import { createTrainer, type Trainer, type TrainerOptions } from '../train/trainer';
import type { SamplerState } from '../train/trainerSampler';
import type { TrainingSettings } from './protocol';

export type RunState = {
  /** Steps completed. */
  step: number;
  sampler: SamplerState;
  engine: EngineState;
};

/** The trainer's state now (one read-back: the engine's state holds the parameters). */
export async function captureRunState(trainer: Trainer): Promise<RunState> {
  const { step, sampler } = trainer.position();
  return { step, sampler, engine: await trainer.engine.readState() };
}

/** Put `trainer` (on any engine configured for the same model and optimizer) at `state`. */
export async function restoreRunState(trainer: Trainer, state: RunState): Promise<void> {
  await trainer.restore({ step: state.step, sampler: state.sampler, params: state.engine.params });
  await trainer.engine.writeState(state.engine);
}

/** A trainer over a configured engine, at `state` (nothing read back from the engine). */
export async function trainerAt(options: Omit<TrainerOptions, 'from'>, state: RunState): Promise<Trainer> {
  const from = { step: state.step, sampler: state.sampler, params: state.engine.params };
  const trainer = await createTrainer({ ...options, from });
  await trainer.engine.writeState(state.engine);
  return trainer;
}

/** Settings that decide the data (two settings with the same key train on the same rows). */
export function dataKey(settings: TrainingSettings): string {
  const { dataset, classes, noise, points, seed, digitsUrl } = settings;
  return JSON.stringify([dataset, classes, noise, points, seed, digitsUrl]);
}

/**
 * Settings that decide the weights after each step: the data, the model, the optimizer, the batch, the
 * seed and where the loss is taken — not the GPU count, nor how often the page reads the loss.
 */
export function trajectoryKey(settings: TrainingSettings): string {
  const { model, optimizer, batch, lossPlacement } = settings;
  // DDP's trajectory depends on the GPU count too (each rank averages its own chunk's mean).
  const mode = settings.mode ?? 'dp';
  const ranks = mode === 'ddp' ? settings.gpus : null;
  return JSON.stringify([dataKey(settings), model, optimizer, batch, lossPlacement, mode, ranks]);
}

/** States of one trajectory, newest last, at most `limit` (the steps the page showed recently). */
export type StateLog = {
  readonly key: string;
  remember(state: RunState): void;
  /** The newest state at `step`, or else the newest before it (to continue from), or undefined. */
  nearest(step: number): RunState | undefined;
};

export function createStateLog(key: string, limit = 32): StateLog {
  const states: RunState[] = [];
  return {
    key,
    remember(state) {
      const same = states.findIndex((s) => s.step === state.step);
      if (same >= 0) states.splice(same, 1);
      states.push(state);
      if (states.length > limit) states.shift();
    },
    nearest(step) {
      let best: RunState | undefined;
      for (const state of states) {
        if (state.step <= step && (best === undefined || state.step >= best.step)) best = state;
      }
      return best;
    },
  };
}
