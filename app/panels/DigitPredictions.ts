import { useCallback, useMemo } from 'react';
import type { ResponseTo } from '../../src/worker/client';
import { useWorkerPolling } from './WorkerPolling';

/** The worker's `predict` answer: `predicted[i]` is row `rows[i]`'s class after `step` steps. */
export type DigitPredictions = Pick<ResponseTo<'predict'>, 'step' | 'rows' | 'predicted'>;

/** Asks what the model predicts now for some training rows (the worker, or a test's fake). */
export type DigitPredictionSource = (rows: number[]) => Promise<DigitPredictions>;

/** While training, the digits' predictions refresh at most this often (not every step). */
export const DIGITS_REFRESH_MS = 1000;

type Options = {
  source: DigitPredictionSource;
  /** The shown step's batch rows, in batch order. */
  rows: readonly number[];
  /** The step on the stage (its own forward gave the predictions drawn until a newer answer comes). */
  shownStep: number;
  stepsDone: number;
  training: boolean;
  /** Forgets the answer when this changes (a new data set or run). */
  resetKey: unknown;
};

export type LatestPredictions = { latest: DigitPredictions | undefined; error: string | undefined };

/**
 * The model's current predictions for the shown batch once training has moved past the shown step:
 * asked when it does, once a second while training, and again when training stops. An answer counts
 * only for the rows on show and a step after the shown one; before it comes, the step's own outputs stand.
 */
export function useLatestDigitPredictions({
  source,
  rows,
  shownStep,
  stepsDone,
  training,
  resetKey,
}: Options): LatestPredictions {
  const key = rows.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rows are read through their key
  const ask = useCallback(() => source(rows.slice()), [source, key]);
  const behind = rows.length > 0 && stepsDone > shownStep;
  const { answer, error } = useWorkerPolling(ask, {
    enabled: behind,
    trigger: `${key}|${training}`,
    resetKey,
    training,
    refreshMs: DIGITS_REFRESH_MS,
  });
  const latest = useMemo(
    () => (answer && answer.step > shownStep && answer.rows.join(',') === key ? answer : undefined),
    [answer, shownStep, key],
  );
  return { latest: behind ? latest : undefined, error: behind ? error : undefined };
}
