/**
 * The MLP's backward pass on the CPU: the gradient of every parameter, in the flat layout.
 */
import { type LayerSlot, type ModelSpec, paramLayout } from '../spec';
import { denseBackward, type TransposeScratch } from './dense';
import type { ForwardPass } from './forward';

/** Scratch a backward pass needs: two arrays the layers' deltas ping-pong between, and transposes. */
export type BackwardScratch = { deltaA: Float32Array; deltaB: Float32Array; transposed: TransposeScratch };

/** Allocate the scratch `backwardInto` needs for up to `rows` rows (done once, outside any step). */
export function createBackwardScratch(spec: ModelSpec, rows: number): BackwardScratch {
  const { slots } = paramLayout(spec);
  const widestHidden = Math.max(1, ...spec.layers.slice(1, -1));
  const widestIn = Math.max(...slots.map((s) => s.in));
  const widestOut = Math.max(...slots.map((s) => s.out));
  const largest = Math.max(...slots.map((s) => s.in * s.out));
  return {
    deltaA: new Float32Array(rows * widestHidden),
    deltaB: new Float32Array(rows * widestHidden),
    transposed: {
      x: new Float32Array(rows * widestIn),
      dy: new Float32Array(rows * widestOut),
      weight: new Float32Array(largest),
    },
  };
}

/**
 * Backward into caller-owned arrays (no allocation): the layers' deltas ping-pong between the two
 * scratch delta arrays, and `grad` is fully overwritten.
 */
export function backwardInto(
  spec: ModelSpec,
  slots: readonly LayerSlot[],
  params: Float32Array,
  activations: readonly Float32Array[],
  dlogits: Float32Array,
  rows: number,
  grad: Float32Array,
  scratch: BackwardScratch,
): void {
  const { deltaA, deltaB, transposed } = scratch;
  let dy = dlogits;
  for (let l = slots.length - 1; l >= 0; l--) {
    const slot = slots[l];
    const x = activations[l];
    if (slot === undefined || x === undefined) throw new RangeError(`backward: no buffer for layer ${l}`);
    // Nothing sits below the input layer, so its dx would be thrown away: skip computing it.
    const dx = l === 0 ? null : dy === deltaA ? deltaB : deltaA;
    denseBackward(params, slot, x, dy, rows, grad, dx, l === 0 ? 'none' : spec.activation, transposed);
    if (dx !== null) dy = dx;
  }
}

/**
 * The gradient of the loss with respect to every parameter, given the forward pass and `dlogits`
 * (∂loss/∂logits, `rows × classes`, already scaled — e.g. by 1/rows for a mean loss).
 * ReLU's derivative at 0 is 0, as in PyTorch.
 */
export function backward(
  spec: ModelSpec,
  params: Float32Array,
  pass: ForwardPass,
  dlogits: Float32Array,
  rows: number,
): Float32Array {
  const { slots, count } = paramLayout(spec);
  const grad = new Float32Array(count);
  backwardInto(spec, slots, params, pass.activations, dlogits, rows, grad, createBackwardScratch(spec, rows));
  return grad;
}
