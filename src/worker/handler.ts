/**
 * The worker's brain as a plain object: it receives requests, owns the engines (for the worker's life)
 * and the session (data, trainer, recent states) and posts responses. `training.worker.ts` only wires
 * it to `self`; tests drive it directly in Node.
 *
 * Requests that touch the engine run one at a time (a promise queue), and a run takes the queue one
 * step at a time, so a Step, Snapshot or Compare sent during a run slots in between two steps — and so
 * does WebGPU taking over from the CPU once its kernels compile. Pause and Configure act at once: they
 * stop the run and wait for its last step to finish; a Configure still waiting (or replaying) when a
 * newer one arrives gives up, so a burst of changes ends in exactly the last one.
 */
import { PLANAR_EXTENT } from '../data/registry';
import { paramLayout } from '../nn/spec';
import type { TrainerStep } from '../train/trainer';
import { boundaryGrid } from './boundary';
import { compareGradients } from './compare';
import { type Configured, configureRun, reportOf, Superseded } from './configureRun';
import { createEngineHost, type EngineHost } from './engineHost';
import { predictRows } from './predictRows';
import {
  errorMessage,
  isTrainingRequest,
  type RunStopReason,
  type StepReport,
  type TrainingRequest,
  type TrainingResponse,
} from './protocol';
import { runLoop } from './runLoop';
import type { EngineChange, Lineage, Session, SessionDeps } from './session';

/** How long after a loss before asking for a new device. */
const LOST_SETTLE_MS = 50;

export type HandlerDeps = SessionDeps & {
  post: (message: TrainingResponse, transfer?: Transferable[]) => void;
  /** Clock for pacing and batching (performance.now in the worker). */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Let queued messages be delivered (between steps of a run). */
  yieldToEvents: () => Promise<void>;
  flushMs?: number;
  /** How long a configure waits for WebGPU before the CPU stands in (default 30 ms). */
  gpuGraceMs?: number;
  /**
   * After WebGPU fails or loses its device, ask for a new device in the background and hand the run
   * back to WebGPU when it is ready (the worker does; tests of the plain fallback do not).
   */
  reacquireAfterLoss?: boolean;
};

export type TrainingHandler = {
  /** Handle one received message; resolves when it is answered (for `run`: when the run ends). */
  handle(message: unknown): Promise<void>;
};

function diverged(outcome: Extract<TrainerStep, { kind: 'diverged' }>, id: number | null): TrainingResponse {
  return {
    type: 'diverged',
    id,
    step: outcome.step,
    restoredStep: outcome.restoredStep,
    message: outcome.message,
  };
}

/**
 * The request handler behind the worker. Never throws: every failure becomes an `error` response (or
 * event), with `recoverable` telling whether a configuration still stands.
 */
export function createTrainingHandler(deps: HandlerDeps): TrainingHandler {
  const { post } = deps;
  let session: Session | null = null;
  /** The last session's data and states, kept when a configure fails or gives up. */
  let lineage: Lineage | null = null;
  let host: EngineHost | null = null;
  const engines = (): EngineHost => {
    host ??= createEngineHost(deps);
    return host;
  };
  /** Configure requests received; a configure gives up when it is no longer the last. */
  let configures = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let running: { stop: RunStopReason | null; finished: Promise<void> } | null = null;

  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  };
  const current = (): Session => {
    if (session === null) throw new Error('the worker has no configuration yet: send configure first');
    return session;
  };
  const stopRun = async (reason: RunStopReason): Promise<void> => {
    if (running === null) return;
    running.stop ??= reason;
    await running.finished;
  };

  /**
   * Move `s` to the CPU engine from its last snapshot; a new device is then asked for (here, when
   * `reacquireAfterLoss`, or by the next configure), and WebGPU takes the run back when it is ready.
   */
  const fallBack = async (s: Session, reason: string): Promise<EngineChange> => {
    const change = await s.fallBack(reason, await engines().cpu());
    engines().dropGpu(reason);
    if (deps.reacquireAfterLoss) queueMicrotask(() => void reacquire(s));
    return change;
  };

  /** A new device for a session that lost its own: configure WebGPU anew and hand the run back to it. */
  const reacquire = async (s: Session): Promise<void> => {
    // Let the lost device's own `lost` callbacks run first (they forget it), so a new one is asked for.
    await deps.sleep(LOST_SETTLE_MS);
    try {
      const choice = await engines().choose(s.settings.engine ?? 'auto');
      if (session !== s || choice.engine.kind !== 'webgpu') return;
      const ready = engines()
        .configureGpu(choice.engine, s.config)
        .then(() => choice.engine);
      awaitGpu(s, {
        ready,
        info: { ...choice.info, reason: 'a new GPU device, after the last one was lost' },
      });
    } catch {
      // No new device: the CPU goes on, as the badge says.
    }
  };

  /** The GPU device went away: move to the CPU between two steps (a step in flight falls back itself). */
  const deviceLost = (reason: string): void => {
    exclusive(async () => {
      const s = session;
      if (s === null || s.info.kind !== 'webgpu') return;
      post({ type: 'fallback', id: null, ...(await fallBack(s, `the GPU device was lost: ${reason}`)) });
    }).catch((error: unknown) => {
      post({ type: 'error', id: null, message: errorMessage(error), recoverable: false });
    });
  };

  /** When WebGPU finishes compiling, it takes over from the standing-in CPU between two steps. */
  const awaitGpu = (s: Session, pending: NonNullable<Configured['pendingGpu']>): void => {
    pending.ready
      .then(
        (engine) =>
          exclusive(async () => {
            if (session !== s) return;
            post({ type: 'engine', id: null, ...(await s.handOver(engine, pending.info)) });
          }),
        (error: unknown) =>
          exclusive(async () => {
            if (session !== s) return;
            const reason = `WebGPU failed to set up this model: ${errorMessage(error)}`;
            post({ type: 'engine', id: null, ...s.relabel({ ...s.info, reason, standIn: false }) });
          }),
      )
      .catch((error: unknown) => {
        if (session === s) post({ type: 'error', id: null, message: errorMessage(error), recoverable: true });
      });
  };

  /** One step; a WebGPU failure moves the run to the CPU (from the last snapshot) and steps there. */
  const stepOnce = async (weight: number | null): Promise<TrainerStep> => {
    const s = current();
    const attempt = () => (weight === null ? s.trainer.step() : s.trainer.stepDetailed(weight));
    try {
      return await attempt();
    } catch (error) {
      if (s.info.kind !== 'webgpu' || error instanceof RangeError) throw error;
      // A device lost mid-step surfaces as whatever call was waiting on it (often `mapAsync`): say so plainly.
      const message = errorMessage(error);
      const reason = /device\b.*\blost/i.test(message)
        ? `the GPU device was lost during a step (${message})`
        : `WebGPU failed during a step: ${message}`;
      const change = await fallBack(s, reason);
      post({ type: 'fallback', id: null, ...change });
      return attempt();
    }
  };

  const run = async (request: Extract<TrainingRequest, { type: 'run' }>): Promise<void> => {
    current();
    if (running !== null) throw new RangeError('the worker is already running');
    let finish = (): void => {};
    const state: { stop: RunStopReason | null; finished: Promise<void> } = {
      stop: null,
      finished: new Promise<void>((resolve) => {
        finish = resolve;
      }),
    };
    running = state;
    let buffer: StepReport[] = [];
    const flush = () => {
      if (buffer.length === 0) return;
      post({ type: 'progress', id: null, reports: buffer });
      buffer = [];
    };
    let reason: RunStopReason;
    try {
      reason = await runLoop({
        step: () =>
          exclusive(async () => {
            const outcome = await stepOnce(null);
            if (outcome.kind === 'stepped') {
              buffer.push(reportOf(outcome, current().plan.ranWith));
              return 'continue';
            }
            flush();
            post(diverged(outcome, null));
            return 'diverged';
          }),
        stopRequested: () => state.stop,
        flush,
        ...(request.stepsPerSecond === undefined ? {} : { stepsPerSecond: request.stepsPerSecond }),
        ...(request.maxSteps === undefined ? {} : { maxSteps: request.maxSteps }),
        now: deps.now,
        sleep: deps.sleep,
        yieldToEvents: deps.yieldToEvents,
        ...(deps.flushMs === undefined ? {} : { flushMs: deps.flushMs }),
      });
    } catch (error) {
      reason = 'error';
      post({ type: 'error', id: null, message: errorMessage(error), recoverable: session !== null });
    } finally {
      running = null;
      finish();
    }
    post({ type: 'stopped', id: request.id, step: session?.trainer.stepCount ?? 0, reason });
  };

  const respond = async (request: TrainingRequest): Promise<void> => {
    const { id } = request;
    switch (request.type) {
      case 'configure': {
        const mine = ++configures;
        const superseded = (): boolean => mine !== configures;
        await stopRun('reconfigured');
        const { session: opened, reuse } = await exclusive(async () => {
          if (superseded()) throw new Superseded();
          const previous = session;
          previous?.detach();
          session = null;
          const configured = await configureRun(
            request.settings,
            request.step,
            lineage,
            previous?.trainer ?? null,
            {
              host: engines(),
              deps,
              post,
              superseded,
              onLost: deviceLost,
              now: deps.now,
              yieldToEvents: deps.yieldToEvents,
              ...(deps.gpuGraceMs === undefined ? {} : { gpuGraceMs: deps.gpuGraceMs }),
            },
          );
          session = configured.session;
          lineage = configured.session;
          if (configured.pendingGpu) awaitGpu(configured.session, configured.pendingGpu);
          return configured;
        });
        const { model } = opened.config;
        post({
          type: 'ready',
          id,
          engine: opened.info,
          model,
          paramCount: paramLayout(model).count,
          train: opened.data.train,
          test: opened.data.test,
          step: opened.trainer.stepCount,
          reuse,
        });
        return;
      }
      case 'step': {
        const weight = request.detail?.weight ?? null;
        const outcome = await exclusive(async () => {
          // A step the page will show: remember the state it starts from, for a later GPU count.
          if (weight !== null) await current().remember();
          return stepOnce(weight);
        });
        post(
          outcome.kind === 'stepped'
            ? { type: 'stepped', id, report: reportOf(outcome, current().plan.ranWith) }
            : diverged(outcome, id),
        );
        return;
      }
      case 'run':
        return run(request);
      case 'pause':
        await stopRun('paused');
        post({ type: 'paused', id, step: session?.trainer.stepCount ?? 0 });
        return;
      case 'snapshot': {
        const snapshot = await exclusive(() => current().trainer.capture());
        post({ type: 'snapshot', id, snapshot }, [snapshot.params.buffer as ArrayBuffer]);
        return;
      }
      case 'restore': {
        const step = await exclusive(async () => {
          const { trainer } = current();
          await trainer.restore(request.snapshot);
          return trainer.stepCount;
        });
        post({ type: 'restored', id, step });
        return;
      }
      case 'evaluate':
        post({ type: 'evaluated', id, accuracy: await exclusive(() => current().trainer.evaluate()) });
        return;
      case 'boundary': {
        const answer = await exclusive(async () => {
          const { data, trainer } = current();
          if (data.info.kind !== 'planar') throw new RangeError('a decision map needs a 2-D data set');
          const cells = request.resolution * request.resolution;
          // A copy, so transferring it never detaches an array the engine keeps.
          const probabilities = (
            await trainer.engine.predict(boundaryGrid(request.resolution), cells)
          ).slice();
          return { probabilities, classes: data.train.classes, step: trainer.stepCount };
        });
        const { resolution } = request;
        const message: TrainingResponse = {
          type: 'boundary',
          id,
          resolution,
          extent: PLANAR_EXTENT,
          ...answer,
        };
        post(message, [answer.probabilities.buffer as ArrayBuffer]);
        return;
      }
      case 'predict': {
        if (!Array.isArray(request.rows)) throw new RangeError('predict needs rows: a list of training rows');
        const rows = request.rows.slice();
        const answer = await exclusive(async () => {
          const { data, trainer } = current();
          return { step: trainer.stepCount, predicted: await predictRows(trainer.engine, data.train, rows) };
        });
        post({ type: 'predicted', id, rows, ...answer }, [answer.predicted.buffer as ArrayBuffer]);
        return;
      }
      case 'compare': {
        const comparison = await exclusive(async () => {
          const s = current();
          const scratch = {
            single: await engines().scratch(s.trainer.engine, 'single'),
            split: await engines().scratch(s.trainer.engine, 'split'),
          };
          return compareGradients(s, scratch, request.gpus ?? s.config.gpus, request.weight ?? 0);
        });
        post({ type: 'compared', id, comparison });
        return;
      }
      case 'stats': {
        const s = current();
        post({ type: 'stats', id, engine: s.info, stats: s.trainer.engine.stats() });
        return;
      }
      case 'dispose':
        configures += 1;
        await stopRun('disposed');
        await exclusive(async () => {
          session?.detach();
          session = null;
          lineage = null;
          host?.destroy();
          host = null;
        });
        post({ type: 'disposed', id });
        return;
    }
  };

  return {
    async handle(message) {
      if (!isTrainingRequest(message)) {
        post({
          type: 'error',
          id: null,
          message: 'the worker received a message it does not understand',
          recoverable: true,
        });
        return;
      }
      try {
        await respond(message);
      } catch (error) {
        // A configure that gave up for a newer one broke nothing: the newer one takes over.
        const recoverable = session !== null || error instanceof Superseded;
        post({ type: 'error', id: message.id, message: errorMessage(error), recoverable });
      }
    },
  };
}
