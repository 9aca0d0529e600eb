/**
 * Which view sits beside (or under) the stage: the code, nvidia-smi, training progress, the timeline,
 * scaling or the limitations. Lessons and "Show me" switch it; kept outside the store because nothing else depends on it.
 */
import { useSyncExternalStore } from 'react';

export const VIEWS = ['code', 'nvidia-smi', 'charts', 'timeline', 'scaling', 'limitations'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_TITLES: Record<ViewId, string> = {
  code: 'Code',
  'nvidia-smi': 'nvidia-smi',
  charts: 'Training',
  timeline: 'Timeline',
  scaling: 'Scaling',
  limitations: 'Limits',
};

export function isViewId(value: string): value is ViewId {
  return (VIEWS as readonly string[]).includes(value);
}

let active: ViewId = 'code';
const listeners = new Set<() => void>();

/** Brings a view to the front (a no-op for targets that are not views). */
export function showView(target: string): void {
  if (!isViewId(target) || target === active) return;
  active = target;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The view in front, re-rendering when a lesson or a tab changes it. */
export function useActiveView(): ViewId {
  return useSyncExternalStore(
    subscribe,
    () => active,
    () => active,
  );
}
