/**
 * Class probabilities for arbitrary inputs: what a decision-boundary plot or a digit grid needs.
 */
import type { ModelSpec } from '../spec';
import { forward } from './forward';
import { softmaxInto } from './loss';

/** Softmax probabilities `rows × classes` of the model on `x` (`rows × layers[0]`). */
export function predictProbabilities(
  spec: ModelSpec,
  params: Float32Array,
  x: Float32Array,
  rows: number,
): Float32Array {
  const { logits } = forward(spec, params, x, rows);
  softmaxInto(logits, rows, spec.layers[spec.layers.length - 1] as number, logits);
  return logits;
}

/** The most probable class of each row of `rows × classes` scores (first one on a tie). */
export function argmaxRows(scores: Float32Array, rows: number, classes: number): Uint32Array {
  const out = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) {
      if ((scores[r * classes + c] as number) > (scores[r * classes + best] as number)) best = c;
    }
    out[r] = best;
  }
  return out;
}
