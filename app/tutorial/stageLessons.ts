import { formatCount, formatGpus, formatSizes } from '../../src/dp/format';
import type { Store } from '../store/store';
import {
  FORWARD_PREDICTION,
  GRADIENT_PREDICTION,
  REPLICATE_PREDICTION,
  SPLIT_PREDICTION,
  SPLIT_TARGET_GPUS,
  SYNC_PREDICTION,
} from './lessonPredictions';
import { busyGpus, formatGradient, reached, splitSentence } from './lessonState';
import type { Lesson } from './lessonTypes';

function replicateDone(state: Store): string {
  const plan = state.shown?.trace.plan;
  if (!plan || plan.replicas <= 1) {
    return "Done — Replicate: there is only one chunk, so GPU 0's own model is the only replica and nothing is copied.";
  }
  return `Done — Replicate: GPU 0's weights (${formatCount(plan.parameterCount)} values) were copied to ${formatGpus(plan.busyGpus.slice(1))}; GPU 0's own replica uses the original parameters' storage, so nothing is copied for it.`;
}

function forwardDone(state: Store): string {
  const plan = state.shown?.trace.plan;
  const sizes = plan ? formatSizes(plan.chunkSizes) : '';
  return `Done — Forward: ${formatGpus(busyGpus(state))} each run their own replica on their own chunk${sizes ? ` (${sizes} samples)` : ''}.`;
}

function reduceAddDone(state: Store): string {
  const detail = state.shown?.report.detail;
  const single = state.shown?.comparison?.grad.single;
  if (!detail || detail.replicaGrads.length < 2) {
    return 'Done — Reduce-add: the gradients of every replica are summed onto GPU 0.';
  }
  const terms = detail.replicaGrads.map(formatGradient).join(' + ');
  const sum = `Done — Reduce-add: for one weight, GPU 0 adds the ${detail.replicaGrads.length} replicas' gradients: ${terms} = ${formatGradient(detail.summedGrad)}.`;
  return single === undefined ? sum : `${sum} One GPU computes ${formatGradient(single)} for the same batch.`;
}

/** Lessons 3–7: the four stages of one DataParallel step, each done on the stage. */
export const STAGE_LESSONS: readonly Lesson[] = [
  {
    id: 'split-batch',
    title: 'Stage 1: splitting the batch',
    highlight: ['gpus-slider', 'stage'],
    setup: { gpus: 3, batch: 10, phase: 'scatter' },
    blocks: [
      {
        kind: 'text',
        text: 'Each time the wrapped model is called, DataParallel first cuts the input batch into chunks along its first dimension and sends chunk 0 to GPU 0, chunk 1 to GPU 1, and so on. The stage calls this phase Scatter.',
      },
      {
        kind: 'text',
        text: 'The cutting is done by `torch.chunk`, which does not try to be fair: with B samples and N GPUs every chunk gets ⌈B/N⌉ samples, and the last chunk keeps whatever is left. For example, 10 samples on 3 GPUs become 4, 4, 2 — not 4, 3, 3.',
      },
      {
        kind: 'text',
        text: 'Sometimes the chunks run out before the GPUs do. 10 samples on 8 GPUs make five chunks of 2, so GPUs 5–7 get nothing and sit idle for the whole step.',
      },
    ],
    task: {
      predict: SPLIT_PREDICTION,
      instruction: `Move the GPUs slider to ${SPLIT_TARGET_GPUS} and watch how the samples are split.`,
      control: 'gpus-slider',
      isDone: (state) => state.gpus === SPLIT_TARGET_GPUS,
      doneText: (state) => `Done — ${splitSentence(state)}.`,
    },
  },
  {
    id: 'replicate',
    title: 'Stage 1: copying the model',
    highlight: ['playback', 'stage'],
    setup: { gpus: 4, batch: 10, phase: 'scatter' },
    blocks: [
      {
        kind: 'text',
        text: 'To work on its chunk, each GPU needs the model too. In the Replicate phase, DataParallel gives every GPU that received a chunk a replica of the model, built from the weights on GPU 0.',
      },
      {
        kind: 'text',
        text: 'These copies do not last: they are made again at the start of every forward call, and once backward has used them they are gone. Keep that in mind for stage 4.',
      },
    ],
    reveal: [
      {
        kind: 'text',
        text: "GPU 0's replica is a new module object that uses the original parameters' storage, so nothing is copied for it; an idle GPU gets no copy at all.",
      },
    ],
    task: {
      predict: REPLICATE_PREDICTION,
      instruction: 'Press Next phase to go from Scatter to Replicate.',
      control: 'next-phase',
      isDone: (state, start) => reached(state, start, 'replicate'),
      doneText: replicateDone,
    },
  },
  {
    id: 'parallel-compute',
    title: 'Stage 2: computing in parallel',
    highlight: ['stage', 'playback'],
    setup: { gpus: 4, batch: 10, phase: 'replicate' },
    blocks: [
      {
        kind: 'text',
        text: 'Forward: every GPU runs its own replica on its own chunk. The replicas do not need each other, so they can all work at the same time.',
      },
      {
        kind: 'text',
        text: 'Backward: when you call `loss.backward()`, each GPU computes the gradients for its own chunk through its own replica, again without waiting for the others. Backward comes after the outputs have been collected and the loss computed, so you will meet it a few phases later.',
      },
    ],
    task: {
      predict: FORWARD_PREDICTION,
      instruction: 'Press Next phase until the Forward phase runs.',
      control: 'next-phase',
      isDone: (state, start) => reached(state, start, 'forward'),
      doneText: forwardDone,
    },
  },
  {
    id: 'aggregate',
    title: 'Stage 3: collecting the results',
    highlight: ['stage', 'narration'],
    setup: { gpus: 4, batch: 10, phase: 'forward' },
    blocks: [
      {
        kind: 'text',
        text: "Gather: after the forward pass, GPU 0 collects every replica's output and joins them along the batch dimension, in chunk order. Row i of the result belongs to sample i of your batch, exactly as if one GPU had done all the work, so the Loss can be computed on GPU 0 as usual.",
      },
      {
        kind: 'text',
        text: 'Reduce-add: after Backward, every replica holds gradients for its own chunk. DataParallel adds them up onto GPU 0, into the `.grad` of the original weights.',
      },
    ],
    reveal: [
      {
        kind: 'text',
        text: "They are summed, not averaged — nothing is divided by the number of GPUs. The result is still the one-GPU gradient because the loss is a mean over the whole batch: each chunk's gradient already carries its share.",
      },
    ],
    task: {
      predict: GRADIENT_PREDICTION,
      instruction: 'Press Next phase until the gradients are summed (Reduce-add).',
      control: 'next-phase',
      isDone: (state, start) => reached(state, start, 'reduce-add'),
      doneText: reduceAddDone,
    },
  },
  {
    id: 'synchronize',
    title: 'Stage 4: keeping the weights in sync',
    highlight: ['stage', 'playback'],
    setup: { gpus: 4, batch: 10, phase: 'reduce-add' },
    blocks: [
      {
        kind: 'text',
        text: 'Optimizer step: `optimizer.step()` updates the original weights on GPU 0, the only ones with a `.grad`. State such as momentum lives only on GPU 0 as well.',
      },
    ],
    reveal: [
      {
        kind: 'text',
        text: "Many tutorials say the updated weights are then broadcast to the other GPUs. In PyTorch nothing is sent at that moment. The other GPUs receive the new weights at the next forward call, when Replicate copies GPU 0's model again — that copy is the broadcast.",
      },
    ],
    task: {
      predict: SYNC_PREDICTION,
      instruction:
        "Press Next phase through the Optimizer step and into the next step, until that step's Replicate.",
      control: 'next-phase',
      isDone: (state, start) => state.step > start.step && state.phase !== 'scatter',
      doneText: (state) =>
        `Done — this is the next step's Replicate: the weights GPU 0 just updated are copied to ${formatGpus(busyGpus(state).slice(1))}. That is the broadcast.`,
    },
  },
];
