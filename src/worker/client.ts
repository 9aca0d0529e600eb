/**
 * The main thread's handle on the training worker: typed requests that resolve with their response,
 * a subscription to everything the worker says (streamed progress included), and `terminate`.
 * Nothing here waits on training synchronously — every call returns a promise.
 */
import type { Accuracy, TrainerSnapshot } from '../train/trainer';
import type { Comparison, TrainingRequest, TrainingResponse, TrainingSettings } from './protocol';

/** The part of `Worker` the client uses (tests pass a fake). */
export type WorkerLike = {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
};

/** The response that ends each kind of request. */
type Terminal = {
  configure: 'ready';
  step: 'stepped' | 'diverged';
  run: 'stopped';
  pause: 'paused';
  snapshot: 'snapshot';
  restore: 'restored';
  evaluate: 'evaluated';
  boundary: 'boundary';
  predict: 'predicted';
  compare: 'compared';
  stats: 'stats';
  dispose: 'disposed';
};
type RequestType = TrainingRequest['type'];
export type ResponseTo<K extends RequestType> = Extract<TrainingResponse, { type: Terminal[K] }>;
type Body<K extends RequestType> = Omit<Extract<TrainingRequest, { type: K }>, 'id'>;

/** A request the worker refused or failed; `recoverable` tells whether the configuration still stands. */
export class TrainingError extends Error {
  readonly recoverable: boolean;
  constructor(message: string, recoverable: boolean) {
    super(message);
    this.name = 'TrainingError';
    this.recoverable = recoverable;
  }
}

export type TrainingClient = {
  /** Bring the run to `step` completed steps (default 0) for `settings`, reusing what the worker can. */
  configure(settings: TrainingSettings, step?: number): Promise<ResponseTo<'configure'>>;
  /** One step; resolves to `stepped`, or to `diverged` when the loss blew up (weights restored). */
  step(detail?: { weight: number }): Promise<ResponseTo<'step'>>;
  /** Start training; resolves when the run stops (Pause, max steps, divergence, an error). */
  run(options?: { stepsPerSecond?: number; maxSteps?: number }): Promise<ResponseTo<'run'>>;
  pause(): Promise<ResponseTo<'pause'>>;
  snapshot(): Promise<TrainerSnapshot>;
  /** Return to a snapshot; resolves to the step it restored. */
  restore(snapshot: TrainerSnapshot): Promise<number>;
  evaluate(): Promise<Accuracy>;
  boundary(resolution: number): Promise<ResponseTo<'boundary'>>;
  /** The predicted class of each of these training rows with the current weights, and the step. */
  predict(rows: number[]): Promise<ResponseTo<'predict'>>;
  compare(options?: { gpus?: number; weight?: number }): Promise<Comparison>;
  /** The running engine and its counters. */
  stats(): Promise<ResponseTo<'stats'>>;
  dispose(): Promise<void>;
  /** Hear every message (responses and streamed events); returns the unsubscribe. */
  subscribe(listener: (message: TrainingResponse) => void): () => void;
  /** Stop the worker at once; pending requests reject. */
  terminate(): void;
};

export type TrainingClientOptions = {
  /** Where `digits.bin` is served; default `data/digits.bin` beside the page. */
  digitsUrl?: string;
  createWorker?: () => WorkerLike;
};

function defaultDigitsUrl(): string {
  const page = globalThis.location?.href;
  return page === undefined ? 'data/digits.bin' : new URL('data/digits.bin', page).href;
}

/** Spawn the training worker and wrap it. */
export function createTrainingClient(options: TrainingClientOptions = {}): TrainingClient {
  const worker: WorkerLike =
    options.createWorker?.() ??
    new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' });
  const digitsUrl = options.digitsUrl ?? defaultDigitsUrl();
  const listeners = new Set<(message: TrainingResponse) => void>();
  const pending = new Map<number, { resolve: (m: TrainingResponse) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let closed: Error | null = null;

  const failAll = (error: Error): void => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };

  worker.addEventListener('message', (event) => {
    const message = event.data as TrainingResponse;
    for (const listener of listeners) listener(message);
    if (message.id === null) return;
    const waiter = pending.get(message.id);
    if (waiter === undefined) return;
    pending.delete(message.id);
    if (message.type === 'error') waiter.reject(new TrainingError(message.message, message.recoverable));
    else waiter.resolve(message);
  });
  worker.addEventListener('error', (event) => {
    const message = `the training worker failed: ${event.message || 'it could not start'}`;
    for (const listener of listeners) listener({ type: 'error', id: null, message, recoverable: false });
    failAll(new TrainingError(message, false));
  });

  const request = <K extends RequestType>(body: Body<K>): Promise<ResponseTo<K>> => {
    if (closed) return Promise.reject(closed);
    const id = nextId++;
    return new Promise<ResponseTo<K>>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (m: TrainingResponse) => void, reject });
      worker.postMessage({ ...body, id }, []);
    });
  };

  return {
    configure: (settings, step) =>
      request<'configure'>({
        type: 'configure',
        settings: { digitsUrl, ...settings },
        ...(step === undefined ? {} : { step }),
      }),
    step: (detail) => request<'step'>(detail === undefined ? { type: 'step' } : { type: 'step', detail }),
    run: (runOptions = {}) => request<'run'>({ type: 'run', ...runOptions }),
    pause: () => request<'pause'>({ type: 'pause' }),
    snapshot: async () => (await request<'snapshot'>({ type: 'snapshot' })).snapshot,
    restore: async (snapshot) => (await request<'restore'>({ type: 'restore', snapshot })).step,
    evaluate: async () => (await request<'evaluate'>({ type: 'evaluate' })).accuracy,
    boundary: (resolution) => request<'boundary'>({ type: 'boundary', resolution }),
    predict: (rows) => request<'predict'>({ type: 'predict', rows }),
    compare: async (compareOptions = {}) =>
      (await request<'compare'>({ type: 'compare', ...compareOptions })).comparison,
    stats: () => request<'stats'>({ type: 'stats' }),
    dispose: async () => {
      await request<'dispose'>({ type: 'dispose' });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate() {
      closed ??= new TrainingError('the training worker was terminated', false);
      failAll(closed);
      listeners.clear();
      worker.terminate();
    },
  };
}
