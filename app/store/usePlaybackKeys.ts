import { useEffect } from 'react';
import { useStore } from './store';

/** Keyboard: Space play/pause, ←/→ previous/next phase, Home reset — unless focus is in a control. */
export function usePlaybackKeys(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, select, textarea, button, [role="slider"], [contenteditable="true"]'))
        return;
      const store = useStore.getState();
      if (event.key === ' ') store.togglePlay();
      else if (event.key === 'ArrowRight') store.nextPhase();
      else if (event.key === 'ArrowLeft') store.previousPhase();
      else if (event.key === 'Home') store.resetPlayback();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
