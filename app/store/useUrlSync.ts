import { useEffect } from 'react';
import { useStoreApi } from './store';
import { parseSettings, pickSettings, settingsDiffer, writeLesson, writeSettings } from './urlState';

function replaceSearch(search: string): void {
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}`);
}

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
    const query = new URLSearchParams(window.location.search);
    const lessons = query.getAll('lesson');
    const lessonRepaired =
      lessons.length > 0 && (lessons.length > 1 || lessons[0] !== store.getState().lessonId);
    if (notices.length > 0 || lessonRepaired) {
      // The link now says what the page uses, so copying it shares what the learner sees.
      let search = writeSettings(window.location.search, settings);
      if (lessons.length > 0) search = writeLesson(search, store.getState().lessonId);
      replaceSearch(search);
    }
    return store.subscribe((state, previous) => {
      const next = pickSettings(state);
      const settingsChanged = settingsDiffer(next, pickSettings(previous));
      const lessonChanged = state.lessonId !== previous.lessonId;
      if (!settingsChanged && !lessonChanged) return;
      let search = window.location.search;
      if (settingsChanged) search = writeSettings(search, next);
      if (lessonChanged) search = writeLesson(search, state.lessonId);
      replaceSearch(search);
    });
  }, [store]);
}
