import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../src/worker/protocol';

type Options = {
  /** False: nothing is asked. */
  enabled: boolean;
  /** Asks again whenever this changes (the shown step). */
  trigger: unknown;
  /** Forgets the answer whenever this changes (a new data set or run). */
  resetKey: unknown;
  /** While true, asks again every `refreshMs`. */
  training: boolean;
  refreshMs: number;
};

export type PollingState<A> = { answer: A | undefined; error: string | undefined };

/**
 * Keeps a worker's answer fresh: one request per trigger, and one every `refreshMs` while training. Only
 * one request is in flight at a time; a trigger meanwhile asks once it returns, and answers that arrive
 * after a reset are dropped, so a view never shows another run's model. `ask` is read when asking, so
 * it may change between renders.
 */
export function useWorkerPolling<A>(
  ask: () => Promise<A>,
  { enabled, trigger, resetKey, training, refreshMs }: Options,
): PollingState<A> {
  const [state, setState] = useState<PollingState<A>>({ answer: undefined, error: undefined });
  const generation = useRef(0);
  const inFlight = useRef(false);
  const again = useRef(false);
  const alive = useRef(true);
  const latest = useRef(ask);

  const [request] = useState(() => {
    const poll = (): void => {
      if (inFlight.current) {
        again.current = true;
        return;
      }
      inFlight.current = true;
      const mine = generation.current;
      // Through a promise, so an `ask` that throws at once (no worker) is caught like one that rejects.
      Promise.resolve()
        .then(() => latest.current())
        .then((answer) => {
          if (mine === generation.current) setState({ answer, error: undefined });
        })
        .catch((error: unknown) => {
          if (mine === generation.current)
            setState((previous) => ({ ...previous, error: errorMessage(error) }));
        })
        .finally(() => {
          inFlight.current = false;
          if (again.current && alive.current) {
            again.current = false;
            poll();
          }
        });
    };
    return poll;
  });

  useEffect(() => {
    latest.current = ask;
  }, [ask]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: resetKey is the reason to run, not a value read
  useEffect(() => {
    generation.current++;
    again.current = false;
    setState({ answer: undefined, error: undefined });
  }, [resetKey]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: trigger is the reason to run, not a value read
  useEffect(() => {
    if (enabled) request();
  }, [enabled, trigger, request]);

  useEffect(() => {
    if (!enabled || !training) return;
    const timer = setInterval(request, refreshMs);
    return () => clearInterval(timer);
  }, [enabled, training, refreshMs, request]);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      generation.current++;
    };
  }, []);

  return state;
}
