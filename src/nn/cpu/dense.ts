/**
 * The two kernels of a fully connected layer, on flat Float32Arrays with no allocation: what the
 * reference functions and the CPU engine's per-step path both call.
 *
 * Both reduce to `matmulTransposed`, whose sums are float64 and rounded to float32 once per entry, so
 * the reference is as exact as float32 storage allows — it is the oracle the GPU kernels are
 * measured against.
 */
import type { Activation, LayerSlot } from '../spec';
import { matmulTransposed, transpose } from './matmul';

/** What follows the affine map: nothing (the output layer) or the model's activation. */
export type DenseActivation = Activation | 'none';

/**
 * Scratch for bringing a layer's backward products into `A · Bᵀ` form: transposes of the input
 * (`in × rows`), of the output gradient (`out × rows`) and of the weights (`in × out`).
 */
export type TransposeScratch = { x: Float32Array; dy: Float32Array; weight: Float32Array };

/**
 * `y = act(x · Wᵀ + b)` for `rows` rows, W and b read from `params` at the slot's offsets
 * (W is out × in, PyTorch's `nn.Linear` layout), x is `rows × in`, y is `rows × out`.
 */
export function denseForward(
  params: Float32Array,
  slot: LayerSlot,
  activation: DenseActivation,
  x: Float32Array,
  rows: number,
  y: Float32Array,
): void {
  const m = slot.out;
  const b0 = slot.bias;
  matmulTransposed(x, 0, params, slot.weight, rows, m, slot.in, y, 0);
  for (let r = 0; r < rows; r++) {
    const yr = r * m;
    for (let o = 0; o < m; o++) {
      const z = (y[yr + o] as number) + (params[b0 + o] as number);
      // Math.max lets a NaN through, as torch.relu does, so divergence stays visible.
      y[yr + o] = activation === 'relu' ? Math.max(z, 0) : activation === 'tanh' ? Math.tanh(z) : z;
    }
  }
}

/**
 * Backward through one layer, given `dy` = ∂loss/∂(its pre-activation output), `rows × out`.
 *
 * Writes (not accumulates) the weight and bias gradients into `grad` at the slot's offsets. When `dx`
 * is given it receives ∂loss/∂(the layer below's pre-activation): `dy · W`, times the derivative of the
 * activation that produced `x` — read from `x` itself (ReLU: 1 where x > 0, so ReLU'(0) = 0; tanh:
 * 1 − x²).
 */
export function denseBackward(
  params: Float32Array,
  slot: LayerSlot,
  x: Float32Array,
  dy: Float32Array,
  rows: number,
  grad: Float32Array,
  dx: Float32Array | null,
  inputActivation: DenseActivation,
  scratch: TransposeScratch,
): void {
  const n = slot.in;
  const m = slot.out;
  // ∂W[o, i] = Σ_r dy[r, o] · x[r, i]: rows of dyᵀ against rows of xᵀ.
  transpose(dy, 0, rows, m, scratch.dy);
  transpose(x, 0, rows, n, scratch.x);
  matmulTransposed(scratch.dy, 0, scratch.x, 0, m, n, rows, grad, slot.weight);
  for (let o = 0; o < m; o++) {
    const base = o * rows;
    let s = 0;
    for (let r = 0; r < rows; r++) s += scratch.dy[base + r] as number;
    grad[slot.bias + o] = s;
  }
  if (dx === null) return;
  // ∂x[r, i] = Σ_o dy[r, o] · W[o, i]: rows of dy against rows of Wᵀ.
  transpose(params, slot.weight, m, n, scratch.weight);
  matmulTransposed(dy, 0, scratch.weight, 0, rows, n, m, dx, 0);
  const len = rows * n;
  if (inputActivation === 'relu') {
    for (let k = 0; k < len; k++) if (!((x[k] as number) > 0)) dx[k] = 0;
  } else if (inputActivation === 'tanh') {
    for (let k = 0; k < len; k++) {
      const xk = x[k] as number;
      dx[k] = (dx[k] as number) * (1 - xk * xk);
    }
  }
}
