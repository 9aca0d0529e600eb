/**
 * The training loop over any `Engine` (CPU reference or WebGPU): seeded batches, the step counter,
 * loss read-back every K steps, accuracy on demand or every A steps, and divergence handling.
 *
 * Divergence: a learning rate that is too large drives the loss to NaN or ±Infinity. The trainer keeps
 * a snapshot of GPU 0's parameters (with the step and sampler position) at the start and every M
 * steps, and commits one only after the step that follows it produced a finite loss — so a snapshot
 * is a state known to train. When a read loss is not finite, or a snapshot's parameters are not, the
 * step is reported as diverged and the last snapshot is written back (optimizer state reset: it cannot
 * be read through `Engine`, and after a blow-up it is as poisoned as the weights).
 */
import type { Dataset, Engine, LossPlacement, StepDetail, StepResult } from './engine';
import { accuracyOf, allFinite } from './trainerMetrics';
import { type BatchSampler, createBatchSampler, deriveSeed, type SamplerState } from './trainerSampler';

/** Salt that separates the shuffle stream from the other uses of the run's seed. */
export const SHUFFLE_SALT = 0x5f1e;

export type TrainerOptions = {
  /** A configured engine whose data set is `train`. */
  engine: Engine;
  train: Dataset;
  /** Held-out rows scored by `evaluate` (the digits); omit for generated sets. */
  test?: Dataset | null;
  batch: number;
  /** Seeds the shuffling; the engine's own seed fixes the initial weights. */
  seed: number;
  /** Read the loss back every K steps (1 for a live chart; larger for a benchmark). Default 1. */
  lossEvery?: number;
  /** Take a snapshot every M steps. Default 25. */
  snapshotEvery?: number;
  /** Score accuracy after every A steps (0: only when `evaluate` is called). Default 0. */
  accuracyEvery?: number;
  lossPlacement?: LossPlacement;
  dropLast?: boolean;
  /** Clock for `wallMs`; defaults to `performance.now`. */
  now?: () => number;
  /**
   * Start at this snapshot (written into the engine, optimizer state reset) instead of at the engine's
   * initial parameters, which are then not read back.
   */
  from?: TrainerSnapshot;
};

/** A known-good state to return to: GPU 0's parameters after `step` steps, and where the batches stood. */
export type TrainerSnapshot = { step: number; sampler: SamplerState; params: Float32Array };

export type Accuracy = { step: number; train: number; test: number | null };

export type TrainerStep =
  | {
      kind: 'stepped';
      /** Steps completed, this one included. */
      step: number;
      /** Epoch this step's rows came from. */
      epoch: number;
      /** Rows in this step's batch (short at an epoch's end unless `dropLast`). */
      rows: number;
      /** Mean loss, on the steps that read it back. */
      loss?: number;
      /** Wall-clock time of the step in this context, read-back included. */
      wallMs: number;
      measuredMs?: StepResult['measuredMs'];
      detail?: StepDetail;
      /** Present on the steps that scored accuracy. */
      accuracy?: Accuracy;
    }
  | {
      kind: 'diverged';
      /** The step that produced the non-finite value. */
      step: number;
      /** The step the restored snapshot was taken at (now the trainer's step). */
      restoredStep: number;
      message: string;
    };

export type Trainer = {
  readonly engine: Engine;
  /** Steps completed. */
  readonly stepCount: number;
  readonly epoch: number;
  /** The rows the next step will train on (not consumed). */
  nextBatchRows(): Uint32Array;
  /** One DataParallel step. */
  step(): Promise<TrainerStep>;
  /** One step that also returns the per-replica values a view needs, following parameter `weight`. */
  stepDetailed(weight: number): Promise<TrainerStep>;
  /** Accuracy now on the training rows (and the test rows, when there are some). */
  evaluate(): Promise<Accuracy>;
  /** The last accuracy scored, or null before the first. */
  lastAccuracy(): Accuracy | null;
  /** The current state (reads the parameters back). */
  capture(): Promise<TrainerSnapshot>;
  /** Where the run stands now, without the parameters: steps completed and the batches' position. */
  position(): { step: number; sampler: SamplerState };
  /** The last snapshot known to train (never null: there is one from the start). */
  lastSnapshot(): TrainerSnapshot;
  /** Return to a snapshot: parameters, step and batch position (optimizer state reset). */
  restore(snapshot: TrainerSnapshot): Promise<void>;
};

function positiveInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

/** Mean of this many read losses decides whether training has run away. */
const EXPLOSION_WINDOW = 10;
/** Running away: the mean loss above this many times a uniform guess's ln(C). */
const EXPLOSION_FACTOR = 3;

/**
 * A trainer over a configured engine; reads the initial parameters as the first snapshot.
 * @throws RangeError for a bad batch or cadence; Error when the initial parameters are not finite.
 */
export async function createTrainer(options: TrainerOptions): Promise<Trainer> {
  const { engine, train, test = null, lossPlacement = 'gathered', now = () => performance.now() } = options;
  const batch = positiveInteger('batch', options.batch, 1);
  const lossEvery = positiveInteger('lossEvery', options.lossEvery ?? 1, 1);
  const snapshotEvery = positiveInteger('snapshotEvery', options.snapshotEvery ?? 25, 1);
  const accuracyEvery = positiveInteger('accuracyEvery', options.accuracyEvery ?? 0, 0);
  const sampler: BatchSampler = createBatchSampler({
    count: train.count,
    batch,
    seed: deriveSeed(options.seed, SHUFFLE_SALT),
    dropLast: options.dropLast ?? false,
  });

  let steps = 0;
  let snapshot: TrainerSnapshot;
  let accuracy: Accuracy | null = null;

  const restore = async (target: TrainerSnapshot): Promise<void> => {
    if (!allFinite(target.params)) throw new Error('cannot restore a snapshot whose weights are not finite');
    await engine.writeParams(target.params.slice(), true);
    sampler.restore(target.sampler);
    steps = target.step;
    snapshot = { ...target, params: target.params.slice() };
  };
  if (options.from === undefined) {
    const initial = await engine.readParams();
    if (!allFinite(initial)) throw new Error('the initial parameters are not finite numbers');
    snapshot = { step: 0, sampler: sampler.state(), params: initial };
  } else {
    snapshot = options.from;
    await restore(options.from);
  }

  // A loss can also run away without ever overflowing (ReLU nets with a huge step bounce between large
  // finite values), so a sustained loss far above a uniform guess's ln(C) counts as diverged too.
  const explosionLoss = EXPLOSION_FACTOR * Math.log(Math.max(2, train.classes));
  const recent: number[] = [];
  const exploded = (loss: number): boolean => {
    recent.push(loss);
    if (recent.length > EXPLOSION_WINDOW) recent.shift();
    return (
      recent.length === EXPLOSION_WINDOW &&
      recent.reduce((a, b) => a + b, 0) / EXPLOSION_WINDOW > explosionLoss
    );
  };

  const diverge = async (message: string): Promise<TrainerStep> => {
    recent.length = 0;
    const step = steps + 1;
    await restore(snapshot);
    return { kind: 'diverged', step, restoredStep: snapshot.step, message };
  };

  const evaluate = async (): Promise<Accuracy> => {
    const score = async (data: Dataset) => accuracyOf(await engine.predict(data.x, data.count), data);
    accuracy = { step: steps, train: await score(train), test: test ? await score(test) : null };
    return accuracy;
  };

  const run = async (weight: number | null): Promise<TrainerStep> => {
    const snapshotDue = steps % snapshotEvery === 0 && steps !== snapshot.step;
    const pending: TrainerSnapshot | null = snapshotDue
      ? { step: steps, sampler: sampler.state(), params: await engine.readParams() }
      : null;
    if (pending && !allFinite(pending.params)) {
      return diverge(
        `the weights became NaN or infinite before step ${steps + 1}: the learning rate is too large`,
      );
    }
    const epoch = sampler.state().epoch;
    const rows = sampler.next();
    const readLoss = weight !== null || pending !== null || (steps + 1) % lossEvery === 0;
    const started = now();
    const result = await engine.step({
      rows,
      readLoss,
      lossPlacement,
      ...(weight === null ? {} : { detail: { weight } }),
    });
    const wallMs = now() - started;
    const loss = result.loss ?? result.detail?.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      return diverge(
        `the loss became ${String(loss)} at step ${steps + 1}: the learning rate is too large for this model`,
      );
    }
    if (loss !== undefined && exploded(loss)) {
      return diverge(
        `the loss climbed to ${loss.toFixed(2)}, far above the ${Math.log(Math.max(2, train.classes)).toFixed(2)} of a uniform guess, and stayed there: the learning rate is too large for this model`,
      );
    }
    steps += 1;
    if (pending) snapshot = pending;
    const outcome: TrainerStep = { kind: 'stepped', step: steps, epoch, rows: rows.length, wallMs };
    if (loss !== undefined) outcome.loss = loss;
    if (result.measuredMs) outcome.measuredMs = result.measuredMs;
    if (result.detail && weight !== null) {
      // The optimizer step's result, for the stage's "w old → new": read back only on detailed steps.
      const after = (await engine.readParams())[weight];
      outcome.detail = after === undefined ? result.detail : { ...result.detail, weightAfter: after };
    }
    if (accuracyEvery > 0 && steps % accuracyEvery === 0) outcome.accuracy = await evaluate();
    return outcome;
  };

  return {
    engine,
    get stepCount() {
      return steps;
    },
    get epoch() {
      return sampler.state().epoch;
    },
    nextBatchRows: () => sampler.peek(),
    step: () => run(null),
    stepDetailed: async (weight) => run(positiveInteger('weight', weight, 0)),
    evaluate,
    lastAccuracy: () => accuracy,
    capture: async () => ({ step: steps, sampler: sampler.state(), params: await engine.readParams() }),
    position: () => ({ step: steps, sampler: sampler.state() }),
    lastSnapshot: () => ({ ...snapshot, params: snapshot.params.slice() }),
    restore,
  };
}
