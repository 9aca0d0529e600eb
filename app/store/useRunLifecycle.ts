import { useEffect } from 'react';
import { type Store, useStoreApi } from './store';

/** Settings that change what is trained; any change restarts the run (at the shown step). */
function runKey(state: Store): string {
  return [state.gpus, state.batch, state.dataset, state.lr, state.optimizer, state.seed, state.mode].join(
    '|',
  );
}

/**
 * Changes closer together than this make one restart (slider + batch + data set set at once, a held
 * arrow key). The worker gives up superseded restarts anyway; this only spares it the work.
 */
const RESTART_DELAY_MS = 40;

/**
 * Starts the run (unless the page started it before rendering), and restarts it whenever a training setting changes. The
 * shown step stays on the stage until the restarted run's first step replaces it; that step opens at
 * the phase the store holds (the link's, on the first load).
 */
export function useRunLifecycle(): void {
  const store = useStoreApi();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let key = runKey(store.getState());
    let enterOnNextStep = true;
    // A link that names a phase opens on it at rest; otherwise the first scatter plays as an introduction.
    const linkedPhase = new URLSearchParams(window.location.search).has('phase');
    const enter = (state: Store): void => {
      enterOnNextStep = false;
      state.enterPhase(state.phase, !linkedPhase);
    };
    // Usually started before the page's first render (main.tsx), so the first step may be here already.
    void store.getState().ensureRun();
    const shown = store.getState().shown;
    if (shown) enter(store.getState());
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.shown && state.shown !== previous.shown && enterOnNextStep) enter(state);
      const next = runKey(state);
      if (next === key) return;
      key = next;
      clearTimeout(timer);
      timer = setTimeout(() => {
        enterOnNextStep = true;
        void store.getState().startRun();
      }, RESTART_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store]);
}
