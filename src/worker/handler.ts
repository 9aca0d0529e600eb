/**
 * The worker's brain as a plain object: it receives requests, owns the session (data, engine, trainer)
 * and posts responses. `training.worker.ts` only wires it to `self`; tests drive it directly in Node.
 *
 * Requests that touch the engine run one at a time (a promise queue), and a run takes the queue one
 * step at a time, so a Step, Snapshot or Compare sent during a run slots in between two steps. Pause
 * and Configure act at once: they stop the run and wait for its last step to finish.
 */
import { PLANAR_EXTENT } from '../data/registry';
import { paramLayout } from '../nn/spec';
import type { TrainerStep } from '../train/trainer';
import { boundaryGrid } from './boundary';
import { compareGradients } from './compare';
import {
  errorMessage,
  isTrainingRequest,
  type RunStopReason,
  type StepReport,
  type TrainingRequest,
  type TrainingResponse,
} from './protocol';
import { runLoop } from './runLoop';
import { openSession, type Session, type SessionDeps } from './session';

export type HandlerDeps = SessionDeps & {
  post: (message: TrainingResponse, transfer?: Transferable[]) => void;
  /** Clock for pacing and batching (performance.now in the worker). */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Let queued messages be delivered (between steps of a run). */
  yieldToEvents: () => Promise<void>;
  flushMs?: number;
};

export type TrainingHandler = {
  /** Handle one received message; resolves when it is answered (for `run`: when the run ends). */
  handle(message: unknown): Promise<void>;
};

function toReport(outcome: Extract<TrainerStep, { kind: 'stepped' }>): StepReport {
  const { kind: _kind, ...report } = outcome;
  return report;
}

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

  /** The GPU device went away: move to the CPU between two steps (a step in flight falls back itself). */
  const deviceLost = (reason: string): void => {
    exclusive(async () => {
      const s = session;
      if (s === null || s.info.kind !== 'webgpu') return;
      post({ type: 'fallback', id: null, ...(await s.fallBack(`the GPU device was lost: ${reason}`)) });
    }).catch((error: unknown) => {
      post({ type: 'error', id: null, message: errorMessage(error), recoverable: false });
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
      const change = await s.fallBack(`WebGPU failed during a step: ${errorMessage(error)}`);
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
              buffer.push(toReport(outcome));
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
        await stopRun('reconfigured');
        const opened = await exclusive(async () => {
          session?.destroy();
          session = null;
          session = await openSession(request.settings, deps, deviceLost);
          return session;
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
        });
        return;
      }
      case 'step': {
        const outcome = await exclusive(() => stepOnce(request.detail?.weight ?? null));
        post(
          outcome.kind === 'stepped'
            ? { type: 'stepped', id, report: toReport(outcome) }
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
      case 'compare': {
        const comparison = await exclusive(() => {
          const s = current();
          return compareGradients(s, request.gpus ?? s.config.gpus, request.weight ?? 0);
        });
        post({ type: 'compared', id, comparison });
        return;
      }
      case 'dispose':
        await stopRun('disposed');
        await exclusive(async () => {
          session?.destroy();
          session = null;
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
        post({ type: 'error', id: message.id, message: errorMessage(error), recoverable: session !== null });
      }
    },
  };
}
