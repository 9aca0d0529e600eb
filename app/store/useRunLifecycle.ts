import { useEffect } from 'react';
import { type Store, useStore } from './store';

/** Settings that change what is trained; any change restarts the run (replaying to the current step). */
function runKey(state: Store): string {
  return [state.gpus, state.batch, state.dataset, state.lr, state.optimizer, state.seed, state.mode].join(
    '|',
  );
}

const RESTART_DELAY_MS = 150;

/**
 * Starts the run once the URL has been read, and restarts it whenever a training setting changes
 * (debounced, so dragging the slider does not reconfigure the worker at every tick). When the first
 * step arrives, the cursor goes to the phase the link named.
 */
export function useRunLifecycle(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let key = runKey(useStore.getState());
    let firstShown = true;
    // A link that names a phase opens on it at rest; otherwise the first scatter plays as an introduction.
    const linkedPhase = new URLSearchParams(window.location.search).has('phase');
    void useStore.getState().startRun();
    const unsubscribe = useStore.subscribe((state, previous) => {
      if (state.shown && !previous.shown && firstShown) {
        firstShown = false;
        state.enterPhase(state.phase, !linkedPhase);
      }
      const next = runKey(state);
      if (next === key) return;
      key = next;
      clearTimeout(timer);
      timer = setTimeout(() => {
        useStore.setState({ playing: false, shown: undefined, cursor: 0 });
        firstShown = true;
        void useStore.getState().startRun();
      }, RESTART_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, []);
}
