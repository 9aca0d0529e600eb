/**
 * Exercise 3, "Put the phases in order": the eight phases of one DataParallel training step, shuffled,
 * plus the moment the updated weights reach the other GPUs — which is not a ninth phase after the
 * optimizer step but the replicate at the start of the next step.
 */
import { PHASE_TITLES, PHASES, type Phase } from '../dp/phase';
import { seededRandom, shuffledIndices } from '../random/seeded';
import { type Exercise, formatSlip, right, wrong } from './types';

export type OrderItemId = Phase | 'next-replicate';

/** The items in their right order: one step's phases, then the next step's replicate. */
export const PHASE_ORDER: readonly OrderItemId[] = [...PHASES, 'next-replicate'];

export const ORDER_ITEM_TITLES: Record<OrderItemId, string> = {
  ...PHASE_TITLES,
  'next-replicate': "Next step's Replicate",
};

/** What each item is, shown beside its title. */
export const ORDER_ITEM_DETAILS: Record<OrderItemId, string> = {
  scatter: 'the batch is cut into chunks, one chunk per GPU',
  replicate: "GPU 0's model is copied to every GPU that got a chunk",
  forward: 'each replica runs its own chunk through the model',
  gather: 'the outputs are collected on GPU 0 and joined in order',
  loss: 'GPU 0 computes the loss over the whole batch',
  backward: 'each replica computes gradients for its own chunk',
  'reduce-add': "the replicas' gradients are added up on GPU 0",
  'optimizer-step': 'the weights on GPU 0 are updated',
  'next-replicate': 'the updated weights reach the other GPUs',
};

/** Why each item sits where it does. */
const WHY: Record<OrderItemId, string> = {
  scatter: 'DataParallel.forward first cuts the batch into chunks — before it copies the model',
  replicate: 'the model is copied after the inputs are scattered, and only to GPUs that received a chunk',
  forward: 'a replica can only run once it and its chunk are on its GPU',
  gather: 'the outputs are joined on GPU 0 right after the forward passes, in chunk order',
  loss: 'the loss needs the gathered outputs of the whole batch',
  backward: 'backward starts from the loss and runs on each replica',
  'reduce-add': "the replicas' gradients can only be added once every backward pass is done",
  'optimizer-step': 'the weights are updated once the summed gradients are in .grad on GPU 0',
  'next-replicate':
    'nothing is sent after the optimizer step: the other GPUs get the new weights when the next forward replicates the model again',
};

export type PhaseOrderInstance = { order: OrderItemId[] };

function isPermutation(answer: readonly string[]): boolean {
  return answer.length === PHASE_ORDER.length && PHASE_ORDER.every((item) => answer.includes(item));
}

export const phaseOrderExercise: Exercise<PhaseOrderInstance, OrderItemId[]> = {
  id: 'phase-order',
  title: 'Put the phases in order',
  generate(seed) {
    const random = seededRandom(seed);
    for (let attempt = 0; attempt < 100; attempt++) {
      const order = Array.from(
        shuffledIndices(PHASE_ORDER.length, random),
        (i) => PHASE_ORDER[i] as OrderItemId,
      );
      // A shuffle that leaves the first or the last item in place makes the puzzle too easy.
      if (order[0] !== 'scatter' && order[order.length - 1] !== 'next-replicate') return { order };
    }
    return { order: [...PHASE_ORDER].reverse() };
  },
  solve: () => [...PHASE_ORDER],
  hint: () =>
    'Follow one call of model(x), then loss.backward(), then optimizer.step(): each phase needs what the one before it made.',
  check(_instance, answer) {
    if (!isPermutation(answer)) return formatSlip('every item must appear exactly once.');
    const position = answer.findIndex((item, i) => item !== PHASE_ORDER[i]);
    if (position < 0) {
      return right(
        "Scatter, Replicate, Forward, Gather, Loss, Backward, Reduce-add, Optimizer step — and the new weights reach GPUs 1, 2, … only at the next step's Replicate.",
      );
    }
    const expected = PHASE_ORDER[position] as OrderItemId;
    const placed = answer[position] as OrderItemId;
    const rightSoFar = position === 0 ? '' : ` The first ${position} ${position === 1 ? 'is' : 'are'} right.`;
    // The places before `position` are right, so the item placed here belongs further down.
    return wrong(
      `Place ${position + 1} should be ${ORDER_ITEM_TITLES[expected]}: ${WHY[expected]}. ${ORDER_ITEM_TITLES[placed]} comes later: ${WHY[placed]}.${rightSoFar}`,
      `${ORDER_ITEM_TITLES[placed]} is too early, at place ${position + 1}: ${WHY[placed]}.${rightSoFar}`,
    );
  },
};
