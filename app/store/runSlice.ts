/**
 * The run: the worker brought to the page's settings and step, the step shown on the stage, the loss
 * history and what the worker is doing. Every step is drawn with the settings it ran with (its report
 * carries them), never with the page's current ones, and each restart supersedes the ones before it:
 * a burst of changes ends in exactly the last settings. A restart keeps the shown step until the new
 * one replaces it, so the stage never goes empty.
 */
import type { StateCreator } from 'zustand';
import { defaultModel } from '../../src/data/registry';
import { withMeasured } from '../../src/dp/measured';
import type { StepTrace } from '../../src/dp/trace';
import { buildTrace } from '../../src/dp/trace';
import { paramLayout } from '../../src/nn/spec';
import type { EngineInfo } from '../../src/train/createEngine';
import type { Dataset } from '../../src/train/engine';
import type { TrainingClient } from '../../src/worker/client';
import type { Comparison, StepReport, TrainingResponse } from '../../src/worker/protocol';
import { followsEachStep } from './playbackSlice';
import type { Store } from './store';
import { trainingSettings } from './trainingClient';
import { pickSettings, type UrlSettings } from './urlState';

/** One point of the loss/accuracy history. */
export type HistoryPoint = { step: number; loss: number | undefined; train?: number; test?: number | null };

/** The step the stage shows: its real per-replica values, its trace, and the 1-GPU comparison. */
export type ShownStep = {
  /** Steps completed before this one (the URL's `step`). */
  index: number;
  report: StepReport;
  trace: StepTrace;
  /** The same batch from the same weights on 1 GPU — the number the reduce-add sum must equal. */
  comparison: Comparison | null;
  /** The parameter whose per-replica gradients the reduce-add view follows. */
  weight: number;
};

/**
 * `starting`: the worker is being brought to the settings (the previous step, if any, stays shown);
 * `replaying`: it replays steps to get there (`replay` says how far); `ready`: a step is shown and the
 * next can be asked for; `stepping`: the next step is being computed; `training`: continuous training.
 */
export type RunStatus = 'starting' | 'replaying' | 'ready' | 'stepping' | 'training' | 'error';

export type RunSlice = {
  runStatus: RunStatus;
  engineInfo: EngineInfo | undefined;
  train: Dataset | undefined;
  test: Dataset | null;
  /** Steps the worker has completed. */
  stepsDone: number;
  history: HistoryPoint[];
  /** The step on the stage; during a restart, the previous one until the new one replaces it. */
  shown: ShownStep | undefined;
  runError: string | undefined;
  /** While the worker replays steps to reach the link's (or the shown) step: how far, in steps. */
  replay: { done: number; total: number } | undefined;
  stepsPerSecond: number | undefined;
  /** (Re)configure the worker for the current settings at the current step, and show that step. */
  startRun(): Promise<void>;
  /**
   * Start the run unless it was started already: the page calls it before its first render, so the
   * worker gets the settings while the page renders; the run lifecycle calls it again when mounted.
   */
  ensureRun(): Promise<void>;
  /** Run the next step in detail and show it. */
  showNextStep(): Promise<void>;
  /** Train continuously (Train mode). */
  startTraining(): Promise<void>;
  stopTraining(): Promise<void>;
  /** The worker's 1-GPU vs N-GPU comparison on the next batch (exercises). */
  compare(options: { gpus: number; weight?: number }): Promise<Comparison>;
  /** Class probabilities over a grid (the decision map). */
  boundary: TrainingClient['boundary'];
  /** The predicted class of some training rows with the current weights (the digits view). */
  predict: TrainingClient['predict'];
};

const HISTORY_LIMIT = 20_000;

/** The parameter the reduce-add view follows: the output layer's first weight, which always gets a gradient. */
function followedWeight(state: Store): number {
  const slots = paramLayout(defaultModel(state.dataset)).slots;
  return slots[slots.length - 1]?.weight ?? 0;
}

/** Settings that decide the weights step by step (all but the GPU count): one loss history each. */
/** DDP's trajectory depends on the GPU count too: each rank averages its own chunk's mean loss. */
function trajectoryOf(settings: UrlSettings): string {
  const { batch, dataset, lr, optimizer, seed, mode, gpus } = settings;
  return [batch, dataset, lr, optimizer, seed, mode, mode === 'ddp' ? gpus : ''].join('|');
}

function reportTrajectory(report: StepReport): string {
  const { batch, dataset, optimizer, seed, mode, gpus } = report.settings;
  return [batch, dataset, optimizer.lr, optimizer.kind, seed, mode, mode === 'ddp' ? gpus : ''].join('|');
}

/** Appends the reports past the history's last step (a replay may resend steps already there). */
function appendHistory(history: HistoryPoint[], reports: readonly StepReport[]): HistoryPoint[] {
  const last = history.at(-1)?.step ?? 0;
  const points = reports
    .filter((report) => report.step > last)
    .map((report) => ({
      step: report.step,
      loss: report.loss,
      ...(report.accuracy ? { train: report.accuracy.train, test: report.accuracy.test } : {}),
    }));
  if (points.length === 0) return history;
  const next = history.concat(points);
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

/** The step's trace, built from the settings it ran with. */
function traceOf(report: StepReport): StepTrace {
  const { gpus, model, optimizer } = report.settings;
  const built = buildTrace({ gpus, batch: report.rows, model, optimizer: optimizer.kind });
  if (!built.ok) throw new Error(built.error.message);
  return report.measuredMs ? withMeasured(built.value, report.measuredMs) : built.value;
}

/** A reason as the start of a sentence. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The run slice over a training worker `client`. */
export const createRunSlice =
  (client: TrainingClient): StateCreator<Store, [], [], RunSlice> =>
  (set, get) => {
    /** Bumped by every restart: work for an older one is dropped when it comes back. */
    let generation = 0;
    /** The trajectory the history belongs to. */
    let historyOf = '';
    /** While a configure is under way: the step it brings the run to (its replay events count). */
    let replayTarget: number | undefined;
    let listening = false;

    const onMessage = (message: TrainingResponse): void => {
      if (message.type === 'progress') {
        const reports = message.reports.filter((report) => reportTrajectory(report) === historyOf);
        const last = reports.at(-1);
        if (!last) return;
        set((state) => ({ history: appendHistory(state.history, reports), stepsDone: last.step }));
        const state = get();
        // Slow training shows each new step as it arrives: its own trace, loss and measured times (the
        // run streams no per-replica detail, so gradient values wait for the step shown after it stops).
        if (
          state.runStatus === 'training' &&
          followsEachStep(state.trainingSpeed) &&
          last.settings.mode === 'dp'
        ) {
          const shown = { index: last.step - 1, report: last, trace: traceOf(last), comparison: null };
          set({ shown: { ...shown, weight: followedWeight(state) }, cursor: 0, loopPhase: 'scatter' });
        }
      } else if (message.type === 'replay') {
        if (replayTarget !== message.total) return;
        set((state) => ({
          replay: { done: message.done, total: message.total },
          ...(state.runStatus === 'starting' ? { runStatus: 'replaying' as const } : {}),
        }));
      } else if (message.type === 'diverged') {
        get().addNotices([`${message.message} The weights went back to step ${message.restoredStep}.`]);
        set({ stepsDone: message.restoredStep });
      } else if (message.type === 'fallback') {
        get().addNotices([
          `${sentence(message.reason)} Training continues on the CPU from step ${message.resumedStep}.`,
        ]);
        set({ engineInfo: message.to });
      } else if (message.type === 'engine') {
        if (message.from.kind === 'cpu' && !message.from.standIn && message.to.kind === 'webgpu') {
          get().addNotices([
            `WebGPU is back (${message.to.reason ?? message.to.label}); training continues on it from step ${message.resumedStep}.`,
          ]);
        }
        set({ engineInfo: message.to });
      } else if (message.type === 'error' && message.id === null) {
        set({ runStatus: 'error', runError: message.message });
      }
    };

    const showStep = async (mine: number): Promise<void> => {
      const weight = followedWeight(get());
      // Both asked at once: the worker answers in order, so the comparison is still taken on the weights
      // and batch the step starts from, and the step waits on no round trip through the page.
      const [comparison, stepped] = await Promise.all([client.compare({ weight }), client.step({ weight })]);
      if (mine !== generation) return;
      if (stepped.type === 'diverged') {
        get().addNotices([`${stepped.message} The weights went back to step ${stepped.restoredStep}.`]);
        set({ runStatus: 'ready', playing: false, stepsDone: stepped.restoredStep });
        return;
      }
      const { report } = stepped;
      const trace = traceOf(report);
      const index = report.step - 1;
      set((state) => ({
        shown: { index, report, trace, comparison, weight },
        stepsDone: report.step,
        step: index,
        history:
          reportTrajectory(report) === historyOf ? appendHistory(state.history, [report]) : state.history,
        runStatus: 'ready',
      }));
    };

    const guard = async (mine: number, work: () => Promise<void>): Promise<void> => {
      try {
        await work();
      } catch (error) {
        if (mine !== generation) return;
        set({ runStatus: 'error', runError: error instanceof Error ? error.message : String(error) });
      }
    };

    return {
      runStatus: 'starting',
      engineInfo: undefined,
      train: undefined,
      test: null,
      stepsDone: 0,
      history: [],
      shown: undefined,
      runError: undefined,
      replay: undefined,
      stepsPerSecond: undefined,

      startRun: async () => {
        const mine = ++generation;
        if (!listening) {
          client.subscribe(onMessage);
          listening = true;
        }
        const state = get();
        const settings = pickSettings(state);
        const trajectory = trajectoryOf(settings);
        // Training on the same trajectory goes on from wherever the worker is (it knows best: it
        // keeps stepping until the configure reaches it); otherwise the run goes to the shown step.
        const followWorker = state.runStatus === 'training' && trajectory === historyOf;
        const target = followWorker ? undefined : state.step;
        // The same trajectory keeps its history up to the target; another one starts afresh.
        const history =
          trajectory === historyOf
            ? state.history.filter((point) => point.step <= (target ?? Number.POSITIVE_INFINITY))
            : [];
        historyOf = trajectory;
        replayTarget = target;
        set({ runStatus: 'starting', runError: undefined, replay: undefined, history, playing: false });
        await guard(mine, async () => {
          const ready = await client.configure(trainingSettings(settings), target);
          if (mine !== generation) return;
          replayTarget = undefined;
          set({
            engineInfo: ready.engine,
            train: ready.train,
            test: ready.test,
            stepsDone: ready.step,
            replay: undefined,
            runStatus: 'stepping',
          });
          await showStep(mine);
        });
      },

      ensureRun: () => (generation === 0 ? get().startRun() : Promise.resolve()),

      showNextStep: async () => {
        if (get().runStatus !== 'ready') return;
        const mine = generation;
        set({ runStatus: 'stepping' });
        await guard(mine, () => showStep(mine));
      },

      startTraining: async () => {
        if (get().runStatus !== 'ready') return;
        const mine = generation;
        set({ runStatus: 'training' });
        const startedAt = performance.now();
        const startedStep = get().stepsDone;
        const meter = setInterval(() => {
          const seconds = (performance.now() - startedAt) / 1000;
          if (seconds > 0) set({ stepsPerSecond: (get().stepsDone - startedStep) / seconds });
        }, 500);
        await guard(mine, async () => {
          const speed = get().trainingSpeed;
          await client.run(speed === null ? {} : { stepsPerSecond: speed });
          if (mine !== generation) return;
          // The stage looped over an old step while training; the next shown step starts at its scatter.
          set({ runStatus: 'stepping', cursor: 0, phase: 'scatter' });
          await showStep(mine);
        });
        clearInterval(meter);
      },

      stopTraining: async () => {
        if (get().runStatus !== 'training') return;
        await client.pause();
      },

      compare: (options) => client.compare(options),
      boundary: (resolution) => client.boundary(resolution),
      predict: (rows) => client.predict(rows),
    };
  };
