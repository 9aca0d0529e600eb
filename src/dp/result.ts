/**
 * Typed results for everything a learner can get wrong. Functions in `src/dp` and `src/cost` never throw
 * on bad input: they return `{ ok: false, error }` with a code a view can branch on and a message a
 * learner can read.
 */
import type { Phase } from './phase';

/** Codes for input that cannot be planned, each with its own message. */
export type InputErrorCode =
  | 'gpus-out-of-range'
  | 'batch-out-of-range'
  | 'bad-model'
  | 'bad-optimizer'
  | 'bad-loss-placement'
  | 'bad-budget'
  | 'bad-preset'
  | 'bad-option';

/** The plan is valid but some GPU would need more memory than the budget allows. */
export type OutOfMemoryError = {
  code: 'out-of-memory';
  message: string;
  /** The first GPU that does not fit (GPU 0 whenever it is the one, as it holds the most). */
  device: number;
  /** The phase in which that GPU needs the most. */
  phase: Phase;
  neededBytes: number;
  budgetBytes: number;
  /** Parameters + gradients + optimizer state: what GPU 0 holds however many GPUs share the batch. */
  modelBytes: number;
};

export type DpError = { code: InputErrorCode; message: string } | OutOfMemoryError;

export type Result<T> = { ok: true; value: T } | { ok: false; error: DpError };

export function succeed<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(code: InputErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
