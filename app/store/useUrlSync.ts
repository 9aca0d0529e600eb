import { useEffect } from 'react';
import { useStore } from './store';
import { parseSettings, pickSettings, settingsDiffer, type UrlSettings, writeSettings } from './urlState';

function writeUrl(settings: UrlSettings): void {
  const search = writeSettings(window.location.search, settings);
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}`);
}

/**
 * Reads the shared settings from the URL once, then mirrors every change back into it (replaceState,
 * so the back button is not flooded by slider moves).
 */
export function useUrlSync(): void {
  useEffect(() => {
    const { settings, notices } = parseSettings(window.location.search);
    useStore.setState(settings);
    if (notices.length > 0) {
      useStore.getState().addNotices(notices);
      // The link now says what the page uses, so copying it shares what the learner sees.
      writeUrl(settings);
    }
    return useStore.subscribe((state, previous) => {
      const next = pickSettings(state);
      if (settingsDiffer(next, pickSettings(previous))) writeUrl(next);
    });
  }, []);
}
