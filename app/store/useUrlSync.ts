import { useEffect } from 'react';
import { useStoreApi } from './store';
import { parseSettings, pickSettings, settingsDiffer, writeSettings } from './urlState';

/**
 * Reads the shared settings from the URL once, then mirrors every change back into it (replaceState,
 * so the back button is not flooded by slider moves).
 */
export function useUrlSync(): void {
  const store = useStoreApi();
  useEffect(() => {
    const { settings, notices } = parseSettings(window.location.search);
    store.setState(settings);
    if (notices.length > 0) store.getState().addNotices(notices);
    return store.subscribe((state, previous) => {
      const next = pickSettings(state);
      if (!settingsDiffer(next, pickSettings(previous))) return;
      const search = writeSettings(window.location.search, next);
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}`);
    });
  }, [store]);
}
