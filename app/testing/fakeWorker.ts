/**
 * A training client whose answers the test hands out one by one, like a worker that takes its time:
 * each request waits in a list until the test resolves it, and streamed events are sent on demand.
 * Step reports carry the settings of the configuration that was current when the step was asked for,
 * as the real worker's do. Only tests import this file.
 */
import { paramLayout } from '../../src/nn/spec';
import type { EngineInfo } from '../../src/train/createEngine';
import type { Dataset } from '../../src/train/engine';
import type { ResponseTo, TrainingClient } from '../../src/worker/client';
import { TrainingError } from '../../src/worker/client';
import type { RanWith, StepReport, TrainingResponse, TrainingSettings } from '../../src/worker/protocol';

type Pending<T> = { resolve: (value: T) => void; reject: (error: Error) => void };

export const CPU: EngineInfo = { kind: 'cpu', label: 'CPU', reason: 'WebGPU unavailable: test' };

const TRAIN: Dataset = {
  x: new Float32Array(40 * 2),
  y: new Uint32Array(40),
  count: 40,
  features: 2,
  classes: 2,
};

function ranWithOf(settings: TrainingSettings): RanWith {
  if (!settings.model) throw new Error('the page always names the model');
  return {
    gpus: settings.gpus,
    batch: settings.batch,
    dataset: settings.dataset,
    seed: settings.seed,
    model: settings.model,
    optimizer: settings.optimizer,
    lossPlacement: settings.lossPlacement,
    mode: settings.mode ?? 'dp',
  };
}

/** A step report for `settings` (with detail shaped like the engine's, values made up). */
export function reportFor(step: number, settings: RanWith, loss = 1 / step): StepReport {
  const rows = Math.min(settings.batch, TRAIN.count);
  const per = Math.ceil(rows / settings.gpus);
  const chunkRows: number[][] = [];
  for (let start = 0; start < rows; start += per) {
    chunkRows.push(Array.from({ length: Math.min(per, rows - start) }, (_, i) => start + i));
  }
  const count = paramLayout(settings.model).count;
  return {
    step,
    epoch: 0,
    rows,
    loss,
    wallMs: 1,
    settings,
    detail: {
      chunkRows,
      outputs: chunkRows.map((r) => new Float32Array(r.length * 2)),
      gathered: new Float32Array(rows * 2),
      replicaGrads: chunkRows.map(() => 0.01),
      summedGrad: 0.01 * chunkRows.length,
      gradient: new Float32Array(count),
      replicaParams: chunkRows.map(() => new Float32Array(count)),
      loss,
    },
  };
}

export function fakeWorker() {
  const listeners = new Set<(message: TrainingResponse) => void>();
  const configures: (Pending<ResponseTo<'configure'>> & { settings: TrainingSettings; step?: number })[] = [];
  const steps: (Pending<ResponseTo<'step'>> & { settings: RanWith | null })[] = [];
  const runs: Pending<ResponseTo<'run'>>[] = [];
  let configured: RanWith | null = null;
  let workerStep = 0;
  let pauses = 0;

  const client: TrainingClient = {
    configure: (settings, step) =>
      new Promise((resolve, reject) => {
        configures.push({ resolve, reject, settings, ...(step === undefined ? {} : { step }) });
      }),
    step: () =>
      new Promise((resolve, reject) => {
        steps.push({ resolve, reject, settings: configured });
      }),
    run: () => new Promise((resolve, reject) => runs.push({ resolve, reject })),
    pause: async () => {
      pauses += 1;
      for (const run of runs.splice(0))
        run.resolve({ type: 'stopped', id: 0, step: workerStep, reason: 'paused' });
      return { type: 'paused', id: 0, step: workerStep };
    },
    snapshot: () => Promise.reject(new Error('not in this fake')),
    restore: () => Promise.reject(new Error('not in this fake')),
    evaluate: () => Promise.reject(new Error('not in this fake')),
    boundary: () => Promise.reject(new Error('not in this fake')),
    predict: () => Promise.reject(new Error('not in this fake')),
    compare: async ({ gpus } = {}) => ({
      gpus: gpus ?? configured?.gpus ?? 1,
      rows: 10,
      chunkSizes: [10],
      weight: 0,
      grad: { single: 0.1, gathered: 0.1, insideForward: 0.1 },
      maxAbsDiff: { gathered: 0, insideForward: 0 },
      loss: { single: 1, gathered: 1, insideForward: 1 },
    }),
    stats: () => Promise.reject(new Error('not in this fake')),
    dispose: async () => {},
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => {},
  };

  return {
    client,
    configures,
    steps,
    runs,
    get pauses() {
      return pauses;
    },
    /** The worker says something unasked (progress, replay, engine, fallback, …). */
    emit(message: TrainingResponse): void {
      if (message.type === 'progress') workerStep = message.reports.at(-1)?.step ?? workerStep;
      for (const listener of listeners) listener(message);
    },
    /** Answer configure `index` with ready (at the step it asked for, or `step`). */
    ready(index: number, options: { engine?: EngineInfo; step?: number } = {}): void {
      const request = configures[index];
      if (!request) throw new Error(`no configure #${index}`);
      configured = ranWithOf(request.settings);
      workerStep = options.step ?? request.step ?? workerStep;
      request.resolve({
        type: 'ready',
        id: 0,
        engine: options.engine ?? CPU,
        model: configured.model,
        paramCount: paramLayout(configured.model).count,
        train: TRAIN,
        test: null,
        step: workerStep,
        reuse: { kind: 'restored', from: workerStep },
      });
    },
    /** Configure `index` gives up, as the worker's does when a newer one arrived. */
    supersede(index: number): void {
      configures[index]?.reject(new TrainingError('a newer configuration replaced this one', true));
    },
    /** Answer step `index` with the next step, run with the settings current when it was asked. */
    step(index: number, loss?: number): void {
      const request = steps[index];
      if (!request?.settings) throw new Error(`no step #${index} after a configuration`);
      workerStep += 1;
      request.resolve({ type: 'stepped', id: 0, report: reportFor(workerStep, request.settings, loss) });
    },
    diverge(index: number, restoredStep: number): void {
      steps[index]?.resolve({
        type: 'diverged',
        id: 0,
        step: workerStep + 1,
        restoredStep,
        message: 'the loss became NaN: the learning rate is too large.',
      });
      workerStep = restoredStep;
    },
  };
}
