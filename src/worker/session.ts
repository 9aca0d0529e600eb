/**
 * One configured training run inside the worker: the data, the engine (WebGPU or CPU) and the trainer,
 * and the switch to the CPU engine when WebGPU fails or its device is lost — resuming from the last
 * snapshot, so the learner loses at most a few steps and nothing else.
 */

import { datasetInfo, defaultModel, isDatasetId, type LoadedDataset, loadDataset } from '../data/registry';
import { MAX_BATCH, MAX_GPUS } from '../dp/chunk';
import { paramLayout } from '../nn/spec';
import type { EngineChoice, EngineInfo, EnginePreference } from '../train/createEngine';
import type { Dataset, Engine, EngineConfig } from '../train/engine';
import { createTrainer, type Trainer, type TrainerOptions } from '../train/trainer';
import { deriveSeed } from '../train/trainerSampler';
import type { TrainingSettings } from './protocol';

/** Salt separating the data's random stream from the weights' and the shuffle's. */
const DATA_SALT = 0xda7a;

export type SessionDeps = {
  /** The preferred engine, or the CPU with the reason (see `createEngine`). */
  createEngine: (prefer: EnginePreference) => Promise<EngineChoice>;
  /** A CPU engine, for the fallback. */
  createCpuEngine: () => Promise<Engine>;
  loadDigits: (url: string) => Promise<Dataset>;
  /** A fresh engine like the running one (see `spawnSibling`). */
  spawnSibling: (engine: Engine) => Promise<Engine>;
};

/** Engines that can report a lost device (the WebGPU engine's `onLost`). */
type LosableEngine = Engine & { onLost(callback: (reason: string) => void): () => void };

function canBeLost(engine: Engine): engine is LosableEngine {
  return typeof (engine as Partial<LosableEngine>).onLost === 'function';
}

export type Session = {
  readonly settings: TrainingSettings;
  readonly data: LoadedDataset;
  readonly config: EngineConfig;
  readonly info: EngineInfo;
  readonly trainer: Trainer;
  /** A new, unconfigured engine of the running kind (for side computations such as comparisons). */
  spawnEngine(): Promise<Engine>;
  /** Move to the CPU engine from the last snapshot; resolves to what changed. */
  fallBack(
    reason: string,
  ): Promise<{ from: EngineInfo; to: EngineInfo; reason: string; resumedStep: number }>;
  destroy(): void;
};

function check(condition: boolean, message: string): void {
  if (!condition) throw new RangeError(message);
}

function validate(settings: TrainingSettings): void {
  const { gpus, batch, seed, optimizer, dataset } = settings;
  check(isDatasetId(dataset), `unknown data set "${String(dataset)}"`);
  check(Number.isInteger(gpus) && gpus >= 1 && gpus <= MAX_GPUS, `GPUs must be 1–${MAX_GPUS}, got ${gpus}`);
  check(
    Number.isInteger(batch) && batch >= 1 && batch <= MAX_BATCH,
    `batch must be 1–${MAX_BATCH}, got ${batch}`,
  );
  check(Number.isInteger(seed), `the seed must be an integer, got ${seed}`);
  check(
    Number.isFinite(optimizer.lr) && optimizer.lr > 0,
    `the learning rate must be > 0, got ${optimizer.lr}`,
  );
}

/**
 * Load the data, create and configure the engine, and start a trainer. `onLost` hears when the
 * engine's GPU device is lost (the owner then calls `fallBack`).
 * @throws RangeError for settings out of range; Error when the data cannot be loaded.
 */
export async function openSession(
  settings: TrainingSettings,
  deps: SessionDeps,
  onLost: (reason: string) => void = () => {},
): Promise<Session> {
  validate(settings);
  const info = datasetInfo(settings.dataset);
  const data = await loadDataset(
    {
      id: settings.dataset,
      seed: deriveSeed(settings.seed, DATA_SALT),
      ...(settings.classes === undefined ? {} : { classes: settings.classes }),
      ...(settings.noise === undefined ? {} : { noise: settings.noise }),
      ...(settings.points === undefined ? {} : { points: settings.points }),
    },
    () => deps.loadDigits(settings.digitsUrl ?? 'data/digits.bin'),
  );
  const model = settings.model ?? defaultModel(info.id, data.train.classes);
  paramLayout(model);
  const { features, classes } = data.train;
  check(
    model.layers[0] === features && model.layers.at(-1) === classes,
    `the model must map ${features} inputs to ${classes} classes for ${info.label}, got ${model.layers.join('→')}`,
  );
  const config: EngineConfig = {
    gpus: settings.gpus,
    mode: settings.mode ?? 'dp',
    model,
    optimizer: settings.optimizer,
    seed: settings.seed,
    dataset: data.train,
    maxBatch: Math.min(settings.batch, data.train.count),
  };
  const trainerOptions: Omit<TrainerOptions, 'engine'> = {
    train: data.train,
    test: data.test,
    batch: settings.batch,
    seed: settings.seed,
    lossEvery: settings.lossEvery ?? 1,
    accuracyEvery: settings.accuracyEvery ?? 20,
    snapshotEvery: settings.snapshotEvery ?? 25,
    lossPlacement: settings.lossPlacement,
  };

  let choice = await deps.createEngine(settings.engine ?? 'auto');
  try {
    await choice.engine.configure(config);
  } catch (error) {
    if (choice.info.kind === 'cpu') throw error;
    choice.engine.destroy();
    const cpu = await deps.createCpuEngine();
    const reason = `WebGPU failed to set up this model: ${error instanceof Error ? error.message : String(error)}`;
    choice = { engine: cpu, info: { kind: cpu.kind, label: cpu.label, reason } };
    await cpu.configure(config);
  }
  let engineInfo = choice.info;
  let trainer = await createTrainer({ ...trainerOptions, engine: choice.engine });
  let unsubscribe = canBeLost(choice.engine) ? choice.engine.onLost(onLost) : () => {};
  const release = (): void => {
    unsubscribe();
    unsubscribe = () => {};
    try {
      trainer.engine.destroy();
    } catch {
      // A lost device may fail to free its buffers; they are gone with it anyway.
    }
  };

  return {
    settings,
    data,
    config,
    get info() {
      return engineInfo;
    },
    get trainer() {
      return trainer;
    },
    spawnEngine: () => deps.spawnSibling(trainer.engine),
    async fallBack(reason) {
      const from = engineInfo;
      const snapshot = trainer.lastSnapshot();
      release();
      const cpu = await deps.createCpuEngine();
      await cpu.configure(config);
      trainer = await createTrainer({ ...trainerOptions, engine: cpu });
      await trainer.restore(snapshot);
      engineInfo = { kind: cpu.kind, label: cpu.label, reason };
      return { from, to: engineInfo, reason, resumedStep: snapshot.step };
    },
    destroy: release,
  };
}
