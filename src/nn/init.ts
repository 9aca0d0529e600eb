/**
 * The one initialiser every engine uses: the CPU engine starts from it and the WebGPU engine uploads
 * it, so the same seed gives bit-identical starting weights everywhere.
 */
import { seededRandom } from '../random/seeded';
import { type ModelSpec, paramLayout } from './spec';

/**
 * The half-width of the uniform range a layer's weights are drawn from.
 *
 * ReLU nets get He/Kaiming-uniform (`sqrt(6 / fanIn)`, PyTorch's `kaiming_uniform_(…, nonlinearity='relu')`),
 * which keeps the activations' variance steady through layers that zero half their inputs; tanh nets get
 * Glorot/Xavier-uniform with gain 1 (`sqrt(6 / (fanIn + fanOut))`).
 */
export function initBound(spec: ModelSpec, fanIn: number, fanOut: number): number {
  return spec.activation === 'relu' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
}

/**
 * Fresh parameters in the flat layout of `paramLayout(spec)`: every weight uniform in
 * `[−bound, bound)` (see {@link initBound}), drawn layer by layer in row-major order from
 * `seededRandom(seed)`, and every bias 0.
 */
export function initParams(spec: ModelSpec, seed: number): Float32Array {
  const layout = paramLayout(spec);
  const params = new Float32Array(layout.count);
  const random = seededRandom(seed);
  for (const slot of layout.slots) {
    const bound = initBound(spec, slot.in, slot.out);
    const end = slot.weight + slot.in * slot.out;
    for (let k = slot.weight; k < end; k++) params[k] = (2 * random.next() - 1) * bound;
  }
  return params;
}
