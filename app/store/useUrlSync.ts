import { useEffect } from 'react';
import { useStoreApi } from './store';
import { parseSettings, pickSettings, settingsDiffer, writeLesson, writeSettings } from './urlState';

/**
 * Reads the shared settings from the URL once, then mirrors every change of them and of the tutorial's
 * lesson back into it (replaceState, so the back button is not flooded by slider moves). This is the
 * page's only writer of the query string. (The lesson is read by the tutorial slice, when the store is
 * made.)
 */
export function useUrlSync(): void {
  const store = useStoreApi();
  useEffect(() => {
    const { settings, notices } = parseSettings(window.location.search);
    store.setState(settings);
    if (notices.length > 0) store.getState().addNotices(notices);
    return store.subscribe((state, previous) => {
      const next = pickSettings(state);
      const settingsChanged = settingsDiffer(next, pickSettings(previous));
      const lessonChanged = state.lessonId !== previous.lessonId;
      if (!settingsChanged && !lessonChanged) return;
      let search = window.location.search;
      if (settingsChanged) search = writeSettings(search, next);
      if (lessonChanged) search = writeLesson(search, state.lessonId);
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}`);
    });
  }, [store]);
}
