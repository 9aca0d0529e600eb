import { OUTPUTS_PREDICTION } from './lessonPredictions';
import type { Lesson } from './lessonTypes';

/** Lessons 1–2: what the tutorial teaches, and how a model is wrapped. */
export const INTRO_LESSONS: readonly Lesson[] = [
  {
    id: 'overview',
    title: 'Training on several GPUs',
    highlight: ['stage'],
    blocks: [
      {
        kind: 'text',
        text: 'Out of the box, PyTorch trains a model on a single GPU, even when the machine has more. `nn.DataParallel` is the shortest way to put all of them to work: it shares every batch among the GPUs, lets them compute at the same time, and collects the results.',
      },
      {
        kind: 'text',
        text: 'This page does it for real. A small classifier trains in your browser on one graphics adapter carved into as many as 8 logical GPUs, and the stage shows each phase of every training step as it happens.',
      },
      { kind: 'text', text: 'By the end of this tutorial you will be able to:' },
      {
        kind: 'list',
        items: [
          'wrap a model so that it trains on every GPU of one machine;',
          'follow one training step through its four stages: splitting the input, computing in parallel, collecting the results and keeping the weights in sync;',
          'say where DataParallel falls short, and what PyTorch recommends instead.',
        ],
      },
      {
        kind: 'text',
        text: 'The tutorial takes about 15 minutes and the exercises below about 10. Move with Next and Back. Some lessons ask you to do something on the page first; Next opens once you have.',
      },
    ],
  },
  {
    id: 'wrap-model',
    title: 'Wrapping a model',
    highlight: ['gpus-slider', 'code'],
    setup: { gpus: 1, batch: 10, phase: 'scatter' },
    blocks: [
      {
        kind: 'text',
        text: 'To use more than one GPU, wrap the model in `nn.DataParallel` when there is more than one, and then move it to the GPU as usual:',
      },
      {
        kind: 'code',
        code: 'device = torch.device("cuda:0")\nif torch.cuda.device_count() > 1:\n    model = nn.DataParallel(model)\nmodel.to(device)',
      },
      {
        kind: 'text',
        text: 'Nothing else in your training loop changes: you still call `model(x)`, compute the loss and call `loss.backward()`. Behind that one call, DataParallel shares the batch among the GPUs.',
      },
      {
        kind: 'text',
        text: 'The `if` is there because with a single GPU there is nothing to share. Even a wrapped model, given one GPU, simply runs the network as it is. The playground starts like a one-GPU machine.',
      },
    ],
    task: {
      predict: OUTPUTS_PREDICTION,
      instruction: 'Move the GPUs slider to 2 or more, as if torch.cuda.device_count() had found more GPUs.',
      control: 'gpus-slider',
      isDone: (state) => state.gpus >= 2,
      doneText: (state) =>
        `Done — ${state.gpus} GPUs. device_count() > 1 is now true, so the model gets wrapped and each batch is shared among the GPUs.`,
    },
  },
];
