/**
 * Runs the real engine's 1-GPU vs N-GPU comparison for an exercise. It waits until the worker is
 * configured and idle; when the exercise needs a particular batch size, it first sets it (which
 * restarts the run) and waits for the first step of the new run.
 */
import type { Comparison } from '../../src/worker/protocol';
import type { AppStore, Store } from '../store/store';

const WAIT_MS = 120_000;

function waitFor(app: AppStore, ready: (state: Store) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (state: Store): boolean => {
      if (ready(state)) {
        resolve();
        return true;
      }
      if (state.runStatus === 'error') {
        reject(new Error(state.runError ?? 'the training run failed'));
        return true;
      }
      return false;
    };
    if (settle(app.getState())) return;
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error('the engine did not get ready in time'));
    }, WAIT_MS);
    const unsubscribe = app.subscribe((state) => {
      if (!settle(state)) return;
      clearTimeout(timer);
      unsubscribe();
    });
  });
}

export type CompareRequest = { gpus: number; batch?: number };

/** The same batch's gradient on 1 GPU and on `gpus` GPUs, from the same weights. */
export async function compareOnEngine(app: AppStore, { gpus, batch }: CompareRequest): Promise<Comparison> {
  const store = app.getState();
  if (store.runStatus === 'training') await store.stopTraining();
  store.pause();
  if (batch !== undefined && (store.batch !== batch || store.gpus !== gpus)) {
    const before = store.shown;
    store.setBatch(batch);
    store.setGpus(gpus);
    await waitFor(
      app,
      (state) => state.runStatus === 'ready' && state.shown !== undefined && state.shown !== before,
    );
  } else {
    await waitFor(app, (state) => state.runStatus === 'ready');
  }
  const { shown, compare } = app.getState();
  return compare(shown?.weight === undefined ? { gpus } : { gpus, weight: shown.weight });
}
