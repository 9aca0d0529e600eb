/**
 * The tutorial's reach into the rest of the page, through the page's stable names only: `data-tour`
 * regions for highlighting, the docked views it brings to the front, and the accessible names of the GPUs slider and the Next phase button for
 * "Take me there". A missing target is not an error — the lesson just skips it.
 */
import { isViewId, showView } from '../views/activeView';
import type { LessonSetup, TourTarget } from './lessonTypes';

export const HIGHLIGHT_CLASS = 'tour-highlight';

/** Where to point when a region is not on the page (yet). */
const FALLBACK: Partial<Record<TourTarget, TourTarget>> = {
  'gpus-slider': 'settings',
  playback: 'stage',
  narration: 'stage',
  timeline: 'stage',
};

function region(target: TourTarget): Element | null {
  return document.querySelector(`[data-tour="${target}"]`);
}

/** The elements to highlight for a lesson's targets, each at most once. */
export function resolveTargets(targets: readonly TourTarget[]): Element[] {
  const found: Element[] = [];
  for (const target of targets) {
    const fallback = FALLBACK[target];
    const element = region(target) ?? (fallback ? region(fallback) : null);
    if (element && !found.includes(element)) found.push(element);
  }
  return found;
}

/** Brings the first of `targets` that is a docked view (code, nvidia-smi, …) to the front. */
export function showTargets(targets: readonly TourTarget[]): void {
  const view = targets.find(isViewId);
  if (view) showView(view);
}

/** "Show me": switch to the lesson's view, then bring its region on screen without a long scroll. */
export function showMe(targets: readonly TourTarget[], highlighted: readonly Element[]): void {
  showTargets(targets);
  highlighted[0]?.scrollIntoView({ block: 'nearest' });
}

function gpusSlider(): HTMLInputElement | undefined {
  return [...document.querySelectorAll<HTMLInputElement>('input[type="range"]')].find((input) =>
    [...(input.labels ?? [])].some((label) => label.textContent?.trim() === 'GPUs'),
  );
}

function nextPhaseButton(): HTMLButtonElement | undefined {
  return [...document.querySelectorAll<HTMLButtonElement>('button')].find(
    (button) => (button.getAttribute('aria-label') ?? button.textContent)?.trim() === 'Next phase',
  );
}

function ddpButton(): HTMLButtonElement | undefined {
  return [...document.querySelectorAll<HTMLButtonElement>('[aria-label="Mode"] button')].find(
    (button) => button.textContent?.trim() === 'DistributedDataParallel',
  );
}

export type FocusOutcome = 'focused' | 'busy' | 'missing';

/** Moves the focus to a control a task asks the learner to use. */
export function focusControl(control: 'gpus-slider' | 'next-phase' | 'mode-switch'): FocusOutcome {
  const element =
    control === 'gpus-slider' ? gpusSlider() : control === 'next-phase' ? nextPhaseButton() : ddpButton();
  if (!element) return 'missing';
  element.scrollIntoView({ block: 'nearest' });
  if (element.disabled) return 'busy';
  element.focus();
  return 'focused';
}

/** Settings a lesson may set that the link already names (the link wins when the page opens). */
export function settingsInLink(search: string): Set<keyof LessonSetup> {
  const query = new URLSearchParams(search);
  return new Set((['gpus', 'batch', 'phase'] as const).filter((key) => query.has(key)));
}

/** Puts the lesson into the URL without a new history entry, keeping every other parameter. */
export function writeLessonToUrl(lesson: string): void {
  const query = new URLSearchParams(window.location.search);
  if (query.getAll('lesson').join('&') === lesson) return;
  query.set('lesson', lesson);
  window.history.replaceState(window.history.state, '', `${window.location.pathname}?${query.toString()}`);
}
