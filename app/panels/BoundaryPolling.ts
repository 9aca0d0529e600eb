import { useCallback } from 'react';
import type { ResponseTo } from '../../src/worker/client';
import { useWorkerPolling } from './WorkerPolling';

/** What a decision map needs from the worker's `boundary` answer. */
export type BoundaryAnswer = Pick<
  ResponseTo<'boundary'>,
  'resolution' | 'extent' | 'classes' | 'probabilities' | 'step'
>;

/** Asks for class probabilities on a `resolution × resolution` grid (the worker, or a test's fake). */
export type BoundarySource = (resolution: number) => Promise<BoundaryAnswer>;

/** While training, the map refreshes at most this often. */
export const BOUNDARY_REFRESH_MS = 1000;

type Options = {
  source: BoundarySource;
  resolution: number;
  /** False for the digits or before the first step: nothing is asked. */
  enabled: boolean;
  /** Asks again whenever this changes (the shown step). */
  trigger: unknown;
  /** Forgets the map whenever this changes (a new data set or run). */
  resetKey: unknown;
  training: boolean;
};

export type BoundaryState = { boundary: BoundaryAnswer | undefined; error: string | undefined };

/**
 * Keeps a decision map fresh: one request per shown step, and one per second while training (one in
 * flight at a time; a map never shows another run's model — see `useWorkerPolling`).
 */
export function useBoundaryPolling({ source, resolution, ...options }: Options): BoundaryState {
  const ask = useCallback(() => source(resolution), [source, resolution]);
  const { answer, error } = useWorkerPolling(ask, { ...options, refreshMs: BOUNDARY_REFRESH_MS });
  return { boundary: answer, error };
}
