import { useEffect } from 'react';
import { cursorForPhase } from './playbackSlice';
import type { Store } from './store';
import { useStore } from './store';

/** Settings that change what is trained; any change restarts the run (replaying to the current step). */
function runKey(state: Store): string {
  return [state.gpus, state.batch, state.dataset, state.lr, state.optimizer, state.seed].join('|');
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
    void useStore.getState().startRun();
    const unsubscribe = useStore.subscribe((state, previous) => {
      if (state.shown && !previous.shown && firstShown) {
        firstShown = false;
        useStore.setState({ cursor: cursorForPhase(state) });
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
