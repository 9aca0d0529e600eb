import { useEffect, useRef, useState } from 'react';
import type { ResponseTo } from '../../src/worker/client';
import { errorMessage } from '../../src/worker/protocol';

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
 * Keeps a decision map fresh: one request per shown step, and one per second while training. Only one
 * request is in flight at a time; a step shown meanwhile is asked for once it returns, and answers
 * that arrive after a reset are dropped, so a map never shows another run's model.
 */
export function useBoundaryPolling({
  source,
  resolution,
  enabled,
  trigger,
  resetKey,
  training,
}: Options): BoundaryState {
  const [state, setState] = useState<BoundaryState>({ boundary: undefined, error: undefined });
  const generation = useRef(0);
  const inFlight = useRef(false);
  const again = useRef(false);
  const alive = useRef(true);
  const latest = useRef({ source, resolution });

  const [request] = useState(() => {
    const ask = (): void => {
      if (inFlight.current) {
        again.current = true;
        return;
      }
      inFlight.current = true;
      const mine = generation.current;
      const { source: fetchMap, resolution: cells } = latest.current;
      // Through a promise, so a source that throws at once (no worker) is caught like one that rejects.
      Promise.resolve()
        .then(() => fetchMap(cells))
        .then((boundary) => {
          if (mine === generation.current) setState({ boundary, error: undefined });
        })
        .catch((error: unknown) => {
          if (mine === generation.current)
            setState((previous) => ({ ...previous, error: errorMessage(error) }));
        })
        .finally(() => {
          inFlight.current = false;
          if (again.current && alive.current) {
            again.current = false;
            ask();
          }
        });
    };
    return ask;
  });

  useEffect(() => {
    latest.current = { source, resolution };
  }, [source, resolution]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: resetKey is the reason to run, not a value read
  useEffect(() => {
    generation.current++;
    again.current = false;
    setState({ boundary: undefined, error: undefined });
  }, [resetKey]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: trigger is the reason to run, not a value read
  useEffect(() => {
    if (enabled) request();
  }, [enabled, trigger, request]);

  useEffect(() => {
    if (!enabled || !training) return;
    const timer = setInterval(request, BOUNDARY_REFRESH_MS);
    return () => clearInterval(timer);
  }, [enabled, training, request]);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      generation.current++;
    };
  }, []);

  return state;
}
