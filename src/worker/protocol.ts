/**
 * The typed messages between the page and the training worker.
 *
 * Every request carries an `id` and gets exactly one terminal response with that id (`ready`,
 * `stepped`, `diverged`, `stopped`, `paused`, `snapshot`, `restored`, `evaluated`, `boundary`,
 * `predicted`, `compared`, `stats`, `disposed` or `error`). Streamed events — `progress` while running or
 * replaying, `replay` while a configure replays, `engine` when WebGPU takes over from the CPU, and
 * `diverged`, `fallback` or `error` that happen during a run — carry `id: null`. Everything here survives
 * structured cloning (typed arrays, plain objects; no functions or classes).
 */
import type { DatasetId } from '../data/registry';
import type { ModelSpec, OptimizerSpec } from '../nn/spec';
import type { EngineInfo, EnginePreference } from '../train/createEngine';
import type { Dataset, EngineStats, LossPlacement, ParallelMode } from '../train/engine';
import type { Accuracy, TrainerSnapshot, TrainerStep } from '../train/trainer';

/** What the page asks the worker to train. */
export type TrainingSettings = {
  /** Logical GPUs, 1..8. */
  gpus: number;
  /** Global batch size (split across the GPUs by `torch.chunk`'s rule). */
  batch: number;
  dataset: DatasetId;
  /** Classes for the generated sets that allow 2–4; the data set's default otherwise. */
  classes?: number;
  /** Noise (gaussian std) for the generated sets. */
  noise?: number;
  /** Points to generate (generated sets). */
  points?: number;
  /** Fixes the data, the initial weights and the shuffling. */
  seed: number;
  /** Defaults to the data set's default model. */
  model?: ModelSpec;
  optimizer: OptimizerSpec;
  lossPlacement: LossPlacement;
  /** DataParallel (default) or DistributedDataParallel on the same GPUs, data and batch. */
  mode?: ParallelMode;
  /** Read the loss back every K steps while running (default 1: a live chart). */
  lossEvery?: number;
  /** Score accuracy every A steps while running (default 20; 0 = only on `evaluate`). */
  accuracyEvery?: number;
  /** Snapshot the weights every M steps (default 25); divergence and device loss return to one. */
  snapshotEvery?: number;
  /** Which engine to use (default `auto`: WebGPU when it works, else the CPU). */
  engine?: EnginePreference;
  /** Absolute URL of `digits.bin` (the client fills it in from the page's address). */
  digitsUrl?: string;
};

/**
 * The settings a step ran with, carried by its report: the page draws a step with these, never with
 * its current settings (which may already have moved on).
 */
export type RanWith = {
  gpus: number;
  batch: number;
  dataset: DatasetId;
  seed: number;
  model: ModelSpec;
  optimizer: OptimizerSpec;
  lossPlacement: LossPlacement;
  mode: ParallelMode;
};

/** One finished training step as the page sees it. */
export type StepReport = Omit<Extract<TrainerStep, { kind: 'stepped' }>, 'kind'> & { settings: RanWith };

/**
 * How a `configure` reached its step: `restored` a state the worker held (e.g. the shown step, when only
 * the GPU count changed), or `replayed` the steps from step `from` (0: from the seed).
 */
export type ConfigureReuse = { kind: 'restored' | 'replayed'; from: number };

/** A 1-GPU vs N-GPU comparison of one step's gradient, from the same weights and rows. */
export type Comparison = {
  gpus: number;
  /** Rows in the compared batch and their `torch.chunk` split. */
  rows: number;
  chunkSizes: number[];
  /** The followed parameter. */
  weight: number;
  /** Its gradient on 1 GPU, on N GPUs (gathered loss), and on N GPUs with the loss inside forward. */
  grad: { single: number; gathered: number; insideForward: number };
  /** Largest |gradient difference| over all parameters, N GPUs vs 1 GPU. */
  maxAbsDiff: { gathered: number; insideForward: number };
  /** The batch's mean loss computed both ways on N GPUs. */
  loss: { single: number; gathered: number; insideForward: number };
};

/** What the page sends; `id` pairs each request with its one terminal response. */
export type TrainingRequest =
  /**
   * Bring the run to `step` completed steps for these settings, reusing what it can (omitted: the step
   * the run is at when only the GPU count changes, else 0).
   */
  | { id: number; type: 'configure'; settings: TrainingSettings; step?: number }
  /** One step; `detail` returns the per-replica values a view needs, following parameter `weight`. */
  | { id: number; type: 'step'; detail?: { weight: number } }
  /** Train until paused (or `maxSteps` more steps), at most `stepsPerSecond` (omit: as fast as it can). */
  | { id: number; type: 'run'; stepsPerSecond?: number; maxSteps?: number }
  | { id: number; type: 'pause' }
  | { id: number; type: 'snapshot' }
  | { id: number; type: 'restore'; snapshot: TrainerSnapshot }
  | { id: number; type: 'evaluate' }
  /** Class probabilities on a `resolution × resolution` grid over the planar extent (2-D sets). */
  | { id: number; type: 'boundary'; resolution: number }
  /** The predicted class of each of these training rows with the current weights (the digits view). */
  | { id: number; type: 'predict'; rows: number[] }
  /** Gradients of the next batch on 1 GPU vs `gpus` GPUs (default: the configured count). */
  | { id: number; type: 'compare'; gpus?: number; weight?: number }
  /** The running engine's counters (e.g. pipelines compiled), for the benchmark. */
  | { id: number; type: 'stats' }
  | { id: number; type: 'dispose' };

/** Why a `run` ended. */
export type RunStopReason = 'paused' | 'max-steps' | 'diverged' | 'error' | 'reconfigured' | 'disposed';

/** What the worker sends: terminal responses (`id` of the request) and streamed events (`id: null`). */
export type TrainingResponse =
  | {
      type: 'ready';
      id: number;
      engine: EngineInfo;
      model: ModelSpec;
      paramCount: number;
      /** The rows being trained on (and held out), so the page can draw them. */
      train: Dataset;
      test: Dataset | null;
      step: number;
      reuse: ConfigureReuse;
    }
  | { type: 'stepped'; id: number; report: StepReport }
  /** Steps finished since the last message while running (at most ~30 messages a second). */
  | { type: 'progress'; id: null; reports: StepReport[] }
  | { type: 'diverged'; id: number | null; step: number; restoredStep: number; message: string }
  /** The end of a `run`. */
  | { type: 'stopped'; id: number; step: number; reason: RunStopReason }
  | { type: 'paused'; id: number; step: number }
  | { type: 'snapshot'; id: number; snapshot: TrainerSnapshot }
  | { type: 'restored'; id: number; step: number }
  | { type: 'evaluated'; id: number; accuracy: Accuracy }
  | {
      type: 'boundary';
      id: number;
      resolution: number;
      /** The grid spans [-extent, extent] on both axes; row 0 is the top (largest y). */
      extent: number;
      classes: number;
      /** `resolution² × classes`, row-major from the top-left cell. */
      probabilities: Float32Array;
      step: number;
    }
  /** `predicted[i]` is row `rows[i]`'s most probable class after `step` steps. */
  | { type: 'predicted'; id: number; step: number; rows: number[]; predicted: Uint32Array }
  | { type: 'compared'; id: number; comparison: Comparison }
  | { type: 'stats'; id: number; engine: EngineInfo; stats: EngineStats }
  /** A `configure` replaying steps: `done` of `total` steps completed. */
  | { type: 'replay'; id: null; done: number; total: number }
  /** The engine changed between two steps with nothing lost (the CPU hands over to WebGPU). */
  | { type: 'engine'; id: null; from: EngineInfo; to: EngineInfo; reason: string; resumedStep: number }
  /** The engine changed under a run (WebGPU failed or its device was lost): training resumed on `to`. */
  | { type: 'fallback'; id: null; from: EngineInfo; to: EngineInfo; reason: string; resumedStep: number }
  | { type: 'disposed'; id: number }
  /** `recoverable`: the worker still holds a usable configuration (a bad request, not a broken run). */
  | { type: 'error'; id: number | null; message: string; recoverable: boolean };

const REQUEST_TYPES: ReadonlySet<string> = new Set<TrainingRequest['type']>([
  'configure',
  'step',
  'run',
  'pause',
  'snapshot',
  'restore',
  'evaluate',
  'boundary',
  'predict',
  'compare',
  'stats',
  'dispose',
]);

/** Whether a received value has the shape of a request (its type and a numeric id). */
export function isTrainingRequest(value: unknown): value is TrainingRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { id, type } = value as { id?: unknown; type?: unknown };
  return typeof id === 'number' && typeof type === 'string' && REQUEST_TYPES.has(type);
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
