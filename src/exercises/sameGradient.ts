/**
 * Exercise 5, "Same gradient?": one batch from the same weights on 1 GPU and on N GPUs (the real engine
 * runs both), and why the two gradients agree: with a mean loss over the gathered batch, each replica's
 * gradient is its chunk's share of the full-batch mean (the 1/B is already inside), so summing the
 * replicas' gradients onto GPU 0 gives the full-batch gradient — for any split, with nothing divided by N.
 */
import { formatSizes } from '../dp/format';
import { seededRandom } from '../random/seeded';
import { type Choice, type Exercise, formatSlip, right, wrong } from './types';

/** Largest difference still called "the same up to float rounding" (float32 sums in another order). */
export const ROUNDING_TOLERANCE = 1e-5;

export type ReasonId = 'chunk-shares' | 'averaged' | 'whole-batch' | 'gpu0-only';

export const REASONS: readonly Choice<ReasonId>[] = [
  {
    id: 'averaged',
    label: "DataParallel averages the replicas' gradients: it divides their sum by the number of GPUs.",
  },
  {
    id: 'whole-batch',
    label: 'Every GPU computes the gradient of the whole batch, so any one of them is already right.',
  },
  {
    id: 'chunk-shares',
    label:
      "The loss is a mean over the whole gathered batch, so each replica's gradient is its chunk's share of that mean; adding the shares gives the full-batch gradient.",
  },
  {
    id: 'gpu0-only',
    label: 'Only GPU 0 computes gradients; the other GPUs just run the forward pass.',
  },
];

const REASON_FEEDBACK: Record<ReasonId, string> = {
  'chunk-shares': '',
  averaged:
    "Nothing divides by the number of GPUs: the replicas' gradients are summed onto GPU 0. The 1/B of the mean loss is already inside each replica's gradient.",
  'whole-batch': 'Each replica only ever sees its own chunk, forward and backward.',
  'gpu0-only': 'Every busy GPU runs backward through its own replica; GPU 0 then adds up their gradients.',
};

/** What the engine measured: the same batch on 1 GPU and on N GPUs. */
export type GradientMeasurement = { rows: number; chunkSizes: number[]; maxAbsDiff: number };

export type SameGradientInstance = { gpus: number; measured: GradientMeasurement | null };

export type SameGradientAnswer = { agree: 'yes' | 'no' | null; reason: ReasonId | null };

/** Whether the measured gradients are the same up to float rounding. */
export function gradientsAgree(measured: GradientMeasurement): boolean {
  return measured.maxAbsDiff <= ROUNDING_TOLERANCE;
}

export const sameGradientExercise: Exercise<SameGradientInstance, SameGradientAnswer> = {
  id: 'same-gradient',
  title: 'Same gradient?',
  generate: (seed) => ({ gpus: seededRandom(seed).int(2, 8), measured: null }),
  solve: ({ measured }) => ({
    agree: measured && !gradientsAgree(measured) ? 'no' : 'yes',
    reason: 'chunk-shares',
  }),
  hint: () =>
    "The loss is a mean over the whole gathered batch: what share of it does each chunk carry, and what does reduce-add do with the replicas' gradients?",
  check({ measured }, answer) {
    if (measured === null)
      return formatSlip('run the comparison first, then read the difference it reports.');
    if (answer.agree === null || answer.reason === null) return formatSlip('answer both questions.');
    const agree = gradientsAgree(measured);
    const difference = `The largest difference over all parameters is ${measured.maxAbsDiff.toExponential(1)}, ${agree ? 'below' : 'above'} ${ROUNDING_TOLERANCE.toExponential(0)}`;
    const agreeRight = (answer.agree === 'yes') === agree;
    const reasonRight = answer.reason === 'chunk-shares';
    const why = `With chunks of ${formatSizes(measured.chunkSizes)} rows, each replica's gradient carries its chunk's share of the mean over all ${measured.rows} rows, and reduce-add sums the shares.`;
    if (agreeRight && reasonRight) {
      return right(
        `${difference}${agree ? ': only float rounding, from adding in another order' : ''}. ${why}`,
      );
    }
    const problems: string[] = [];
    const hints: string[] = [];
    if (!agreeRight) {
      problems.push(`${difference}, so the gradients ${agree ? 'do' : 'do not'} agree.`);
      hints.push(`Compare the largest difference with ${ROUNDING_TOLERANCE.toExponential(0)}.`);
    }
    if (!reasonRight) {
      problems.push(`${REASON_FEEDBACK[answer.reason]} ${why}`);
      hints.push(REASON_FEEDBACK[answer.reason]);
    }
    return wrong(problems.join(' '), hints.join(' '));
  },
};
