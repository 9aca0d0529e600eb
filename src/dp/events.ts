/**
 * Which events one DataParallel step consists of — PyTorch's semantics, before any timing. Every rule
 * here is a line of `torch/nn/parallel`: scatter first, then replicate onto the busy GPUs, one forward
 * per replica, gather onto GPU 0 in chunk order, the loss on GPU 0, gather's backward splitting the
 * output gradient with the same chunk sizes, broadcast's backward summing the gradients onto GPU 0, and
 * an optimizer step that touches GPU 0 only. Idle GPUs get no events.
 */
import {
  backwardFlops,
  backwardKernels,
  F32_BYTES,
  forwardFlops,
  forwardKernels,
  LOSS_KERNELS,
  lossFlops,
  optimizerWork,
  TARGET_BYTES,
} from '../cost/work';
import { type ModelSpec, paramLayout } from '../nn/spec';
import type { RowRange } from './chunk';
import type { EventDraft, Lane } from './event';
import type { Phase } from './phase';
import type { StepPlan } from './plan';

type Draft = EventDraft<Phase>;

const SINGLE: Lane = { stage: 0, stages: 1, order: 0, staggered: false };

function lane(order: number, staggered: boolean, stage = 0, stages = 1): Lane {
  return { stage, stages, order, staggered };
}

/** Python's slice notation for a row range, e.g. `input[4:8]`. */
function slice(name: string, range: RowRange): string {
  return `${name}[${range.start}:${range.end}]`;
}

function rowsOf(range: RowRange): [number, number] {
  return [range.start, range.end];
}

/** A model's parameter tensors by their PyTorch names, in definition order. */
export function parameterNames(model: ModelSpec): string[] {
  return paramLayout(model).slots.flatMap((_, l) => [`layers.${l}.weight`, `layers.${l}.bias`]);
}

function skipped(phase: Phase): Draft {
  return {
    id: `${phase}:skipped`,
    phase,
    kind: 'skipped',
    device: 0,
    tensors: [],
    bytes: 0,
    kernels: 0,
    lane: SINGLE,
  };
}

function scatter(plan: StepPlan): Draft[] {
  const inside = plan.lossPlacement === 'inside-forward';
  return plan.chunks.map((range): Draft => {
    const rows = range.end - range.start;
    // With the loss inside forward, the targets are a forward argument and are scattered too.
    const tensors = inside ? [slice('input', range), slice('target', range)] : [slice('input', range)];
    const bytes = rows * (plan.features * F32_BYTES + (inside ? TARGET_BYTES : 0));
    const base = {
      id: `scatter:gpu${range.device}`,
      phase: 'scatter' as const,
      device: range.device,
      rows: rowsOf(range),
      tensors,
      bytes,
      kernels: 0,
    };
    const place = lane(range.device, true);
    return range.device === 0
      ? { ...base, kind: 'in-place', lane: place }
      : { ...base, kind: 'transfer', peer: 0, kernels: 1, lane: place };
  });
}

function replicate(plan: StepPlan): Draft[] {
  const tensors = parameterNames(plan.model);
  return plan.chunks.map(({ device }): Draft => {
    const base = {
      id: `replicate:gpu${device}`,
      phase: 'replicate' as const,
      device,
      tensors,
      bytes: plan.parameterBytes,
      lane: lane(device, true),
    };
    // Replica 0's parameters are the originals themselves; the others are fresh copies.
    return device === 0
      ? { ...base, kind: 'in-place', kernels: 0 }
      : { ...base, kind: 'transfer', peer: 0, kernels: 1 };
  });
}

function forward(plan: StepPlan): Draft[] {
  const layout = paramLayout(plan.model);
  const inside = plan.lossPlacement === 'inside-forward';
  return plan.chunks.map((range): Draft => {
    const rows = range.end - range.start;
    const tensors = inside
      ? [slice('output', range), `loss (replica ${range.device})`]
      : [slice('output', range)];
    return {
      id: `forward:gpu${range.device}`,
      phase: 'forward',
      kind: 'compute',
      device: range.device,
      rows: rowsOf(range),
      tensors,
      bytes: rows * plan.classes * F32_BYTES,
      flops: forwardFlops(layout, rows) + (inside ? lossFlops(rows, plan.classes) : 0),
      kernels: forwardKernels(layout) + (inside ? LOSS_KERNELS : 0),
      // One Python thread per replica, all under one GIL: they start one after another.
      lane: lane(range.device, !plan.shortcut),
    };
  });
}

function gather(plan: StepPlan): Draft[] {
  const inside = plan.lossPlacement === 'inside-forward';
  return plan.chunks.map((range): Draft => {
    const tensors = [inside ? `loss (replica ${range.device})` : slice('output', range)];
    const bytes = inside ? F32_BYTES : (range.end - range.start) * plan.classes * F32_BYTES;
    const base = {
      id: `gather:gpu${range.device}`,
      phase: 'gather' as const,
      device: 0,
      rows: rowsOf(range),
      tensors,
      bytes,
      kernels: 1,
      lane: lane(range.device, true),
    };
    return range.device === 0
      ? { ...base, kind: 'in-place' }
      : { ...base, kind: 'transfer', peer: range.device };
  });
}

function loss(plan: StepPlan): Draft {
  const inside = plan.lossPlacement === 'inside-forward';
  return {
    id: 'loss:gpu0',
    phase: 'loss',
    kind: 'compute',
    device: 0,
    rows: [0, plan.batch],
    tensors: ['loss'],
    bytes: F32_BYTES,
    flops: inside ? plan.replicas : lossFlops(plan.batch, plan.classes),
    kernels: inside ? 1 : LOSS_KERNELS,
    lane: SINGLE,
  };
}

function backward(plan: StepPlan): Draft[] {
  const layout = paramLayout(plan.model);
  const inside = plan.lossPlacement === 'inside-forward';
  const stages = plan.shortcut ? 1 : 2;
  const slices: Draft[] = plan.shortcut
    ? []
    : plan.chunks.map((range): Draft => {
        const tensors = [
          inside ? `grad of loss (replica ${range.device})` : `grad ${slice('output', range)}`,
        ];
        const bytes = inside ? F32_BYTES : (range.end - range.start) * plan.classes * F32_BYTES;
        const base = {
          id: `backward:slice:gpu${range.device}`,
          phase: 'backward' as const,
          device: range.device,
          rows: rowsOf(range),
          tensors,
          bytes,
          kernels: 0,
          lane: lane(range.device, true, 0, stages),
        };
        return range.device === 0
          ? { ...base, kind: 'in-place' }
          : { ...base, kind: 'transfer', peer: 0, kernels: 1 };
      });
  const passes: Draft[] = plan.chunks.map((range) => {
    const rows = range.end - range.start;
    return {
      id: `backward:gpu${range.device}`,
      phase: 'backward',
      kind: 'compute',
      device: range.device,
      rows: rowsOf(range),
      tensors: [plan.shortcut ? 'parameter .grad' : `replica ${range.device} gradients`],
      bytes: plan.parameterBytes,
      flops: backwardFlops(layout, rows) + (inside || plan.shortcut ? lossFlops(rows, plan.classes) : 0),
      kernels: backwardKernels(layout),
      // Autograd runs each device's backward on its own C++ thread, outside the GIL: no stagger.
      lane: lane(range.device, false, stages - 1, stages),
    };
  });
  return [...slices, ...passes];
}

function reduceAdd(plan: StepPlan): Draft[] {
  return plan.chunks.map(({ device }): Draft => {
    const tensors = [`replica ${device} gradients`];
    const base = {
      id: `reduce-add:gpu${device}`,
      phase: 'reduce-add' as const,
      device: 0,
      tensors,
      bytes: plan.parameterBytes,
      kernels: 1,
      lane: lane(device, false),
    };
    return device === 0 ? { ...base, kind: 'in-place' } : { ...base, kind: 'transfer', peer: device };
  });
}

function optimizerStep(plan: StepPlan): Draft {
  const work = optimizerWork(plan.optimizer, plan.parameterCount);
  const state = { sgd: [], momentum: ['momentum_buffer'], adam: ['exp_avg', 'exp_avg_sq'] }[plan.optimizer];
  return {
    id: 'optimizer-step:gpu0',
    phase: 'optimizer-step',
    kind: 'compute',
    device: 0,
    tensors: ['parameters', '.grad', ...state],
    bytes: plan.parameterBytes,
    flops: work.flops,
    kernels: work.kernels,
    lane: SINGLE,
  };
}

/** The events of one DataParallel step, in phase order; within a phase, in device order. */
export function stepEventDrafts(plan: StepPlan): Draft[] {
  return [
    ...scatter(plan),
    ...(plan.shortcut ? [skipped('replicate')] : replicate(plan)),
    ...forward(plan),
    ...(plan.shortcut ? [skipped('gather')] : gather(plan)),
    loss(plan),
    ...backward(plan),
    ...(plan.shortcut ? [skipped('reduce-add')] : reduceAdd(plan)),
    optimizerStep(plan),
  ];
}
