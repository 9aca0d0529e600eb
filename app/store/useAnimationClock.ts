import { useEffect } from 'react';
import { useStore, useStoreApi } from './store';

/**
 * The only place wall time enters the page: while playback is on, each animation frame advances the
 * cursor by the time since the last frame. Tests drive `advance` or `seek` directly instead.
 */
export function useAnimationClock(): void {
  const store = useStoreApi();
  const running = useStore((state) => state.playing || state.runStatus === 'training');
  useEffect(() => {
    if (!running) return;
    let last: number | undefined;
    let frame = requestAnimationFrame(function tick(now) {
      // A hidden tab pauses rAF; cap the jump so playback resumes where it was.
      const dt = last === undefined ? 0 : Math.min(now - last, 100);
      last = now;
      store.getState().advance(dt);
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [store, running]);
}

/** Mirrors `prefers-reduced-motion` into the store. */
export function useReducedMotion(): void {
  const store = useStoreApi();
  useEffect(() => {
    const query = window.matchMedia('(prefers-reduced-motion: reduce)');
    const apply = () => store.getState().setReducedMotion(query.matches);
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [store]);
}
