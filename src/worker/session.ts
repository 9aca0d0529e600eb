/**
 * One configured training run inside the worker: the data, the engine it trains on (WebGPU or CPU) and
 * the trainer; the recent states of the run (so a new GPU count resumes at a shown step); the hand-over
 * to another engine between two steps (CPU → WebGPU once its kernels compile), and the switch to the
 * CPU when WebGPU fails or its device is lost — resuming from the last snapshot, so the learner loses at
 * most a few steps and nothing else.
 */

import { datasetInfo, defaultModel, isDatasetId, type LoadedDataset, loadDataset } from '../data/registry';
import { MAX_BATCH, MAX_GPUS } from '../dp/chunk';
import { paramLayout } from '../nn/spec';
import type { EngineChoice, EngineInfo, EnginePreference } from '../train/createEngine';
import type { Dataset, Engine, EngineConfig } from '../train/engine';
import { createTrainer, type Trainer, type TrainerOptions } from '../train/trainer';
import { deriveSeed } from '../train/trainerSampler';
import type { RanWith, TrainingSettings } from './protocol';
import { captureRunState, type RunState, type StateLog, trainerAt } from './runState';

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

/** Everything a run needs before an engine: the settings checked, the data, the engine's config. */
export type RunPlan = {
  settings: TrainingSettings;
  data: LoadedDataset;
  config: EngineConfig;
  trainerOptions: Omit<TrainerOptions, 'engine'>;
  /** What each step report says it ran with. */
  ranWith: RanWith;
};

export type EngineChange = { from: EngineInfo; to: EngineInfo; reason: string; resumedStep: number };

/** What outlives a session for the next configuration to reuse: its data and its recent states. */
export type Lineage = {
  readonly settings: TrainingSettings;
  readonly data: LoadedDataset;
  /** The run's recent states (shared with the next session of the same trajectory). */
  readonly states: StateLog;
};

export type Session = Lineage & {
  readonly plan: RunPlan;
  readonly config: EngineConfig;
  readonly info: EngineInfo;
  readonly trainer: Trainer;
  /** Remember the state now (before a step the page will show). */
  remember(): Promise<RunState>;
  /** Move to a configured `engine`, carrying the state now over (between two steps). */
  handOver(engine: Engine, info: EngineInfo): Promise<EngineChange>;
  /** Move to the CPU engine from the last snapshot; resolves to what changed. */
  fallBack(reason: string, cpu: Engine): Promise<EngineChange>;
  /** Say something new about the same engine (e.g. why WebGPU will not take over after all). */
  relabel(info: EngineInfo): EngineChange;
  /** Stop listening to the engine (the host keeps the engines themselves). */
  detach(): void;
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
 * Check the settings and load the data (or reuse `data`, loaded for the same data settings).
 * @throws RangeError for settings out of range; Error when the data cannot be loaded.
 */
export async function planRun(
  settings: TrainingSettings,
  deps: Pick<SessionDeps, 'loadDigits'>,
  data?: LoadedDataset,
): Promise<RunPlan> {
  validate(settings);
  const info = datasetInfo(settings.dataset);
  const loaded =
    data ??
    (await loadDataset(
      {
        id: settings.dataset,
        seed: deriveSeed(settings.seed, DATA_SALT),
        ...(settings.classes === undefined ? {} : { classes: settings.classes }),
        ...(settings.noise === undefined ? {} : { noise: settings.noise }),
        ...(settings.points === undefined ? {} : { points: settings.points }),
      },
      () => deps.loadDigits(settings.digitsUrl ?? 'data/digits.bin'),
    ));
  const model = settings.model ?? defaultModel(info.id, loaded.train.classes);
  paramLayout(model);
  const { features, classes } = loaded.train;
  check(
    model.layers[0] === features && model.layers.at(-1) === classes,
    `the model must map ${features} inputs to ${classes} classes for ${info.label}, got ${model.layers.join('→')}`,
  );
  return {
    settings,
    data: loaded,
    config: {
      gpus: settings.gpus,
      mode: settings.mode ?? 'dp',
      model,
      optimizer: settings.optimizer,
      seed: settings.seed,
      dataset: loaded.train,
      maxBatch: Math.min(settings.batch, loaded.train.count),
    },
    trainerOptions: {
      train: loaded.train,
      test: loaded.test,
      batch: settings.batch,
      seed: settings.seed,
      lossEvery: settings.lossEvery ?? 1,
      accuracyEvery: settings.accuracyEvery ?? 20,
      snapshotEvery: settings.snapshotEvery ?? 25,
      lossPlacement: settings.lossPlacement,
    },
    ranWith: {
      gpus: settings.gpus,
      batch: settings.batch,
      dataset: settings.dataset,
      seed: settings.seed,
      model,
      optimizer: settings.optimizer,
      lossPlacement: settings.lossPlacement,
      mode: settings.mode ?? 'dp',
    },
  };
}

/**
 * A session over a configured `engine` whose trainer stands at `trainer`'s state. `onLost` hears when
 * the engine's GPU device is lost (the owner then calls `fallBack`).
 */
export function openSession(options: {
  plan: RunPlan;
  trainer: Trainer;
  info: EngineInfo;
  states: StateLog;
  onLost: (reason: string) => void;
}): Session {
  const { plan, states, onLost } = options;
  let trainer = options.trainer;
  let info = options.info;
  let unsubscribe = canBeLost(trainer.engine) ? trainer.engine.onLost(onLost) : () => {};
  const detach = (): void => {
    unsubscribe();
    unsubscribe = () => {};
  };
  const moveTo = async (engine: Engine, state: RunState): Promise<void> => {
    const next = await trainerAt({ ...plan.trainerOptions, engine }, state);
    detach();
    trainer = next;
    unsubscribe = canBeLost(engine) ? engine.onLost(onLost) : () => {};
  };

  return {
    plan,
    settings: plan.settings,
    data: plan.data,
    config: plan.config,
    states,
    get info() {
      return info;
    },
    get trainer() {
      return trainer;
    },
    async remember() {
      const state = await captureRunState(trainer);
      states.remember(state);
      return state;
    },
    async handOver(engine, to) {
      const from = info;
      const state = await captureRunState(trainer);
      await moveTo(engine, state);
      info = to;
      return { from, to, reason: to.reason ?? `${to.label} took over`, resumedStep: state.step };
    },
    async fallBack(reason, cpu) {
      const from = info;
      const snapshot = trainer.lastSnapshot();
      detach();
      await cpu.configure(plan.config);
      const next = await createTrainer({ ...plan.trainerOptions, engine: cpu });
      await next.restore(snapshot);
      trainer = next;
      info = { kind: cpu.kind, label: cpu.label, reason };
      return { from, to: info, reason, resumedStep: snapshot.step };
    },
    relabel(to) {
      const from = info;
      info = to;
      return { from, to, reason: to.reason ?? to.label, resumedStep: trainer.stepCount };
    },
    detach,
  };
}
