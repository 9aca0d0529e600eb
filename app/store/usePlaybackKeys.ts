import { useEffect } from 'react';
import { useStoreApi } from './store';

/** Keyboard: Space play/pause, ←/→ previous/next phase, Home reset — unless focus is in a control. */
export function usePlaybackKeys(): void {
  const store = useStoreApi();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, select, textarea, button, [role="slider"], [contenteditable="true"]'))
        return;
      const state = store.getState();
      if (event.key === ' ') state.togglePlay();
      else if (event.key === 'ArrowRight') state.nextPhase();
      else if (event.key === 'ArrowLeft') state.previousPhase();
      else if (event.key === 'Home') state.resetPlayback();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
