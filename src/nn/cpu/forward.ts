/**
 * The MLP's forward pass on the CPU: the reference every GPU kernel is compared with.
 */
import { type LayerSlot, type ModelSpec, paramLayout } from '../spec';
import { denseForward } from './dense';

/**
 * What a forward pass keeps for backward.
 * `activations[0]` is the input (`rows × layers[0]`); `activations[l]` (l ≥ 1) is hidden layer l's
 * output after its activation (`rows × layers[l]`); `logits` is the last layer's output with no
 * activation (`rows × classes`).
 */
export type ForwardPass = { activations: Float32Array[]; logits: Float32Array };

/**
 * Forward into caller-owned arrays (no allocation): `activations[0]` must hold the input, and
 * `activations[1..]` and `logits` must each be at least `rows × width` long.
 */
export function forwardInto(
  spec: ModelSpec,
  slots: readonly LayerSlot[],
  params: Float32Array,
  activations: readonly Float32Array[],
  logits: Float32Array,
  rows: number,
): void {
  const last = slots.length - 1;
  for (let l = 0; l <= last; l++) {
    const slot = slots[l];
    const x = activations[l];
    const y = l === last ? logits : activations[l + 1];
    if (slot === undefined || x === undefined || y === undefined) {
      throw new RangeError(`forward: no buffer for layer ${l}`);
    }
    denseForward(params, slot, l === last ? 'none' : spec.activation, x, rows, y);
  }
}

/**
 * The forward pass of `rows` inputs `x` (`rows × layers[0]`, row-major) through the model with
 * parameters `params` (flat layout of `paramLayout(spec)`).
 * @throws RangeError when `x` or `params` is too short for the model.
 */
export function forward(spec: ModelSpec, params: Float32Array, x: Float32Array, rows: number): ForwardPass {
  const { slots, count } = paramLayout(spec);
  const { layers } = spec;
  if (params.length < count) {
    throw new RangeError(`forward: ${count} parameters needed, got ${params.length}`);
  }
  const inputWidth = layers[0] as number;
  if (x.length < rows * inputWidth) {
    throw new RangeError(`forward: ${rows} rows need ${rows * inputWidth} inputs`);
  }
  const activations = [x.subarray(0, rows * inputWidth)];
  for (let l = 1; l + 1 < layers.length; l++) {
    activations.push(new Float32Array(rows * (layers[l] as number)));
  }
  const logits = new Float32Array(rows * (layers[layers.length - 1] as number));
  forwardInto(spec, slots, params, activations, logits, rows);
  return { activations, logits };
}
