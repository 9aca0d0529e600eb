/**
 * How much work one piece of an MLP training step is: floating-point operations, bytes, and how many
 * kernels eager PyTorch launches for it. Everything is derived from the flat parameter layout, so the
 * tiny playground model and a "large" model of the same shape are costed by the same rules.
 */
import type { ParamLayout } from '../nn/spec';

/** Bytes of one f32 value: parameters, activations and gradients. */
export const F32_BYTES = 4;
/** Bytes of one class index: PyTorch's cross-entropy takes int64 targets. */
export const TARGET_BYTES = 8;

/** Sum over layers of in × out: the multiply-adds of one row through every weight matrix. */
function weightProducts(layout: ParamLayout): number {
  let total = 0;
  for (const slot of layout.slots) total += slot.in * slot.out;
  return total;
}

/** Widths of the hidden layers (every layer output but the last). */
function hiddenWidths(layout: ParamLayout): number[] {
  return layout.slots.slice(0, -1).map((slot) => slot.out);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** FLOPs of the forward pass for `rows` samples: matmuls (2 per multiply-add), biases, activations. */
export function forwardFlops(layout: ParamLayout, rows: number): number {
  const biases = sum(layout.slots.map((slot) => slot.out));
  return rows * (2 * weightProducts(layout) + biases + sum(hiddenWidths(layout)));
}

/**
 * FLOPs of layer `l`'s backward for `rows` samples: its weight gradient, its input gradient (not for
 * the first layer: the data needs none), its bias sum, and the derivative of the activation feeding
 * it (hidden layers only).
 */
export function layerBackwardFlops(layout: ParamLayout, l: number, rows: number): number {
  const slot = layout.slots[l];
  if (!slot) return 0;
  const products = slot.in * slot.out;
  const inputGradient = l > 0 ? 2 * products + slot.in : 0;
  return rows * (2 * products + inputGradient + slot.out);
}

/** Kernels of layer `l`'s backward: weight-gradient matmul, bias sum, and for all but the first layer
 * an input-gradient matmul and the activation derivative before it. */
export function layerBackwardKernels(l: number): number {
  return l > 0 ? 4 : 2;
}

/** FLOPs of the whole backward pass for `rows` samples. */
export function backwardFlops(layout: ParamLayout, rows: number): number {
  return sum(layout.slots.map((_, l) => layerBackwardFlops(layout, l, rows)));
}

/** FLOPs of cross-entropy (log-softmax + negative log-likelihood) over `rows` × `classes` scores. */
export function lossFlops(rows: number, classes: number): number {
  return 5 * rows * classes;
}

/**
 * Bytes one replica keeps for backward after its forward on `rows` samples: each hidden layer's
 * activation output and the final scores. (Linear saves its input, which is the previous activation;
 * the chunk of input rows is counted separately.)
 */
export function activationBytes(layout: ParamLayout, rows: number): number {
  const last = layout.slots[layout.slots.length - 1];
  return rows * F32_BYTES * (sum(hiddenWidths(layout)) + (last ? last.out : 0));
}

/** Kernels eager PyTorch launches for one forward: one addmm per layer, one activation per hidden layer. */
export function forwardKernels(layout: ParamLayout): number {
  return 2 * layout.slots.length - 1;
}

/** Kernels for one backward through the MLP. */
export function backwardKernels(layout: ParamLayout): number {
  return sum(layout.slots.map((_, l) => layerBackwardKernels(l)));
}

/** Kernels of cross-entropy, forward (log-softmax, nll) and backward (their two gradients). */
export const LOSS_KERNELS = 2;

export type OptimizerKind = 'sgd' | 'momentum' | 'adam';

/** Extra f32 values the optimizer keeps per parameter: none for SGD, a velocity, or Adam's two moments. */
export function optimizerStateSlots(kind: OptimizerKind): number {
  return { sgd: 0, momentum: 1, adam: 2 }[kind];
}

/**
 * The work of one optimizer step over `params` values with PyTorch's default multi-tensor (foreach)
 * implementation: a few kernels cover every parameter, and the step is memory-bound.
 */
export function optimizerWork(
  kind: OptimizerKind,
  params: number,
): { flops: number; bytes: number; kernels: number } {
  // Per parameter: values read and written (p, g, state) and arithmetic of the update rule.
  const perParam = {
    sgd: { flops: 2, values: 3, kernels: 1 },
    momentum: { flops: 4, values: 5, kernels: 2 },
    adam: { flops: 12, values: 7, kernels: 6 },
  }[kind];
  return {
    flops: perParam.flops * params,
    bytes: perParam.values * params * F32_BYTES,
    kernels: perParam.kernels,
  };
}
