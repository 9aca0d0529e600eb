import type { StateCreator } from 'zustand';
import { defaultModel } from '../../src/data/registry';
import { withMeasured } from '../../src/dp/measured';
import type { StepTrace } from '../../src/dp/trace';
import { buildTrace } from '../../src/dp/trace';
import { paramLayout } from '../../src/nn/spec';
import type { EngineInfo } from '../../src/train/createEngine';
import type { Dataset } from '../../src/train/engine';
import type { Comparison, StepReport, TrainingResponse } from '../../src/worker/protocol';
import type { Store } from './store';
import { trainingClient, trainingSettings } from './trainingClient';
import { pickSettings } from './urlState';

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

export type RunStatus = 'starting' | 'replaying' | 'ready' | 'stepping' | 'training' | 'error';

export type RunSlice = {
  runStatus: RunStatus;
  engineInfo: EngineInfo | undefined;
  train: Dataset | undefined;
  test: Dataset | null;
  /** Steps the worker has completed. */
  stepsDone: number;
  history: HistoryPoint[];
  shown: ShownStep | undefined;
  runError: string | undefined;
  /** While replaying a shared link's steps: how far. */
  replay: { done: number; total: number } | undefined;
  stepsPerSecond: number | undefined;
  /** (Re)configure the worker for the current settings and replay up to the current step. */
  startRun(): Promise<void>;
  /** Run the next step in detail and show it. */
  showNextStep(): Promise<void>;
  /** Train continuously (Train mode). */
  startTraining(): Promise<void>;
  stopTraining(): Promise<void>;
};

const HISTORY_LIMIT = 20_000;

/** The parameter the reduce-add view follows: the output layer's first weight, which always gets a gradient. */
function followedWeight(state: Store): number {
  const slots = paramLayout(defaultModel(state.dataset)).slots;
  return slots[slots.length - 1]?.weight ?? 0;
}

function appendHistory(history: HistoryPoint[], reports: readonly StepReport[]): HistoryPoint[] {
  const points = reports.map((report) => ({
    step: report.step,
    loss: report.loss,
    ...(report.accuracy ? { train: report.accuracy.train, test: report.accuracy.test } : {}),
  }));
  const next = history.concat(points);
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

let generation = 0;
let listening = false;

export const createRunSlice: StateCreator<Store, [], [], RunSlice> = (set, get) => {
  const traceOf = (report: StepReport): StepTrace | undefined => {
    const state = get();
    const built = buildTrace({
      gpus: state.gpus,
      batch: report.rows,
      model: defaultModel(state.dataset),
      optimizer: state.optimizer,
    });
    if (!built.ok) {
      set({ runStatus: 'error', runError: built.error.message });
      return undefined;
    }
    return report.measuredMs ? withMeasured(built.value, report.measuredMs) : built.value;
  };

  const onMessage = (message: TrainingResponse): void => {
    if (message.type === 'progress') {
      const last = message.reports[message.reports.length - 1];
      set((state) => ({
        history: appendHistory(state.history, message.reports),
        stepsDone: last?.step ?? state.stepsDone,
        replay: state.replay && last ? { ...state.replay, done: last.step } : state.replay,
      }));
    } else if (message.type === 'diverged') {
      get().addNotices([`${message.message} The weights went back to step ${message.restoredStep}.`]);
      set({ stepsDone: message.restoredStep });
    } else if (message.type === 'fallback') {
      get().addNotices([`${message.reason} Training continues on the CPU from step ${message.resumedStep}.`]);
      set({ engineInfo: message.to });
    } else if (message.type === 'error' && message.id === null) {
      set({ runStatus: 'error', runError: message.message });
    }
  };

  const showStep = async (mine: number): Promise<void> => {
    const client = trainingClient();
    const weight = followedWeight(get());
    const comparison = await client.compare({ weight });
    if (mine !== generation) return;
    const stepped = await client.step({ weight });
    if (mine !== generation) return;
    if (stepped.type === 'diverged') {
      get().addNotices([`${stepped.message} The weights went back to step ${stepped.restoredStep}.`]);
      set({ runStatus: 'ready', playing: false, stepsDone: stepped.restoredStep });
      return;
    }
    const trace = traceOf(stepped.report);
    if (!trace) return;
    const index = stepped.report.step - 1;
    set((state) => ({
      shown: { index, report: stepped.report, trace, comparison, weight },
      stepsDone: stepped.report.step,
      step: index,
      history: appendHistory(state.history, [stepped.report]),
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
      const client = trainingClient();
      if (!listening) {
        client.subscribe(onMessage);
        listening = true;
      }
      const target = get().step;
      set({ runStatus: 'starting', runError: undefined, history: [], stepsDone: 0, replay: undefined });
      await guard(mine, async () => {
        const ready = await client.configure(trainingSettings(pickSettings(get())));
        if (mine !== generation) return;
        set({ engineInfo: ready.engine, train: ready.train, test: ready.test });
        if (target > 0) {
          set({ runStatus: 'replaying', replay: { done: 0, total: target } });
          await client.run({ maxSteps: target });
          if (mine !== generation) return;
          set({ replay: undefined });
        }
        await showStep(mine);
      });
    },

    showNextStep: async () => {
      const status = get().runStatus;
      if (status !== 'ready') return;
      const mine = generation;
      set({ runStatus: 'stepping' });
      await guard(mine, () => showStep(mine));
    },

    startTraining: async () => {
      if (get().runStatus !== 'ready') return;
      const mine = generation;
      const client = trainingClient();
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
      await trainingClient().pause();
    },
  };
};
