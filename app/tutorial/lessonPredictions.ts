/**
 * The predictions of lessons 2–7: what the learner guesses before the engine runs, and how the guess is
 * checked against the step on the stage. The grading is `src/exercises/predictions.ts`; this file only
 * words the questions and picks the numbers out of the store.
 */
import { chunkSizes } from '../../src/dp/chunk';
import { formatGpus, formatSizes } from '../../src/dp/format';
import {
  actualSplit,
  forwardRows,
  gradientRelation,
  outputsDevice,
  readCountGuess,
  readSplitGuess,
  replicaReceivers,
  weightsArrive,
} from '../../src/exercises/predictions';
import type { Store } from '../store/store';
import type { Prediction } from './lessonTypes';

/** The GPU count the split lesson asks the learner to move to. */
export const SPLIT_TARGET_GPUS = 4;

/** The trace on the stage once it has `gpus` GPUs (the slider may be ahead of the step). */
function traceWith(state: Store, gpus: number) {
  const trace = state.shown?.trace;
  return trace && trace.plan.gpus === gpus && trace.plan.batch === state.batch ? trace : undefined;
}

export const OUTPUTS_PREDICTION: Prediction = {
  question:
    "Predict first: once the model is wrapped and there are 2 GPUs, where will `model(x)`'s output — all the rows of the batch — end up?",
  answer: {
    kind: 'choice',
    choices: () => [
      { id: 'gpu0', label: 'All on GPU 0' },
      { id: 'split', label: 'Half on GPU 0, half on GPU 1' },
      { id: 'gpu1', label: 'All on GPU 1' },
    ],
  },
  verify(guess, state) {
    const trace = state.shown?.trace;
    if (!trace || trace.plan.gpus < 2) return null;
    const device = outputsDevice(trace);
    return {
      right: guess === `gpu${device}`,
      actual: `Gather puts all ${trace.plan.batch} rows on GPU ${device}`,
    };
  },
};

export const SPLIT_PREDICTION: Prediction = {
  question: (state) =>
    `Predict first: how will \`torch.chunk\` split ${state.batch} samples on ${SPLIT_TARGET_GPUS} GPUs? Type the chunk sizes in GPU order.`,
  answer: { kind: 'typed', label: 'Your split', example: '4, 4, 2', read: readSplitGuess },
  verify(guess, state) {
    const trace = traceWith(state, SPLIT_TARGET_GPUS);
    if (!trace) return null;
    const actual = actualSplit(trace);
    return { right: guess === actual, actual: `the engine split ${state.batch} samples ${actual}` };
  },
};

export const REPLICATE_PREDICTION: Prediction = {
  question: 'Predict first: which GPUs will receive a copy of the weights in Replicate?',
  answer: {
    kind: 'choice',
    choices: (state) => {
      const busy = chunkSizes(state.batch, state.gpus).map((_, device) => device);
      return [
        { id: busy.join(','), label: `Every busy GPU: ${formatGpus(busy)}` },
        { id: busy.slice(1).join(','), label: `${formatGpus(busy.slice(1))}, not GPU 0` },
        { id: '', label: 'None: the GPUs share one copy' },
      ];
    },
  },
  verify(guess, state) {
    const trace = state.shown?.trace;
    if (!trace) return null;
    const receivers = replicaReceivers(trace);
    const actual = receivers.length > 0 ? `copies went to ${formatGpus(receivers)}` : 'nothing was copied';
    return { right: guess === receivers.join(','), actual };
  },
};

export const FORWARD_PREDICTION: Prediction = {
  question: (state) => {
    const last = chunkSizes(state.batch, state.gpus).length - 1;
    return `Predict first: on how many samples will GPU ${last} run its forward pass (${state.batch} samples, ${state.gpus} GPUs)?`;
  },
  answer: { kind: 'typed', label: 'Samples', example: '2', read: readCountGuess },
  verify(guess, state) {
    const trace = state.shown?.trace;
    if (!trace) return null;
    const last = trace.plan.chunkSizes.length - 1;
    const rows = forwardRows(trace, last);
    return {
      right: Number(guess) === rows,
      actual: `GPU ${last} ran forward on ${rows} (split ${formatSizes(trace.plan.chunkSizes)})`,
    };
  },
};

const RELATION_WORDS = {
  same: 'the same as on one GPU',
  larger: 'larger than on one GPU',
  smaller: 'smaller than on one GPU',
} as const;

export const GRADIENT_PREDICTION: Prediction = {
  question: (state) =>
    `Predict first: after Reduce-add, how will GPU 0's summed gradient compare with the gradient one GPU computes for the same batch and weights (${state.gpus} GPUs)?`,
  answer: {
    kind: 'choice',
    choices: (state) => [
      { id: 'same', label: 'The same, up to float rounding' },
      { id: 'larger', label: `About ${state.gpus}× larger: ${state.gpus} gradients were added` },
      { id: 'smaller', label: `About ${state.gpus}× smaller: they were averaged` },
    ],
  },
  verify(guess, state) {
    const comparison = state.shown?.comparison;
    if (!comparison) return null;
    const relation = gradientRelation(comparison);
    return { right: guess === relation, actual: `the engine's sum is ${RELATION_WORDS[relation]}` };
  },
};

export const SYNC_PREDICTION: Prediction = {
  question: 'Predict first: when do the other GPUs get the weights GPU 0 has just updated?',
  answer: {
    kind: 'choice',
    choices: () => [
      { id: 'after-optimizer-step', label: 'Right after the optimizer step, in a broadcast' },
      { id: 'next-replicate', label: "At the next step's Replicate" },
      { id: 'never', label: 'Never: each GPU keeps training its own copy' },
    ],
  },
  verify(guess, state) {
    const trace = state.shown?.trace;
    if (!trace) return null;
    const when = weightsArrive(trace);
    const actual =
      when === 'next-replicate'
        ? "nothing is sent after the optimizer step; the next step's Replicate copies them"
        : when === 'never'
          ? 'with one GPU nothing is copied'
          : 'they are sent right after the update';
    return { right: guess === when, actual };
  },
};
