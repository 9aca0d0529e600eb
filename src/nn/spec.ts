/**
 * The model and optimizer as plain data, and where each parameter lives in the flat parameter vector.
 *
 * Every engine (CPU reference, WebGPU) stores one replica's parameters as ONE flat Float32Array in this
 * layout, layer after layer: the weight matrix W (out × in, row-major: W[o * in + i]) then the bias b
 * (out). Gradients and optimizer state use the same layout, so "parameter k" means the same thing
 * everywhere — in the trace, in the reduce-add view and in the exercises.
 */

export type Activation = 'relu' | 'tanh';

/** An MLP: `layers` are the widths from input to output, e.g. [2, 16, 16, 2]. */
export type ModelSpec = { layers: readonly number[]; activation: Activation };

export type OptimizerSpec =
  | { kind: 'sgd'; lr: number }
  | { kind: 'momentum'; lr: number; momentum: number }
  | { kind: 'adam'; lr: number; beta1: number; beta2: number; eps: number };

/** Where one layer's parameters sit in the flat vector. */
export type LayerSlot = {
  /** Input width. */
  in: number;
  /** Output width. */
  out: number;
  /** Offset of W (out × in, row-major). */
  weight: number;
  /** Offset of b (out). */
  bias: number;
};

export type ParamLayout = { slots: LayerSlot[]; count: number };

/**
 * The flat layout of a model's parameters.
 * @throws RangeError for fewer than two layers or a width that is not a positive integer.
 */
export function paramLayout(spec: ModelSpec): ParamLayout {
  const { layers } = spec;
  if (layers.length < 2) throw new RangeError('a model needs at least an input and an output layer');
  for (const width of layers) {
    if (!Number.isInteger(width) || width < 1) {
      throw new RangeError(`every layer needs a positive integer width, got ${String(width)}`);
    }
  }
  const slots: LayerSlot[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const inWidth = layers[l] as number;
    const outWidth = layers[l + 1] as number;
    slots.push({ in: inWidth, out: outWidth, weight: offset, bias: offset + inWidth * outWidth });
    offset += inWidth * outWidth + outWidth;
  }
  return { slots, count: offset };
}

/** A readable name for parameter k, e.g. "layer 1 weight [3, 0]" (PyTorch-style `fc1.weight[3, 0]`). */
export function paramName(layout: ParamLayout, k: number): string {
  for (const [l, slot] of layout.slots.entries()) {
    if (k >= slot.weight && k < slot.bias) {
      const local = k - slot.weight;
      return `layers.${l}.weight[${Math.floor(local / slot.in)}, ${local % slot.in}]`;
    }
    if (k >= slot.bias && k < slot.bias + slot.out) return `layers.${l}.bias[${k - slot.bias}]`;
  }
  throw new RangeError(`parameter ${k} is outside a model of ${layout.count} parameters`);
}

/**
 * An optimizer with PyTorch's defaults for everything but the learning rate (Adam: β = 0.9, 0.999,
 * eps = 1e-8); the page's momentum is the customary 0.9, as PyTorch has no default for it.
 */
export function optimizerSpec(kind: OptimizerSpec['kind'], lr: number): OptimizerSpec {
  if (kind === 'adam') return { kind, lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  if (kind === 'momentum') return { kind, lr, momentum: 0.9 };
  return { kind, lr };
}
