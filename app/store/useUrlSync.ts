import { useEffect } from 'react';
import { useStore } from './store';
import { parseSettings, pickSettings, settingsDiffer, writeSettings } from './urlState';

/**
 * Reads the shared settings from the URL once, then mirrors every change back into it (replaceState,
 * so the back button is not flooded by slider moves).
 */
export function useUrlSync(): void {
  useEffect(() => {
    const { settings, notices } = parseSettings(window.location.search);
    useStore.setState(settings);
    if (notices.length > 0) useStore.getState().addNotices(notices);
    return useStore.subscribe((state, previous) => {
      const next = pickSettings(state);
      if (!settingsDiffer(next, pickSettings(previous))) return;
      const search = writeSettings(window.location.search, next);
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}`);
    });
  }, []);
}
