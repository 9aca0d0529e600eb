import { chunkSizes } from '../../src/dp/chunk';
import { formatValue } from '../../src/dp/ddpNarrateValues';
import { formatGpus, formatSizes, plural } from '../../src/dp/format';
import type { Store } from '../store/store';
import type { Lesson } from './lessonTypes';

/** The nvidia-smi lesson's reading of the settings right now, so it stays true as the slider moves. */
export function idleNow(state: Pick<Store, 'batch' | 'gpus'>): string {
  const sizes = chunkSizes(state.batch, state.gpus);
  const lead = `The nvidia-smi panel here shows the same table for the logical GPUs. Right now ${plural(state.batch, 'sample')} on ${formatGpuCount(state.gpus)} make ${sizes.length === 1 ? 'one chunk' : `${sizes.length} chunks`}`;
  const idle = Array.from({ length: state.gpus - sizes.length }, (_, i) => sizes.length + i);
  if (idle.length === 0) return `${lead}, so every GPU shows work.`;
  return `${lead}, so ${formatGpus(idle)} ${idle.length === 1 ? 'shows' : 'show'} no work at all.`;
}

function formatGpuCount(gpus: number): string {
  return `${gpus} GPU${gpus === 1 ? '' : 's'}`;
}

/** What the learner should compare, with the split the playground has now. */
function ddpComparison(state: Store): string {
  const sizes = chunkSizes(state.batch, state.gpus);
  const even = sizes.every((n) => n === sizes[0]);
  return even
    ? `With ${state.batch} samples on ${state.gpus} GPUs the chunks are equal (${formatSizes(sizes)}), so DDP's averaged gradient is DataParallel's full-batch gradient, up to rounding.`
    : `With ${state.batch} samples on ${state.gpus} GPUs the chunks are ${formatSizes(sizes)}: each rank's mean weighs its rows 1/(N·nᵢ), so the smaller chunk's rows count more than in DataParallel's full-batch mean. Real training avoids this with \`DistributedSampler\`, which gives every rank the same number of samples (padding if it must).`;
}

/** The confirmation, quoting the averaged gradient every rank holds and its gap to DataParallel's. */
function ddpDoneText(state: Store): string {
  const ddp = state.shown?.report.detail?.ddp;
  if (ddp === undefined) return 'Done — the run is in DDP mode.';
  return `Done — on ${ddp.ranks} ranks (chunks ${formatSizes(ddp.chunkSizes)}) every rank holds the same averaged gradient, ${formatValue(ddp.averagedGrads[0] ?? Number.NaN)}; DataParallel's gradient of the same batch is ${formatValue(ddp.fullBatchGrad)}, and the largest difference over all weights is ${formatValue(ddp.largestDifferenceFromFullBatch)}.`;
}

/** Lessons 12–15: where the parameters live, nvidia-smi, what to use instead, and the key points. */
export const CLOSING_LESSONS: readonly Lesson[] = [
  {
    id: 'parameters-device',
    title: 'Why the parameters say cuda:0',
    highlight: ['stage', 'code'],
    setup: { gpus: 4, batch: 10, phase: 'optimizer-step' },
    blocks: [
      {
        kind: 'text',
        text: "Print `next(model.parameters()).device` on a wrapped model and you get `cuda:0`, even while four GPUs are busy. That is not a bug. The original parameters never leave the primary GPU (the first of `device_ids`, GPU 0 by default); the copies on the other GPUs live for one step only (made in the forward call, gone after backward), and they are not the wrapper's parameters.",
      },
      {
        kind: 'text',
        text: 'The wrapper does not move parameters around. It spreads the input over the GPUs and collects the results, and the stage shows the optimizer step touching GPU 0 only.',
      },
      {
        kind: 'text',
        text: 'The wrapper keeps your network as `model.module`. Call your own methods through it, and expect `model.state_dict()` to put `module.` in front of every key. To save weights that a plain, unwrapped model can load, save `model.module.state_dict()`.',
      },
    ],
  },
  {
    id: 'nvidia-smi',
    title: 'Checking with nvidia-smi',
    highlight: ['nvidia-smi', 'gpus-slider'],
    setup: { gpus: 8, batch: 10, phase: 'forward' },
    blocks: [
      {
        kind: 'text',
        text: 'On a real machine, run `nvidia-smi` while training to check that the GPUs are used as you expect. Every GPU you meant to use should show memory in use and some utilisation; GPU 0 will show more memory than the rest.',
      },
      { kind: 'text', text: idleNow },
    ],
    task: {
      instruction: 'Lower the GPUs slider until no GPU is idle.',
      control: 'gpus-slider',
      isDone: (state) => state.gpus >= 2 && chunkSizes(state.batch, state.gpus).length === state.gpus,
      doneText: (state) =>
        `Done — ${state.batch} samples on ${state.gpus} GPUs split ${formatSizes(chunkSizes(state.batch, state.gpus))}, so every GPU has work.`,
    },
  },
  {
    id: 'ddp',
    title: 'What PyTorch recommends instead',
    highlight: ['mode', 'stage', 'code'],
    setup: { gpus: 3, batch: 10 },
    blocks: [
      {
        kind: 'text',
        text: "PyTorch's documentation recommends `DistributedDataParallel` (DDP) over DataParallel, even on a single machine. DataParallel still works and has not been removed, but DDP avoids its costs:",
      },
      {
        kind: 'list',
        items: [
          'one process per GPU, so no single Python process and no GIL to share;',
          'the weights are sent to every GPU once, when DDP is set up, not at every step;',
          'gradients are averaged across the GPUs by an all-reduce (for example NCCL’s ring), which overlaps with the backward pass;',
          'every process runs its own optimizer step on the same averaged gradients, so the copies stay identical;',
          'it works across several machines.',
        ],
      },
      {
        kind: 'text',
        text: 'The price is a little more setup: you start one process per GPU (for example with `torchrun`) and give each process its own share of the data with a `DistributedSampler`.',
      },
      {
        kind: 'text',
        text: 'Try it on this very run. The Mode switch trains the same model on the same batches with DDP: each GPU is a rank that loads its own chunk (no scatter, no gather), takes the mean loss of its own rows, and the ranks average their gradients with a ring all-reduce — press Next phase to watch each of its 2(N−1) rounds pass real partial sums around the ring.',
      },
      {
        kind: 'text',
        text: (state) => ddpComparison(state),
      },
    ],
    task: {
      instruction: 'Switch the Mode to DistributedDataParallel.',
      control: 'mode-switch',
      isDone: (state) => state.mode === 'ddp' && state.shown?.report.detail?.ddp !== undefined,
      doneText: (state) => ddpDoneText(state),
    },
  },
  {
    id: 'key-points',
    title: 'Key points',
    highlight: [],
    blocks: [
      {
        kind: 'list',
        items: [
          '`nn.DataParallel` trains one model on all the GPUs of one machine with a one-line change.',
          'Each step: Scatter the batch with `torch.chunk` (⌈B/N⌉ per GPU, the last chunk keeps the rest, some GPUs may idle), Replicate the model, Forward in parallel, Gather the outputs on GPU 0, compute the Loss, Backward in parallel, Reduce-add (sum) the gradients onto GPU 0, and run the Optimizer step on GPU 0.',
          "The updated weights reach the other GPUs at the next step's Replicate.",
          'GPU 0 does extra work and needs extra memory, and the per-step copies through it keep the speed-up far below the number of GPUs (the Scaling panel shows by how much).',
          'Training stays on a single machine; it cannot span several nodes. For that, and for speed, PyTorch recommends DistributedDataParallel.',
        ],
      },
      { kind: 'text', text: 'Now check what you learned: Start the exercises takes you to them.' },
    ],
  },
];
