import { useEffect, useState } from 'react';
import type { TourTarget } from './lessonTypes';
import { HIGHLIGHT_CLASS, resolveTargets, showTargets } from './pageTargets';

function sameElements(a: readonly Element[], b: readonly Element[]): boolean {
  return a.length === b.length && a.every((element, i) => element === b[i]);
}

/**
 * Brings the lesson's view to the front and marks the lesson's regions with the highlight class while the lesson is open, and clears them when it
 * closes. Regions that appear (or are re-created) later are picked up; returns what is highlighted.
 */
export function useHighlight(targets: readonly TourTarget[]): Element[] {
  const [found, setFound] = useState<Element[]>([]);
  const key = targets.join(' ');
  useEffect(() => {
    const wanted = key === '' ? [] : (key.split(' ') as TourTarget[]);
    // A lesson about the code, nvidia-smi, the charts, the timeline or scaling brings that view to the front.
    showTargets(wanted);
    let current: Element[] = [];
    const apply = () => {
      const next = resolveTargets(wanted);
      if (sameElements(next, current) && next.every((element) => element.classList.contains(HIGHLIGHT_CLASS)))
        return;
      for (const element of current) element.classList.remove(HIGHLIGHT_CLASS);
      for (const element of next) element.classList.add(HIGHLIGHT_CLASS);
      current = next;
      setFound(next);
    };
    apply();
    // Only child-list changes: the class we add is an attribute change and does not wake us again.
    const observer = new MutationObserver(apply);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      for (const element of current) element.classList.remove(HIGHLIGHT_CLASS);
    };
  }, [key]);
  return found;
}
